#include "MainWindow.h"

#include "CampaignStore.h"
#include "ConversationsTab.h"
#include "Database.h"
#include "DemoCampaign.h"
#include "MessageBox.h"
#include "ReassignmentController.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

#include <memory>

namespace Handoff {

namespace {
QWidget* comingLater(const QString& objectName, const QString& text, QWidget* parent)
{
    auto* page = new QWidget(parent);
    page->setObjectName(objectName);
    auto* layout = new QVBoxLayout(page);
    auto* label = new QLabel(text, page);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setEnabled(false);
    layout->addWidget(label);
    return page;
}

QString actorName()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QStringLiteral("manager") : user;
}
} // namespace

MainWindow::MainWindow(std::unique_ptr<Database> db, QWidget* parent)
    : QMainWindow(parent)
    , m_db(std::move(db))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Handoff"));
    m_controller = new ReassignmentController(*m_db, actorName(), this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabs->setAccessibleName(tr("Views"));
    m_tabs->setDocumentMode(true);
    m_conversationsTab = new ConversationsTab(*m_db, *m_controller, m_tabs);
    m_tabs->addTab(m_conversationsTab, tr("Conversations"));
    m_tabs->addTab(comingLater(QStringLiteral("sendersTab"),
                               tr("Adding senders, marking sweepers and removing senders will live here."), m_tabs),
                   tr("Senders"));
    m_tabs->addTab(comingLater(QStringLiteral("historyTab"),
                               tr("Past actions, newest first, will live here. Edit ▸ Undo already reverts the last one."),
                               m_tabs),
                   tr("History"));
    setCentralWidget(m_tabs);

    connect(m_conversationsTab, &ConversationsTab::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    createMenus();

    statusBar()->setObjectName(QStringLiteral("statusBar"));
    auto* storeLabel = new QLabel(m_db->location().displayString(), this);
    storeLabel->setObjectName(QStringLiteral("storeLabel"));
    storeLabel->setToolTip(tr("Where the data lives"));
    statusBar()->addPermanentWidget(storeLabel);

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

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    m_demoAction = file->addAction(tr("Create &Demo Campaign…"), this, &MainWindow::createDemoCampaign);
    m_demoAction->setObjectName(QStringLiteral("createDemoAction"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    m_undoAction = edit->addAction(tr("&Undo Last Action"), m_conversationsTab, &ConversationsTab::undoLast);
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setShortcut(QKeySequence(tr("Ctrl+Z")));
    m_undoAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo")));
    m_undoAction->setToolTip(tr("Undo the campaign's last reassign action (%1)")
                                 .arg(m_undoAction->shortcut().toString(QKeySequence::NativeText)));

    ConversationsTab* tab = m_conversationsTab;
    QMenu* conversations = menuBar()->addMenu(tr("&Conversations"));
    conversations->setObjectName(QStringLiteral("conversationsMenu"));
    conversations->addActions({tab->reassignSomeAction(), tab->reassignAllAction(), tab->unassignAllAction()});
    conversations->addSeparator();
    conversations->addActions({tab->reassignConversationAction(), tab->optOutAction()});
    conversations->addSeparator();
    conversations->addActions({tab->unselectSenderAction(), tab->filterSendersAction()});
    conversations->addSeparator();
    m_refreshAction = conversations->addAction(tr("Re&fresh"), this, [this] {
        reloadCampaigns();
        m_conversationsTab->refresh();
    });
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    const QStringList tabNames = {QStringLiteral("showConversationsAction"), QStringLiteral("showSendersAction"),
                                  QStringLiteral("showHistoryAction")};
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* show = view->addAction(m_tabs->tabText(i), this, [this, i] { m_tabs->setCurrentIndex(i); });
        show->setObjectName(tabNames[i]);
        show->setShortcut(QKeySequence(tr("Ctrl+%1").arg(i + 1)));
        m_tabs->setTabToolTip(i, tr("%1 (%2)").arg(m_tabs->tabText(i), show->shortcut().toString(QKeySequence::NativeText)));
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction* about = help->addAction(tr("&About Handoff"), this, [this] {
        MessageBox::information(this, tr("About Handoff"),
                                tr("Handoff %1\nMove texting conversations between senders exactly, safely and fast.")
                                    .arg(QCoreApplication::applicationVersion()));
    });
    about->setObjectName(QStringLiteral("aboutAction"));

    QToolBar* toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    auto* campaignLabel = new QLabel(tr("&Campaign:"), toolBar);
    campaignLabel->setContentsMargins(4, 0, 4, 0);
    m_campaignCombo = new QComboBox(toolBar);
    m_campaignCombo->setObjectName(QStringLiteral("campaignComboBox"));
    m_campaignCombo->setAccessibleName(tr("Campaign"));
    m_campaignCombo->setMinimumContentsLength(28);
    m_campaignCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    campaignLabel->setBuddy(m_campaignCombo);
    toolBar->addWidget(campaignLabel);
    toolBar->addWidget(m_campaignCombo);
    toolBar->addSeparator();
    toolBar->addAction(m_undoAction);
    toolBar->addAction(m_refreshAction);
    connect(m_campaignCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, &MainWindow::campaignChosen);
}

QString MainWindow::settingsKey() const
{
    // The last campaign is remembered per store: ids mean nothing in another database.
    return QStringLiteral("lastCampaign/%1").arg(qHash(m_db->url()));
}

qint64 MainWindow::currentCampaignId() const
{
    return m_campaignCombo->currentData().toLongLong();
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
    const QSignalBlocker blocker(m_campaignCombo);
    m_campaignCombo->clear();
    for (const Campaign& c : CampaignStore(*m_db).campaigns())
        m_campaignCombo->addItem(c.archived ? tr("%1 (archived)").arg(c.name) : c.name, c.id);
    const int index = m_campaignCombo->findData(current);
    m_campaignCombo->setCurrentIndex(index >= 0 ? index : 0);
    if (currentCampaignId() != m_conversationsTab->campaignId())
        campaignChosen();
}

void MainWindow::campaignChosen()
{
    const qint64 id = currentCampaignId();
    m_conversationsTab->setCampaign(id);
    setWindowTitle(id ? tr("%1 — Handoff").arg(m_campaignCombo->currentText()) : tr("Handoff"));
    if (id)
        QSettings().setValue(settingsKey(), id);
}

void MainWindow::offerDemoCampaign()
{
    if (!CampaignStore(*m_db).campaigns().isEmpty())
        return;
    const auto answer = MessageBox::question(
        this, tr("Welcome to Handoff"),
        tr("There is no campaign yet. Create a demo campaign, with senders and thousands of conversations in every "
           "status, to try reassigning?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes)
        createDemoCampaign();
}

void MainWindow::createDemoCampaign()
{
    const DemoCampaignOptions options;
    auto* progress = new QProgressDialog(tr("Creating \"%1\"…").arg(options.name), QString(), 0, options.contacts, this);
    progress->setObjectName(QStringLiteral("demoProgressDialog"));
    progress->setWindowTitle(tr("Demo Campaign"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    progress->setCancelButton(nullptr);
    progress->show();
    m_demoAction->setEnabled(false);

    // Thousands of inserts: on a worker with its own connection, so the window keeps painting.
    auto outcome = std::make_shared<std::optional<Outcome<Campaign>>>();
    const QString url = m_db->url();
    QThread* worker = QThread::create([url, options, outcome, progress] {
        auto db = Database::open(url);
        if (!db) {
            *outcome = Outcome<Campaign>::failure(db.error());
            return;
        }
        DemoCampaign demo(**db);
        QObject::connect(&demo, &DemoCampaign::progress, progress, &QProgressDialog::setValue, Qt::QueuedConnection);
        *outcome = demo.create(options);
    });
    connect(worker, &QThread::finished, this, [this, worker, progress, outcome] {
        progress->deleteLater();
        worker->deleteLater();
        m_demoAction->setEnabled(true);
        if (!outcome->has_value() || !**outcome) {
            const QString error = outcome->has_value() ? (**outcome).error() : tr("The demo campaign was not created.");
            MessageBox::warning(this, tr("Demo Campaign"), error);
            return;
        }
        reloadCampaigns();
        selectCampaign((**outcome)->id);
        statusBar()->showMessage(tr("Created the demo campaign \"%1\".").arg((**outcome)->name));
    });
    worker->start();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace Handoff
