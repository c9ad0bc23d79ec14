#include "models/SenderListModel.h"

#include "storage/CampaignStore.h"
#include "core/DisplayText.h"
#include "models/SameRows.h"
#include "models/ConversationTableModel.h"
#include "core/Clock.h"
#include "core/WaitingTime.h"

#include <QMimeData>

namespace Handoff {

SenderListModel::SenderListModel(Database& db, QObject* parent)
    : QAbstractListModel(parent)
    , m_db(db)
{
}

void SenderListModel::setCampaign(qint64 campaignId)
{
    beginResetModel();
    m_campaignId = campaignId;
    m_rows = campaignId == 0 ? QVector<SenderCounts>{} : CampaignStore(m_db).senderCounts(campaignId);
    endResetModel();
}

void SenderListModel::reload()
{
    const QVector<SenderCounts> fresh
        = m_campaignId == 0 ? QVector<SenderCounts>{} : CampaignStore(m_db).senderCounts(m_campaignId);
    if (!sameRows(m_rows, fresh, [](const SenderCounts& row) { return row.id; })) {
        beginResetModel();
        m_rows = fresh;
        endResetModel();
        return;
    }
    m_rows = fresh;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1));
}

int SenderListModel::rowOf(SenderId id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return i;
    return -1;
}

int SenderListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SenderListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SenderCounts& row = m_rows[index.row()];
    const QString progress = tr("%1/%2").arg(row.counts.started()).arg(row.counts.total());
    auto statusLine = [&row] {
        if (row.id == UnassignedId)
            return QString();
        return tr("%1 · %2").arg(presenceLabel(row.presence), WaitingTime::textedAgo(row.lastTexted, Clock::nowUtc()));
    };
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return DisplayText::visible(row.name);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        if (row.id != UnassignedId)
            return tr("%1: progress %2, needs reply %3, %4, %5")
                .arg(DisplayText::visible(row.name), progress)
                .arg(row.counts.needsReply)
                .arg(presenceLabel(row.presence).toLower(), WaitingTime::textedAgo(row.lastTexted, Clock::nowUtc()));
        return tr("%1: progress %2, needs reply %3")
            .arg(DisplayText::visible(row.name), progress)
            .arg(row.counts.needsReply);
    case PresenceRole:
        return int(row.presence);
    case LastTextedRole:
        return row.lastTexted;
    case StatusLineRole:
        return statusLine();
    case SenderIdRole:
        return row.id;
    case IsUnassignedRole:
        return row.id == UnassignedId;
    case SweeperRole:
        return row.sweeper;
    case AssignedRole:
        return row.counts.total();
    case StartedRole:
        return row.counts.started();
    case NeedsReplyRole:
        return row.counts.needsReply;
    case ProgressTextRole:
        return progress;
    default:
        return {};
    }
}

QHash<int, QByteArray> SenderListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SenderIdRole, "senderId");
    names.insert(IsUnassignedRole, "isUnassigned");
    names.insert(SweeperRole, "sweeper");
    names.insert(AssignedRole, "assigned");
    names.insert(StartedRole, "started");
    names.insert(NeedsReplyRole, "needsReply");
    names.insert(ProgressTextRole, "progressText");
    names.insert(PresenceRole, "presence");
    names.insert(LastTextedRole, "lastTexted");
    names.insert(StatusLineRole, "statusLine");
    return names;
}

Qt::ItemFlags SenderListModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

QStringList SenderListModel::mimeTypes() const
{
    return {ConversationTableModel::conversationIdsMimeType()};
}

bool SenderListModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int,
                                      const QModelIndex& parent) const
{
    // Onto a row only: between two senders means nobody.
    return parent.isValid() && parent.row() < m_rows.size()
        && !ConversationTableModel::conversationIds(data, m_campaignId).isEmpty();
}

bool SenderListModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                                   const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    emit conversationsDropped(ConversationTableModel::conversationIds(data, m_campaignId), m_rows[parent.row()].id);
    // Nothing moved here: the dragged rows stay where they are until the dialog's OK.
    return false;
}

} // namespace Handoff
