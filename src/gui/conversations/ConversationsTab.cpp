#include "gui/conversations/ConversationsTab.h"

#include "core/Limits.h"

#include "gui/ActionToolTip.h"
#include "gui/reassign/BackgroundReassignment.h"
#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "gui/conversations/ConversationPane.h"
#include "storage/ConversationStore.h"
#include "models/ConversationTableModel.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "core/DisplayText.h"
#include "gui/MessageBox.h"
#include "controller/ReassignmentController.h"
#include "models/SenderListModel.h"
#include "models/SenderSortFilterProxyModel.h"
#include "gui/senders/SenderItemDelegate.h"
#include "gui/conversations/StatusDelegate.h"
#include "gui/reassign/ReassignDialog.h"
#include "core/Clock.h"
#include "core/Limits.h"
#include "core/WaitingTime.h"
#include "conversations/ui_ConversationsTab.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QInputDialog>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>

namespace Handoff {

ConversationsTab::ConversationsTab(Database& db, ReassignmentController& controller, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ConversationsTab>())
    , m_db(db)
    , m_controller(controller)
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("conversationsTab"));
    m_ui->setupUi(this);
    m_senderModel = new SenderListModel(db, this);
    m_senderProxy = new SenderSortFilterProxyModel(this);
    m_senderProxy->setSourceModel(m_senderModel);
    m_conversationModel = new ConversationTableModel(db, this);
    setUpActions();
    setUpSenderPanel();
    setUpConversationPanel();

    // Designer has no property for a splitter's stretch factors or first sizes.
    QSplitter* splitter = m_ui->conversationsSplitter;
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 1);
    splitter->setSizes({280, 860, 260});

    connect(m_ui->conversationPane, &ConversationPane::optOutClicked, this, &ConversationsTab::toggleOptOut);
    connect(m_ui->conversationPane, &ConversationPane::holdClicked, this, &ConversationsTab::toggleHold);
    connect(m_ui->conversationPane, &ConversationPane::reassignClicked, this,
            &ConversationsTab::reassignOpenConversation);
    connect(m_ui->senderListView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConversationsTab::updateScope);
    connect(m_ui->conversationTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConversationsTab::openCurrentConversation);
    // Several rows make Ctrl+R "Reassign Selected".
    connect(m_ui->conversationTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConversationsTab::updateActions);
    // After the drop has finished: a dialog inside a drop would hold the drag open.
    connect(
        m_senderModel, &SenderListModel::conversationsDropped, this,
        [this](const QVector<qint64>& ids, SenderId target) { reassignConversations(ids, target); },
        Qt::QueuedConnection);
    // Waiting times grow with the clock, not only when the data changes.
    auto* minute = new QTimer(this);
    minute->setInterval(60 * 1000);
    connect(minute, &QTimer::timeout, this, [this] {
        updateOverview();
        m_ui->conversationTableView->viewport()->update();
        m_ui->senderListView->viewport()->update();
    });
    minute->start();
    // A new query resets the table; whatever was open is gone from it.
    connect(m_conversationModel, &QAbstractItemModel::modelReset, this, &ConversationsTab::openCurrentConversation);
    updateScope();
}

ConversationsTab::~ConversationsTab() = default;

QAction* ConversationsTab::reassignSomeAction() const
{
    return m_ui->reassignSomeAction;
}

QAction* ConversationsTab::reassignAllAction() const
{
    return m_ui->reassignAllAction;
}

QAction* ConversationsTab::unassignAllAction() const
{
    return m_ui->unassignAllAction;
}

QAction* ConversationsTab::reassignConversationAction() const
{
    return m_ui->reassignConversationAction;
}

QAction* ConversationsTab::optOutAction() const
{
    return m_ui->optOutAction;
}

QAction* ConversationsTab::holdAction() const
{
    return m_ui->holdAction;
}

QAction* ConversationsTab::unselectSenderAction() const
{
    return m_ui->unselectSenderAction;
}

QAction* ConversationsTab::filterSendersAction() const
{
    return m_ui->filterSendersAction;
}

void ConversationsTab::setUpActions()
{
    // The texts and tooltips of the three reassign actions follow the scope (updateScope).
    for (QAction* action :
         {m_ui->reassignConversationAction, m_ui->filterSendersAction, m_ui->unselectSenderAction, m_ui->holdAction})
        addShortcutToToolTip(action);
    // A form cannot give a plain widget actions: Designer puts them only in menus and
    // toolbars. Esc (unselectSenderAction) belongs to the sender list only, so that it
    // never steals Esc from a dialog or a field.
    addActions({m_ui->reassignSomeAction, m_ui->reassignAllAction, m_ui->unassignAllAction,
                m_ui->reassignConversationAction, m_ui->optOutAction, m_ui->holdAction, m_ui->filterSendersAction});
    // The table's context menu: what can be done to the conversation under the pointer.
    m_ui->conversationTableView->addActions({m_ui->reassignConversationAction, m_ui->holdAction, m_ui->optOutAction});
    m_ui->senderListView->addAction(m_ui->unselectSenderAction);

    connect(m_ui->reassignSomeAction, &QAction::triggered, this,
        [this] { startAction(ReassignAction::ReassignSome); });
    connect(m_ui->reassignAllAction, &QAction::triggered, this,
        [this] { startAction(ReassignAction::ReassignAll); });
    connect(m_ui->unassignAllAction, &QAction::triggered, this,
        [this] { startAction(ReassignAction::UnassignAll); });
    connect(m_ui->reassignConversationAction, &QAction::triggered, this, &ConversationsTab::reassignSelected);
    // The sender list's context menu: Unselect Sender, then the sender's presence.
    auto* separator = new QAction(m_ui->senderListView);
    separator->setSeparator(true);
    m_ui->senderListView->addActions({separator, m_ui->senderOnShiftAction, m_ui->senderAwayAction,
                                      m_ui->senderDoneForTodayAction});
    connect(m_ui->senderOnShiftAction, &QAction::triggered, this, [this] { setSenderPresence(Presence::OnShift); });
    connect(m_ui->senderAwayAction, &QAction::triggered, this, [this] { setSenderPresence(Presence::Away); });
    connect(m_ui->senderDoneForTodayAction, &QAction::triggered, this,
            [this] { setSenderPresence(Presence::Done); });
    connect(m_ui->optOutAction, &QAction::triggered, this, &ConversationsTab::toggleOptOut);
    connect(m_ui->holdAction, &QAction::triggered, this, &ConversationsTab::toggleHold);
    connect(m_ui->unselectSenderAction, &QAction::triggered, this, &ConversationsTab::unselectSender);
    connect(m_ui->filterSendersAction, &QAction::triggered, this, [this] {
        m_ui->senderFilterLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->senderFilterLineEdit->selectAll();
    });
}

void ConversationsTab::setUpSenderPanel()
{
    // The placeholder names the key in the platform's own words.
    m_ui->senderFilterLineEdit->setPlaceholderText(tr("Filter senders (%1)").arg(
        m_ui->filterSendersAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_ui->senderFilterLineEdit, &QLineEdit::textChanged, m_senderProxy,
            &SenderSortFilterProxyModel::setNameFilter);

    // The form names the sort keys; these are their values, in the form's order.
    const SenderSortFilterProxyModel::SortKey keys[] = {SenderSortFilterProxyModel::SortKey::Name,
                                                        SenderSortFilterProxyModel::SortKey::Progress,
                                                        SenderSortFilterProxyModel::SortKey::NeedsReply};
    for (int i = 0; i < int(std::size(keys)); ++i)
        m_ui->senderSortComboBox->setItemData(i, int(keys[i]));
    connect(m_ui->senderSortComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_senderProxy->setSortKey(senderSort());
        emit senderSortChanged(senderSort());
    });

    m_ui->senderListView->setModel(m_senderProxy);
    m_ui->senderListView->setItemDelegate(new SenderItemDelegate(m_ui->senderListView));
}

SenderSort ConversationsTab::senderSort() const
{
    return SenderSort(m_ui->senderSortComboBox->currentData().toInt());
}

void ConversationsTab::setUpConversationPanel()
{
    // Designer cannot give a tool button a menu of its own.
    auto* bulkMenu = new QMenu(m_ui->bulkReassignButton);
    bulkMenu->setObjectName(QStringLiteral("bulkReassignMenu"));
    bulkMenu->addActions({m_ui->reassignSomeAction, m_ui->reassignAllAction, m_ui->unassignAllAction});
    m_ui->bulkReassignButton->setMenu(bulkMenu);
    auto* senderMenu = new QMenu(m_ui->senderReassignButton);
    senderMenu->setObjectName(QStringLiteral("senderReassignMenu"));
    senderMenu->addActions({m_ui->reassignSomeAction, m_ui->reassignAllAction, m_ui->unassignAllAction});
    m_ui->senderReassignButton->setMenu(senderMenu);

    // Sized from the user's own font, which a form cannot know.
    QFont bold = m_ui->selectedSenderLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_ui->selectedSenderLabel->setFont(bold);
    // The action's tooltip, which names its key in the platform's own words.
    m_ui->unselectSenderLink->setToolTip(m_ui->unselectSenderAction->toolTip());
    connect(m_ui->unselectSenderLink, &QLabel::linkActivated, this, &ConversationsTab::unselectSender);

    // The statuses' own names, as the table shows them.
    m_ui->statusFilterComboBox->addItem(tr("All"), -1);
    for (ConversationStatus s : {ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
                                 ConversationStatus::Waiting, ConversationStatus::OptedOut})
        m_ui->statusFilterComboBox->addItem(statusLabel(s), int(s));

    // Typing fast should not query the store once per key.
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_ui->conversationSearchLineEdit, &QLineEdit::textChanged, m_searchTimer,
        qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, &ConversationsTab::updateQuery);
    connect(m_ui->statusFilterComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ConversationsTab::updateQuery);
    connect(m_ui->heldFilterComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ConversationsTab::updateQuery);

    QTableView* table = m_ui->conversationTableView;
    table->setModel(m_conversationModel);
    table->setItemDelegateForColumn(ConversationTableModel::StatusColumn,
                                    new StatusDelegate(ConversationTableModel::NeedsReplyRole, table));
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QHeaderView* header = table->horizontalHeader();
    header->setSectionsMovable(true);
    // Wide enough for typical values in the user's font, so that phones and times are not cut short.
    const QFontMetrics metrics = table->fontMetrics();
    auto fit = [&](int column, const QString& sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 20);
    };
    fit(ConversationTableModel::ContactColumn, QStringLiteral("Guadalupe Harris"));
    fit(ConversationTableModel::PhoneColumn, QStringLiteral("+14155550123"));
    fit(ConversationTableModel::StatusColumn, QStringLiteral("MM") + statusLabel(ConversationStatus::NeedsReply));
    fit(ConversationTableModel::LastMessageColumn, QStringLiteral("Hi Alex, this is a volunteer"));
    fit(ConversationTableModel::LastActivityColumn,
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), ConversationTableModel::activityFormat()));
    fit(ConversationTableModel::SenderColumn, QStringLiteral("Guadalupe Harris"));
    fit(ConversationTableModel::WaitingColumn, WaitingTime::duration(23 * 3600 + 59 * 60));
    // Longest waiting first, as every reassign action takes them.
    table->sortByColumn(ConversationTableModel::LastActivityColumn, Qt::AscendingOrder);
}

void ConversationsTab::setBackgroundThreshold(int conversations)
{
    m_backgroundThreshold = conversations;
}

void ConversationsTab::setCampaign(qint64 campaignId)
{
    m_campaignId = campaignId;
    m_senderModel->setCampaign(campaignId);
    updateOverview();
    updateScope();
}

void ConversationsTab::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

ConversationQuery ConversationsTab::currentQuery() const
{
    return m_conversationModel->query();
}

void ConversationsTab::refresh()
{
    const std::optional<qint64> open = openConversationId();
    const std::optional<SenderId> sender = selectedSender();
    m_senderModel->reload();
    // When the sender list was rebuilt (someone joined or left), select the same sender again.
    if (sender && selectedSender() != sender)
        selectSender(*sender);
    updateOverview();
    // In place rather than a reset: the manager keeps their place in a long table while
    // others change it. The open conversation may have moved to another row, or left.
    const int scroll = m_ui->conversationTableView->verticalScrollBar()->value();
    m_conversationModel->refresh();
    if (open) {
        const int row = m_conversationModel->rowOf(*open);
        if (row < 0)
            m_ui->conversationTableView->selectionModel()->clear();
        else if (row != m_ui->conversationTableView->currentIndex().row())
            m_ui->conversationTableView->setCurrentIndex(
                m_conversationModel->index(row, ConversationTableModel::ContactColumn));
    }
    m_ui->conversationTableView->verticalScrollBar()->setValue(scroll);
    // Its messages and status may have changed even where its row did not.
    openCurrentConversation();
    emit campaignDataChanged();
}

std::optional<SenderId> ConversationsTab::selectedSender() const
{
    const QModelIndexList rows = m_ui->senderListView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().data(SenderListModel::SenderIdRole).toLongLong();
}

void ConversationsTab::selectSender(SenderId id)
{
    const int row = m_senderModel->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_senderProxy->mapFromSource(m_senderModel->index(row));
    m_ui->senderListView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void ConversationsTab::unselectSender()
{
    m_ui->senderListView->selectionModel()->clearSelection();
}

QVector<qint64> ConversationsTab::selectedConversationIds() const
{
    // From the selection's ranges, and one past the most a move takes: Ctrl+A on a
    // million rows must not read a million IDs only to have them refused.
    const QItemSelection ranges = m_ui->conversationTableView->selectionModel()->selection();
    QVector<int> rows;
    for (const QItemSelectionRange& range : std::as_const(ranges))
        for (int row = range.top(); row <= range.bottom() && rows.size() <= 2 * Limits::MaxSelection; ++row)
            rows << row;
    // Ranges may overlap (a Ctrl-click inside a Shift-click's rows).
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.resize(std::min(int(rows.size()), Limits::MaxSelection + 1));
    QVector<qint64> ids;
    for (int row : std::as_const(rows))
        if (const qint64 id
            = m_conversationModel->index(row, 0).data(ConversationTableModel::ConversationIdRole).toLongLong())
            ids << id;
    return ids;
}

std::optional<qint64> ConversationsTab::openConversationId() const
{
    const QModelIndex current = m_ui->conversationTableView->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return current.data(ConversationTableModel::ConversationIdRole).toLongLong();
}

void ConversationsTab::updateScope()
{
    const std::optional<SenderId> sender = selectedSender();
    QWidget* shown = sender ? m_ui->selectedSenderBar : m_ui->bulkReassignPage;
    // A stacked widget is as large as its largest page: the page not shown is ignored, so
    // that the bar gives the filters all the room the page shown leaves them.
    for (QWidget* page : {m_ui->bulkReassignPage, m_ui->selectedSenderBar}) {
        const QSizePolicy::Policy policy = page == shown ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        page->setSizePolicy(policy, policy);
    }
    m_ui->reassignStackedWidget->setCurrentWidget(shown);
    if (sender) {
        const QModelIndex row = m_ui->senderListView->selectionModel()->selectedRows().first();
        m_ui->selectedSenderLabel->setText(row.data().toString());
        m_ui->reassignSomeAction->setText(tr("Reassign &Some…"));
        m_ui->reassignAllAction->setText(tr("Reassign &All…"));
        m_ui->unassignAllAction->setText(tr("&Unassign All…"));
        setToolTipWithShortcut(
            m_ui->reassignSomeAction, tr("Move some of this sender's conversations to other senders"));
        setToolTipWithShortcut(
            m_ui->reassignAllAction, tr("Move this sender's matching conversations to other senders"));
        setToolTipWithShortcut(
            m_ui->unassignAllAction, tr("Move this sender's matching conversations to Unassigned"));
    } else {
        m_ui->reassignSomeAction->setText(tr("Bulk Reassign &Some…"));
        m_ui->reassignAllAction->setText(tr("Bulk Reassign &All…"));
        m_ui->unassignAllAction->setText(tr("Bulk &Unassign All…"));
        setToolTipWithShortcut(m_ui->reassignSomeAction,
            tr("Move some conversations, from across the campaign, to chosen senders"));
        setToolTipWithShortcut(
            m_ui->reassignAllAction, tr("Move every matching conversation to chosen senders"));
        setToolTipWithShortcut(
            m_ui->unassignAllAction, tr("Move every sender's matching conversations to Unassigned"));
    }
    updateQuery();
}

void ConversationsTab::updateQuery()
{
    m_searchTimer->stop();
    ConversationQuery query = m_conversationModel->query();
    query.campaignId = m_campaignId;
    query.sender = selectedSender();
    const int status = m_ui->statusFilterComboBox->currentData().toInt();
    query.status = status < 0 ? std::nullopt : std::optional<ConversationStatus>(ConversationStatus(status));
    query.search = m_ui->conversationSearchLineEdit->text();
    // The form's order: held or not, held only, not held.
    const int held = m_ui->heldFilterComboBox->currentIndex();
    query.held = held == 1 ? std::optional<bool>(true) : held == 2 ? std::optional<bool>(false) : std::nullopt;
    m_conversationModel->setQuery(query);
    updateActions();
}

void ConversationsTab::updateOverview()
{
    const StatusCounts counts = m_campaignId ? CampaignStore(m_db).campaignCounts(m_campaignId) : StatusCounts{};
    auto show = [](QLabel* label, const QString& caption, int n) {
        label->setText(QStringLiteral("<span style=\"font-size:large; font-weight:600\">%1</span>&nbsp; %2")
                           .arg(QLocale().toString(n), caption.toHtmlEscaped()));
        label->setAccessibleName(QStringLiteral("%1: %2").arg(caption).arg(n));
    };
    show(m_ui->totalCountLabel, tr("Total"), counts.total());
    show(m_ui->notStartedCountLabel, tr("Not Started"), counts.notStarted);
    show(m_ui->needsReplyCountLabel, tr("Needs Reply"), counts.needsReply);

    // How long the reply that waited longest has waited: what sweeping is for.
    const QDateTime oldest = m_campaignId ? CampaignStore(m_db).oldestNeedsReply(m_campaignId) : QDateTime();
    const QString caption = tr("oldest reply waiting");
    const QString wait = oldest.isValid() ? WaitingTime::since(oldest, Clock::nowUtc()) : tr("none");
    m_ui->oldestReplyLabel->setText(QStringLiteral("<span style=\"font-size:large; font-weight:600\">%1</span>&nbsp; %2")
                                        .arg(wait.toHtmlEscaped(), caption.toHtmlEscaped()));
    m_ui->oldestReplyLabel->setAccessibleName(tr("Oldest reply waiting: %1").arg(wait));
}

void ConversationsTab::updateActions()
{
    const bool campaign = m_campaignId != 0 && !m_busy && !m_readOnly;
    const std::optional<SenderId> sender = selectedSender();
    // The dropdowns too: an archived campaign should not look as if it could be reassigned.
    m_ui->bulkReassignButton->setEnabled(campaign);
    m_ui->senderReassignButton->setEnabled(campaign);
    m_ui->reassignSomeAction->setEnabled(campaign);
    m_ui->reassignAllAction->setEnabled(campaign);
    // The pool cannot be unassigned any further.
    m_ui->unassignAllAction->setEnabled(campaign && sender != std::optional<SenderId>(UnassignedId));
    const bool open = campaign && openConversationId();
    // One action, one key: with several rows selected, Ctrl+R moves them all.
    int picked = 0;
    for (const QItemSelectionRange& range : m_ui->conversationTableView->selectionModel()->selection())
        picked += range.height();
    if (picked > 1) {
        m_ui->reassignConversationAction->setText(tr("Reassign &Selected…"));
        setToolTipWithShortcut(m_ui->reassignConversationAction,
                               tr("Move the %1 selected conversations to other senders or to Unassigned").arg(picked));
        m_ui->reassignConversationAction->setEnabled(campaign);
    } else {
        m_ui->reassignConversationAction->setText(tr("&Reassign Conversation…"));
        setToolTipWithShortcut(m_ui->reassignConversationAction,
                               tr("Move the open conversation to another sender or to Unassigned"));
        m_ui->reassignConversationAction->setEnabled(open);
    }
    const bool person = campaign && sender && *sender != UnassignedId;
    m_ui->senderOnShiftAction->setEnabled(person);
    m_ui->senderAwayAction->setEnabled(person);
    m_ui->senderDoneForTodayAction->setEnabled(person);
    m_ui->optOutAction->setEnabled(open);
    m_ui->holdAction->setEnabled(open);
    m_ui->conversationPane->holdButton()->setEnabled(open);
    m_ui->conversationPane->reassignButton()->setEnabled(open);
    m_ui->conversationPane->optOutButton()->setEnabled(open);
    m_ui->unselectSenderAction->setEnabled(sender.has_value());
    m_ui->filterSendersAction->setEnabled(m_campaignId != 0);
}

void ConversationsTab::openCurrentConversation()
{
    // With or without a sender selected: a manager looking over the whole campaign opens
    // a conversation where they see it.
    const std::optional<qint64> id = openConversationId();
    if (!id) {
        m_ui->conversationPane->showHint(
            tr("Select a conversation to read it, opt the contact out or reassign it."));
    } else {
        const ConversationStore store(m_db);
        const std::optional<Conversation> conversation = store.conversation(*id);
        if (conversation) {
            m_ui->conversationPane->showConversation(*conversation, store.messages(*id));
            m_ui->optOutAction->setText(
                conversation->optedOut ? tr("&Opt In Contact") : tr("&Opt-Out Contact"));
            m_ui->holdAction->setText(conversation->held ? tr("Re&lease Conversation") : tr("&Hold Conversation…"));
        } else {
            m_ui->conversationPane->showHint(tr("This conversation is no longer in the campaign."));
        }
    }
    updateActions();
}

void ConversationsTab::startAction(ReassignAction action)
{
    if (m_campaignId == 0 || m_busy || m_readOnly)
        return;
    ReassignRequest base;
    base.campaignId = m_campaignId;
    base.action = action;
    const std::optional<SenderId> sender = selectedSender();
    base.scope = sender ? ReassignScope::Sender : ReassignScope::Bulk;
    base.source = sender.value_or(UnassignedId);
    const QString subject = sender ? m_ui->selectedSenderLabel->text() : QString();

    ReassignDialog dialog(m_controller, base, subject, CampaignStore(m_db).campaignSenders(m_campaignId), this);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    const ReassignRequest request = dialog.request();
    const int moving = dialog.movingCount();
    if (action == ReassignAction::UnassignAll) {
        const QString where = sender ? tr("%1's").arg(subject) : tr("every sender's");
        const QString text = tr("Move %1 of %2 conversations (%3) back to Unassigned?")
                                 .arg(QLocale().toString(moving), where, statusFilterLabel(request.status));
        if (MessageBox::question(this, dialog.windowTitle(), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            != QMessageBox::Yes)
            return;
    }
    perform(request, moving);
}

void ConversationsTab::reassignOpenConversation()
{
    const std::optional<qint64> id = openConversationId();
    if (!id || m_busy || m_readOnly)
        return;
    const std::optional<Conversation> conversation = ConversationStore(m_db).conversation(*id);
    if (!conversation)
        return;
    ReassignRequest base;
    base.campaignId = m_campaignId;
    base.scope = ReassignScope::Single;
    base.action = ReassignAction::Move;
    base.conversationId = *id;
    base.source = conversation->senderId;
    ReassignDialog dialog(m_controller, base, DisplayText::visible(conversation->contactName()),
                          CampaignStore(m_db).campaignSenders(m_campaignId), this);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    perform(dialog.request(), 1);
}

void ConversationsTab::reassignSelected()
{
    const QVector<qint64> ids = selectedConversationIds();
    if (ids.size() > 1)
        reassignConversations(ids, std::nullopt);
    else
        reassignOpenConversation();
}

void ConversationsTab::reassignConversations(const QVector<qint64>& ids, std::optional<SenderId> target)
{
    if (ids.isEmpty() || m_campaignId == 0 || m_busy || m_readOnly)
        return;
    ReassignRequest base;
    base.campaignId = m_campaignId;
    base.scope = ReassignScope::Selection;
    base.action = ReassignAction::Move;
    base.conversationIds = ids;
    ReassignDialog dialog(m_controller, base, QString(), CampaignStore(m_db).campaignSenders(m_campaignId), this);
    if (target)
        dialog.chooseTarget(*target);
    if (DialogRunner::exec(dialog) != QDialog::Accepted || !dialog.plan())
        return;
    perform(dialog.request(), dialog.movingCount(), dialog.plan());
}

void ConversationsTab::setSenderPresence(Presence presence)
{
    const std::optional<SenderId> sender = selectedSender();
    if (!sender || *sender == UnassignedId || m_readOnly)
        return;
    const Outcome<Done> done = CampaignService(m_db).setPresence(m_campaignId, *sender, presence);
    if (!done) {
        MessageBox::warning(this, tr("Presence"), done.error());
        return;
    }
    emit statusMessage(tr("%1: %2.").arg(m_ui->selectedSenderLabel->text(), presenceLabel(presence)));
    refresh();
}

void ConversationsTab::toggleOptOut()
{
    const std::optional<qint64> id = openConversationId();
    if (!id || m_readOnly)
        return;
    const std::optional<Conversation> conversation = ConversationStore(m_db).conversation(*id);
    if (!conversation)
        return;
    const bool optOut = !conversation->optedOut;
    const Outcome<Done> done = CampaignService(m_db).setOptedOut(*id, optOut);
    if (!done) {
        MessageBox::warning(this, tr("Opt-Out"), done.error());
        return;
    }
    const QString contact = DisplayText::visible(conversation->contactName());
    emit statusMessage(optOut ? tr("%1 is opted out.").arg(contact) : tr("%1 is opted in again.").arg(contact));
    refresh();
}

void ConversationsTab::toggleHold()
{
    const std::optional<qint64> id = openConversationId();
    if (!id || m_readOnly || m_busy)
        return;
    const std::optional<Conversation> conversation = ConversationStore(m_db).conversation(*id);
    if (!conversation)
        return;
    const bool hold = !conversation->held;
    const QString contact = DisplayText::visible(conversation->contactName());
    QString note;
    if (hold) {
        // Why it is held, for whoever looks at it next; optional.
        QInputDialog input(this);
        input.setObjectName(QStringLiteral("holdNoteDialog"));
        input.setWindowTitle(tr("Hold Conversation"));
        input.setLabelText(tr("Hold the conversation with %1: bulk and sender actions will leave it where it is.\n"
                              "Note (optional):")
                               .arg(contact));
        input.setTextValue(QString());
        if (auto* edit = input.findChild<QLineEdit*>())
            edit->setMaxLength(Limits::MaxNoteLength);
        if (DialogRunner::exec(input) != QDialog::Accepted)
            return;
        note = input.textValue().trimmed();
    }
    const Outcome<int> done = CampaignService(m_db).setHeld(m_campaignId, {*id}, hold, note, m_controller.actor());
    if (!done) {
        MessageBox::warning(this, hold ? tr("Hold") : tr("Release"), DisplayText::visible(done.error()));
        return;
    }
    emit statusMessage(hold ? tr("The conversation with %1 is held.").arg(contact)
                            : tr("The conversation with %1 is released.").arg(contact));
    refresh();
}

void ConversationsTab::perform(const ReassignRequest& request, int expected, const std::optional<ReassignPlan>& plan)
{
    if (expected < m_backgroundThreshold) {
        finish(plan ? m_controller.execute(*plan) : m_controller.run(request));
        return;
    }
    // Thousands of moves: the window stays responsive meanwhile.
    m_busy = true;
    updateActions();
    BackgroundReassignment::start(
        this, m_db.url(), m_controller.actor(), tr("Reassigning"),
        tr("Moving %1 conversations…").arg(QLocale().toString(expected)),
        [request, plan](ReassignmentController& controller, const std::atomic<bool>* cancelled) {
            return plan ? controller.execute(*plan, cancelled) : controller.run(request, cancelled);
        },
        [this](const std::optional<Outcome<ReassignResult>>& outcome) {
            m_busy = false;
            if (!outcome) {
                emit statusMessage(tr("Cancelled: nothing was moved."));
                updateActions();
                return;
            }
            finish(*outcome);
        });
}

void ConversationsTab::finish(const Outcome<ReassignResult>& outcome)
{
    // Results and refusals name senders and contacts: shown, like every name, not laid out.
    if (!outcome) {
        const QString error = DisplayText::visible(outcome.error());
        emit statusMessage(error);
        MessageBox::warning(this, tr("Nothing moved"), error);
        updateActions();
        return;
    }
    emit statusMessage(outcome->moved == 0 && outcome->skipped() == 0 ? tr("Nothing to move.")
                                                                       : DisplayText::visible(outcome->summary()));
    refresh();
}

} // namespace Handoff
