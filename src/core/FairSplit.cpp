#include "core/FairSplit.h"

namespace Handoff {

QVector<int> fairSplitCounts(int n, int targets)
{
    QVector<int> counts;
    if (targets <= 0 || n < 0)
        return counts;
    counts.fill(n / targets, targets);
    for (int i = 0; i < n % targets; ++i)
        ++counts[i];
    return counts;
}

} // namespace Handoff

namespace Handoff {

LoadSplit splitByLoad(const QVector<bool>& open, const QVector<int>& openBefore, bool balance, int cap)
{
    LoadSplit split;
    const int t = int(openBefore.size());
    split.openAfter = openBefore;
    split.perTarget.fill(0, t);
    split.targetOf.reserve(open.size());
    if (t == 0) {
        split.targetOf.fill(-1, open.size());
        split.leftByCap = int(open.size());
        return split;
    }
    const auto fits = [&](int target, bool isOpen) { return !isOpen || cap <= 0 || split.openAfter[target] < cap; };
    int next = 0;   // round-robin: the target whose turn it is
    for (const bool isOpen : open) {
        int chosen = -1;
        if (balance) {
            for (int j = 0; j < t; ++j) {
                if (!fits(j, isOpen))
                    continue;
                if (chosen < 0 || split.openAfter[j] < split.openAfter[chosen]
                    || (!isOpen && split.openAfter[j] == split.openAfter[chosen]
                        && split.perTarget[j] < split.perTarget[chosen]))
                    chosen = j;
            }
        } else {
            for (int k = 0; k < t; ++k) {
                const int j = (next + k) % t;
                if (fits(j, isOpen)) {
                    chosen = j;
                    break;
                }
            }
            if (chosen >= 0)
                next = (chosen + 1) % t;
        }
        split.targetOf << chosen;
        if (chosen < 0) {
            ++split.leftByCap;
            continue;
        }
        ++split.perTarget[chosen];
        if (isOpen)
            ++split.openAfter[chosen];
    }
    return split;
}

} // namespace Handoff
