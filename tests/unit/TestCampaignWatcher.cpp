#include "storage/CampaignStore.h"
#include "storage/CampaignWatcher.h"
#include "storage/ConversationStore.h"
#include "PgAdmin.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Handoff;

namespace {
// PostgreSQL announces a change within a second; SQLite is polled every second.
int deadlineMs()
{
    return StoreFixture::onPostgres() ? 1000 : 2500;
}

bool waitConnected(const CampaignWatcher& watcher)
{
    QElapsedTimer clock;
    clock.start();
    while (!watcher.isConnected() && clock.elapsed() < 10000)
        QTest::qWait(20);
    return watcher.isConnected();
}
} // namespace

// A window's watcher on connection A sees what connection B (another manager, the
// texting backend, handoff-cli) changes.
class TestCampaignWatcher : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void seesAnotherConnectionsChange();
    void seesActionsAndMessageEvents();
    void tellsCampaignsApart();
    void saysNothingForARolledBackChange();
    void seesATextingNumberChange();
    void coalescesABurst();
    void reconnectsWhenTheConnectionIsCut();

private:
    // A second connection to the fixture's store: the other manager.
    Database& other() { return *m_other; }

    std::unique_ptr<StoreFixture> m_store;
    std::unique_ptr<Database> m_other;
    qint64 m_campaign = 0;
    SenderId m_ana = 0;
    SenderId m_ben = 0;
};

void TestCampaignWatcher::init()
{
    m_store = std::make_unique<StoreFixture>();
    QVERIFY2(m_store->ok(), qPrintable(m_store->error()));
    m_campaign = m_store->campaign(QStringLiteral("Watched"));
    m_ana = m_store->sender(m_campaign, QStringLiteral("Ana"));
    m_ben = m_store->sender(m_campaign, QStringLiteral("Ben"));
    for (int i = 0; i < 6; ++i)
        m_store->conversation(
            m_campaign, m_ana, i % 2 ? ConversationStatus::NeedsReply : ConversationStatus::NotStarted, i);
    auto other = Database::open(m_store->url());
    QVERIFY2(other, qPrintable(other.error()));
    m_other = std::move(*other);
}

void TestCampaignWatcher::cleanup()
{
    m_other.reset();
    m_store.reset();
}

void TestCampaignWatcher::seesAnotherConnectionsChange()
{
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    QElapsedTimer clock;
    clock.start();
    QVERIFY(CampaignStore(other()).setSweeper(m_campaign, m_ben, true));
    QVERIFY(changed.wait(deadlineMs()));
    qInfo("%s: a change on connection B reached the watcher of A in %lld ms",
        StoreFixture::onPostgres() ? "PostgreSQL" : "SQLite", clock.elapsed());
    QCOMPARE(changed.first().first().toLongLong(), m_campaign);
}

void TestCampaignWatcher::seesActionsAndMessageEvents()
{
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    ReassignmentController controller(other(), QStringLiteral("Lin"));
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Sender;
    request.action = ReassignAction::ReassignAll;
    request.source = m_ana;
    request.targets = { m_ben };
    auto moved = controller.run(request);
    QVERIFY2(moved, qPrintable(moved.error()));
    QVERIFY(changed.wait(deadlineMs()));
    QCOMPARE(changed.last().first().toLongLong(), m_campaign);

    changed.clear();
    const QDateTime at(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    auto recorded = ConversationStore(other()).recordMessage(m_campaign, QStringLiteral("+14152300001"),
        MessageDirection::Inbound, QStringLiteral("Yes!"), at, UnassignedId);
    QVERIFY(recorded && *recorded);
    QVERIFY(changed.wait(deadlineMs()));
    QCOMPARE(changed.last().first().toLongLong(), m_campaign);
}

void TestCampaignWatcher::tellsCampaignsApart()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite only says that the file changed, not which campaign.");
    const qint64 elsewhere = m_store->campaign(QStringLiteral("Elsewhere"));
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QSignalSpy store(&watcher, &CampaignWatcher::storeChanged);
    QVERIFY(waitConnected(watcher));

    QVERIFY(CampaignStore(other()).addToCampaign(elsewhere, m_ana, false));
    QVERIFY(store.wait(deadlineMs()));
    QTest::qWait(300);
    QCOMPARE(changed.count(), 0);

    // Watching it too: now it is reported.
    watcher.watch(elsewhere);
    QVERIFY(CampaignStore(other()).setSweeper(elsewhere, m_ana, true));
    QVERIFY(changed.wait(deadlineMs()));
    QCOMPARE(changed.first().first().toLongLong(), elsewhere);
}

void TestCampaignWatcher::saysNothingForARolledBackChange()
{
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    QVERIFY(other().begin());
    QVERIFY(CampaignStore(other()).setSweeper(m_campaign, m_ben, true));
    other().rollback();
    QTest::qWait(deadlineMs());
    QCOMPARE(changed.count(), 0);
}

void TestCampaignWatcher::seesATextingNumberChange()
{
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    // The number is the roster's; the campaigns the sender texts in hear of it.
    QVERIFY(CampaignStore(other()).setTextingNumber(m_ana, QStringLiteral("+14155550100")));
    QVERIFY(changed.wait(deadlineMs()));
    QCOMPARE(changed.first().first().toLongLong(), m_campaign);
}

void TestCampaignWatcher::coalescesABurst()
{
    CampaignWatcher watcher(m_store->db());
    watcher.watch(m_campaign);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    // A backend sending twenty events in quick succession, each its own transaction.
    const QDateTime at(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    for (int i = 0; i < 20; ++i)
        QVERIFY(*ConversationStore(other()).recordMessage(m_campaign, QStringLiteral("+14152300002"),
            MessageDirection::Inbound, QStringLiteral("msg"), at.addSecs(i), UnassignedId));
    QVERIFY(changed.wait(deadlineMs()));
    QTest::qWait(600);
    QVERIFY2(changed.count() <= 4, qPrintable(QString::number(changed.count())));
}

void TestCampaignWatcher::reconnectsWhenTheConnectionIsCut()
{
    if (!StoreFixture::onPostgres())
        QSKIP("A SQLite file has no connection to lose.");
    PgAdmin admin;
    QVERIFY2(admin.ok(), qPrintable(admin.error()));
    CampaignWatcher watcher(m_store->db());
    watcher.setPollInterval(200);
    watcher.watch(m_campaign);
    QSignalSpy lost(&watcher, &CampaignWatcher::connectionLost);
    QSignalSpy restored(&watcher, &CampaignWatcher::connectionRestored);
    QSignalSpy changed(&watcher, &CampaignWatcher::campaignChanged);
    QVERIFY(waitConnected(watcher));

    const QString database = PgAdmin::databaseOf(m_store->url());
    QCOMPARE(admin.terminate(database, QStringLiteral("application_name = 'handoff-watcher'")), 1);
    QVERIFY(lost.wait(3000));
    QVERIFY(lost.first().first().toString().contains(QStringLiteral("lost")));
    QVERIFY(restored.wait(3000));
    // What happened while it was away may have been missed: it says so.
    QVERIFY(changed.wait(deadlineMs()));
    changed.clear();

    QVERIFY(CampaignStore(other()).setSweeper(m_campaign, m_ben, true));
    QVERIFY(changed.wait(deadlineMs()));
    QCOMPARE(lost.count(), 1);
}

QTEST_GUILESS_MAIN(TestCampaignWatcher)
#include "TestCampaignWatcher.moc"
