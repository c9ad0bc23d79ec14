#include "ConversationTableModel.h"

#include <QLocale>

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
    load(std::max(PageSize, int(m_rows.size())));
}

void ConversationTableModel::load(int rows)
{
    beginResetModel();
    m_announcing = true;
    if (m_query.campaignId == 0) {
        m_rows.clear();
        m_exhausted = true;
    } else {
        m_rows = ConversationStore(m_db).conversations(m_query, 0, rows);
        m_exhausted = m_rows.size() < rows;
    }
    endResetModel();
    m_announcing = false;
}

int ConversationTableModel::rowOf(qint64 conversationId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == conversationId)
            return i;
    return -1;
}

std::optional<Conversation> ConversationTableModel::conversationAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

int ConversationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConversationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConversationTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation& c = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContactColumn:
            return c.contactName();
        case PhoneColumn:
            return c.phone;
        case StatusColumn:
            return statusLabel(c.status);
        case LastMessageColumn:
            return c.lastMessage.simplified();
        case LastActivityColumn:
            return c.lastActivity.isValid() ? QLocale().toString(c.lastActivity.toLocalTime(), activityFormat())
                                            : QString();
        case SenderColumn:
            return c.senderId == UnassignedId ? tr("Unassigned") : c.senderName;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastMessageColumn && !c.lastMessage.isEmpty())
            return c.lastMessage;
        return {};
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
    }
    return {};
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
    const QVector<Conversation> page = ConversationStore(m_db).conversations(m_query, int(m_rows.size()), PageSize);
    m_exhausted = page.size() < PageSize;
    if (page.isEmpty())
        return;
    m_announcing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    m_rows += page;
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
    if (key == m_query.sort && order == m_query.order)
        return;
    m_query.sort = key;
    m_query.order = order;
    load(PageSize);
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
