#include "controller/DemoCampaign.h"

#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "core/Clock.h"
#include "core/DemoData.h"

namespace Handoff {

DemoCampaign::DemoCampaign(Database& db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
}

Outcome<Campaign> DemoCampaign::create(const DemoCampaignOptions& options)
{
    using Result = Outcome<Campaign>;
    if (options.contacts < 1 || options.contacts > 1000000)
        return Result::failure(tr("A demo campaign has between 1 and 1,000,000 contacts (asked for %1).").arg(options.contacts));
    if (options.senders < 1 || options.senders > 1000)
        return Result::failure(tr("A demo campaign has between 1 and 1,000 senders (asked for %1).").arg(options.senders));

    CampaignStore campaigns(m_db);
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(tr("Cannot create the demo campaign: %1").arg(m_db.lastError()));
    auto campaign = campaigns.createCampaign(options.name);
    if (!campaign)
        return campaign;

    QVector<SenderId> senders;
    const QStringList names = DemoData::senderNames(options.senders);
    for (int i = 0; i < names.size(); ++i) {
        const QString& name = names[i];
        auto existing = campaigns.senderByName(name);
        SenderId id = existing ? existing->id : UnassignedId;
        if (!existing) {
            QString email = name.toLower();
            email.replace(QLatin1Char(' '), QLatin1Char('.'));
            auto added = campaigns.addToRoster(name, email + QStringLiteral("@neighborsvote.example"));
            if (!added)
                return Result::failure(added.error());
            id = added->id;
        }
        const bool sweeper = options.senders > 1 && i == names.size() - 1;
        if (auto joined = campaigns.addToCampaign(campaign->id, id, sweeper); !joined)
            return Result::failure(joined.error());
        if (!sweeper || options.senders == 1)
            senders << id;
    }

    // Every tenth contact waits in Unassigned; the rest are dealt out to the
    // non-sweeper senders, who then have texted some of them.
    const DemoData data;
    const QDateTime now = Clock::nowUtc();
    ConversationStore conversations(m_db);
    constexpr int Batch = 2000;
    for (int start = 0; start < options.contacts; start += Batch) {
        const int end = std::min(options.contacts, start + Batch);
        QVector<NewContact> batch;
        QVector<DemoContact> generated;
        for (int i = start; i < end; ++i) {
            DemoContact c = data.contact(i, now);
            const SenderId owner = i % 10 == 9 ? UnassignedId : senders[i % senders.size()];
            if (owner == UnassignedId)
                c.messages.clear();
            batch << NewContact{c.firstName, c.lastName, c.phoneE164, c.zip, {}, owner};
            generated << c;
        }
        auto added = conversations.addContacts(campaign->id, batch);
        if (!added)
            return Result::failure(added.error());
        for (int k = 0; k < generated.size(); ++k) {
            for (const DemoMessage& m : generated[k].messages) {
                auto recorded = conversations.recordMessage(campaign->id, generated[k].phoneE164, m.direction, m.body,
                                                            m.at, m.direction == MessageDirection::Outbound
                                                                ? batch[k].sender
                                                                : UnassignedId);
                if (!recorded)
                    return Result::failure(recorded.error());
            }
        }
        emit progress(end, options.contacts);
    }
    if (!tx.commit())
        return Result::failure(tr("Cannot create the demo campaign: %1").arg(m_db.lastError()));
    return campaign;
}

} // namespace Handoff
