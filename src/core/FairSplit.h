#pragma once

#include <QVector>

namespace Handoff {

// The fair split of the README's "Rules every action keeps": n conversations over t
// targets, dealt round-robin in the order the conversations were chosen. Target i gets
// floor(n/t), plus one for each of the first n mod t targets, so no target ever has two
// more than another.
QVector<int> fairSplitCounts(int n, int targets);

// Which target (0-based) the conversation at position index of the chosen order goes to.
inline int fairSplitTarget(int index, int targets) { return index % targets; }

} // namespace Handoff

namespace Handoff {

// Where each chosen conversation goes when the split knows the targets' load.
struct LoadSplit
{
    QVector<int> targetOf;    // per conversation, in the chosen order: target index, or -1 (left by the cap)
    QVector<int> perTarget;   // how many each target receives
    QVector<int> openAfter;   // each target's open conversations after the split
    int leftByCap = 0;        // conversations no target could take under the cap
};

// Splits the chosen conversations (open[i]: whether the i-th counts as open work, Not
// Started or Needs Reply) over targets holding openBefore open conversations each.
// balance: each goes to the target then holding the fewest open conversations, ties in
// target order (a conversation that is not open goes to the one that received fewest so
// far among those, so they spread too). Otherwise round-robin in target order, exactly as
// fairSplitTarget. cap > 0: no target ends above cap open conversations; an open
// conversation no target can take stays where it is (targetOf -1).
LoadSplit splitByLoad(const QVector<bool>& open, const QVector<int>& openBefore, bool balance, int cap);

} // namespace Handoff
