#pragma once

#include "core/Reassignment.h"

#include <QAbstractTableModel>

#include <optional>

namespace Handoff {

class Database;

// The History tab: every action of the campaign, newest first, with who did it,
// what it asked for and what it did.
class HistoryTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTableModel)

public:
    enum Column {
        IdColumn,
        WhenColumn,
        WhoColumn,
        ScopeColumn,
        ActionColumn,
        StatusColumn,
        MovedColumn,
        SkippedColumn,
        UndoColumn,
        NoteColumn,
        ColumnCount
    };

    enum Role {
        ActionIdRole = Qt::UserRole + 1,
        UndoableRole,   // bool: neither an undo nor undone yet
        UndoneRole,     // bool: a later undo reverted it
        MovedRole,      // int: conversations it moved
    };

    explicit HistoryTableModel(Database& db, QObject* parent = nullptr);

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // Reads the history again: other actions may have been added or undone since.
    void reload();

    int rowOf(qint64 actionId) const;
    std::optional<HistoryEntry> entryAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // "2 → Cruz Lee, 1 → Dee Park": where an action's conversations went.
    static QString movedText(const HistoryEntry& entry);
    // Why conversations were skipped, one reason a line; empty when none were.
    static QString skippedText(const HistoryEntry& entry);

private:
    QString scopeText(const HistoryEntry& entry) const;
    QString undoText(const HistoryEntry& entry) const;

    Database& m_db;
    qint64 m_campaignId = 0;
    QVector<HistoryEntry> m_rows;
};

} // namespace Handoff
