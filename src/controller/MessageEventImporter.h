#pragma once

#include "core/MessageLogFormat.h"
#include "core/Outcome.h"
#include "core/RejectedLine.h"

#include <QObject>
#include <QStringList>
#include <QVector>

#include <atomic>

class QIODevice;

namespace Handoff {

class Database;
struct Campaign;

// A sender a file names who is not on the roster: their messages are recorded, since they
// were sent, but without a sender, and the user should know.
struct UnknownSender
{
    QString name;
    int messages = 0;
    QVector<int> firstLines; // the first few lines naming them
};

struct MessageEventReport
{
    int recorded = 0;
    int optedOut = 0;   // contacts this file opted out
    QVector<RejectedLine> rejected;
    QVector<UnknownSender> unknownSenders; // in the order the file first names them
    // Numbers outbound messages went out from that are no sender's texting number (name:
    // the number), in the order the file first has them: recorded without a sender.
    QVector<UnknownSender> unknownNumbers;
    // The format the file was read as (the one recognised, when it was left to Handoff).
    MessageLogFormat format = MessageLogFormat::Handoff;
    bool formatDetected = false;
    bool compressed = false;
    // Outbound messages the provider could not deliver: recorded, marked failed, but no
    // text got through, so they started no conversation and changed no status.
    int failed = 0;
    // Messages whose provider id came earlier in the file: the same message, once.
    int duplicates = 0;
    // Messages whose provider id the campaign already had, from an earlier import.
    int alreadyThere = 0;
    // Outbound messages recorded without a sender because the file names none and gives
    // no number they went out from.
    int withoutSender = 0;
    // Outbound messages attributed by the number they went out from.
    int byNumber = 0;
    // Dates written without a zone, read in zoneName.
    int zoneLessDates = 0;
    QString zoneName;
    // What the user should know beyond the counts, one sentence each (unknown senders).
    QStringList notes;
};

// Loads what a texting gateway or tool produced (any MessageLogFormat) into a campaign, so that real
// conversation history drives every status. One transaction for the file, run again
// when PostgreSQL chose it to break a deadlock.
class MessageEventImporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageEventImporter)

public:
    explicit MessageEventImporter(Database& db, QObject* parent = nullptr);

    Outcome<MessageEventReport> import(QIODevice& file, qint64 campaignId, const MessageLogOptions& options = {});
    Outcome<MessageEventReport> importFile(const QString& path, qint64 campaignId,
        const MessageLogOptions& options = {});

    // "Read as Twilio message log (CSV) (recognised from the file)."
    static QString formatSentence(const MessageEventReport& report);

    // Stops a running import from any thread (a progress dialog's Cancel): it then
    // fails and nothing of the file is recorded.
    void cancel();

signals:
    void progress(qint64 bytesRead, qint64 totalBytes);

private:
    Outcome<MessageEventReport> importOnce(QIODevice& device, const Campaign& campaign,
        const MessageLogOptions& options, bool* transient);

    Database& m_db;
    std::atomic<bool> m_cancelled{false};
};

} // namespace Handoff
