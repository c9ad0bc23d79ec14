#include "gui/history/HistoryTab.h"

#include "models/ConversationTableModel.h"
#include "storage/Database.h"
#include "models/HistoryMoveTableModel.h"
#include "models/HistoryTableModel.h"
#include "gui/MessageBox.h"
#include "storage/MoveStore.h"
#include "controller/ReassignmentController.h"
#include "history/ui_HistoryTab.h"

#include <QAction>
#include <QHeaderView>
#include <QLocale>
#include <QTableView>

namespace Handoff {

namespace {
// Rows as tall as the user's font needs, which a form cannot know.
void fitRowsToFont(QTableView* table)
{
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
}
} // namespace

HistoryTab::HistoryTab(Database& db, ReassignmentController& controller, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryTab>())
    , m_db(db)
    , m_controller(controller)
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("historyTab"));
    m_ui->setupUi(this);
    m_model = new HistoryTableModel(db, this);
    m_moves = new HistoryMoveTableModel(db, this);

    // A form cannot give a tool button its action.
    m_ui->undoSelectedButton->setDefaultAction(m_ui->undoSelectedAction);
    connect(m_ui->undoSelectedAction, &QAction::triggered, this, &HistoryTab::undoSelected);

    QTableView* table = m_ui->historyTableView;
    table->setModel(m_model);
    fitRowsToFont(table);
    // Column widths follow the user's font and locale.
    const QFontMetrics metrics = table->fontMetrics();
    QHeaderView* header = table->horizontalHeader();
    auto fit = [&](int column, const QString& sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 24);
    };
    fit(HistoryTableModel::IdColumn, QStringLiteral("#00000"));
    fit(HistoryTableModel::WhenColumn,
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), ConversationTableModel::activityFormat()));
    fit(HistoryTableModel::WhoColumn, QStringLiteral("guadalupe.h"));
    fit(HistoryTableModel::ScopeColumn, QStringLiteral("Sender: Guadalupe Harris"));
    fit(HistoryTableModel::ActionColumn, QStringLiteral("Reassign Conversation"));
    fit(HistoryTableModel::StatusColumn, QStringLiteral("Status Filter"));
    fit(HistoryTableModel::MovedColumn,
        QStringLiteral("1,000 → Guadalupe Harris, 1,000 → Ben Okafor, 1,000 → Ana"));
    fit(HistoryTableModel::SkippedColumn, QStringLiteral("Skipped"));

    QTableView* moves = m_ui->movesTableView;
    moves->setModel(m_moves);
    fitRowsToFont(moves);
    QHeaderView* movesHeader = moves->horizontalHeader();
    movesHeader->resizeSection(HistoryMoveTableModel::ContactColumn,
                               metrics.horizontalAdvance(QStringLiteral("Guadalupe Harris")) + 24);
    movesHeader->resizeSection(HistoryMoveTableModel::PhoneColumn,
                               metrics.horizontalAdvance(QStringLiteral("+14155550123")) + 24);
    movesHeader->resizeSection(HistoryMoveTableModel::FromColumn,
                               metrics.horizontalAdvance(QStringLiteral("Guadalupe Harris")) + 24);
    // Designer has no property for a splitter's stretch factors.
    m_ui->historySplitter->setStretchFactor(0, 3);
    m_ui->historySplitter->setStretchFactor(1, 2);

    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryTab::showMoves);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryTab::showMoves);
    showMoves();
}

HistoryTab::~HistoryTab() = default;

QAction* HistoryTab::undoSelectedAction() const
{
    return m_ui->undoSelectedAction;
}

void HistoryTab::setExportAction(QAction* action)
{
    m_ui->exportHistoryButton->setDefaultAction(action);
}

void HistoryTab::setCampaign(qint64 campaignId)
{
    // Until the new campaign's history is read, nothing may undo the old one's.
    if (campaignId != m_campaignId)
        m_ui->historyTableView->clearSelection();
    m_campaignId = campaignId;
    refresh();
}

void HistoryTab::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

void HistoryTab::refresh()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    reload();
}

void HistoryTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale || m_model->campaignId() != m_campaignId)
        reload();
}

void HistoryTab::reload()
{
    m_stale = false;
    const std::optional<qint64> selected = selectedActionId();
    if (m_model->campaignId() != m_campaignId)
        m_model->setCampaign(m_campaignId);
    else
        m_model->reload();
    if (selected)
        selectAction(*selected);
    showMoves();
}

std::optional<qint64> HistoryTab::selectedActionId() const
{
    const QModelIndexList rows = m_ui->historyTableView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().data(HistoryTableModel::ActionIdRole).toLongLong();
}

void HistoryTab::selectAction(qint64 actionId)
{
    const int row = m_model->rowOf(actionId);
    if (row < 0)
        return;
    m_ui->historyTableView->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void HistoryTab::showMoves()
{
    const std::optional<qint64> id = selectedActionId();
    const std::optional<HistoryEntry> entry = id ? m_model->entryAt(m_model->rowOf(*id)) : std::nullopt;
    if (m_moves->actionId() != (entry ? entry->id : 0))
        m_moves->setAction(entry ? entry->id : 0);
    if (!entry) {
        m_ui->movesLabel->setText(m_model->rowCount() == 0
                ? tr("Nothing was reassigned in this campaign yet.")
                : tr("Select an action to see its conversations."));
    } else {
        const QString count = entry->result.moved == 1
            ? tr("1 conversation")
            : tr("%1 conversations").arg(QLocale().toString(entry->result.moved));
        m_ui->movesLabel->setText(
            tr("<b>#%1 %2</b> by %3 moved %4 (from → to):")
                .arg(entry->id)
                .arg(actionLabel(entry->action).toHtmlEscaped(), entry->actor.toHtmlEscaped(), count));
    }
    updateActions();
}

void HistoryTab::updateActions()
{
    const std::optional<qint64> id = selectedActionId();
    const bool undoable = id && m_model->index(m_model->rowOf(*id), 0).data(HistoryTableModel::UndoableRole).toBool();
    m_ui->undoSelectedAction->setEnabled(undoable && !m_readOnly && !m_busy && m_campaignId != 0);
}

QString HistoryTab::undoSummary(const ReassignResult& result)
{
    QVector<TargetCount> targets;
    for (const TargetCount& t : result.movedPerTarget)
        if (t.count > 0)
            targets << t;
    QString text = result.moved == 1 ? tr("Undone. Restored 1 conversation")
                                     : tr("Undone. Restored %1 conversations").arg(QLocale().toString(result.moved));
    if (!targets.isEmpty())
        text += QStringLiteral(": ") + targetCountsText(targets);
    text += QLatin1Char('.');
    if (result.skipped() == 0)
        return text;
    const QStringList why = result.skipReasons();
    return text + QLatin1Char(' ')
        + (result.skipped() == 1
                ? tr("Could not restore 1: %1.").arg(why.join(QStringLiteral(", ")))
                : tr("Could not restore %1: %2.").arg(result.skipped()).arg(why.join(QStringLiteral(", "))));
}

void HistoryTab::setBackgroundThreshold(int conversations)
{
    m_backgroundThreshold = conversations;
}

void HistoryTab::undoLast()
{
    if (m_campaignId == 0 || m_readOnly || m_busy)
        return;
    // Ctrl+Z works from any tab, while this one's model may be hidden and stale: the
    // store says which action comes back, and how large it is.
    const std::optional<HistoryEntry> last = MoveStore(m_db).lastUndoable(m_campaignId);
    startUndo(last ? last->result.moved : 0,
              [campaignId = m_campaignId](ReassignmentController& controller, const std::atomic<bool>* cancelled) {
                  return controller.undoLast(campaignId, cancelled);
              },
              false);
}

void HistoryTab::undoSelected()
{
    const std::optional<qint64> id = selectedActionId();
    if (!id || m_readOnly || m_busy)
        return;
    startUndo(m_model->index(m_model->rowOf(*id), 0).data(HistoryTableModel::MovedRole).toInt(),
              [actionId = *id](ReassignmentController& controller, const std::atomic<bool>* cancelled) {
                  return controller.undo(actionId, cancelled);
              },
              true);
}

void HistoryTab::startUndo(int moves, const BackgroundReassignment::Call& undo, bool explicitChoice)
{
    if (moves < m_backgroundThreshold) {
        finishUndo(undo(m_controller, nullptr), explicitChoice);
        return;
    }
    setBusy(true);
    BackgroundReassignment::start(this, m_db.url(), m_controller.actor(), tr("Undoing"),
                                  tr("Restoring %1 conversations…").arg(QLocale().toString(moves)), undo,
                                  [this, explicitChoice](const std::optional<Outcome<ReassignResult>>& outcome) {
                                      setBusy(false);
                                      if (!outcome) {
                                          emit statusMessage(tr("Cancelled: nothing was undone."));
                                          return;
                                      }
                                      finishUndo(*outcome, explicitChoice);
                                  });
}

void HistoryTab::setBusy(bool busy)
{
    m_busy = busy;
    updateActions();
    emit busyChanged(busy);
}

void HistoryTab::finishUndo(const Outcome<ReassignResult>& outcome, bool explicitChoice)
{
    if (!outcome) {
        emit statusMessage(outcome.error());
        // A button pressed deserves an answer; Ctrl+Z with nothing left is said in the status bar.
        if (explicitChoice)
            MessageBox::warning(this, tr("Undo"), outcome.error());
        return;
    }
    const QString summary = undoSummary(*outcome);
    emit statusMessage(summary);
    if (outcome->skipped() > 0)
        MessageBox::information(this, tr("Undo"), summary);
    reload();
    selectAction(outcome->actionId);
    emit campaignDataChanged();
}

} // namespace Handoff
