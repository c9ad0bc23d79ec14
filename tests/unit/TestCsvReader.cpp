#include "CsvReader.h"

#include <QBuffer>
#include <QTest>

using namespace Handoff;

using Records = QVector<QStringList>;

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void records_data();
    void records();
    void unterminatedQuote_data();
    void unterminatedQuote();
    void runawayQuotedField();
    void readsInChunks();
    void unreadableDevice();
};

namespace {

struct ReadResult
{
    Records records;
    QVector<int> lines;
    QString error;
    int errorLine = 0;
};

ReadResult readAll(const QByteArray& input, int chunkSize)
{
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, chunkSize);
    ReadResult result;
    QStringList fields;
    int line = 0;
    while (reader.readRecord(fields, line)) {
        result.records.append(fields);
        result.lines.append(line);
    }
    result.error = reader.errorString();
    result.errorLine = reader.errorLine();
    return result;
}

// Small chunks put every boundary (CR|LF, a BOM, a multi-byte character, a doubled
// quote) across two reads at some point.
const QVector<int> chunkSizes { 1, 2, 3, 7, CsvReader::DefaultChunkSize };

} // namespace

void TestCsvReader::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("expected");
    QTest::addColumn<QVector<int>>("lines");

    QTest::newRow("LF") << QByteArray("a,b,c\n1,2,3\n") << Records { { "a", "b", "c" }, { "1", "2", "3" } }
                        << QVector<int> { 1, 2 };
    QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n") << Records { { "a", "b" }, { "1", "2" } }
                          << QVector<int> { 1, 2 };
    QTest::newRow("lone CR") << QByteArray("a\rb\r") << Records { { "a" }, { "b" } } << QVector<int> { 1, 2 };
    QTest::newRow("no final newline")
        << QByteArray("a,b\n1,2") << Records { { "a", "b" }, { "1", "2" } } << QVector<int> { 1, 2 };
    QTest::newRow("quoted comma") << QByteArray("name,city\n\"Doe, Jane\",\"Oakland, CA\"\n")
                                  << Records { { "name", "city" }, { "Doe, Jane", "Oakland, CA" } }
                                  << QVector<int> { 1, 2 };
    QTest::newRow("doubled quotes") << QByteArray("\"He said \"\"hi\"\"\",\"\"\"\"\n")
                                    << Records { { "He said \"hi\"", "\"" } } << QVector<int> { 1 };
    QTest::newRow("embedded LF") << QByteArray("a,\"one\ntwo\nthree\"\nnext,1\n")
                                 << Records { { "a", "one\ntwo\nthree" }, { "next", "1" } }
                                 << QVector<int> { 1, 4 };
    QTest::newRow("embedded CRLF") << QByteArray("a,\"x\r\ny\"\r\nb,c\r\n")
                                   << Records { { "a", "x\r\ny" }, { "b", "c" } } << QVector<int> { 1, 3 };
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF\"phone\",name\n1,2\n")
                         << Records { { "phone", "name" }, { "1", "2" } } << QVector<int> { 1, 2 };
    QTest::newRow("blank lines") << QByteArray("\n\na,b\n\n\r\n1,2\n\n")
                                 << Records { { "a", "b" }, { "1", "2" } } << QVector<int> { 3, 6 };
    QTest::newRow("empty fields") << QByteArray(",,\na,\n\"\"\n")
                                  << Records { { "", "", "" }, { "a", "" }, { "" } }
                                  << QVector<int> { 1, 2, 3 };
    QTest::newRow("spaces kept") << QByteArray(" a , b \n") << Records { { " a ", " b " } }
                                 << QVector<int> { 1 };
    QTest::newRow("quote inside unquoted field")
        << QByteArray("5'10\",x\n") << Records { { "5'10\"", "x" } } << QVector<int> { 1 };
    QTest::newRow("text after closing quote")
        << QByteArray("\"ab\"c,d\n") << Records { { "abc", "d" } } << QVector<int> { 1 };
    QTest::newRow("UTF-8") << QByteArray("Jos\xC3\xA9,Zo\xC3\xAB \xF0\x9F\x98\x80\n")
                           << Records { { QString::fromUtf8("Jos\xC3\xA9"),
                                  QString::fromUtf8("Zo\xC3\xAB \xF0\x9F\x98\x80") } }
                           << QVector<int> { 1 };
    QTest::newRow("nasty mix") << QByteArray("\xEF\xBB\xBF"
                                             "first,note\r\n"
                                             "\r\n"
                                             "Ana,\"says \"\"hi\"\",\r\nthen, \"\"bye\"\"\"\r\n"
                                             "Bo,plain\r\n")
                               << Records { { "first", "note" }, { "Ana", "says \"hi\",\r\nthen, \"bye\"" },
                                      { "Bo", "plain" } }
                               << QVector<int> { 1, 3, 5 };
    QTest::newRow("empty") << QByteArray() << Records {} << QVector<int> {};
    QTest::newRow("only BOM and blank lines")
        << QByteArray("\xEF\xBB\xBF\r\n\n") << Records {} << QVector<int> {};
}

void TestCsvReader::records()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, expected);
    QFETCH(QVector<int>, lines);

    for (const int chunkSize : chunkSizes) {
        const ReadResult result = readAll(input, chunkSize);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.records, expected);
        QCOMPARE(result.lines, lines);
    }
}

void TestCsvReader::unterminatedQuote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("before");
    QTest::addColumn<int>("errorLine");

    QTest::newRow("last field") << QByteArray("a,b\n1,\"open\n2,3\n") << Records { { "a", "b" } } << 2;
    QTest::newRow("after a multi-line field")
        << QByteArray("a,\"x\ny\"\n\n\"never closed,3\r\n4,5") << Records { { "a", "x\ny" } } << 4;
    QTest::newRow("lone quote") << QByteArray("\"") << Records {} << 1;
}

void TestCsvReader::unterminatedQuote()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, before);
    QFETCH(int, errorLine);

    for (const int chunkSize : chunkSizes) {
        const ReadResult result = readAll(input, chunkSize);
        QCOMPARE(result.records, before);
        QCOMPARE(result.errorLine, errorLine);
        QCOMPARE(result.error, QString("Line %1: a quoted field is never closed").arg(errorLine));
    }
}

void TestCsvReader::runawayQuotedField()
{
    const QByteArray input = "phone\n\"" + QByteArray(CsvReader::MaxFieldLength + 10, 'x') + "\n1\n";
    const ReadResult result = readAll(input, CsvReader::DefaultChunkSize);
    QCOMPARE(result.records, Records { { "phone" } });
    QCOMPARE(result.errorLine, 2);
    QCOMPARE(result.error,
        QString("Line 2: a quoted field runs on for more than 1048576 characters; "
                "is a closing quote missing?"));
}

void TestCsvReader::readsInChunks()
{
    QByteArray input = "phone,name\n";
    const int rows = 100000;
    for (int i = 0; i < rows; ++i)
        input += "+1415230" + QByteArray::number(1000 + i % 9000) + ",\"Name, " + QByteArray::number(i)
            + "\"\n";

    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer);
    QStringList fields;
    int line = 0;
    QVERIFY(reader.readRecord(fields, line));
    // Only the first chunk has been taken from the device, not the whole file.
    QCOMPARE(reader.bytesRead(), qint64(CsvReader::DefaultChunkSize));

    int count = 0;
    while (reader.readRecord(fields, line)) {
        ++count;
        QCOMPARE(line, count + 1);
    }
    QVERIFY(!reader.hasError());
    QCOMPARE(count, rows);
    QCOMPARE(fields, QStringList {});
    QCOMPARE(reader.bytesRead(), qint64(input.size()));
}

void TestCsvReader::unreadableDevice()
{
    QBuffer buffer;
    CsvReader reader(&buffer);
    QStringList fields;
    int line = 0;
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::read (QBuffer): device not open");
    QVERIFY(!reader.readRecord(fields, line));
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorString(), QString("Could not read the file: %1").arg(buffer.errorString()));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "TestCsvReader.moc"
