#pragma once

#include "core/Campaign.h"
#include "core/ContactColumnMapping.h"
#include "core/Outcome.h"
#include "core/Reassignment.h"
#include "core/RejectedLine.h"

#include <QObject>
#include <QVector>

#include <atomic>
#include <optional>

class QIODevice;

namespace Handoff {

class Database;

struct ContactImportOptions
{
    qint64 campaignId = 0;
    // When not empty, the new conversations are dealt out to these senders with the
    // fair split, in file order; otherwise they wait in Unassigned.
    QVector<SenderId> dealTo;
    QString defaultRegion = QStringLiteral("US");
    std::optional<ContactColumnMapping> mapping;   // the detected one when not set
    // A Spoke export names each contact's texter: give the conversation to them, adding
    // texters to the roster (matched by e-mail, else by name) and to the campaign.
    // Not with dealTo.
    bool assignFromExport = false;
};

struct ContactImportReport
{
    int imported = 0;
    QVector<RejectedLine> rejected;
    // How many of the rejected rows were already in the campaign: nothing wrong with those.
    int alreadyInCampaign = 0;
    QVector<TargetCount> dealt;
    // The text encoding the file was read in: "UTF-8", or "Windows-1252" for what
    // spreadsheets export on Windows.
    QString encoding;
    // Contacts the file marks as opted out: they came in opted out.
    int optedOut = 0;
    // With assignFromExport: texters new to the roster, texters who joined the campaign
    // (new or not), by name in the order the file first names them, and the contacts
    // whose row names no texter (they wait in Unassigned).
    QStringList joinedRoster;
    QStringList joinedCampaign;
    int withoutTexter = 0;
    // What the user should know beyond the counts, one sentence each (the encoding
    // assumed for a file that is not UTF-8).
    QStringList notes;
};

// Reads a contact CSV into a campaign: every valid row becomes a conversation,
// every other row is reported with its line and reason. The file goes in as one
// transaction: a file that cannot be read at all changes nothing.
class ContactImporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContactImporter)

public:
    explicit ContactImporter(Database& db, QObject* parent = nullptr);

    Outcome<ContactImportReport> import(QIODevice& file, const ContactImportOptions& options);
    Outcome<ContactImportReport> importFile(const QString& path, const ContactImportOptions& options);

    // Stops a running import from any thread (a progress dialog's Cancel): it then
    // fails and nothing of the file is in the store, as if it had never started.
    void cancel();

signals:
    void progress(qint64 bytesRead, qint64 totalBytes);

private:
    Database& m_db;
    std::atomic<bool> m_cancelled{false};
};

} // namespace Handoff
