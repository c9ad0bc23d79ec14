#pragma once

#include "core/Outcome.h"
#include "core/Pulse.h"

#include <QCoreApplication>
#include <QSet>

#include <optional>
#include <utility>

namespace Handoff {

class Database;

// The series of the Pulse tab and of "handoff-cli report", read in one place: progress
// over time and reply waits from the sums the store keeps (schema 7: pulse_hours per
// campaign and hour, pulse_waits per reply wait), markers from the history, the sender
// load from the maintained counts. Nothing here reads the messages, except recount().
class PulseStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::PulseStore)

public:
    explicit PulseStore(Database& db) : m_db(db) { }

    // since invalid: the whole campaign. No granularity: days for a campaign whose
    // messages span more than three days, else hours. waitSince, when valid, narrows the
    // answered replies of the wait histogram instead of since (the tab's "last 8 hours").
    Outcome<PulseSeries> series(qint64 campaignId, const QDateTime& now, const QDateTime& since,
                                std::optional<PulseGranularity> granularity = std::nullopt,
                                const QDateTime& waitSince = QDateTime()) const;
    // The same series from the messages themselves, folded one by one: what the kept sums
    // must always equal (the tests and "handoff-cli check" compare them).
    Outcome<PulseSeries> recount(qint64 campaignId, const QDateTime& now, const QDateTime& since,
                                 std::optional<PulseGranularity> granularity = std::nullopt,
                                 const QDateTime& waitSince = QDateTime()) const;

    // Each part alone, for a view that needs only one.
    Outcome<Done> readMessages(qint64 campaignId, PulseAccumulator& accumulator) const;
    QVector<PulseMarker> markers(qint64 campaignId, const QDateTime& since) const;
    // Unassigned first, then the senders A to Z: the sender list's own order.
    QVector<SenderCounts> load(qint64 campaignId) const;

    // Keeps the sums after a conversation changed, inside the caller's transaction (which
    // holds the conversation: its row lock on PostgreSQL): folds its messages as they are
    // and as they were — without addedMessageId (0: none added), opted out or not as
    // before — and writes the difference. ConversationStore calls it for every message it
    // records and every opt-out it changes.
    Outcome<Done> conversationChanged(qint64 campaignId, qint64 conversationId, qint64 addedMessageId,
                                      bool optedOutBefore);
    // One conversation a batch of messages went into: opted out before and after it.
    struct BatchChange
    {
        qint64 conversationId = 0;
        bool optedOutBefore = false;
        bool optedOutAfter = false;
    };
    // The same for a batch of messages recorded at once (MessageStore): the messages with
    // an id above lastIdBefore are the batch's. The conversations' messages are read in a
    // few statements and the hours' differences written once for the whole batch.
    Outcome<Done> conversationsChanged(qint64 campaignId, const QVector<BatchChange>& changes, qint64 lastIdBefore);
    // The campaign's sums made again from its messages (after messages were written by
    // other means than ConversationStore, as the benchmark's generator does).
    Outcome<Done> rebuild(qint64 campaignId);

private:
    // Adds each hour's difference to the kept sums.
    bool addHours(qint64 campaignId, const QVector<PulseHour>& change);
    // PostgreSQL: reply waits (conversation, wait) added with one COPY.
    bool copyWaits(qint64 campaignId, const QVector<std::pair<qint64, ReplyWaitInterval>>& waits);
    // A conversation's kept reply waits in place of those it had.
    bool replaceWaits(qint64 campaignId, qint64 conversationId, const QVector<ReplyWaitInterval>& waits);
    Outcome<QVector<PulseHour>> readHours(qint64 campaignId) const;
    void compactHours(qint64 campaignId) const;
    QVector<PulseMarker> markers(qint64 campaignId, const QDateTime& since, const QSet<SenderId>& sweepers) const;
    Outcome<ReplyWaitSeries> readWaits(qint64 campaignId, const QVector<PulseHour>& hours, qint64 nowMs,
                                       qint64 answeredSinceMs) const;

    Database& m_db;
};

} // namespace Handoff
