#include "ContactImporter.h"

#include "CampaignStore.h"
#include "ContactFile.h"
#include "ConversationStore.h"
#include "Database.h"
#include "FairSplit.h"

#include <QFile>
#include <QHash>

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

Outcome<ContactImportReport> ContactImporter::import(QIODevice& device, const ContactImportOptions& options)
{
    using Result = Outcome<ContactImportReport>;
    CampaignStore campaigns(m_db);
    const auto campaign = campaigns.campaign(options.campaignId);
    if (!campaign)
        return Result::failure(tr("There is no campaign %1.").arg(options.campaignId));
    if (campaign->archived)
        return Result::failure(tr("Campaign \"%1\" is archived; no contacts can be added.").arg(campaign->name));
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
    file.setKnownPhoneCheck([&](const QString& phone) { return conversations.hasPhone(options.campaignId, phone); });
    file.setProgressSink([this](qint64 done, qint64 total) { emit progress(done, total); });

    ContactImportReport report;
    QHash<SenderId, int> dealt;
    QString storeError;
    const int targets = int(options.dealTo.size());
    const bool parsed = file.parse(device, [&](const QVector<ContactRecord>& batch) {
        if (!storeError.isEmpty())
            return;
        QVector<NewContact> contacts;
        contacts.reserve(batch.size());
        for (const ContactRecord& r : batch) {
            NewContact c{r.firstName, r.lastName, r.phoneE164, r.zip, r.customFields, UnassignedId};
            if (targets > 0) {
                c.sender = options.dealTo[fairSplitTarget(report.imported + int(contacts.size()), targets)];
                ++dealt[c.sender];
            }
            contacts << c;
        }
        auto added = conversations.addContacts(options.campaignId, contacts);
        if (!added)
            storeError = added.error();
        else
            report.imported += *added;
    });
    if (!parsed)
        return Result::failure(tr("Nothing was imported: %1").arg(file.errorString()));
    if (!storeError.isEmpty())
        return Result::failure(tr("Nothing was imported: %1").arg(storeError));
    if (!tx.commit())
        return Result::failure(tr("Nothing was imported: %1").arg(m_db.lastError()));

    report.rejected = file.rejectedLines();
    for (SenderId s : options.dealTo)
        report.dealt << TargetCount{s, campaigns.sender(s)->name, dealt.value(s)};
    return report;
}

} // namespace Handoff
