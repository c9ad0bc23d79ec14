#include "models/SenderSortFilterProxyModel.h"

#include "models/SenderListModel.h"

namespace Handoff {

SenderSortFilterProxyModel::SenderSortFilterProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

void SenderSortFilterProxyModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    invalidate();
}

void SenderSortFilterProxyModel::setNameFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_nameFilter)
        return;
    m_nameFilter = trimmed;
    invalidateFilter();
}

bool SenderSortFilterProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // The proxy always sorts ascending; each key's own direction lives in core's order,
    // so that Unassigned stays first whatever the key.
    auto rank = [](const QModelIndex& index) {
        return SenderRank{index.data(SenderListModel::IsUnassignedRole).toBool(),
                          index.data().toString(),
                          index.data(SenderListModel::SenderIdRole).toLongLong(),
                          index.data(SenderListModel::AssignedRole).toInt(),
                          index.data(SenderListModel::StartedRole).toInt(),
                          index.data(SenderListModel::NeedsReplyRole).toInt()};
    };
    return senderListLess(m_sortKey, rank(left), rank(right));
}

bool SenderSortFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_nameFilter.isEmpty() || index.data(SenderListModel::IsUnassignedRole).toBool())
        return true;
    return index.data().toString().contains(m_nameFilter, Qt::CaseInsensitive);
}

} // namespace Handoff
