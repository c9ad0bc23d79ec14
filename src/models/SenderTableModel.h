#pragma once

#include "core/Campaign.h"

#include <QAbstractTableModel>
#include <QDateTime>

#include <optional>

namespace Handoff {

class Database;

// The Senders tab: every sender of the campaign with their counts and when they
// last texted. Unlike the sender list, the Unassigned pool is no row here: it is
// where conversations wait, not someone who can be marked or removed.
class SenderTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SenderTableModel)

public:
    enum Column {
        NameColumn,
        EmailColumn,
        NumberColumn,      // the number they text from; editable, see numberEdited
        SweeperColumn,
        PresenceColumn,
        TotalColumn,
        NeedsReplyColumn,
        NotStartedColumn,
        WaitingColumn,
        OptedOutColumn,
        LastMessageColumn,
        ColumnCount
    };

    enum Role {
        SenderIdRole = Qt::UserRole + 1,
        SweeperRole,
        SortRole,          // what the column sorts by: numbers as numbers, times as times
        LastMessageRole,   // QDateTime, UTC; invalid when the sender never texted
        PresenceRole,      // Presence as int
    };

    explicit SenderTableModel(Database& db, QObject* parent = nullptr);

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // Reads the senders and counts again. When the same senders are still there, only
    // the values change, so views keep their selection.
    void reload();

    int rowOf(SenderId id) const;
    std::optional<CampaignSender> senderAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // An edit of the number column is not kept here: it is announced by numberEdited, for
    // the service layer to make (or refuse), and shows once the model reads it back.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    // The user typed a texting number for a sender (empty: none).
    void numberEdited(SenderId sender, const QString& typed);

private:
    struct Row
    {
        CampaignSender sender;
        StatusCounts counts;
        QDateTime lastMessage;
    };

    QVector<Row> read() const;
    QVariant count(const Row& row, int column) const;

    Database& m_db;
    qint64 m_campaignId = 0;
    QVector<Row> m_rows;
};

} // namespace Handoff
