#include "core/FairSplit.h"

#include <QTest>

using namespace Handoff;

class TestFairSplit : public QObject
{
    Q_OBJECT

private slots:
    void counts_data();
    void counts();
    void roundRobinMatchesCounts();
    void balancedEvensOutUnevenLoads();
    void balancedTiesGoInTargetOrder();
    void roundRobinWithoutCapIsFairSplit();
    void capLeavesWhatDoesNotFit();
    void capSkipsFullTargetsInRoundRobin();
    void conversationsThatAreNotOpenIgnoreTheCap();
};

void TestFairSplit::counts_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("targets");
    QTest::addColumn<QVector<int>>("expected");

    QTest::newRow("9 over 4") << 9 << 4 << QVector<int>{3, 2, 2, 2};
    QTest::newRow("8 over 4") << 8 << 4 << QVector<int>{2, 2, 2, 2};
    QTest::newRow("3 over 4") << 3 << 4 << QVector<int>{1, 1, 1, 0};
    QTest::newRow("1 over 1") << 1 << 1 << QVector<int>{1};
    QTest::newRow("10 over 3") << 10 << 3 << QVector<int>{4, 3, 3};
    QTest::newRow("0 over 2") << 0 << 2 << QVector<int>{0, 0};
    QTest::newRow("no targets") << 5 << 0 << QVector<int>{};
}

void TestFairSplit::counts()
{
    QFETCH(int, n);
    QFETCH(int, targets);
    QFETCH(QVector<int>, expected);
    QCOMPARE(fairSplitCounts(n, targets), expected);
}

void TestFairSplit::roundRobinMatchesCounts()
{
    for (int t = 1; t <= 7; ++t) {
        for (int n = 0; n <= 40; ++n) {
            QVector<int> dealt(t, 0);
            for (int i = 0; i < n; ++i)
                ++dealt[fairSplitTarget(i, t)];
            QCOMPARE(dealt, fairSplitCounts(n, t));
            const auto [lo, hi] = std::minmax_element(dealt.cbegin(), dealt.cend());
            QVERIFY(*hi - *lo <= 1);
        }
    }
}

void TestFairSplit::balancedEvensOutUnevenLoads()
{
    // Targets holding 10, 0 and 4 open conversations receive 8: they end at 10, 6, 6.
    const LoadSplit split = splitByLoad(QVector<bool>(8, true), {10, 0, 4}, true, 0);
    QCOMPARE(split.openAfter, (QVector<int>{10, 6, 6}));
    QCOMPARE(split.perTarget, (QVector<int>{0, 6, 2}));
    // The first four all go to the empty one; then they alternate, the earlier target first.
    QCOMPARE(split.targetOf, (QVector<int>{1, 1, 1, 1, 1, 2, 1, 2}));
    QCOMPARE(split.leftByCap, 0);
}

void TestFairSplit::balancedTiesGoInTargetOrder()
{
    const LoadSplit split = splitByLoad(QVector<bool>(5, true), {3, 3, 3}, true, 0);
    QCOMPARE(split.targetOf, (QVector<int>{0, 1, 2, 0, 1}));
    QCOMPARE(split.openAfter, (QVector<int>{5, 5, 4}));
}

void TestFairSplit::roundRobinWithoutCapIsFairSplit()
{
    for (int t = 1; t <= 5; ++t) {
        for (int n = 0; n <= 17; ++n) {
            const LoadSplit split = splitByLoad(QVector<bool>(n, true), QVector<int>(t, 7), false, 0);
            for (int i = 0; i < n; ++i)
                QCOMPARE(split.targetOf[i], fairSplitTarget(i, t));
            QCOMPARE(split.perTarget, fairSplitCounts(n, t));
        }
    }
}

void TestFairSplit::capLeavesWhatDoesNotFit()
{
    // Cap 6: the first target is already above it; the others take 6 and 2; 3 stay.
    const LoadSplit split = splitByLoad(QVector<bool>(11, true), {10, 0, 4}, true, 6);
    QCOMPARE(split.openAfter, (QVector<int>{10, 6, 6}));
    QCOMPARE(split.perTarget, (QVector<int>{0, 6, 2}));
    QCOMPARE(split.leftByCap, 3);
    QCOMPARE(split.targetOf.mid(8), (QVector<int>{-1, -1, -1}));
}

void TestFairSplit::capSkipsFullTargetsInRoundRobin()
{
    const LoadSplit split = splitByLoad(QVector<bool>(6, true), {0, 2, 0}, false, 2);
    QCOMPARE(split.targetOf, (QVector<int>{0, 2, 0, 2, -1, -1}));
    QCOMPARE(split.openAfter, (QVector<int>{2, 2, 2}));
    QCOMPARE(split.leftByCap, 2);
}

void TestFairSplit::conversationsThatAreNotOpenIgnoreTheCap()
{
    // Waiting conversations add no open work: the full targets still take them, in turn.
    const LoadSplit split = splitByLoad({false, true, false, false}, {1, 1}, true, 1);
    QCOMPARE(split.targetOf, (QVector<int>{0, -1, 1, 0}));
    QCOMPARE(split.openAfter, (QVector<int>{1, 1}));
    QCOMPARE(split.perTarget, (QVector<int>{2, 1}));
    QCOMPARE(split.leftByCap, 1);
}

QTEST_GUILESS_MAIN(TestFairSplit)
#include "TestFairSplit.moc"
