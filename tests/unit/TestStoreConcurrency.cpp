#include "storage/CampaignStore.h"
#include "core/ConversationStatus.h"
#include "storage/ConversationStore.h"
#include "controller/MessageEventImporter.h"
#include "storage/MoveStore.h"
#include "PgAdmin.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWaitCondition>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

using namespace Handoff;

namespace {
// Lets n threads pass only together, so that their transactions really overlap.
class Barrier
{
public:
    explicit Barrier(int n)
        : m_left(n)
    { }
    void arriveAndWait()
    {
        QMutexLocker lock(&m_mutex);
        if (--m_left <= 0)
            m_all.wakeAll();
        else
            while (m_left > 0)
                m_all.wait(&m_mutex);
    }

private:
    QMutex m_mutex;
    QWaitCondition m_all;
    int m_left;
};

// Runs body(index, connection) on n threads, each with a connection of its own to
// the store, all starting at the same moment.
QStringList onThreads(const QString& url, int n, const std::function<void(int, Database&)>& body)
{
    Barrier start(n);
    QMutex mutex;
    QStringList errors;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            auto db = Database::open(url);
            start.arriveAndWait();
            if (!db) {
                QMutexLocker lock(&mutex);
                errors << db.error();
                return;
            }
            body(i, **db);
        });
    }
    for (auto& t : threads)
        t.join();
    return errors;
}

ReassignRequest senderRequest(qint64 campaign, ReassignAction action, StatusFilter status, SenderId source,
    QVector<SenderId> targets, int count = 0)
{
    ReassignRequest r;
    r.campaignId = campaign;
    r.scope = ReassignScope::Sender;
    r.action = action;
    r.status = status;
    r.source = source;
    r.targets = std::move(targets);
    r.count = count;
    return r;
}

ReassignRequest singleRequest(qint64 campaign, qint64 conversation, SenderId to)
{
    ReassignRequest r;
    r.campaignId = campaign;
    r.scope = ReassignScope::Single;
    r.conversationId = conversation;
    r.targets = { to };
    return r;
}

QString phoneOf(Database& db, qint64 conversationId)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT ct.phone FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
                             " WHERE c.id = ?"));
    q.addBindValue(conversationId);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

const QDateTime Later = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);

// A failure an action may meet when others act at the same time; anything else (a
// deadlock, a lock timeout, a driver error) is a bug.
bool isExpectedRefusal(const QString& message)
{
    static const QStringList expected {
        QStringLiteral("nothing to reassign"),
        QStringLiteral("between 1 and"),
        QStringLiteral("already undone"),
        QStringLiteral("nothing to undo"),
        QStringLiteral("is not a sender"),
        QStringLiteral("no longer a sender"),
        QStringLiteral("not on the campaign"),
        QStringLiteral("already with"),
        QStringLiteral("already unassigned"),
        QStringLiteral("cannot itself be undone"),
    };
    for (const QString& e : expected)
        if (message.contains(e))
            return true;
    return false;
}
} // namespace

// Several managers and a texting backend on one campaign at the same moment, each on
// a connection of its own: nothing is moved twice or lost, statuses that change
// underneath are skipped, and the history accounts for every move. Runs on SQLite
// (one writer at a time) and PostgreSQL (row locks, docs/concurrency.md).
class TestStoreConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void migrationsRaceOnAFreshStore();
    void twoManagersReassignTheSameSenderAtOnce();
    void overlappingPlansNeitherDeadlockNorMoveTwice();
    void statusChangedUnderneathIsSkipped();
    void actionWaitsForAMessageEventThenRechecks();
    void concurrentEventsOnOneConversationKeepEveryFact();
    void eventFileEndedByADeadlockRunsAgain();
    void undoingTheSameActionTwiceAtOnce();
    void aTargetRemovedDuringTheActionIsSkipped();
    void oneAlreadyMovedToTheTargetIsNotTheActionsMove();
    void aRemovedSenderLosesWhatWasGivenThemSinceThePlan();
    void stressOverlappingActions();
};

void TestStoreConcurrency::migrationsRaceOnAFreshStore()
{
    QTemporaryDir dir;
    std::unique_ptr<PgAdmin> admin;
    QString url;
    if (StoreFixture::onPostgres()) {
        admin = std::make_unique<PgAdmin>();
        QVERIFY2(admin->ok(), qPrintable(admin->error()));
        url = admin->createDatabase(QStringLiteral("handoff_race"));
        QVERIFY2(!url.isEmpty(), qPrintable(admin->error()));
    } else {
        url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("race.db"));
    }

    constexpr int Clients = 4;
    Barrier start(Clients);
    QMutex mutex;
    QStringList errors;
    QVector<int> versions;
    std::vector<std::thread> threads;
    for (int i = 0; i < Clients; ++i) {
        threads.emplace_back([&] {
            start.arriveAndWait();
            auto db = Database::open(url);
            QMutexLocker lock(&mutex);
            if (db)
                versions << (*db)->schemaVersion();
            else
                errors << db.error();
        });
    }
    for (auto& t : threads)
        t.join();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(versions, QVector<int>(Clients, Database::LatestSchemaVersion));
    {
        auto db = Database::open(url);
        QVERIFY(db);
        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }
    if (admin)
        QVERIFY(admin->dropDatabase(PgAdmin::databaseOf(url)));
}

void TestStoreConcurrency::twoManagersReassignTheSameSenderAtOnce()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Same sender"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    const SenderId cy = f.sender(c, QStringLiteral("Cy"));
    constexpr int N = 40;
    for (int i = 0; i < N; ++i)
        f.conversation(
            c, ana, i % 3 == 0 ? ConversationStatus::NeedsReply : ConversationStatus::NotStarted, i);

    Barrier planned(2);
    std::vector<Outcome<ReassignResult>> results(
        2, Outcome<ReassignResult>::failure(QStringLiteral("did not run")));
    const QStringList errors = onThreads(f.url(), 2, [&](int i, Database& db) {
        ReassignmentController controller(db, QStringLiteral("manager %1").arg(i));
        auto plan = controller.plan(
            senderRequest(c, ReassignAction::ReassignAll, StatusFilter::Any, ana, { i == 0 ? ben : cy }));
        planned.arriveAndWait();
        results[i] = plan ? controller.execute(*plan) : Outcome<ReassignResult>::failure(plan.error());
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY2(results[0], qPrintable(results[0].error()));
    QVERIFY2(results[1], qPrintable(results[1].error()));

    // One manager moved every conversation; the other found each one gone.
    QCOMPARE(results[0]->moved + results[1]->moved, N);
    QCOMPARE(results[0]->skippedMovedElsewhere + results[1]->skippedMovedElsewhere, N);
    const SenderId winner = results[0]->moved == N ? ben : cy;
    const auto owners = f.owners(c);
    QCOMPARE(owners.size(), N);
    for (SenderId owner : owners)
        QCOMPARE(owner, winner);
    QSqlQuery q(f.db().connection());
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT conversation_id) FROM action_moves"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), N);
    QCOMPARE(q.value(1).toInt(), N);
}

// Two managers whose plans overlap in part (the 40 that waited longest, and all 60),
// round after round, each moving the conversations to a sender of their own: whoever
// locks first moves the overlap, the other reports it moved elsewhere. No conversation
// moves twice in a round, and on PostgreSQL the server never had to break a deadlock.
void TestStoreConcurrency::overlappingPlansNeitherDeadlockNorMoveTwice()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Overlap"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    const SenderId cy = f.sender(c, QStringLiteral("Cy"));
    constexpr int N = 60;
    constexpr int Some = 40;
    for (int i = 0; i < N; ++i)
        f.conversation(c, ana, ConversationStatus::NeedsReply, i);

    auto deadlocks = [&f]() -> qint64 {
        QSqlQuery q(f.db().connection());
        if (!q.exec(QStringLiteral("SELECT pg_stat_clear_snapshot()")))
            return -1;
        return q.exec(QStringLiteral("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))
                && q.next()
            ? q.value(0).toLongLong()
            : -1;
    };
    const qint64 deadlocksBefore = StoreFixture::onPostgres() ? deadlocks() : 0;

    constexpr int Rounds = 6;
    for (int round = 0; round < Rounds; ++round) {
        // Everything back with Ana, so both plans start from the same owners.
        {
            ReassignmentController back(f.db(), QStringLiteral("reset"));
            for (SenderId from : {ben, cy}) {
                auto plan = back.plan(senderRequest(c, ReassignAction::ReassignAll, StatusFilter::Any, from, {ana}));
                if (plan)
                    QVERIFY(back.execute(*plan));
            }
        }
        Barrier planned(2);
        std::vector<Outcome<ReassignResult>> results(2, Outcome<ReassignResult>::failure(QStringLiteral("did not run")));
        const QStringList errors = onThreads(f.url(), 2, [&](int i, Database& db) {
            ReassignmentController controller(db, QStringLiteral("manager %1").arg(i));
            auto plan = controller.plan(i == 0
                    ? senderRequest(c, ReassignAction::ReassignSome, StatusFilter::NeedsReply, ana, {ben}, Some)
                    : senderRequest(c, ReassignAction::ReassignAll, StatusFilter::NeedsReply, ana, {cy}));
            planned.arriveAndWait();
            results[i] = plan ? controller.execute(*plan) : Outcome<ReassignResult>::failure(plan.error());
        });
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY2(results[0], qPrintable(results[0].error()));
        QVERIFY2(results[1], qPrintable(results[1].error()));
        QCOMPARE(results[0]->moved + results[1]->moved, N);
        QCOMPARE(results[0]->skippedMovedElsewhere + results[1]->skippedMovedElsewhere, Some);
        QCOMPARE(results[0]->skippedStatusChanged + results[1]->skippedStatusChanged, 0);
        const auto owners = f.owners(c);
        QCOMPARE(owners.size(), N);
        int withBen = 0;
        for (SenderId owner : owners) {
            QVERIFY(owner == ben || owner == cy);
            withBen += owner == ben ? 1 : 0;
        }
        QCOMPARE(withBen, results[0]->moved);
        // The history holds each conversation once for this round's two actions.
        QSqlQuery q(f.db().connection());
        QVERIFY(q.prepare(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT conversation_id) FROM action_moves"
                                         " WHERE action_id IN (?, ?)")));
        q.addBindValue(results[0]->actionId);
        q.addBindValue(results[1]->actionId);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toInt(), N);
        QCOMPARE(q.value(1).toInt(), N);
    }

    if (StoreFixture::onPostgres()) {
        // A backend's statistics reach the server when it ends: wait until the
        // managers' sessions are gone before reading the deadlock count.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&f] {
                QSqlQuery q(f.db().connection());
                return q.exec(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                                             " AND pid <> pg_backend_pid()"))
                    && q.next() && q.value(0).toInt() == 0;
            }(),
            5000);
        QCOMPARE(deadlocks(), deadlocksBefore);
    }
}

void TestStoreConcurrency::statusChangedUnderneathIsSkipped()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Underneath"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"), true);
    QVector<qint64> replies;
    for (int i = 0; i < 3; ++i)
        replies << f.conversation(c, ana, ConversationStatus::NeedsReply, i);

    ReassignmentController controller(f.db(), QStringLiteral("Maria"));
    auto plan = controller.plan(
        senderRequest(c, ReassignAction::ReassignAll, StatusFilter::NeedsReply, ana, { ben }));
    QVERIFY(plan);
    QCOMPARE(plan->moves.size(), 3);

    // Meanwhile Ana answers one of them, through the backend's own connection.
    auto backend = Database::open(f.url());
    QVERIFY(backend);
    auto answered = ConversationStore(**backend).recordMessage(c, phoneOf(f.db(), replies[1]),
        MessageDirection::Outbound, QStringLiteral("Happy to help"), Later, ana);
    QVERIFY(answered && *answered);

    auto result = controller.execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(result->skippedStatusChanged, 1);
    QCOMPARE(f.ownerOf(replies[0]), ben);
    QCOMPARE(f.ownerOf(replies[1]), ana);
    QCOMPARE(f.ownerOf(replies[2]), ben);
}

void TestStoreConcurrency::actionWaitsForAMessageEventThenRechecks()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Waits"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    QVector<qint64> fresh;
    for (int i = 0; i < 3; ++i)
        fresh << f.conversation(c, ana, ConversationStatus::NotStarted, i);
    auto plan
        = ReassignmentController(f.db(), QStringLiteral("Maria"))
              .plan(senderRequest(c, ReassignAction::ReassignAll, StatusFilter::NotStarted, ana, { ben }));
    QVERIFY(plan);

    // Ana's first text is being recorded, not yet committed, when Maria's action runs:
    // the action must wait for it and then see the conversation started.
    auto backend = Database::open(f.url());
    QVERIFY(backend);
    QVERIFY((*backend)->begin());
    auto sent = ConversationStore(**backend).recordMessage(
        c, phoneOf(f.db(), fresh[0]), MessageDirection::Outbound, QStringLiteral("Hi, it's Ana"), Later, ana);
    QVERIFY(sent && *sent);

    std::atomic<bool> finished { false };
    auto result = Outcome<ReassignResult>::failure(QStringLiteral("did not run"));
    std::thread maria([&] {
        auto db = Database::open(f.url());
        if (db)
            result = ReassignmentController(**db, QStringLiteral("Maria")).execute(*plan);
        finished = true;
    });
    QTest::qWait(500);
    const bool waited = !finished;
    QVERIFY((*backend)->commit());
    maria.join();
    QVERIFY2(waited, "the action did not wait for the row the message event held");
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(result->skippedStatusChanged, 1);
    QCOMPARE(f.ownerOf(fresh[0]), ana);
    QCOMPARE(f.statusOf(fresh[0]), ConversationStatus::Waiting);
}

void TestStoreConcurrency::concurrentEventsOnOneConversationKeepEveryFact()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Two events"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const qint64 id = f.conversation(c, ana, ConversationStatus::NotStarted, 0);
    const QString phone = phoneOf(f.db(), id);

    // Ana's first text (held uncommitted) and the contact's reply arrive together. Read
    // then write without a lock, the reply would overwrite "started" with a stale 0.
    auto gateway = Database::open(f.url());
    QVERIFY(gateway);
    QVERIFY((*gateway)->begin());
    QVERIFY(*ConversationStore(**gateway).recordMessage(
        c, phone, MessageDirection::Outbound, QStringLiteral("Hi!"), Later, ana));
    std::atomic<bool> finished { false };
    auto reply = Outcome<bool>::failure(QStringLiteral("did not run"));
    std::thread second([&] {
        auto db = Database::open(f.url());
        if (db)
            reply = ConversationStore(**db).recordMessage(c, phone, MessageDirection::Inbound,
                QStringLiteral("Who is this?"), Later.addSecs(30), UnassignedId);
        finished = true;
    });
    QTest::qWait(300);
    const bool waited = !finished;
    QVERIFY((*gateway)->commit());
    second.join();
    QVERIFY(waited);
    QVERIFY2(reply && *reply, qPrintable(reply.error()));
    QCOMPARE(f.statusOf(id), ConversationStatus::NeedsReply);
}

void TestStoreConcurrency::eventFileEndedByADeadlockRunsAgain()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite lets one writer in at a time: no deadlock to break");
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Deadlock"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const qint64 x = f.conversation(c, ana, ConversationStatus::Waiting, 0);
    const qint64 y = f.conversation(c, ana, ConversationStatus::Waiting, 1);
    const QByteArray events = QStringLiteral(
        "{\"phone\":\"%1\",\"direction\":\"in\",\"body\":\"Count me in\",\"at\":\"2026-11-21T12:00:00Z\"}\n"
        "{\"phone\":\"%2\",\"direction\":\"in\",\"body\":\"Where?\",\"at\":\"2026-11-21T12:01:00Z\"}\n")
                                  .arg(phoneOf(f.db(), y), phoneOf(f.db(), x))
                                  .toUtf8();

    // Another session holds X, the file's second conversation; its own deadlock check
    // waits longer, so that the server ends the file's transaction, not this one.
    auto holder = Database::open(f.url());
    QVERIFY(holder);
    QVERIFY((*holder)->exec(QStringLiteral("SET deadlock_timeout = '10s'")));
    QVERIFY((*holder)->begin());
    QSqlQuery lock = (*holder)->prepare(QStringLiteral("SELECT id FROM conversations WHERE id = ? FOR UPDATE"));
    lock.addBindValue(x);
    QVERIFY((*holder)->exec(lock));

    auto report = Outcome<MessageEventReport>::failure(QStringLiteral("did not run"));
    std::thread gateway([&] {
        auto db = Database::open(f.url());
        if (!db)
            return;
        QByteArray copy = events;
        QBuffer file(&copy);
        file.open(QIODevice::ReadOnly);
        report = MessageEventImporter(**db).import(file, c);
    });
    // The file recorded Y and waits for X.
    PgAdmin admin;
    const QString waiting = QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                           " AND wait_event_type = 'Lock'")
                                .arg(PgAdmin::databaseOf(f.url()));
    QTRY_COMPARE_WITH_TIMEOUT(admin.value(waiting).toInt(), 1, 10000);
    // Now the holder wants Y: a cycle, which the server breaks by ending the file's
    // transaction; the importer reads the file again and waits its turn.
    QSqlQuery second = (*holder)->prepare(QStringLiteral("SELECT id FROM conversations WHERE id = ? FOR UPDATE"));
    second.addBindValue(y);
    QVERIFY2((*holder)->exec(second), qPrintable((*holder)->lastError()));
    QVERIFY((*holder)->commit());
    gateway.join();

    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->recorded, 2);
    QCOMPARE(f.statusOf(x), ConversationStatus::NeedsReply);
    QCOMPARE(f.statusOf(y), ConversationStatus::NeedsReply);
    // Each message once: nothing of the ended attempt stayed.
    QSqlQuery count = f.db().prepare(QStringLiteral("SELECT conversation_id, COUNT(*) FROM messages"
                                                    " WHERE conversation_id IN (?, ?) AND body IN ('Count me in', 'Where?')"
                                                    " GROUP BY conversation_id ORDER BY conversation_id"));
    count.addBindValue(x);
    count.addBindValue(y);
    QVERIFY(f.db().exec(count));
    QMap<qint64, int> perConversation;
    while (count.next())
        perConversation.insert(count.value(0).toLongLong(), count.value(1).toInt());
    QCOMPARE(perConversation, (QMap<qint64, int> { { x, 1 }, { y, 1 } }));
}

void TestStoreConcurrency::undoingTheSameActionTwiceAtOnce()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Undo twice"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    for (int i = 0; i < 10; ++i)
        f.conversation(c, ana, ConversationStatus::NotStarted, i);
    auto moved = ReassignmentController(f.db(), QStringLiteral("Maria"))
                     .run(senderRequest(c, ReassignAction::ReassignAll, StatusFilter::Any, ana, { ben }));
    QVERIFY(moved && moved->moved == 10);

    std::vector<Outcome<ReassignResult>> results(
        2, Outcome<ReassignResult>::failure(QStringLiteral("did not run")));
    const QStringList errors = onThreads(f.url(), 2, [&](int i, Database& db) {
        results[i] = ReassignmentController(db, QStringLiteral("manager %1").arg(i)).undo(moved->actionId);
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(int(bool(results[0])) + int(bool(results[1])), 1);
    const auto& refused = results[0] ? results[1] : results[0];
    QVERIFY2(refused.error().contains(QStringLiteral("already undone")), qPrintable(refused.error()));
    const auto& undone = results[0] ? results[0] : results[1];
    QCOMPARE(undone->moved, 10);
    for (SenderId owner : f.owners(c))
        QCOMPARE(owner, ana);
    QSqlQuery q(f.db().connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM actions WHERE undoes = ?"));
    q.addBindValue(moved->actionId);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestStoreConcurrency::aTargetRemovedDuringTheActionIsSkipped()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite lets one writer in at a time: a removal cannot happen inside another action.");
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Leaving"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    QVector<PlannedMove> moves;
    for (int i = 0; i < 5; ++i)
        moves << PlannedMove { f.conversation(c, UnassignedId, ConversationStatus::NotStarted, i),
            UnassignedId, ana };

    // Maria's action is inside its transaction when Ana is taken off the campaign.
    QSemaphore inside, go;
    auto result = Outcome<ReassignResult>::failure(QStringLiteral("did not run"));
    std::thread maria([&] {
        auto db = Database::open(f.url());
        if (!db)
            return;
        ActionRecord record;
        record.campaignId = c;
        record.actor = QStringLiteral("Maria");
        record.scope = ReassignScope::Bulk;
        record.action = ReassignAction::ReassignAll;
        record.requested = int(moves.size());
        record.targetOrder = { ana };
        result = MoveStore(**db).apply(record, moves, [&]() -> QString {
            inside.release();
            go.acquire();
            return {};
        });
    });
    QVERIFY(inside.tryAcquire(1, 10000));
    auto removed = ReassignmentController(f.db(), QStringLiteral("Lead")).removeSender(c, ana);
    go.release();
    maria.join();
    QVERIFY2(removed, qPrintable(removed.error()));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 0);
    QCOMPARE(result->skippedSenderGone, 5);
    for (SenderId owner : f.owners(c))
        QCOMPARE(owner, UnassignedId);
}

void TestStoreConcurrency::aRemovedSenderLosesWhatWasGivenThemSinceThePlan()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Leaving"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    QVector<qint64> anas;
    for (int i = 0; i < 5; ++i)
        anas << f.conversation(c, ana, ConversationStatus::NeedsReply, i);
    const qint64 bens = f.conversation(c, ben, ConversationStatus::NeedsReply, 9);

    // The plan was read when Ana held three of them; two more were given to her before
    // her removal's transaction began.
    QVector<PlannedMove> plan;
    for (int i = 0; i < 3; ++i)
        plan << PlannedMove{anas[i], ana, UnassignedId};
    ActionRecord record;
    record.campaignId = c;
    record.actor = QStringLiteral("Lead");
    record.scope = ReassignScope::Sender;
    record.action = ReassignAction::RemoveSender;
    record.source = ana;
    record.requested = int(plan.size());
    record.targetOrder = {UnassignedId};
    const auto removed = MoveStore(f.db()).apply(record, plan, [&]() -> QString {
        const auto left = CampaignStore(f.db()).removeFromCampaign(c, ana);
        return left ? QString() : left.error();
    });
    QVERIFY2(removed, qPrintable(removed.error()));
    QCOMPARE(removed->moved, 5);
    QCOMPARE(removed->movedPerTarget.size(), 1);
    QCOMPARE(removed->movedPerTarget.first().count, 5);
    QCOMPARE(MoveStore(f.db()).moveCount(removed->actionId), 5);
    for (qint64 id : std::as_const(anas))
        QCOMPARE(f.ownerOf(id), UnassignedId);
    QCOMPARE(f.ownerOf(bens), ben);
    QCOMPARE(MoveStore(f.db()).entry(removed->actionId)->requested, 5);
}

void TestStoreConcurrency::oneAlreadyMovedToTheTargetIsNotTheActionsMove()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Same target"));
    const SenderId ana = f.sender(c, QStringLiteral("Ana"));
    const SenderId ben = f.sender(c, QStringLiteral("Ben"));
    const SenderId cy = f.sender(c, QStringLiteral("Cy"));
    QVector<qint64> ids;
    for (int i = 0; i < 6; ++i)
        ids << f.conversation(c, ana, ConversationStatus::NeedsReply, i);

    ReassignmentController maria(f.db(), QStringLiteral("Maria"));
    auto plan = maria.plan(senderRequest(c, ReassignAction::ReassignAll, StatusFilter::Any, ana, { ben }));
    QVERIFY(plan);
    QCOMPARE(plan->moves.size(), 6);

    // Meanwhile another manager moves one to Ben himself, and one to Cy.
    auto other = Database::open(f.url());
    QVERIFY(other);
    ReassignmentController lead(**other, QStringLiteral("Lead"));
    auto toBen = lead.run(singleRequest(c, ids[1], ben));
    QVERIFY2(toBen && toBen->moved == 1, qPrintable(toBen ? QString() : toBen.error()));
    auto toCy = lead.run(singleRequest(c, ids[4], cy));
    QVERIFY2(toCy && toCy->moved == 1, qPrintable(toCy ? QString() : toCy.error()));

    auto result = maria.execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 4);
    QCOMPARE(result->skippedMovedElsewhere, 2);
    QCOMPARE(result->movedPerTarget.size(), 1);
    QCOMPARE(result->movedPerTarget.first().count, 4);
    QCOMPARE(MoveStore(f.db()).moveCount(result->actionId), 4);

    // Undoing Maria's action takes back her four, not the one the lead gave Ben.
    auto undone = maria.undo(result->actionId);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->moved, 4);
    QCOMPARE(f.ownerOf(ids[0]), ana);
    QCOMPARE(f.ownerOf(ids[1]), ben);
    QCOMPARE(f.ownerOf(ids[4]), cy);
    QCOMPARE(f.ownerOf(ids[5]), ana);
}

void TestStoreConcurrency::stressOverlappingActions()
{
    StoreFixture f;
    QVERIFY2(f.ok(), qPrintable(f.error()));
    const qint64 c = f.campaign(QStringLiteral("Stress"));
    QVector<SenderId> senders;
    for (int i = 0; i < 8; ++i)
        senders << f.sender(c, QStringLiteral("Sender %1").arg(i), i >= 6);
    constexpr int Conversations = 240;
    QVector<qint64> ids;
    const ConversationStatus statuses[] = { ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
        ConversationStatus::Waiting, ConversationStatus::OptedOut };
    for (int i = 0; i < Conversations; ++i) {
        const SenderId owner = i % 9 == 8 ? UnassignedId : senders[i % 8];
        ids << f.conversation(c, owner, statuses[i % 4], i);
    }
    QVector<QString> phones;
    for (qint64 id : ids)
        phones << phoneOf(f.db(), id);
    const QMap<qint64, SenderId> initial = f.owners(c);

    constexpr int Managers = 4;
    constexpr int Rounds = 150;
    const qint64 budgetMs = 9000;
    std::atomic<int> actions { 0 }, empty { 0 }, refusals { 0 }, movedTotal { 0 }, skippedTotal { 0 },
        events { 0 };
    std::atomic<int> managersDone { 0 };
    QMutex mutex;
    QStringList unexpected;
    QElapsedTimer clock;
    clock.start();

    const QStringList errors = onThreads(f.url(), Managers + 1, [&](int index, Database& db) {
        QRandomGenerator random(quint32(1000 + index));
        auto pick = [&random](const auto& list) { return list.at(int(random.bounded(int(list.size())))); };
        auto note = [&](const QString& what) {
            QMutexLocker lock(&mutex);
            unexpected << what;
        };

        if (index == Managers) {
            // The texting backend: one event a transaction, as a gateway sends them.
            ConversationStore store(db);
            const QStringList replies { QStringLiteral("Yes"), QStringLiteral("Tell me more"),
                QStringLiteral("Maybe"), QStringLiteral("STOP") };
            int n = 0;
            while (managersDone < Managers) {
                const int i = int(random.bounded(int(phones.size())));
                const bool inbound = random.bounded(10) < 6;
                // Now and then an event from the past, as gateways deliver them.
                const int offset = random.bounded(10) == 0 ? -int(random.bounded(600)) : n;
                const QString body = inbound
                    ? (random.bounded(20) == 0 ? replies[3] : pick(replies.mid(0, 3)))
                    : QStringLiteral("Hello again");
                auto recorded = store.recordMessage(c, phones[i],
                    inbound ? MessageDirection::Inbound : MessageDirection::Outbound, body,
                    Later.addSecs(offset), inbound ? UnassignedId : pick(senders));
                if (!recorded || !*recorded)
                    note(QStringLiteral("event: ")
                        + (recorded ? QStringLiteral("no conversation") : recorded.error()));
                ++events;
                ++n;
            }
            return;
        }

        ReassignmentController controller(db, QStringLiteral("manager %1").arg(index));
        const QVector<StatusFilter> filters { StatusFilter::Any, StatusFilter::NeedsReply,
            StatusFilter::NotStarted };
        for (int round = 0; round < Rounds && clock.elapsed() < budgetMs; ++round) {
            const int dice = int(random.bounded(100));
            Outcome<ReassignResult> result = Outcome<ReassignResult>::failure(QString());
            ReassignRequest r;
            r.campaignId = c;
            r.status = pick(filters);
            QVector<SenderId> members;
            for (const CampaignSender& s : CampaignStore(db).campaignSenders(c))
                members << s.id;
            if (members.size() < 3) {
                auto undone = controller.undoLast(c);
                result = undone;
            } else if (dice < 25) {
                r.scope = ReassignScope::Bulk;
                r.action = ReassignAction::ReassignSome;
                r.count = 1 + int(random.bounded(20));
                r.targets = { pick(members), pick(members) };
                const int available = controller.available(r).matching(r.status);
                r.count = std::min(r.count, std::max(1, available));
                result = controller.run(r);
            } else if (dice < 45) {
                r.scope = ReassignScope::Sender;
                r.action
                    = random.bounded(2) == 0 ? ReassignAction::ReassignAll : ReassignAction::ReassignSome;
                r.source = random.bounded(5) == 0 ? UnassignedId : pick(members);
                do
                    r.targets = { pick(members) };
                while (r.targets.first() == r.source);
                r.count = std::min(
                    1 + int(random.bounded(15)), std::max(1, controller.available(r).matching(r.status)));
                result = controller.run(r);
            } else if (dice < 55) {
                r.scope = ReassignScope::Sender;
                r.action = ReassignAction::UnassignAll;
                r.source = pick(members);
                result = controller.run(r);
            } else if (dice < 58) {
                r.scope = ReassignScope::Bulk;
                r.action = ReassignAction::UnassignAll;
                r.status = StatusFilter::NeedsReply;
                result = controller.run(r);
            } else if (dice < 72) {
                r.scope = ReassignScope::Single;
                r.conversationId = pick(ids);
                r.targets = { random.bounded(4) == 0 ? UnassignedId : pick(members) };
                result = controller.run(r);
            } else if (dice < 84) {
                result = controller.undoLast(c);
            } else if (dice < 97) {
                const auto recent = MoveStore(db).history(c, 6);
                result = recent.isEmpty() ? controller.undoLast(c) : controller.undo(pick(recent).id);
            } else {
                result = controller.removeSender(c, pick(members));
            }
            if (result && result->actionId == 0) {
                ++empty;
            } else if (result) {
                ++actions;
                movedTotal += result->moved;
                skippedTotal += result->skipped();
            } else if (isExpectedRefusal(result.error())) {
                ++refusals;
            } else {
                note(result.error());
            }
        }
        ++managersDone;
    });
    const double seconds = clock.elapsed() / 1000.0;
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    qInfo(
        "stress on %s: %d actions (%d conversations moved, %d skipped), %d refused, %d with nothing to move,"
        " %d message events in %.1f s: %.0f actions/s, %.0f events/s",
        StoreFixture::onPostgres() ? "PostgreSQL" : "SQLite", int(actions), int(movedTotal),
        int(skippedTotal), int(refusals), int(empty), int(events), seconds, actions / seconds,
        events / seconds);
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.mid(0, 10).join(QLatin1Char('\n'))));
    QVERIFY(actions > 50);

    Database& db = f.db();
    // Every conversation has one owner or none, and the owner is on the campaign.
    QSet<SenderId> members;
    for (const CampaignSender& s : CampaignStore(db).campaignSenders(c))
        members.insert(s.id);
    const QMap<qint64, SenderId> owners = f.owners(c);
    QCOMPARE(owners.size(), Conversations);
    for (auto it = owners.cbegin(); it != owners.cend(); ++it)
        QVERIFY2(it.value() == UnassignedId || members.contains(it.value()),
            qPrintable(QStringLiteral("conversation %1 is with %2, who left").arg(it.key()).arg(it.value())));

    // Per-sender counts equal a recount from scratch, and every status follows from
    // the conversation's messages.
    QHash<SenderId, StatusCounts> recount;
    QSqlQuery q(db.connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT id, COALESCE(sender_id, 0), status, started, opted_out, last_inbound"
                              " FROM conversations WHERE campaign_id = %1")
                   .arg(c)));
    QHash<qint64, ConversationStatus> statusOf;
    while (q.next()) {
        recount[q.value(1).toLongLong()].add(ConversationStatus(q.value(2).toInt()), 1);
        statusOf.insert(q.value(0).toLongLong(), ConversationStatus(q.value(2).toInt()));
    }
    for (const SenderCounts& s : CampaignStore(db).senderCounts(c))
        QVERIFY2(
            s.counts == recount.value(s.id), qPrintable(QStringLiteral("counts of %1 differ").arg(s.name)));
    QVERIFY(q.exec(QStringLiteral("SELECT m.conversation_id, m.direction, m.body FROM messages m"
                                  " JOIN conversations c ON c.id = m.conversation_id WHERE c.campaign_id = %1"
                                  " ORDER BY m.conversation_id, m.at, m.id")
                       .arg(c)));
    struct Facts
    {
        bool started = false;
        bool optedOut = false;
        bool lastInbound = false;
    };
    QHash<qint64, Facts> facts;
    while (q.next()) {
        Facts& x = facts[q.value(0).toLongLong()];
        const bool inbound = MessageDirection(q.value(1).toInt()) == MessageDirection::Inbound;
        x.started = x.started || !inbound;
        x.optedOut = x.optedOut || (inbound && isOptOutKeyword(q.value(2).toString()));
        x.lastInbound = inbound;
    }
    for (auto it = statusOf.cbegin(); it != statusOf.cend(); ++it) {
        const Facts x = facts.value(it.key());
        QVERIFY2(it.value() == deriveStatus(x.optedOut, x.started, x.lastInbound),
            qPrintable(
                QStringLiteral("conversation %1 has a status its messages do not give").arg(it.key())));
    }

    // Replaying the history's moves in order, from the owners before, gives the owners
    // after; each move starts where the one before it left the conversation.
    QMap<qint64, SenderId> replay = initial;
    QVERIFY(q.exec(
        QStringLiteral("SELECT m.action_id, m.conversation_id, COALESCE(m.from_sender_id, 0),"
                       " COALESCE(m.to_sender_id, 0) FROM action_moves m JOIN actions a ON a.id = m.action_id"
                       " WHERE a.campaign_id = %1 ORDER BY m.action_id, m.conversation_id")
            .arg(c)));
    QHash<qint64, int> movesPerAction;
    while (q.next()) {
        const qint64 conversation = q.value(1).toLongLong();
        QVERIFY2(replay.value(conversation) == q.value(2).toLongLong(),
            qPrintable(QStringLiteral("action %1 moved conversation %2 from %3, but it was with %4")
                           .arg(q.value(0).toLongLong())
                           .arg(conversation)
                           .arg(q.value(2).toLongLong())
                           .arg(replay.value(conversation))));
        replay[conversation] = q.value(3).toLongLong();
        ++movesPerAction[q.value(0).toLongLong()];
    }
    QCOMPARE(replay, owners);
    QVERIFY(q.exec(QStringLiteral("SELECT id, moved FROM actions WHERE campaign_id = %1").arg(c)));
    while (q.next())
        QCOMPARE(movesPerAction.value(q.value(0).toLongLong()), q.value(1).toInt());
    // No action was undone twice.
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT undoes FROM actions WHERE campaign_id = %1"
                                  " AND undoes IS NOT NULL GROUP BY undoes HAVING COUNT(*) > 1) twice")
                       .arg(c)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestStoreConcurrency)
#include "TestStoreConcurrency.moc"
