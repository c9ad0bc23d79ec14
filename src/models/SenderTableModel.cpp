#include "models/SenderTableModel.h"

#include "storage/CampaignStore.h"
#include "models/ConversationTableModel.h"
#include "core/DisplayText.h"
#include "models/SameRows.h"
#include "core/Clock.h"
#include "core/WaitingTime.h"

#include <QHash>
#include <QLocale>

namespace Handoff {

SenderTableModel::SenderTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

QVector<SenderTableModel::Row> SenderTableModel::read() const
{
    QVector<Row> rows;
    if (m_campaignId == 0)
        return rows;
    const CampaignStore store(m_db);
    QHash<SenderId, StatusCounts> counts;
    for (const SenderCounts& s : store.senderCounts(m_campaignId))
        counts.insert(s.id, s.counts);
    for (const CampaignSender& s : store.campaignSenders(m_campaignId))
        rows << Row{s, counts.value(s.id), s.lastTexted};
    return rows;
}

void SenderTableModel::setCampaign(qint64 campaignId)
{
    beginResetModel();
    m_campaignId = campaignId;
    m_rows = read();
    endResetModel();
}

void SenderTableModel::reload()
{
    QVector<Row> fresh = read();
    if (!sameRows(m_rows, fresh, [](const Row& row) { return row.sender.id; })) {
        beginResetModel();
        m_rows = std::move(fresh);
        endResetModel();
        return;
    }
    m_rows = std::move(fresh);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int SenderTableModel::rowOf(SenderId id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].sender.id == id)
            return i;
    return -1;
}

std::optional<CampaignSender> SenderTableModel::senderAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row].sender;
}

int SenderTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SenderTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SenderTableModel::count(const Row& row, int column) const
{
    switch (column) {
    case TotalColumn:
        return row.counts.total();
    case NeedsReplyColumn:
        return row.counts.needsReply;
    case NotStartedColumn:
        return row.counts.notStarted;
    case WaitingColumn:
        return row.counts.waiting;
    case OptedOutColumn:
        return row.counts.optedOut;
    default:
        return {};
    }
}

QVariant SenderTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return DisplayText::visible(row.sender.name);
        case EmailColumn:
            return DisplayText::visible(row.sender.email);
        case NumberColumn:
            return row.sender.number;
        case SweeperColumn:
            return row.sender.sweeper ? tr("Sweeper") : QString();
        case PresenceColumn:
            return presenceLabel(row.sender.presence);
        case LastMessageColumn:
            return row.lastMessage.isValid()
                ? QLocale().toString(row.lastMessage.toLocalTime(), ConversationTableModel::activityFormat())
                : tr("Never");
        default:
            return QLocale().toString(count(row, column).toInt());
        }
    case Qt::EditRole:
        return column == NumberColumn ? QVariant(row.sender.number) : QVariant();
    case Qt::TextAlignmentRole:
        if (column >= TotalColumn && column <= OptedOutColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        if (column == NameColumn)
            return tr("%1: %2 conversations, %3 need a reply, %4 not started, %5")
                .arg(DisplayText::visible(row.sender.name))
                .arg(row.counts.total())
                .arg(row.counts.needsReply)
                .arg(row.counts.notStarted)
                .arg(presenceLabel(row.sender.presence).toLower());
        if (column == LastMessageColumn)
            return WaitingTime::textedAgo(row.lastMessage, Clock::nowUtc());
        if (column == NumberColumn)
            return row.sender.number.isEmpty()
                ? tr("No texting number: double-click or press F2 to give one")
                : tr("Texts from %1: message logs that name no sender are matched by it").arg(row.sender.number);
        return {};
    case PresenceRole:
        return int(row.sender.presence);
    case SenderIdRole:
        return row.sender.id;
    case SweeperRole:
        return row.sender.sweeper;
    case LastMessageRole:
        return row.lastMessage;
    case SortRole:
        switch (column) {
        case NameColumn:
            return row.sender.name.toLower();
        case EmailColumn:
            return row.sender.email.toLower();
        case NumberColumn:
            return row.sender.number;
        case SweeperColumn:
            return row.sender.sweeper;
        case PresenceColumn:
            return int(row.sender.presence);
        case LastMessageColumn:
            // Never texted sorts before anyone who did.
            return row.lastMessage.isValid() ? row.lastMessage.toMSecsSinceEpoch() : qint64(-1);
        default:
            return count(row, column);
        }
    default:
        return {};
    }
}

QVariant SenderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Sender");
    case EmailColumn:
        return tr("Email");
    case NumberColumn:
        return tr("Texting Number");
    case SweeperColumn:
        return tr("Sweeper");
    case PresenceColumn:
        return tr("Presence");
    case TotalColumn:
        return tr("Total");
    case NeedsReplyColumn:
        return tr("Needs Reply");
    case NotStartedColumn:
        return tr("Not Started");
    case WaitingColumn:
        return tr("Waiting");
    case OptedOutColumn:
        return tr("Opted Out");
    case LastMessageColumn:
        return tr("Last Message");
    }
    return {};
}

QHash<int, QByteArray> SenderTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SenderIdRole, "senderId");
    names.insert(SweeperRole, "sweeper");
    names.insert(SortRole, "sortValue");
    names.insert(LastMessageRole, "lastMessage");
    names.insert(PresenceRole, "presence");
    return names;
}

Qt::ItemFlags SenderTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NumberColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool SenderTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != NumberColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const CampaignSender& sender = m_rows[index.row()].sender;
    const QString typed = value.toString().trimmed();
    if (typed == sender.number)
        return false;
    emit numberEdited(sender.id, typed);
    return false;
}

} // namespace Handoff
