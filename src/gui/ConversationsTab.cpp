#include "ConversationsTab.h"

#include "ActionToolTip.h"
#include "BackgroundReassignment.h"
#include "CampaignStore.h"
#include "ConversationPane.h"
#include "ConversationStore.h"
#include "ConversationTableModel.h"
#include "Database.h"
#include "DisplayText.h"
#include "MessageBox.h"
#include "ReassignmentController.h"
#include "SenderListModel.h"
#include "SenderSortFilterProxyModel.h"
#include "delegates/SenderItemDelegate.h"
#include "delegates/StatusDelegate.h"
#include "dialogs/ReassignDialog.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Handoff {

namespace {
QLabel* countLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::RichText);
    return label;
}
} // namespace

ConversationsTab::ConversationsTab(Database& db, ReassignmentController& controller, QWidget* parent)
    : QWidget(parent)
    , m_db(db)
    , m_controller(controller)
    , m_runDialog([](QDialog& dialog) { return dialog.exec(); })
{
    setObjectName(QStringLiteral("conversationsTab"));
    setAccessibleName(tr("Conversations"));
    m_senderModel = new SenderListModel(db, this);
    m_senderProxy = new SenderSortFilterProxyModel(this);
    m_senderProxy->setSourceModel(m_senderModel);
    m_conversationModel = new ConversationTableModel(db, this);
    createActions();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildOverview());
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("conversationsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildSenderPanel());
    splitter->addWidget(buildConversationPanel());
    m_pane = new ConversationPane(splitter);
    splitter->addWidget(m_pane);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 1);
    splitter->setSizes({280, 860, 260});
    layout->addWidget(splitter, 1);

    connect(m_pane, &ConversationPane::optOutClicked, this, &ConversationsTab::toggleOptOut);
    connect(m_pane, &ConversationPane::reassignClicked, this, &ConversationsTab::reassignOpenConversation);
    connect(m_senderView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConversationsTab::updateScope);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConversationsTab::openCurrentConversation);
    // A new query resets the table; whatever was open is gone from it.
    connect(m_conversationModel, &QAbstractItemModel::modelReset, this, &ConversationsTab::openCurrentConversation);
    updateScope();
}

void ConversationsTab::createActions()
{
    auto make = [this](const QString& name, const QKeySequence& keys) {
        auto* action = new QAction(this);
        action->setObjectName(name);
        action->setShortcut(keys);
        addAction(action);
        return action;
    };
    m_reassignSomeAction = make(QStringLiteral("reassignSomeAction"), QKeySequence(tr("Ctrl+Shift+S")));
    m_reassignAllAction = make(QStringLiteral("reassignAllAction"), QKeySequence(tr("Ctrl+Shift+A")));
    m_unassignAllAction = make(QStringLiteral("unassignAllAction"), QKeySequence(tr("Ctrl+Shift+U")));
    m_reassignConversationAction = make(QStringLiteral("reassignConversationAction"), QKeySequence(tr("Ctrl+R")));
    m_reassignConversationAction->setText(tr("&Reassign Conversation…"));
    setToolTipWithShortcut(m_reassignConversationAction, tr("Move the open conversation to another sender or to Unassigned"));
    m_optOutAction = make(QStringLiteral("optOutAction"), QKeySequence());
    m_optOutAction->setText(tr("&Opt-Out Contact"));
    m_filterSendersAction = make(QStringLiteral("filterSendersAction"), QKeySequence(tr("Ctrl+F")));
    m_filterSendersAction->setText(tr("&Filter Senders"));
    setToolTipWithShortcut(m_filterSendersAction, tr("Filter the sender list by name"));
    // Esc belongs to the sender list only, so that it never steals Esc from a dialog or a field.
    m_unselectSenderAction = new QAction(tr("&Unselect Sender"), this);
    m_unselectSenderAction->setObjectName(QStringLiteral("unselectSenderAction"));
    m_unselectSenderAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_unselectSenderAction->setShortcutContext(Qt::WidgetShortcut);
    setToolTipWithShortcut(m_unselectSenderAction, tr("Show every conversation and the Bulk Reassign dropdown"));

    connect(m_reassignSomeAction, &QAction::triggered, this, [this] { startAction(ReassignAction::ReassignSome); });
    connect(m_reassignAllAction, &QAction::triggered, this, [this] { startAction(ReassignAction::ReassignAll); });
    connect(m_unassignAllAction, &QAction::triggered, this, [this] { startAction(ReassignAction::UnassignAll); });
    connect(m_reassignConversationAction, &QAction::triggered, this, &ConversationsTab::reassignOpenConversation);
    connect(m_optOutAction, &QAction::triggered, this, &ConversationsTab::toggleOptOut);
    connect(m_unselectSenderAction, &QAction::triggered, this, &ConversationsTab::unselectSender);
    connect(m_filterSendersAction, &QAction::triggered, this, [this] {
        m_senderFilter->setFocus(Qt::ShortcutFocusReason);
        m_senderFilter->selectAll();
    });
}

QWidget* ConversationsTab::buildOverview()
{
    auto* overview = new QWidget(this);
    overview->setObjectName(QStringLiteral("overviewWidget"));
    overview->setAccessibleName(tr("Overview"));
    auto* layout = new QHBoxLayout(overview);
    layout->setContentsMargins(4, 0, 4, 4);
    m_totalLabel = countLabel(QStringLiteral("totalCountLabel"), overview);
    m_notStartedLabel = countLabel(QStringLiteral("notStartedCountLabel"), overview);
    m_needsReplyLabel = countLabel(QStringLiteral("needsReplyCountLabel"), overview);
    for (QLabel* label : {m_totalLabel, m_notStartedLabel, m_needsReplyLabel}) {
        layout->addWidget(label);
        layout->addSpacing(28);
    }
    layout->addStretch(1);
    return overview;
}

QWidget* ConversationsTab::buildSenderPanel()
{
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>Senders</b>"), panel);
    layout->addWidget(title);

    m_senderFilter = new QLineEdit(panel);
    m_senderFilter->setObjectName(QStringLiteral("senderFilterLineEdit"));
    m_senderFilter->setAccessibleName(tr("Filter Senders"));
    m_senderFilter->setPlaceholderText(tr("Filter senders (%1)").arg(
        m_filterSendersAction->shortcut().toString(QKeySequence::NativeText)));
    m_senderFilter->setClearButtonEnabled(true);
    layout->addWidget(m_senderFilter);
    connect(m_senderFilter, &QLineEdit::textChanged, m_senderProxy, &SenderSortFilterProxyModel::setNameFilter);

    auto* sortRow = new QHBoxLayout;
    auto* sortLabel = new QLabel(tr("S&ort by:"), panel);
    m_senderSort = new QComboBox(panel);
    m_senderSort->setObjectName(QStringLiteral("senderSortComboBox"));
    m_senderSort->setAccessibleName(tr("Sort Senders"));
    m_senderSort->addItem(tr("Name"), int(SenderSortFilterProxyModel::SortKey::Name));
    m_senderSort->addItem(tr("Progress"), int(SenderSortFilterProxyModel::SortKey::Progress));
    m_senderSort->addItem(tr("Needs Reply"), int(SenderSortFilterProxyModel::SortKey::NeedsReply));
    sortLabel->setBuddy(m_senderSort);
    sortRow->addWidget(sortLabel);
    sortRow->addWidget(m_senderSort, 1);
    layout->addLayout(sortRow);
    connect(m_senderSort, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_senderProxy->setSortKey(SenderSortFilterProxyModel::SortKey(m_senderSort->currentData().toInt()));
    });

    m_senderView = new QListView(panel);
    m_senderView->setObjectName(QStringLiteral("senderListView"));
    m_senderView->setAccessibleName(tr("Senders"));
    m_senderView->setModel(m_senderProxy);
    m_senderView->setItemDelegate(new SenderItemDelegate(m_senderView));
    m_senderView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_senderView->setUniformItemSizes(true);
    m_senderView->setMinimumWidth(240);
    m_senderView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_senderView->addAction(m_unselectSenderAction);
    layout->addWidget(m_senderView, 1);
    return panel;
}

QWidget* ConversationsTab::buildConversationPanel()
{
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    m_bulkButton = new QToolButton(panel);
    m_bulkButton->setObjectName(QStringLiteral("bulkReassignButton"));
    m_bulkButton->setText(tr("Bulk Reassign"));
    m_bulkButton->setAccessibleName(tr("Bulk Reassign"));
    m_bulkButton->setToolTip(tr("Reassign or unassign conversations across every sender of the campaign"));
    m_bulkButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_bulkButton->setPopupMode(QToolButton::InstantPopup);
    auto* bulkMenu = new QMenu(m_bulkButton);
    bulkMenu->setObjectName(QStringLiteral("bulkReassignMenu"));
    bulkMenu->addActions({m_reassignSomeAction, m_reassignAllAction, m_unassignAllAction});
    m_bulkButton->setMenu(bulkMenu);
    bar->addWidget(m_bulkButton);

    m_senderBar = new QWidget(panel);
    m_senderBar->setObjectName(QStringLiteral("selectedSenderBar"));
    auto* senderLayout = new QHBoxLayout(m_senderBar);
    senderLayout->setContentsMargins(0, 0, 0, 0);
    m_senderNameLabel = new QLabel(m_senderBar);
    m_senderNameLabel->setObjectName(QStringLiteral("selectedSenderLabel"));
    // A name is never markup, whatever angle brackets it holds.
    m_senderNameLabel->setTextFormat(Qt::PlainText);
    QFont bold = m_senderNameLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_senderNameLabel->setFont(bold);
    senderLayout->addWidget(m_senderNameLabel);
    m_unselectLink = new QLabel(m_senderBar);
    m_unselectLink->setObjectName(QStringLiteral("unselectSenderLink"));
    m_unselectLink->setAccessibleName(tr("Unselect Sender"));
    m_unselectLink->setText(QStringLiteral("<a href=\"unselect\">%1</a>").arg(tr("Unselect Sender")));
    m_unselectLink->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_unselectLink->setFocusPolicy(Qt::StrongFocus);
    m_unselectLink->setToolTip(m_unselectSenderAction->toolTip());
    connect(m_unselectLink, &QLabel::linkActivated, this, &ConversationsTab::unselectSender);
    senderLayout->addWidget(m_unselectLink);
    m_senderReassignButton = new QToolButton(m_senderBar);
    m_senderReassignButton->setObjectName(QStringLiteral("senderReassignButton"));
    m_senderReassignButton->setText(tr("Reassign"));
    m_senderReassignButton->setAccessibleName(tr("Reassign Sender's Conversations"));
    m_senderReassignButton->setToolTip(tr("Reassign or unassign this sender's conversations"));
    m_senderReassignButton->setPopupMode(QToolButton::InstantPopup);
    auto* senderMenu = new QMenu(m_senderReassignButton);
    senderMenu->setObjectName(QStringLiteral("senderReassignMenu"));
    senderMenu->addActions({m_reassignSomeAction, m_reassignAllAction, m_unassignAllAction});
    m_senderReassignButton->setMenu(senderMenu);
    senderLayout->addWidget(m_senderReassignButton);
    bar->addWidget(m_senderBar);
    bar->addStretch(1);

    auto* showLabel = new QLabel(tr("&Show:"), panel);
    m_statusFilter = new QComboBox(panel);
    m_statusFilter->setObjectName(QStringLiteral("statusFilterComboBox"));
    m_statusFilter->setAccessibleName(tr("Show Status"));
    m_statusFilter->addItem(tr("All"), -1);
    for (ConversationStatus s : {ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
                                 ConversationStatus::Waiting, ConversationStatus::OptedOut})
        m_statusFilter->addItem(statusLabel(s), int(s));
    showLabel->setBuddy(m_statusFilter);
    bar->addWidget(showLabel);
    bar->addWidget(m_statusFilter);
    m_search = new QLineEdit(panel);
    m_search->setObjectName(QStringLiteral("conversationSearchLineEdit"));
    m_search->setAccessibleName(tr("Search Conversations"));
    m_search->setPlaceholderText(tr("Search name or phone"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(180);
    bar->addWidget(m_search);
    layout->addLayout(bar);

    // Typing fast should not query the store once per key.
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, &ConversationsTab::updateQuery);
    connect(m_statusFilter, qOverload<int>(&QComboBox::currentIndexChanged), this, &ConversationsTab::updateQuery);

    m_table = new QTableView(panel);
    m_table->setObjectName(QStringLiteral("conversationTableView"));
    m_table->setAccessibleName(tr("Conversations"));
    m_table->setModel(m_conversationModel);
    m_table->setItemDelegateForColumn(ConversationTableModel::StatusColumn,
                                      new StatusDelegate(ConversationTableModel::NeedsReplyRole, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    // Wide enough for typical values, so that phones and times are not cut short.
    const QFontMetrics metrics = m_table->fontMetrics();
    auto fit = [&](int column, const QString& sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 20);
    };
    fit(ConversationTableModel::ContactColumn, QStringLiteral("Guadalupe Harris"));
    fit(ConversationTableModel::PhoneColumn, QStringLiteral("+14155550123"));
    fit(ConversationTableModel::StatusColumn, QStringLiteral("MM") + statusLabel(ConversationStatus::NeedsReply));
    fit(ConversationTableModel::LastMessageColumn, QStringLiteral("Hi Alex, this is a volunteer"));
    fit(ConversationTableModel::LastActivityColumn,
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), ConversationTableModel::activityFormat()));
    // Longest waiting first, as every reassign action takes them.
    header->setSortIndicator(ConversationTableModel::LastActivityColumn, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    layout->addWidget(m_table, 1);
    return panel;
}

void ConversationsTab::setDialogRunner(DialogRunner runner)
{
    m_runDialog = std::move(runner);
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
    const int scroll = m_table->verticalScrollBar()->value();
    m_conversationModel->refresh();
    if (open) {
        const int row = m_conversationModel->rowOf(*open);
        if (row < 0)
            m_table->selectionModel()->clear();
        else if (row != m_table->currentIndex().row())
            m_table->setCurrentIndex(m_conversationModel->index(row, ConversationTableModel::ContactColumn));
    }
    m_table->verticalScrollBar()->setValue(scroll);
    // Its messages and status may have changed even where its row did not.
    openCurrentConversation();
    emit campaignDataChanged();
}

std::optional<SenderId> ConversationsTab::selectedSender() const
{
    const QModelIndexList rows = m_senderView->selectionModel()->selectedRows();
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
    m_senderView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void ConversationsTab::unselectSender()
{
    m_senderView->selectionModel()->clearSelection();
}

std::optional<qint64> ConversationsTab::openConversationId() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return current.data(ConversationTableModel::ConversationIdRole).toLongLong();
}

void ConversationsTab::updateScope()
{
    const std::optional<SenderId> sender = selectedSender();
    m_bulkButton->setVisible(!sender);
    m_senderBar->setVisible(sender.has_value());
    if (sender) {
        const QModelIndex row = m_senderView->selectionModel()->selectedRows().first();
        m_senderNameLabel->setText(row.data().toString());
        m_reassignSomeAction->setText(tr("Reassign &Some…"));
        m_reassignAllAction->setText(tr("Reassign &All…"));
        m_unassignAllAction->setText(tr("&Unassign All…"));
        setToolTipWithShortcut(m_reassignSomeAction, tr("Move some of this sender's conversations to other senders"));
        setToolTipWithShortcut(m_reassignAllAction, tr("Move this sender's matching conversations to other senders"));
        setToolTipWithShortcut(m_unassignAllAction, tr("Move this sender's matching conversations to Unassigned"));
    } else {
        m_reassignSomeAction->setText(tr("Bulk Reassign &Some…"));
        m_reassignAllAction->setText(tr("Bulk Reassign &All…"));
        m_unassignAllAction->setText(tr("Bulk &Unassign All…"));
        setToolTipWithShortcut(m_reassignSomeAction, tr("Move some conversations, from across the campaign, to chosen senders"));
        setToolTipWithShortcut(m_reassignAllAction, tr("Move every matching conversation to chosen senders"));
        setToolTipWithShortcut(m_unassignAllAction, tr("Move every sender's matching conversations to Unassigned"));
    }
    updateQuery();
}

void ConversationsTab::updateQuery()
{
    m_searchTimer->stop();
    ConversationQuery query = m_conversationModel->query();
    query.campaignId = m_campaignId;
    query.sender = selectedSender();
    const int status = m_statusFilter->currentData().toInt();
    query.status = status < 0 ? std::nullopt : std::optional<ConversationStatus>(ConversationStatus(status));
    query.search = m_search->text();
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
    show(m_totalLabel, tr("Total"), counts.total());
    show(m_notStartedLabel, tr("Not Started"), counts.notStarted);
    show(m_needsReplyLabel, tr("Needs Reply"), counts.needsReply);
}

void ConversationsTab::updateActions()
{
    const bool campaign = m_campaignId != 0 && !m_busy && !m_readOnly;
    const std::optional<SenderId> sender = selectedSender();
    // The dropdowns too: an archived campaign should not look as if it could be reassigned.
    m_bulkButton->setEnabled(campaign);
    m_senderReassignButton->setEnabled(campaign);
    m_reassignSomeAction->setEnabled(campaign);
    m_reassignAllAction->setEnabled(campaign);
    // The pool cannot be unassigned any further.
    m_unassignAllAction->setEnabled(campaign && sender != std::optional<SenderId>(UnassignedId));
    const bool open = campaign && openConversationId();
    m_reassignConversationAction->setEnabled(open);
    m_optOutAction->setEnabled(open);
    m_pane->reassignButton()->setEnabled(open);
    m_pane->optOutButton()->setEnabled(open);
    m_unselectSenderAction->setEnabled(sender.has_value());
    m_filterSendersAction->setEnabled(m_campaignId != 0);
}

void ConversationsTab::openCurrentConversation()
{
    // With or without a sender selected: a manager looking over the whole campaign opens
    // a conversation where they see it.
    const std::optional<qint64> id = openConversationId();
    if (!id) {
        m_pane->showHint(tr("Select a conversation to read it, opt the contact out or reassign it."));
    } else {
        const ConversationStore store(m_db);
        const std::optional<Conversation> conversation = store.conversation(*id);
        if (conversation) {
            m_pane->showConversation(*conversation, store.messages(*id));
            m_optOutAction->setText(conversation->optedOut ? tr("&Opt In Contact") : tr("&Opt-Out Contact"));
        } else {
            m_pane->showHint(tr("This conversation is no longer in the campaign."));
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
    const QString subject = sender ? m_senderNameLabel->text() : QString();

    ReassignDialog dialog(m_controller, base, subject, CampaignStore(m_db).campaignSenders(m_campaignId), this);
    if (m_runDialog(dialog) != QDialog::Accepted)
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
    if (m_runDialog(dialog) != QDialog::Accepted)
        return;
    perform(dialog.request(), 1);
}

void ConversationsTab::toggleOptOut()
{
    const std::optional<qint64> id = openConversationId();
    if (!id || m_readOnly)
        return;
    ConversationStore store(m_db);
    const std::optional<Conversation> conversation = store.conversation(*id);
    if (!conversation)
        return;
    const bool optOut = !conversation->optedOut;
    const Outcome<Done> done = store.setOptedOut(*id, optOut);
    if (!done) {
        MessageBox::warning(this, tr("Opt-Out"), done.error());
        return;
    }
    const QString contact = DisplayText::visible(conversation->contactName());
    emit statusMessage(optOut ? tr("%1 is opted out.").arg(contact) : tr("%1 is opted in again.").arg(contact));
    refresh();
}

void ConversationsTab::perform(const ReassignRequest& request, int expected)
{
    if (expected < m_backgroundThreshold) {
        finish(m_controller.run(request));
        return;
    }
    // Thousands of moves: the window stays responsive meanwhile.
    m_busy = true;
    updateActions();
    BackgroundReassignment::start(
        this, m_db.url(), m_controller.actor(), tr("Reassigning"),
        tr("Moving %1 conversations…").arg(QLocale().toString(expected)),
        [request](ReassignmentController& controller, const std::atomic<bool>* cancelled) {
            return controller.run(request, cancelled);
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
