#include "gui/senders/SendersTab.h"

#include "gui/ActionToolTip.h"
#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/MessageBox.h"
#include "controller/ReassignmentController.h"
#include "models/SenderTableModel.h"
#include "gui/senders/AddSendersDialog.h"
#include "senders/ui_SendersTab.h"

#include <QAction>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace Handoff {

namespace {
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
    , m_ui(std::make_unique<Ui::SendersTab>())
    , m_db(db)
    , m_controller(controller)
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("sendersTab"));
    m_ui->setupUi(this);
    m_model = new SenderTableModel(db, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SenderTableModel::SortRole);
    setUpActions();

    // A form can give neither a tool button its action nor a plain widget its actions:
    // Designer puts actions only in menus and toolbars.
    m_ui->addSendersButton->setDefaultAction(m_ui->addSendersAction);
    m_ui->markSweeperButton->setDefaultAction(m_ui->markSweeperAction);
    m_ui->unmarkSweeperButton->setDefaultAction(m_ui->unmarkSweeperAction);
    m_ui->removeSendersButton->setDefaultAction(m_ui->removeSendersAction);
    // Designer cannot give a tool button a menu of its own.
    auto* presenceMenu = new QMenu(m_ui->presenceButton);
    presenceMenu->setObjectName(QStringLiteral("presenceMenu"));
    presenceMenu->addActions({m_ui->onShiftAction, m_ui->awayAction, m_ui->doneForTodayAction});
    m_ui->presenceButton->setMenu(presenceMenu);
    QTableView* table = m_ui->senderTableView;
    auto* separator = new QAction(table);
    separator->setSeparator(true);
    table->addActions({m_ui->addSendersAction, m_ui->markSweeperAction, m_ui->unmarkSweeperAction,
                       m_ui->removeSendersAction, m_ui->editNumberAction, separator, m_ui->onShiftAction,
                       m_ui->awayAction, m_ui->doneForTodayAction});

    table->setModel(m_proxy);
    table->sortByColumn(SenderTableModel::NameColumn, Qt::AscendingOrder);
    // Row height and column widths follow the user's font, which a form cannot know.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QHeaderView* header = table->horizontalHeader();
    const QFontMetrics metrics = table->fontMetrics();
    header->resizeSection(SenderTableModel::NameColumn,
        metrics.horizontalAdvance(QStringLiteral("Guadalupe Harris-Okafor")) + 24);
    header->resizeSection(SenderTableModel::EmailColumn,
                          metrics.horizontalAdvance(QStringLiteral("guadalupe.harris@neighborsvote.org")) + 24);
    for (int column = SenderTableModel::SweeperColumn; column < SenderTableModel::LastMessageColumn; ++column)
        header->resizeSection(column,
            std::max(metrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()),
                metrics.horizontalAdvance(QStringLiteral("00,000")))
                + 36);
    header->resizeSection(SenderTableModel::NumberColumn,
                          metrics.horizontalAdvance(QStringLiteral("+14155550100")) + 24);
    header->resizeSection(SenderTableModel::PresenceColumn,
                          metrics.horizontalAdvance(presenceLabel(Presence::Done)) + 24);

    connect(
        table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SendersTab::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SendersTab::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SendersTab::updateActions);
    // After the editor has closed: the message box of a refusal must not fight it.
    connect(m_model, &SenderTableModel::numberEdited, this,
            [this](SenderId sender, const QString& typed) {
                QMetaObject::invokeMethod(this, [this, sender, typed] { setTextingNumber(sender, typed); },
                                          Qt::QueuedConnection);
            });
    updateActions();
}

SendersTab::~SendersTab() = default;

QAction* SendersTab::addSendersAction() const
{
    return m_ui->addSendersAction;
}

QAction* SendersTab::markSweeperAction() const
{
    return m_ui->markSweeperAction;
}

QAction* SendersTab::unmarkSweeperAction() const
{
    return m_ui->unmarkSweeperAction;
}

QAction* SendersTab::removeSendersAction() const
{
    return m_ui->removeSendersAction;
}

QAction* SendersTab::editNumberAction() const
{
    return m_ui->editNumberAction;
}

QList<QAction*> SendersTab::presenceActions() const
{
    return {m_ui->onShiftAction, m_ui->awayAction, m_ui->doneForTodayAction};
}

void SendersTab::setUpActions()
{
    // The platform's own delete key, which a form cannot name.
    m_ui->removeSendersAction->setShortcut(QKeySequence::Delete);
    for (QAction* action : {m_ui->addSendersAction, m_ui->markSweeperAction, m_ui->unmarkSweeperAction,
                            m_ui->removeSendersAction})
        addShortcutToToolTip(action);
    // The keys of the actions on the selection belong to this tab only (their shortcut
    // context): they must not act on senders the manager cannot see.
    addActions({m_ui->markSweeperAction, m_ui->removeSendersAction});

    connect(m_ui->addSendersAction, &QAction::triggered, this, &SendersTab::addSenders);
    connect(m_ui->markSweeperAction, &QAction::triggered, this, [this] { setSweeper(true); });
    connect(m_ui->unmarkSweeperAction, &QAction::triggered, this, [this] { setSweeper(false); });
    connect(m_ui->removeSendersAction, &QAction::triggered, this, &SendersTab::removeSelected);
    connect(m_ui->editNumberAction, &QAction::triggered, this, [this] {
        QTableView* table = m_ui->senderTableView;
        const QModelIndexList rows = table->selectionModel()->selectedRows();
        if (rows.size() != 1)
            return;
        const QModelIndex number = m_proxy->index(rows.first().row(), SenderTableModel::NumberColumn);
        table->selectionModel()->setCurrentIndex(number, QItemSelectionModel::NoUpdate);
        table->edit(number);
    });
    connect(m_ui->onShiftAction, &QAction::triggered, this, [this] { setPresence(Presence::OnShift); });
    connect(m_ui->awayAction, &QAction::triggered, this, [this] { setPresence(Presence::Away); });
    connect(m_ui->doneForTodayAction, &QAction::triggered, this, [this] { setPresence(Presence::Done); });
}

void SendersTab::setCampaign(qint64 campaignId)
{
    // Until the new campaign's senders are read, nothing may act on the old one's.
    if (campaignId != m_campaignId)
        m_ui->senderTableView->clearSelection();
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
    m_ui->sendersSummaryLabel->setText(
        (senders == 1 ? tr("1 sender") : tr("%1 senders").arg(QLocale().toString(senders)))
        + QStringLiteral(" · ")
        + (sweepers == 1 ? tr("1 sweeper") : tr("%1 sweepers").arg(QLocale().toString(sweepers))));
    updateActions();
}

QVector<CampaignSender> SendersTab::selectedSenders() const
{
    QVector<CampaignSender> result;
    QModelIndexList rows = m_ui->senderTableView->selectionModel()->selectedRows();
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
    m_ui->senderTableView->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!selection.isEmpty())
        m_ui->senderTableView->scrollTo(selection.indexes().first());
}

void SendersTab::updateActions()
{
    const bool editable = m_campaignId != 0 && !m_readOnly;
    const QVector<CampaignSender> selected = selectedSenders();
    const bool anySweeper = std::any_of(selected.cbegin(), selected.cend(), [](const auto& s) { return s.sweeper; });
    const bool anyOther = std::any_of(selected.cbegin(), selected.cend(), [](const auto& s) { return !s.sweeper; });
    m_ui->addSendersAction->setEnabled(editable);
    m_ui->markSweeperAction->setEnabled(editable && anyOther);
    m_ui->unmarkSweeperAction->setEnabled(editable && anySweeper);
    m_ui->removeSendersAction->setEnabled(editable && !selected.isEmpty());
    m_ui->editNumberAction->setEnabled(editable && selected.size() == 1);
    m_ui->senderTableView->setEditTriggers(editable ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                                    : QAbstractItemView::NoEditTriggers);
    auto anyNot = [&selected](Presence p) {
        return std::any_of(selected.cbegin(), selected.cend(), [p](const auto& s) { return s.presence != p; });
    };
    m_ui->onShiftAction->setEnabled(editable && anyNot(Presence::OnShift));
    m_ui->awayAction->setEnabled(editable && anyNot(Presence::Away));
    m_ui->doneForTodayAction->setEnabled(editable && anyNot(Presence::Done));
    m_ui->presenceButton->setEnabled(editable && !selected.isEmpty());
}

QVector<CampaignSender> SendersTab::changeSelected(const std::function<bool(const CampaignSender&)>& differs,
    const std::function<Outcome<Done>(CampaignService&, const CampaignSender&)>& change, const QString& title)
{
    if (m_campaignId == 0 || m_readOnly)
        return {};
    if (m_stale)
        reload();
    QVector<CampaignSender> changing;
    for (const CampaignSender& s : selectedSenders())
        if (differs(s))
            changing << s;
    if (changing.isEmpty())
        return {};
    CampaignService service(m_db);
    for (const CampaignSender& s : std::as_const(changing)) {
        if (const Outcome<Done> done = change(service, s); !done) {
            MessageBox::warning(this, title, done.error());
            break;
        }
    }
    reload();
    return changing;
}

void SendersTab::setPresence(Presence presence)
{
    const QVector<CampaignSender> changing = changeSelected(
        [presence](const CampaignSender& s) { return s.presence != presence; },
        [this, presence](CampaignService& service, const CampaignSender& s) {
            return service.setPresence(m_campaignId, s.id, presence);
        },
        tr("Presence"));
    if (changing.isEmpty())
        return;
    emit statusMessage(tr("%1: %2.").arg(names(changing), presenceLabel(presence)));
    emit sendersChanged();
}

void SendersTab::setTextingNumber(SenderId sender, const QString& typed)
{
    if (m_campaignId == 0 || m_readOnly)
        return;
    const Outcome<Sender> changed = CampaignService(m_db).setTextingNumber(sender, typed);
    if (!changed) {
        MessageBox::warning(this, tr("Texting Number"), changed.error());
        return;
    }
    reload();
    emit statusMessage(changed->number.isEmpty() ? tr("%1 has no texting number now.").arg(changed->name)
                                                 : tr("%1 texts from %2.").arg(changed->name, changed->number));
    emit sendersChanged();
}

void SendersTab::addSenders()
{
    if (m_campaignId == 0 || m_readOnly)
        return;
    const CampaignStore store(m_db);
    AddSendersDialog dialog(store.roster(), store.campaignSenders(m_campaignId), this);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
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
    const QVector<CampaignSender> changing = changeSelected(
        [sweeper](const CampaignSender& s) { return s.sweeper != sweeper; },
        [this, sweeper](CampaignService& service, const CampaignSender& s) {
            return service.setSweeper(m_campaignId, s.id, sweeper);
        },
        tr("Sweepers"));
    if (changing.isEmpty())
        return;
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
