#include "controller/ContactImporter.h"

#include "controller/BatchQueue.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "core/ContactFile.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "core/FairSplit.h"

#include <QFile>
#include <QHash>
#include <QThread>

#include <atomic>
#include <memory>

namespace Handoff {

ContactImporter::ContactImporter(Database& db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
}

Outcome<ContactImportReport> ContactImporter::importFile(const QString& path, const ContactImportOptions& options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Outcome<ContactImportReport>::failure(tr("Cannot read %1: %2").arg(path, file.errorString()));
    return import(file, options);
}

namespace {

struct ContactBatch
{
    QVector<ContactRecord> records;
    // The same rows made ready for the store, senders still to be set.
    PreparedContacts contacts;
    QVector<QString> optedOut;
    qint64 bytesRead = 0;
};

} // namespace

void ContactImporter::cancel()
{
    m_cancelled.store(true);
}

Outcome<ContactImportReport> ContactImporter::import(QIODevice& device, const ContactImportOptions& options)
{
    using Result = Outcome<ContactImportReport>;
    CampaignStore campaigns(m_db);
    const auto campaign = CampaignService(m_db).writableCampaign(options.campaignId, CampaignService::Change::Contacts);
    if (!campaign)
        return Result::failure(campaign.error());
    if (options.assignFromExport && !options.dealTo.isEmpty())
        return Result::failure(tr("Either deal the contacts out or assign them from the export, not both."));
    for (SenderId s : options.dealTo) {
        if (!campaigns.isMember(options.campaignId, s)) {
            const auto sender = campaigns.sender(s);
            return Result::failure(tr("\"%1\" is not a sender of campaign \"%2\".")
                                       .arg(sender ? sender->name : tr("sender %1").arg(s), campaign->name));
        }
    }

    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(tr("Nothing was imported: %1").arg(m_db.lastError()));

    ConversationStore conversations(m_db);
    ContactFile file;
    file.setDefaultRegion(options.defaultRegion);
    if (options.mapping)
        file.setMapping(*options.mapping);
    // Read once, the campaign's phones answer a million rows without a query each.
    const QSet<quint64> known = conversations.phoneKeys(options.campaignId);
    if (!known.isEmpty()) {
        file.setKnownPhoneCheck(
            [&known](const QString& phone) { return known.contains(ConversationStore::phoneKey(phone)); });
    }
    std::atomic<qint64> bytesRead{0};
    std::atomic<qint64> totalBytes{-1};
    file.setProgressSink([&](qint64 done, qint64 total) {
        bytesRead.store(done, std::memory_order_relaxed);
        totalBytes.store(total, std::memory_order_relaxed);
    });

    // The file is read on a worker, which also makes each batch ready for the store;
    // this thread, which owns the store's connection, gives each contact its sender,
    // stores what it hands over and reports the progress.
    BatchQueue<ContactBatch> queue;
    const int batchSize = conversations.contactsPerBatch();
    bool parsed = false;
    std::unique_ptr<QThread> reader(QThread::create([&] {
        parsed = file.parse(
            device,
            [&](const QVector<ContactRecord>& records) {
                QVector<NewContact> contacts;
                QVector<QString> optedOut;
                contacts.reserve(records.size());
                for (const ContactRecord& r : records) {
                    contacts << NewContact{r.firstName, r.lastName, r.phoneE164, r.zip, r.customFields, UnassignedId};
                    if (r.optedOut)
                        optedOut << r.phoneE164;
                }
                queue.push({records, PreparedContacts(m_db, std::move(contacts)), optedOut,
                            bytesRead.load(std::memory_order_relaxed)});
            },
            batchSize);
        queue.close();
    }));
    reader->start();

    ContactImportReport report;
    QHash<SenderId, int> dealt;
    QString storeError;
    const int targets = int(options.dealTo.size());

    // The texters an export names, found on the roster by e-mail, else by name; one the
    // roster does not know joins it, and the campaign, in this transaction.
    QHash<QString, SenderId> rosterByEmail;
    QHash<QString, SenderId> rosterByName;
    QSet<SenderId> members;
    QVector<SenderId> texters; // in the order the file first names them
    if (options.assignFromExport) {
        for (const Sender& s : campaigns.roster()) {
            if (!s.email.isEmpty())
                rosterByEmail.insert(s.email.toLower(), s.id);
            rosterByName.insert(s.name.toLower(), s.id);
        }
        for (const CampaignSender& s : campaigns.campaignSenders(options.campaignId))
            members.insert(s.id);
    }
    auto texterOf = [&](const ContactRecord& r) -> Outcome<SenderId> {
        const QString name = r.texterName.isEmpty() ? r.texterEmail : r.texterName;
        if (name.isEmpty())
            return SenderId(UnassignedId);
        const QString email = r.texterEmail.toLower();
        SenderId id = email.isEmpty() ? UnassignedId : rosterByEmail.value(email, UnassignedId);
        if (id == UnassignedId)
            id = rosterByName.value(name.simplified().toLower(), UnassignedId);
        if (id == UnassignedId) {
            const Outcome<Sender> added = campaigns.addToRoster(name, r.texterEmail);
            if (!added)
                return Outcome<SenderId>::failure(tr("line %1: texter \"%2\": %3").arg(r.line).arg(name, added.error()));
            id = added->id;
            report.joinedRoster << added->name;
            if (!email.isEmpty())
                rosterByEmail.insert(email, id);
            rosterByName.insert(added->name.toLower(), id);
        }
        if (!members.contains(id)) {
            if (const Outcome<Done> joined = campaigns.addToCampaign(options.campaignId, id, false); !joined)
                return Outcome<SenderId>::failure(joined.error());
            members.insert(id);
            report.joinedCampaign << campaigns.sender(id)->name;
        }
        if (!dealt.contains(id))
            texters << id;
        return id;
    };

    ContactBatch batch;
    while (queue.pop(&batch)) {
        if (m_cancelled.load())
            break;
        if (options.assignFromExport && !file.mapping().hasTexter()) {
            storeError = tr("The file names no texter (no texterFirst, texterLast or texterEmail column, nor "
                            "Rewired's texter[…]); it cannot be assigned from the export.");
            break;
        }
        const qsizetype rows = batch.records.size();
        if (targets > 0) {
            for (qsizetype i = 0; i < rows; ++i) {
                const SenderId sender = options.dealTo[fairSplitTarget(report.imported + int(i), targets)];
                batch.contacts.setSender(i, sender);
                ++dealt[sender];
            }
        } else if (options.assignFromExport) {
            for (qsizetype i = 0; i < rows; ++i) {
                const Outcome<SenderId> texter = texterOf(batch.records[i]);
                if (!texter) {
                    storeError = texter.error();
                    break;
                }
                batch.contacts.setSender(i, *texter);
                if (*texter == UnassignedId)
                    ++report.withoutTexter;
                else
                    ++dealt[*texter];
            }
        }
        if (!storeError.isEmpty())
            break;
        auto added = conversations.addContacts(options.campaignId, batch.contacts);
        if (!added) {
            storeError = added.error();
            break;
        }
        if (!batch.optedOut.isEmpty()) {
            const Outcome<int> out = conversations.optOutByPhone(options.campaignId, batch.optedOut);
            if (!out) {
                storeError = out.error();
                break;
            }
            report.optedOut += *out;
        }
        report.imported += *added;
        emit progress(batch.bytesRead, totalBytes.load(std::memory_order_relaxed));
    }
    // Whatever ended the loop, the reader stops too before anything is decided.
    file.stop();
    queue.close();
    reader->wait();

    // A cancel counts for the import it stopped (or the next one, if none was running).
    if (m_cancelled.exchange(false))
        return Result::failure(tr("The import was cancelled; nothing was imported."));
    if (!storeError.isEmpty())
        return Result::failure(tr("Nothing was imported: %1").arg(storeError));
    if (!parsed)
        return Result::failure(tr("Nothing was imported: %1").arg(file.errorString()));
    if (options.assignFromExport && !file.mapping().hasTexter())
        return Result::failure(tr("Nothing was imported: The file names no texter (no texterFirst, texterLast or "
                                  "texterEmail column, nor Rewired's texter[…]); it cannot be assigned from the "
                                  "export."));
    if (!tx.commit())
        return Result::failure(tr("Nothing was imported: %1").arg(m_db.lastError()));
    emit progress(totalBytes.load(), totalBytes.load());

    report.rejected = file.rejectedLines();
    report.alreadyInCampaign = file.knownCount();
    report.encoding = CsvReader::encodingName(file.encoding());
    if (file.encoding() != CsvReader::Encoding::Utf8)
        report.notes << tr("The file is not UTF-8 text; it was read as %1, as spreadsheets save it on "
                           "Windows.")
                            .arg(report.encoding);
    for (SenderId s : options.dealTo)
        report.dealt << TargetCount{s, campaigns.sender(s)->name, dealt.value(s)};
    for (SenderId s : std::as_const(texters))
        report.dealt << TargetCount{s, campaigns.sender(s)->name, dealt.value(s)};
    if (report.optedOut > 0)
        report.notes << (report.optedOut == 1 ? tr("1 contact is opted out in the file; it came in opted out.")
                                              : tr("%1 contacts are opted out in the file; they came in opted out.")
                                                    .arg(report.optedOut));
    if (!report.joinedRoster.isEmpty())
        report.notes << (report.joinedRoster.size() == 1
                ? tr("1 texter joined the roster: %1.").arg(report.joinedRoster.constFirst())
                : tr("%1 texters joined the roster: %2.")
                      .arg(QString::number(report.joinedRoster.size()), report.joinedRoster.join(QStringLiteral(", "))));
    if (!report.joinedCampaign.isEmpty())
        report.notes << (report.joinedCampaign.size() == 1
                ? tr("1 texter joined the campaign: %1.").arg(report.joinedCampaign.constFirst())
                : tr("%1 texters joined the campaign: %2.")
                      .arg(QString::number(report.joinedCampaign.size()),
                           report.joinedCampaign.join(QStringLiteral(", "))));
    if (report.withoutTexter > 0)
        report.notes << (report.withoutTexter == 1
                ? tr("1 contact names no texter; it waits in Unassigned.")
                : tr("%1 contacts name no texter; they wait in Unassigned.").arg(report.withoutTexter));
    return report;
}

} // namespace Handoff
