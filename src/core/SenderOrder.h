#pragma once

#include "core/Campaign.h"

#include <QString>
#include <QVector>

namespace Handoff {

// The orders the sender list offers (the Conversations tab's sort box). The Pulse tab's
// sender-load chart follows the one chosen there.
enum class SenderSort {
    Name,         // A to Z
    Progress,     // most assigned first, then most started
    NeedsReply,   // most replies waiting first
};

// What the order looks at in a sender's row.
struct SenderRank
{
    bool pool = false;   // the Unassigned pool: always first
    QString name;
    SenderId id = UnassignedId;
    int assigned = 0;
    int started = 0;
    int needsReply = 0;
};
SenderRank senderRank(const SenderCounts& sender);

// The sender list's order: Unassigned first, then by the key, ties A to Z, then by id.
bool senderListLess(SenderSort key, const SenderRank& left, const SenderRank& right);
void sortLikeSenderList(QVector<SenderCounts>& senders, SenderSort key);

} // namespace Handoff
