#include "models/HistoryTableModel.h"

#include "models/ConversationTableModel.h"
#include "core/DisplayText.h"
#include "storage/MoveStore.h"

#include <QFont>
#include <QLocale>

namespace Handoff {

HistoryTableModel::HistoryTableModel(Database& db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
{
}

void HistoryTableModel::setCampaign(qint64 campaignId)
{
    m_campaignId = campaignId;
    reload();
}

void HistoryTableModel::reload()
{
    beginResetModel();
    m_rows = m_campaignId == 0 ? QVector<HistoryEntry>{} : MoveStore(m_db).history(m_campaignId);
    endResetModel();
}

int HistoryTableModel::rowOf(qint64 actionId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == actionId)
            return i;
    return -1;
}

std::optional<HistoryEntry> HistoryTableModel::entryAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

int HistoryTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryTableModel::movedText(const HistoryEntry& entry)
{
    if (entry.result.movedPerTarget.isEmpty())
        return QLocale().toString(entry.result.moved);
    QVector<TargetCount> shown = entry.result.movedPerTarget;
    for (TargetCount& t : shown)
        t.name = DisplayText::visible(t.name);
    return targetCountsText(shown);
}

QString HistoryTableModel::skippedText(const HistoryEntry& entry)
{
    QStringList reasons = entry.result.skipReasons();
    if (entry.result.leftByCap > 0)
        reasons << tr("%1 left where they were by the cap").arg(QLocale().toString(entry.result.leftByCap));
    return reasons.join(QLatin1Char('\n'));
}

QString HistoryTableModel::scopeText(const HistoryEntry& entry) const
{
    if (entry.scope == ReassignScope::Sender)
        return tr("Sender: %1").arg(DisplayText::visible(entry.sourceName));
    return scopeLabel(entry.scope);
}

QString HistoryTableModel::undoText(const HistoryEntry& entry) const
{
    if (entry.undoes != 0)
        return tr("Undoes #%1").arg(entry.undoes);
    if (entry.undoneBy != 0)
        return tr("Undone by #%1").arg(entry.undoneBy);
    return {};
}

QVariant HistoryTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry& e = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return tr("#%1").arg(e.id);
        case WhenColumn:
            return QLocale().toString(e.at.toLocalTime(), ConversationTableModel::activityFormat());
        case WhoColumn:
            return DisplayText::visible(e.actor);
        case ScopeColumn:
            return scopeText(e);
        case ActionColumn:
            return actionLabel(e.action);
        case StatusColumn:
            return statusFilterLabel(e.status);
        case MovedColumn:
            return movedText(e);
        case SkippedColumn:
            return QLocale().toString(e.result.skipped());
        case UndoColumn:
            return undoText(e);
        case NoteColumn:
            return DisplayText::visible(e.note);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SkippedColumn)
            return skippedText(e);
        if (index.column() == WhenColumn)
            return QLocale().toString(e.at.toLocalTime(), QLocale::LongFormat);
        if (index.column() == MovedColumn)
            return QString((e.result.moved == 1 ? tr("1 conversation moved")
                                                : tr("%1 conversations moved").arg(e.result.moved))
                           + QLatin1Char('\n') + movedText(e));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SkippedColumn || index.column() == IdColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        // An undone action stays in the history, struck through, so the record stays whole.
        if (e.undoneBy != 0 && index.column() == ActionColumn) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case ActionIdRole:
        return e.id;
    case UndoableRole:
        return e.action != ReassignAction::Undo && e.undoneBy == 0;
    case UndoneRole:
        return e.undoneBy != 0;
    case MovedRole:
        return e.result.moved;
    default:
        return {};
    }
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("#");
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case ScopeColumn:
        return tr("Scope");
    case ActionColumn:
        return tr("Action");
    case StatusColumn:
        return tr("Status Filter");
    case MovedColumn:
        return tr("Moved");
    case SkippedColumn:
        return tr("Skipped");
    case UndoColumn:
        return tr("Undo");
    case NoteColumn:
        return tr("Note");
    }
    return {};
}

QHash<int, QByteArray> HistoryTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ActionIdRole, "actionId");
    names.insert(UndoableRole, "undoable");
    names.insert(UndoneRole, "undone");
    names.insert(MovedRole, "moved");
    return names;
}

} // namespace Handoff
