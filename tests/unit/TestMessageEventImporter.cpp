#include "core/Clock.h"
#include "core/MessageLogReader.h"
#include "storage/ConversationStore.h"
#include "controller/CampaignService.h"
#include "controller/MessageEventImporter.h"
#include "storage/CampaignStore.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QFile>
#include <QSqlQuery>
#include <QTimeZone>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

class TestMessageEventImporter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void eventsDriveStatuses();
    void laterEventDecidesWhoSpokeLast();
    void unknownPhonesAreReportedWithTheirLine();
    void unknownSendersAreReported();
    void futureDatesAreRefused();
    void aFutureMessageAlreadyStoredDoesNotHideReplies();
    void twilioLogDrivesStatuses();
    void twilioLogInAnotherColumnOrder();
    void twilioBulkExport();
    void spokeExport();
    void spokeRewiredTexterIsTheSender();
    void mappedCsvWithAZone();
    void gzipFileImportsLikeThePlainOne();
    void refusedFileChangesNothing();
    void cancelRecordsNothing();
    void importingAgainAddsNothing();
    void batchedImportMatchesAMessageByMessageReplay();
    void cancelMidFileRecordsNothing();
    void fileBreakingOffMidImportRecordsNothing();
    void textingNumbersTellTheSender();
    void explicitSenderComesBeforeTheNumber();
    void rewiredTexterFoundByEmail();
    void failedMessagesKeepTheEarlierStatus();
    void cleanup();

private:
    Outcome<MessageEventReport> load(const QByteArray& jsonl);
    Outcome<MessageEventReport> loadFile(const char* name, const MessageLogOptions& options = {});
    // A Twilio log of rows messages to and from the three contacts (and a phone not in the
    // campaign): several batches, with failed texts, repeated Sids, dates out of order,
    // and last of all a reply from 1, a STOP from 2 and a text to 3.
    static QByteArray longTwilioLog(int rows);
    QString stateOf(qint64 conversationId) { return m_fx->stateOf(conversationId); }
    QStringList messagesOf(qint64 conversationId);

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0;
    qint64 m_a = 0, m_b = 0, m_c = 0;
};

void TestMessageEventImporter::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY(m_fx->ok());
    m_campaign = m_fx->campaign("Events");
    m_ana = m_fx->sender(m_campaign, "Ana");
    m_a = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 1);  // +14152300001
    m_b = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 2);  // +14152300002
    m_c = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 3);  // +14152300003
    Clock::setFixedNow(QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC));
}

void TestMessageEventImporter::cleanup()
{
    Clock::setFixedNow({});
}

Outcome<MessageEventReport> TestMessageEventImporter::load(const QByteArray& jsonl)
{
    QBuffer buffer;
    buffer.setData(jsonl);
    buffer.open(QIODevice::ReadOnly);
    return MessageEventImporter(m_fx->db()).import(buffer, m_campaign);
}

void TestMessageEventImporter::eventsDriveStatuses()
{
    auto report = load(R"({"phone":"+14152300001","direction":"out","body":"Hi, it's Ana","at":"2026-11-20T10:00:00Z","sender":"Ana"}
{"phone":"+14152300002","direction":"out","body":"Hi!","at":"2026-11-20T10:01:00Z","sender":"Ana"}
{"phone":"+14152300002","direction":"in","body":"Who is this?","at":"2026-11-20T10:05:00Z"}
{"phone":"+14152300003","direction":"out","body":"Hi!","at":"2026-11-20T10:02:00Z","sender":"Ana"}
{"phone":"+14152300003","direction":"in","body":"Stop","at":"2026-11-20T10:06:00-05:00"}
)");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->recorded, 5);
    QCOMPARE(report->optedOut, 1);
    QVERIFY(report->rejected.isEmpty());
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_b), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_c), S::OptedOut);

    const auto b = ConversationStore(m_fx->db()).conversation(m_b);
    QCOMPARE(b->lastMessage, QString("Who is this?"));
    QCOMPARE(b->lastActivity, QDateTime(QDate(2026, 11, 20), QTime(10, 5), Qt::UTC));
    const auto thread = ConversationStore(m_fx->db()).messages(m_b);
    QCOMPARE(thread.size(), 2);
    QCOMPARE(thread[0].direction, MessageDirection::Outbound);
    QCOMPARE(thread[0].senderName, QString("Ana"));
    QCOMPARE(thread[1].direction, MessageDirection::Inbound);
}

void TestMessageEventImporter::laterEventDecidesWhoSpokeLast()
{
    // The reply arrives in the file before the text it answers, but is newer.
    auto report = load(R"({"phone":"+14152300001","direction":"in","body":"Yes, count me in","at":"2026-11-20T11:00:00Z"}
{"phone":"+14152300001","direction":"out","body":"Can you volunteer Saturday?","at":"2026-11-20T10:00:00Z","sender":"Ana"}
)");
    QVERIFY(report);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(ConversationStore(m_fx->db()).conversation(m_a)->lastMessage, QString("Yes, count me in"));
}

void TestMessageEventImporter::unknownPhonesAreReportedWithTheirLine()
{
    auto report = load(R"({"phone":"+14152300001","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z"}

{"phone":"+14152309999","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z"}
{"phone":"+14152300002","direction":"sideways","body":"Hi","at":"2026-11-20T10:00:00Z"}
)");
    QVERIFY(report);
    QCOMPARE(report->recorded, 1);
    QCOMPARE(report->rejected.size(), 2);
    QCOMPARE(report->rejected[0].line, 3);
    QCOMPARE(report->rejected[0].reason, QString("no conversation with +14152309999 in campaign \"Events\""));
    QCOMPARE(report->rejected[1].line, 4);
    QCOMPARE(report->rejected[1].reason, QString("\"direction\" must be \"in\" or \"out\", not \"sideways\""));
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
}

void TestMessageEventImporter::unknownSendersAreReported()
{
    QByteArray jsonl;
    for (int i = 0; i < 7; ++i)
        jsonl += R"({"phone":"+14152300001","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z","sender":"Zed"})"
                 "\n";
    jsonl += R"({"phone":"+14152300002","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z","sender":"Ana"}
{"phone":"+14152300003","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z","sender":"Yan Li"}
)";
    auto report = load(jsonl);
    QVERIFY2(report, qPrintable(report.error()));
    // Sent is sent: the messages count for the status, without a sender.
    QCOMPARE(report->recorded, 9);
    QVERIFY(report->rejected.isEmpty());
    QCOMPARE(report->unknownSenders.size(), 2);
    QCOMPARE(report->unknownSenders[0].name, QString("Zed"));
    QCOMPARE(report->unknownSenders[0].messages, 7);
    QCOMPARE(report->unknownSenders[0].firstLines, QVector<int>({ 1, 2, 3, 4, 5 }));
    QCOMPARE(report->unknownSenders[1].name, QString("Yan Li"));
    QCOMPARE(report->notes,
        QStringList({ "7 messages name \"Zed\", who is not on the roster; they were recorded without a sender "
                      "(lines 1, 2, 3, 4, 5, …).",
            "1 message names \"Yan Li\", who is not on the roster; it was recorded without a sender (line 9)." }));
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_c).at(0).senderName, QString());
}

void TestMessageEventImporter::futureDatesAreRefused()
{
    auto report = load(R"({"phone":"+14152300001","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z","sender":"Ana"}
{"phone":"+14152300001","direction":"out","body":"Hi","at":"9999-12-31T23:59:59-12:00","sender":"Ana"}
{"phone":"+14152300001","direction":"in","body":"Hello?","at":"2026-11-21T10:00:00Z"}
)");
    QVERIFY(report);
    QCOMPARE(report->recorded, 2);
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 2);
    QCOMPARE(report->rejected[0].reason, QString(R"("at" is more than a day in the future: "9999-12-31T23:59:59-12:00")"));
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
}

void TestMessageEventImporter::aFutureMessageAlreadyStoredDoesNotHideReplies()
{
    // Stored before such dates were refused: it must not stay "the newest" for ever.
    ConversationStore store(m_fx->db());
    QVERIFY(*store.recordMessage(m_campaign, "+14152300001", MessageDirection::Outbound, "Hi",
        QDateTime(QDate(9999, 12, 31), QTime(23, 59), Qt::UTC), m_ana));
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);
    auto report = load(R"({"phone":"+14152300001","direction":"in","body":"Yes!","at":"2026-11-21T10:00:00Z"}
)");
    QVERIFY(report);
    QCOMPARE(report->recorded, 1);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    const auto a = store.conversation(m_a);
    QCOMPARE(a->lastMessage, QString("Yes!"));
    QCOMPARE(a->lastActivity, QDateTime(QDate(2026, 11, 21), QTime(10, 0), Qt::UTC));
}

Outcome<MessageEventReport> TestMessageEventImporter::loadFile(const char* name, const MessageLogOptions& options)
{
    return MessageEventImporter(m_fx->db())
        .importFile(QStringLiteral(HANDOFF_TEST_DATA "/events/") + QLatin1String(name), m_campaign, options);
}

void TestMessageEventImporter::twilioLogDrivesStatuses()
{
    auto report = loadFile("twilio-console.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->format, MessageLogFormat::TwilioCsv);
    QVERIFY(report->formatDetected);
    QCOMPARE(MessageEventImporter::formatSentence(*report),
        QString("Read as Twilio message log (CSV) (recognised from the file)."));
    // Outbound to 1, 1's reply, outbound to 3; the failed text to 2, the unknown phone
    // and the repeated reply are not.
    QCOMPARE(report->recorded, 3);
    QCOMPARE(report->failed, 1);
    QCOMPARE(report->duplicates, 1);
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 7);
    QCOMPARE(report->rejected[0].reason, QString("no conversation with +14152309999 in campaign \"Events\""));
    QCOMPARE(report->notes,
        QStringList({ "1 outbound message had failed or was undelivered; it was recorded as failed and not "
                      "counted as sent.",
            "1 message appeared twice in the file (same id); it was recorded once.",
            "1 message is for a phone that is not in the campaign; it was left out (line 7).",
            "3 outbound messages were sent from +14155550100, which is no sender's texting number; they were "
            "recorded without a sender (lines 2, 5, 6)." }));
    QCOMPARE(report->withoutSender, 0);
    QCOMPARE(report->unknownNumbers.size(), 1);
    QCOMPARE(report->unknownNumbers[0].messages, 3);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
    const auto thread = ConversationStore(m_fx->db()).messages(m_a);
    QCOMPARE(thread.size(), 2);
    QCOMPARE(thread[1].direction, MessageDirection::Inbound);
    QCOMPARE(thread[1].body, QString("Yes! What time?\nI can do the morning."));
    QVERIFY(!thread[0].failed);
    // The failed text is in the thread, marked, and started nothing.
    const auto failed = ConversationStore(m_fx->db()).messages(m_b);
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed[0].failed);
    QCOMPARE(failed[0].body, QString("Hi, it's Ana with Vote Forward. Can we count on you Saturday?"));
    QCOMPARE(ConversationStore(m_fx->db()).conversation(m_b)->lastMessage, QString());
}

void TestMessageEventImporter::twilioLogInAnotherColumnOrder()
{
    auto report = loadFile("twilio-console-reordered.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->recorded, 2);
    QCOMPARE(report->failed, 1);
    QCOMPARE(report->optedOut, 1);
    QCOMPARE(m_fx->statusOf(m_a), S::NotStarted); // undelivered
    QCOMPARE(m_fx->statusOf(m_b), S::OptedOut);   // STOP
    QCOMPARE(m_fx->statusOf(m_c), S::NotStarted); // the sideways line is refused
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 5);
}

void TestMessageEventImporter::twilioBulkExport()
{
    auto report = loadFile("twilio-bulk.jsonl");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->format, MessageLogFormat::TwilioJson);
    QCOMPARE(report->recorded, 3);
    QCOMPARE(report->failed, 1);
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(m_fx->statusOf(m_c), S::NeedsReply);
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 5);
}

void TestMessageEventImporter::spokeExport()
{
    auto report = loadFile("spoke-messages.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->format, MessageLogFormat::Spoke);
    QCOMPARE(report->recorded, 3);
    QCOMPARE(report->failed, 1);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 6);
}

void TestMessageEventImporter::spokeRewiredTexterIsTheSender()
{
    const SenderId bo = m_fx->sender(m_campaign, "Bo Diaz");
    Q_UNUSED(bo);
    auto report = loadFile("spoke-rewired-messages.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->format, MessageLogFormat::SpokeRewired);
    QCOMPARE(report->recorded, 5);
    QCOMPARE(report->failed, 1);
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);   // Bo answered the question
    QCOMPARE(m_fx->statusOf(m_b), S::Waiting);   // sent by Zed, not on the roster
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);   // the failed text, then a picture that went through
    const auto thread = ConversationStore(m_fx->db()).messages(m_a);
    QCOMPARE(thread.size(), 3);
    QCOMPARE(thread[0].senderName, QString("Bo Diaz"));
    QCOMPARE(thread[1].senderName, QString());
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_b).at(0).senderName, QString());
    QCOMPARE(report->unknownSenders.size(), 1);
    QCOMPARE(report->unknownSenders[0].name, QString("Zed Quinn"));
    QCOMPARE(report->unknownSenders[0].firstLines, QVector<int>({ 5 }));
}

void TestMessageEventImporter::mappedCsvWithAZone()
{
    MessageLogOptions options;
    options.format = MessageLogFormat::Mapped;
    QString error;
    options.mapping = *MessageColumnMapping::parse(
        "phone=Contact Phone,direction=Type,body=Message,at=Timestamp,sender=Texter Name,id=Message ID", &error);
    options.mapping.inboundValue = "Incoming";
    options.mapping.outboundValue = "Outgoing";
    options.zone = QTimeZone("America/Chicago");
    auto report = loadFile("thrutext-messages.csv", options);
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY(!report->formatDetected);
    QCOMPARE(MessageEventImporter::formatSentence(*report), QString("Read as Other CSV, by column mapping."));
    QCOMPARE(report->recorded, 3);
    QCOMPARE(report->rejected.size(), 3);
    QCOMPARE(report->notes, QStringList({ "3 dates had no time zone; they were read as America/Chicago." }));
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_c), S::NotStarted);
    QCOMPARE(ConversationStore(m_fx->db()).conversation(m_a)->lastActivity,
        QDateTime(QDate(2026, 11, 20), QTime(16, 30), Qt::UTC));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(0).senderName, QString("Ana"));
}

void TestMessageEventImporter::gzipFileImportsLikeThePlainOne()
{
    auto report = loadFile("twilio-console.csv.gz");
    QVERIFY2(report, qPrintable(report.error()));
    QVERIFY(report->compressed);
    QCOMPARE(MessageEventImporter::formatSentence(*report),
        QString("Read as Twilio message log (CSV), compressed (recognised from the file)."));
    QCOMPARE(report->recorded, 3);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
}

void TestMessageEventImporter::refusedFileChangesNothing()
{
    auto report = loadFile("unknown-header.csv");
    QVERIFY(!report);
    QVERIFY2(report.error().startsWith("No message was recorded: The format of the file is not one Handoff knows."),
        qPrintable(report.error()));
    // A file cut off in a damaged compressed stream after good lines: nothing of it stays.
    QFile gz(QStringLiteral(HANDOFF_TEST_DATA "/events/twilio-console.csv.gz"));
    QVERIFY(gz.open(QIODevice::ReadOnly));
    QByteArray data = gz.readAll();
    data.chop(12);
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    auto cut = MessageEventImporter(m_fx->db()).import(buffer, m_campaign);
    QVERIFY(!cut);
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).size(), 0);
    QCOMPARE(m_fx->statusOf(m_a), S::NotStarted);
}

void TestMessageEventImporter::cancelRecordsNothing()
{
    MessageEventImporter importer(m_fx->db());
    importer.cancel();
    auto report = importer.importFile(QStringLiteral(HANDOFF_TEST_DATA "/events/twilio-console.csv"), m_campaign);
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("The import was cancelled; no message was recorded."));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).size(), 0);
}

void TestMessageEventImporter::importingAgainAddsNothing()
{
    auto first = loadFile("twilio-console.csv");
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(first->recorded, 3);
    QCOMPARE(first->alreadyThere, 0);
    auto again = loadFile("twilio-console.csv.gz");
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->recorded, 0);
    QCOMPARE(again->alreadyThere, 4); // the failed text too
    QCOMPARE(again->failed, 0);
    QVERIFY(again->notes.contains("4 messages were already in the campaign (same id); they were not recorded again."));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_b).size(), 1);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).size(), 2);
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);

    // A later export that overlaps the first: only what is new goes in.
    auto later = load(R"({"sid":"SM00000000000000000000000000000004","from":"+14155550100","to":"+14152300003","body":"Hi, it's Ana with Vote Forward. Can we count on you Saturday?","status":"delivered","direction":"outbound-api","date_sent":"2026-11-20T18:00:09Z"}
{"sid":"SM00000000000000000000000000000010","from":"+14152300003","to":"+14155550100","body":"Yes","status":"received","direction":"inbound","date_sent":"2026-11-20T18:30:00Z"}
)");
    QVERIFY2(later, qPrintable(later.error()));
    QCOMPARE(later->format, MessageLogFormat::TwilioJson);
    QCOMPARE(later->recorded, 1);
    QCOMPARE(later->alreadyThere, 1);
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_c).size(), 2);
    QCOMPARE(m_fx->statusOf(m_c), S::NeedsReply);
}

QByteArray TestMessageEventImporter::longTwilioLog(int rows)
{
    const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), Qt::UTC);
    const QString campaignNumber = QStringLiteral("+14155550100");
    QStringList phones{"+14152300001", "+14152300002", "+14152300003", "+14152309999"};
    QStringList replies{"Yes", "Who is this?", "Maybe"};
    QByteArray out = "From,To,Body,Status,SentDate,Direction,Sid\r\n";
    auto row = [&](const QString& phone, bool inbound, const QString& body, const QString& status, const QDateTime& at,
                   int sid) {
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,SM%7\r\n")
                   .arg(inbound ? phone : campaignNumber, inbound ? campaignNumber : phone, body, status,
                        at.toString(Qt::ISODate), inbound ? QStringLiteral("inbound") : QStringLiteral("outbound-api"))
                   .arg(sid, 32, 10, QLatin1Char('0'))
                   .toUtf8();
    };
    for (int i = 0; i < rows; ++i) {
        const bool inbound = (i * 7) % 5 == 0;
        // Every tenth message is dated an hour earlier than its place in the file.
        const QDateTime at = base.addSecs(i - (i % 10 == 0 ? 3600 : 0));
        const QString status = inbound ? QStringLiteral("received")
            : i % 50 == 3              ? QStringLiteral("undelivered")
                                       : QStringLiteral("delivered");
        // Every 97th row repeats the Sid of the row before it.
        row(phones[i % 4], inbound, inbound ? replies[(i / 4) % 3] : QStringLiteral("Text %1").arg(i), status, at,
            i % 97 == 0 && i > 0 ? i - 1 : i);
    }
    const QDateTime last = base.addSecs(rows + 60);
    row(phones[0], true, QStringLiteral("Sure"), QStringLiteral("received"), last, rows);
    row(phones[1], true, QStringLiteral("STOP"), QStringLiteral("received"), last, rows + 1);
    row(phones[2], false, QStringLiteral("See you Saturday"), QStringLiteral("delivered"), last, rows + 2);
    return out;
}

QStringList TestMessageEventImporter::messagesOf(qint64 conversationId)
{
    QSqlQuery q = m_fx->db().prepare(QStringLiteral(
        "SELECT direction, body, at, COALESCE(provider_id, '-'), failed FROM messages WHERE conversation_id = ?"
        " ORDER BY id"));
    q.addBindValue(conversationId);
    QStringList rows;
    if (m_fx->db().exec(q))
        while (q.next())
            rows << QStringLiteral("%1|%2|%3|%4|%5").arg(q.value(0).toString(), q.value(1).toString(),
                                                         q.value(2).toString(), q.value(3).toString(),
                                                         q.value(4).toString());
    return rows;
}

void TestMessageEventImporter::batchedImportMatchesAMessageByMessageReplay()
{
    const QByteArray log = longTwilioLog(12000);
    QBuffer buffer;
    buffer.setData(log);
    buffer.open(QIODevice::ReadOnly);
    auto report = MessageEventImporter(m_fx->db()).import(buffer, m_campaign);
    QVERIFY2(report, qPrintable(report.error()));

    // The same log into a second campaign with the same phones, one message at a time as
    // the importer recorded them before it worked in batches.
    const qint64 replay = m_fx->campaign("Replay");
    QVector<NewContact> contacts;
    for (const char* phone : {"+14152300001", "+14152300002", "+14152300003"})
        contacts << NewContact{"Contact", "Test", phone, {}, {}, m_ana};
    ConversationStore store(m_fx->db());
    QVERIFY(store.addContacts(replay, contacts));
    buffer.seek(0);
    MessageLogReader reader;
    QSet<QString> seen;
    int recorded = 0, failed = 0, duplicates = 0, unknown = 0;
    QVERIFY(reader.parse(buffer, [&](const QVector<MessageEvent>& batch) {
        for (const MessageEvent& e : batch) {
            if (seen.contains(e.providerId)) {
                ++duplicates;
                continue;
            }
            seen.insert(e.providerId);
            const auto done = store.recordMessage(replay, e.phone, e.direction, e.body, e.at, UnassignedId, e.providerId,
                                                  nullptr, e.failed);
            QVERIFY(done);
            if (!*done)
                ++unknown;
            else
                e.failed ? ++failed : ++recorded;
        }
    }));
    QCOMPARE(report->recorded, recorded);
    QCOMPARE(report->failed, failed);
    QCOMPARE(report->duplicates, duplicates);
    QCOMPARE(int(report->rejected.size()), unknown);
    QVERIFY(recorded > 8000 && failed > 0 && duplicates > 0 && unknown > 0);

    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::OptedOut);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
    ConversationQuery everyone;
    everyone.campaignId = replay;
    everyone.sort = ConversationQuery::Sort::Phone;
    const QVector<Conversation> others = store.conversations(everyone, 0, 3);
    QCOMPARE(others.size(), 3);
    const qint64 mine[] = {m_a, m_b, m_c};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(stateOf(mine[i]), stateOf(others[i].id));
        QCOMPARE(messagesOf(mine[i]), messagesOf(others[i].id));
    }
}

void TestMessageEventImporter::cancelMidFileRecordsNothing()
{
    QBuffer buffer;
    buffer.setData(longTwilioLog(12000));
    buffer.open(QIODevice::ReadOnly);
    MessageEventImporter importer(m_fx->db());
    int progressed = 0;
    // Cancel as the first batch has been stored.
    connect(&importer, &MessageEventImporter::progress, &importer, [&](qint64, qint64) {
        if (++progressed == 1)
            importer.cancel();
    });
    auto report = importer.import(buffer, m_campaign);
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("The import was cancelled; no message was recorded."));
    QCOMPARE(progressed, 1);
    for (qint64 c : {m_a, m_b, m_c}) {
        QCOMPARE(ConversationStore(m_fx->db()).messages(c).size(), 0);
        QCOMPARE(m_fx->statusOf(c), S::NotStarted);
    }
}

namespace {
// A stream whose reading fails part of the way through (a pipe from a download that
// breaks off). A stream, so that the reader cannot look at all of it before the rows.
class BreakingStream : public QIODevice
{
public:
    BreakingStream(const QByteArray& data, qint64 breakAt) : m_data(data), m_breakAt(breakAt) { }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_at >= m_breakAt) {
            setErrorString(QStringLiteral("Input/output error"));
            return -1;
        }
        const qint64 n = std::min(maxSize, m_breakAt - m_at);
        memcpy(data, m_data.constData() + m_at, size_t(n));
        m_at += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_breakAt;
    qint64 m_at = 0;
};
} // namespace

void TestMessageEventImporter::fileBreakingOffMidImportRecordsNothing()
{
    const QByteArray log = longTwilioLog(40000);
    BreakingStream buffer(log, log.size() * 3 / 4);
    buffer.open(QIODevice::ReadOnly);
    MessageEventImporter importer(m_fx->db());
    int progressed = 0;
    connect(&importer, &MessageEventImporter::progress, &importer, [&](qint64, qint64) { ++progressed; });
    auto report = importer.import(buffer, m_campaign);
    QVERIFY(!report);
    QVERIFY2(report.error().startsWith("No message was recorded: "), qPrintable(report.error()));
    // Batches had gone into the store before the file broke off.
    QVERIFY2(progressed >= 1, qPrintable(report.error()));
    for (qint64 c : {m_a, m_b, m_c}) {
        QCOMPARE(ConversationStore(m_fx->db()).messages(c).size(), 0);
        QCOMPARE(m_fx->statusOf(c), S::NotStarted);
    }
}

void TestMessageEventImporter::textingNumbersTellTheSender()
{
    const SenderId bo = m_fx->sender(m_campaign, "Bo Diaz");
    QVERIFY(CampaignService(m_fx->db()).setTextingNumber(m_ana, "(415) 555-0100"));
    auto report = loadFile("twilio-console.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->byNumber, 3);
    QVERIFY(report->unknownNumbers.isEmpty());
    QCOMPARE(report->withoutSender, 0);
    QVERIFY(report->notes.contains("3 outbound messages were attributed by the number they were sent from."));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(0).senderName, QString("Ana"));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(1).senderName, QString()); // the contact's reply
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_b).at(0).senderName, QString("Ana")); // failed, still hers
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_c).at(0).senderName, QString("Ana"));

    // Spoke's user_number: Bo texts from the second number; a third is no one's.
    QVERIFY(CampaignService(m_fx->db()).setTextingNumber(bo, "+14155550101"));
    auto spoke = load("campaign_contact_id,contact_number,user_number,is_from_contact,send_status,attempted_at,text\n"
                      "101,+14152300001,+14155550101,false,DELIVERED,2026-11-21 18:00:00+00,Following up!\n"
                      "102,+14152300002,+14155550177,false,DELIVERED,2026-11-21 18:01:00+00,Hello again\n"
                      "103,+14152300003,,false,DELIVERED,2026-11-21 18:02:00+00,Hi\n");
    QVERIFY2(spoke, qPrintable(spoke.error()));
    QCOMPARE(spoke->format, MessageLogFormat::Spoke);
    QCOMPARE(spoke->byNumber, 1);
    QCOMPARE(spoke->withoutSender, 1);
    QCOMPARE(spoke->notes,
        QStringList({ "1 outbound message was attributed by the number it was sent from.",
            "1 outbound message was sent from +14155550177, which is no sender's texting number; it was recorded "
            "without a sender (line 3).",
            "1 outbound message names no sender; it was recorded without one." }));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).last().senderName, QString("Bo Diaz"));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_b).last().senderName, QString());
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);
    QCOMPARE(m_fx->statusOf(m_b), S::Waiting); // its first text that went through
}

void TestMessageEventImporter::explicitSenderComesBeforeTheNumber()
{
    // Rewired names each texter. Bo texts from +14155550100, which the roster gives Ana: the
    // name decides. Zed is not on the roster and +14155550101 is Cy's: the number tells.
    const SenderId bo = m_fx->sender(m_campaign, "Bo Diaz");
    Q_UNUSED(bo);
    const SenderId cy = m_fx->sender(m_campaign, "Cy Young");
    QVERIFY(CampaignService(m_fx->db()).setTextingNumber(m_ana, "+14155550100"));
    QVERIFY(CampaignService(m_fx->db()).setTextingNumber(cy, "+14155550101"));
    auto report = loadFile("spoke-rewired-messages.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(0).senderName, QString("Bo Diaz"));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_b).at(0).senderName, QString("Cy Young"));
    QVERIFY(report->unknownSenders.isEmpty());
    QCOMPARE(report->byNumber, 1);
    // The failed picture text is kept for Lee, marked; the one that went through decides.
    const auto lee = ConversationStore(m_fx->db()).messages(m_c);
    QCOMPARE(lee.size(), 2);
    QVERIFY(lee[0].failed);
    QVERIFY(!lee[1].failed);
}

void TestMessageEventImporter::rewiredTexterFoundByEmail()
{
    // The roster knows Bo by another name; his e-mail tells.
    QVERIFY(CampaignService(m_fx->db()).addSender(m_campaign, "Robert Diaz", "BO@example.org", false));
    auto report = loadFile("spoke-rewired-messages.csv");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(0).senderName, QString("Robert Diaz"));
    QCOMPARE(ConversationStore(m_fx->db()).messages(m_a).at(2).senderName, QString("Robert Diaz"));
    QCOMPARE(report->unknownSenders.size(), 1);
    QCOMPARE(report->unknownSenders[0].name, QString("Zed Quinn"));
}

void TestMessageEventImporter::failedMessagesKeepTheEarlierStatus()
{
    QVERIFY(CampaignService(m_fx->db()).setTextingNumber(m_ana, "+14155550100"));
    auto first = load(R"({"sid":"SM1","from":"+14155550100","to":"+14152300001","body":"Hi, it's Ana","status":"delivered","direction":"outbound-api","date_sent":"2026-11-20T10:00:00Z"}
{"sid":"SM2","from":"+14152300001","to":"+14155550100","body":"Who?","status":"received","direction":"inbound","date_sent":"2026-11-20T10:05:00Z"}
{"sid":"SM3","from":"+14155550100","to":"+14152300003","body":"Hi, it's Ana","status":"sent","direction":"outbound-api","date_sent":"2026-11-20T10:00:30Z"}
)");
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);

    // Later texts that did not get through: the answer to 1, a first text to 2, a second to 3.
    auto report = load(R"({"sid":"SM4","from":"+14155550100","to":"+14152300001","body":"Ana, with Vote Forward","status":"failed","direction":"outbound-reply","date_sent":"2026-11-20T10:10:00Z"}
{"sid":"SM5","from":"+14155550100","to":"+14152300002","body":"Hi, it's Ana","status":"undelivered","direction":"outbound-api","date_sent":"2026-11-20T10:11:00Z"}
{"sid":"SM6","from":"+14155550100","to":"+14152300003","body":"Still there?","status":"failed","direction":"outbound-api","date_sent":"2026-11-20T10:20:00Z"}
)");
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->recorded, 0);
    QCOMPARE(report->failed, 3);
    QCOMPARE(report->notes.first(), QString("3 outbound messages had failed or were undelivered; they were recorded as "
                                            "failed and not counted as sent."));
    QCOMPARE(m_fx->statusOf(m_a), S::NeedsReply);
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
    QCOMPARE(m_fx->statusOf(m_c), S::Waiting);
    ConversationStore store(m_fx->db());
    QCOMPARE(store.conversation(m_a)->lastMessage, QString("Who?"));
    QCOMPARE(store.conversation(m_a)->lastActivity, QDateTime(QDate(2026, 11, 20), QTime(10, 5), Qt::UTC));
    QCOMPARE(store.conversation(m_c)->lastActivity, QDateTime(QDate(2026, 11, 20), QTime(10, 0, 30), Qt::UTC));
    QCOMPARE(store.messages(m_a).size(), 3);
    QVERIFY(store.messages(m_a).at(2).failed);
    QCOMPARE(store.messages(m_b).size(), 1);
    // When Ana last texted counts what got through.
    const auto senders = CampaignStore(m_fx->db()).campaignSenders(m_campaign);
    QCOMPARE(senders.size(), 1);
    QCOMPARE(senders[0].lastTexted, QDateTime(QDate(2026, 11, 20), QTime(10, 0, 30), Qt::UTC));

    // A reply to the failed text still counts; a delivered text after it answers it.
    auto later = load(R"({"sid":"SM7","from":"+14155550100","to":"+14152300001","body":"Ana, with Vote Forward","status":"delivered","direction":"outbound-reply","date_sent":"2026-11-20T10:12:00Z"}
)");
    QVERIFY2(later, qPrintable(later.error()));
    QCOMPARE(m_fx->statusOf(m_a), S::Waiting);
}

QTEST_GUILESS_MAIN(TestMessageEventImporter)
#include "TestMessageEventImporter.moc"
