#include "models/HistoryMoveTableModel.h"

#include "core/DisplayText.h"
#include "storage/MoveStore.h"

namespace Handoff {

HistoryMoveTableModel::HistoryMoveTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

void HistoryMoveTableModel::setAction(qint64 actionId)
{
    beginResetModel();
    m_actionId = actionId;
    m_cache.clear();
    m_rowCount = actionId == 0 ? 0 : MoveStore(m_db).moveCount(actionId);
    endResetModel();
}

int HistoryMoveTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int HistoryMoveTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryMoveTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryMove* found = m_cache.row(index.row(), [this](int page) {
        return MoveStore(m_db).movesDetailed(m_actionId, page * PageSize, PageSize);
    });
    if (!found)
        return {};
    const HistoryMove& m = *found;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContactColumn:
            return DisplayText::visible(m.contactName);
        case PhoneColumn:
            return DisplayText::visible(m.phone);
        case FromColumn:
            return DisplayText::visible(m.fromName);
        case ToColumn:
            return DisplayText::visible(m.toName);
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

QHash<int, QByteArray> HistoryMoveTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ConversationIdRole, "conversationId");
    names.insert(FromIdRole, "fromId");
    names.insert(ToIdRole, "toId");
    return names;
}

} // namespace Handoff
