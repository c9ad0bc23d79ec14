#pragma once

namespace Handoff::Limits {

// How long a value from a file or a command line may be. Every reader checks these while it
// reads, before it keeps anything, so that one runaway value costs neither memory nor time;
// the store checks names typed by hand against the same figures. README "Limits" states them.

// A contact's first or last name, a sender's, a campaign's. The longest personal names in
// real rosters stay well under a hundred characters, and a name has to fit a table column.
constexpr int MaxNameLength = 100;

// A message body. The longest concatenated SMS is 10 segments of 153 GSM characters, 1,530;
// gateways refuse more (Twilio's limit is 1,600 characters), so no real message is longer.
constexpr int MaxMessageBodyLength = 1600;

// A phone number as written, with its spaces, punctuation and an extension. Fifteen digits
// are all E.164 allows; anything longer is not a number and must not reach libphonenumber,
// whose parser is slow on long input.
constexpr int MaxPhoneLength = 40;

// One field of a CSV file: room for a long address or a page of notes.
constexpr int MaxFieldLength = 8192;

// A line of a file (for CSV, a record, with the line breaks inside its quoted fields; for
// JSON Lines, in bytes). A CSV record of many fields, or a JSON message with every escape
// a gateway writes, fits many times over.
constexpr int MaxLineLength = 64 * 1024;

// The columns of a contact file, and the length of one column's name in its header.
constexpr int MaxColumns = 500;
constexpr int MaxColumnNameLength = 200;

// A note on an action or a hold ("Ana's shift ended", "escalated to the organiser"): one
// line for the history, not a report.
constexpr int MaxNoteLength = 200;

// How far in the future a message may be dated: clocks of gateways and computers disagree
// by seconds or minutes, never by a day. Later than this, the date is wrong.
constexpr int MaxFutureSeconds = 24 * 60 * 60;

// The conversations of one hand-picked move (rows selected, dragged, or IDs given): each is
// looked up and checked on its own. More than this is a bulk or sender move's work.
constexpr int MaxSelection = 10000;

} // namespace Handoff::Limits
