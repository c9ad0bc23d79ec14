#include "CampaignWatcher.h"
#include "ConversationStore.h"
#include "ConversationTableModel.h"
#include "ConversationsTab.h"
#include "Database.h"
#include "MainWindow.h"
#include "PgAdmin.h"
#include "ReassignmentController.h"
#include "SenderListModel.h"
#include "StoreFixture.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

namespace {
// The watcher reports within about a second (SQLite's poll) or a quarter (PostgreSQL).
int deadlineMs()
{
    return StoreFixture::onPostgres() ? 1500 : 3000;
}

constexpr int AnaConversations = 120;
} // namespace

// Two real windows on one store, as two managers of a team: what one of them, handoff-cli
// or the texting backend changes shows in the other, which keeps the manager's place.
class TestLiveWindows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void anotherManagersActionShowsKeepingSelectionAndScroll();
    void messageEventsShowInTheOpenConversation();
    void actionInWindowAShowsInWindowB();
    void waitsForAnOpenDialog();
    void connectionLostAndRestored();

private:
    std::unique_ptr<MainWindow> openWindow();
    // Window B's manager has Ana selected, a conversation deep in the table open and the
    // table scrolled to it.
    void takePlaceInB();
    int assigned(MainWindow& window, SenderId sender) const;
    QTableView* table(MainWindow& window) const;
    int scroll(MainWindow& window) const { return table(window)->verticalScrollBar()->value(); }

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<Database> m_third;
    std::unique_ptr<MainWindow> m_a;
    std::unique_ptr<MainWindow> m_b;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0;
    QVector<qint64> m_anas;
    qint64 m_open = 0;
    int m_scroll = 0;
};

void TestLiveWindows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("HandoffTests");
    QApplication::setApplicationName("TestLiveWindows");
}

void TestLiveWindows::init()
{
    QSettings().clear();
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_anas.clear();
    for (int i = 0; i < AnaConversations; ++i)
        m_anas << m_fx->conversation(m_campaign, m_ana, i % 3 ? S::Waiting : S::NeedsReply, 10 + i);
    m_fx->conversation(m_campaign, m_ben, S::NotStarted, 1);

    auto third = Database::open(m_fx->url());
    QVERIFY2(third, qPrintable(third.error()));
    m_third = std::move(*third);
    m_a = openWindow();
    QVERIFY(m_a);
    m_b = openWindow();
    QVERIFY(m_b);
    QTRY_VERIFY_WITH_TIMEOUT(m_a->campaignWatcher()->isConnected() && m_b->campaignWatcher()->isConnected(), 10000);
}

void TestLiveWindows::cleanup()
{
    m_b.reset();
    m_a.reset();
    m_third.reset();
    m_fx.reset();
}

std::unique_ptr<MainWindow> TestLiveWindows::openWindow()
{
    auto db = Database::open(m_fx->url());
    if (!db) {
        qWarning("%s", qPrintable(db.error()));
        return nullptr;
    }
    auto window = std::make_unique<MainWindow>(std::move(*db));
    window->resize(1200, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    window->setDialogRunner([](QDialog&) { return int(QDialog::Rejected); });
    return window;
}

QTableView* TestLiveWindows::table(MainWindow& window) const
{
    return window.findChild<QTableView*>(QStringLiteral("conversationTableView"));
}

int TestLiveWindows::assigned(MainWindow& window, SenderId sender) const
{
    const auto* model = window.conversationsTab()->findChild<SenderListModel*>();
    return model->index(model->rowOf(sender)).data(SenderListModel::AssignedRole).toInt();
}

void TestLiveWindows::takePlaceInB()
{
    ConversationsTab* tab = m_b->conversationsTab();
    tab->selectSender(m_ana);
    QCOMPARE(tab->selectedSender(), std::optional<SenderId>(m_ana));
    QTableView* view = table(*m_b);
    QTRY_COMPARE(view->model()->rowCount(), AnaConversations);
    view->setCurrentIndex(view->model()->index(60, 0));
    view->verticalScrollBar()->setValue(50);
    m_scroll = scroll(*m_b);
    QVERIFY(m_scroll > 0);
    QVERIFY(tab->openConversationId());
    m_open = *tab->openConversationId();
}

void TestLiveWindows::anotherManagersActionShowsKeepingSelectionAndScroll()
{
    takePlaceInB();
    // handoff-cli, as another manager: two of Ana's that wait longest (above B's view) go to Ben.
    ReassignmentController controller(*m_third, QStringLiteral("Lin"));
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Sender;
    request.action = ReassignAction::ReassignSome;
    request.source = m_ana;
    request.count = 2;
    request.targets = {m_ben};
    const auto moved = controller.run(request);
    QVERIFY2(moved, qPrintable(moved.error()));
    QCOMPARE(moved->moved, 2);

    QTRY_COMPARE_WITH_TIMEOUT(assigned(*m_b, m_ana), AnaConversations - 2, deadlineMs());
    QCOMPARE(assigned(*m_b, m_ben), 3);
    QCOMPARE(table(*m_b)->model()->rowCount(), AnaConversations - 2);
    ConversationsTab* tab = m_b->conversationsTab();
    QCOMPARE(tab->selectedSender(), std::optional<SenderId>(m_ana));
    QCOMPARE(tab->openConversationId(), std::optional<qint64>(m_open));
    QCOMPARE(table(*m_b)->currentIndex().row(), 58);
    QCOMPARE(scroll(*m_b), m_scroll);
}

void TestLiveWindows::messageEventsShowInTheOpenConversation()
{
    takePlaceInB();
    const auto* model = qobject_cast<ConversationTableModel*>(table(*m_b)->model());
    const std::optional<Conversation> open = model->conversationAt(table(*m_b)->currentIndex().row());
    QVERIFY(open);
    const QString reply = QStringLiteral("Yes, I will vote early!");
    // The texting backend records the contact's reply.
    const QDateTime at = QDateTime::currentDateTimeUtc();
    const auto recorded = ConversationStore(*m_third).recordMessage(
        m_campaign, open->phone, MessageDirection::Inbound, reply, at, m_ana);
    QVERIFY2(recorded, qPrintable(recorded.error()));

    // The reply is the newest activity: its row moves to the end of "longest waiting first".
    QTRY_COMPARE_WITH_TIMEOUT(table(*m_b)->currentIndex().row(), AnaConversations - 1, deadlineMs());
    ConversationsTab* tab = m_b->conversationsTab();
    QCOMPARE(tab->openConversationId(), std::optional<qint64>(m_open));
    QCOMPARE(tab->selectedSender(), std::optional<SenderId>(m_ana));
    QCOMPARE(scroll(*m_b), m_scroll);
    QCOMPARE(table(*m_b)->currentIndex().siblingAtColumn(ConversationTableModel::LastMessageColumn).data().toString(),
             reply);
    QCOMPARE(table(*m_b)->currentIndex().data(ConversationTableModel::StatusRole).toInt(), int(S::NeedsReply));
}

void TestLiveWindows::actionInWindowAShowsInWindowB()
{
    takePlaceInB();
    // Window A's manager opts out the contact B has open.
    ConversationsTab* a = m_a->conversationsTab();
    a->selectSender(m_ana);
    QTableView* view = table(*m_a);
    QTRY_COMPARE(view->model()->rowCount(), AnaConversations);
    view->setCurrentIndex(view->model()->index(60, 0));
    QCOMPARE(a->openConversationId(), std::optional<qint64>(m_open));
    QVERIFY(a->optOutAction()->isEnabled());
    a->optOutAction()->trigger();

    QTRY_VERIFY_WITH_TIMEOUT(table(*m_b)->currentIndex().data(ConversationTableModel::OptedOutRole).toBool(),
                             deadlineMs());
    ConversationsTab* b = m_b->conversationsTab();
    QCOMPARE(b->openConversationId(), std::optional<qint64>(m_open));
    QCOMPARE(b->selectedSender(), std::optional<SenderId>(m_ana));
    QCOMPARE(scroll(*m_b), m_scroll);
    QCOMPARE(b->optOutAction()->text(), ConversationsTab::tr("&Opt In Contact"));
}

void TestLiveWindows::waitsForAnOpenDialog()
{
    takePlaceInB();
    QSignalSpy changed(m_b->campaignWatcher(), &CampaignWatcher::campaignChanged);
    bool stayedStill = false;
    m_b->setDialogRunner([&](QDialog&) {
        // While B's manager reads the dialog, someone else moves one of Ana's.
        ReassignmentController controller(*m_third, QStringLiteral("Lin"));
        ReassignRequest request;
        request.campaignId = m_campaign;
        request.scope = ReassignScope::Single;
        request.action = ReassignAction::Move;
        request.conversationId = m_anas.first();
        request.source = m_ana;
        request.targets = {m_ben};
        const auto moved = controller.run(request);
        if (moved && changed.wait(deadlineMs())) {
            QTest::qWait(50);
            stayedStill = assigned(*m_b, m_ana) == AnaConversations;
        }
        return int(QDialog::Rejected);
    });
    m_b->conversationsTab()->reassignSomeAction()->trigger();
    QVERIFY(stayedStill);
    QTRY_COMPARE_WITH_TIMEOUT(assigned(*m_b, m_ana), AnaConversations - 1, deadlineMs());
    QCOMPARE(m_b->conversationsTab()->openConversationId(), std::optional<qint64>(m_open));
    QCOMPARE(scroll(*m_b), m_scroll);
}

void TestLiveWindows::connectionLostAndRestored()
{
    takePlaceInB();
    QAction* import = m_b->findChild<QAction*>(QStringLiteral("importContactsAction"));
    QVERIFY(import && import->isEnabled());
    auto* label = m_b->findChild<QLabel*>(QStringLiteral("connectionLabel"));
    QVERIFY(label && !label->isVisible());

    std::unique_ptr<PgAdmin> admin;
    const QString database = PgAdmin::databaseOf(m_fx->url());
    if (StoreFixture::onPostgres()) {
        // The server goes away: every session ends and no new one gets in.
        admin = std::make_unique<PgAdmin>();
        QVERIFY2(admin->ok(), qPrintable(admin->error()));
        QVERIFY(admin->allowConnections(database, false));
        QVERIFY(admin->terminate(database) > 0);
    } else {
        // A SQLite file does not go away while open: play the watcher's report.
        emit m_b->campaignWatcher()->connectionLost(QStringLiteral("disk I/O error"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_b->isOffline(), 5000);
    QVERIFY(label->isVisible());
    QVERIFY2(m_b->statusBar()->currentMessage().contains(MainWindow::tr("Lost the connection to the store").left(10)),
             qPrintable(m_b->statusBar()->currentMessage()));
    QVERIFY(!import->isEnabled());
    QVERIFY(!m_b->conversationsTab()->reassignAllAction()->isEnabled());
    // The window still answers.
    QCOMPARE(m_b->conversationsTab()->openConversationId(), std::optional<qint64>(m_open));

    if (admin) {
        QVERIFY(admin->allowConnections(database, true));
    } else {
        emit m_b->campaignWatcher()->connectionRestored();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_b->isOffline(), 5000);
    QVERIFY(!label->isVisible());
    QVERIFY(import->isEnabled());
    QVERIFY(m_b->conversationsTab()->reassignAllAction()->isEnabled());

    // And it is live again.
    auto third = Database::open(m_fx->url());
    QVERIFY2(third, qPrintable(third.error()));
    m_third = std::move(*third);
    ReassignmentController controller(*m_third, QStringLiteral("Lin"));
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Single;
    request.action = ReassignAction::Move;
    request.conversationId = m_anas.first();
    request.source = m_ana;
    request.targets = {m_ben};
    const auto moved = controller.run(request);
    QVERIFY2(moved, qPrintable(moved.error()));
    QTRY_COMPARE_WITH_TIMEOUT(assigned(*m_b, m_ana), AnaConversations - 1, deadlineMs());
    QCOMPARE(m_b->conversationsTab()->openConversationId(), std::optional<qint64>(m_open));
}

QTEST_MAIN(TestLiveWindows)
#include "TestLiveWindows.moc"
