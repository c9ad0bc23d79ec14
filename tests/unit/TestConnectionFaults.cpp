#include "storage/CampaignStore.h"
#include "controller/ContactImporter.h"
#include "storage/ConversationStore.h"
#include "storage/MoveStore.h"
#include "PgAdmin.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace Handoff;

// The PostgreSQL server goes away under a manager: mid-action, while idle, for a
// while. The fault is played from an admin connection: pg_terminate_backend ends the
// manager's session exactly as a server restart does (the client reads "terminating
// connection due to administrator command", then end of file), and ALLOW_CONNECTIONS
// false keeps the "server" away. Unlike stopping a server, it spares the other tests
// that share it, and it can hit an action at a chosen point: while it waits for a
// lock the admin holds, after it has already moved the conversations but before it
// has recorded and committed them.
class TestConnectionFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void actionCutMidwayIsAllOrNothing();
    void idleConnectionCutIsReopenedByTheNextAction();
    void serverAwayGivesAClearErrorQuickly();
    void wholeServerStoppedMidActionIsAllOrNothing();
    void wholeServerStoppedMidImportLeavesNothing();

private:
    ReassignRequest everythingToBen() const;

    std::unique_ptr<StoreFixture> m_store;
    std::unique_ptr<PgAdmin> m_admin;
    QString m_database;
    qint64 m_campaign = 0;
    SenderId m_ana = 0;
    SenderId m_ben = 0;
};

void TestConnectionFaults::init()
{
    if (!StoreFixture::onPostgres())
        QSKIP("Connection faults are PostgreSQL's; run with HANDOFF_TEST_BACKEND=postgres.");
    m_store = std::make_unique<StoreFixture>();
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    m_admin = std::make_unique<PgAdmin>();
    QVERIFY2(m_admin->ok(), qPrintable(m_admin->error()));
    m_database = PgAdmin::databaseOf(m_store->url());
    m_campaign = m_store->campaign(QStringLiteral("Faults"));
    m_ana = m_store->sender(m_campaign, QStringLiteral("Ana"));
    m_ben = m_store->sender(m_campaign, QStringLiteral("Ben"));
    for (int i = 0; i < 30; ++i)
        m_store->conversation(m_campaign, m_ana, ConversationStatus::NotStarted, i);
}

void TestConnectionFaults::cleanup()
{
    if (m_admin)
        m_admin->allowConnections(m_database, true);
    m_admin.reset();
    m_store.reset();
}

ReassignRequest TestConnectionFaults::everythingToBen() const
{
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignAll;
    r.source = m_ana;
    r.targets = { m_ben };
    return r;
}

void TestConnectionFaults::actionCutMidwayIsAllOrNothing()
{
    const auto before = m_store->owners(m_campaign);
    const int historyBefore = m_store->historySize(m_campaign);

    // The admin holds the history table, so the action stops right after it moved the
    // conversations, waiting to record itself.
    auto locker = Database::openUnmigrated(m_store->url());
    QVERIFY(locker);
    QVERIFY((*locker)->begin());
    QVERIFY((*locker)->exec(QStringLiteral("LOCK TABLE actions IN EXCLUSIVE MODE")));

    QSemaphore started, firstDone, cutDone, secondDone;
    qint64 pid = 0;
    auto first = Outcome<ReassignResult>::failure(QStringLiteral("did not run"));
    auto second = Outcome<ReassignResult>::failure(QStringLiteral("did not run"));
    bool lostNoticed = false;
    std::thread manager([&] {
        auto db = Database::open(m_store->url());
        if (!db) {
            started.release();
            return;
        }
        QSqlQuery q((*db)->connection());
        pid = q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next() ? q.value(0).toLongLong() : 0;
        q.finish();
        started.release();
        ReassignmentController controller(**db, QStringLiteral("Maria"));
        first = controller.run(everythingToBen());
        lostNoticed = (*db)->connectionLost();
        firstDone.release();
        cutDone.acquire();
        // The same Database object, once the server is back: the next action just works.
        second = controller.run(everythingToBen());
        secondDone.release();
    });
    QVERIFY(started.tryAcquire(1, 10000));
    QVERIFY(pid != 0);

    // Wait until the action is blocked on the admin's lock, then cut its connection.
    QElapsedTimer clock;
    clock.start();
    const QString waiting
        = QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %1 AND wait_event_type = 'Lock'")
              .arg(pid);
    while (m_admin->value(waiting).toInt() == 0 && clock.elapsed() < 10000)
        QTest::qWait(20);
    QVERIFY2(m_admin->value(waiting).toInt() == 1, "the action never reached the history table");
    QVERIFY(m_admin->value(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)).toBool());
    (*locker)->rollback();

    // Nothing of it stayed: the moves it had made went with the connection.
    QVERIFY(firstDone.tryAcquire(1, 10000));
    QVERIFY(!first);
    QVERIFY2(first.error().startsWith(QStringLiteral("Nothing was moved: the connection to the server")),
        qPrintable(first.error()));
    QVERIFY2(first.error().contains(QStringLiteral("terminating connection due to administrator command")),
        qPrintable(first.error()));
    QVERIFY(lostNoticed);
    QCOMPARE(m_store->owners(m_campaign), before);
    QCOMPARE(m_store->historySize(m_campaign), historyBefore);

    cutDone.release();
    QVERIFY(secondDone.tryAcquire(1, 20000));
    manager.join();
    QVERIFY2(second, qPrintable(second.error()));
    QCOMPARE(second->moved, 30);
    for (SenderId owner : m_store->owners(m_campaign))
        QCOMPARE(owner, m_ben);
    QCOMPARE(m_store->historySize(m_campaign), historyBefore + 1);
}

void TestConnectionFaults::idleConnectionCutIsReopenedByTheNextAction()
{
    auto opened = Database::open(m_store->url());
    QVERIFY(opened);
    Database& db = **opened;
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next());
    const qint64 pid = q.value(0).toLongLong();
    q.finish();
    QVERIFY(m_admin->value(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)).toBool());
    QTRY_VERIFY(
        m_admin->value(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %1").arg(pid))
            .toInt()
        == 0);

    // The manager comes back from lunch: reads and the action work as if nothing happened.
    ReassignmentController controller(db, QStringLiteral("Maria"));
    auto plan = controller.plan(everythingToBen());
    QVERIFY2(plan, qPrintable(plan.error()));
    QCOMPARE(plan->moves.size(), 30);
    auto result = controller.execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 30);
    QVERIFY(!db.connectionLost());
    QVERIFY(db.ping());
}

void TestConnectionFaults::serverAwayGivesAClearErrorQuickly()
{
    auto opened = Database::open(m_store->url());
    QVERIFY(opened);
    Database& db = **opened;
    ReassignmentController controller(db, QStringLiteral("Maria"));
    auto plan = controller.plan(everythingToBen());
    QVERIFY(plan);

    // The server goes away and stays away.
    QVERIFY(m_admin->allowConnections(m_database, false));
    QCOMPARE(m_admin->terminate(m_database), 2);
    QElapsedTimer clock;
    clock.start();
    auto failed = controller.execute(*plan);
    QVERIFY(!failed);
    QVERIFY2(clock.elapsed() < 3000, "a vanished server must give an answer at once, not freeze the window");
    QVERIFY2(failed.error().startsWith(QStringLiteral("Nothing was moved: ")), qPrintable(failed.error()));
    QVERIFY2(failed.error().contains(m_database), qPrintable(failed.error()));
    QVERIFY(db.connectionLost());
    QVERIFY(!db.ping());
    QVERIFY(!db.reconnect());

    // Back again: the next action works on the same Database.
    QVERIFY(m_admin->allowConnections(m_database, true));
    QVERIFY2(db.reconnect(), qPrintable(db.lastError()));
    QVERIFY(m_store->db().reconnect());
    auto result = controller.execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 30);
    QCOMPARE(m_store->historySize(m_campaign), 1);
}

namespace {
// Runs scripts/pg-test-server; its standard output, or a null string when it failed.
QString pgTestServer(const QString& command, const QString& dir)
{
    QProcess script;
    // Every commit on disk: the server is killed, and what was committed must be there after.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PG_TEST_SERVER_DURABLE"), QStringLiteral("1"));
    script.setProcessEnvironment(env);
    script.start(QStringLiteral(HANDOFF_PG_TEST_SERVER), { command, dir });
    if (!script.waitForFinished(120000) || script.exitStatus() != QProcess::NormalExit || script.exitCode() != 0) {
        qWarning("pg-test-server %s: %s", qPrintable(command), script.readAllStandardError().constData());
        return QString();
    }
    return QString::fromUtf8(script.readAllStandardOutput()).trimmed() + QStringLiteral(" ");
}

// Points the fixtures at another server while it lives.
class OtherServer
{
public:
    explicit OtherServer(const QString& url)
        : m_saved(qEnvironmentVariable("HANDOFF_TEST_PG_URL"))
    {
        qputenv("HANDOFF_TEST_PG_URL", url.toUtf8());
    }
    ~OtherServer() { qputenv("HANDOFF_TEST_PG_URL", m_saved.toUtf8()); }

private:
    QString m_saved;
};
} // namespace

void TestConnectionFaults::wholeServerStoppedMidActionIsAllOrNothing()
{
    // A server of its own, which this test stops at once (as a crash or a power cut
    // would) while an action has moved the conversations but not committed, then
    // starts again: the other tests share the usual one.
    QTemporaryDir dir;
    const QString serverDir = dir.filePath(QStringLiteral("server"));
    const QString url = pgTestServer(QStringLiteral("start"), serverDir).trimmed();
    QVERIFY2(!url.isEmpty(), "scripts/pg-test-server could not start a server");
    auto stopServer = qScopeGuard([&] { pgTestServer(QStringLiteral("stop"), serverDir); });

    std::unique_ptr<StoreFixture> store;
    std::unique_ptr<PgAdmin> admin;
    {
        const OtherServer other(url);
        store = std::make_unique<StoreFixture>();
        admin = std::make_unique<PgAdmin>();
    }
    QVERIFY2(store->ok(), qPrintable(store->error()));
    QVERIFY2(admin->ok(), qPrintable(admin->error()));
    const qint64 campaign = store->campaign(QStringLiteral("Power cut"));
    const SenderId ana = store->sender(campaign, QStringLiteral("Ana"));
    const SenderId ben = store->sender(campaign, QStringLiteral("Ben"));
    for (int i = 0; i < 40; ++i)
        store->conversation(campaign, ana, ConversationStatus::NotStarted, i);
    const auto before = store->owners(campaign);
    ReassignRequest request;
    request.campaignId = campaign;
    request.scope = ReassignScope::Sender;
    request.action = ReassignAction::ReassignAll;
    request.source = ana;
    request.targets = { ben };

    // The action stops right after moving the conversations, waiting to record itself.
    auto locker = Database::openUnmigrated(store->url());
    QVERIFY(locker);
    QVERIFY((*locker)->begin());
    QVERIFY((*locker)->exec(QStringLiteral("LOCK TABLE actions IN EXCLUSIVE MODE")));

    auto manager = Database::open(store->url());
    QVERIFY(manager);
    ReassignmentController controller(**manager, QStringLiteral("Maria"));
    auto first = Outcome<ReassignResult>::failure(QStringLiteral("did not run"));
    std::thread action([&] {
        // Qt Sql connections belong to their thread: this one is opened and used here only.
        auto db = Database::open(store->url());
        if (db)
            first = ReassignmentController(**db, QStringLiteral("Maria")).run(request);
    });
    const QString waiting = QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                           " AND wait_event_type = 'Lock'")
                                .arg(PgAdmin::databaseOf(store->url()));
    QTRY_COMPARE_WITH_TIMEOUT(admin->value(waiting).toInt(), 1, 10000);
    QVERIFY(!pgTestServer(QStringLiteral("kill"), serverDir).isNull());
    action.join();
    QVERIFY(!first);
    QVERIFY2(first.error().startsWith(QStringLiteral("Nothing was moved: ")), qPrintable(first.error()));

    // Back up: nothing of the action stayed, and a connection made before the stop
    // works again by itself.
    QVERIFY(!pgTestServer(QStringLiteral("restart"), serverDir).isNull());
    QVERIFY2(store->db().reconnect(), qPrintable(store->db().lastError()));
    QCOMPARE(store->owners(campaign), before);
    QCOMPARE(store->historySize(campaign), 0);
    auto again = controller.run(request);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->moved, 40);
    for (SenderId owner : store->owners(campaign))
        QCOMPARE(owner, ben);
    QCOMPARE(store->historySize(campaign), 1);
    locker->reset();
    admin.reset();
    {
        const OtherServer other(url);
        store.reset();
    }
}

void TestConnectionFaults::wholeServerStoppedMidImportLeavesNothing()
{
    // As above, with a contact import that has copied its first batch of contacts into
    // their table, and waits to copy their conversations.
    QTemporaryDir dir;
    const QString serverDir = dir.filePath(QStringLiteral("server"));
    const QString url = pgTestServer(QStringLiteral("start"), serverDir).trimmed();
    QVERIFY2(!url.isEmpty(), "scripts/pg-test-server could not start a server");
    auto stopServer = qScopeGuard([&] { pgTestServer(QStringLiteral("stop"), serverDir); });

    std::unique_ptr<StoreFixture> store;
    std::unique_ptr<PgAdmin> admin;
    {
        const OtherServer other(url);
        store = std::make_unique<StoreFixture>();
        admin = std::make_unique<PgAdmin>();
    }
    QVERIFY2(store->ok(), qPrintable(store->error()));
    QVERIFY2(admin->ok(), qPrintable(admin->error()));
    const qint64 campaign = store->campaign(QStringLiteral("Power cut"));
    QByteArray csv = "First Name,Phone\n";
    const int Rows = 2 * ConversationStore(store->db()).contactsPerBatch();
    for (int i = 0; i < Rows; ++i)
        csv += "C" + QByteArray::number(i) + ",+1 415 " + QByteArray::number(200 + i / 10000) + " "
            + QByteArray::number(i % 10000).rightJustified(4, '0') + "\n";
    ContactImportOptions options;
    options.campaignId = campaign;
    auto count = [&store](const char* table) {
        QSqlQuery q(store->db().connection());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) && q.next()
            ? q.value(0).toInt()
            : -1;
    };

    auto locker = Database::openUnmigrated(store->url());
    QVERIFY(locker);
    QVERIFY((*locker)->begin());
    QVERIFY((*locker)->exec(QStringLiteral("LOCK TABLE conversations IN EXCLUSIVE MODE")));

    auto first = Outcome<ContactImportReport>::failure(QStringLiteral("did not run"));
    std::thread import([&] {
        auto db = Database::open(store->url());
        if (!db)
            return;
        QBuffer buffer;
        buffer.setData(csv);
        buffer.open(QIODevice::ReadOnly);
        first = ContactImporter(**db).import(buffer, options);
    });
    const QString waiting = QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                           " AND wait_event_type = 'Lock'")
                                .arg(PgAdmin::databaseOf(store->url()));
    QTRY_COMPARE_WITH_TIMEOUT(admin->value(waiting).toInt(), 1, 10000);
    QVERIFY(!pgTestServer(QStringLiteral("kill"), serverDir).isNull());
    import.join();
    QVERIFY(!first);
    QVERIFY2(first.error().startsWith(QStringLiteral("Nothing was imported: ")), qPrintable(first.error()));

    // Back up: no contact, no conversation, no count; the file then goes in whole.
    QVERIFY(!pgTestServer(QStringLiteral("restart"), serverDir).isNull());
    QVERIFY2(store->db().reconnect(), qPrintable(store->db().lastError()));
    QCOMPARE(count("contacts"), 0);
    QCOMPARE(count("conversations"), 0);
    QSqlQuery counted(store->db().connection());
    QVERIFY(counted.exec(QStringLiteral("SELECT COALESCE(SUM(n), 0) FROM conversation_counts")) && counted.next());
    QCOMPARE(counted.value(0).toInt(), 0);
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    const auto again = ContactImporter(store->db()).import(buffer, options);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->imported, Rows);
    QCOMPARE(count("contacts"), Rows);
    QCOMPARE(count("conversations"), Rows);
    locker->reset();
    admin.reset();
    {
        const OtherServer other(url);
        store.reset();
    }
}

QTEST_GUILESS_MAIN(TestConnectionFaults)
#include "TestConnectionFaults.moc"
