#include "storage/CampaignStore.h"
#include "controller/ContactImporter.h"
#include "storage/ConversationStore.h"
#include "controller/MessageEventImporter.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

// The sender list's counts are kept by the store (schema 3) instead of counted on
// every read: after every kind of change they must equal a count of the conversations.
class TestConversationCounts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startFromTheConversations();
    void followReassignAndUndo();
    void followMessageEventsAndOptOut();
    void followImports();
    void followRemovingASender();
    void followDeletes();
    void answerTheDialogCountsAndTableCounts();
    void upgradeCountsExistingConversations();
    void manyChangesFoldIntoFewRows();

private:
    // Fails the test when the kept counts differ from a recount, for every campaign.
    void verifyCounts(const char* after);

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<ReassignmentController> m_controller;
    qint64 m_campaign = 0;
    qint64 m_other = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0;
};

void TestConversationCounts::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_other = m_fx->campaign("Other");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_fx->sender(m_other, "Ana Ruiz");
    int activity = 0;
    for (S status : {S::NotStarted, S::NeedsReply, S::Waiting, S::OptedOut}) {
        for (int i = 0; i < 3; ++i) {
            m_fx->conversation(m_campaign, m_ana, status, ++activity);
            m_fx->conversation(m_campaign, m_ben, status, ++activity);
            m_fx->conversation(m_campaign, UnassignedId, status, ++activity);
        }
        m_fx->conversation(m_other, m_ana, status, ++activity);
    }
    m_controller = std::make_unique<ReassignmentController>(m_fx->db(), "manager");
}

void TestConversationCounts::cleanup()
{
    m_controller.reset();
    m_fx.reset();
}

void TestConversationCounts::verifyCounts(const char* after)
{
    for (qint64 campaign : {m_campaign, m_other}) {
        QMap<QPair<SenderId, int>, int> recount;
        QSqlQuery q(m_fx->db().connection());
        q.prepare("SELECT COALESCE(sender_id, 0), status, COUNT(*) FROM conversations WHERE campaign_id = ?"
                  " GROUP BY COALESCE(sender_id, 0), status");
        q.addBindValue(campaign);
        QVERIFY(q.exec());
        while (q.next())
            recount[{q.value(0).toLongLong(), q.value(1).toInt()}] = q.value(2).toInt();

        QMap<QPair<SenderId, int>, int> kept;
        q.prepare("SELECT sender_id, status, SUM(n) FROM conversation_counts WHERE campaign_id = ?"
                  " GROUP BY sender_id, status HAVING SUM(n) <> 0");
        q.addBindValue(campaign);
        QVERIFY(q.exec());
        while (q.next())
            kept[{q.value(0).toLongLong(), q.value(1).toInt()}] = q.value(2).toInt();
        QVERIFY2(kept == recount, qPrintable(QString("counts differ from a recount after %1").arg(after)));

        // What the sender list and the overview show.
        StatusCounts total;
        for (auto it = recount.cbegin(); it != recount.cend(); ++it)
            total.add(S(it.key().second), it.value());
        QCOMPARE(CampaignStore(m_fx->db()).campaignCounts(campaign), total);
        for (const SenderCounts& row : CampaignStore(m_fx->db()).senderCounts(campaign)) {
            StatusCounts expected;
            for (S s : {S::NotStarted, S::NeedsReply, S::Waiting, S::OptedOut})
                expected.add(s, recount.value({row.id, int(s)}));
            QVERIFY2(row.counts == expected, qPrintable(QString("%1's counts after %2").arg(row.name, after)));
        }
    }
}

void TestConversationCounts::startFromTheConversations()
{
    verifyCounts("creating conversations");
    const auto rows = CampaignStore(m_fx->db()).senderCounts(m_campaign);
    QCOMPARE(rows[0].counts.total(), 12);
    QCOMPARE(rows[1].name, QString("Ana Ruiz"));
    QCOMPARE(rows[1].counts.needsReply, 3);
    QCOMPARE(rows[3].counts.total(), 0);
}

void TestConversationCounts::followReassignAndUndo()
{
    ReassignRequest bulk;
    bulk.campaignId = m_campaign;
    bulk.scope = ReassignScope::Bulk;
    bulk.action = ReassignAction::ReassignAll;
    bulk.status = StatusFilter::NeedsReply;
    bulk.targets = {m_cruz};
    QVERIFY(m_controller->run(bulk));
    verifyCounts("a bulk reassign");
    QCOMPARE(CampaignStore(m_fx->db()).senderCounts(m_campaign)[3].counts.needsReply, 9);

    ReassignRequest some;
    some.campaignId = m_campaign;
    some.scope = ReassignScope::Sender;
    some.action = ReassignAction::ReassignSome;
    some.status = StatusFilter::NotStarted;
    some.source = UnassignedId;
    some.count = 2;
    some.targets = {m_ana, m_ben};
    QVERIFY(m_controller->run(some));
    verifyCounts("reassign some");

    ReassignRequest unassign;
    unassign.campaignId = m_campaign;
    unassign.scope = ReassignScope::Sender;
    unassign.action = ReassignAction::UnassignAll;
    unassign.status = StatusFilter::Any;
    unassign.source = m_ben;
    QVERIFY(m_controller->run(unassign));
    verifyCounts("unassign all");

    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.conversationId = m_fx->conversation(m_campaign, m_ana, S::Waiting, 100);
    single.targets = {UnassignedId};
    QVERIFY(m_controller->run(single));
    verifyCounts("moving one conversation");

    for (int i = 0; i < 4; ++i) {
        QVERIFY(m_controller->undoLast(m_campaign));
        verifyCounts("an undo");
    }
}

void TestConversationCounts::followMessageEventsAndOptOut()
{
    const qint64 fresh = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 200);
    ConversationStore store(m_fx->db());
    const auto conversation = store.conversation(fresh);
    QVERIFY(conversation);
    const QDateTime at(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC);
    QVERIFY(store.recordMessage(m_campaign, conversation->phone, MessageDirection::Outbound, "Hi", at, m_ana));
    verifyCounts("a first text");
    QVERIFY(store.recordMessage(m_campaign, conversation->phone, MessageDirection::Inbound, "Sure", at.addSecs(60), 0));
    verifyCounts("a reply");
    QVERIFY(store.setOptedOut(fresh, true));
    verifyCounts("an opt-out");
    QVERIFY(store.setOptedOut(fresh, false));
    verifyCounts("an opt-in");
    QVERIFY(store.recordMessage(m_campaign, conversation->phone, MessageDirection::Inbound, "STOP", at.addSecs(120), 0));
    verifyCounts("a STOP");

    QBuffer events;
    events.setData(QByteArray(R"({"phone":")") + conversation->phone.toUtf8()
                   + R"(","direction":"out","body":"Sorry to bother you","at":"2026-11-21T10:00:00Z","sender":"Ana Ruiz"})"
                   + "\n");
    QVERIFY(events.open(QIODevice::ReadOnly));
    QVERIFY(MessageEventImporter(m_fx->db()).import(events, m_campaign));
    verifyCounts("an event file");
}

void TestConversationCounts::followImports()
{
    QBuffer csv;
    csv.setData("First Name,Phone\nIda,+14155550101\nJo,+14155550102\nKim,+14155550103\nLee,not a phone\n");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.dealTo = {m_ana, m_cruz};
    const auto report = ContactImporter(m_fx->db()).import(csv, options);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 3);
    verifyCounts("an import dealt to senders");

    QBuffer again;
    again.setData("Phone\n+14155550104\n");
    QVERIFY(again.open(QIODevice::ReadOnly));
    options.dealTo.clear();
    QVERIFY(ContactImporter(m_fx->db()).import(again, options));
    verifyCounts("an import to Unassigned");
}

void TestConversationCounts::followRemovingASender()
{
    QVERIFY(m_controller->removeSender(m_campaign, m_ben));
    verifyCounts("removing a sender");
    QVERIFY(m_controller->undoLast(m_campaign));
    verifyCounts("undoing the removal");
}

void TestConversationCounts::followDeletes()
{
    // Handoff never deletes a conversation, but a store is shared: whoever does, the
    // counts follow.
    QVERIFY(m_fx->db().exec("DELETE FROM messages"));
    QVERIFY(m_fx->db().exec(QString("DELETE FROM conversations WHERE campaign_id = %1 AND status = 2").arg(m_campaign)));
    verifyCounts("deleting conversations");
    QVERIFY(m_fx->db().exec(QString("UPDATE conversations SET status = 1 WHERE campaign_id = %1").arg(m_other)));
    verifyCounts("an update by other SQL");
}

void TestConversationCounts::answerTheDialogCountsAndTableCounts()
{
    ReassignRequest bulk;
    bulk.campaignId = m_campaign;
    bulk.scope = ReassignScope::Bulk;
    bulk.action = ReassignAction::ReassignAll;
    bulk.targets = {m_ana, UnassignedId};
    const StatusCounts available = m_controller->available(bulk);
    // Ben's twelve only: Ana and the pool hold the rest.
    QCOMPARE(available.notStarted, 3);
    QCOMPARE(available.needsReply, 3);
    QCOMPARE(available.total(), 12);

    ConversationQuery q;
    q.campaignId = m_campaign;
    const ConversationStore store(m_fx->db());
    QCOMPARE(store.count(q), 36);
    q.sender = UnassignedId;
    QCOMPARE(store.count(q), 12);
    q.status = S::OptedOut;
    QCOMPARE(store.count(q), 3);
    q.sender = m_cruz;
    QCOMPARE(store.count(q), 0);
}

void TestConversationCounts::upgradeCountsExistingConversations()
{
    if (StoreFixture::onPostgres())
        QSKIP("The upgrade path is the same SQL on both; this one builds an old SQLite file.");
    QTemporaryDir dir;
    const QString url = "sqlite://" + dir.filePath("old.db");
    qint64 campaign = 0;
    {
        auto old = Database::openUnmigrated(url);
        QVERIFY(old);
        QVERIFY((*old)->migrate(2));
        auto created = CampaignStore(**old).createCampaign("Before counts");
        QVERIFY(created);
        campaign = created->id;
        QVERIFY(ConversationStore(**old).addContacts(campaign, {NewContact{"A", "", "+14155550111", "", {}, 0},
                                                                NewContact{"B", "", "+14155550112", "", {}, 0}}));
    }
    auto db = Database::open(url);
    QVERIFY2(db, qPrintable(db.error()));
    QCOMPARE(CampaignStore(**db).campaignCounts(campaign).notStarted, 2);
    QCOMPARE(CampaignStore(**db).senderCounts(campaign)[0].counts.total(), 2);
}

void TestConversationCounts::manyChangesFoldIntoFewRows()
{
    // Every statement that changes counts adds a row on PostgreSQL; reading folds them.
    ConversationStore store(m_fx->db());
    QVector<qint64> ids;
    QSqlQuery q(m_fx->db().connection());
    QVERIFY(q.exec(QString("SELECT id FROM conversations WHERE campaign_id = %1").arg(m_campaign)));
    while (q.next())
        ids << q.value(0).toLongLong();
    for (int round = 0; round < 40; ++round)
        for (qint64 id : ids)
            QVERIFY(store.setOptedOut(id, round % 2 == 0));
    verifyCounts("many opt-outs");
    QVERIFY(q.exec(QString("SELECT COUNT(*) FROM conversation_counts WHERE campaign_id = %1").arg(m_campaign)));
    QVERIFY(q.next());
    QVERIFY2(q.value(0).toInt() <= 12 + 1000, qPrintable(QString::number(q.value(0).toInt())));
    verifyCounts("folding");
}

QTEST_GUILESS_MAIN(TestConversationCounts)
#include "TestConversationCounts.moc"
