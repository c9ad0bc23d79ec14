#pragma once

#include "core/Outcome.h"
#include "core/RejectedLine.h"

#include <QObject>
#include <QStringList>
#include <QVector>

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
    // What the user should know beyond the counts, one sentence each (unknown senders).
    QStringList notes;
};

// Loads what a texting gateway produced (JSON Lines) into a campaign, so that real
// conversation history drives every status. One transaction for the file, run again
// when PostgreSQL chose it to break a deadlock.
class MessageEventImporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageEventImporter)

public:
    explicit MessageEventImporter(Database& db, QObject* parent = nullptr);

    Outcome<MessageEventReport> import(QIODevice& file, qint64 campaignId);
    Outcome<MessageEventReport> importFile(const QString& path, qint64 campaignId);

signals:
    void progress(qint64 bytesRead, qint64 totalBytes);

private:
    Outcome<MessageEventReport> importOnce(QIODevice& device, const Campaign& campaign, bool* transient);

    Database& m_db;
};

} // namespace Handoff
