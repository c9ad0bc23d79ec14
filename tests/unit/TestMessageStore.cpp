#include "core/Clock.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "storage/MessageStore.h"
#include "storage/PulseStore.h"
#include "StoreFixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

// The batched path against the one that records a message at a time: the same
// messages, in the same order, must leave the same conversations, statuses, counts and
// messages, however the batches are cut.
class TestMessageStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void batchesGiveWhatOneByOneGives_data();
    void batchesGiveWhatOneByOneGives();
    void aFailedBatchLeavesNothing();
    void aStoreErrorIsReportedAndLeavesNothing_data();
    void aStoreErrorIsReportedAndLeavesNothing();
    void aBatchOverManyHoursKeepsEachHoursSums();
    void cleanup();

private:
    // A campaign with the phones of phone(0..Phones-1) and phone(Quiet), all Ana's, where
    // the first has a message with the provider id "SM-old", the second one dated in the
    // far future (a month after the clock's now: far past the day a date may be ahead, and
    // near enough that the Pulse series compared hour by hour stay short), and the fourth a
    // failed text "SM-old", later than any of mixedMessages().
    qint64 campaignWithHistory(const QString& name);
    qint64 conversationOf(qint64 campaignId, const QString& phone);
    // Everything a message can change about a conversation, as stored.
    QString stateOf(qint64 conversationId) { return m_fx->stateOf(conversationId); }
    QStringList messagesOf(qint64 conversationId);
    static QString phone(int i) { return QStringLiteral("+1415555%1").arg(i, 4, 10, QLatin1Char('0')); }
    static QVector<NewMessage> mixedMessages(SenderId ana);

    static constexpr int Phones = 8;
    // A contact only a failed text goes to: it stays Not Started.
    static constexpr int Quiet = Phones + 1;
    std::unique_ptr<StoreFixture> m_fx;
    SenderId m_ana = 0;
};

void TestMessageStore::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY(m_fx->ok());
    Clock::setFixedNow(QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC));
}

void TestMessageStore::cleanup()
{
    Clock::setFixedNow({});
}

qint64 TestMessageStore::campaignWithHistory(const QString& name)
{
    const qint64 campaign = m_fx->campaign(name);
    const SenderId ana = m_fx->sender(campaign, QStringLiteral("Ana"));
    if (m_ana == 0)
        m_ana = ana;
    QVector<NewContact> contacts;
    for (int i = 0; i < Phones; ++i)
        contacts << NewContact{QStringLiteral("C%1").arg(i), QStringLiteral("Test"), phone(i), {}, {}, ana};
    contacts << NewContact{QStringLiteral("Quiet"), QStringLiteral("Test"), phone(Quiet), {}, {}, ana};
    ConversationStore store(m_fx->db());
    if (!store.addContacts(campaign, contacts))
        return 0;
    const QDateTime morning(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC);
    if (!store.recordMessage(campaign, phone(0), MessageDirection::Outbound, QStringLiteral("Hi!"), morning, ana,
                             QStringLiteral("SM-old")))
        return 0;
    if (!store.recordMessage(campaign, phone(1), MessageDirection::Outbound, QStringLiteral("Hi!"),
                             QDateTime(QDate(2027, 1, 1), QTime(23, 59), Qt::UTC), ana))
        return 0;
    if (!store.recordMessage(campaign, phone(3), MessageDirection::Outbound, QStringLiteral("Hi?"),
                             QDateTime(QDate(2026, 11, 20), QTime(11, 30), Qt::UTC), ana, QStringLiteral("SM-old"),
                             nullptr, true))
        return 0;
    return campaign;
}

qint64 TestMessageStore::conversationOf(qint64 campaignId, const QString& phoneNumber)
{
    QSqlQuery q = m_fx->db().prepare(QStringLiteral(
        "SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE ct.campaign_id = ? AND ct.phone = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(phoneNumber);
    return m_fx->db().exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

QStringList TestMessageStore::messagesOf(qint64 conversationId)
{
    QSqlQuery q = m_fx->db().prepare(QStringLiteral(
        "SELECT direction, body, at, sender_id IS NULL, COALESCE(provider_id, '-'), failed FROM messages"
        " WHERE conversation_id = ? ORDER BY id"));
    q.addBindValue(conversationId);
    QStringList rows;
    if (m_fx->db().exec(q))
        while (q.next())
            rows << QStringLiteral("%1|%2|%3|%4|%5|%6")
                        .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toInt() != 0 ? QStringLiteral("none") : QStringLiteral("Ana"),
                             q.value(4).toString(),
                             q.value(5).toInt() != 0 ? QStringLiteral("failed") : QStringLiteral("sent"));
    return rows;
}

QVector<NewMessage> TestMessageStore::mixedMessages(SenderId ana)
{
    // Texts, replies, STOPs and repeats in no tidy order: times collide and run
    // backwards, provider ids repeat within the batch and name a message already stored
    // (a failed one too), one phone is not in the campaign, and some texts failed.
    const QStringList replies{QStringLiteral("Yes"), QStringLiteral("Who is this?"), QStringLiteral("STOP"),
                              QStringLiteral("stop"), QStringLiteral("Maybe later")};
    const QDateTime base(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
    QVector<NewMessage> messages;
    quint32 r = 12345;
    auto next = [&r]() {
        r = r * 1103515245u + 12345u;
        return (r >> 16) & 0x7fff;
    };
    for (int i = 0; i < 160; ++i) {
        NewMessage m;
        const int who = int(next() % (Phones + 1));
        m.phone = phone(who); // phone(Phones) is no contact of the campaign
        const bool inbound = next() % 3 == 0;
        m.direction = inbound ? MessageDirection::Inbound : MessageDirection::Outbound;
        m.body = inbound ? replies[int(next() % replies.size())] : QStringLiteral("Text %1").arg(i);
        m.at = base.addSecs(60 * qint64(next() % 40));
        m.sender = inbound ? UnassignedId : ana;
        m.failed = !inbound && i % 5 == 1;
        const int id = int(next() % 8);
        m.providerId = id == 0 ? QString() : id == 1 ? QStringLiteral("SM-old") : QStringLiteral("SM-%1").arg(next() % 90);
        messages << m;
    }
    // Failed texts later than anything else: the first a contact would get, and one that
    // would otherwise be the newest message of its conversation.
    NewMessage first;
    first.phone = phone(Quiet);
    first.body = QStringLiteral("Hi, it's Ana");
    first.at = base.addSecs(45 * 60);
    first.sender = ana;
    first.providerId = QStringLiteral("SM-quiet");
    first.failed = true;
    NewMessage last = first;
    last.phone = phone(5);
    last.body = QStringLiteral("Still there?");
    last.at = base.addSecs(50 * 60);
    last.providerId.clear();
    messages << first << last;
    return messages;
}

void TestMessageStore::batchesGiveWhatOneByOneGives_data()
{
    QTest::addColumn<int>("batchSize");
    QTest::newRow("one at a time") << 1;
    QTest::newRow("seven at a time") << 7;
    QTest::newRow("all at once") << 0;
}

void TestMessageStore::batchesGiveWhatOneByOneGives()
{
    QFETCH(int, batchSize);
    const qint64 replayed = campaignWithHistory(QStringLiteral("One by one"));
    const qint64 batched = campaignWithHistory(QStringLiteral("Batched"));
    QVERIFY(replayed != 0 && batched != 0);
    const QVector<NewMessage> messages = mixedMessages(m_ana);
    const QString quietBefore = stateOf(conversationOf(batched, phone(Quiet)));

    ConversationStore one(m_fx->db());
    QVector<MessageFate> expectedFates;
    for (const NewMessage& m : messages) {
        bool alreadyThere = false;
        const auto recorded = one.recordMessage(replayed, m.phone, m.direction, m.body, m.at, m.sender, m.providerId,
                                                &alreadyThere, m.failed);
        QVERIFY2(recorded, qPrintable(recorded.error()));
        expectedFates << (alreadyThere ? MessageFate::AlreadyThere
                                       : *recorded ? MessageFate::Recorded : MessageFate::NoConversation);
    }

    MessageStore store(m_fx->db());
    QVector<MessageFate> fates;
    const int size = batchSize == 0 ? int(messages.size()) : batchSize;
    {
        Transaction tx(m_fx->db());
        QVERIFY(tx.active());
        for (int start = 0; start < messages.size(); start += size) {
            const auto batch = store.recordMessages(batched, messages.mid(start, size));
            QVERIFY2(batch, qPrintable(batch.error()));
            fates += *batch;
        }
        QVERIFY(tx.commit());
    }
    QCOMPARE(fates, expectedFates);
    // Not a file that changes nothing: each fate occurs, failed texts went in (and one
    // was found again by its provider id), and the statuses differ.
    QVERIFY(fates.contains(MessageFate::AlreadyThere));
    QVERIFY(fates.contains(MessageFate::NoConversation));
    int failedRecorded = 0;
    bool failedFoundAgain = false;
    for (int i = 0; i < messages.size(); ++i) {
        if (!messages[i].failed)
            continue;
        if (fates[i] == MessageFate::Recorded)
            ++failedRecorded;
        if (fates[i] == MessageFate::AlreadyThere && messages[i].phone == phone(3)
            && messages[i].providerId == QLatin1String("SM-old"))
            failedFoundAgain = true;
    }
    QVERIFY2(failedRecorded >= 5, qPrintable(QString::number(failedRecorded)));
    QVERIFY(failedFoundAgain);
    QSet<QString> statuses;
    for (int i = 0; i < Phones; ++i) {
        const QString p = phone(i);
        const qint64 a = conversationOf(replayed, p);
        const qint64 b = conversationOf(batched, p);
        QCOMPARE(stateOf(b), stateOf(a));
        QCOMPARE(messagesOf(b), messagesOf(a));
        statuses.insert(stateOf(a).section(QLatin1Char('|'), 0, 0));
    }
    QVERIFY2(statuses.size() >= 2, qPrintable(QStringList(statuses.values()).join(QLatin1Char(','))));
    // The contact only a failed text went to is as it was (its last activity is when it
    // was added, which differs between the two campaigns), its thread has the text.
    const qint64 quiet = conversationOf(batched, phone(Quiet));
    QCOMPARE(stateOf(quiet), quietBefore);
    QCOMPARE(m_fx->statusOf(quiet), S::NotStarted);
    QCOMPARE(messagesOf(quiet), messagesOf(conversationOf(replayed, phone(Quiet))));
    QCOMPARE(messagesOf(quiet).size(), 1);
    QVERIFY(stateOf(conversationOf(batched, phone(5))).section(QLatin1Char('|'), 4, 4) != QLatin1String("Still there?"));
    // The Pulse sums the batch kept are what a recount from its messages gives, and what
    // recording one by one kept.
    const PulseStore pulse(m_fx->db());
    const QDateTime now = Clock::nowUtc();
    const auto keptBatched = pulse.series(batched, now, QDateTime(), PulseGranularity::Hour);
    const auto counted = pulse.recount(batched, now, QDateTime(), PulseGranularity::Hour);
    const auto keptReplayed = pulse.series(replayed, now, QDateTime(), PulseGranularity::Hour);
    QVERIFY(keptBatched && counted && keptReplayed);
    QVERIFY(!counted->progress.isEmpty());
    QVERIFY(keptBatched->progress == counted->progress);
    QVERIFY(keptBatched->progress == keptReplayed->progress);
    for (const ReplyWaitSeries* other : {&counted->replyWait, &keptReplayed->replyWait}) {
        QCOMPARE(keptBatched->replyWait.answered, other->answered);
        QCOMPARE(keptBatched->replyWait.waitingNow, other->waitingNow);
        QCOMPARE(keptBatched->replyWait.medianSeconds, other->medianSeconds);
        QCOMPARE(keptBatched->replyWait.p95Seconds, other->p95Seconds);
    }
    QVERIFY(counted->replyWait.answered > 0);

    ConversationStore conversations(m_fx->db());
    for (S status : {S::NotStarted, S::Waiting, S::NeedsReply, S::OptedOut}) {
        ConversationQuery a;
        a.campaignId = replayed;
        a.status = status;
        a.sender = m_ana;
        ConversationQuery b = a;
        b.campaignId = batched;
        QVERIFY(ConversationStore::countsAtOnce(b));
        QCOMPARE(conversations.count(b), conversations.count(a));
    }
}

void TestMessageStore::aFailedBatchLeavesNothing()
{
    const qint64 campaign = campaignWithHistory(QStringLiteral("Rolled back"));
    QVERIFY(campaign != 0);
    const qint64 first = conversationOf(campaign, phone(2));
    const QString before = stateOf(first);
    MessageStore store(m_fx->db());
    {
        Transaction tx(m_fx->db());
        QVERIFY(tx.active());
        const auto batch = store.recordMessages(campaign, mixedMessages(m_ana));
        QVERIFY2(batch, qPrintable(batch.error()));
        QVERIFY(!messagesOf(first).isEmpty());
        // The transaction ends without a commit: a later batch failed, or a Cancel.
    }
    QCOMPARE(stateOf(first), before);
    QVERIFY(messagesOf(first).isEmpty());
    QCOMPARE(messagesOf(conversationOf(campaign, phone(0))).size(), 1);
}

void TestMessageStore::aStoreErrorIsReportedAndLeavesNothing_data()
{
    // Each statement of SQLite's batched path in turn refuses, by a trigger that raises:
    // inserting a message, writing a conversation, keeping a reply wait.
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<QString>("failure");
    const QString recording = QStringLiteral("Cannot record the messages from %1 on: the disk said no")
                                  .arg(mixedMessages(0).constFirst().phone);
    QTest::newRow("messages") << QStringLiteral("BEFORE INSERT ON messages WHEN NEW.body = 'Who is this?'") << recording;
    QTest::newRow("conversations") << QStringLiteral("BEFORE UPDATE ON conversations") << recording;
    QTest::newRow("reply waits") << QStringLiteral("BEFORE INSERT ON pulse_waits")
                                 << QStringLiteral("The Pulse sums could not be kept: the disk said no");
}

void TestMessageStore::aStoreErrorIsReportedAndLeavesNothing()
{
    if (m_fx->db().dialect() != Database::Dialect::Sqlite)
        QSKIP("SQLite's own statements: PostgreSQL's path goes through COPY and Qt's driver");
    QFETCH(QString, trigger);
    QFETCH(QString, failure);
    const qint64 campaign = campaignWithHistory(QStringLiteral("Refused"));
    QVERIFY(campaign != 0);
    QStringList before;
    for (int i = 0; i <= Quiet; ++i) {
        const qint64 conversation = conversationOf(campaign, phone(i));
        before << stateOf(conversation) + QLatin1Char('#') + messagesOf(conversation).join(QLatin1Char(';'));
    }
    QVERIFY(m_fx->db().exec(QStringLiteral("CREATE TEMP TRIGGER refuse ") + trigger
                            + QStringLiteral(" BEGIN SELECT RAISE(ABORT, 'the disk said no'); END")));
    MessageStore store(m_fx->db());
    {
        Transaction tx(m_fx->db());
        QVERIFY(tx.active());
        const auto batch = store.recordMessages(campaign, mixedMessages(m_ana));
        QVERIFY(!batch);
        QCOMPARE(batch.error(), failure);
    }
    QVERIFY(m_fx->db().exec(QStringLiteral("DROP TRIGGER temp.refuse")));
    QStringList after;
    for (int i = 0; i <= Quiet; ++i) {
        const qint64 conversation = conversationOf(campaign, phone(i));
        after << stateOf(conversation) + QLatin1Char('#') + messagesOf(conversation).join(QLatin1Char(';'));
    }
    QCOMPARE(after, before);
}

void TestMessageStore::aBatchOverManyHoursKeepsEachHoursSums()
{
    // Texts and replies every twenty minutes for thirteen hours, in one batch: the kept
    // sums of every hour, not only of one, are what a recount gives.
    const qint64 campaign = m_fx->campaign(QStringLiteral("All day"));
    const SenderId ana = m_fx->sender(campaign, QStringLiteral("Ana"));
    QVector<NewContact> contacts;
    for (int i = 0; i < Phones; ++i)
        contacts << NewContact{QStringLiteral("C%1").arg(i), QStringLiteral("Test"), phone(i), {}, {}, ana};
    QVERIFY(ConversationStore(m_fx->db()).addContacts(campaign, contacts));
    const QDateTime base(QDate(2026, 11, 21), QTime(8, 0), Qt::UTC);
    QVector<NewMessage> messages;
    for (int i = 0; i < 40; ++i) {
        NewMessage m;
        m.phone = phone(i % Phones);
        const bool inbound = i % 3 == 2;
        m.direction = inbound ? MessageDirection::Inbound : MessageDirection::Outbound;
        m.body = inbound ? QStringLiteral("Yes") : QStringLiteral("Text %1").arg(i);
        m.at = base.addSecs(20 * 60 * qint64(i));
        m.sender = inbound ? UnassignedId : ana;
        messages << m;
    }
    {
        Transaction tx(m_fx->db());
        QVERIFY(tx.active());
        const auto fates = MessageStore(m_fx->db()).recordMessages(campaign, messages);
        QVERIFY2(fates, qPrintable(fates.error()));
        QCOMPARE(fates->count(MessageFate::Recorded), 40);
        QVERIFY(tx.commit());
    }
    const PulseStore pulse(m_fx->db());
    const QDateTime now = Clock::nowUtc();
    const auto kept = pulse.series(campaign, now, QDateTime(), PulseGranularity::Hour);
    const auto counted = pulse.recount(campaign, now, QDateTime(), PulseGranularity::Hour);
    QVERIFY(kept && counted);
    int hoursWithReplies = 0;
    int hoursWithFirstTexts = 0;
    for (const ProgressPoint& p : std::as_const(counted->progress)) {
        hoursWithReplies += p.repliesReceived > 0 ? 1 : 0;
        hoursWithFirstTexts += p.firstTexts > 0 ? 1 : 0;
    }
    QVERIFY2(hoursWithReplies >= 10, qPrintable(QString::number(hoursWithReplies)));
    QVERIFY2(hoursWithFirstTexts >= 2, qPrintable(QString::number(hoursWithFirstTexts)));
    QVERIFY(kept->progress == counted->progress);
    QCOMPARE(kept->replyWait.answered, counted->replyWait.answered);
    QCOMPARE(kept->replyWait.waitingNow, counted->replyWait.waitingNow);
    QCOMPARE(kept->replyWait.medianSeconds, counted->replyWait.medianSeconds);
    QVERIFY(counted->replyWait.answered > 0);
}

QTEST_GUILESS_MAIN(TestMessageStore)
#include "TestMessageStore.moc"
