#include "core/CsvReader.h"
#include "core/Limits.h"

#include <QBuffer>
#include <QTest>

#include <cstring>

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
    void encodings_data();
    void encodings();
    void textThatFitsNoEncoding_data();
    void textThatFitsNoEncoding();
    void recordsOverLimits_data();
    void recordsOverLimits();
    void readsInChunks();
    void unreadableDevice();
};

namespace {

struct ReadResult
{
    Records records;
    QVector<int> lines;
    QStringList problems;
    QString error;
    int errorLine = 0;
    CsvReader::Encoding encoding = CsvReader::Encoding::Utf8;
};

// A pipe, as far as the reader can tell: it cannot seek back.
class Stream : public QIODevice
{
public:
    explicit Stream(const QByteArray& data)
        : m_data(data)
    {
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 count = qMin(maxSize, qint64(m_data.size() - m_read));
        std::memcpy(data, m_data.constData() + m_read, size_t(count));
        m_read += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_read = 0;
};

ReadResult readAll(const QByteArray& input, int chunkSize, bool stream = false)
{
    Stream streamDevice(input);
    QBuffer fileBuffer;
    fileBuffer.setData(input);
    QIODevice& buffer = stream ? static_cast<QIODevice&>(streamDevice) : fileBuffer;
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, chunkSize);
    ReadResult result;
    QStringList fields;
    int line = 0;
    while (reader.readRecord(fields, line)) {
        result.records.append(fields);
        result.lines.append(line);
        result.problems.append(reader.recordProblem());
    }
    result.error = reader.errorString();
    result.errorLine = reader.errorLine();
    result.encoding = reader.encoding();
    return result;
}

// Every chunk size up to the input's length, so that each byte is the last of a chunk once.
QVector<int> everyChunkSize(const QByteArray& input)
{
    QVector<int> sizes;
    for (int size = 1; size <= input.size() + 1; ++size)
        sizes.append(size);
    return sizes;
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
    // Line breaks count: a quoted field of nothing but newlines is no shorter.
    for (const char filler : { 'x', '\n' }) {
        const QByteArray input = "phone\n\"" + QByteArray(Limits::MaxLineLength + 10, filler) + "\n1\n";
        const ReadResult result = readAll(input, CsvReader::DefaultChunkSize);
        QCOMPARE(result.records, Records { { "phone" } });
        QCOMPARE(result.errorLine, 2);
        QCOMPARE(result.error,
            QString("Line 2: a quoted field runs on for more than 65536 characters; "
                    "is a closing quote missing?"));
    }
}

void TestCsvReader::encodings_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Records>("expected");
    QTest::addColumn<CsvReader::Encoding>("encoding");

    // What a spreadsheet saves as "CSV" on Windows: é is the single byte 0xE9. As the last
    // byte of a chunk it once swallowed the comma after it.
    QTest::newRow("Windows-1252 before a comma")
        << QByteArray("name,city\nJos\xE9,Par\xEDs\n")
        << Records { { "name", "city" }, { QString::fromUtf8("José"), QString::fromUtf8("París") } }
        << CsvReader::Encoding::Windows1252;
    QTest::newRow("Windows-1252 before a newline")
        << QByteArray("name\nRen\xE9\nZo\xEB\n")
        << Records { { "name" }, { QString::fromUtf8("René") }, { QString::fromUtf8("Zoë") } }
        << CsvReader::Encoding::Windows1252;
    QTest::newRow("Windows-1252 punctuation")
        << QByteArray("note\n\x93quoted\x94 \x80 5\x96 6\n")
        << Records { { "note" }, { QString::fromUtf8("“quoted” € 5– 6") } } << CsvReader::Encoding::Windows1252;
    QTest::newRow("UTF-8 cut anywhere") << QByteArray("name,city\nJos\xC3\xA9,\xF0\x9F\x98\x80\n")
                                        << Records { { "name", "city" }, { QString::fromUtf8("José"), QString::fromUtf8("😀") } }
                                        << CsvReader::Encoding::Utf8;
    QTest::newRow("ASCII") << QByteArray("a,b\n") << Records { { "a", "b" } } << CsvReader::Encoding::Utf8;
    // Only the file's first bytes are its byte order mark: a U+FEFF that begins a later
    // chunk is text, kept whatever the chunk size.
    QTest::newRow("U+FEFF in the text")
        << QByteArray("\xEF\xBB\xBFname\nab\xEF\xBB\xBF" "cd\n")
        << Records { { "name" }, { QString::fromUtf8("ab\xEF\xBB\xBF" "cd") } } << CsvReader::Encoding::Utf8;
}

void TestCsvReader::encodings()
{
    QFETCH(QByteArray, input);
    QFETCH(Records, expected);
    QFETCH(CsvReader::Encoding, encoding);

    for (const bool stream : { false, true }) {
        for (const int chunkSize : everyChunkSize(input)) {
            // A stream is judged by its first chunk, which must reach the first such byte.
            if (stream && chunkSize < input.size())
                continue;
            const ReadResult result = readAll(input, chunkSize, stream);
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
            QCOMPARE(result.records, expected);
            QCOMPARE(result.encoding, encoding);
        }
    }
}

void TestCsvReader::textThatFitsNoEncoding_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<int>("chunkSize");
    QTest::addColumn<Records>("before");
    QTest::addColumn<int>("errorLine");
    QTest::addColumn<QString>("error");

    const QString save = " Save the file as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again.";
    // UTF-8 first, then a byte that is not: neither encoding reads the whole file.
    const QByteArray mixed = "name\nJos\xC3\xA9\nRen\xE9\nBo\n";
    QTest::newRow("UTF-8, then not") << mixed << false << 1 << Records { { "name" }, { QString::fromUtf8("José") } }
                                     << 3 << "Line 3: byte 0xE9 is not UTF-8 text." + save;
    QTest::newRow("UTF-8, then not, at a chunk's end")
        << mixed << false << 14 << Records { { "name" }, { QString::fromUtf8("José") } } << 3
        << "Line 3: byte 0xE9 is not UTF-8 text." + save;
    // A stream judged Windows-1252 by its first chunk, with UTF-8 further on.
    QTest::newRow("stream: Windows-1252, then UTF-8")
        << QByteArray("name\nRen\xE9\nJos\xC3\xA9\n") << true << 10
        << Records { { "name" }, { QString::fromUtf8("René") } } << 3
        << "Line 3 has UTF-8 text in a file read as Windows-1252." + save;
    QTest::newRow("undefined in Windows-1252")
        << QByteArray("name\nRen\xE9\nA\x81\n") << false << 4 << Records { { "name" }, { QString::fromUtf8("René") } }
        << 3 << "Line 3: byte 0x81 is neither UTF-8 nor Windows-1252 text." + save;
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFEn\0a\0m\0e\0\n\0") << false << 64 << Records {} << 1
                            << "Line 1: the file is UTF-16 text." + save;
    // A mark split over reads of one byte is still a mark.
    QTest::newRow("UTF-16 a byte at a time")
        << QByteArray("\xFE\xFF\0n\0a\0m\0e\0\n", 12) << true << 1 << Records {} << 1
        << "Line 1: the file is UTF-16 text." + save;
}

void TestCsvReader::textThatFitsNoEncoding()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, stream);
    QFETCH(int, chunkSize);
    QFETCH(Records, before);
    QFETCH(int, errorLine);
    QFETCH(QString, error);

    const ReadResult result = readAll(input, chunkSize, stream);
    QCOMPARE(result.records, before);
    QCOMPARE(result.error, error);
    QCOMPARE(result.errorLine, errorLine);
}

void TestCsvReader::recordsOverLimits_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<Records>("records");
    QTest::addColumn<QVector<int>>("lines");

    const QByteArray longField(Limits::MaxFieldLength + 1, '5');
    QTest::newRow("long unquoted field")
        << "phone,name\n" + longField + ",Al\n1,Bo\n"
        << QStringList { "", "a field longer than 8192 characters", "" }
        << Records { { "phone", "name" }, {}, { "1", "Bo" } } << QVector<int> { 1, 2, 3 };
    QTest::newRow("long quoted field, over two lines")
        << "phone,name\n\"" + longField + "\n\",Al\n1,Bo\n"
        << QStringList { "", "a field longer than 8192 characters", "" }
        << Records { { "phone", "name" }, {}, { "1", "Bo" } } << QVector<int> { 1, 2, 4 };
    QTest::newRow("long line") << "phone\n" + QByteArray(Limits::MaxLineLength * 3, ',') + "\n1\n"
                               << QStringList { "", "more than 500 fields", "" }
                               << Records { { "phone" }, {}, { "1" } } << QVector<int> { 1, 2, 3 };
    QByteArray manyShortFields;
    for (int i = 0; i < 400; ++i)
        manyShortFields += QByteArray(200, 'x') + ',';
    QTest::newRow("many fields")
        << "phone\n" + manyShortFields + "\n1\n" << QStringList { "", "more than 65536 characters", "" }
        << Records { { "phone" }, {}, { "1" } } << QVector<int> { 1, 2, 3 };
    QTest::newRow("just under") << "phone\n" + QByteArray(Limits::MaxFieldLength, '5') + "\n"
                                << QStringList { "", "" }
                                << Records { { "phone" }, { QString(Limits::MaxFieldLength, '5') } }
                                << QVector<int> { 1, 2 };
}

void TestCsvReader::recordsOverLimits()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, problems);
    QFETCH(Records, records);
    QFETCH(QVector<int>, lines);

    for (const int chunkSize : { 7, CsvReader::DefaultChunkSize }) {
        const ReadResult result = readAll(input, chunkSize);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.problems, problems);
        QCOMPARE(result.records, records);
        QCOMPARE(result.lines, lines);
    }
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
