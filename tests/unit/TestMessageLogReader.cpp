#include "core/Clock.h"
#include "core/GzipDevice.h"
#include "core/Limits.h"
#include "core/MessageLogReader.h"

#include <QBuffer>
#include <QFile>
#include <QTest>

using namespace Handoff;
using F = MessageLogFormat;

namespace {

QString dataFile(const char* name)
{
    return QStringLiteral(HANDOFF_TEST_DATA "/events/") + QLatin1String(name);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

struct Read
{
    bool ok = false;
    QVector<MessageEvent> events;
    MessageLogReader reader;
};

std::unique_ptr<Read> read(const QByteArray& data, const MessageLogOptions& options = {})
{
    auto result = std::make_unique<Read>();
    result->reader = MessageLogReader(options);
    QByteArray copy = data;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    result->ok = result->reader.parse(
        buffer, [&](const QVector<MessageEvent>& batch) { result->events += batch; }, 2);
    return result;
}

QDateTime utc(int day, int hour, int minute, int second = 0, int ms = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute, second, ms), Qt::UTC);
}

MessageColumnMapping thruTextMapping()
{
    QString error;
    auto mapping = MessageColumnMapping::parse(
        QStringLiteral("phone=Contact Phone,direction=Type,body=Message,at=Timestamp,sender=Texter Name,id=Message ID"),
        &error);
    mapping->inboundValue = QStringLiteral("Incoming");
    mapping->outboundValue = QStringLiteral("outgoing");
    return *mapping;
}

} // namespace

class TestMessageLogReader : public QObject
{
    Q_OBJECT

private slots:
    void init() { Clock::setFixedNow(QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC)); }
    void cleanup() { Clock::setFixedNow({}); }
    void detectsEachFormat_data();
    void detectsEachFormat();
    void refusesAHeaderThatMatchesNoFormat();
    void twilioConsoleCsv();
    void twilioColumnsInAnotherOrder();
    void twilioBulkJsonLines();
    void spokeExport();
    void spokeRewiredNamesTheTexter();
    void mappedCsv();
    void mappedColumnThatDoesNotExistIsRefused();
    void mappedNumberColumnGivesTheSendingNumber();
    void mappingSpecMistakes_data();
    void mappingSpecMistakes();
    void aMissingColumnOfANamedFormatIsRefused();
    void gzipIsReadTransparently();
    void damagedGzipIsAnError();
    void datesWithAndWithoutZones_data();
    void datesWithAndWithoutZones();
    void everyBadLineReason_data();
    void everyBadLineReason();
    void mixedLineEndingsAndAHugeField();
    void stopCheckEndsReadingEarly();
};

void TestMessageLogReader::detectsEachFormat_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<F>("format");
    QTest::newRow("twilio console") << dataFile("twilio-console.csv") << F::TwilioCsv;
    QTest::newRow("twilio reordered") << dataFile("twilio-console-reordered.csv") << F::TwilioCsv;
    QTest::newRow("twilio bulk") << dataFile("twilio-bulk.jsonl") << F::TwilioJson;
    QTest::newRow("spoke") << dataFile("spoke-messages.csv") << F::Spoke;
    QTest::newRow("spoke rewired") << dataFile("spoke-rewired-messages.csv") << F::SpokeRewired;
}

void TestMessageLogReader::detectsEachFormat()
{
    QFETCH(QString, file);
    QFETCH(F, format);
    const QByteArray data = readAll(file);
    QVERIFY(!data.isEmpty());
    QCOMPARE(MessageLogReader::detect(data), std::optional<F>(format));
    const auto r = read(data);
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->reader.format(), format);

    const QByteArray handoff
        = R"({"phone":"+14152300001","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z"})" "\n";
    QCOMPARE(MessageLogReader::detect(handoff), std::optional<F>(F::Handoff));
}

void TestMessageLogReader::refusesAHeaderThatMatchesNoFormat()
{
    const auto r = read(readAll(dataFile("unknown-header.csv")));
    QVERIFY(!r->ok);
    QCOMPARE(r->reader.errorString(),
        QString("The format of the file is not one Handoff knows. Its header (Name, Email, Notes) matches no "
                "format Handoff reads; choose \"Other CSV, by column mapping\" and name the columns."));
    QVERIFY(r->events.isEmpty());

    const auto json = read(R"({"name":"Jo"})" "\n");
    QVERIFY(!json->ok);
    QCOMPARE(json->reader.errorString(),
        QString("The format of the file is not one Handoff knows. Its first record has the fields name, which "
                "match no format Handoff reads."));
    QCOMPARE(read("\n\n")->reader.errorString(), QString("The format of the file is not one Handoff knows. The file is empty."));
}

void TestMessageLogReader::twilioConsoleCsv()
{
    const auto r = read(readAll(dataFile("twilio-console.csv")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QVERIFY(r->reader.rejectedLines().isEmpty());
    QCOMPARE(r->events.size(), 6);
    const MessageEvent& first = r->events[0];
    QCOMPARE(first.line, 2);
    QCOMPARE(first.phone, QString("+14152300001")); // To: the campaign texted the contact
    QCOMPARE(first.direction, MessageDirection::Outbound);
    QCOMPARE(first.at, utc(20, 18, 0));
    QCOMPARE(first.providerId, QString("SM00000000000000000000000000000001"));
    QVERIFY(!first.failed);
    const MessageEvent& reply = r->events[1];
    QCOMPARE(reply.line, 3);
    QCOMPARE(reply.phone, QString("+14152300001")); // From: the contact wrote
    QCOMPARE(reply.direction, MessageDirection::Inbound);
    QCOMPARE(reply.body, QString("Yes! What time?\nI can do the morning."));
    QCOMPARE(r->events[2].line, 5);
    QVERIFY(r->events[2].failed);
    QCOMPARE(r->events[5].providerId, r->events[1].providerId);
    QCOMPARE(r->reader.zoneLessDates(), 0);
}

void TestMessageLogReader::twilioColumnsInAnotherOrder()
{
    const auto r = read(readAll(dataFile("twilio-console-reordered.csv")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 3);
    QCOMPARE(r->events[0].phone, QString("+14152300001"));
    QVERIFY(r->events[0].failed); // undelivered
    QCOMPARE(r->events[0].at, utc(21, 17, 0));
    QCOMPARE(r->events[1].direction, MessageDirection::Outbound); // outbound-reply
    QVERIFY(!r->events[1].failed);
    QCOMPARE(r->events[2].phone, QString("+14152300002"));
    QCOMPARE(r->events[2].direction, MessageDirection::Inbound);
    QCOMPARE(r->events[2].body, QString("STOP"));
    QCOMPARE(r->reader.rejectedLines().size(), 1);
    QCOMPARE(r->reader.rejectedLines()[0].line, 5);
    QCOMPARE(r->reader.rejectedLines()[0].reason,
        QString("\"Direction\" must be inbound or outbound-api, outbound-reply or outbound-call, not \"sideways\""));
}

void TestMessageLogReader::twilioBulkJsonLines()
{
    const auto r = read(readAll(dataFile("twilio-bulk.jsonl")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->reader.format(), F::TwilioJson);
    QCOMPARE(r->events.size(), 4);
    QCOMPARE(r->events[0].at, utc(20, 18, 0)); // RFC 2822
    QVERIFY(r->events[1].failed);
    QCOMPARE(r->events[2].at, utc(20, 18, 0, 6)); // date_created when date_sent is empty
    QCOMPARE(r->events[3].direction, MessageDirection::Inbound);
    QCOMPARE(r->events[3].phone, QString("+14152300003"));
    QCOMPARE(r->reader.rejectedLines().size(), 1);
    QCOMPARE(r->reader.rejectedLines()[0].line, 5);
    QCOMPARE(r->reader.rejectedLines()[0].reason, QString("\"date_sent\" is not a date and time: \"next Tuesday\""));
}

void TestMessageLogReader::spokeExport()
{
    const auto r = read(readAll(dataFile("spoke-messages.csv")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 4);
    QCOMPARE(r->events[0].body, QString("Hi Jo, it's Ana with the \"Vote Forward\" team. Can you help Saturday?"));
    QCOMPARE(r->events[0].at, utc(20, 18, 0, 0, 412));
    QCOMPARE(r->events[1].direction, MessageDirection::Inbound);
    QVERIFY(r->events[2].failed); // ERROR
    QVERIFY(!r->events[3].failed); // SENT
    QCOMPARE(r->reader.rejectedLines().size(), 1);
    QCOMPARE(r->reader.rejectedLines()[0].line, 6);
    QCOMPARE(r->reader.rejectedLines()[0].reason, QString("\"is_from_contact\" must be true or false, not \"maybe\""));
}

void TestMessageLogReader::spokeRewiredNamesTheTexter()
{
    const auto r = read(readAll(dataFile("spoke-rewired-messages.csv")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 6);
    QCOMPARE(r->events[0].sender, QString("Bo Diaz"));
    QCOMPARE(r->events[1].sender, QString());
    QCOMPARE(r->events[1].direction, MessageDirection::Inbound);
    QCOMPARE(r->events[3].sender, QString("Zed Quinn"));
    QVERIFY(r->events[4].failed);
    QCOMPARE(r->events[5].body, QString()); // a picture message has no text
}

void TestMessageLogReader::mappedCsv()
{
    MessageLogOptions options;
    options.format = F::Mapped;
    options.mapping = thruTextMapping();
    options.zone = QTimeZone("America/Los_Angeles");
    const auto r = read(readAll(dataFile("thrutext-messages.csv")), options);
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 3);
    QCOMPARE(r->events[0].phone, QString("+14152300001"));
    QCOMPARE(r->events[0].at, utc(20, 18, 0)); // 10:00 in Los Angeles
    QCOMPARE(r->events[0].sender, QString("Ana"));
    QCOMPARE(r->events[0].providerId, QString("t-1"));
    QCOMPARE(r->events[1].direction, MessageDirection::Inbound);
    QCOMPARE(r->events[1].sender, QString());
    QCOMPARE(r->events[2].phone, QString("+14152300002"));
    QCOMPARE(r->reader.zoneLessDates(), 3);
    const QVector<RejectedLine> rejected = r->reader.rejectedLines();
    QCOMPARE(rejected.size(), 3);
    QCOMPARE(rejected[0].line, 5);
    QCOMPARE(rejected[0].reason, QString("\"Type\" must be \"Incoming\" or \"outgoing\", not \"Reply\""));
    QCOMPARE(rejected[1].line, 6);
    QVERIFY2(rejected[1].reason.startsWith("Phone \"not a phone\" is not a valid number: "), qPrintable(rejected[1].reason));
    QCOMPARE(rejected[2].line, 7);
    QCOMPARE(rejected[2].reason, QString("\"Timestamp\" is not a date and time: \"11/20/2026\""));
}

void TestMessageLogReader::mappedNumberColumnGivesTheSendingNumber()
{
    MessageLogOptions options;
    options.format = F::Mapped;
    QString error;
    const auto mapping = MessageColumnMapping::parse(
        QStringLiteral("phone=Contact,direction=Dir,body=Text,at=When,number=Line"), &error);
    QVERIFY2(mapping, qPrintable(error));
    options.mapping = *mapping;
    options.mapping.inboundValue = QStringLiteral("in");
    options.mapping.outboundValue = QStringLiteral("out");
    const QByteArray csv = "Contact,Line,Dir,Text,When\n"
                           "4152300001,(415) 555-0100,out,Hi,2026-11-20T10:00:00Z\n"
                           "4152300001,(415) 555-0100,in,Yes,2026-11-20T10:05:00Z\n"
                           "4152300002,,out,Hello,2026-11-20T10:06:00Z\n";
    const auto r = read(csv, options);
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 3);
    QCOMPARE(r->events[0].senderNumber, QString("+14155550100"));
    // The contact wrote: the line is the campaign's, not a sender's sending number.
    QCOMPARE(r->events[1].senderNumber, QString());
    QCOMPARE(r->events[2].senderNumber, QString());
}

void TestMessageLogReader::mappedColumnThatDoesNotExistIsRefused()
{
    MessageLogOptions options;
    options.format = F::Mapped;
    options.mapping = thruTextMapping();
    options.mapping.body = QStringLiteral("Text");
    const auto r = read(readAll(dataFile("thrutext-messages.csv")), options);
    QVERIFY(!r->ok);
    QVERIFY(r->events.isEmpty());
    QCOMPARE(r->reader.errorString(),
        QString("The file has no column \"Text\", which a file of the format Other CSV, by column mapping needs. "
                "Its columns are: Message ID, Contact Phone, Type, Message, Timestamp, Texter Name, Campaign."));

    options.mapping = thruTextMapping();
    options.mapping.outboundValue.clear();
    const auto noValues = read(readAll(dataFile("thrutext-messages.csv")), options);
    QVERIFY(!noValues->ok);
    QCOMPARE(noValues->reader.errorString(),
        QString("Give the values of the direction column that mean inbound and outbound."));
}

void TestMessageLogReader::mappingSpecMistakes_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("error");
    QTest::newRow("no equals") << "phone" << "\"phone\" is not FIELD=COLUMN";
    QTest::newRow("empty column") << "phone=" << "\"phone=\" is not FIELD=COLUMN";
    QTest::newRow("unknown field") << "colour=Red"
                                   << "\"colour\" is not a field; the fields are phone, direction, body, at, sender, number, id";
    QTest::newRow("twice") << "phone=A,phone=B" << "\"phone\" is mapped twice";
}

void TestMessageLogReader::mappingSpecMistakes()
{
    QFETCH(QString, spec);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!MessageColumnMapping::parse(spec, &why));
    QCOMPARE(why, error);
    auto partial = MessageColumnMapping::parse(QStringLiteral("phone=A,body=B"), &why);
    QVERIFY(partial);
    QCOMPARE(partial->problem(), QString("Choose a column for: direction, at."));
}

void TestMessageLogReader::aMissingColumnOfANamedFormatIsRefused()
{
    MessageLogOptions options;
    options.format = F::TwilioCsv;
    const auto r = read("From,To,Body,Direction,Sid\n+14155550100,+14152300001,Hi,outbound-api,SM1\n", options);
    QVERIFY(!r->ok);
    QCOMPARE(r->reader.errorString(),
        QString("The file has no column \"SentDate\", which a file of the format Twilio message log (CSV) needs. "
                "Its columns are: From, To, Body, Direction, Sid."));
}

void TestMessageLogReader::gzipIsReadTransparently()
{
    const auto plain = read(readAll(dataFile("twilio-console.csv")));
    const auto r = read(readAll(dataFile("twilio-console.csv.gz")));
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QVERIFY(r->reader.compressed());
    QCOMPARE(r->reader.format(), F::TwilioCsv);
    QCOMPARE(r->events.size(), plain->events.size());
    QCOMPARE(r->events.last().body, plain->events.last().body);
    QCOMPARE(r->events.last().line, 8);

    // Two members one after the other, as `cat a.gz b.gz` writes them, are one text.
    const QByteArray twice = readAll(dataFile("twilio-console.csv.gz")) + readAll(dataFile("twilio-console.csv.gz"));
    const auto both = read(twice);
    QVERIFY2(both->ok, qPrintable(both->reader.errorString()));
    // The second header is read as a record and refused; its messages count again.
    QCOMPARE(both->events.size(), 12);
}

void TestMessageLogReader::damagedGzipIsAnError()
{
    QByteArray data = readAll(dataFile("twilio-console.csv.gz"));
    const auto cut = read(data.left(data.size() - 30));
    QVERIFY(!cut->ok);
    QVERIFY2(cut->reader.errorString().contains("cut short") || cut->reader.errorString().contains("damaged"),
        qPrintable(cut->reader.errorString()));
    data[20] = char(data[20] ^ 0x55);
    data[21] = char(data[21] ^ 0x55);
    const auto damaged = read(data);
    QVERIFY(!damaged->ok);
    QVERIFY(!damaged->reader.errorString().isEmpty());
}

void TestMessageLogReader::datesWithAndWithoutZones_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<bool>("zoneLess");
    QTest::newRow("Z") << "2026-11-20T10:00:00Z" << utc(20, 10, 0) << false;
    QTest::newRow("offset") << "2026-11-20T10:00:00-05:00" << utc(20, 15, 0) << false;
    QTest::newRow("postgres") << "2026-11-20 10:00:00.5+02" << utc(20, 8, 0, 0, 500) << false;
    QTest::newRow("compact offset") << "2026-11-20 10:00:00 +0530" << utc(20, 4, 30) << false;
    QTest::newRow("UTC word") << "2026-11-20 10:00:00 UTC" << utc(20, 10, 0) << false;
    QTest::newRow("rfc 2822") << "Fri, 20 Nov 2026 10:00:00 -0800" << utc(20, 18, 0) << false;
    QTest::newRow("no seconds") << "2026-11-20 10:00" << utc(20, 10, 0) << true;
    QTest::newRow("no zone") << "2026-11-20T10:00:00" << utc(20, 10, 0) << true;
}

void TestMessageLogReader::datesWithAndWithoutZones()
{
    QFETCH(QString, written);
    QFETCH(QDateTime, at);
    QFETCH(bool, zoneLess);
    MessageLogOptions options;
    options.format = F::Spoke;
    const auto r = read("contact_number,is_from_contact,text,attempted_at\n+14152300001,false,Hi,\""
            + written.toUtf8() + "\"\n",
        options);
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QVERIFY2(r->reader.rejectedLines().isEmpty(), qPrintable(r->reader.rejectedLines().value(0).reason));
    QCOMPARE(r->events.size(), 1);
    QCOMPARE(r->events[0].at, at);
    // Stored as milliseconds, and compared with other events' times: always in UTC.
    QCOMPARE(r->events[0].at.timeSpec(), Qt::UTC);
    QCOMPARE(r->reader.zoneLessDates(), zoneLess ? 1 : 0);
}

void TestMessageLogReader::everyBadLineReason_data()
{
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("reason");
    const QByteArray longBody(Limits::MaxMessageBodyLength + 1, 'a');
    QTest::newRow("empty phone") << QByteArray(",outbound-api,2026-11-20T10:00:00Z,Hi,SM1") << "\"To\" is empty";
    QTest::newRow("bad phone") << QByteArray("+1415,outbound-api,2026-11-20T10:00:00Z,Hi,SM1")
                               << "Phone \"+1415\" is not a valid number: too short";
    QTest::newRow("direction") << QByteArray("+14152300001,out,2026-11-20T10:00:00Z,Hi,SM1")
                               << "\"Direction\" must be inbound or outbound-api, outbound-reply or outbound-call, not \"out\"";
    QTest::newRow("empty date") << QByteArray("+14152300001,outbound-api,,Hi,SM1") << "\"SentDate\" is empty";
    QTest::newRow("bad date") << QByteArray("+14152300001,outbound-api,2026-13-40 10:00,Hi,SM1")
                              << "\"SentDate\" is not a date and time: \"2026-13-40 10:00\"";
    QTest::newRow("future") << QByteArray("+14152300001,outbound-api,2026-12-20T10:00:00Z,Hi,SM1")
                            << "\"SentDate\" is more than a day in the future: \"2026-12-20T10:00:00Z\"";
    QTest::newRow("long body") << QByteArray("+14152300001,outbound-api,2026-11-20T10:00:00Z," + longBody + ",SM1")
                               << "\"Body\" is longer than 1600 characters";
    QTest::newRow("long id") << QByteArray("+14152300001,outbound-api,2026-11-20T10:00:00Z,Hi," + QByteArray(101, 'S'))
                             << "\"Sid\" is longer than 100 characters";
    QTest::newRow("huge field") << QByteArray("+14152300001,outbound-api,2026-11-20T10:00:00Z," + QByteArray(9000, 'x') + ",SM1")
                                << "a field longer than 8192 characters";
}

void TestMessageLogReader::everyBadLineReason()
{
    QFETCH(QByteArray, row);
    QFETCH(QString, reason);
    // To and From swap roles by direction; outbound rows name the contact in To.
    const auto r = read("To,Direction,SentDate,Body,Sid,From\n+14152300002,inbound,2026-11-20T09:00:00Z,Hi,SM0,+14152300002\n"
        + row + ",+14155550100\n");
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->reader.format(), F::TwilioCsv);
    QCOMPARE(r->events.size(), 1);
    QCOMPARE(r->reader.rejectedLines().size(), 1);
    QCOMPARE(r->reader.rejectedLines()[0].line, 3);
    QCOMPARE(r->reader.rejectedLines()[0].reason, reason);
}

void TestMessageLogReader::mixedLineEndingsAndAHugeField()
{
    const QByteArray huge(1024 * 1024, 'x');
    QByteArray data = "contactNumber,isFromContact,text,attemptedAt\r\n"
                      "+14152300001,false,Hi,2026-11-20T10:00:00Z\n"
                      "+14152300002,false,Hi,2026-11-20T10:00:00Z\r"
                      "+14152300003,false," + huge + ",2026-11-20T10:00:00Z\r\n"
                      "+14152300003,true,Hi back,2026-11-20T10:05:00Z\r\n";
    const auto r = read(data);
    QVERIFY2(r->ok, qPrintable(r->reader.errorString()));
    QCOMPARE(r->events.size(), 3);
    QCOMPARE(r->events[1].line, 3);
    QCOMPARE(r->events[2].line, 5);
    QCOMPARE(r->reader.rejectedLines().size(), 1);
    QCOMPARE(r->reader.rejectedLines()[0].line, 4);
    QCOMPARE(r->reader.rejectedLines()[0].reason, QString("a field longer than 8192 characters"));

    // A quoted megabyte cannot be told from a quote never closed: the file is refused.
    data.replace(QByteArray("," + huge + ","), QByteArray(",\"" + huge + "\","));
    const auto quoted = read(data);
    QVERIFY(!quoted->ok);
    QCOMPARE(quoted->reader.errorString(),
        QString("Line 4: a quoted field runs on for more than 65536 characters; is a closing quote missing?"));
}

void TestMessageLogReader::stopCheckEndsReadingEarly()
{
    MessageLogReader reader;
    int seen = 0;
    reader.setStopCheck([&] { return seen >= 2; });
    QByteArray data = readAll(dataFile("twilio-console.csv"));
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QVERIFY(reader.parse(buffer, [&](const QVector<MessageEvent>& batch) { seen += batch.size(); }, 1));
    QCOMPARE(seen, 2);
}

QTEST_GUILESS_MAIN(TestMessageLogReader)
#include "TestMessageLogReader.moc"
