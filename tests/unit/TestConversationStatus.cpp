#include "core/ConversationStatus.h"

#include <QTest>

using namespace Handoff;

class TestConversationStatus : public QObject
{
    Q_OBJECT

private slots:
    void filterKeysRoundTrip();
    void unknownFilterIsRejected();
    void filterMatching();
    void optOutKeywords_data();
    void optOutKeywords();
};

void TestConversationStatus::filterKeysRoundTrip()
{
    QCOMPARE(statusFilterKeys(), (QStringList{"any", "needs-reply", "not-started"}));
    for (const QString& key : statusFilterKeys())
        QCOMPARE(statusFilterKey(*parseStatusFilter(key)), key);
    QCOMPARE(parseStatusFilter(" Needs-Reply "), StatusFilter::NeedsReply);
}

void TestConversationStatus::unknownFilterIsRejected()
{
    QVERIFY(!parseStatusFilter("waiting").has_value());
    QVERIFY(!parseStatusFilter("").has_value());
}

void TestConversationStatus::filterMatching()
{
    using S = ConversationStatus;
    for (S s : {S::NotStarted, S::NeedsReply, S::Waiting, S::OptedOut})
        QVERIFY(statusMatches(StatusFilter::Any, s));
    QVERIFY(statusMatches(StatusFilter::NeedsReply, S::NeedsReply));
    QVERIFY(!statusMatches(StatusFilter::NeedsReply, S::OptedOut));
    QVERIFY(!statusMatches(StatusFilter::NeedsReply, S::Waiting));
    QVERIFY(statusMatches(StatusFilter::NotStarted, S::NotStarted));
    QVERIFY(!statusMatches(StatusFilter::NotStarted, S::Waiting));
}

void TestConversationStatus::optOutKeywords_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("optOut");
    QTest::newRow("STOP") << "STOP" << true;
    QTest::newRow("stop lower, spaces") << "  stop " << true;
    QTest::newRow("Stop!") << "Stop!" << true;
    QTest::newRow("STOPALL") << "STOPALL" << true;
    QTest::newRow("unsubscribe") << "Unsubscribe" << true;
    QTest::newRow("cancel") << "cancel" << true;
    QTest::newRow("end") << "END" << true;
    QTest::newRow("quit") << "quit." << true;
    QTest::newRow("sentence") << "please don't stop texting" << false;
    QTest::newRow("stopping") << "stopping by later" << false;
    QTest::newRow("empty") << "" << false;
}

void TestConversationStatus::optOutKeywords()
{
    QFETCH(QString, body);
    QFETCH(bool, optOut);
    QCOMPARE(isOptOutKeyword(body), optOut);
}

QTEST_GUILESS_MAIN(TestConversationStatus)
#include "TestConversationStatus.moc"
