#pragma once

#include "core/Campaign.h"
#include "storage/ConversationStore.h"
#include "models/PageCache.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QHash>

class QMimeData;

namespace Handoff {

class Database;

// The conversation table: one ConversationQuery, read from the store a page at a
// time as the view shows it, so a campaign of a million conversations opens at once.
// Only the pages near what was last shown are kept; a page scrolled away is read again,
// from its neighbour in the sort order, when it comes back into view.
//
// When the store counts the query at once (no search), the table has all its rows from
// the start: the view sizes its header once, instead of growing it a page at a time as
// the user scrolls (which kept each outgrown copy too), and a jump to the end reads only
// the last page. Memory then stays the same however far the view scrolls. A search is
// only counted by reading every conversation, so its rows are fetched as the view
// scrolls down, as many as were shown.
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
        WaitingColumn,     // how long since the last activity, by the Clock
        ColumnCount
    };

    enum Role {
        ConversationIdRole = Qt::UserRole + 1,
        StatusRole,        // ConversationStatus as int
        NeedsReplyRole,    // bool: the blue dot
        OptedOutRole,
        SenderIdRole,
        LastActivityRole,  // QDateTime, UTC
        HeldRole,          // bool: kept out of bulk and sender actions
    };

    static constexpr int PageSize = 200;
    // What a drag of rows carries: the campaign and the conversations' IDs, in row order.
    static QString conversationIdsMimeType();
    // The IDs a drag carries, when it is of this campaign; empty otherwise.
    static QVector<qint64> conversationIds(const QMimeData* data, qint64 campaignId);
    // Pages kept in memory: a few screens either side of the one shown.
    static constexpr int CachedPages = 8;

    explicit ConversationTableModel(Database& db, QObject* parent = nullptr);

    const ConversationQuery& query() const { return m_query; }
    // Shows what the query selects, from its first page.
    void setQuery(const ConversationQuery& query);
    // Reads the current query again after the data changed: every row of a counted query,
    // otherwise as many rows as were loaded.
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
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

    static ConversationQuery::Sort sortFor(int column);
    // How the Last Activity column writes a time, in the user's locale.
    static QString activityFormat();
    // "Held" or "Held: escalated": the held icon's tooltip and accessible text.
    static QString heldText(const Conversation& c);
    static QIcon heldIcon();

private:
    // Shows every row of a counted query; otherwise its first rows, or as many as
    // `rows` when reading it again.
    void load(int rows);
    // The page in memory, read from the store when it is not; null past the end.
    const QVector<Conversation>* page(int index) const;
    QVector<Conversation> read(int index) const;
    void keep(int index, QVector<Conversation> rows) const;
    void forgetPages();

    Database& m_db;
    ConversationQuery m_query;
    int m_rowCount = 0;
    // The store counted the query: every row is there from the start.
    bool m_counted = true;
    // Rows come by fetchMore (a search) and the last has not come yet.
    bool m_exhausted = true;
    // A search only: where each page fetched so far starts in the sort order (the cursor
    // of the row before it), so that going back to one is a range read, not an OFFSET
    // that runs the search again over every row before it. Grows with the rows fetched,
    // as the view's header does then.
    mutable QVector<std::optional<ConversationCursor>> m_pageStarts;
    PageCache<Conversation> m_cache{PageSize, CachedPages};
    // Views and testers react to a reset or an insert by asking for more; rows
    // inserted then would land inside the change that is still being announced.
    bool m_announcing = false;
};

} // namespace Handoff
