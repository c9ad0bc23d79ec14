#pragma once

#include "core/Campaign.h"

#include <QAbstractListModel>

namespace Handoff {

class Database;

// The sender list of the Conversations tab: "Unassigned" first, then the campaign's
// senders, each with the counts a manager steers by.
class SenderListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SenderListModel)

public:
    enum Role {
        SenderIdRole = Qt::UserRole + 1,
        IsUnassignedRole,
        SweeperRole,
        AssignedRole,      // every conversation the row holds
        StartedRole,       // of those, the ones that got their first text
        NeedsReplyRole,
        ProgressTextRole,  // "started/assigned", e.g. "42/120"
        PresenceRole,      // Presence as int
        LastTextedRole,    // QDateTime, UTC; invalid: never texted
        StatusLineRole,    // "Away · texted 12 min ago", by the Clock; empty for Unassigned
    };

    explicit SenderListModel(Database& db, QObject* parent = nullptr);

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // Reads the counts again. When the same senders are still there, only the
    // counts change, so views keep their selection.
    void reload();

    int rowOf(SenderId id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Conversations dragged from the table can be dropped on a sender or on Unassigned;
    // the drop only asks (conversationsDropped): a move is the dialog's to confirm.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction | Qt::MoveAction; }
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

signals:
    void conversationsDropped(const QVector<qint64>& conversationIds, SenderId target);

private:
    Database& m_db;
    qint64 m_campaignId = 0;
    QVector<SenderCounts> m_rows;
};

} // namespace Handoff
