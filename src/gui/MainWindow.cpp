#include "gui/MainWindow.h"

#include "Translations.h"
#include "controller/CampaignService.h"
#include "controller/ReassignmentController.h"
#include "core/Actor.h"
#include "gui/ActionToolTip.h"
#include "gui/DialogRunner.h"
#include "gui/CampaignFiles.h"
#include "gui/JobRunner.h"
#include "gui/LiveRefresh.h"
#include "gui/pulse/PulseTab.h"
#include "gui/MessageBox.h"
#include "gui/WelcomePage.h"
#include "gui/conversations/ConversationsTab.h"
#include "gui/history/HistoryTab.h"
#include "gui/rules/RulesTab.h"
#include "gui/senders/SendersTab.h"
#include "gui/store/ConnectionDialog.h"
#include "gui/store/DailyBackup.h"
#include "gui/store/SavedServers.h"
#include "gui/store/StoreFiles.h"
#include "storage/Database.h"
#include "storage/CampaignStore.h"
#include "storage/PasswordVault.h"
#include "ui_MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include <memory>
#include <utility>

namespace Handoff {

namespace {
const QString ManagerNameKey = QStringLiteral("manager/name");

} // namespace

MainWindow::MainWindow(std::unique_ptr<Database> db, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_db(std::move(db))
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("mainWindow"));
    m_ui->setupUi(this);
    m_controller = new ReassignmentController(*m_db, managerName(m_db->role()), this);
    const ConnectionString& here = m_db->location();
    m_onLocalStore = here.kind == ConnectionString::Kind::Sqlite
        && here.path == ConnectionString::parse(ConnectionString::localUrl())->path;

    m_jobs = new JobRunner(this, m_db->url());
    connect(m_jobs, &JobRunner::busyChanged, this, &MainWindow::updateActions);
    m_files = new CampaignFiles(this, *m_db, *m_jobs);
    m_storeFiles = new StoreFiles(this, *m_db, *m_jobs);
    createTabs();
    connectFiles();

    connect(m_ui->welcomePage, &WelcomePage::createCampaignClicked, this, &MainWindow::newCampaign);
    connect(m_ui->welcomePage, &WelcomePage::importContactsClicked, this, [this] {
        // Contacts belong to a campaign: name it first, then pick the file.
        if (newCampaign())
            m_files->importContacts(currentCampaign());
    });
    connect(m_ui->welcomePage, &WelcomePage::openDemoClicked, m_files, &CampaignFiles::createDemoCampaign);
    connect(m_ui->welcomePage, &WelcomePage::connectServerClicked, this, &MainWindow::connectToServer);

    connect(m_conversationsTab, &ConversationsTab::statusMessage, this, &MainWindow::showStatus);
    connect(m_sendersTab, &SendersTab::statusMessage, this, &MainWindow::showStatus);
    connect(m_historyTab, &HistoryTab::statusMessage, this, &MainWindow::showStatus);
    connect(m_rulesTab, &RulesTab::statusMessage, this, &MainWindow::showStatus);
    // A sweep moved conversations: every tab that shows them reads them again.
    connect(m_rulesTab, &RulesTab::campaignDataChanged, this, [this] {
        const QSignalBlocker blocker(m_conversationsTab);
        m_conversationsTab->refresh();
        m_sendersTab->refresh();
        m_historyTab->refresh();
        m_pulseTab->refresh();
    });
    connect(m_historyTab, &HistoryTab::busyChanged, m_jobs, &JobRunner::setBusy);
    // Whatever one tab changed, the others show again; each reloads its own data only.
    connect(m_conversationsTab, &ConversationsTab::campaignDataChanged, this, [this] {
        m_sendersTab->refresh();
        m_historyTab->refresh();
        m_pulseTab->refresh();
    });
    connect(m_sendersTab, &SendersTab::sendersChanged, this, [this] {
        const QSignalBlocker blocker(m_conversationsTab);
        m_conversationsTab->refresh();
        m_historyTab->refresh();
        m_pulseTab->refresh();
    });
    connect(m_historyTab, &HistoryTab::campaignDataChanged, this, [this] {
        const QSignalBlocker blocker(m_conversationsTab);
        m_conversationsTab->refresh();
        m_sendersTab->refresh();
        m_pulseTab->refresh();
    });
    connect(m_pulseTab, &PulseTab::statusMessage, this, &MainWindow::showStatus);
    // A sender's bar on the Pulse tab opens that sender's conversations.
    connect(m_pulseTab, &PulseTab::senderActivated, this, [this](SenderId id) {
        m_ui->mainTabWidget->setCurrentWidget(m_conversationsTab);
        m_conversationsTab->selectSender(id);
    });
    setUpActions();
    setUpMenus();

    m_managerLabel = new QLabel(this);
    m_managerLabel->setObjectName(QStringLiteral("managerLabel"));
    m_managerLabel->setToolTip(tr("Who the history records for your actions (Edit ▸ Manager Name…)"));
    statusBar()->addPermanentWidget(m_managerLabel);
    auto* storeLabel = new QLabel(m_db->location().displayString(), this);
    storeLabel->setObjectName(QStringLiteral("storeLabel"));
    storeLabel->setToolTip(tr("Where the data lives"));
    statusBar()->addPermanentWidget(storeLabel);
    m_managerLabel->setText(tr("Manager: %1").arg(m_controller->actor()));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setText(tr("Offline"));
    m_connectionLabel->setAccessibleName(tr("Connection to the store lost"));
    m_connectionLabel->hide();
    statusBar()->addPermanentWidget(m_connectionLabel);
    if (m_db->isReadOnly()) {
        // Everything stays as it would for an archived campaign: readable, nothing editable.
        auto* readOnlyLabel = new QLabel(tr("Read-only"), this);
        readOnlyLabel->setObjectName(QStringLiteral("readOnlyLabel"));
        readOnlyLabel->setToolTip(tr("Nothing can be changed: %1").arg(m_db->readOnlyReason()));
        readOnlyLabel->setAccessibleName(tr("Store opened read-only"));
        statusBar()->addPermanentWidget(readOnlyLabel);
        showStatus(tr("Opened %1 read-only: %2.").arg(m_db->location().displayString(), m_db->readOnlyReason()));
    }

    // Other managers, handoff-cli and the texting backend change the campaign too.
    m_live = new LiveRefresh(*m_db, [this] { return liveRefreshWouldConfuse(); }, this);
    connect(m_live, &LiveRefresh::reloadCampaigns, this, &MainWindow::reloadCampaigns);
    connect(m_live, &LiveRefresh::refreshCampaign, this, [this] {
        // Each tab keeps its selection; the Conversations tab its scroll position too.
        const QSignalBlocker blocker(m_conversationsTab);
        m_conversationsTab->refresh();
        m_sendersTab->refresh();
        m_historyTab->refresh();
        m_rulesTab->refresh();
        m_pulseTab->refresh();
    });
    connect(m_live, &LiveRefresh::wentOffline, this, &MainWindow::connectionLost);
    connect(m_live, &LiveRefresh::backOnline, this, &MainWindow::connectionRestored);

    // A SQLite store in use is copied once a day into its backups folder (one that
    // cannot be changed is not in use that way).
    if (m_db->dialect() == Database::Dialect::Sqlite && !m_db->isReadOnly()
        && QSettings().value(DailyBackup::enabledKey(), true).toBool()) {
        auto* daily = new DailyBackup(m_db->url(), this);
        connect(daily, &DailyBackup::failed, this,
                [this](const QString& message) { showStatus(tr("The daily backup failed: %1").arg(message)); });
    }

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1320, 820);
    // Read before the list fills: choosing the first campaign would overwrite it.
    const qint64 last = settings.value(settingsKey()).toLongLong();
    reloadCampaigns();
    if (last != 0)
        selectCampaign(last);
}

MainWindow::~MainWindow() = default;

bool MainWindow::isBusy() const
{
    return m_jobs->isBusy();
}

CampaignWatcher* MainWindow::campaignWatcher() const
{
    return m_live->watcher();
}

bool MainWindow::isOffline() const
{
    return m_live->isOffline();
}

void MainWindow::createTabs()
{
    // The tooltip colours: a note that stands out in light and dark themes alike. Its
    // margins and palette are not properties Designer offers a label.
    QLabel* notice = m_ui->archivedNoticeLabel;
    notice->setContentsMargins(10, 6, 10, 6);
    QPalette colours = notice->palette();
    colours.setColor(QPalette::Window, colours.color(QPalette::ToolTipBase));
    colours.setColor(QPalette::WindowText, colours.color(QPalette::ToolTipText));
    notice->setPalette(colours);
    // Shown only while an archived campaign is chosen.
    notice->hide();

    // The tabs need the store and the controller, which a form cannot give them; the
    // View menu's actions name them.
    QTabWidget* tabs = m_ui->mainTabWidget;
    m_conversationsTab = new ConversationsTab(*m_db, *m_controller, tabs);
    m_sendersTab = new SendersTab(*m_db, *m_controller, tabs);
    m_historyTab = new HistoryTab(*m_db, *m_controller, tabs);
    tabs->addTab(m_conversationsTab, m_ui->showConversationsAction->text());
    tabs->addTab(m_sendersTab, m_ui->showSendersAction->text());
    tabs->addTab(m_historyTab, m_ui->showHistoryAction->text());
    m_rulesTab = new RulesTab(*m_db, tabs);
    tabs->addTab(m_rulesTab, m_ui->showRulesAction->text());
    m_pulseTab = new PulseTab(*m_db, tabs);
    tabs->addTab(m_pulseTab, m_ui->showPulseAction->text());
}

void MainWindow::connectFiles()
{
    connect(m_files, &CampaignFiles::statusMessage, this, &MainWindow::showStatus);
    connect(m_files, &CampaignFiles::contactsImported, this, [this] {
        m_conversationsTab->refresh();
        m_ui->mainTabWidget->setCurrentWidget(m_conversationsTab);
    });
    connect(m_files, &CampaignFiles::messageEventsImported, this, [this] { m_conversationsTab->refresh(); });
    connect(m_files, &CampaignFiles::demoCreated, this, [this](qint64 id) {
        reloadCampaigns();
        selectCampaign(id);
        m_ui->mainTabWidget->setCurrentWidget(m_conversationsTab);
    });
    connect(m_storeFiles, &StoreFiles::statusMessage, this, &MainWindow::showStatus);
    connect(m_storeFiles, &StoreFiles::restored, this, [this](const QString& notice) {
        Outcome<std::unique_ptr<Database>> restored = Database::open(m_db->url());
        if (!restored) {
            MessageBox::warning(this, tr("Restore"), restored.error());
            return;
        }
        connect(
            this, &MainWindow::storeSwitched, this, [notice](MainWindow* next) { next->showStatus(notice); },
            Qt::SingleShotConnection);
        switchTo(std::move(*restored), QString());
    });
}

void MainWindow::setUpActions()
{
    // The platform's standard keys, which a form cannot name.
    m_ui->newCampaignAction->setShortcut(QKeySequence::New);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    m_ui->refreshAction->setShortcut(QKeySequence::Refresh);
    for (QAction* action : {m_ui->newCampaignAction, m_ui->connectToServerAction, m_ui->importContactsAction,
                            m_ui->exportConversationsAction, m_ui->undoAction})
        addShortcutToToolTip(action);

    connect(m_ui->newCampaignAction, &QAction::triggered, this, &MainWindow::newCampaign);
    connect(m_ui->archiveCampaignAction, &QAction::triggered, this, &MainWindow::archiveCampaign);
    connect(m_ui->unarchiveCampaignAction, &QAction::triggered, this, &MainWindow::unarchiveCampaign);
    connect(m_ui->connectToServerAction, &QAction::triggered, this, &MainWindow::connectToServer);
    connect(m_ui->openLocalStoreAction, &QAction::triggered, this, &MainWindow::openLocalStore);
    connect(m_ui->backUpStoreAction, &QAction::triggered, m_storeFiles, &StoreFiles::backUp);
    connect(m_ui->restoreStoreAction, &QAction::triggered, this, [this] {
        if (!m_conversationsTab->isBusy())
            m_storeFiles->restore();
    });
    connect(m_ui->importContactsAction, &QAction::triggered, this, [this] { m_files->importContacts(currentCampaign()); });
    connect(m_ui->importMessageEventsAction, &QAction::triggered, this,
            [this] { m_files->importMessageEvents(currentCampaign()); });
    connect(m_ui->exportConversationsAction, &QAction::triggered, this,
            [this] { m_files->exportConversations(currentCampaign(), m_conversationsTab->currentQuery()); });
    connect(m_ui->exportHistoryAction, &QAction::triggered, this, [this] { m_files->exportHistory(currentCampaign()); });
    connect(m_ui->createDemoAction, &QAction::triggered, m_files, &CampaignFiles::createDemoCampaign);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->managerNameAction, &QAction::triggered, this, &MainWindow::editManagerName);
    connect(m_ui->languageAction, &QAction::triggered, this, &MainWindow::editLanguage);
    connect(m_ui->undoAction, &QAction::triggered, this, [this] {
        if (!m_conversationsTab->isBusy() && !m_jobs->isBusy())
            m_historyTab->undoLast();
    });
    connect(m_ui->refreshAction, &QAction::triggered, this, [this] {
        reloadCampaigns();
        m_conversationsTab->refresh();
    });
    const QList<QAction*> showTab = {m_ui->showConversationsAction, m_ui->showSendersAction,
                                     m_ui->showHistoryAction, m_ui->showRulesAction};
    for (int i = 0; i < showTab.size(); ++i) {
        connect(showTab[i], &QAction::triggered, this,
                [this, i] { m_ui->mainTabWidget->setCurrentIndex(i); });
        m_ui->mainTabWidget->setTabToolTip(
            i, tr("%1 (%2)").arg(m_ui->mainTabWidget->tabText(i),
                                 showTab[i]->shortcut().toString(QKeySequence::NativeText)));
    }
    connect(m_ui->showPulseAction, &QAction::triggered, this,
            [this] { m_ui->mainTabWidget->setCurrentWidget(m_pulseTab); });
    const int pulse = m_ui->mainTabWidget->indexOf(m_pulseTab);
    m_ui->mainTabWidget->setTabToolTip(
        pulse, tr("%1 (%2)").arg(m_ui->mainTabWidget->tabText(pulse),
                                 m_ui->showPulseAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_ui->aboutAction, &QAction::triggered, this, [this] {
        MessageBox::information(this, tr("About Handoff"),
                                tr("Handoff %1\nMove texting conversations between senders exactly, safely and fast.")
                                    .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::setUpMenus()
{
    // The tabs' actions join the window's menus here, and the window's history export
    // joins the History tab: a form holds only its own actions.
    m_historyTab->setExportAction(m_ui->exportHistoryAction);
    const QList<QAction*> edit = m_ui->editMenu->actions();
    m_ui->editMenu->insertAction(edit.value(edit.indexOf(m_ui->undoAction) + 1),
                                 m_historyTab->undoSelectedAction());

    ConversationsTab* tab = m_conversationsTab;
    QMenu* conversations = m_ui->conversationsMenu;
    QAction* refresh = m_ui->refreshAction;
    conversations->insertActions(refresh,
                                 {tab->reassignSomeAction(), tab->reassignAllAction(), tab->unassignAllAction()});
    conversations->insertSeparator(refresh);
    conversations->insertActions(refresh, {tab->reassignConversationAction(), tab->optOutAction(), tab->holdAction()});
    conversations->insertSeparator(refresh);
    conversations->insertActions(refresh, {tab->unselectSenderAction(), tab->filterSendersAction()});
    conversations->insertSeparator(refresh);

    QMenu* senders = m_ui->sendersMenu;
    senders->addAction(m_sendersTab->addSendersAction());
    senders->addSeparator();
    senders->addActions({m_sendersTab->markSweeperAction(), m_sendersTab->unmarkSweeperAction()});
    senders->addSeparator();
    senders->addActions(m_sendersTab->presenceActions());
    senders->addSeparator();
    senders->addAction(m_sendersTab->removeSendersAction());
    // Acting on the Senders tab's selection: show the tab it acts on.
    for (QAction* action : senders->actions())
        connect(action, &QAction::triggered, this,
                [this] { m_ui->mainTabWidget->setCurrentWidget(m_sendersTab); });

    // Designer puts only actions into a toolbar: the campaign chooser goes in front of them.
    QToolBar* toolBar = m_ui->mainToolBar;
    auto* campaignLabel = new QLabel(tr("&Campaign:"), toolBar);
    campaignLabel->setContentsMargins(4, 0, 4, 0);
    m_campaignCombo = new QComboBox(toolBar);
    m_campaignCombo->setObjectName(QStringLiteral("campaignComboBox"));
    m_campaignCombo->setAccessibleName(tr("Campaign"));
    m_campaignCombo->setMinimumContentsLength(28);
    m_campaignCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    campaignLabel->setBuddy(m_campaignCombo);
    toolBar->insertWidget(m_ui->newCampaignAction, campaignLabel);
    toolBar->insertWidget(m_ui->newCampaignAction, m_campaignCombo);
    connect(m_campaignCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, &MainWindow::campaignChosen);
}

bool MainWindow::liveRefreshWouldConfuse() const
{
    if (m_jobs->isBusy() || m_conversationsTab->isBusy() || DialogRunner::isOpenOver(this))
        return true;
    // A message box or progress dialog of this window, shown modally.
    const QWidget* modal = QApplication::activeModalWidget();
    return modal && modal->parentWidget() && modal->parentWidget()->window() == this;
}

void MainWindow::connectionLost(const QString& message)
{
    m_connectionLabel->setToolTip(message);
    m_connectionLabel->show();
    showStatus(tr("Lost the connection to the store (%1). Nothing can be changed until it is back; Handoff keeps "
                  "trying.")
                   .arg(message));
    // No store reads here: with the server away each could wait for its connect timeout.
    m_conversationsTab->setReadOnly(true);
    m_sendersTab->setReadOnly(true);
    m_historyTab->setReadOnly(true);
    m_rulesTab->setReadOnly(true);
    updateActions();
}

void MainWindow::connectionRestored()
{
    m_connectionLabel->hide();
    showStatus(tr("Connected to the store again."));
}

QString MainWindow::managerName(const QString& role)
{
    return Actor::resolve(QSettings().value(ManagerNameKey).toString().simplified(), role);
}

QString MainWindow::settingsKey() const
{
    // The last campaign is remembered per store: ids mean nothing in another database.
    return QStringLiteral("lastCampaign/%1").arg(qHash(m_db->location().identity()));
}

qint64 MainWindow::currentCampaignId() const
{
    return m_campaignCombo->currentData().toLongLong();
}

std::optional<Campaign> MainWindow::currentCampaign() const
{
    const qint64 id = currentCampaignId();
    return id ? CampaignStore(*m_db).campaign(id) : std::nullopt;
}

bool MainWindow::isWelcoming() const
{
    return m_ui->mainStackedWidget->currentWidget() == m_ui->welcomePage;
}

void MainWindow::selectCampaign(qint64 campaignId)
{
    const int index = m_campaignCombo->findData(campaignId);
    if (index >= 0)
        m_campaignCombo->setCurrentIndex(index);
}

void MainWindow::reloadCampaigns()
{
    const qint64 current = currentCampaignId();
    const QVector<Campaign> campaigns = CampaignStore(*m_db).campaigns();
    {
        const QSignalBlocker blocker(m_campaignCombo);
        m_campaignCombo->clear();
        for (const Campaign& c : campaigns)
            m_campaignCombo->addItem(c.archived ? tr("%1 (archived)").arg(c.name) : c.name, c.id);
        const int index = m_campaignCombo->findData(current);
        m_campaignCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_ui->mainStackedWidget->setCurrentWidget(campaigns.isEmpty() ? static_cast<QWidget*>(m_ui->welcomePage)
                                                                  : m_ui->tabsPage);
    if (currentCampaignId() != m_conversationsTab->campaignId())
        campaignChosen();
    else
        applyCampaignState();
}

void MainWindow::campaignChosen()
{
    const qint64 id = currentCampaignId();
    m_live->watchCampaign(id);
    m_conversationsTab->setCampaign(id);
    m_sendersTab->setCampaign(id);
    m_historyTab->setCampaign(id);
    m_rulesTab->setCampaign(id);
    m_pulseTab->setCampaign(id);
    applyCampaignState();
    if (id)
        QSettings().setValue(settingsKey(), id);
}

void MainWindow::applyCampaignState()
{
    const std::optional<Campaign> campaign = currentCampaign();
    const bool archived = campaign && campaign->archived;
    const bool locked = archived || m_live->isOffline() || m_db->isReadOnly();
    m_conversationsTab->setReadOnly(locked);
    m_sendersTab->setReadOnly(locked);
    m_historyTab->setReadOnly(locked);
    m_rulesTab->setReadOnly(locked);
    m_ui->archivedNoticeLabel->setVisible(archived);
    if (archived)
        m_ui->archivedNoticeLabel->setText(
            tr("<b>\"%1\" is archived</b> and opens read-only: nothing can be reassigned, imported or undone in "
               "it. File ▸ Unarchive Campaign makes it editable again.")
                .arg(campaign->name.toHtmlEscaped()));
    m_ui->archivedNoticeLabel->setAccessibleName(archived ? tr("Archived campaign: read-only") : QString());
    if (m_db->isReadOnly())
        setWindowTitle(campaign ? tr("%1 — Handoff (read-only)").arg(m_campaignCombo->currentText())
                                : tr("Handoff (read-only)"));
    else
        setWindowTitle(campaign ? tr("%1 — Handoff").arg(m_campaignCombo->currentText()) : tr("Handoff"));
    updateActions();
}

void MainWindow::updateActions()
{
    const std::optional<Campaign> campaign = m_live->isOffline() ? std::nullopt : currentCampaign();
    const bool open = campaign.has_value() && !m_jobs->isBusy() && !m_live->isOffline();
    const bool writable = !m_jobs->isBusy() && !m_live->isOffline() && !m_db->isReadOnly();
    const bool editable = open && writable && !campaign->archived;
    m_ui->newCampaignAction->setEnabled(writable);
    m_ui->archiveCampaignAction->setEnabled(editable);
    m_ui->archiveCampaignAction->setVisible(!campaign || !campaign->archived);
    m_ui->unarchiveCampaignAction->setEnabled(open && writable && campaign->archived);
    m_ui->unarchiveCampaignAction->setVisible(campaign && campaign->archived);
    m_ui->importContactsAction->setEnabled(editable);
    m_ui->importMessageEventsAction->setEnabled(editable);
    m_ui->exportConversationsAction->setEnabled(open);
    m_ui->exportHistoryAction->setEnabled(open);
    m_ui->createDemoAction->setEnabled(writable);
    m_ui->undoAction->setEnabled(editable);
    m_ui->connectToServerAction->setEnabled(!m_jobs->isBusy());
    m_ui->openLocalStoreAction->setEnabled(!m_jobs->isBusy() && !m_onLocalStore);
    m_ui->backUpStoreAction->setEnabled(!m_jobs->isBusy());
    m_ui->restoreStoreAction->setEnabled(!m_jobs->isBusy());
    m_ui->welcomePage->setBusy(m_jobs->isBusy());
}

void MainWindow::showStatus(const QString& message)
{
    statusBar()->showMessage(message);
}

std::optional<qint64> MainWindow::newCampaign()
{
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("newCampaignDialog"));
    dialog.setWindowTitle(tr("New Campaign"));
    dialog.setAccessibleName(tr("New Campaign"));
    dialog.setLabelText(tr("Name of the new campaign:"));
    dialog.setOkButtonText(tr("Create"));
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return std::nullopt;
    const Outcome<Campaign> created = CampaignService(*m_db).createCampaign(dialog.textValue());
    if (!created) {
        MessageBox::warning(this, tr("New Campaign"), created.error());
        return std::nullopt;
    }
    reloadCampaigns();
    selectCampaign(created->id);
    m_ui->mainTabWidget->setCurrentWidget(m_sendersTab);
    showStatus(tr("Created the campaign \"%1\". Add its senders, then import its contacts.").arg(created->name));
    return created->id;
}

void MainWindow::archiveCampaign()
{
    const std::optional<Campaign> campaign = currentCampaign();
    if (!campaign || campaign->archived)
        return;
    const QString text = tr("Archive \"%1\"? An archived campaign opens read-only: nothing can be reassigned, imported "
                            "or undone in it until it is unarchived.")
                             .arg(campaign->name);
    if (MessageBox::question(this, tr("Archive Campaign"), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    if (const Outcome<Done> done = CampaignService(*m_db).setArchived(campaign->id, true); !done) {
        MessageBox::warning(this, tr("Archive Campaign"), done.error());
        return;
    }
    reloadCampaigns();
    showStatus(tr("Archived \"%1\".").arg(campaign->name));
}

void MainWindow::unarchiveCampaign()
{
    const std::optional<Campaign> campaign = currentCampaign();
    if (!campaign || !campaign->archived)
        return;
    if (const Outcome<Done> done = CampaignService(*m_db).setArchived(campaign->id, false); !done) {
        MessageBox::warning(this, tr("Unarchive Campaign"), done.error());
        return;
    }
    reloadCampaigns();
    showStatus(tr("\"%1\" is editable again.").arg(campaign->name));
}

void MainWindow::editManagerName()
{
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("managerNameDialog"));
    dialog.setWindowTitle(tr("Manager Name"));
    dialog.setAccessibleName(tr("Manager Name"));
    const QString fallback = !qEnvironmentVariableIsEmpty("HANDOFF_ACTOR")
        ? tr("$HANDOFF_ACTOR, %1").arg(Actor::resolve({}, {}))
        : m_db->role().isEmpty() ? tr("your login name, %1").arg(Actor::resolve({}, {}))
                                 : tr("your user on the server, %1").arg(m_db->role());
    dialog.setLabelText(tr("Your name, as the history records your actions (empty: %1):").arg(fallback));
    dialog.setTextValue(QSettings().value(ManagerNameKey).toString());
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    const QString name = dialog.textValue().simplified();
    if (name.isEmpty())
        QSettings().remove(ManagerNameKey);
    else
        QSettings().setValue(ManagerNameKey, name);
    m_controller->setActor(managerName(m_db->role()));
    m_managerLabel->setText(tr("Manager: %1").arg(m_controller->actor()));
    showStatus(tr("Your actions are recorded as %1 from now on.").arg(m_controller->actor()));
}

void MainWindow::editLanguage()
{
    // Names of languages in their own words, so a user lost in the wrong one finds theirs.
    const QStringList codes = {QString(), QStringLiteral("en"), QStringLiteral("es")};
    const QStringList names = {tr("The system's language"), QStringLiteral("English"), QStringLiteral("Español")};
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("languageDialog"));
    dialog.setWindowTitle(tr("Language"));
    dialog.setAccessibleName(tr("Language"));
    dialog.setLabelText(tr("Handoff speaks, from its next start:"));
    dialog.setComboBoxItems(names);
    dialog.setComboBoxEditable(false);
    const int current = int(codes.indexOf(QSettings().value(languageSettingKey()).toString()));
    dialog.setTextValue(names.value(std::max(current, 0)));
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    const QString code = codes.value(int(names.indexOf(dialog.textValue())));
    if (code.isEmpty())
        QSettings().remove(languageSettingKey());
    else
        QSettings().setValue(languageSettingKey(), code);
    showStatus(tr("Handoff will speak %1 from its next start.").arg(dialog.textValue()));
}

void MainWindow::connectToServer()
{
    if (m_jobs->isBusy() || m_conversationsTab->isBusy())
        return;
    ConnectionDialog dialog(PasswordVault::instance(), this);
    if (m_db->dialect() == Database::Dialect::Postgres)
        dialog.selectServer(m_db->location().identity());
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    std::unique_ptr<Database> db = dialog.takeDatabase();
    if (db)
        switchTo(std::move(db), dialog.notice());
}

void MainWindow::openLocalStore()
{
    if (m_jobs->isBusy() || m_conversationsTab->isBusy())
        return;
    Outcome<std::unique_ptr<Database>> db = Database::open(ConnectionString::localUrl());
    if (!db) {
        MessageBox::critical(this, tr("Open Local Store"), db.error());
        return;
    }
    switchTo(std::move(*db), QString());
}

void MainWindow::switchTo(std::unique_ptr<Database> db, const QString& notice)
{
    SavedServers::noteOpened(db->location().identity());
    // Everything of a window (its tabs, models, watcher) reads one store; a new
    // window is simpler and surer than rewiring each of them.
    auto* next = new MainWindow(std::move(db));
    next->setAttribute(Qt::WA_DeleteOnClose);
    next->showStatus(tr("Opened %1.").arg(next->m_db->location().displayString()));
    next->show();
    emit storeSwitched(next);
    close();
    if (!notice.isEmpty())
        MessageBox::warning(next, tr("Connect to Server"), notice);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // The work holds its own connection and one transaction: let it finish, or roll back, first.
    if (m_jobs->isBusy() || m_conversationsTab->isBusy() || m_rulesTab->isSweeping()) {
        event->ignore();
        showStatus(tr("Handoff closes when the work in progress is done."));
        return;
    }
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace Handoff
