#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/MoveStore.h"
#include "controller/ReassignmentController.h"
#include "controller/CampaignService.h"
#include "core/Clock.h"
#include "core/Limits.h"
#include "StoreFixture.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

class TestReassignmentController : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void someTakesLongestWaitingFirstAndDealsRoundRobin();
    void someSplitsFairly_data();
    void someSplitsFairly();
    void someFromSenderHonoursStatus();
    void allFromUnassignedPool();
    void bulkAllSkipsWhatTargetsHold();
    void bulkSomeNeedsReplyAcrossSenders();
    void bulkUnassignAllByStatus();
    void senderUnassignAll();
    void singleMoveToSenderAndToUnassigned();
    void availableCountsPerStatus();
    void selectionMovesExactlyThoseInTurnAsOneAction();
    void selectionToUnassignedAndAlreadyThere();
    void selectionBadInputChangesNothing_data();
    void selectionBadInputChangesNothing();
    void selectionMovedElsewhereSinceThePlanIsSkipped();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void archivedCampaignRefused();
    void statusChangedBetweenPreviewAndCommitIsSkipped();
    void movedByAnotherManagerIsSkipped();
    void targetRemovedBeforeCommitMovesNothing();
    void failureHalfwayRollsBack();
    void cancelledActionMovesNothing();
    void historyRecordsEveryMove();
    void undoRestoresOnlyWhatIsStillThere();
    void undoWalksBackThroughHistory();
    void cancelledUndoRestoresNothing();
    void removeSenderUnassignsAndUndoBringsBack();
    void emitsCampaignChanged();

    void ageFilterTakesExactlyTheBoundary();
    void ageFilterNarrowsSenderUnassignAll();
    void balancedEvensOutWhatTargetsHold();
    void roundRobinWithoutBalanceIsUnchanged();
    void capLeavesSomeBehindAndSaysSo();
    void capThatFitsNothingIsRefused();
    void heldAreLeftOutOfBulkAndSenderActions();
    void heldAreMovedWhenIncludedOrSingle();
    void heldSincePlanAreSkipped();
    void noteIsRecordedInHistory();
    void badLoadAndNoteInputRefused();
    void holdAndReleaseAllOrNothing();

private:
    ReassignRequest request(ReassignScope scope, ReassignAction action, StatusFilter status,
                            QVector<SenderId> targets, int count = 0, SenderId source = UnassignedId) const;

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<ReassignmentController> m_controller;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0, m_dee = 0, m_eli = 0;
};

ReassignRequest TestReassignmentController::request(ReassignScope scope, ReassignAction action, StatusFilter status,
                                                    QVector<SenderId> targets, int count, SenderId source) const
{
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = scope;
    r.action = action;
    r.status = status;
    r.targets = std::move(targets);
    r.count = count;
    r.source = source;
    return r;
}

void TestReassignmentController::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_dee = m_fx->sender(m_campaign, "Dee Park", true);
    m_eli = m_fx->sender(m_campaign, "Eli Stone");
    QVERIFY(m_campaign && m_ana && m_ben && m_cruz && m_dee && m_eli);
    m_controller = std::make_unique<ReassignmentController>(m_fx->db(), "manager");
}

void TestReassignmentController::cleanup()
{
    Clock::setFixedNow(QDateTime());
    m_controller.reset();
    m_fx.reset();
}

void TestReassignmentController::someTakesLongestWaitingFirstAndDealsRoundRobin()
{
    // Created in an order unlike their waiting order, so the rule cannot pass by accident.
    const QVector<int> activity = {50, 10, 90, 30, 70, 20, 80, 40, 60, 100, 5};
    QMap<int, qint64> byActivity;
    for (int a : activity)
        byActivity.insert(a, m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, a));

    auto result = m_controller->run(request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::NotStarted,
                                            {m_ana, m_ben, m_cruz, m_dee}, 9, UnassignedId));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 9);

    const QList<qint64> oldestFirst = byActivity.values();
    const QVector<SenderId> targets = {m_ana, m_ben, m_cruz, m_dee};
    for (int i = 0; i < 9; ++i)
        QCOMPARE(m_fx->ownerOf(oldestFirst[i]), targets[i % 4]);
    // The two that waited least stay in the pool.
    QCOMPARE(m_fx->ownerOf(byActivity.value(90)), UnassignedId);
    QCOMPARE(m_fx->ownerOf(byActivity.value(100)), UnassignedId);

    QCOMPARE(result->movedPerTarget.size(), 4);
    QCOMPARE(result->movedPerTarget[0].name, QString("Ana Ruiz"));
    QCOMPARE(result->movedPerTarget[0].count, 3);
    QCOMPARE(result->movedPerTarget[1].count, 2);
    QCOMPARE(result->movedPerTarget[2].count, 2);
    QCOMPARE(result->movedPerTarget[3].count, 2);
    QCOMPARE(result->summary(), QString("Moved 9 conversations: 3 → Ana Ruiz, 2 → Ben Okafor, 2 → Cruz Lee, 2 → Dee Park."));
}

void TestReassignmentController::someSplitsFairly_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("targets");
    QTest::addColumn<QVector<int>>("expected");
    QTest::newRow("1 over 3") << 1 << 3 << QVector<int>{1, 0, 0};
    QTest::newRow("5 over 2") << 5 << 2 << QVector<int>{3, 2};
    QTest::newRow("12 over 5") << 12 << 5 << QVector<int>{3, 3, 2, 2, 2};
    QTest::newRow("20 over 4") << 20 << 4 << QVector<int>{5, 5, 5, 5};
}

void TestReassignmentController::someSplitsFairly()
{
    QFETCH(int, count);
    QFETCH(int, targets);
    QFETCH(QVector<int>, expected);
    for (int i = 0; i < 20; ++i)
        m_fx->conversation(m_campaign, m_eli, i % 2 ? S::NeedsReply : S::Waiting, i);
    const QVector<SenderId> all = {m_ana, m_ben, m_cruz, m_dee, m_fx->sender(m_campaign, "Fay Wong")};
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::Any,
                                           all.mid(0, targets), count, m_eli));
    QVERIFY2(plan, qPrintable(plan.error()));
    QCOMPARE(plan->perTarget, expected);
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QVector<int> moved;
    for (const TargetCount& t : result->movedPerTarget)
        moved << t.count;
    QCOMPARE(moved, expected);
    QCOMPARE(m_fx->owners(m_campaign).values().count(m_eli), 20 - count);
}

void TestReassignmentController::someFromSenderHonoursStatus()
{
    const qint64 nr1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 30);
    const qint64 w1 = m_fx->conversation(m_campaign, m_ana, S::Waiting, 1);
    const qint64 nr2 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 10);
    const qint64 nr3 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 20);
    const qint64 ns = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 2);
    const qint64 other = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 0);

    auto result = m_controller->run(request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::NeedsReply,
                                            {m_cruz}, 2, m_ana));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(m_fx->ownerOf(nr2), m_cruz);
    QCOMPARE(m_fx->ownerOf(nr3), m_cruz);
    QCOMPARE(m_fx->ownerOf(nr1), m_ana);
    QCOMPARE(m_fx->ownerOf(w1), m_ana);
    QCOMPARE(m_fx->ownerOf(ns), m_ana);
    QCOMPARE(m_fx->ownerOf(other), m_ben);
}

void TestReassignmentController::allFromUnassignedPool()
{
    QVector<qint64> pool;
    for (int i = 0; i < 7; ++i)
        pool << m_fx->conversation(m_campaign, UnassignedId, i < 5 ? S::NotStarted : S::Waiting, i);
    const qint64 held = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 99);

    auto result = m_controller->run(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NotStarted,
                                            {m_ben, m_cruz}, 0, UnassignedId));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_fx->ownerOf(pool[i]), i % 2 ? m_cruz : m_ben);
    QCOMPARE(m_fx->ownerOf(pool[5]), UnassignedId);
    QCOMPARE(m_fx->ownerOf(pool[6]), UnassignedId);
    QCOMPARE(m_fx->ownerOf(held), m_ana);
}

void TestReassignmentController::bulkAllSkipsWhatTargetsHold()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 b1 = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 2);
    const qint64 c1 = m_fx->conversation(m_campaign, m_cruz, S::NeedsReply, 3);
    const qint64 u1 = m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, 4);
    const qint64 e1 = m_fx->conversation(m_campaign, m_eli, S::NeedsReply, 5);
    const qint64 e2 = m_fx->conversation(m_campaign, m_eli, S::Waiting, 0);

    // Sweepers Cruz and Dee take every Needs Reply not already theirs.
    auto result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                            {m_cruz, m_dee}));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 4);
    QCOMPARE(m_fx->ownerOf(a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(b1), m_dee);
    QCOMPARE(m_fx->ownerOf(u1), m_cruz);
    QCOMPARE(m_fx->ownerOf(e1), m_dee);
    QCOMPARE(m_fx->ownerOf(c1), m_cruz);  // already held: untouched, not counted
    QCOMPARE(m_fx->ownerOf(e2), m_eli);
    QCOMPARE(result->movedPerTarget[0].count, 2);
    QCOMPARE(result->movedPerTarget[1].count, 2);
}

void TestReassignmentController::bulkSomeNeedsReplyAcrossSenders()
{
    QVector<qint64> needsReply;
    needsReply << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 40);
    needsReply << m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 10);
    needsReply << m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, 30);
    needsReply << m_fx->conversation(m_campaign, m_eli, S::NeedsReply, 20);
    const qint64 optedOut = m_fx->conversation(m_campaign, m_ana, S::OptedOut, 0);

    auto result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::ReassignSome, StatusFilter::NeedsReply,
                                            {m_dee}, 3));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 3);
    QCOMPARE(m_fx->ownerOf(needsReply[1]), m_dee);
    QCOMPARE(m_fx->ownerOf(needsReply[3]), m_dee);
    QCOMPARE(m_fx->ownerOf(needsReply[2]), m_dee);
    QCOMPARE(m_fx->ownerOf(needsReply[0]), m_ana);
    QCOMPARE(m_fx->ownerOf(optedOut), m_ana);
}

void TestReassignmentController::bulkUnassignAllByStatus()
{
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 1);
    const qint64 b = m_fx->conversation(m_campaign, m_ben, S::NotStarted, 2);
    const qint64 c = m_fx->conversation(m_campaign, m_ben, S::Waiting, 3);
    const qint64 u = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 4);

    auto result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::UnassignAll, StatusFilter::NotStarted, {}));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(m_fx->ownerOf(a), UnassignedId);
    QCOMPARE(m_fx->ownerOf(b), UnassignedId);
    QCOMPARE(m_fx->ownerOf(c), m_ben);
    QCOMPARE(m_fx->ownerOf(u), UnassignedId);
    QCOMPARE(result->summary(), QString("Moved 2 conversations: 2 → Unassigned."));

    result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::UnassignAll, StatusFilter::Any, {}));
    QVERIFY(result);
    QCOMPARE(result->moved, 1);
    QCOMPARE(m_fx->ownerOf(c), UnassignedId);
}

void TestReassignmentController::senderUnassignAll()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 a2 = m_fx->conversation(m_campaign, m_ana, S::Waiting, 2);
    const qint64 b1 = m_fx->conversation(m_campaign, m_ben, S::Waiting, 3);
    auto result = m_controller->run(request(ReassignScope::Sender, ReassignAction::UnassignAll, StatusFilter::Any, {}, 0, m_ana));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(m_fx->ownerOf(a1), UnassignedId);
    QCOMPARE(m_fx->ownerOf(a2), UnassignedId);
    QCOMPARE(m_fx->ownerOf(b1), m_ben);
}

void TestReassignmentController::singleMoveToSenderAndToUnassigned()
{
    const qint64 c = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Single;
    r.conversationId = c;
    r.targets = {m_ben};
    auto result = m_controller->run(r);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 1);
    QCOMPARE(m_fx->ownerOf(c), m_ben);

    r.targets = {UnassignedId};
    result = m_controller->run(r);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(m_fx->ownerOf(c), UnassignedId);

    auto entry = MoveStore(m_fx->db()).history(m_campaign);
    QCOMPARE(entry.size(), 2);
    QCOMPARE(entry[0].scope, ReassignScope::Single);
    QCOMPARE(entry[0].action, ReassignAction::Move);
    QCOMPARE(entry[0].source, m_ben);
}

void TestReassignmentController::selectionMovesExactlyThoseInTurnAsOneAction()
{
    QVector<qint64> ids;
    for (int i = 0; i < 6; ++i)
        ids << m_fx->conversation(m_campaign, i % 2 ? m_ana : UnassignedId, i < 3 ? S::NeedsReply : S::Waiting, i);
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Selection;
    // Hand-picked, in the order given: every status, held by anyone.
    r.conversationIds = {ids[4], ids[0], ids[3], ids[1], ids[5]};
    r.targets = {m_cruz, m_dee};
    auto plan = m_controller->plan(r);
    QVERIFY2(plan, qPrintable(plan.error()));
    QCOMPARE(plan->perTarget, QVector<int>({3, 2}));
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 5);
    QCOMPARE(m_fx->ownerOf(ids[4]), m_cruz);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_dee);
    QCOMPARE(m_fx->ownerOf(ids[3]), m_cruz);
    QCOMPARE(m_fx->ownerOf(ids[1]), m_dee);
    QCOMPARE(m_fx->ownerOf(ids[5]), m_cruz);
    QCOMPARE(m_fx->ownerOf(ids[2]), UnassignedId);   // not chosen

    const auto history = MoveStore(m_fx->db()).history(m_campaign);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].scope, ReassignScope::Selection);
    QCOMPARE(history[0].result.moved, 5);

    auto undone = m_controller->undoLast(m_campaign);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->moved, 5);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(m_fx->ownerOf(ids[i]), i % 2 ? m_ana : UnassignedId);
}

void TestReassignmentController::selectionToUnassignedAndAlreadyThere()
{
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 b = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 2);
    const qint64 c = m_fx->conversation(m_campaign, m_ben, S::Waiting, 3);
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Selection;
    r.conversationIds = {a, b, c};
    r.targets = {UnassignedId};
    // b is already unassigned: it stays, and the other two go.
    auto result = m_controller->run(r);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(m_fx->ownerOf(a), UnassignedId);
    QCOMPARE(m_fx->ownerOf(c), UnassignedId);

    auto again = m_controller->run(r);
    QVERIFY(!again);
    QCOMPARE(again.error(), QString("The chosen conversations are already with Unassigned; nothing to move."));
    QCOMPARE(m_fx->historySize(m_campaign), 1);
}

void TestReassignmentController::selectionBadInputChangesNothing_data()
{
    QTest::addColumn<int>("problem");
    QTest::addColumn<QString>("error");
    QTest::newRow("no conversations") << 0 << "Choose at least one conversation to move.";
    QTest::newRow("no targets") << 1 << "Choose at least one sender, or Unassigned, to move the conversations to.";
    QTest::newRow("listed twice") << 2 << "Conversation {a} is listed twice.";
    QTest::newRow("unknown id") << 3 << "Campaign \"GOTV November\" has no conversation 99999.";
    QTest::newRow("another campaign's") << 4 << "Campaign \"GOTV November\" has no conversation {foreign}.";
    QTest::newRow("target not in the campaign") << 5 << "\"Fay Hill\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unassigned with senders") << 6
                                             << "Unassigned takes the conversations alone; choose it without senders.";
    QTest::newRow("more than a hand-picked move takes")
        << 7 << "A hand-picked move takes at most 10000 conversations, not 10001; for more, use Bulk Reassign or "
                "a sender's Reassign.";
}

void TestReassignmentController::selectionBadInputChangesNothing()
{
    QFETCH(int, problem);
    QFETCH(QString, error);
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 b = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 2);
    const qint64 other = m_fx->campaign("Runoff");
    const SenderId fay = m_fx->sender(other, "Fay Hill");
    const qint64 foreign = m_fx->conversation(other, fay, S::NeedsReply, 1);
    const auto before = m_fx->owners(m_campaign);

    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Selection;
    r.conversationIds = {a, b};
    r.targets = {m_ben};
    switch (problem) {
    case 0: r.conversationIds.clear(); break;
    case 1: r.targets.clear(); break;
    case 2: r.conversationIds = {a, b, a}; break;
    case 3: r.conversationIds = {a, 99999}; break;
    case 4: r.conversationIds = {a, foreign}; break;
    case 5: r.targets = {m_ben, fay}; break;
    case 6: r.targets = {m_ben, UnassignedId}; break;
    case 7:
        r.conversationIds.clear();
        for (qint64 id = 1; id <= 10001; ++id)
            r.conversationIds << id;
        break;
    }
    auto result = m_controller->run(r);
    QVERIFY(!result);
    QCOMPARE(result.error(),
             QString(error).replace("{a}", QString::number(a)).replace("{foreign}", QString::number(foreign)));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestReassignmentController::selectionMovedElsewhereSinceThePlanIsSkipped()
{
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 b = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Selection;
    r.conversationIds = {a, b};
    r.targets = {m_cruz};
    auto plan = m_controller->plan(r);
    QVERIFY(plan);

    ReassignmentController other(m_fx->db(), "other manager");
    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.conversationId = b;
    single.targets = {m_eli};
    QVERIFY(other.run(single));

    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 1);
    QCOMPARE(result->skippedMovedElsewhere, 1);
    QCOMPARE(m_fx->ownerOf(a), m_cruz);
    QCOMPARE(m_fx->ownerOf(b), m_eli);
}

void TestReassignmentController::availableCountsPerStatus()
{
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 3);
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 4);
    m_fx->conversation(m_campaign, m_ana, S::OptedOut, 5);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 6);
    m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 7);

    StatusCounts ana = m_controller->available(request(ReassignScope::Sender, ReassignAction::ReassignSome,
                                                       StatusFilter::Any, {}, 0, m_ana));
    QCOMPARE(ana.matching(StatusFilter::Any), 5);
    QCOMPARE(ana.matching(StatusFilter::NeedsReply), 2);
    QCOMPARE(ana.matching(StatusFilter::NotStarted), 1);

    // At bulk scope, what the chosen targets hold is not available.
    StatusCounts bulk = m_controller->available(request(ReassignScope::Bulk, ReassignAction::ReassignAll,
                                                        StatusFilter::Any, {m_ben}));
    QCOMPARE(bulk.matching(StatusFilter::Any), 6);
    QCOMPARE(bulk.matching(StatusFilter::NeedsReply), 2);
    QCOMPARE(bulk.matching(StatusFilter::NotStarted), 2);
}

void TestReassignmentController::badInputChangesNothing_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("message");
    QTest::newRow("count 0") << 0 << "Choose how many to reassign between 1 and 3 (3 match \"Any\"); 0 is out of range.";
    QTest::newRow("count above available")
        << 1 << "Choose how many to reassign between 1 and 2 (2 match \"Needs Reply\"); 3 is out of range.";
    QTest::newRow("no target") << 2 << "Choose at least one sender to reassign to.";
    QTest::newRow("target is source") << 3 << "\"Ana Ruiz\" is where these conversations come from; choose other senders.";
    QTest::newRow("sender not in campaign") << 4 << "\"Gus Outsider\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unknown sender") << 5 << "\"sender 9999\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("unknown campaign") << 6 << "There is no campaign 777.";
    QTest::newRow("source not in campaign") << 7 << "\"Gus Outsider\" is not a sender of campaign \"GOTV November\".";
    QTest::newRow("nothing matches") << 8 << "No conversations match \"Not Started\" here; there is nothing to reassign.";
    QTest::newRow("unassigned as target") << 9 << "To move conversations to Unassigned, use Unassign All.";
    QTest::newRow("single to its own sender") << 10 << "The conversation with Zoe Test is already with Ana Ruiz.";
    QTest::newRow("unassign the pool") << 11 << "These conversations are already unassigned.";
}

void TestReassignmentController::badInputChangesNothing()
{
    QFETCH(int, which);
    QFETCH(QString, message);
    const qint64 zoe = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1, "Zoe");
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 3);
    m_fx->conversation(m_campaign, UnassignedId, S::Waiting, 4);
    const SenderId outsider = m_fx->sender(0, "Gus Outsider");
    const auto before = m_fx->owners(m_campaign);

    ReassignRequest r = request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::Any, {m_ben}, 1, m_ana);
    switch (which) {
    case 0: r.count = 0; break;
    case 1: r.status = StatusFilter::NeedsReply; r.count = 3; break;
    case 2: r.targets = {}; break;
    case 3: r.targets = {m_ben, m_ana}; break;
    case 4: r.targets = {m_ben, outsider}; break;
    case 5: r.targets = {9999}; break;
    case 6: r.campaignId = 777; break;
    case 7: r.source = outsider; break;
    case 8: r.status = StatusFilter::NotStarted; break;
    case 9: r.targets = {m_ben, UnassignedId}; break;
    case 10: r.scope = ReassignScope::Single; r.conversationId = zoe; r.targets = {m_ana}; break;
    case 11: r.action = ReassignAction::UnassignAll; r.source = UnassignedId; break;
    }
    auto result = m_controller->run(r);
    QVERIFY(!result);
    QCOMPARE(result.error(), message);
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestReassignmentController::archivedCampaignRefused()
{
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    QVERIFY(CampaignStore(m_fx->db()).setArchived(m_campaign, true));
    const auto before = m_fx->owners(m_campaign);
    auto result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben}));
    QVERIFY(!result);
    QCOMPARE(result.error(), QString("Campaign \"GOTV November\" is archived; its conversations cannot be moved."));
    QCOMPARE(m_fx->owners(m_campaign), before);
}

void TestReassignmentController::statusChangedBetweenPreviewAndCommitIsSkipped()
{
    QVector<qint64> ids;
    for (int i = 0; i < 4; ++i)
        ids << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, i);
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                           {m_ben}, 0, m_ana));
    QVERIFY(plan);
    QCOMPARE(plan->moves.size(), 4);

    // Ana answers the second contact while the manager looks at the preview.
    const auto phone = ConversationStore(m_fx->db()).conversation(ids[1])->phone;
    QVERIFY(*ConversationStore(m_fx->db())
                 .recordMessage(m_campaign, phone, MessageDirection::Outbound, "On my way!",
                                QDateTime::currentDateTimeUtc(), m_ana));
    QCOMPARE(m_fx->statusOf(ids[1]), S::Waiting);

    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 3);
    QCOMPARE(result->skippedStatusChanged, 1);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_ben);
    QCOMPARE(m_fx->ownerOf(ids[1]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[2]), m_ben);
    QCOMPARE(m_fx->ownerOf(ids[3]), m_ben);
    QCOMPARE(result->summary(), QString("Moved 3 conversations: 3 → Ben Okafor; skipped 1 whose status changed."));
}

void TestReassignmentController::movedByAnotherManagerIsSkipped()
{
    QVector<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any,
                                           {m_ben}, 0, m_ana));
    QVERIFY(plan);

    ReassignmentController other(m_fx->db(), "other manager");
    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.conversationId = ids[0];
    single.targets = {m_eli};
    QVERIFY(other.run(single));

    auto result = m_controller->execute(*plan);
    QVERIFY(result);
    QCOMPARE(result->moved, 2);
    QCOMPARE(result->skippedMovedElsewhere, 1);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_eli);
    QCOMPARE(m_fx->ownerOf(ids[1]), m_ben);
}

void TestReassignmentController::targetRemovedBeforeCommitMovesNothing()
{
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any,
                                           {m_ben, m_cruz}, 0, m_ana));
    QVERIFY(plan);
    QVERIFY(CampaignStore(m_fx->db()).removeFromCampaign(m_campaign, m_cruz));
    const auto before = m_fx->owners(m_campaign);
    auto result = m_controller->execute(*plan);
    QVERIFY(!result);
    QCOMPARE(result.error(), QString("Nothing was moved: \"Cruz Lee\" is no longer a sender of the campaign."));
    QCOMPARE(m_fx->owners(m_campaign), before);
}

void TestReassignmentController::cancelledActionMovesNothing()
{
    for (int i = 0; i < 6; ++i)
        m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    const auto before = m_fx->owners(m_campaign);
    // A progress dialog's Cancel, arriving while the action runs.
    std::atomic<bool> cancelled{false};
    connect(m_controller.get(), &ReassignmentController::campaignChanged, this, [] { QFAIL("nothing changed"); });
    cancelled.store(true);
    auto result = m_controller->run(
        request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben, m_cruz}, 0, m_ana),
        &cancelled);
    QVERIFY(!result);
    QCOMPARE(result.error(), QString("Nothing was moved: the action was cancelled."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
    m_controller->disconnect(this);

    cancelled.store(false);
    result = m_controller->run(
        request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben, m_cruz}, 0, m_ana),
        &cancelled);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 6);
}

void TestReassignmentController::failureHalfwayRollsBack()
{
    for (int i = 0; i < 6; ++i)
        m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    const auto before = m_fx->owners(m_campaign);
    // The conversations are updated before the history is written: fail the history.
    QVERIFY(m_fx->failHistoryWrites());
    auto result = m_controller->run(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any,
                                            {m_ben, m_cruz}, 0, m_ana));
    QVERIFY(!result);
    QVERIFY2(result.error().startsWith("Nothing was moved: "), qPrintable(result.error()));
    QVERIFY2(result.error().contains("disk full (injected)"), qPrintable(result.error()));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);

    QVERIFY(m_fx->allowHistoryWrites());
    result = m_controller->run(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any,
                                       {m_ben, m_cruz}, 0, m_ana));
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 6);
}

void TestReassignmentController::historyRecordsEveryMove()
{
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1, "Ava");
    const qint64 b = m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, 2, "Bo");
    auto result = m_controller->run(request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                            {m_cruz, m_dee}));
    QVERIFY(result);
    MoveStore history(m_fx->db());
    const auto entries = history.history(m_campaign);
    QCOMPARE(entries.size(), 1);
    const HistoryEntry& e = entries.first();
    QCOMPARE(e.actor, QString("manager"));
    QCOMPARE(e.scope, ReassignScope::Bulk);
    QCOMPARE(e.action, ReassignAction::ReassignAll);
    QCOMPARE(e.status, StatusFilter::NeedsReply);
    QCOMPARE(e.result.moved, 2);
    QCOMPARE(e.result.movedPerTarget.size(), 2);
    QCOMPARE(e.result.movedPerTarget[0].name, QString("Cruz Lee"));
    QVERIFY(qAbs(e.at.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    const auto moves = history.movesDetailed(e.id);
    QCOMPARE(moves.size(), 2);
    QCOMPARE(moves[0].conversationId, a);
    QCOMPARE(moves[0].contactName, QString("Ava Test"));
    QCOMPARE(moves[0].fromName, QString("Ana Ruiz"));
    QCOMPARE(moves[0].toName, QString("Cruz Lee"));
    QCOMPARE(moves[1].conversationId, b);
    QCOMPARE(moves[1].fromName, QString("Unassigned"));
    QCOMPARE(moves[1].toName, QString("Dee Park"));
}

void TestReassignmentController::undoRestoresOnlyWhatIsStillThere()
{
    QVector<qint64> ids;
    for (int i = 0; i < 4; ++i)
        ids << m_fx->conversation(m_campaign, i < 2 ? m_ana : UnassignedId, S::NeedsReply, i);
    auto moved = m_controller->run(request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                           {m_cruz, m_dee}));
    QVERIFY(moved);
    QCOMPARE(moved->moved, 4);

    // Later, one of them is moved on by hand: undo must leave it where it is now.
    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.conversationId = ids[2];
    single.targets = {m_eli};
    QVERIFY(m_controller->run(single));

    auto undone = m_controller->undo(moved->actionId);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->moved, 3);
    QCOMPARE(undone->skippedMovedElsewhere, 1);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[1]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[2]), m_eli);
    QCOMPARE(m_fx->ownerOf(ids[3]), UnassignedId);
    QCOMPARE(undone->summary(),
             QString("Moved 3 conversations: 2 → Ana Ruiz, 1 → Unassigned; skipped 1 moved by someone else."));

    auto again = m_controller->undo(moved->actionId);
    QVERIFY(!again);
    QCOMPARE(again.error(), QString("That action was already undone."));
}

void TestReassignmentController::undoWalksBackThroughHistory()
{
    const qint64 c = m_fx->conversation(m_campaign, m_ana, S::Waiting, 1);
    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.conversationId = c;
    single.targets = {m_ben};
    QVERIFY(m_controller->run(single));
    single.targets = {m_cruz};
    QVERIFY(m_controller->run(single));
    QCOMPARE(m_fx->ownerOf(c), m_cruz);

    QVERIFY(m_controller->undoLast(m_campaign));
    QCOMPARE(m_fx->ownerOf(c), m_ben);
    QVERIFY(m_controller->undoLast(m_campaign));
    QCOMPARE(m_fx->ownerOf(c), m_ana);
    auto none = m_controller->undoLast(m_campaign);
    QVERIFY(!none);
    QCOMPARE(none.error(), QString("There is nothing to undo in this campaign."));
    QCOMPARE(m_fx->historySize(m_campaign), 4);
}

void TestReassignmentController::cancelledUndoRestoresNothing()
{
    QVector<qint64> anas, dees;
    for (int i = 0; i < 4; ++i)
        anas << m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    for (int i = 4; i < 6; ++i)
        dees << m_fx->conversation(m_campaign, m_dee, S::NeedsReply, i);
    auto moved = m_controller->run(
        request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben, m_cruz}, 0, m_ana));
    QVERIFY(moved);
    // Dee leaves too: undoing that would also put her back on the campaign.
    auto removed = m_controller->removeSender(m_campaign, m_dee);
    QVERIFY(removed);
    const auto before = m_fx->owners(m_campaign);
    const int historyBefore = m_fx->historySize(m_campaign);

    // A progress dialog's Cancel, arriving while the undo runs.
    std::atomic<bool> cancelled{true};
    connect(m_controller.get(), &ReassignmentController::campaignChanged, this, [] { QFAIL("nothing changed"); });
    auto undone = m_controller->undo(moved->actionId, &cancelled);
    QVERIFY(!undone);
    QCOMPARE(undone.error(), QString("Nothing was moved: the action was cancelled."));
    undone = m_controller->undoLast(m_campaign, &cancelled);
    QVERIFY(!undone);
    QCOMPARE(undone.error(), QString("Nothing was moved: the action was cancelled."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), historyBefore);
    // Undoing the removal re-adds the sender inside the transaction; that rolled back too.
    QVERIFY(!CampaignStore(m_fx->db()).isMember(m_campaign, m_dee));
    const MoveStore history(m_fx->db());
    QCOMPARE(history.entry(moved->actionId)->undoneBy, 0);
    QCOMPARE(history.lastUndoable(m_campaign)->id, removed->actionId);
    m_controller->disconnect(this);

    // Both are still undoable.
    cancelled.store(false);
    undone = m_controller->undoLast(m_campaign, &cancelled);
    QVERIFY2(undone, qPrintable(undone.error()));
    QVERIFY(CampaignStore(m_fx->db()).isMember(m_campaign, m_dee));
    undone = m_controller->undo(moved->actionId, &cancelled);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->moved, 4);
    for (qint64 id : anas)
        QCOMPARE(m_fx->ownerOf(id), m_ana);
    for (qint64 id : dees)
        QCOMPARE(m_fx->ownerOf(id), m_dee);
}

void TestReassignmentController::removeSenderUnassignsAndUndoBringsBack()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 a2 = m_fx->conversation(m_campaign, m_ana, S::Waiting, 2);
    auto removed = m_controller->removeSender(m_campaign, m_ana);
    QVERIFY2(removed, qPrintable(removed.error()));
    QCOMPARE(removed->moved, 2);
    QCOMPARE(m_fx->ownerOf(a1), UnassignedId);
    QVERIFY(!CampaignStore(m_fx->db()).isMember(m_campaign, m_ana));

    auto undone = m_controller->undoLast(m_campaign);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->moved, 2);
    QVERIFY(CampaignStore(m_fx->db()).isMember(m_campaign, m_ana));
    QCOMPARE(m_fx->ownerOf(a1), m_ana);
    QCOMPARE(m_fx->ownerOf(a2), m_ana);
}

void TestReassignmentController::emitsCampaignChanged()
{
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 1);
    QSignalSpy spy(m_controller.get(), &ReassignmentController::campaignChanged);
    QVERIFY(m_controller->run(request(ReassignScope::Sender, ReassignAction::UnassignAll, StatusFilter::Any, {}, 0, m_ana)));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().first().toLongLong(), m_campaign);
    QVERIFY(!m_controller->run(request(ReassignScope::Sender, ReassignAction::UnassignAll, StatusFilter::Any, {}, 0, 4242)));
    QCOMPARE(spy.size(), 1);
}

namespace {
// The fixture's "activity" minutes as a time.
QDateTime fixtureMinute(int minutes)
{
    return QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC).addSecs(qint64(minutes) * 60);
}
} // namespace

void TestReassignmentController::ageFilterTakesExactlyTheBoundary()
{
    // Now is minute 100: the conversations have waited 90, 60, 59 and 30 minutes.
    Clock::setFixedNow(fixtureMinute(100));
    const qint64 waited90 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 10);
    const qint64 waited60 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 40);
    const qint64 waited59 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 41);
    const qint64 waited30 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 70);

    auto r = request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::NeedsReply, {m_ben});
    r.olderThanSeconds = 60 * 60;
    QCOMPARE(m_controller->available(r).needsReply, 2);
    // One second more and the one exactly an hour old is not taken.
    auto oneMore = r;
    oneMore.olderThanSeconds = 60 * 60 + 1;
    QCOMPARE(m_controller->available(oneMore).needsReply, 1);

    auto result = m_controller->run(r);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 2);
    QCOMPARE(m_fx->ownerOf(waited90), m_ben);
    QCOMPARE(m_fx->ownerOf(waited60), m_ben);
    QCOMPARE(m_fx->ownerOf(waited59), m_ana);
    QCOMPARE(m_fx->ownerOf(waited30), m_ana);

    // Reassign Some takes at most what is old enough.
    auto some = request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::NeedsReply, {m_cruz}, 3, m_ana);
    some.olderThanSeconds = 31 * 60;
    auto refused = m_controller->plan(some);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QString("Choose how many to reassign between 1 and 1 (1 match \"Needs Reply\"); 3 is out of range."));
    some.count = 1;
    QVERIFY(m_controller->run(some));
    QCOMPARE(m_fx->ownerOf(waited59), m_cruz);
    QCOMPARE(m_fx->ownerOf(waited30), m_ana);
}

void TestReassignmentController::ageFilterNarrowsSenderUnassignAll()
{
    Clock::setFixedNow(fixtureMinute(200));
    const qint64 old = m_fx->conversation(m_campaign, m_ana, S::Waiting, 20);   // 3 h
    const qint64 young = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 110);   // 1 h 30 min
    auto r = request(ReassignScope::Sender, ReassignAction::UnassignAll, StatusFilter::Any, {}, 0, m_ana);
    r.olderThanSeconds = 2 * 60 * 60;
    auto result = m_controller->run(r);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 1);
    QCOMPARE(m_fx->ownerOf(old), UnassignedId);
    QCOMPARE(m_fx->ownerOf(young), m_ana);
}

void TestReassignmentController::balancedEvensOutWhatTargetsHold()
{
    // Ben holds 10 open conversations, Cruz none, Dee 4 (and a waiting one, which is not open work).
    for (int i = 0; i < 10; ++i)
        m_fx->conversation(m_campaign, m_ben, S::NotStarted, 500 + i);
    for (int i = 0; i < 4; ++i)
        m_fx->conversation(m_campaign, m_dee, S::NeedsReply, 600 + i);
    m_fx->conversation(m_campaign, m_dee, S::Waiting, 700);
    QVector<qint64> pool;
    for (int i = 0; i < 8; ++i)
        pool << m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, i);

    auto r = request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply, {m_ben, m_cruz, m_dee},
                     0, UnassignedId);
    r.balance = true;
    auto plan = m_controller->plan(r);
    QVERIFY2(plan, qPrintable(plan.error()));
    QCOMPARE(plan->openBefore, (QVector<int>{10, 0, 4}));
    QCOMPARE(plan->openAfter, (QVector<int>{10, 6, 6}));
    QCOMPARE(plan->perTarget, (QVector<int>{0, 6, 2}));
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 8);
    QCOMPARE(result->summary(), QString("Moved 8 conversations: 0 → Ben Okafor, 6 → Cruz Lee, 2 → Dee Park."));
    // Longest waiting first: the first five to the empty Cruz, then Dee and Cruz in turn.
    const QVector<SenderId> expected = {m_cruz, m_cruz, m_cruz, m_cruz, m_cruz, m_dee, m_cruz, m_dee};
    for (int i = 0; i < 8; ++i)
        QCOMPARE(m_fx->ownerOf(pool[i]), expected[i]);
    QHash<SenderId, int> open;
    for (const SenderCounts& s : CampaignStore(m_fx->db()).senderCounts(m_campaign))
        open.insert(s.id, s.open());
    QCOMPARE(open.value(m_ben), 10);
    QCOMPARE(open.value(m_cruz), 6);
    QCOMPARE(open.value(m_dee), 6);
}

void TestReassignmentController::roundRobinWithoutBalanceIsUnchanged()
{
    for (int i = 0; i < 10; ++i)
        m_fx->conversation(m_campaign, m_ben, S::NotStarted, 500 + i);
    QVector<qint64> pool;
    for (int i = 0; i < 8; ++i)
        pool << m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, i);
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                           {m_ben, m_cruz, m_dee}, 0, UnassignedId));
    QVERIFY(plan);
    QCOMPARE(plan->perTarget, (QVector<int>{3, 3, 2}));
    QCOMPARE(plan->openBefore, (QVector<int>{10, 0, 0}));
    QCOMPARE(plan->openAfter, (QVector<int>{13, 3, 2}));
    for (int i = 0; i < 8; ++i)
        QCOMPARE(plan->moves[i].to, (QVector<SenderId>{m_ben, m_cruz, m_dee})[i % 3]);
}

void TestReassignmentController::capLeavesSomeBehindAndSaysSo()
{
    for (int i = 0; i < 10; ++i)
        m_fx->conversation(m_campaign, m_ben, S::NotStarted, 500 + i);
    for (int i = 0; i < 4; ++i)
        m_fx->conversation(m_campaign, m_dee, S::NeedsReply, 600 + i);
    QVector<qint64> pool;
    for (int i = 0; i < 11; ++i)
        pool << m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, i);

    auto r = request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::NeedsReply, {m_ben, m_cruz, m_dee});
    r.balance = true;
    r.cap = 6;
    auto plan = m_controller->plan(r);
    QVERIFY2(plan, qPrintable(plan.error()));
    QCOMPARE(plan->available, 11);
    QCOMPARE(plan->moves.size(), 8);
    QCOMPARE(plan->leftByCap, 3);
    QCOMPARE(plan->openAfter, (QVector<int>{10, 6, 6}));
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 8);
    QCOMPARE(result->leftByCap, 3);
    QCOMPARE(result->summary(), QString("Moved 8 conversations: 0 → Ben Okafor, 6 → Cruz Lee, 2 → Dee Park;"
                                        " 3 stay where they were: every target is at the cap."));
    // The three that waited least stay in the pool.
    for (int i = 8; i < 11; ++i)
        QCOMPARE(m_fx->ownerOf(pool[i]), UnassignedId);
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign, 1).first().result.leftByCap, 3);

    // Round-robin with a cap skips a full target and leaves what no one can take.
    auto rr = request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply, {m_cruz, m_eli}, 0,
                      UnassignedId);
    rr.cap = 7;
    auto second = m_controller->run(rr);
    QVERIFY2(second, qPrintable(second.error()));
    QCOMPARE(second->moved, 3);   // one to Cruz (6 → 7), two to Eli
    QCOMPARE(second->movedPerTarget[0].count, 1);
    QCOMPARE(second->movedPerTarget[1].count, 2);
}

void TestReassignmentController::capThatFitsNothingIsRefused()
{
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 500 + i);
    m_fx->conversation(m_campaign, UnassignedId, S::NeedsReply, 1);
    const auto before = m_fx->owners(m_campaign);
    auto r = request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben});
    r.cap = 3;
    auto result = m_controller->run(r);
    QVERIFY(!result);
    QCOMPARE(result.error(), QString("Every target already holds 3 or more open conversations, the cap: nothing can move."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestReassignmentController::heldAreLeftOutOfBulkAndSenderActions()
{
    QVector<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, i);
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {ids[0], ids[3]}, true, "escalated"));

    auto sender = request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply, {m_ben}, 0, m_ana);
    QCOMPARE(m_controller->available(sender).needsReply, 3);
    QCOMPARE(m_controller->heldLeftOut(sender), 2);
    auto plan = m_controller->plan(sender);
    QVERIFY(plan);
    QCOMPARE(plan->heldLeftOut, 2);
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 3);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[1]), m_ben);
    QCOMPARE(m_fx->ownerOf(ids[2]), m_ben);
    QCOMPARE(m_fx->ownerOf(ids[3]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[4]), m_ben);

    // Bulk Unassign All leaves them too; only held ones left: nothing to take.
    auto bulk = request(ReassignScope::Bulk, ReassignAction::UnassignAll, StatusFilter::Any, {});
    auto unassigned = m_controller->run(bulk);
    QVERIFY(unassigned);
    QCOMPARE(unassigned->moved, 3);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_ana);
    QCOMPARE(m_fx->ownerOf(ids[3]), m_ana);
    auto some = request(ReassignScope::Sender, ReassignAction::ReassignSome, StatusFilter::Any, {m_ben}, 1, m_ana);
    auto refused = m_controller->plan(some);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QString("No conversations match \"Any\" here but held ones (2), which are left out;"
                                      " there is nothing to reassign."));
}

void TestReassignmentController::heldAreMovedWhenIncludedOrSingle()
{
    QVector<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, i);
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {ids[0], ids[1]}, true));

    // Moving one conversation moves it, held or not.
    auto single = request(ReassignScope::Single, ReassignAction::Move, StatusFilter::Any, {m_cruz});
    single.conversationId = ids[0];
    QVERIFY(m_controller->run(single));
    QCOMPARE(m_fx->ownerOf(ids[0]), m_cruz);
    QVERIFY(ConversationStore(m_fx->db()).conversation(ids[0])->held);

    auto r = request(ReassignScope::Bulk, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben});
    r.includeHeld = true;
    auto plan = m_controller->plan(r);
    QVERIFY(plan);
    QCOMPARE(plan->heldLeftOut, 0);
    QCOMPARE(plan->available, 3);
    auto result = m_controller->execute(*plan);
    QVERIFY(result);
    QCOMPARE(result->moved, 3);
    for (qint64 id : ids)
        QCOMPARE(m_fx->ownerOf(id), m_ben);
}

void TestReassignmentController::heldSincePlanAreSkipped()
{
    QVector<qint64> ids;
    for (int i = 0; i < 4; ++i)
        ids << m_fx->conversation(m_campaign, m_ana, S::NeedsReply, i);
    auto plan = m_controller->plan(request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::NeedsReply,
                                           {m_ben}, 0, m_ana));
    QVERIFY(plan);
    QCOMPARE(plan->moves.size(), 4);
    // Another manager holds one while the preview is open.
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {ids[2]}, true, "promised to Ana"));
    auto result = m_controller->execute(*plan);
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->moved, 3);
    QCOMPARE(result->skippedHeld, 1);
    QCOMPARE(m_fx->ownerOf(ids[2]), m_ana);
    QCOMPARE(result->summary(), QString("Moved 3 conversations: 3 → Ben Okafor; skipped 1 held since the preview."));
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign, 1).first().result.skippedHeld, 1);

    // A single move plans and moves a held one.
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {ids[0]}, true));
    auto single = request(ReassignScope::Single, ReassignAction::Move, StatusFilter::Any, {m_ana});
    single.conversationId = ids[0];
    auto moved = m_controller->run(single);
    QVERIFY(moved);
    QCOMPARE(moved->skippedHeld, 0);
    QCOMPARE(m_fx->ownerOf(ids[0]), m_ana);
}

void TestReassignmentController::noteIsRecordedInHistory()
{
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    auto r = request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben}, 0, m_ana);
    r.note = "Ana's shift ended";
    QVERIFY(m_controller->run(r));
    const auto history = MoveStore(m_fx->db()).history(m_campaign);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().note, QString("Ana's shift ended"));
    QVERIFY(m_controller->undoLast(m_campaign));
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign).first().note, QString());
}

void TestReassignmentController::badLoadAndNoteInputRefused()
{
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const auto before = m_fx->owners(m_campaign);
    auto r = request(ReassignScope::Sender, ReassignAction::ReassignAll, StatusFilter::Any, {m_ben}, 0, m_ana);
    auto negative = r;
    negative.cap = -1;
    QCOMPARE(m_controller->run(negative).error(), QString("The cap must be at least 1 open conversation; -1 is not."));
    auto longNote = r;
    longNote.note = QString(Limits::MaxNoteLength + 1, QLatin1Char('x'));
    QCOMPARE(m_controller->run(longNote).error(), QString("The note is 201 characters long; at most 200 are kept."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestReassignmentController::holdAndReleaseAllOrNothing()
{
    const qint64 a = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    const qint64 b = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    CampaignService service(m_fx->db());
    const qint64 other = m_fx->campaign("Other");
    const qint64 elsewhere = m_fx->conversation(other, UnassignedId, S::NotStarted, 1);

    auto unknown = service.setHeld(m_campaign, {a, 999999}, true, "x");
    QVERIFY(!unknown);
    QCOMPARE(unknown.error(), QString("There is no conversation 999999 in this campaign."));
    QVERIFY(!ConversationStore(m_fx->db()).conversation(a)->held);
    QVERIFY(!service.setHeld(m_campaign, {elsewhere}, true));
    QVERIFY(!ConversationStore(m_fx->db()).conversation(elsewhere)->held);

    auto held = service.setHeld(m_campaign, {a, b}, true, "escalated", "Mo");
    QVERIFY2(held, qPrintable(held.error()));
    QCOMPARE(*held, 2);
    QCOMPARE(ConversationStore(m_fx->db()).conversation(b)->holdNote, QString("escalated"));
    ConversationQuery q;
    q.campaignId = m_campaign;
    q.held = true;
    QCOMPARE(ConversationStore(m_fx->db()).count(q), 2);
    const auto heldRows = ConversationStore(m_fx->db()).conversations(q, 0, 10);
    QCOMPARE(heldRows.size(), 2);
    QCOMPARE(heldRows[0].id, a);
    QCOMPARE(heldRows[1].id, b);
    QVector<qint64> visited;
    ConversationStore(m_fx->db()).forEach(q, -1, [&](const Conversation& c) { visited << c.id; });
    QCOMPARE(visited, (QVector<qint64>{a, b}));
    QVERIFY(service.setHeld(m_campaign, {a}, false));
    QCOMPARE(ConversationStore(m_fx->db()).count(q), 1);
    q.held = false;
    QCOMPARE(ConversationStore(m_fx->db()).conversations(q, 0, 10).first().id, a);
    QVERIFY(ConversationStore(m_fx->db()).conversation(a)->holdNote.isEmpty());

    QVERIFY(CampaignStore(m_fx->db()).setArchived(m_campaign, true));
    auto archived = service.setHeld(m_campaign, {a}, true);
    QVERIFY(!archived);
    QCOMPARE(archived.error(), QString("Campaign \"GOTV November\" is archived; its conversations cannot be held or released."));
    QVERIFY(!ConversationStore(m_fx->db()).conversation(a)->held);
}

QTEST_GUILESS_MAIN(TestReassignmentController)
#include "TestReassignmentController.moc"
