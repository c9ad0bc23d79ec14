#include "core/CsvReader.h"
#include "core/CsvWriter.h"

#include <QBuffer>
#include <QTest>

using namespace Handoff;

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void neutralises_data();
    void neutralises();
    void writesRfc4180Records();
    void readsBackWhatItWrote();
    void reportsAFullDevice();
};

void TestCsvWriter::neutralises_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("written");

    QTest::newRow("plain text") << "Ana Ruiz" << "Ana Ruiz";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("equals") << "=1+1" << "'=1+1";
    QTest::newRow("hyperlink") << "=HYPERLINK(\"http://evil.example\",\"Click\")"
                               << "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"";
    QTest::newRow("dde") << "=cmd|' /C calc'!A0" << "'=cmd|' /C calc'!A0";
    QTest::newRow("plus") << "+cmd|' /C calc'!A0" << "'+cmd|' /C calc'!A0";
    QTest::newRow("minus") << "-2+3" << "'-2+3";
    QTest::newRow("at") << "@SUM(A1:A9)" << "'@SUM(A1:A9)";
    QTest::newRow("tab") << "\t=1" << "'\t=1";
    QTest::newRow("carriage return") << "\r=1" << "\"'\r=1\"";
    QTest::newRow("later equals is text") << "a=b" << "a=b";
    QTest::newRow("leading quote kept") << "'quoted" << "'quoted";
    // Phones are E.164 everywhere in Handoff: a number, which runs nothing, kept exact.
    QTest::newRow("e164 phone") << "+14155550101" << "+14155550101";
    QTest::newRow("e164 longest") << "+123456789012345" << "+123456789012345";
    QTest::newRow("too long for e164") << "+1234567890123456" << "'+1234567890123456";
    QTest::newRow("phone with formula") << "+1415+cmd" << "'+1415+cmd";
    QTest::newRow("phone with space") << "+1 415 555 0101" << "'+1 415 555 0101";
    QTest::newRow("phone with sum") << "+1+1" << "'+1+1";
    QTest::newRow("leading zero country") << "+0123" << "'+0123";
    QTest::newRow("bare plus") << "+" << "'+";
    QTest::newRow("comma") << "Lee, Cruz" << "\"Lee, Cruz\"";
    QTest::newRow("quote") << "say \"hi\"" << "\"say \"\"hi\"\"\"";
    QTest::newRow("line break") << "two\nlines" << "\"two\nlines\"";
    QTest::newRow("formula with comma") << "=A1,B2" << "\"'=A1,B2\"";
}

void TestCsvWriter::neutralises()
{
    QFETCH(QString, value);
    QFETCH(QString, written);
    QCOMPARE(CsvWriter::field(value), written);
}

void TestCsvWriter::writesRfc4180Records()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    QVERIFY(writer.writeRecord({"Contact", "Phone", "Last Message"}));
    QVERIFY(writer.writeRecord({"José Núñez", "+14155550101", "=IMPORTXML(\"http://x\",\"//a\")"}));
    QVERIFY(writer.writeRecord({"", "", ""}));
    QCOMPARE(buffer.data(), QByteArray("Contact,Phone,Last Message\r\n"
                                       "Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez,+14155550101,"
                                       "\"'=IMPORTXML(\"\"http://x\"\",\"\"//a\"\")\"\r\n"
                                       ",,\r\n"));
}

void TestCsvWriter::readsBackWhatItWrote()
{
    const QStringList record = {"a,b", "multi\r\nline", "\"quoted\"", "plain", "+14155550101", "=1+2"};
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    QVERIFY(writer.writeRecord(record));
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer);
    QStringList fields;
    int line = 0;
    QVERIFY(reader.readRecord(fields, line));
    QStringList expected = record;
    expected.last() = "'=1+2";
    QCOMPARE(fields, expected);
}

void TestCsvWriter::reportsAFullDevice()
{
    QBuffer buffer;
    buffer.open(QIODevice::ReadOnly);
    CsvWriter writer(&buffer);
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
    QVERIFY(!writer.writeRecord({"x"}));
    QVERIFY(!writer.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "TestCsvWriter.moc"
