#include "controller/CampaignService.h"
#include "controller/ReassignmentController.h"
#include "controller/RuleService.h"
#include "controller/Sweeper.h"
#include "core/Clock.h"
#include "storage/MoveStore.h"
#include "storage/RuleStore.h"
#include "storage/Database.h"
#include "StoreFixture.h"

#include <QLocale>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Handoff;
using S = ConversationStatus;

// Sweeps with a fixed clock: exactly which conversations each rule takes at its
// boundaries, in order, never twice, never held ones; dry runs change nothing.
class TestSweeper : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void init();
    void cleanup();

    void waitBoundaryAndHeldConversations();
    void idleSendersAndPresence();
    void rulesRunInOrderAndNeverMoveTwice();
    void maxPerRunAndCapAndBalance();
    void dryRunChangesNothingAndArchivedIsNeverSwept();
    void noSweeperOnShiftSaysSo();
    void undoRevertsARule();
    void twoSweepsAtOnceMoveEachConversationOnce();

private:
    // Minutes after the fixture's epoch, as StoreFixture::conversation counts them.
    static QDateTime at(int minutes)
    {
        return QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC).addSecs(qint64(minutes) * 60);
    }
    SweepRule rule(const QString& name) const;
    SweepReport sweep(bool dryRun = false);

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0, m_dee = 0;
};

void TestSweeper::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_dee = m_fx->sender(m_campaign, "Dee Park", true);
    QVERIFY(m_campaign && m_ana && m_ben && m_cruz && m_dee);
}

void TestSweeper::cleanup()
{
    Clock::setFixedNow({});
    m_fx.reset();
}

SweepRule TestSweeper::rule(const QString& name) const
{
    SweepRule r;
    r.campaignId = m_campaign;
    r.name = name;
    return r;
}

SweepReport TestSweeper::sweep(bool dryRun)
{
    const Outcome<SweepReport> report = Sweeper(m_fx->db()).sweep(m_campaign, dryRun);
    if (!report)
        qWarning("%s", qPrintable(report.error()));
    return report ? *report : SweepReport{};
}

void TestSweeper::waitBoundaryAndHeldConversations()
{
    // Replies whose last activity was at minute 0, 10 and 20; at minute 30 the oldest
    // has waited exactly 30 minutes, the next 20.
    const qint64 exactly = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    const qint64 younger = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 10);
    const qint64 held = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, -5);
    const qint64 untexted = m_fx->conversation(m_campaign, m_ben, S::NotStarted, -50);
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {held}, true, "VIP", "Manager").ok());
    SweepRule r = rule("Replies 30m");
    r.status = StatusFilter::NeedsReply;
    r.minWaitSeconds = 30 * 60;
    r.from = SweepRule::From::NonSweepers;
    r.to = SweepRule::To::SweepersOnShift;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());

    Clock::setFixedNow(at(30));
    const SweepReport report = sweep();
    QCOMPARE(report.rules.size(), 1);
    QCOMPARE(report.rules[0].moved, 1);
    QCOMPARE(m_fx->ownerOf(exactly), m_cruz);
    QCOMPARE(m_fx->ownerOf(younger), m_ana);
    QCOMPARE(m_fx->ownerOf(held), m_ben);
    QCOMPARE(m_fx->ownerOf(untexted), m_ben);
    QCOMPARE(report.summary(), QString("Swept \"GOTV November\": \"Replies 30m\" moved 1: 1 → Cruz Lee."));

    // Ten minutes later the next one is old enough; the first is with a target now.
    Clock::setFixedNow(at(40));
    QCOMPARE(sweep().moved(), 1);
    QCOMPARE(m_fx->ownerOf(younger), m_cruz);
    QCOMPARE(m_fx->ownerOf(held), m_ben);
    const SweepRule fired = RuleStore(m_fx->db()).rules(m_campaign).constFirst();
    QCOMPARE(fired.lastFiredAt, at(40));
    QCOMPARE(fired.lastMoved, 1);
}

void TestSweeper::idleSendersAndPresence()
{
    // Ana last texted at minute -1 (her reply's outbound), Ben at minute 19.
    const qint64 anas = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    const qint64 bens = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 20);
    SweepRule quiet = rule("Quiet senders");
    quiet.from = SweepRule::From::Idle;
    quiet.idleSeconds = 20 * 60;
    quiet.to = SweepRule::To::Named;
    quiet.targets = {m_dee};
    QVERIFY(RuleService(m_fx->db()).addRule(quiet).ok());

    Clock::setFixedNow(at(19));  // Ana quiet for 20 minutes exactly, Ben for none
    QCOMPARE(sweep().moved(), 1);
    QCOMPARE(m_fx->ownerOf(anas), m_dee);
    QCOMPARE(m_fx->ownerOf(bens), m_ben);

    // A named target who is not on shift is skipped; with none left, the rule says so.
    QVERIFY(CampaignService(m_fx->db()).setPresence(m_campaign, m_dee, Presence::Away).ok());
    Clock::setFixedNow(at(60));
    const SweepReport report = sweep();
    QCOMPARE(report.moved(), 0);
    QCOMPARE(report.rules[0].problem, QString("none of its senders is on shift"));
    QCOMPARE(m_fx->ownerOf(bens), m_ben);

    // Away senders' untexted contacts go back to Unassigned.
    QVERIFY(RuleService(m_fx->db()).setEnabled(RuleStore(m_fx->db()).rules(m_campaign)[0].id, false).ok());
    const qint64 anaUntexted = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 0);
    const qint64 benUntexted = m_fx->conversation(m_campaign, m_ben, S::NotStarted, 0);
    QVERIFY(CampaignService(m_fx->db()).setPresence(m_campaign, m_ana, Presence::Done).ok());
    SweepRule done = rule("Done for today");
    done.status = StatusFilter::NotStarted;
    done.from = SweepRule::From::AwayOrDone;
    done.to = SweepRule::To::Unassigned;
    QVERIFY(RuleService(m_fx->db()).addRule(done).ok());
    QCOMPARE(sweep().moved(), 1);
    QCOMPARE(m_fx->ownerOf(anaUntexted), UnassignedId);
    QCOMPARE(m_fx->ownerOf(benUntexted), m_ben);
}

void TestSweeper::rulesRunInOrderAndNeverMoveTwice()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    const qint64 a2 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 c1 = m_fx->conversation(m_campaign, m_cruz, S::NeedsReply, 2);
    SweepRule first = rule("To Cruz");
    first.from = SweepRule::From::NonSweepers;
    first.to = SweepRule::To::Named;
    first.targets = {m_cruz};
    SweepRule second = rule("Everything to Unassigned");
    second.from = SweepRule::From::All;
    second.to = SweepRule::To::Unassigned;
    QVERIFY(RuleService(m_fx->db()).addRule(first).ok());
    QVERIFY(RuleService(m_fx->db()).addRule(second).ok());
    Clock::setFixedNow(at(60));
    const SweepReport report = sweep();
    QCOMPARE(report.rules.size(), 2);
    QCOMPARE(report.rules[0].moved, 2);
    // The second rule takes what Cruz held before the sweep, not what the first gave him.
    QCOMPARE(report.rules[1].moved, 1);
    QCOMPARE(m_fx->ownerOf(a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(a2), m_cruz);
    QCOMPARE(m_fx->ownerOf(c1), UnassignedId);
    const QVector<HistoryEntry> history = MoveStore(m_fx->db()).history(m_campaign);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].actor, QString("Everything to Unassigned"));
    QCOMPARE(history[0].note, QString("rule"));
    QCOMPARE(history[0].scope, ReassignScope::Rule);
    QCOMPARE(history[1].actor, QString("To Cruz"));
}

void TestSweeper::maxPerRunAndCapAndBalance()
{
    // Cruz holds 3 open conversations, Dee none; six replies of Ana's wait.
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, m_cruz, S::NotStarted, 100);
    QVector<qint64> anas;
    for (int i = 0; i < 6; ++i)
        anas << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, i);
    SweepRule r = rule("Balanced, capped");
    r.from = SweepRule::From::NonSweepers;
    r.to = SweepRule::To::SweepersOnShift;
    r.balance = true;
    r.cap = 4;
    r.maxPerRun = 5;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    Clock::setFixedNow(at(60));
    const SweepReport report = sweep();
    // Five are taken (the longest waiting); Dee gets 4 (0 → 4), Cruz 1 (3 → 4).
    QCOMPARE(report.rules[0].moved, 5);
    QCOMPARE(report.rules[0].leftByCap, 0);
    QCOMPARE(report.summary(),
             QString("Swept \"GOTV November\": \"Balanced, capped\" moved 5: 1 → Cruz Lee, 4 → Dee Park."));
    QCOMPARE(m_fx->ownerOf(anas[5]), m_ana);
    // Both are at the cap now: the sixth stays where it is.
    const SweepReport next = sweep();
    QCOMPARE(next.moved(), 0);
    QCOMPARE(m_fx->ownerOf(anas[5]), m_ana);
}

void TestSweeper::dryRunChangesNothingAndArchivedIsNeverSwept()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    SweepRule r = rule("Replies");
    r.from = SweepRule::From::NonSweepers;
    r.to = SweepRule::To::SweepersOnShift;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    Clock::setFixedNow(at(60));
    const SweepReport preview = sweep(true);
    QCOMPARE(preview.moved(), 1);
    QCOMPARE(preview.summary(), QString("Sweep preview of \"GOTV November\": \"Replies\" would move 1: 1 → Cruz Lee."));
    QCOMPARE(m_fx->ownerOf(a1), m_ana);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
    QVERIFY(!RuleStore(m_fx->db()).rules(m_campaign).constFirst().lastFiredAt.isValid());

    QVERIFY(CampaignService(m_fx->db()).setArchived(m_campaign, true).ok());
    const SweepReport archived = sweep();
    QCOMPARE(archived.skippedBecause, QString("it is archived"));
    QCOMPARE(archived.summary(), QString("Did not sweep \"GOTV November\": it is archived"));
    QCOMPARE(m_fx->ownerOf(a1), m_ana);
}

void TestSweeper::noSweeperOnShiftSaysSo()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    QVERIFY(CampaignService(m_fx->db()).setPresence(m_campaign, m_cruz, Presence::Done).ok());
    QVERIFY(CampaignService(m_fx->db()).setPresence(m_campaign, m_dee, Presence::Away).ok());
    SweepRule r = rule("Replies");
    r.from = SweepRule::From::NonSweepers;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    Clock::setFixedNow(at(60));
    const SweepReport report = sweep();
    QCOMPARE(report.moved(), 0);
    QCOMPARE(report.summary(), QString("Swept \"GOTV November\": \"Replies\" moved nothing (no sweeper is on shift)."));
    QCOMPARE(m_fx->ownerOf(a1), m_ana);
}

void TestSweeper::undoRevertsARule()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 0);
    const qint64 b1 = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 0);
    SweepRule r = rule("Replies");
    r.from = SweepRule::From::NonSweepers;
    r.to = SweepRule::To::Named;
    r.targets = {m_dee};
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    Clock::setFixedNow(at(60));
    QCOMPARE(sweep().moved(), 2);
    ReassignmentController controller(m_fx->db(), "Manager");
    const Outcome<ReassignResult> undone = controller.undoLast(m_campaign);
    QVERIFY2(undone.ok(), qPrintable(undone.error()));
    QCOMPARE(undone->moved, 2);
    QCOMPARE(m_fx->ownerOf(a1), m_ana);
    QCOMPARE(m_fx->ownerOf(b1), m_ben);
}

void TestSweeper::twoSweepsAtOnceMoveEachConversationOnce()
{
    QVector<qint64> replies;
    for (int i = 0; i < 60; ++i)
        replies << m_fx->conversation(m_campaign, i % 2 ? m_ana : m_ben, S::NeedsReply, i);
    SweepRule r = rule("Replies");
    r.from = SweepRule::From::NonSweepers;
    r.to = SweepRule::To::SweepersOnShift;
    r.balance = true;
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    Clock::setFixedNow(at(600));

    // Two programs on the same store, each with its own connection, sweeping at once.
    const QString url = m_fx->url();
    const qint64 campaign = m_campaign;
    std::atomic<int> moved{0};
    std::atomic<int> failures{0};
    auto sweepFromAnotherProgram = [&] {
        Outcome<std::unique_ptr<Database>> db = Database::open(url, Database::OpenMode::ExistingOnly);
        if (!db) {
            ++failures;
            return;
        }
        const Outcome<SweepReport> report = Sweeper(**db).sweep(campaign, false);
        if (report)
            moved += report->moved();
        else
            ++failures;
    };
    std::unique_ptr<QThread> first(QThread::create(sweepFromAnotherProgram));
    std::unique_ptr<QThread> second(QThread::create(sweepFromAnotherProgram));
    first->start();
    second->start();
    QVERIFY(first->wait(60000));
    QVERIFY(second->wait(60000));
    QCOMPARE(failures.load(), 0);
    // Every reply moved, and none twice: the moves of the history add up to the 60.
    QCOMPARE(moved.load(), 60);
    int recorded = 0;
    for (const HistoryEntry& e : MoveStore(m_fx->db()).history(m_campaign))
        recorded += e.result.moved;
    QCOMPARE(recorded, 60);
    for (qint64 id : std::as_const(replies))
        QVERIFY(m_fx->ownerOf(id) == m_cruz || m_fx->ownerOf(id) == m_dee);
    // Balanced over the two sweepers: 30 each.
    int cruz = 0;
    for (qint64 id : std::as_const(replies))
        cruz += m_fx->ownerOf(id) == m_cruz ? 1 : 0;
    QCOMPARE(cruz, 30);
}

QTEST_GUILESS_MAIN(TestSweeper)
#include "TestSweeper.moc"
