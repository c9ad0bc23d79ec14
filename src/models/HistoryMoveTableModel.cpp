#include "HistoryMoveTableModel.h"

#include "HistoryStore.h"

namespace Handoff {

HistoryMoveTableModel::HistoryMoveTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

void HistoryMoveTableModel::setAction(qint64 actionId)
{
    beginResetModel();
    m_announcing = true;
    m_actionId = actionId;
    m_rows = actionId == 0 ? QVector<HistoryMove>{} : HistoryStore(m_db).movesDetailed(actionId, 0, PageSize);
    m_exhausted = m_rows.size() < PageSize;
    endResetModel();
    m_announcing = false;
}

int HistoryMoveTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryMoveTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryMoveTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryMove& m = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContactColumn:
            return m.contactName;
        case PhoneColumn:
            return m.phone;
        case FromColumn:
            return m.fromName;
        case ToColumn:
            return m.toName;
        }
        return {};
    case ConversationIdRole:
        return m.conversationId;
    case FromIdRole:
        return m.from;
    case ToIdRole:
        return m.to;
    default:
        return {};
    }
}

QVariant HistoryMoveTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ContactColumn:
        return tr("Contact");
    case PhoneColumn:
        return tr("Phone");
    case FromColumn:
        return tr("From");
    case ToColumn:
        return tr("To");
    }
    return {};
}

bool HistoryMoveTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_exhausted && !m_announcing;
}

void HistoryMoveTableModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_exhausted || m_announcing)
        return;
    const QVector<HistoryMove> page = HistoryStore(m_db).movesDetailed(m_actionId, int(m_rows.size()), PageSize);
    m_exhausted = page.size() < PageSize;
    if (page.isEmpty())
        return;
    m_announcing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.size()) - 1);
    m_rows += page;
    endInsertRows();
    m_announcing = false;
}

QHash<int, QByteArray> HistoryMoveTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ConversationIdRole, "conversationId");
    names.insert(FromIdRole, "fromId");
    names.insert(ToIdRole, "toId");
    return names;
}

} // namespace Handoff
