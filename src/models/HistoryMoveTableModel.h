#pragma once

#include "models/PageCache.h"
#include "core/Reassignment.h"

#include <QAbstractTableModel>

namespace Handoff {

class Database;

// The conversations one action moved, from whom to whom. Every row is there from the
// start (the moves are counted), but only the pages near what the view shows are read
// and kept: a bulk action over a million conversations opens at once, and memory does
// not grow as the view scrolls through it.
class HistoryMoveTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryMoveTableModel)

public:
    enum Column {
        ContactColumn,
        PhoneColumn,
        FromColumn,
        ToColumn,
        ColumnCount
    };

    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        FromIdRole,
        ToIdRole,
    };

    static constexpr int PageSize = 200;
    static constexpr int CachedPages = 8;

    explicit HistoryMoveTableModel(Database& db, QObject* parent = nullptr);

    qint64 actionId() const { return m_actionId; }
    // Shows the moves of one action from the first page; 0 shows none.
    void setAction(qint64 actionId);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    Database& m_db;
    qint64 m_actionId = 0;
    int m_rowCount = 0;
    PageCache<HistoryMove> m_cache{PageSize, CachedPages};
};

} // namespace Handoff
