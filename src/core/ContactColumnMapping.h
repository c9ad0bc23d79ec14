#pragma once

#include <QStringList>

namespace Handoff {

// Which column of a contact file holds each known field; -1 when none does. Every
// other column is kept as a custom field. detect() guesses from the header, and the
// import dialog lets the user correct the guess before the file is read.
struct ContactColumnMapping
{
    int firstName = -1;
    int lastName = -1;
    int phone = -1;
    int zip = -1;
    // Columns of a Spoke contact export (MoveOn's optedOut, texterFirst, …; Rewired's
    // contact[optOut], texter[firstName], …): whether the contact opted out, and the
    // texter the conversation is with. Never custom fields.
    int optOut = -1;
    int texterFirst = -1;
    int texterLast = -1;
    int texterEmail = -1;
    int texterCell = -1;
    int texterAlias = -1;

    // Matches header names ignoring case, spaces, underscores and hyphens, so "First
    // Name", "first_name" and "FIRSTNAME" are all the first name; Spoke Rewired's
    // "contact[firstName]" is read as "firstName". When two columns
    // match the same field the first one wins; the other stays a custom field.
    static ContactColumnMapping detect(const QStringList& header);

    // Whether column is one of the known fields rather than a custom one.
    bool isMapped(int column) const;
    // Whether the file names a texter for each contact (a Spoke export).
    bool hasTexter() const { return texterFirst >= 0 || texterLast >= 0 || texterEmail >= 0; }
    // A header name as a custom field keeps it: Rewired's "contact[external_id]" is "external_id".
    static QString customFieldName(const QString& header);

    bool operator==(const ContactColumnMapping& other) const;
    bool operator!=(const ContactColumnMapping& other) const { return !(*this == other); }
};

} // namespace Handoff
