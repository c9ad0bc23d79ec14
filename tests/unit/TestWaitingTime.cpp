#include "core/WaitingTime.h"

#include <QTest>

using namespace Handoff;

class TestWaitingTime : public QObject
{
    Q_OBJECT

private slots:
    void duration_data();
    void duration();
    void sinceAndTextedAgo();
};

void TestWaitingTime::duration_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("future") << qint64(-300) << QString("< 1 min");
    QTest::newRow("zero") << qint64(0) << QString("< 1 min");
    QTest::newRow("59 s") << qint64(59) << QString("< 1 min");
    QTest::newRow("1 min") << qint64(60) << QString("1 min");
    QTest::newRow("59 min 59 s") << qint64(3599) << QString("59 min");
    QTest::newRow("1 h") << qint64(3600) << QString("1 h");
    QTest::newRow("2 h 14 min") << qint64(2 * 3600 + 14 * 60 + 30) << QString("2 h 14 min");
    QTest::newRow("23 h 59 min") << qint64(86399) << QString("23 h 59 min");
    QTest::newRow("1 d") << qint64(86400 + 59 * 60) << QString("1 d");
    QTest::newRow("3 d 4 h") << qint64(3 * 86400 + 4 * 3600 + 59) << QString("3 d 4 h");
}

void TestWaitingTime::duration()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(WaitingTime::duration(seconds), text);
}

void TestWaitingTime::sinceAndTextedAgo()
{
    const QDateTime now(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);
    QCOMPARE(WaitingTime::since(now.addSecs(-(2 * 3600 + 14 * 60)), now), QString("2 h 14 min"));
    QCOMPARE(WaitingTime::since(QDateTime(), now), QString());
    QCOMPARE(WaitingTime::textedAgo(now.addSecs(-12 * 60), now), QString("texted 12 min ago"));
    QCOMPARE(WaitingTime::textedAgo(QDateTime(), now), QString("never texted"));
}

QTEST_GUILESS_MAIN(TestWaitingTime)
#include "TestWaitingTime.moc"
