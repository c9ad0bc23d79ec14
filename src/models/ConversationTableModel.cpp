#include "models/ConversationTableModel.h"

#include "core/Clock.h"
#include "core/DisplayText.h"
#include "core/WaitingTime.h"

#include <QDataStream>
#include <QIcon>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace Handoff {

ConversationTableModel::ConversationTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

void ConversationTableModel::setQuery(const ConversationQuery& query)
{
    m_query = query;
    load(PageSize);
}

void ConversationTableModel::reload()
{
    load(std::max(PageSize, m_rowCount));
}

void ConversationTableModel::load(int rows)
{
    beginResetModel();
    m_announcing = true;
    forgetPages();
    m_rowCount = 0;
    m_exhausted = true;
    m_counted = ConversationStore::countsAtOnce(m_query);
    if (m_query.campaignId != 0) {
        if (m_counted) {
            // Every row at once; their pages are read when the view shows them, the first
            // now, as the view shows it next and rowOf() looks there.
            m_rowCount = ConversationStore(m_db).count(m_query);
            if (m_rowCount > 0)
                page(0);
        } else {
            const int first = int(page(0)->size());
            if (rows <= PageSize || first < PageSize) {
                m_rowCount = std::min(rows, first);
                m_exhausted = first < PageSize;
            } else {
                // Reading again: as many rows as were shown, when there still are that many.
                // Their pages are read when the view shows them.
                const int total = ConversationStore(m_db).count(m_query);
                m_rowCount = std::max(first, std::min(rows, total));
                m_exhausted = m_rowCount >= total;
            }
        }
    }
    endResetModel();
    m_announcing = false;
}

void ConversationTableModel::refresh()
{
    if (m_query.campaignId == 0 || m_rowCount == 0) {
        reload();
        return;
    }
    const int total = ConversationStore(m_db).count(m_query);
    const int rows = m_counted ? total : std::min(total, std::max(m_rowCount, PageSize));
    // The pages near the view are read again at once, so that rowOf() finds what is shown.
    QVector<int> kept = m_cache.recent();
    forgetPages();
    m_announcing = true;
    if (rows < m_rowCount) {
        beginRemoveRows({}, rows, m_rowCount - 1);
        m_rowCount = rows;
        endRemoveRows();
    } else if (rows > m_rowCount) {
        beginInsertRows({}, m_rowCount, rows - 1);
        m_rowCount = rows;
        endInsertRows();
    }
    m_exhausted = rows >= total;
    std::sort(kept.begin(), kept.end());
    for (int index : std::as_const(kept))
        if (index * PageSize < m_rowCount)
            page(index);
    m_announcing = false;
    if (m_rowCount > 0)
        emit dataChanged(index(0, 0), index(m_rowCount - 1, ColumnCount - 1));
}

void ConversationTableModel::forgetPages()
{
    m_cache.clear();
    m_pageStarts.clear();
}

const QVector<Conversation>* ConversationTableModel::page(int index) const
{
    if (const QVector<Conversation>* here = m_cache.find(index))
        return here;
    if (m_query.campaignId == 0 || index < 0)
        return nullptr;
    keep(index, read(index));
    return m_cache.peek(index);
}

QVector<Conversation> ConversationTableModel::read(int index) const
{
    const ConversationStore store(m_db);
    if (index == 0)
        return store.conversationsAfter(m_query, std::nullopt, PageSize);
    // Scrolling down or up: on from the page before, or back from the page after, by
    // cursor, which costs as little deep in the table as at its top.
    const QVector<Conversation>* before = m_cache.peek(index - 1);
    if (before && before->size() == PageSize)
        return store.conversationsAfter(m_query, ConversationStore::cursorAt(m_query, before->constLast()),
                                        PageSize);
    if (index < m_pageStarts.size() && m_pageStarts[index])
        return store.conversationsAfter(m_query, m_pageStarts[index], PageSize);
    ConversationQuery backwards = m_query;
    backwards.order = m_query.order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    auto reversed = [](QVector<Conversation> rows) {
        std::reverse(rows.begin(), rows.end());
        return rows;
    };
    const QVector<Conversation>* after = m_cache.peek(index + 1);
    if (after && !after->isEmpty())
        return reversed(store.conversationsAfter(
            backwards, ConversationStore::cursorAt(backwards, after->constFirst()), PageSize));
    // A jump (the scroll bar dragged, Ctrl+End): the rows are skipped from the nearer end
    // of a counted table, so the last page costs what the first does.
    const int first = index * PageSize;
    const int end = std::min(first + PageSize, m_rowCount);
    if (m_counted && first < end && m_rowCount - end < first)
        return reversed(store.conversations(backwards, m_rowCount - end, end - first));
    return store.conversations(m_query, first, PageSize);
}

void ConversationTableModel::keep(int index, QVector<Conversation> rows) const
{
    if (!m_counted && rows.size() == PageSize) {
        if (m_pageStarts.size() <= index + 1)
            m_pageStarts.resize(index + 2);
        m_pageStarts[index + 1] = ConversationStore::cursorAt(m_query, rows.constLast());
    }
    m_cache.keep(index, std::move(rows));
}

int ConversationTableModel::rowOf(qint64 conversationId) const
{
    return m_cache.rowWhere([conversationId](const Conversation& c) { return c.id == conversationId; }, m_rowCount);
}

std::optional<Conversation> ConversationTableModel::conversationAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    const QVector<Conversation>* rows = page(row / PageSize);
    if (!rows || row % PageSize >= rows->size())
        return std::nullopt;
    return rows->at(row % PageSize);
}

int ConversationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int ConversationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConversationTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVector<Conversation>* rows = page(index.row() / PageSize);
    if (!rows || index.row() % PageSize >= rows->size())
        return {};
    const Conversation& c = rows->at(index.row() % PageSize);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContactColumn:
            return DisplayText::visible(c.contactName());
        case PhoneColumn:
            return DisplayText::visible(c.phone);
        case StatusColumn:
            return statusLabel(c.status);
        case LastMessageColumn:
            return DisplayText::visible(c.lastMessage.simplified());
        case LastActivityColumn:
            return c.lastActivity.isValid() ? QLocale().toString(c.lastActivity.toLocalTime(), activityFormat())
                                            : QString();
        case SenderColumn:
            return c.senderId == UnassignedId ? tr("Unassigned") : DisplayText::visible(c.senderName);
        case WaitingColumn:
            return WaitingTime::since(c.lastActivity, Clock::nowUtc());
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == WaitingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastMessageColumn && !c.lastMessage.isEmpty())
            return DisplayText::paragraphs(c.lastMessage);
        if (index.column() == ContactColumn && c.held)
            return heldText(c);
        return {};
    case Qt::DecorationRole:
        if (index.column() == ContactColumn && c.held)
            return heldIcon();
        return {};
    case Qt::AccessibleDescriptionRole:
        if (index.column() == ContactColumn && c.held)
            return heldText(c);
        return {};
    case HeldRole:
        return c.held;
    case ConversationIdRole:
        return c.id;
    case StatusRole:
        return int(c.status);
    case NeedsReplyRole:
        return c.status == ConversationStatus::NeedsReply;
    case OptedOutRole:
        return c.optedOut;
    case SenderIdRole:
        return c.senderId;
    case LastActivityRole:
        return c.lastActivity;
    default:
        return {};
    }
}

QVariant ConversationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ContactColumn:
        return tr("Contact");
    case PhoneColumn:
        return tr("Phone");
    case StatusColumn:
        return tr("Status");
    case LastMessageColumn:
        return tr("Last Message");
    case LastActivityColumn:
        return tr("Last Activity");
    case SenderColumn:
        return tr("Sender");
    case WaitingColumn:
        return tr("Waiting For");
    }
    return {};
}

QString ConversationTableModel::heldText(const Conversation& c)
{
    return c.holdNote.isEmpty() ? tr("Held") : tr("Held: %1").arg(DisplayText::visible(c.holdNote));
}

QIcon ConversationTableModel::heldIcon()
{
    // A pause sign on amber: the conversation waits for the manager, not for a sweep.
    static const QIcon icon = [] {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xe0, 0x8a, 0x00));
        painter.drawEllipse(QRectF(0.5, 0.5, 15, 15));
        painter.setBrush(Qt::white);
        painter.drawRect(QRectF(5, 4, 2, 8));
        painter.drawRect(QRectF(9, 4, 2, 8));
        return QIcon(pixmap);
    }();
    return icon;
}

QString ConversationTableModel::activityFormat()
{
    // Minutes are precise enough to see who waited longest; seconds only widen the column.
    return QLocale().dateTimeFormat(QLocale::ShortFormat).remove(QStringLiteral(":ss"));
}

bool ConversationTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_exhausted && !m_announcing;
}

void ConversationTableModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_exhausted || m_announcing)
        return;
    const int index = m_rowCount / PageSize;
    const int shown = m_rowCount % PageSize;
    // A page only partly shown was read before the data changed: read it again.
    if (shown > 0)
        m_cache.drop(index);
    const QVector<Conversation>* rows = page(index);
    const int available = rows ? int(rows->size()) : 0;
    m_exhausted = available < PageSize;
    if (available <= shown)
        return;
    m_announcing = true;
    beginInsertRows({}, m_rowCount, m_rowCount + available - shown - 1);
    m_rowCount += available - shown;
    endInsertRows();
    m_announcing = false;
}

ConversationQuery::Sort ConversationTableModel::sortFor(int column)
{
    switch (column) {
    case ContactColumn:
        return ConversationQuery::Sort::Contact;
    case PhoneColumn:
        return ConversationQuery::Sort::Phone;
    case StatusColumn:
        return ConversationQuery::Sort::Status;
    case LastMessageColumn:
        return ConversationQuery::Sort::LastMessage;
    case SenderColumn:
        return ConversationQuery::Sort::Sender;
    default:
        return ConversationQuery::Sort::LastActivity;
    }
}

void ConversationTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    const ConversationQuery::Sort key = sortFor(column);
    // Waiting longest is the oldest activity: the same order, read the other way.
    if (column == WaitingColumn)
        order = order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
    if (key == m_query.sort && order == m_query.order)
        return;
    m_query.sort = key;
    m_query.order = order;
    load(PageSize);
}

Qt::ItemFlags ConversationTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QString ConversationTableModel::conversationIdsMimeType()
{
    return QStringLiteral("application/x-handoff-conversations");
}

QStringList ConversationTableModel::mimeTypes() const
{
    return {conversationIdsMimeType()};
}

QMimeData* ConversationTableModel::mimeData(const QModelIndexList& indexes) const
{
    // A selected row comes once per column; each conversation goes once, in row order.
    QVector<int> rows;
    for (const QModelIndex& index : indexes)
        if (index.isValid() && !rows.contains(index.row()))
            rows << index.row();
    std::sort(rows.begin(), rows.end());
    QByteArray encoded;
    QDataStream out(&encoded, QIODevice::WriteOnly);
    out << m_query.campaignId;
    for (int row : std::as_const(rows))
        out << data(index(row, ContactColumn), ConversationIdRole).toLongLong();
    auto* mime = new QMimeData;
    mime->setData(conversationIdsMimeType(), encoded);
    return mime;
}

QVector<qint64> ConversationTableModel::conversationIds(const QMimeData* data, qint64 campaignId)
{
    QVector<qint64> ids;
    if (!data || !data->hasFormat(conversationIdsMimeType()))
        return ids;
    QDataStream in(data->data(conversationIdsMimeType()));
    qint64 campaign = 0;
    in >> campaign;
    if (campaign != campaignId)
        return ids;
    while (!in.atEnd()) {
        qint64 id = 0;
        in >> id;
        if (in.status() != QDataStream::Ok)
            return {};
        if (id > 0)
            ids << id;
    }
    return ids;
}

QHash<int, QByteArray> ConversationTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ConversationIdRole, "conversationId");
    names.insert(StatusRole, "status");
    names.insert(NeedsReplyRole, "needsReply");
    names.insert(OptedOutRole, "optedOut");
    names.insert(SenderIdRole, "senderId");
    names.insert(LastActivityRole, "lastActivity");
    return names;
}

} // namespace Handoff
