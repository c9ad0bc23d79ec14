#include "MessageEventFile.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

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
};

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
    const QString notE164 = R"(Phone "%1" is not in E.164 form (+ and up to 15 digits))";
    const QString noZone = R"("at" has no time zone: "%1" (add Z or an offset such as +02:00))";

    QTest::newRow("not JSON") << QByteArray("nope") << "Not valid JSON: illegal value (at offset 1)";
    QTest::newRow("cut short") << QByteArray(R"({"phone":"+14152301001")")
                               << "Not valid JSON: unterminated object (at offset 23)";
    QTest::newRow("text after the object")
        << QByteArray(R"({"phone":"+14152301001"} x)")
        << "Not valid JSON: garbage at the end of the document (at offset 25)";
    QTest::newRow("array") << QByteArray(R"(["+14152301001","out"])") << "Not a JSON object";

    QTest::newRow("phone missing") << withField("phone", absent) << R"(Missing "phone")";
    QTest::newRow("phone null") << withField("phone", QJsonValue::Null) << R"(Missing "phone")";
    QTest::newRow("phone a number") << withField("phone", 14152301001.0) << R"("phone" is not a string)";
    QTest::newRow("phone blank") << withField("phone", "  ") << R"("phone" is empty)";
    QTest::newRow("phone without +") << withField("phone", "4152301001") << notE164.arg("4152301001");
    QTest::newRow("phone with spaces")
        << withField("phone", "+1 415 230 1001") << notE164.arg("+1 415 230 1001");
    QTest::newRow("phone 16 digits") << withField("phone", "+1234567890123456")
                                     << notE164.arg("+1234567890123456");
    QTest::newRow("phone only +") << withField("phone", "+") << notE164.arg("+");

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
    QTest::newRow("sender a number") << withField("sender", 7) << R"("sender" is not a string)";
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

QTEST_GUILESS_MAIN(TestMessageEventFile)
#include "TestMessageEventFile.moc"
