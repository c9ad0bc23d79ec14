#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QVector>

#include <optional>

namespace Handoff {

class Database;

// Campaigns, the organisation's roster of senders, who is on which campaign, and
// the counts the sender list shows.
class CampaignStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CampaignStore)

public:
    explicit CampaignStore(Database& db) : m_db(db) { }

    // A name is simplified (spaces collapsed), and refused when empty, longer than
    // Limits::MaxNameLength or holding a control character.
    Outcome<Campaign> createCampaign(const QString& name);
    QVector<Campaign> campaigns() const;
    std::optional<Campaign> campaign(qint64 id) const;
    std::optional<Campaign> campaignByName(const QString& name) const;
    Outcome<Done> setArchived(qint64 campaignId, bool archived);

    // The name is checked as a campaign's is. number: E.164 (the caller normalises it),
    // or empty; refused when another sender has it.
    Outcome<Sender> addToRoster(const QString& name, const QString& email = {}, const QString& number = {});
    QVector<Sender> roster() const;
    std::optional<Sender> senderByName(const QString& name) const;
    std::optional<Sender> sender(SenderId id) const;
    // The sender who texts from number (E.164), if any.
    std::optional<Sender> senderByNumber(const QString& number) const;
    // Every sender's texting number (E.164) and who has it.
    QHash<QString, SenderId> textingNumbers() const;
    // number: E.164 (the caller normalises it), or empty to clear it. Refused when
    // another sender has it.
    Outcome<Done> setTextingNumber(SenderId senderId, const QString& number);

    Outcome<Done> addToCampaign(qint64 campaignId, SenderId senderId, bool sweeper);
    Outcome<Done> setSweeper(qint64 campaignId, SenderId senderId, bool sweeper);
    Outcome<Done> setPresence(qint64 campaignId, SenderId senderId, Presence presence);
    // Only the membership; moving the sender's conversations is the controller's job.
    Outcome<Done> removeFromCampaign(qint64 campaignId, SenderId senderId);
    // By name, with presence and when each last texted in the campaign.
    // withLastTexted false leaves lastTexted invalid and spares an index probe per sender.
    QVector<CampaignSender> campaignSenders(qint64 campaignId, bool withLastTexted = true) const;
    bool isMember(qint64 campaignId, SenderId senderId) const;
    // Which of these senders are on the campaign, in one round trip.
    QSet<SenderId> members(qint64 campaignId, const QVector<SenderId>& senders) const;

    // "Unassigned" first, then every sender of the campaign by name, with counts,
    // presence and when they last texted.
    QVector<SenderCounts> senderCounts(qint64 campaignId, bool withLastTexted = true) const;
    StatusCounts campaignCounts(qint64 campaignId) const;
    // These senders' open conversations (Not Started and Needs Reply), the pool's under
    // UnassignedId, from the maintained counts alone: what a split balances, without the
    // names, presence and last texted that senderCounts reads for the window.
    QHash<SenderId, int> openWork(qint64 campaignId, const QVector<SenderId>& senders) const;
    // The last activity of the campaign's conversation that has waited longest for a
    // reply; invalid when none needs one.
    QDateTime oldestNeedsReply(qint64 campaignId) const;
    // The last activity of every Needs Reply conversation of the campaign, oldest first,
    // in milliseconds since the epoch: how long the replies now waiting have waited.
    QVector<qint64> needsReplySince(qint64 campaignId) const;

private:
    struct CountRow
    {
        SenderId sender = UnassignedId;
        ConversationStatus status = ConversationStatus::NotStarted;
        int n = 0;
    };
    QVector<CountRow> countRows(qint64 campaignId) const;
    void compactCounts(qint64 campaignId) const;

    Database& m_db;
};

} // namespace Handoff
