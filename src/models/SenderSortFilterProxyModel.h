#pragma once

#include "core/SenderOrder.h"

#include <QSortFilterProxyModel>

namespace Handoff {

// Sorts and filters the sender list, keeping "Unassigned" first and always shown:
// it is where conversations wait, whatever the manager is looking for.
class SenderSortFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SenderSortFilterProxyModel)

public:
    // The order itself is core's (core/SenderOrder.h), which the Pulse tab follows too.
    using SortKey = SenderSort;

    explicit SenderSortFilterProxyModel(QObject* parent = nullptr);

    SortKey sortKey() const { return m_sortKey; }
    void setSortKey(SortKey key);
    void setNameFilter(const QString& text);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    SortKey m_sortKey = SortKey::Name;
    QString m_nameFilter;
};

} // namespace Handoff
