#pragma once

#include "core/Campaign.h"
#include "core/Reassignment.h"

#include <QString>
#include <QVector>

#include <optional>

namespace Handoff {

// What the conversation table shows: one campaign, narrowed by sender, status and a
// search on contact name or phone, in one sort order.
struct ConversationQuery
{
    enum class Sort {
        Contact,
        Phone,
        Status,
        LastMessage,
        LastActivity,
        Sender,
    };

    qint64 campaignId = 0;
    std::optional<SenderId> sender;             // nullopt: every sender and Unassigned
    std::optional<ConversationStatus> status;   // nullopt: every status
    QString search;
    qint64 olderThanSeconds = 0;                // last activity at least this old; 0: any
    std::optional<bool> held;                   // nullopt: held or not
    Sort sort = Sort::LastActivity;
    Qt::SortOrder order = Qt::AscendingOrder;
};

// Where a reassign action takes its conversations from.
struct ConversationSource
{
    qint64 campaignId = 0;
    bool bulk = true;                 // the whole campaign, except what the excluded hold
    SenderId sender = UnassignedId;   // when not bulk: this sender's, or the Unassigned pool
    QVector<SenderId> excluded;       // bulk: the chosen targets (UnassignedId for the pool)
    StatusFilter status = StatusFilter::Any;
    qint64 olderThanSeconds = 0;      // as ReassignRequest
    bool includeHeld = false;         // as ReassignRequest
};

} // namespace Handoff
