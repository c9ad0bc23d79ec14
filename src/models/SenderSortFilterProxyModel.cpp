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
    // The proxy always sorts ascending; each key's own direction lives here, so that
    // Unassigned stays first whatever the key.
    const bool leftPool = left.data(SenderListModel::IsUnassignedRole).toBool();
    const bool rightPool = right.data(SenderListModel::IsUnassignedRole).toBool();
    if (leftPool != rightPool)
        return leftPool;

    auto byName = [&] {
        const int order = QString::localeAwareCompare(left.data().toString(), right.data().toString());
        if (order != 0)
            return order < 0;
        return left.data(SenderListModel::SenderIdRole).toLongLong()
            < right.data(SenderListModel::SenderIdRole).toLongLong();
    };
    auto moreFirst = [&](int role) {
        return left.data(role).toInt() - right.data(role).toInt();
    };

    switch (m_sortKey) {
    case SortKey::Name:
        break;
    case SortKey::Progress:
        if (const int d = moreFirst(SenderListModel::AssignedRole))
            return d > 0;
        if (const int d = moreFirst(SenderListModel::StartedRole))
            return d > 0;
        break;
    case SortKey::NeedsReply:
        if (const int d = moreFirst(SenderListModel::NeedsReplyRole))
            return d > 0;
        break;
    }
    return byName();
}

bool SenderSortFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_nameFilter.isEmpty() || index.data(SenderListModel::IsUnassignedRole).toBool())
        return true;
    return index.data().toString().contains(m_nameFilter, Qt::CaseInsensitive);
}

} // namespace Handoff
