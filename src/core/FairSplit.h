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
