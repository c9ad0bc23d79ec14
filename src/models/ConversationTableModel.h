#pragma once

#include "Campaign.h"
#include "ConversationStore.h"

#include <QAbstractTableModel>

namespace Handoff {

class Database;

// The conversation table: one ConversationQuery, read from the store a page at a
// time as the view scrolls, so a campaign of a million conversations opens at once
// and memory grows only with what was scrolled past.
class ConversationTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationTableModel)

public:
    enum Column {
        ContactColumn,
        PhoneColumn,
        StatusColumn,
        LastMessageColumn,
        LastActivityColumn,
        SenderColumn,
        ColumnCount
    };

    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        StatusRole,        // ConversationStatus as int
        NeedsReplyRole,    // bool: the blue dot
        OptedOutRole,
        SenderIdRole,
        LastActivityRole,  // QDateTime, UTC
    };

    static constexpr int PageSize = 200;

    explicit ConversationTableModel(Database& db, QObject* parent = nullptr);

    const ConversationQuery& query() const { return m_query; }
    // Shows what the query selects, from its first page.
    void setQuery(const ConversationQuery& query);
    // Reads the current query again, as many rows as were loaded, after the data changed.
    void reload();

    int rowOf(qint64 conversationId) const;
    std::optional<Conversation> conversationAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Sorting asks the store again in the new order: the rows are never all here to sort.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;

    static ConversationQuery::Sort sortFor(int column);
    // How the Last Activity column writes a time, in the user's locale.
    static QString activityFormat();

private:
    void load(int rows);

    Database& m_db;
    ConversationQuery m_query;
    QVector<Conversation> m_rows;
    bool m_exhausted = true;
    // Views and testers react to a reset or an insert by asking for more; rows
    // inserted then would land inside the change that is still being announced.
    bool m_announcing = false;
};

} // namespace Handoff
