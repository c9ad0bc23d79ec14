#include "core/Duration.h"

#include <QTest>

using namespace Handoff;

class TestDuration : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void keyReadsBack();
};

void TestDuration::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("seconds") << QStringLiteral("45s") << qint64(45);
    QTest::newRow("minutes") << QStringLiteral("90m") << qint64(5400);
    QTest::newRow("hours") << QStringLiteral("1h") << qint64(3600);
    QTest::newRow("days") << QStringLiteral("2d") << qint64(172800);
    QTest::newRow("hours and minutes") << QStringLiteral("1h30m") << qint64(5400);
    QTest::newRow("all four") << QStringLiteral("1d2h3m4s") << qint64(93784);
    QTest::newRow("leading zeros") << QStringLiteral("007m") << qint64(420);
    QTest::newRow("a zero part") << QStringLiteral("1h0m") << qint64(3600);
    QTest::newRow("a year") << QStringLiteral("366d") << qint64(366 * 86400);
}

void TestDuration::parses()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    const auto parsed = parseDuration(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(*parsed, seconds);
}

void TestDuration::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << QString() << QStringLiteral("it is empty.");
    QTest::newRow("bare number") << QStringLiteral("90") << QStringLiteral("the unit after 90 is missing.");
    QTest::newRow("unit alone") << QStringLiteral("h") << QStringLiteral("a number is missing before \"h\".");
    QTest::newRow("unknown unit") << QStringLiteral("3w") << QStringLiteral("\"w\" is not a unit.");
    QTest::newRow("capital unit") << QStringLiteral("3H") << QStringLiteral("\"H\" is not a unit.");
    QTest::newRow("space") << QStringLiteral("1h 30m") << QStringLiteral("a number is missing before \" \".");
    QTest::newRow("negative") << QStringLiteral("-5m") << QStringLiteral("a number is missing before \"-\".");
    QTest::newRow("decimal") << QStringLiteral("1.5h") << QStringLiteral("\".\" is not a unit.");
    QTest::newRow("smaller first") << QStringLiteral("30m1h")
                                   << QStringLiteral("units go from the largest to the smallest, each once.");
    QTest::newRow("unit twice") << QStringLiteral("1h1h")
                                << QStringLiteral("units go from the largest to the smallest, each once.");
    QTest::newRow("zero") << QStringLiteral("0m") << QStringLiteral("it is zero.");
    QTest::newRow("too long") << QStringLiteral("367d") << QStringLiteral("it is longer than a year.");
    QTest::newRow("huge number") << QStringLiteral("99999999999999999999999s")
                                 << QStringLiteral("it is longer than a year.");
}

void TestDuration::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    const auto parsed = parseDuration(text);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error(), QStringLiteral("\"%1\" is not a duration: %2 Write a number followed by s, m, h or d,"
                                           " or several such as 1h30m.")
                                 .arg(text.left(40), why));
}

void TestDuration::keyReadsBack()
{
    for (qint64 s : {qint64(1), qint64(59), qint64(60), qint64(5400), qint64(93784), qint64(86400)}) {
        QCOMPARE(*parseDuration(durationKey(s)), s);
    }
    QCOMPARE(durationKey(5400), QStringLiteral("1h30m"));
}

QTEST_GUILESS_MAIN(TestDuration)
#include "TestDuration.moc"
