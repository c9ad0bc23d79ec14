#include "controller/CampaignService.h"

#include "core/PhoneNormalizer.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "core/Actor.h"
#include "core/Limits.h"

namespace Handoff {

Outcome<Campaign> CampaignService::writableCampaign(qint64 campaignId, Change change) const
{
    using Result = Outcome<Campaign>;
    const auto campaign = CampaignStore(m_db).campaign(campaignId);
    if (!campaign)
        return Result::failure(tr("There is no campaign %1.").arg(campaignId));
    if (!campaign->archived)
        return *campaign;
    switch (change) {
    case Change::Conversations:
        return Result::failure(tr("Campaign \"%1\" is archived; its conversations cannot be moved.").arg(campaign->name));
    case Change::Senders:
        return Result::failure(tr("Campaign \"%1\" is archived; its senders cannot change.").arg(campaign->name));
    case Change::Contacts:
        return Result::failure(tr("Campaign \"%1\" is archived; no contacts can be added.").arg(campaign->name));
    case Change::Messages:
        return Result::failure(tr("Campaign \"%1\" is archived; no messages can be added.").arg(campaign->name));
    case Change::OptOut:
        return Result::failure(tr("Campaign \"%1\" is archived; its contacts cannot opt out or in.").arg(campaign->name));
    case Change::Holds:
        return Result::failure(tr("Campaign \"%1\" is archived; its conversations cannot be held or released.").arg(campaign->name));
    case Change::Rules:
        return Result::failure(tr("Campaign \"%1\" is archived; its rules cannot change.").arg(campaign->name));
    }
    return Result::failure(tr("Campaign \"%1\" is archived.").arg(campaign->name));
}

Outcome<Campaign> CampaignService::createCampaign(const QString& name)
{
    // Names are checked where they are created (CampaignStore::createCampaign and
    // addToRoster), the one call every path to a new name goes through.
    return CampaignStore(m_db).createCampaign(name);
}

Outcome<Done> CampaignService::setArchived(qint64 campaignId, bool archived)
{
    return CampaignStore(m_db).setArchived(campaignId, archived);
}

Outcome<QString> CampaignService::textingNumber(const QString& typed)
{
    if (typed.trimmed().isEmpty())
        return QString();
    QString why;
    const auto e164 = PhoneNormalizer().toE164(typed, &why);
    if (!e164)
        return Outcome<QString>::failure(tr("\"%1\" is not a texting number: %2.").arg(typed.trimmed(), why));
    return *e164;
}

Outcome<Sender> CampaignService::setTextingNumber(SenderId senderId, const QString& typed)
{
    using Result = Outcome<Sender>;
    const auto number = textingNumber(typed);
    if (!number)
        return Result::failure(number.error());
    CampaignStore campaigns(m_db);
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(m_db.lastError());
    auto sender = campaigns.sender(senderId);
    if (!sender)
        return Result::failure(tr("There is no sender with id %1.").arg(senderId));
    if (const auto set = campaigns.setTextingNumber(senderId, *number); !set)
        return Result::failure(set.error());
    if (!tx.commit())
        return Result::failure(m_db.lastError());
    sender->number = *number;
    return *sender;
}

Outcome<Sender> CampaignService::addSender(qint64 campaignId, const QString& name, const QString& email, bool sweeper,
                                           const QString& typedNumber)
{
    using Result = Outcome<Sender>;
    const auto campaign = writableCampaign(campaignId, Change::Senders);
    if (!campaign)
        return Result::failure(campaign.error());
    const auto number = textingNumber(typedNumber);
    if (!number)
        return Result::failure(number.error());
    CampaignStore campaigns(m_db);
    // The roster entry and the membership come together or not at all.
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(m_db.lastError());
    auto sender = campaigns.senderByName(name);
    if (sender && campaigns.isMember(campaignId, sender->id))
        return Result::failure(tr("\"%1\" is already a sender of campaign \"%2\".").arg(sender->name, campaign->name));
    if (!sender) {
        const auto added = campaigns.addToRoster(name, email, *number);
        if (!added)
            return Result::failure(added.error());
        sender = *added;
    } else if (!number->isEmpty() && sender->number != *number) {
        if (const auto set = campaigns.setTextingNumber(sender->id, *number); !set)
            return Result::failure(set.error());
        sender->number = *number;
    }
    if (const auto joined = campaigns.addToCampaign(campaignId, sender->id, sweeper); !joined)
        return Result::failure(joined.error());
    if (!tx.commit())
        return Result::failure(m_db.lastError());
    return *sender;
}

Outcome<QVector<SenderId>> CampaignService::addSenders(qint64 campaignId, const QVector<Sender>& newSenders,
                                                       const QVector<SenderId>& rosterSenders, bool sweepers)
{
    using Result = Outcome<QVector<SenderId>>;
    if (const auto campaign = writableCampaign(campaignId, Change::Senders); !campaign)
        return Result::failure(campaign.error());
    CampaignStore campaigns(m_db);
    // All of them or none: a half-added list would leave the manager guessing.
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(m_db.lastError());
    QVector<SenderId> added;
    for (const Sender& s : newSenders) {
        const auto number = textingNumber(s.number);
        if (!number)
            return Result::failure(number.error());
        const Outcome<Sender> created = campaigns.addToRoster(s.name, s.email, *number);
        if (!created)
            return Result::failure(created.error());
        added << created->id;
    }
    added << rosterSenders;
    for (SenderId id : std::as_const(added))
        if (const Outcome<Done> joined = campaigns.addToCampaign(campaignId, id, sweepers); !joined)
            return Result::failure(joined.error());
    if (!tx.commit())
        return Result::failure(m_db.lastError());
    return added;
}

Outcome<Done> CampaignService::setSweeper(qint64 campaignId, SenderId sender, bool sweeper)
{
    if (const auto campaign = writableCampaign(campaignId, Change::Senders); !campaign)
        return Outcome<Done>::failure(campaign.error());
    return CampaignStore(m_db).setSweeper(campaignId, sender, sweeper);
}

Outcome<Done> CampaignService::setPresence(qint64 campaignId, SenderId sender, Presence presence)
{
    if (const auto campaign = writableCampaign(campaignId, Change::Senders); !campaign)
        return Outcome<Done>::failure(campaign.error());
    return CampaignStore(m_db).setPresence(campaignId, sender, presence);
}

Outcome<Done> CampaignService::setOptedOut(qint64 conversationId, bool optedOut)
{
    ConversationStore conversations(m_db);
    // An unknown conversation is the store's to refuse.
    if (const auto conversation = conversations.conversation(conversationId)) {
        if (const auto campaign = writableCampaign(conversation->campaignId, Change::OptOut); !campaign)
            return Outcome<Done>::failure(campaign.error());
    }
    return conversations.setOptedOut(conversationId, optedOut);
}

Outcome<int> CampaignService::setHeld(qint64 campaignId, const QVector<qint64>& conversationIds, bool held,
                                     const QString& note, const QString& actor)
{
    using Result = Outcome<int>;
    if (const auto campaign = writableCampaign(campaignId, Change::Holds); !campaign)
        return Result::failure(campaign.error());
    if (conversationIds.isEmpty())
        return Result::failure(tr("Name at least one conversation."));
    if (note.size() > Limits::MaxNoteLength)
        return Result::failure(
            tr("The note is %1 characters long; at most %2 are kept.").arg(note.size()).arg(Limits::MaxNoteLength));
    // All of them or none: an unknown id rolls back the ones before it.
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(m_db.lastError());
    const auto changed = ConversationStore(m_db).setHeld(campaignId, conversationIds, held, held ? note : QString(),
                                                         Actor::resolve(actor, m_db.role()));
    if (!changed)
        return changed;
    if (!tx.commit())
        return Result::failure(m_db.lastError());
    return changed;
}

} // namespace Handoff
