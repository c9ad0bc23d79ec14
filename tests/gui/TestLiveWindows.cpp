#include "storage/CampaignWatcher.h"
#include "storage/ConversationStore.h"
#include "models/ConversationTableModel.h"
#include "gui/conversations/ConversationsTab.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/MainWindow.h"
#include "PgAdmin.h"
#include "controller/ReassignmentController.h"
#include "models/SenderListModel.h"
#include "models/SenderTableModel.h"
#include "gui/senders/SendersTab.h"
#include "StoreFixture.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QLabel>
#include <QMutex>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

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
    void hammeredCampaignShowsTheRecountEverywhere();

private:
    std::unique_ptr<MainWindow> openWindow();
    // Every number the window shows that differs from a recount of the store: the
    // overview, the sender list, the open sender's table and the Senders tab.
    QStringList differences(MainWindow& window, const QMap<SenderId, StatusCounts>& recount) const;
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
    startWindowTests(*this);
}

void TestLiveWindows::init()
{
    m_fx = freshStore();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    const GotvCampaign gotv = seedGotvCampaign(*m_fx);
    m_campaign = gotv.id;
    m_ana = gotv.ana;
    m_ben = gotv.ben;
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
    DialogRunner::setHandler({});
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
    DialogRunner::setHandler([](QDialog&) { return int(QDialog::Rejected); });
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
    DialogRunner::setHandler([&](QDialog&) {
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

QStringList TestLiveWindows::differences(MainWindow& window, const QMap<SenderId, StatusCounts>& recount) const
{
    QStringList found;
    auto expect = [&](const QString& what, int shown, int counted) {
        if (shown != counted)
            found << QStringLiteral("%1: shows %2, recount %3").arg(what).arg(shown).arg(counted);
    };
    StatusCounts campaign;
    for (const StatusCounts& c : recount) {
        campaign.notStarted += c.notStarted;
        campaign.needsReply += c.needsReply;
        campaign.waiting += c.waiting;
        campaign.optedOut += c.optedOut;
    }
    auto overview = [&](const char* name) {
        const QString text = window.findChild<QLabel*>(QString::fromLatin1(name))->accessibleName();
        return text.section(QStringLiteral(": "), 1).toInt();
    };
    expect(QStringLiteral("Total"), overview("totalCountLabel"), campaign.total());
    expect(QStringLiteral("Not Started"), overview("notStartedCountLabel"), campaign.notStarted);
    expect(QStringLiteral("Needs Reply"), overview("needsReplyCountLabel"), campaign.needsReply);

    const auto* list = window.conversationsTab()->findChild<SenderListModel*>();
    for (auto it = recount.cbegin(); it != recount.cend(); ++it) {
        const QModelIndex row = list->index(list->rowOf(it.key()));
        const QString who = QStringLiteral("sender list, %1").arg(row.data().toString());
        expect(who + QStringLiteral(" assigned"), row.data(SenderListModel::AssignedRole).toInt(), it->total());
        expect(who + QStringLiteral(" started"), row.data(SenderListModel::StartedRole).toInt(), it->started());
        expect(who + QStringLiteral(" needs reply"), row.data(SenderListModel::NeedsReplyRole).toInt(), it->needsReply);
    }
    if (const std::optional<SenderId> open = window.conversationsTab()->selectedSender())
        expect(QStringLiteral("table rows"), table(window)->model()->rowCount(), recount.value(*open).total());

    // A tab out of sight reads the store when it is shown (checked below), not before.
    if (!window.sendersTab()->isVisible())
        return found;
    const auto* senders = window.sendersTab()->findChild<SenderTableModel*>();
    for (auto it = recount.cbegin(); it != recount.cend(); ++it) {
        if (it.key() == UnassignedId)
            continue;
        const int row = senders->rowOf(it.key());
        auto cell = [&](int column) { return senders->index(row, column).data(SenderTableModel::SortRole).toInt(); };
        const QString who = QStringLiteral("Senders tab, %1").arg(senders->index(row, 0).data().toString());
        expect(who + QStringLiteral(" total"), cell(SenderTableModel::TotalColumn), it->total());
        expect(who + QStringLiteral(" needs reply"), cell(SenderTableModel::NeedsReplyColumn), it->needsReply);
        expect(who + QStringLiteral(" not started"), cell(SenderTableModel::NotStartedColumn), it->notStarted);
        expect(who + QStringLiteral(" waiting"), cell(SenderTableModel::WaitingColumn), it->waiting);
    }
    return found;
}

void TestLiveWindows::hammeredCampaignShowsTheRecountEverywhere()
{
    // Three managers and a texting backend work on the campaign at once, each on a
    // connection of its own, while the two windows stay open: one on the Senders tab,
    // one with Ana's conversations open. Afterwards every number on both screens
    // equals a recount from scratch.
    const QVector<SenderId> team { m_ana, m_ben, m_fx->sender(m_campaign, "Cy Chen"),
                                   m_fx->sender(m_campaign, "Dee Park", true) };
    QVector<QString> phones;
    {
        QSqlQuery q = m_third->prepare(QStringLiteral("SELECT ct.phone FROM conversations c JOIN contacts ct ON"
                                                      " ct.id = c.contact_id WHERE c.campaign_id = ?"));
        q.addBindValue(m_campaign);
        QVERIFY(m_third->exec(q));
        while (q.next())
            phones << q.value(0).toString();
    }
    m_a->findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(m_a->sendersTab());
    m_b->conversationsTab()->selectSender(m_ana);

    constexpr int Managers = 3;
    constexpr int BudgetMs = 3000;
    std::atomic<int> done { 0 }, actions { 0 }, events { 0 };
    std::atomic<bool> stop { false };
    QStringList failures;
    QMutex mutex;
    std::vector<std::thread> workers;
    for (int index = 0; index <= Managers; ++index) {
        workers.emplace_back([&, index] {
            auto db = Database::open(m_fx->url());
            if (!db) {
                QMutexLocker lock(&mutex);
                failures << db.error();
                ++done;
                return;
            }
            QRandomGenerator random(quint32(7 + index));
            auto pick = [&random](const auto& list) { return list.at(int(random.bounded(int(list.size())))); };
            if (index == Managers) {
                ConversationStore store(**db);
                while (!stop) {
                    const bool inbound = random.bounded(10) < 6;
                    auto recorded = store.recordMessage(m_campaign, pick(phones),
                        inbound ? MessageDirection::Inbound : MessageDirection::Outbound,
                        inbound ? QStringLiteral("Sure") : QStringLiteral("Hi again"),
                        QDateTime::currentDateTimeUtc(), inbound ? UnassignedId : pick(team));
                    if (!recorded) {
                        QMutexLocker lock(&mutex);
                        failures << recorded.error();
                    }
                    ++events;
                    QThread::msleep(5);
                }
                ++done;
                return;
            }
            ReassignmentController controller(**db, QStringLiteral("Manager %1").arg(index + 1));
            while (!stop) {
                ReassignRequest r;
                r.campaignId = m_campaign;
                r.status = pick(QVector<StatusFilter> { StatusFilter::Any, StatusFilter::NeedsReply,
                                                        StatusFilter::NotStarted });
                const int dice = int(random.bounded(100));
                Outcome<ReassignResult> result = Outcome<ReassignResult>::failure(QString());
                if (dice < 15) {
                    result = controller.undoLast(m_campaign);
                } else {
                    r.scope = dice < 45 ? ReassignScope::Bulk : ReassignScope::Sender;
                    r.action = dice < 70 ? ReassignAction::ReassignSome
                                         : (dice < 90 ? ReassignAction::ReassignAll : ReassignAction::UnassignAll);
                    if (r.scope == ReassignScope::Bulk && r.action == ReassignAction::UnassignAll)
                        r.action = ReassignAction::ReassignAll;
                    r.source = random.bounded(5) == 0 ? UnassignedId : pick(team);
                    if (r.action != ReassignAction::UnassignAll)
                        r.targets = { pick(team), pick(team) };
                    r.count = 1 + int(random.bounded(12));
                    if (r.action == ReassignAction::ReassignSome)
                        r.count = std::min(r.count, std::max(1, controller.available(r).matching(r.status)));
                    result = controller.run(r);
                }
                // Refusals (nothing left to move, already undone) are answers, not faults.
                ++actions;
                QThread::msleep(10);
            }
            ++done;
        });
    }
    QElapsedTimer clock;
    clock.start();
    // The windows keep refreshing while the work goes on.
    while (clock.elapsed() < BudgetMs)
        QTest::qWait(50);
    stop = true;
    while (done < Managers + 1)
        QTest::qWait(20);
    for (auto& w : workers)
        w.join();
    const qint64 workedMs = clock.elapsed();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QVERIFY(actions > 30);
    QVERIFY(events > 30);

    // The recount, straight from the conversations.
    QMap<SenderId, StatusCounts> recount;
    for (SenderId id : team)
        recount[id];
    recount[UnassignedId];
    QSqlQuery q = m_third->prepare(QStringLiteral("SELECT COALESCE(sender_id, 0), status, COUNT(*) FROM conversations"
                                                  " WHERE campaign_id = ? GROUP BY 1, 2"));
    q.addBindValue(m_campaign);
    QVERIFY(m_third->exec(q));
    while (q.next()) {
        StatusCounts& c = recount[q.value(0).toLongLong()];
        switch (ConversationStatus(q.value(1).toInt())) {
        case S::NotStarted: c.notStarted += q.value(2).toInt(); break;
        case S::NeedsReply: c.needsReply += q.value(2).toInt(); break;
        case S::Waiting: c.waiting += q.value(2).toInt(); break;
        case S::OptedOut: c.optedOut += q.value(2).toInt(); break;
        }
    }
    int total = 0;
    for (const StatusCounts& c : std::as_const(recount))
        total += c.total();
    QCOMPARE(total, AnaConversations + 1);

    // Within the watcher's deadline, both windows show exactly that.
    QTRY_VERIFY2_WITH_TIMEOUT(differences(*m_a, recount).isEmpty(), qPrintable(differences(*m_a, recount).join("; ")),
                              deadlineMs() + 2000);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(*m_b, recount).isEmpty(), qPrintable(differences(*m_b, recount).join("; ")),
                              deadlineMs() + 2000);
    // And each window's other tab, once shown.
    m_a->findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(m_a->conversationsTab());
    m_b->findChild<QTabWidget*>(QStringLiteral("mainTabWidget"))->setCurrentWidget(m_b->sendersTab());
    QTRY_VERIFY2(differences(*m_a, recount).isEmpty(), qPrintable(differences(*m_a, recount).join("; ")));
    QTRY_VERIFY2(differences(*m_b, recount).isEmpty(), qPrintable(differences(*m_b, recount).join("; ")));
    qInfo("%d actions and %d message events in %lld ms: %.0f actions/s, %.0f events/s (windows in step after %lld ms)",
          actions.load(), events.load(), workedMs, actions.load() * 1000.0 / double(workedMs),
          events.load() * 1000.0 / double(workedMs), clock.elapsed());
}

QTEST_MAIN(TestLiveWindows)
#include "TestLiveWindows.moc"
