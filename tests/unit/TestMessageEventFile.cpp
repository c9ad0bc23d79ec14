#include "core/MessageEventFile.h"

#include "core/Clock.h"
#include "core/Limits.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstring>

using namespace Handoff;

namespace {

const QByteArray GoodLine
    = R"({"phone":"+14152301001","direction":"out","body":"Hi Maria!","at":"2026-11-20T10:01:00Z","sender":"Ana"})";

// GoodLine with one field replaced, or removed when value is undefined.
QByteArray withField(const QString& key, const QJsonValue& value)
{
    QJsonObject object = QJsonDocument::fromJson(GoodLine).object();
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

struct ParseRun
{
    bool ok = false;
    QVector<QVector<MessageEvent>> batches;
    QVector<MessageEvent> events;
    QVector<RejectedLine> rejected;
    int accepted = 0;
};

// A pipe, as far as the reader can tell: nothing is buffered before the first read,
// and it ends when a read returns nothing.
class Stream : public QIODevice
{
public:
    explicit Stream(const QByteArray& data)
        : m_data(data)
    {
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return 0; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        // A little at a time, as a pipe hands over what its writer wrote.
        const qint64 count = qMin(qMin(maxSize, qint64(7)), qint64(m_data.size() - m_read));
        std::memcpy(data, m_data.constData() + m_read, size_t(count));
        m_read += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_read = 0;
};

ParseRun run(const QByteArray& content, int batchSize = MessageEventFile::DefaultBatchSize)
{
    QBuffer buffer;
    buffer.setData(content);
    buffer.open(QIODevice::ReadOnly);
    MessageEventFile file;
    ParseRun result;
    result.ok = file.parse(
        buffer,
        [&result](const QVector<MessageEvent>& batch) {
            result.batches.append(batch);
            result.events += batch;
        },
        batchSize);
    result.rejected = file.rejectedLines();
    result.accepted = file.acceptedCount();
    return result;
}

} // namespace

class TestMessageEventFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void readsEveryField();
    void lineNumbersArePhysical();
    void lastLineNeedsNoEnding();
    void byteOrderMarkIsIgnored();
    void timeIsConvertedToUtc_data();
    void timeIsConvertedToUtc();
    void rejectsWithReason_data();
    void rejectsWithReason();
    void deliversInBatches_data();
    void deliversInBatches();
    void reportsProgress();
    void unreadableDevice();
    void secondParseStartsAfresh();
    void readsAStream();
    void phonesFollowTheContactRule();
    void futureIsRefused();
    void longLinesAreRejectedAndPassedOver();
};

void TestMessageEventFile::initTestCase()
{
    // The files below are dated 2026-11-20; "now" is a week later, whenever the test runs.
    Clock::setFixedNow(QDateTime(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC));
}

void TestMessageEventFile::cleanupTestCase()
{
    Clock::setFixedNow({});
}

void TestMessageEventFile::readsEveryField()
{
    const ParseRun r = run(GoodLine + "\n"
        + R"({"phone":"+14152301001","direction":"in","body":"Yes, I'll be there!","at":"2026-11-20T10:05:30Z"})"
        + "\n"
        + R"({"phone":" +442071838750 ","direction":"out","body":"","at":"2026-11-20T11:00:00Z","sender":null})"
        + "\n");
    QVERIFY(r.ok);
    QVERIFY(r.rejected.isEmpty());
    QCOMPARE(r.accepted, 3);
    QCOMPARE(r.events.size(), 3);

    const MessageEvent& out = r.events.at(0);
    QCOMPARE(out.line, 1);
    QCOMPARE(out.phone, "+14152301001");
    QCOMPARE(out.direction, MessageDirection::Outbound);
    QCOMPARE(out.body, "Hi Maria!");
    QCOMPARE(out.at, QDateTime(QDate(2026, 11, 20), QTime(10, 1), Qt::UTC));
    QCOMPARE(out.at.timeSpec(), Qt::UTC);
    QCOMPARE(out.sender, "Ana");

    const MessageEvent& in = r.events.at(1);
    QCOMPARE(in.line, 2);
    QCOMPARE(in.direction, MessageDirection::Inbound);
    QCOMPARE(in.body, "Yes, I'll be there!");
    QCOMPARE(in.at, QDateTime(QDate(2026, 11, 20), QTime(10, 5, 30), Qt::UTC));
    QCOMPARE(in.sender, QString());

    // Spaces around a phone are not part of it; an empty body (a picture message) is kept.
    const MessageEvent& picture = r.events.at(2);
    QCOMPARE(picture.phone, "+442071838750");
    QCOMPARE(picture.body, "");
    QCOMPARE(picture.sender, QString());
}

void TestMessageEventFile::lineNumbersArePhysical()
{
    // Blank and whitespace-only lines count as lines but are skipped; CRLF endings and a
    // missing final newline are fine.
    const ParseRun r = run("\n" + GoodLine + "\r\n   \r\n\t\n" + GoodLine + "\r\nnope\n\n" + GoodLine);
    QCOMPARE(r.accepted, 3);
    QCOMPARE(r.events.size(), 3);
    QCOMPARE(r.events.at(0).line, 2);
    QCOMPARE(r.events.at(1).line, 5);
    QCOMPARE(r.events.at(2).line, 8);
    QCOMPARE(r.events.at(2).sender, "Ana");
    QCOMPARE(r.rejected.size(), 1);
    QCOMPARE(r.rejected.at(0).line, 6);
}

void TestMessageEventFile::lastLineNeedsNoEnding()
{
    const QByteArray cutShort = R"({"phone":"+14152301001")";
    const QString reason = "Not valid JSON: unterminated object (at offset 23)";
    const ParseRun withEnding = run(cutShort + "\n");
    const ParseRun withCrLf = run(cutShort + "\r\n");
    const ParseRun withoutEnding = run(GoodLine + "\n" + cutShort);
    QCOMPARE(withEnding.rejected.at(0).reason, reason);
    QCOMPARE(withCrLf.rejected.at(0).reason, reason);
    QCOMPARE(withoutEnding.rejected.at(0).reason, reason);
    QCOMPARE(withoutEnding.rejected.at(0).line, 2);
}

void TestMessageEventFile::byteOrderMarkIsIgnored()
{
    const ParseRun r = run("\xEF\xBB\xBF" + GoodLine + "\n");
    QVERIFY(r.rejected.isEmpty());
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.at(0).phone, "+14152301001");
}

void TestMessageEventFile::timeIsConvertedToUtc_data()
{
    QTest::addColumn<QString>("at");
    QTest::addColumn<QDateTime>("utc");
    const QDate day(2026, 11, 20);
    QTest::newRow("Z") << "2026-11-20T10:01:00Z" << QDateTime(day, QTime(10, 1), Qt::UTC);
    QTest::newRow("+02:00") << "2026-11-20T10:01:00+02:00" << QDateTime(day, QTime(8, 1), Qt::UTC);
    QTest::newRow("-05:00") << "2026-11-20T10:01:00-05:00" << QDateTime(day, QTime(15, 1), Qt::UTC);
    QTest::newRow("-0800 no colon") << "2026-11-20T10:01:00-0800" << QDateTime(day, QTime(18, 1), Qt::UTC);
    QTest::newRow("+00:00") << "2026-11-20T10:01:00+00:00" << QDateTime(day, QTime(10, 1), Qt::UTC);
    QTest::newRow("milliseconds") << "2026-11-20T10:01:00.250Z"
                                  << QDateTime(day, QTime(10, 1, 0, 250), Qt::UTC);
    QTest::newRow("crosses midnight")
        << "2026-11-20T22:30:00-03:00" << QDateTime(QDate(2026, 11, 21), QTime(1, 30), Qt::UTC);
    QTest::newRow("+05:30") << "2026-11-20T10:01:00+05:30" << QDateTime(day, QTime(4, 31), Qt::UTC);
}

void TestMessageEventFile::timeIsConvertedToUtc()
{
    QFETCH(QString, at);
    QFETCH(QDateTime, utc);
    const QByteArray line
        = R"({"phone":"+14152301001","direction":"in","body":"ok","at":")" + at.toUtf8() + R"("})";
    const ParseRun r = run(line);
    QVERIFY(r.rejected.isEmpty());
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.at(0).at, utc);
    QCOMPARE(r.events.at(0).at.timeSpec(), Qt::UTC);
}

void TestMessageEventFile::rejectsWithReason_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");
    const QJsonValue absent(QJsonValue::Undefined);
    const QString noCountry = R"(Phone "%1" has no country code: write it in E.164 form (+ and up to 15 digits))";
    const QString invalidPhone = R"(Phone "%1" is not a valid number: %2)";
    const QString noZone = R"("at" has no time zone: "%1" (add Z or an offset such as +02:00))";

    QTest::newRow("not JSON") << QByteArray("nope") << "Not valid JSON: illegal value (at offset 1)";
    QTest::newRow("cut short") << QByteArray(R"({"phone":"+14152301001")")
                               << "Not valid JSON: unterminated object (at offset 23)";
    QTest::newRow("text after the object")
        << QByteArray(R"({"phone":"+14152301001"} x)")
        << "Not valid JSON: garbage at the end of the document (at offset 25)";
    QTest::newRow("array") << QByteArray(R"(["+14152301001","out"])") << "Not a JSON object";
    // JSON Lines is UTF-8: a Windows-1252 é is refused with its line, never turned into another character.
    QTest::newRow("not UTF-8")
        << QByteArray("{\"phone\":\"+14152301001\",\"direction\":\"out\",\"body\":\"caf\xE9\",\"at\":\"2026-11-20T10:01:00Z\"}")
        << "Not valid JSON: invalid UTF8 string (at offset 53)";

    QTest::newRow("phone missing") << withField("phone", absent) << R"(Missing "phone")";
    QTest::newRow("phone null") << withField("phone", QJsonValue::Null) << R"(Missing "phone")";
    QTest::newRow("phone a number") << withField("phone", 14152301001.0) << R"("phone" is not a string)";
    QTest::newRow("phone blank") << withField("phone", "  ") << R"("phone" is empty)";
    QTest::newRow("phone without +") << withField("phone", "4152301001") << noCountry.arg("4152301001");
    QTest::newRow("phone 16 digits") << withField("phone", "+1234567890123456")
                                     << invalidPhone.arg("+1234567890123456", "too long");
    QTest::newRow("phone only +") << withField("phone", "+") << invalidPhone.arg("+", "not a phone number");
    QTest::newRow("phone no such number")
        << withField("phone", "+14151234567") << invalidPhone.arg("+14151234567", "not a valid number for region US");
    QTest::newRow("phone 64,000 digits")
        << withField("phone", QString("+" + QString(64000, '5'))) << invalidPhone.arg("+" + QString(39, '5') + "…", "too long");

    QTest::newRow("direction missing") << withField("direction", absent) << R"(Missing "direction")";
    QTest::newRow("direction upper case")
        << withField("direction", "OUT") << R"("direction" must be "in" or "out", not "OUT")";
    QTest::newRow("direction other word")
        << withField("direction", "sent") << R"("direction" must be "in" or "out", not "sent")";
    QTest::newRow("direction a number") << withField("direction", 1) << R"("direction" is not a string)";

    QTest::newRow("at missing") << withField("at", absent) << R"(Missing "at")";
    QTest::newRow("at a number") << withField("at", 1795168860) << R"("at" is not a string)";
    QTest::newRow("at not a date") << withField("at", "yesterday")
                                   << R"("at" is not an ISO 8601 date and time: "yesterday")";
    QTest::newRow("at impossible month") << withField(
        "at", "2026-13-20T10:01:00Z") << R"("at" is not an ISO 8601 date and time: "2026-13-20T10:01:00Z")";
    QTest::newRow("at without zone") << withField("at", "2026-11-20T10:01:00")
                                     << noZone.arg("2026-11-20T10:01:00");
    QTest::newRow("at date only") << withField("at", "2026-11-20") << noZone.arg("2026-11-20");

    QTest::newRow("body missing") << withField("body", absent) << R"(Missing "body")";
    QTest::newRow("body a number") << withField("body", 42) << R"("body" is not a string)";
    QTest::newRow("body an object") << withField("body", QJsonObject { { "text", "hi" } })
                                    << R"("body" is not a string)";
    QTest::newRow("body too long") << withField("body", QString(Limits::MaxMessageBodyLength + 1, 'x'))
                                   << R"("body" is longer than 1600 characters)";
    QTest::newRow("body with NUL") << withField("body", QString(QString("a") + QChar(0) + "b"))
                                   << R"("body" has a NUL character)";
    QTest::newRow("sender a number") << withField("sender", 7) << R"("sender" is not a string)";
    QTest::newRow("sender too long") << withField("sender", QString(Limits::MaxNameLength + 1, 'x'))
                                     << R"("sender" is longer than 100 characters)";
    QTest::newRow("sender with NUL") << withField("sender", QString(QString("An") + QChar(0) + "a"))
                                     << R"("sender" has a NUL character)";
    QTest::newRow("at far in the future") << withField("at", "9999-12-31T23:59:59-12:00")
                                          << R"("at" is more than a day in the future: "9999-12-31T23:59:59-12:00")";
}

void TestMessageEventFile::rejectsWithReason()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    // The bad line is the third physical line, after a good one and a blank one.
    const ParseRun r = run(GoodLine + "\n\n" + line + "\n" + GoodLine + "\n");
    QVERIFY(r.ok);
    QCOMPARE(r.rejected.size(), 1);
    QCOMPARE(r.rejected.at(0).line, 3);
    QCOMPARE(r.rejected.at(0).reason, reason);
    QCOMPARE(r.accepted, 2);
    QCOMPARE(r.events.size(), 2);
    QCOMPARE(r.events.at(1).line, 4);
}

void TestMessageEventFile::deliversInBatches_data()
{
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<QVector<int>>("batchSizes");
    QTest::newRow("12 by 5") << 12 << 5 << QVector<int> { 5, 5, 2 };
    QTest::newRow("10 by 5") << 10 << 5 << QVector<int> { 5, 5 };
    QTest::newRow("3 by default") << 3 << int(MessageEventFile::DefaultBatchSize) << QVector<int> { 3 };
    QTest::newRow("3 by 1") << 3 << 1 << QVector<int> { 1, 1, 1 };
    QTest::newRow("nothing") << 0 << 5 << QVector<int> {};
}

void TestMessageEventFile::deliversInBatches()
{
    QFETCH(int, lines);
    QFETCH(int, batchSize);
    QFETCH(QVector<int>, batchSizes);
    QByteArray content;
    for (int i = 0; i < lines; ++i)
        content += GoodLine + "\n";
    const ParseRun r = run(content, batchSize);
    QVector<int> sizes;
    for (const QVector<MessageEvent>& batch : r.batches)
        sizes.append(batch.size());
    QCOMPARE(sizes, batchSizes);
    QCOMPARE(r.accepted, lines);
    for (int i = 0; i < r.events.size(); ++i)
        QCOMPARE(r.events.at(i).line, i + 1);
}

void TestMessageEventFile::reportsProgress()
{
    QByteArray content;
    for (int i = 0; i < 10; ++i)
        content += GoodLine + "\n";
    QBuffer buffer(&content);
    buffer.open(QIODevice::ReadOnly);

    QVector<QPair<qint64, qint64>> reports;
    MessageEventFile file;
    file.setProgressSink([&reports](qint64 read, qint64 total) { reports.append({ read, total }); });
    QVERIFY(file.parse(
        buffer, [](const QVector<MessageEvent>&) {}, 4));

    const qint64 lineSize = GoodLine.size() + 1;
    QCOMPARE(reports,
        (QVector<QPair<qint64, qint64>> { { 4 * lineSize, content.size() }, { 8 * lineSize, content.size() },
            { content.size(), content.size() } }));
}

void TestMessageEventFile::unreadableDevice()
{
    QBuffer closed;
    MessageEventFile file;
    bool called = false;
    QVERIFY(!file.parse(closed, [&called](const QVector<MessageEvent>&) { called = true; }));
    QCOMPARE(file.errorString(), "The file is not open for reading");
    QVERIFY(!called);
}

void TestMessageEventFile::secondParseStartsAfresh()
{
    MessageEventFile file;
    QByteArray first = GoodLine + "\nnope\n";
    QBuffer firstBuffer(&first);
    firstBuffer.open(QIODevice::ReadOnly);
    QVERIFY(file.parse(firstBuffer, [](const QVector<MessageEvent>&) {}));
    QCOMPARE(file.acceptedCount(), 1);
    QCOMPARE(file.rejectedLines().size(), 1);

    QByteArray second = GoodLine + "\n";
    QBuffer secondBuffer(&second);
    secondBuffer.open(QIODevice::ReadOnly);
    QVERIFY(file.parse(secondBuffer, [](const QVector<MessageEvent>&) {}));
    QCOMPARE(file.acceptedCount(), 1);
    QVERIFY(file.rejectedLines().isEmpty());
}

void TestMessageEventFile::readsAStream()
{
    // A pipe has nothing buffered before its first read; it was once taken for empty
    // and its events dropped without a word.
    const QByteArray content = GoodLine + "\nnope\n" + GoodLine;
    Stream stream(content);
    stream.open(QIODevice::ReadOnly);
    MessageEventFile file;
    QVector<MessageEvent> events;
    QVector<QPair<qint64, qint64>> reports;
    file.setProgressSink([&reports](qint64 read, qint64 total) { reports.append({ read, total }); });
    QVERIFY(file.parse(stream, [&events](const QVector<MessageEvent>& batch) { events += batch; }));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).line, 1);
    QCOMPARE(events.at(1).line, 3);
    QCOMPARE(file.rejectedLines().size(), 1);
    QCOMPARE(file.rejectedLines().at(0).line, 2);
    QCOMPARE(reports.last(), (QPair<qint64, qint64>(content.size(), -1)));
}

void TestMessageEventFile::phonesFollowTheContactRule()
{
    // What the contact import stores, the event import finds: written with spaces, or as
    // a German number libphonenumber's plan would allow at 17 digits (E.164 allows 15).
    const ParseRun r = run(withField("phone", "+1 415 230 1001") + "\n" + withField("phone", "+49 30 123456789012")
        + "\n" + withField("phone", "+49 30 12345678901") + "\n");
    QCOMPARE(r.events.size(), 2);
    QCOMPARE(r.events.at(0).phone, QString("+14152301001"));
    QCOMPARE(r.events.at(1).phone, QString("+493012345678901"));
    QCOMPARE(r.rejected.size(), 1);
    QCOMPARE(r.rejected.at(0).line, 2);
    QCOMPARE(r.rejected.at(0).reason, QString(R"(Phone "+49 30 123456789012" is not a valid number: too long)"));
}

void TestMessageEventFile::futureIsRefused()
{
    // A gateway's clock a few hours ahead is fine; more than a day is a wrong date.
    const ParseRun r = run(withField("at", "2026-11-28T11:59:00Z") + "\n" + withField("at", "2026-11-28T12:00:01Z")
        + "\n" + withField("at", "2026-11-28T06:00:00-07:00") + "\n");
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.at(0).line, 1);
    QCOMPARE(r.rejected.size(), 2);
    QCOMPARE(r.rejected.at(0).line, 2);
    QCOMPARE(r.rejected.at(0).reason, QString(R"("at" is more than a day in the future: "2026-11-28T12:00:01Z")"));
    QCOMPARE(r.rejected.at(1).line, 3);
}

void TestMessageEventFile::longLinesAreRejectedAndPassedOver()
{
    // A 50 MB body is read past, not kept: the line is rejected and the next one read.
    const QByteArray huge = R"({"phone":"+14152301001","direction":"out","at":"2026-11-20T10:01:00Z","body":")"
        + QByteArray(50 * 1024 * 1024, 'x') + "\"}";
    const QByteArray justUnder = withField("body", QString(Limits::MaxMessageBodyLength, 'x'));
    const ParseRun r = run(GoodLine + "\n" + huge + "\n" + justUnder + "\n" + huge);
    QCOMPARE(r.events.size(), 2);
    QCOMPARE(r.events.at(0).line, 1);
    QCOMPARE(r.events.at(1).line, 3);
    QCOMPARE(r.rejected.size(), 2);
    QCOMPARE(r.rejected.at(0).line, 2);
    QCOMPARE(r.rejected.at(0).reason, QString("longer than 65536 bytes"));
    QCOMPARE(r.rejected.at(1).line, 4);
}

QTEST_GUILESS_MAIN(TestMessageEventFile)
#include "TestMessageEventFile.moc"
