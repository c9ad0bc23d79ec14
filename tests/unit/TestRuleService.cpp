#include "controller/CampaignService.h"
#include "controller/RuleService.h"
#include "storage/RuleStore.h"
#include "StoreFixture.h"

#include <QLocale>
#include <QTest>

using namespace Handoff;

class TestRuleService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void init();
    void cleanup();

    void addsRulesInOrderAndReadsThemBack();
    void presetsAreAddedOnce();
    void namesAreUniquePerCampaign();
    void refusesTargetsOffTheCampaignAndBadRules();
    void reordersEnablesAndRemoves();
    void archivedCampaignRefusesRuleChanges();
    void notesWhenARuleFired();

private:
    QStringList names() const;

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0;
};

void TestRuleService::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz", true);
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    QVERIFY(m_campaign && m_ana && m_ben);
}

void TestRuleService::cleanup()
{
    m_fx.reset();
}

QStringList TestRuleService::names() const
{
    QStringList result;
    for (const SweepRule& r : RuleStore(m_fx->db()).rules(m_campaign))
        result << QString("%1 %2%3").arg(r.position).arg(r.name).arg(r.enabled ? "" : " (off)");
    return result;
}

void TestRuleService::addsRulesInOrderAndReadsThemBack()
{
    SweepRule r;
    r.campaignId = m_campaign;
    r.name = "  Quiet senders ";
    r.status = StatusFilter::Any;
    r.minWaitSeconds = 5400;
    r.from = SweepRule::From::Idle;
    r.idleSeconds = 1200;
    r.to = SweepRule::To::Named;
    r.targets = {m_ben, m_ana};
    r.balance = true;
    r.cap = 40;
    r.maxPerRun = 15;
    r.enabled = false;
    const Outcome<SweepRule> added = RuleService(m_fx->db()).addRule(r);
    QVERIFY2(added.ok(), qPrintable(added.error()));
    QCOMPARE(added->position, 1);
    const SweepRule back = *RuleStore(m_fx->db()).rule(added->id);
    QCOMPARE(back.name, QString("Quiet senders"));
    QCOMPARE(back.status, StatusFilter::Any);
    QCOMPARE(back.minWaitSeconds, 5400);
    QCOMPARE(back.from, SweepRule::From::Idle);
    QCOMPARE(back.idleSeconds, 1200);
    QCOMPARE(back.to, SweepRule::To::Named);
    QCOMPARE(back.targets, (QVector<SenderId>{m_ben, m_ana}));
    QVERIFY(back.balance);
    QCOMPARE(back.cap, 40);
    QCOMPARE(back.maxPerRun, 15);
    QVERIFY(!back.enabled);
    QVERIFY(!back.lastFiredAt.isValid());

    SweepRule second;
    second.campaignId = m_campaign;
    second.name = "Pool";
    second.from = SweepRule::From::Unassigned;
    QCOMPARE(RuleService(m_fx->db()).addRule(second)->position, 2);
    QCOMPARE(names(), (QStringList{"1 Quiet senders (off)", "2 Pool"}));
}

void TestRuleService::presetsAreAddedOnce()
{
    const Outcome<QVector<SweepRule>> first = RuleService(m_fx->db()).addPresets(m_campaign);
    QVERIFY2(first.ok(), qPrintable(first.error()));
    QCOMPARE(first->size(), 3);
    const Outcome<QVector<SweepRule>> again = RuleService(m_fx->db()).addPresets(m_campaign);
    QVERIFY(again.ok());
    QCOMPARE(again->size(), 0);
    QCOMPARE(names(), (QStringList{"1 Replies waiting over 30 minutes go to sweepers on shift",
                                   "2 Untexted contacts of senders who are done for today go back to Unassigned",
                                   "3 Unassigned untexted contacts go to senders on shift, balanced, at most 200 each"}));
}

void TestRuleService::namesAreUniquePerCampaign()
{
    SweepRule r;
    r.campaignId = m_campaign;
    r.name = "Sweep";
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    const Outcome<SweepRule> twice = RuleService(m_fx->db()).addRule(r);
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error(), QString("The campaign already has a rule named \"Sweep\"."));
    // Another campaign may use the name.
    r.campaignId = m_fx->campaign("Runoff");
    QVERIFY(RuleService(m_fx->db()).addRule(r).ok());
    QCOMPARE(names(), QStringList{"1 Sweep"});
}

void TestRuleService::refusesTargetsOffTheCampaignAndBadRules()
{
    const qint64 other = m_fx->campaign("Runoff");
    const SenderId stranger = m_fx->sender(other, "Cruz Lee");
    SweepRule r;
    r.campaignId = m_campaign;
    r.name = "To Cruz";
    r.to = SweepRule::To::Named;
    r.targets = {m_ana, stranger};
    const Outcome<SweepRule> refused = RuleService(m_fx->db()).addRule(r);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error(), QString("A sender the rule names is not on campaign \"GOTV November\"."));
    r.targets = {};
    QCOMPARE(RuleService(m_fx->db()).addRule(r).error(),
             QString("Name at least one sender to move the conversations to."));
    QVERIFY(names().isEmpty());
}

void TestRuleService::reordersEnablesAndRemoves()
{
    RuleService service(m_fx->db());
    QVERIFY(service.addPresets(m_campaign).ok());
    QVector<SweepRule> rules = RuleStore(m_fx->db()).rules(m_campaign);
    QVERIFY(service.moveRule(rules[2].id, 1).ok());
    QVERIFY(service.setEnabled(rules[0].id, false).ok());
    QCOMPARE(names(), (QStringList{"1 Unassigned untexted contacts go to senders on shift, balanced, at most 200 each",
                                   "2 Replies waiting over 30 minutes go to sweepers on shift (off)",
                                   "3 Untexted contacts of senders who are done for today go back to Unassigned"}));
    QVERIFY(service.removeRule(rules[0].id).ok());
    QCOMPARE(names(), (QStringList{"1 Unassigned untexted contacts go to senders on shift, balanced, at most 200 each",
                                   "2 Untexted contacts of senders who are done for today go back to Unassigned"}));
    QCOMPARE(service.removeRule(rules[0].id).error(), QString("That rule no longer exists."));
    // A position past the end puts the rule last.
    QVERIFY(service.moveRule(rules[2].id, 99).ok());
    QCOMPARE(names(), (QStringList{"1 Untexted contacts of senders who are done for today go back to Unassigned",
                                   "2 Unassigned untexted contacts go to senders on shift, balanced, at most 200 each"}));
}

void TestRuleService::archivedCampaignRefusesRuleChanges()
{
    RuleService service(m_fx->db());
    QVERIFY(service.addPresets(m_campaign).ok());
    const qint64 first = RuleStore(m_fx->db()).rules(m_campaign).first().id;
    QVERIFY(CampaignService(m_fx->db()).setArchived(m_campaign, true).ok());
    const QString refusal("Campaign \"GOTV November\" is archived; its rules cannot change.");
    QCOMPARE(service.setEnabled(first, false).error(), refusal);
    QCOMPARE(service.removeRule(first).error(), refusal);
    QCOMPARE(service.addPresets(m_campaign).error(), refusal);
    QCOMPARE(RuleStore(m_fx->db()).rules(m_campaign).size(), 3);
    QVERIFY(RuleStore(m_fx->db()).rules(m_campaign).first().enabled);
}

void TestRuleService::notesWhenARuleFired()
{
    QVERIFY(RuleService(m_fx->db()).addPresets(m_campaign).ok());
    const qint64 first = RuleStore(m_fx->db()).rules(m_campaign).first().id;
    const QDateTime at = QDateTime::fromString("2026-11-03T14:05:00Z", Qt::ISODate);
    QVERIFY(RuleStore(m_fx->db()).noteFired(first, at, 148).ok());
    const SweepRule fired = *RuleStore(m_fx->db()).rule(first);
    QCOMPARE(fired.lastFiredAt, at);
    QCOMPARE(fired.lastMoved, 148);
}

QTEST_GUILESS_MAIN(TestRuleService)
#include "TestRuleService.moc"
