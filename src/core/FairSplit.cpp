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
