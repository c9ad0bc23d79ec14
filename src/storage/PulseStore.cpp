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
                                        const QDateTime& waitSince) const
{
    if (!CampaignStore(m_db).campaign(campaignId))
        return Outcome<PulseSeries>::failure(tr("There is no campaign with id %1.").arg(campaignId));
    PulseAccumulator accumulator(now.toMSecsSinceEpoch(), since.isValid() ? since.toMSecsSinceEpoch() : 0);
    if (const Outcome<Done> read = readMessages(campaignId, accumulator); !read)
        return Outcome<PulseSeries>::failure(read.error());

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
    // Conversations in id order, each one's messages by time: the rowid order of the
    // conversations and messages_by_conversation give it without a sort.
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT m.conversation_id, m.direction, m.at, c.opted_out FROM conversations c"
        " JOIN messages m ON m.conversation_id = c.id"
        " WHERE c.campaign_id = ? ORDER BY m.conversation_id, m.at, m.id"));
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
