#pragma once

#include "core/Outcome.h"
#include "core/Pulse.h"

#include <QCoreApplication>

#include <memory>
#include <optional>

namespace Handoff {

class Database;

// The campaign's messages as PulseStore last folded them, to fold them again only when
// they changed: a new message (a higher id) or a different set of opted-out contacts.
// A bulk action or a rule moves conversations but no message, so the tab's refresh
// after one reads only the history and the counts.
struct PulseMessagesCache
{
    qint64 campaignId = 0;
    qint64 lastMessageId = -1;
    qint64 optedOutCount = -1;
    qint64 optedOutIdSum = -1;
    std::shared_ptr<PulseAccumulator> accumulator;
};

// The series of the Pulse tab and of "handoff-cli report", read in one place: progress
// over time and reply waits from the messages (one forward pass over the campaign's
// messages in conversation order, folded by PulseAccumulator), markers from the
// history, the sender load from the maintained counts.
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
                                const QDateTime& waitSince = QDateTime(),
                                PulseMessagesCache* cache = nullptr) const;

    // Each part alone, for a view that needs only one.
    Outcome<Done> readMessages(qint64 campaignId, PulseAccumulator& accumulator) const;
    QVector<PulseMarker> markers(qint64 campaignId, const QDateTime& since) const;
    // Unassigned first, then the senders A to Z: the sender list's own order.
    QVector<SenderCounts> load(qint64 campaignId) const;

private:
    Database& m_db;
};

} // namespace Handoff
