#pragma once

#include "Campaign.h"
#include "ConversationStore.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Handoff {

class Database;

// The conversation table: one ConversationQuery, read from the store a page at a
// time as the view scrolls, so a campaign of a million conversations opens at once.
// Only the pages near what was last shown are kept; a page scrolled away is read again,
// from where it starts in the sort order, when it comes back into view. Memory stays
// the same however far the view scrolls.
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
    // Pages kept in memory: a few screens either side of the one shown.
    static constexpr int CachedPages = 8;

    explicit ConversationTableModel(Database& db, QObject* parent = nullptr);

    const ConversationQuery& query() const { return m_query; }
    // Shows what the query selects, from its first page.
    void setQuery(const ConversationQuery& query);
    // Reads the current query again, as many rows as were loaded, after the data changed.
    void reload();
    // Reads the current query again without a reset, for a change made elsewhere: the
    // rows shown change in place (dataChanged) and rows come or go at the end only, so a
    // view keeps its scroll position, and its selection by row.
    void refresh();

    // The row of a conversation among the pages in memory; -1 when not there.
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
    // Shows the query's first rows, or as many as `rows` when reading it again.
    void load(int rows);
    // The page in memory, read from the store when it is not; null past the end.
    const QVector<Conversation>* page(int index) const;
    void keep(int index, QVector<Conversation> rows) const;

    Database& m_db;
    ConversationQuery m_query;
    int m_rowCount = 0;
    bool m_exhausted = true;
    // Where each page starts in the sort order: the cursor of the row before it. Known
    // for every page read in order; a page without one is found by its offset.
    mutable QVector<std::optional<ConversationCursor>> m_pageStarts;
    mutable QHash<int, QVector<Conversation>> m_pages;
    mutable QVector<int> m_recentPages;   // most recently used last
    // Views and testers react to a reset or an insert by asking for more; rows
    // inserted then would land inside the change that is still being announced.
    bool m_announcing = false;
};

} // namespace Handoff
