#include "core/Actor.h"
#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace Handoff;
using S = ConversationStatus;

class TestCampaignService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsArchivesAndUnarchives();
    void archivedCampaignRefusesEveryWrite();
    void unknownCampaignRefused();
    void addSenderJoinsTheRosterOnce();
    void addSendersIsAllOrNothing();
    void sweeperOnAndOff();
    void presenceIsKeptPerCampaign();
    void oldestNeedsReplyAndLastTexted();
    void optOutAndOptInAgain();
    void removeSenderUnassignsTheirConversationsInOneAction();
    void removeSenderThatFailsHalfwayChangesNothing();
    void actorRule();
    void textingNumbersBelongToOneSender();

private:
    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<CampaignService> m_service;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0;
};

void TestCampaignService::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    QVERIFY(m_campaign && m_ana && m_ben);
    m_service = std::make_unique<CampaignService>(m_fx->db());
}

void TestCampaignService::cleanup()
{
    m_service.reset();
    m_fx.reset();
}

void TestCampaignService::createsArchivesAndUnarchives()
{
    const auto created = m_service->createCampaign("  Runoff   December ");
    QVERIFY2(created, qPrintable(created.error()));
    QCOMPARE(created->name, QString("Runoff December"));
    QVERIFY(!created->archived);

    const auto taken = m_service->createCampaign("Runoff December");
    QVERIFY(!taken);
    QCOMPARE(taken.error(), QString("A campaign named \"Runoff December\" already exists."));

    QVERIFY(m_service->setArchived(created->id, true));
    QVERIFY(CampaignStore(m_fx->db()).campaign(created->id)->archived);
    // Unarchiving is the one change an archived campaign takes.
    QVERIFY(m_service->setArchived(created->id, false));
    QVERIFY(!CampaignStore(m_fx->db()).campaign(created->id)->archived);
}

void TestCampaignService::archivedCampaignRefusesEveryWrite()
{
    const qint64 conversation = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    QVERIFY(m_service->setArchived(m_campaign, true));
    const auto owners = m_fx->owners(m_campaign);
    const auto members = CampaignStore(m_fx->db()).campaignSenders(m_campaign);
    const QString senders("Campaign \"GOTV November\" is archived; its senders cannot change.");

    auto added = m_service->addSender(m_campaign, "Cruz Lee", {}, false);
    QVERIFY(!added);
    QCOMPARE(added.error(), senders);
    QVERIFY(!CampaignStore(m_fx->db()).senderByName("Cruz Lee"));

    auto many = m_service->addSenders(m_campaign, {Sender{0, "Dee Park", {}, {}}}, {}, false);
    QVERIFY(!many);
    QCOMPARE(many.error(), senders);
    QVERIFY(!CampaignStore(m_fx->db()).senderByName("Dee Park"));

    auto sweeper = m_service->setSweeper(m_campaign, m_ana, true);
    QVERIFY(!sweeper);
    QCOMPARE(sweeper.error(), senders);

    auto away = m_service->setPresence(m_campaign, m_ana, Presence::Away);
    QVERIFY(!away);
    QCOMPARE(away.error(), senders);

    auto optOut = m_service->setOptedOut(conversation, true);
    QVERIFY(!optOut);
    QCOMPARE(optOut.error(),
             QString("Campaign \"GOTV November\" is archived; its contacts cannot opt out or in."));
    QCOMPARE(m_fx->statusOf(conversation), S::NeedsReply);

    ReassignmentController controller(m_fx->db(), "manager");
    auto removed = controller.removeSender(m_campaign, m_ana);
    QVERIFY(!removed);
    QCOMPARE(removed.error(), QString("Campaign \"GOTV November\" is archived; its conversations cannot be moved."));

    QCOMPARE(m_fx->owners(m_campaign), owners);
    QCOMPARE(CampaignStore(m_fx->db()).campaignSenders(m_campaign).size(), members.size());
    QVERIFY(!CampaignStore(m_fx->db()).campaignSenders(m_campaign).constFirst().sweeper);
    QCOMPARE(CampaignStore(m_fx->db()).campaignSenders(m_campaign).constFirst().presence, Presence::OnShift);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestCampaignService::unknownCampaignRefused()
{
    auto writable = m_service->writableCampaign(9999, CampaignService::Change::Senders);
    QVERIFY(!writable);
    QCOMPARE(writable.error(), QString("There is no campaign 9999."));
    QVERIFY(!m_service->addSender(9999, "Cruz Lee", {}, false));
    QVERIFY(!CampaignStore(m_fx->db()).senderByName("Cruz Lee"));
}

void TestCampaignService::addSenderJoinsTheRosterOnce()
{
    auto added = m_service->addSender(m_campaign, " Cruz  Lee ", "cruz@example.org", true);
    QVERIFY2(added, qPrintable(added.error()));
    QCOMPARE(added->name, QString("Cruz Lee"));
    QVERIFY(CampaignStore(m_fx->db()).isMember(m_campaign, added->id));

    auto again = m_service->addSender(m_campaign, "Cruz Lee", {}, false);
    QVERIFY(!again);
    QCOMPARE(again.error(), QString("\"Cruz Lee\" is already a sender of campaign \"GOTV November\"."));

    // A roster sender joins another campaign without a second roster entry.
    const auto other = m_service->createCampaign("Runoff");
    QVERIFY(other);
    auto joined = m_service->addSender(other->id, "Cruz Lee", {}, false);
    QVERIFY2(joined, qPrintable(joined.error()));
    QCOMPARE(joined->id, added->id);
    QCOMPARE(CampaignStore(m_fx->db()).roster().size(), 3);
}

void TestCampaignService::addSendersIsAllOrNothing()
{
    const CampaignStore campaigns(m_fx->db());
    const auto other = m_service->createCampaign("Runoff");
    QVERIFY(other);
    const int roster = int(campaigns.roster().size());

    // The second new name is already on the roster: neither joins.
    auto refused = m_service->addSenders(other->id, {Sender{0, "Cruz Lee", {}, {}}, Sender{0, "Ana Ruiz", {}, {}}}, {m_ben},
                                         false);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), QString("The roster already has a sender named \"Ana Ruiz\"."));
    QCOMPARE(campaigns.roster().size(), roster);
    QVERIFY(campaigns.campaignSenders(other->id).isEmpty());

    auto added = m_service->addSenders(other->id, {Sender{0, "Cruz Lee", {}, {}}}, {m_ana, m_ben}, true);
    QVERIFY2(added, qPrintable(added.error()));
    QCOMPARE(added->size(), 3);
    QCOMPARE(added->at(1), m_ana);
    QCOMPARE(added->at(2), m_ben);
    const auto members = campaigns.campaignSenders(other->id);
    QCOMPARE(members.size(), 3);
    for (const CampaignSender& s : members)
        QVERIFY(s.sweeper);
}

void TestCampaignService::sweeperOnAndOff()
{
    const CampaignStore campaigns(m_fx->db());
    auto sweeperOf = [&](SenderId id) {
        for (const CampaignSender& s : campaigns.campaignSenders(m_campaign))
            if (s.id == id)
                return s.sweeper;
        return false;
    };
    QVERIFY(m_service->setSweeper(m_campaign, m_ana, true));
    QVERIFY(sweeperOf(m_ana));
    QVERIFY(!sweeperOf(m_ben));
    QVERIFY(m_service->setSweeper(m_campaign, m_ana, false));
    QVERIFY(!sweeperOf(m_ana));
}

void TestCampaignService::presenceIsKeptPerCampaign()
{
    const CampaignStore campaigns(m_fx->db());
    auto presenceOf = [&](qint64 campaign, SenderId id) {
        for (const CampaignSender& s : campaigns.campaignSenders(campaign))
            if (s.id == id)
                return presenceKey(s.presence);
        return QStringLiteral("not a member");
    };
    const auto other = m_service->createCampaign("Runoff");
    QVERIFY(other);
    QVERIFY(m_service->addSenders(other->id, {}, {m_ana}, false));
    // Everyone starts on shift.
    QCOMPARE(presenceOf(m_campaign, m_ana), QString("on-shift"));

    QVERIFY(m_service->setPresence(m_campaign, m_ana, Presence::Away));
    QVERIFY(m_service->setPresence(m_campaign, m_ben, Presence::Done));
    QCOMPARE(presenceOf(m_campaign, m_ana), QString("away"));
    QCOMPARE(presenceOf(m_campaign, m_ben), QString("done"));
    // Another campaign's presence is its own.
    QCOMPARE(presenceOf(other->id, m_ana), QString("on-shift"));
    // The sender list carries it too.
    const QVector<SenderCounts> list = campaigns.senderCounts(m_campaign);
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).presence, Presence::OnShift);   // Unassigned
    QCOMPARE(list.at(1).id, m_ana);
    QCOMPARE(list.at(1).presence, Presence::Away);
    QCOMPARE(list.at(2).presence, Presence::Done);

    QVERIFY(m_service->setPresence(m_campaign, m_ana, Presence::OnShift));
    QCOMPARE(presenceOf(m_campaign, m_ana), QString("on-shift"));

    auto stranger = m_service->setPresence(other->id, m_ben, Presence::Away);
    QVERIFY(!stranger);
    QCOMPARE(stranger.error(), QString("That sender is not on the campaign."));
    QCOMPARE(presenceOf(other->id, m_ben), QString("not a member"));
}

void TestCampaignService::oldestNeedsReplyAndLastTexted()
{
    const CampaignStore campaigns(m_fx->db());
    QVERIFY(!campaigns.oldestNeedsReply(m_campaign).isValid());
    // Minutes after the fixture's epoch (2026-11-20 09:00 UTC).
    const QDateTime epoch(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC);
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 30);
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 12);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 7);
    m_fx->conversation(m_campaign, m_ben, S::NotStarted, 1);
    // An opted-out reply never needs one.
    m_fx->conversation(m_campaign, m_ben, S::OptedOut, 2);
    QCOMPARE(campaigns.oldestNeedsReply(m_campaign), epoch.addSecs(7 * 60));

    // Ana's newest outbound text: minute 30 (her reply at 12 came after her text at 11).
    // Ben's: minute 6, the text before the reply at 7; the opt-out's first text was at 1.
    const auto other = m_service->createCampaign("Runoff");
    QVERIFY(other);
    QVERIFY(m_service->addSenders(other->id, {}, {m_ben}, false));
    m_fx->conversation(other->id, m_ben, S::Waiting, 900);
    const QVector<SenderCounts> list = campaigns.senderCounts(m_campaign);
    QVERIFY(!list.at(0).lastTexted.isValid());
    QCOMPARE(list.at(1).lastTexted, epoch.addSecs(30 * 60));
    QCOMPARE(list.at(2).lastTexted, epoch.addSecs(6 * 60));
    QCOMPARE(list.at(1).open(), 1);
    QCOMPARE(list.at(2).open(), 2);
}

void TestCampaignService::optOutAndOptInAgain()
{
    const qint64 replied = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    QVERIFY(m_service->setOptedOut(replied, true));
    QCOMPARE(m_fx->statusOf(replied), S::OptedOut);
    QVERIFY(ConversationStore(m_fx->db()).conversation(replied)->optedOut);
    // Opting in again gives back the status the messages say.
    QVERIFY(m_service->setOptedOut(replied, false));
    QCOMPARE(m_fx->statusOf(replied), S::NeedsReply);
    QVERIFY(!m_service->setOptedOut(123456, true));
}

void TestCampaignService::removeSenderUnassignsTheirConversationsInOneAction()
{
    const qint64 a1 = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 1);
    const qint64 a2 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    const qint64 b1 = m_fx->conversation(m_campaign, m_ben, S::Waiting, 3);
    ReassignmentController controller(m_fx->db(), "manager");
    const auto removed = controller.removeSender(m_campaign, m_ana);
    QVERIFY2(removed, qPrintable(removed.error()));
    QCOMPARE(removed->moved, 2);
    QCOMPARE(m_fx->ownerOf(a1), UnassignedId);
    QCOMPARE(m_fx->ownerOf(a2), UnassignedId);
    QCOMPARE(m_fx->ownerOf(b1), m_ben);
    QVERIFY(!CampaignStore(m_fx->db()).isMember(m_campaign, m_ana));
    QCOMPARE(m_fx->historySize(m_campaign), 1);
}

void TestCampaignService::removeSenderThatFailsHalfwayChangesNothing()
{
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, m_ana, S::Waiting, i);
    const auto before = m_fx->owners(m_campaign);
    // The conversations move before the history is written: fail the history.
    QVERIFY(m_fx->failHistoryWrites());
    ReassignmentController controller(m_fx->db(), "manager");
    const auto removed = controller.removeSender(m_campaign, m_ana);
    QVERIFY(!removed);
    QVERIFY2(removed.error().contains("disk full (injected)"), qPrintable(removed.error()));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QVERIFY(CampaignStore(m_fx->db()).isMember(m_campaign, m_ana));
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestCampaignService::actorRule()
{
    const QByteArray keep[] = {qgetenv("HANDOFF_ACTOR"), qgetenv("USER"), qgetenv("LOGNAME"), qgetenv("USERNAME")};
    qputenv("HANDOFF_ACTOR", "From Env");
    qputenv("USER", "pat");
    qputenv("LOGNAME", "pat2");
    qputenv("USERNAME", "");

    QCOMPARE(Actor::resolve(" Lin ", "role"), QString("Lin"));
    QCOMPARE(Actor::resolve({}, "role"), QString("From Env"));
    qputenv("HANDOFF_ACTOR", "");
    QCOMPARE(Actor::resolve("  ", "role"), QString("role"));
    QCOMPARE(Actor::resolve({}, {}), QString("pat"));
    qputenv("USER", "");
    QCOMPARE(Actor::resolve({}, {}), QString("pat2"));
    qputenv("LOGNAME", "");
    qputenv("USERNAME", "winuser");
    QCOMPARE(Actor::resolve({}, {}), QString("winuser"));
    qputenv("USERNAME", "");
    // With no variable set, the account the program runs as.
    QCOMPARE(Actor::resolve({}, {}), QString::fromLocal8Bit(getpwuid(getuid())->pw_name));

    const char* names[] = {"HANDOFF_ACTOR", "USER", "LOGNAME", "USERNAME"};
    for (int i = 0; i < 4; ++i)
        qputenv(names[i], keep[i]);
}

void TestCampaignService::textingNumbersBelongToOneSender()
{
    // Typed as people write them, kept in E.164.
    auto ana = m_service->setTextingNumber(m_ana, "(415) 555-0100");
    QVERIFY2(ana, qPrintable(ana.error()));
    QCOMPARE(ana->number, QString("+14155550100"));
    QCOMPARE(CampaignStore(m_fx->db()).sender(m_ana)->number, QString("+14155550100"));

    // The same number for another sender, however written, is refused and changes nothing.
    auto taken = m_service->setTextingNumber(m_ben, "+1 415 555 0100");
    QVERIFY(!taken);
    QCOMPARE(taken.error(), QString("+14155550100 is already the texting number of \"Ana Ruiz\"."));
    QCOMPARE(CampaignStore(m_fx->db()).sender(m_ben)->number, QString());
    auto added = m_service->addSender(m_campaign, "Cruz Lee", {}, false, "415-555-0100");
    QVERIFY(!added);
    QCOMPARE(added.error(), QString("+14155550100 is already the texting number of \"Ana Ruiz\"."));
    QVERIFY(!CampaignStore(m_fx->db()).senderByName("Cruz Lee"));
    auto many = m_service->addSenders(m_campaign, {Sender{0, "Dee Park", {}, "+14155550101"},
                                                    Sender{0, "Eli Moss", {}, "+1 (415) 555-0101"}}, {}, false);
    QVERIFY(!many);
    QCOMPARE(many.error(), QString("+14155550101 is already the texting number of \"Dee Park\"."));
    QVERIFY(!CampaignStore(m_fx->db()).senderByName("Dee Park"));

    // Not a number: said, nothing changes.
    auto bad = m_service->setTextingNumber(m_ben, "call me");
    QVERIFY(!bad);
    QVERIFY2(bad.error().startsWith("\"call me\" is not a texting number: "), qPrintable(bad.error()));

    // A new sender with a number; one already on the roster gets theirs when added again.
    auto cruz = m_service->addSender(m_campaign, "Cruz Lee", {}, false, "+44 20 7946 0958");
    QVERIFY2(cruz, qPrintable(cruz.error()));
    QCOMPARE(cruz->number, QString("+442079460958"));
    const qint64 other = m_fx->campaign("Other");
    auto ben = m_service->addSender(other, "Ben Okafor", {}, false, "4155550102");
    QVERIFY2(ben, qPrintable(ben.error()));
    QCOMPARE(CampaignStore(m_fx->db()).senderByNumber("+14155550102")->id, m_ben);

    // Moving a number: clear it, then give it to another.
    QVERIFY(m_service->setTextingNumber(m_ana, QString()));
    QCOMPARE(CampaignStore(m_fx->db()).sender(m_ana)->number, QString());
    QVERIFY(m_service->setTextingNumber(m_ben, "+14155550100"));
    QCOMPARE(CampaignStore(m_fx->db()).textingNumbers(),
             (QHash<QString, SenderId>{{"+14155550100", m_ben}, {"+442079460958", cruz->id}}));
    QCOMPARE(CampaignStore(m_fx->db()).campaignSenders(m_campaign).at(1).number, QString("+14155550100"));
    QVERIFY(!m_service->setTextingNumber(987654, "+14155550199"));
}

QTEST_GUILESS_MAIN(TestCampaignService)
#include "TestCampaignService.moc"
