#pragma once

#include "Reassignment.h"

#include <QAbstractTableModel>

namespace Handoff {

class Database;

// The conversations one action moved, from whom to whom, read a page at a time as
// the view scrolls: a bulk action over a million conversations opens at once.
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

    explicit HistoryMoveTableModel(Database& db, QObject* parent = nullptr);

    qint64 actionId() const { return m_actionId; }
    // Shows the moves of one action from the first page; 0 shows none.
    void setAction(qint64 actionId);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QHash<int, QByteArray> roleNames() const override;

private:
    Database& m_db;
    qint64 m_actionId = 0;
    QVector<HistoryMove> m_rows;
    bool m_exhausted = true;
    // Views and testers react to a reset or an insert by asking for more; rows
    // inserted then would land inside the change that is still being announced.
    bool m_announcing = false;
};

} // namespace Handoff
