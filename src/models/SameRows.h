#pragma once

#include <QVector>

#include <algorithm>

namespace Handoff {

// Whether a reload keeps the same rows in the same order, by their ids. A model then
// reports only changed data, which keeps the view's selection and scroll position;
// otherwise (rows came, went or moved) it resets.
template <typename Row, typename IdOf>
bool sameRows(const QVector<Row>& before, const QVector<Row>& after, IdOf idOf)
{
    return std::equal(before.cbegin(), before.cend(), after.cbegin(), after.cend(),
                      [&idOf](const Row& a, const Row& b) { return idOf(a) == idOf(b); });
}

} // namespace Handoff
