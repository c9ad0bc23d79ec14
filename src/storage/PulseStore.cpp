#include "storage/PulseStore.h"

#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/MoveStore.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace Handoff {

Outcome<PulseSeries> PulseStore::series(qint64 campaignId, const QDateTime& now, const QDateTime& since,
                                        std::optional<PulseGranularity> granularity,
                                        const QDateTime& waitSince, PulseMessagesCache* cache) const
{
    if (!CampaignStore(m_db).campaign(campaignId))
        return Outcome<PulseSeries>::failure(tr("There is no campaign with id %1.").arg(campaignId));
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 sinceMs = since.isValid() ? since.toMSecsSinceEpoch() : 0;

    PulseMessagesCache fresh;
    fresh.campaignId = campaignId;
    {
        // Both answered from an index: the newest message, and the opted-out conversations.
        QSqlQuery q = m_db.prepare(QStringLiteral("SELECT MAX(id) FROM messages"));
        if (m_db.exec(q) && q.next())
            fresh.lastMessageId = q.value(0).isNull() ? 0 : q.value(0).toLongLong();
        QSqlQuery o = m_db.prepare(QStringLiteral(
            "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM conversations WHERE campaign_id = ? AND status = ?"));
        o.addBindValue(campaignId);
        o.addBindValue(int(ConversationStatus::OptedOut));
        if (m_db.exec(o) && o.next()) {
            fresh.optedOutCount = o.value(0).toLongLong();
            fresh.optedOutIdSum = o.value(1).toLongLong();
        }
    }
    const bool reuse = cache && cache->accumulator && cache->campaignId == campaignId && fresh.lastMessageId >= 0
        && cache->lastMessageId == fresh.lastMessageId && cache->optedOutCount == fresh.optedOutCount
        && cache->optedOutIdSum == fresh.optedOutIdSum;
    std::shared_ptr<PulseAccumulator> folded;
    if (reuse) {
        folded = cache->accumulator;
        folded->setNow(nowMs);
        folded->setSince(sinceMs);
    } else {
        folded = std::make_shared<PulseAccumulator>(nowMs, sinceMs);
        if (const Outcome<Done> read = readMessages(campaignId, *folded); !read)
            return Outcome<PulseSeries>::failure(read.error());
        if (cache) {
            fresh.accumulator = folded;
            *cache = fresh;
        }
    }
    const PulseAccumulator& accumulator = *folded;

    PulseSeries result;
    result.now = now.toUTC();
    result.since = since.isValid() ? since.toUTC() : QDateTime();
    result.granularity = granularity.value_or(
        defaultGranularity(std::max(accumulator.firstMessageMs(), since.isValid() ? since.toMSecsSinceEpoch() : 0),
                           now.toMSecsSinceEpoch()));
    result.progress = accumulator.progress(result.granularity);
    result.replyWait = waitSince.isValid() ? accumulator.replyWait(waitSince.toMSecsSinceEpoch())
                                           : accumulator.replyWait();
    result.markers = markers(campaignId, since);
    result.load = load(campaignId);
    return result;
}

Outcome<Done> PulseStore::readMessages(qint64 campaignId, PulseAccumulator& accumulator) const
{
    // Each conversation's messages by time, conversation after conversation. The messages
    // are read in the order of messages_by_conversation and each one's conversation found
    // by its key (CROSS JOIN keeps SQLite's loops in that order): no sort, no temporary
    // table. Going from the campaign's conversations instead sorts every message first
    // (10 s of CPU on a million conversations against 1 s).
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT m.conversation_id, m.direction, m.at, c.opted_out FROM messages m"
        " CROSS JOIN conversations c"
        " WHERE c.id = m.conversation_id AND c.campaign_id = ? AND m.failed = 0"
        " ORDER BY m.conversation_id, m.at, m.id"));
    q.setForwardOnly(true);
    q.addBindValue(campaignId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(tr("The campaign's messages could not be read: %1").arg(m_db.lastError()));
    qint64 current = -1;
    while (q.next()) {
        const qint64 conversation = q.value(0).toLongLong();
        if (conversation != current) {
            if (current >= 0)
                accumulator.endConversation();
            accumulator.beginConversation(q.value(3).toInt() != 0);
            current = conversation;
        }
        accumulator.addMessage(MessageDirection(q.value(1).toInt()), q.value(2).toLongLong());
    }
    if (current >= 0)
        accumulator.endConversation();
    return Done{};
}

QVector<PulseMarker> PulseStore::markers(qint64 campaignId, const QDateTime& since) const
{
    QSet<SenderId> sweepers;
    for (const CampaignSender& s : CampaignStore(m_db).campaignSenders(campaignId))
        if (s.sweeper)
            sweepers.insert(s.id);
    QVector<PulseMarker> result;
    const QVector<HistoryEntry> history = MoveStore(m_db).history(campaignId);
    // Hand-picked moves (one conversation, a selection) are not what moves the campaign.
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        const HistoryEntry& e = *it;
        if (e.result.moved <= 0 || e.scope == ReassignScope::Single || e.scope == ReassignScope::Selection)
            continue;
        if (since.isValid() && e.at < since)
            continue;
        QString targets;
        const auto& perTarget = e.result.movedPerTarget;
        const bool allSweepers = std::all_of(perTarget.cbegin(), perTarget.cend(),
                                             [&](const TargetCount& t) { return sweepers.contains(t.target); });
        // Two targets or more below: one is named.
        if (perTarget.size() == 1)
            targets = perTarget.first().target == UnassignedId ? tr("Unassigned") : perTarget.first().name;
        else if (allSweepers)
            targets = tr("%1 sweepers").arg(perTarget.size());
        else
            targets = tr("%1 senders").arg(perTarget.size());
        QString what = e.action == ReassignAction::Undo ? actionLabel(e.action)
                                                        : scopeLabel(e.scope) + QLatin1Char(' ') + actionLabel(e.action);
        if (e.action != ReassignAction::Undo && e.status != StatusFilter::Any)
            what += QLatin1Char(' ') + statusFilterLabel(e.status);
        result << PulseMarker{e.id, e.at.toUTC(), e.result.moved,
                              tr("%1, %2 → %3").arg(what).arg(e.result.moved).arg(targets)};
    }
    return result;
}

QVector<SenderCounts> PulseStore::load(qint64 campaignId) const
{
    QVector<SenderCounts> rows = CampaignStore(m_db).senderCounts(campaignId);
    if (rows.size() > 1)
        std::stable_sort(rows.begin() + 1, rows.end(), [](const SenderCounts& a, const SenderCounts& b) {
            const int order = QString::localeAwareCompare(a.name, b.name);
            return order != 0 ? order < 0 : a.id < b.id;
        });
    return rows;
}

} // namespace Handoff
