#include "SendersTab.h"

#include "ActionToolTip.h"
#include "CampaignService.h"
#include "CampaignStore.h"
#include "Database.h"
#include "MessageBox.h"
#include "ReassignmentController.h"
#include "SenderTableModel.h"
#include "dialogs/AddSendersDialog.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Handoff {

namespace {
QToolButton* actionButton(QAction* action, const QString& objectName, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAccessibleName(QString(action->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
    return button;
}

QString names(const QVector<CampaignSender>& senders)
{
    QStringList list;
    for (const CampaignSender& s : senders)
        list << s.name;
    return list.join(QStringLiteral(", "));
}
} // namespace

SendersTab::SendersTab(Database& db, ReassignmentController& controller, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_controller(controller)
    , m_runDialog([](QDialog& dialog) { return dialog.exec(); })
{
    setObjectName(QStringLiteral("sendersTab"));
    setAccessibleName(tr("Senders"));
    m_model = new SenderTableModel(db, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SenderTableModel::SortRole);
    createActions();

    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(actionButton(m_addAction, QStringLiteral("addSendersButton"), this));
    bar->addWidget(actionButton(m_markSweeperAction, QStringLiteral("markSweeperButton"), this));
    bar->addWidget(actionButton(m_unmarkSweeperAction, QStringLiteral("unmarkSweeperButton"), this));
    bar->addWidget(actionButton(m_removeAction, QStringLiteral("removeSendersButton"), this));
    bar->addStretch(1);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("sendersSummaryLabel"));
    bar->addWidget(m_summaryLabel);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("senderTableView"));
    m_table->setAccessibleName(tr("Campaign senders"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SenderTableModel::NameColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_addAction, m_markSweeperAction, m_unmarkSweeperAction, m_removeAction});
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    const QFontMetrics metrics = m_table->fontMetrics();
    header->resizeSection(SenderTableModel::NameColumn,
        metrics.horizontalAdvance(QStringLiteral("Guadalupe Harris-Okafor")) + 24);
    header->resizeSection(SenderTableModel::EmailColumn,
                          metrics.horizontalAdvance(QStringLiteral("guadalupe.harris@neighborsvote.org")) + 24);
    for (int column = SenderTableModel::SweeperColumn; column < SenderTableModel::LastMessageColumn; ++column)
        header->resizeSection(column,
            std::max(metrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()),
                metrics.horizontalAdvance(QStringLiteral("00,000")))
                + 36);
    layout->addWidget(m_table, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SendersTab::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SendersTab::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SendersTab::updateActions);
    updateActions();
}

void SendersTab::createActions()
{
    m_addAction = new QAction(tr("&Add Senders…"), this);
    m_addAction->setObjectName(QStringLiteral("addSendersAction"));
    m_addAction->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    m_addAction->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    setToolTipWithShortcut(m_addAction, tr("Add senders from the roster, or new ones, to the campaign"));
    m_markSweeperAction = new QAction(tr("&Mark as Sweeper"), this);
    m_markSweeperAction->setObjectName(QStringLiteral("markSweeperAction"));
    m_markSweeperAction->setShortcut(QKeySequence(tr("Ctrl+Shift+W")));
    m_markSweeperAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    setToolTipWithShortcut(m_markSweeperAction,
        tr("Sweepers answer replies; \"Select sweepers\" in a reassign dialog picks them"));
    m_unmarkSweeperAction = new QAction(tr("U&nmark Sweeper"), this);
    m_unmarkSweeperAction->setObjectName(QStringLiteral("unmarkSweeperAction"));
    setToolTipWithShortcut(m_unmarkSweeperAction, tr("Make the selected senders ordinary senders again"));
    // The keys of the actions on the selection belong to this tab only: they must not
    // act on senders the manager cannot see.
    m_removeAction = new QAction(tr("&Remove from Campaign…"), this);
    m_removeAction->setObjectName(QStringLiteral("removeSendersAction"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_removeAction->setIcon(QIcon::fromTheme(QStringLiteral("list-remove")));
    setToolTipWithShortcut(m_removeAction,
        tr("Take the selected senders off the campaign; their conversations go to Unassigned"));
    addActions({m_markSweeperAction, m_removeAction});

    connect(m_addAction, &QAction::triggered, this, &SendersTab::addSenders);
    connect(m_markSweeperAction, &QAction::triggered, this, [this] { setSweeper(true); });
    connect(m_unmarkSweeperAction, &QAction::triggered, this, [this] { setSweeper(false); });
    connect(m_removeAction, &QAction::triggered, this, &SendersTab::removeSelected);
}

void SendersTab::setDialogRunner(DialogRunner runner)
{
    m_runDialog = std::move(runner);
}

void SendersTab::setCampaign(qint64 campaignId)
{
    // Until the new campaign's senders are read, nothing may act on the old one's.
    if (campaignId != m_campaignId)
        m_table->clearSelection();
    m_campaignId = campaignId;
    refresh();
}

void SendersTab::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

void SendersTab::refresh()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    reload();
}

void SendersTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale || m_model->campaignId() != m_campaignId)
        reload();
}

void SendersTab::reload()
{
    m_stale = false;
    if (m_model->campaignId() != m_campaignId)
        m_model->setCampaign(m_campaignId);
    else
        m_model->reload();
    int sweepers = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        sweepers += m_model->senderAt(row)->sweeper ? 1 : 0;
    const int senders = m_model->rowCount();
    m_summaryLabel->setText((senders == 1 ? tr("1 sender") : tr("%1 senders").arg(QLocale().toString(senders)))
                            + QStringLiteral(" · ")
                            + (sweepers == 1 ? tr("1 sweeper") : tr("%1 sweepers").arg(QLocale().toString(sweepers))));
    updateActions();
}

QVector<CampaignSender> SendersTab::selectedSenders() const
{
    QVector<CampaignSender> result;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows)
        if (const auto sender = m_model->senderAt(m_proxy->mapToSource(index).row()))
            result << *sender;
    return result;
}

void SendersTab::selectSenders(const QVector<SenderId>& ids)
{
    QItemSelection selection;
    for (SenderId id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        selection.select(index, index);
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_table->scrollTo(selection.indexes().first());
}

void SendersTab::updateActions()
{
    const bool editable = m_campaignId != 0 && !m_readOnly;
    const QVector<CampaignSender> selected = selectedSenders();
    const bool anySweeper = std::any_of(selected.cbegin(), selected.cend(), [](const auto& s) { return s.sweeper; });
    const bool anyOther = std::any_of(selected.cbegin(), selected.cend(), [](const auto& s) { return !s.sweeper; });
    m_addAction->setEnabled(editable);
    m_markSweeperAction->setEnabled(editable && anyOther);
    m_unmarkSweeperAction->setEnabled(editable && anySweeper);
    m_removeAction->setEnabled(editable && !selected.isEmpty());
}

void SendersTab::addSenders()
{
    if (m_campaignId == 0 || m_readOnly)
        return;
    const CampaignStore store(m_db);
    AddSendersDialog dialog(store.roster(), store.campaignSenders(m_campaignId), this);
    if (m_runDialog(dialog) != QDialog::Accepted)
        return;
    const Outcome<QVector<SenderId>> added = CampaignService(m_db).addSenders(
        m_campaignId, dialog.newSenders(), dialog.chosenRosterSenders(), dialog.asSweepers());
    if (!added) {
        MessageBox::warning(this, tr("Add Senders"), tr("No sender was added: %1").arg(added.error()));
        return;
    }
    reload();
    selectSenders(*added);
    const QVector<CampaignSender> now = selectedSenders();
    emit statusMessage(now.size() == 1 ? tr("Added %1 to the campaign.").arg(now.first().name)
                                       : tr("Added %1 senders to the campaign: %2.").arg(now.size()).arg(names(now)));
    emit sendersChanged();
}

void SendersTab::setSweeper(bool sweeper)
{
    if (m_campaignId == 0 || m_readOnly)
        return;
    if (m_stale)
        reload();
    QVector<CampaignSender> changing;
    for (const CampaignSender& s : selectedSenders())
        if (s.sweeper != sweeper)
            changing << s;
    if (changing.isEmpty())
        return;
    CampaignService service(m_db);
    for (const CampaignSender& s : std::as_const(changing)) {
        if (const Outcome<Done> done = service.setSweeper(m_campaignId, s.id, sweeper); !done) {
            MessageBox::warning(this, tr("Sweepers"), done.error());
            break;
        }
    }
    reload();
    if (changing.size() == 1)
        emit statusMessage(sweeper ? tr("%1 is a sweeper now.").arg(changing.first().name)
                                   : tr("%1 is no longer a sweeper.").arg(changing.first().name));
    else
        emit statusMessage(sweeper ? tr("%1 are sweepers now.").arg(names(changing))
                                   : tr("%1 are no longer sweepers.").arg(names(changing)));
    emit sendersChanged();
}

void SendersTab::removeSelected()
{
    if (m_campaignId == 0 || m_readOnly)
        return;
    // The confirmation must count what they hold now.
    if (m_stale)
        reload();
    const QVector<CampaignSender> leaving = selectedSenders();
    if (leaving.isEmpty())
        return;
    int conversations = 0;
    for (const CampaignSender& s : leaving)
        conversations += m_model->index(m_model->rowOf(s.id), SenderTableModel::TotalColumn)
                             .data(SenderTableModel::SortRole)
                             .toInt();
    const QString who = leaving.size() == 1 ? leaving.first().name
                                            : tr("%1 senders (%2)").arg(leaving.size()).arg(names(leaving));
    const QString what = conversations == 0 ? tr("They hold no conversations.")
        : conversations == 1
        ? tr("Their 1 conversation will go to Unassigned.")
        : tr("Their %1 conversations will go to Unassigned.").arg(QLocale().toString(conversations));
    const QString text = tr("Remove %1 from the campaign? %2 Edit ▸ Undo puts them back.").arg(who, what);
    if (MessageBox::question(
            this, tr("Remove from Campaign"), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;

    int moved = 0;
    QStringList removed;
    for (const CampaignSender& s : leaving) {
        const Outcome<ReassignResult> result = m_controller.removeSender(m_campaignId, s.id);
        if (!result) {
            MessageBox::warning(this, tr("Remove from Campaign"), result.error());
            break;
        }
        moved += result->moved;
        removed << s.name;
    }
    reload();
    if (!removed.isEmpty()) {
        emit statusMessage(moved == 1
                ? tr("Removed %1; 1 conversation went to Unassigned.").arg(removed.join(QStringLiteral(", ")))
                : tr("Removed %1; %2 conversations went to Unassigned.")
                      .arg(removed.join(QStringLiteral(", ")), QLocale().toString(moved)));
        emit sendersChanged();
    }
}

} // namespace Handoff
