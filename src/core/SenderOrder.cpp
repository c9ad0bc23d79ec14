#include "core/SenderOrder.h"

#include <algorithm>

namespace Handoff {

SenderRank senderRank(const SenderCounts& sender)
{
    return SenderRank{sender.id == UnassignedId, sender.name,           sender.id,
                      sender.counts.total(),     sender.counts.started(), sender.counts.needsReply};
}

bool senderListLess(SenderSort key, const SenderRank& left, const SenderRank& right)
{
    if (left.pool != right.pool)
        return left.pool;
    switch (key) {
    case SenderSort::Name:
        break;
    case SenderSort::Progress:
        if (left.assigned != right.assigned)
            return left.assigned > right.assigned;
        if (left.started != right.started)
            return left.started > right.started;
        break;
    case SenderSort::NeedsReply:
        if (left.needsReply != right.needsReply)
            return left.needsReply > right.needsReply;
        break;
    }
    const int order = QString::localeAwareCompare(left.name, right.name);
    if (order != 0)
        return order < 0;
    return left.id < right.id;
}

void sortLikeSenderList(QVector<SenderCounts>& senders, SenderSort key)
{
    std::stable_sort(senders.begin(), senders.end(), [key](const SenderCounts& a, const SenderCounts& b) {
        return senderListLess(key, senderRank(a), senderRank(b));
    });
}

} // namespace Handoff
