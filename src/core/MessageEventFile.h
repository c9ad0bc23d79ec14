#pragma once

#include "core/ConversationStatus.h"
#include "core/RejectedLine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QVector>
#include <functional>

class QIODevice;

namespace Handoff {

// One message as a texting gateway reports it.
struct MessageEvent
{
    // The line of the file the event is on, 1-based.
    int line = 0;
    // E.164, as PhoneNormalizer writes it: the form contacts are stored in.
    QString phone;
    MessageDirection direction = MessageDirection::Outbound;
    QString body;
    // Always UTC.
    QDateTime at;
    // Empty when the gateway did not say, as for most inbound messages.
    QString sender;
    // The sender's e-mail, when the file gives it beside the name (Rewired's texter[email]).
    QString senderEmail;
    // The number an outbound message was sent from (Twilio's From, Spoke's user_number), in
    // E.164 when it is a phone number, as written otherwise; empty when the file does not
    // say. It tells the sender when the file names none.
    QString senderNumber;
    // The provider's own id of the message (Twilio's Sid), when the file has one: the same
    // id twice in a file is one message.
    QString providerId;
    // An outbound message the provider could not deliver (failed, undelivered): it is
    // reported, but no text got through, so it does not start the conversation.
    bool failed = false;
};

// Reads a gateway's JSON Lines export, one object per line:
//   {"phone":"+14152301001","direction":"out","body":"…","at":"2026-11-20T10:01:00Z","sender":"Ana"}
// The file is read a line at a time and events are handed over in batches, so an export of
// millions of messages never sits in memory whole; a pipe is read like a file. Blank
// lines are skipped. A line is rejected, with its line number and a reason, when it is
// longer than Limits::MaxLineLength bytes, not a JSON object, its phone is missing, has
// no country code or is not a number PhoneNormalizer takes (the rule contacts are
// imported by, so the store finds them), its direction is not "in" or "out", its "at" is
// not an ISO 8601 date and time with a zone (Z or an offset; converted to UTC) or is more
// than Limits::MaxFutureSeconds after Clock::nowUtc(), its body or sender is not a string,
// is longer than its limit or holds a NUL character.
class MessageEventFile
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::MessageEventFile)

public:
    static constexpr int DefaultBatchSize = 5000;

    using BatchSink = std::function<void(const QVector<MessageEvent>& batch)>;
    // totalBytes is -1 when the device cannot tell its size.
    using ProgressSink = std::function<void(qint64 bytesRead, qint64 totalBytes)>;

    // Reads one line (never blank; it ends with a line feed) into event, or says why it cannot.
    // The default reads Handoff's own format, above; other JSON Lines formats bring theirs.
    using LineParser = std::function<bool(const QByteArray& line, MessageEvent& event, QString& reason)>;

    void setProgressSink(const ProgressSink& sink);
    void setLineParser(const LineParser& parser);
    // Checked between lines: once it returns true, parse() stops where it is and returns
    // true with what it has read (a preview of the first rows, a cancelled import).
    void setStopCheck(const std::function<bool()>& stop);

    // Reads the whole device, to the end of its data, passing accepted events to batchSink
    // in file order, at most batchSize at a time. Returns false when the device cannot be
    // read; errorString() then says so.
    bool parse(QIODevice& device, const BatchSink& batchSink, int batchSize = DefaultBatchSize);

    // What the last parse() found.
    int acceptedCount() const { return m_acceptedCount; }
    QVector<RejectedLine> rejectedLines() const { return m_rejectedLines; }
    QString errorString() const { return m_errorString; }

private:
    ProgressSink m_progressSink;
    LineParser m_lineParser;
    std::function<bool()> m_stop;

    int m_acceptedCount = 0;
    QVector<RejectedLine> m_rejectedLines;
    QString m_errorString;
};

} // namespace Handoff
