#include "core/SweepRule.h"

#include <QLocale>
#include <QTest>

using namespace Handoff;

class TestSweepRule : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void presetsSayWhatTheyDo();
    void describesEachSourceAndTarget();
    void keysRoundTrip();
    void refusesBadRules_data();
    void refusesBadRules();
    void presetsAreValid();
};

void TestSweepRule::presetsSayWhatTheyDo()
{
    const QVector<SweepRule> presets = presetRules();
    QCOMPARE(presets.size(), 3);
    QCOMPARE(presets[0].name, QString("Replies waiting over 30 minutes go to sweepers on shift"));
    QCOMPARE(SweepRuleText::describe(presets[0]),
             QString("Replies waiting at least 30 min of senders who are not sweepers go to sweepers on shift, "
                     "balanced."));
    QCOMPARE(SweepRuleText::describe(presets[1]),
             QString("Untexted contacts of senders who are away or done for today go back to Unassigned."));
    QCOMPARE(SweepRuleText::describe(presets[2]),
             QString("Untexted contacts in Unassigned go to senders on shift, balanced, at most 200 open each."));
}

void TestSweepRule::describesEachSourceAndTarget()
{
    SweepRule r;
    r.name = QStringLiteral("Quiet senders");
    r.status = StatusFilter::Any;
    r.minWaitSeconds = 90 * 60;
    r.from = SweepRule::From::Idle;
    r.idleSeconds = 20 * 60;
    r.to = SweepRule::To::Named;
    r.targets = {3, 4};
    r.cap = 1500;
    r.maxPerRun = 50;
    QCOMPARE(SweepRuleText::describe(r, {"Ana Ruiz", "Ben Okafor"}),
             QString("Conversations waiting at least 1 h 30 min of senders who have not texted for 20 min go to "
                     "Ana Ruiz, Ben Okafor (when on shift), at most 1,500 open each, at most 50 a sweep."));
    r.from = SweepRule::From::All;
    r.to = SweepRule::To::Unassigned;
    r.minWaitSeconds = 45;
    r.balance = true;   // meaningless for Unassigned, and not said
    QCOMPARE(SweepRuleText::describe(r),
             QString("Conversations waiting at least 45 s of every sender go back to Unassigned, at most 50 a sweep."));
}

void TestSweepRule::keysRoundTrip()
{
    for (auto f : {SweepRule::From::All, SweepRule::From::NonSweepers, SweepRule::From::AwayOrDone,
                   SweepRule::From::Idle, SweepRule::From::Unassigned})
        QCOMPARE(SweepRuleText::parseFromKey(SweepRuleText::fromKey(f)), f);
    for (auto t : {SweepRule::To::SweepersOnShift, SweepRule::To::OnShift, SweepRule::To::Named,
                   SweepRule::To::Unassigned})
        QCOMPARE(SweepRuleText::parseToKey(SweepRuleText::toKey(t)), t);
    QVERIFY(!SweepRuleText::parseFromKey("everyone"));
    QVERIFY(!SweepRuleText::parseToKey(""));
}

void TestSweepRule::refusesBadRules_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("message");
    QTest::newRow("no name") << "name" << "A rule needs a name.";
    QTest::newRow("long name") << "longname" << "A rule's name is at most 100 characters.";
    QTest::newRow("negative wait") << "wait" << "The wait must be between 0 and 30 days.";
    QTest::newRow("idle without time") << "idle" << "Senders idle for how long? Give a time between 1 second and 30 days.";
    QTest::newRow("negative cap") << "cap" << "The cap must be a positive number.";
    QTest::newRow("negative max") << "max" << "The most a sweep moves must be a positive number.";
    QTest::newRow("named without names") << "named" << "Name at least one sender to move the conversations to.";
    QTest::newRow("named twice") << "twice" << "A sender is named twice among the targets.";
    QTest::newRow("unassigned to unassigned") << "pool" << "A rule cannot move Unassigned conversations to Unassigned.";
}

void TestSweepRule::refusesBadRules()
{
    QFETCH(QString, change);
    QFETCH(QString, message);
    SweepRule r;
    r.name = QStringLiteral("Sweep");
    QVERIFY(validateRule(r).ok());
    if (change == "name")
        r.name = "   ";
    else if (change == "longname")
        r.name = QString(101, QLatin1Char('x'));
    else if (change == "wait")
        r.minWaitSeconds = -1;
    else if (change == "idle")
        r.from = SweepRule::From::Idle;
    else if (change == "cap")
        r.cap = -3;
    else if (change == "max")
        r.maxPerRun = -1;
    else if (change == "named")
        r.to = SweepRule::To::Named;
    else if (change == "twice") {
        r.to = SweepRule::To::Named;
        r.targets = {2, 5, 2};
    } else if (change == "pool") {
        r.from = SweepRule::From::Unassigned;
        r.to = SweepRule::To::Unassigned;
    }
    const Outcome<Done> checked = validateRule(r);
    QVERIFY(!checked.ok());
    QCOMPARE(checked.error(), message);
}

void TestSweepRule::presetsAreValid()
{
    for (const SweepRule& r : presetRules())
        QVERIFY2(validateRule(r).ok(), qPrintable(r.name));
}

QTEST_GUILESS_MAIN(TestSweepRule)
#include "TestSweepRule.moc"
