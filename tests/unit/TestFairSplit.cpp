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

QTEST_GUILESS_MAIN(TestFairSplit)
#include "TestFairSplit.moc"
