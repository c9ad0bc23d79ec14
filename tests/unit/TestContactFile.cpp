#include "core/ContactFile.h"
#include "core/Limits.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Handoff;

Q_DECLARE_METATYPE(Handoff::ContactColumnMapping)

namespace QTest {
template <> char* toString(const Handoff::ContactColumnMapping& mapping)
{
    return qstrdup(QString("first %1, last %2, phone %3, zip %4")
                       .arg(mapping.firstName)
                       .arg(mapping.lastName)
                       .arg(mapping.phone)
                       .arg(mapping.zip)
                       .toUtf8());
}
} // namespace QTest

class TestContactFile : public QObject
{
    Q_OBJECT

private slots:
    void detect_data();
    void detect();
    void contactsAndCustomFields();
    void spokeExportColumns();
    void rejects();
    void alreadyInCampaign();
    void fieldCounts();
    void chosenMapping();
    void customFieldNames();
    void fileErrors_data();
    void fileErrors();
    void batchesAndProgress();
    void windows1252File();
    void rowsOverLimits();
    void headerOverLimits_data();
    void headerOverLimits();
    void repeatedHeaderNamesInLinearTime();
};

namespace {

struct Parsed
{
    bool ok = false;
    QVector<ContactRecord> records;
    QVector<int> batchSizes;
    QStringList rejected;
    QString error;
};

Parsed parse(ContactFile& file, const QByteArray& input, int batchSize = ContactFile::DefaultBatchSize)
{
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    Parsed parsed;
    parsed.ok = file.parse(
        buffer,
        [&parsed](const QVector<ContactRecord>& batch) {
            parsed.batchSizes.append(batch.size());
            parsed.records += batch;
        },
        batchSize);
    for (const RejectedLine& rejected : file.rejectedLines())
        parsed.rejected.append(QString("%1: %2").arg(rejected.line).arg(rejected.reason));
    parsed.error = file.errorString();
    return parsed;
}

Parsed parse(const QByteArray& input)
{
    ContactFile file;
    return parse(file, input);
}

QStringList phones(const QVector<ContactRecord>& records)
{
    QStringList result;
    for (const ContactRecord& record : records)
        result.append(QString("%1 %2").arg(record.line).arg(record.phoneE164));
    return result;
}

QString json(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

void TestContactFile::detect_data()
{
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<ContactColumnMapping>("expected");

    QTest::newRow("plain") << QStringList { "First Name", "Last Name", "Phone", "Zip" }
                           << ContactColumnMapping { 0, 1, 2, 3 };
    QTest::newRow("underscores and hyphens") << QStringList { "first_name", "LAST-NAME", "Cell Phone",
        "postal code" } << ContactColumnMapping { 0, 1, 2, 3 };
    QTest::newRow("short forms") << QStringList { "FNAME", " lname ", "MOBILE NUMBER", "Post-Code" }
                                 << ContactColumnMapping { 0, 1, 2, 3 };
    QTest::newRow("other words") << QStringList { "Given Name", "Surname", "mobile_phone", "ZipCode" }
                                 << ContactColumnMapping { 0, 1, 2, 3 };
    QTest::newRow("one word each") << QStringList { "first", "last", "cell", "zip code" }
                                   << ContactColumnMapping { 0, 1, 2, 3 };
    QTest::newRow("shuffled among others") << QStringList { "Email", "Phone Number", "Family Name",
        "Precinct", "First", "ZIP" } << ContactColumnMapping { 4, 2, 1, 5 };
    QTest::newRow("first match wins") << QStringList { "Mobile", "Phone", "cellphone", "mobilephone" }
                                      << ContactColumnMapping { -1, -1, 0, -1 };
    QTest::newRow("nothing known") << QStringList { "Email", "Telephone", "Name" } << ContactColumnMapping {};
    QTest::newRow("empty") << QStringList {} << ContactColumnMapping {};
    ContactColumnMapping moveOn { 1, 2, 0, 3 };
    moveOn.optOut = 6;
    moveOn.texterFirst = 7;
    moveOn.texterLast = 8;
    moveOn.texterEmail = 9;
    moveOn.texterCell = 10;
    moveOn.texterAlias = 11;
    QTest::newRow("Spoke (MoveOn) export") << QStringList { "cell", "first_name", "last_name", "zip", "external_id",
        "message_status", "optedOut", "texterFirst", "texterLast", "texterEmail", "texterCell", "texterAlias",
        "precinct" } << moveOn;
    ContactColumnMapping rewired { 1, 2, 0, 3 };
    rewired.optOut = 4;
    rewired.texterFirst = 7;
    rewired.texterLast = 8;
    rewired.texterEmail = 9;
    QTest::newRow("Spoke Rewired export") << QStringList { "contact[cell]", "contact[firstName]", "contact[lastName]",
        "contact[zip]", "contact[optOut]", "contact[messageStatus]", "contact[precinct]", "texter[firstName]",
        "texter[lastName]", "texter[email]" } << rewired;
    // Brackets around nothing, or another word before them, are a plain name.
    QTest::newRow("not Rewired") << QStringList { "contact[]", "phone[cell]", "Phone" } << ContactColumnMapping { -1, -1, 2, -1 };
}

void TestContactFile::detect()
{
    QFETCH(QStringList, header);
    QFETCH(ContactColumnMapping, expected);
    QCOMPARE(ContactColumnMapping::detect(header), expected);
}

void TestContactFile::spokeExportColumns()
{
    const Parsed parsed = parse("contact[cell],contact[firstName],contact[optOut],contact[precinct],contact[ward name],"
                                "texter[firstName],texter[lastName],texter[email]\n"
                                "+14152300001,Jo,t,12,North,Ana,Ruiz,ana@example.org\n"
                                "+14152300002,Sam,false,12,North,,,\n"
                                "+14152300003,Lee,TRUE,14,South,, Dee ,\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.records.size(), 3);
    QCOMPARE(json(parsed.records[0].customFields), QString(R"({"precinct":"12","ward name":"North"})"));
    QVERIFY(parsed.records[0].optedOut);
    QVERIFY(!parsed.records[1].optedOut);
    QVERIFY(parsed.records[2].optedOut);
    QCOMPARE(parsed.records[0].texterName, QString("Ana Ruiz"));
    QCOMPARE(parsed.records[0].texterEmail, QString("ana@example.org"));
    QCOMPARE(parsed.records[1].texterName, QString());
    QCOMPARE(parsed.records[2].texterName, QString("Dee"));
}

void TestContactFile::contactsAndCustomFields()
{
    const Parsed parsed = parse("\xEF\xBB\xBF"
                                "First Name,Last Name,Cell,Zip,Precinct,Notes\r\n"
                                "Ana,García,(415) 230-1001,94612,12,\"Likes \"\"rallies\"\", weekends\"\r\n"
                                "\r\n"
                                "  Bo , Chen ,+1 415 230 1002, 02139 ,,\"line one\r\nline two\"\r\n"
                                "Cy,,+44 20 7946 0958\r\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.rejected, QStringList {});
    QCOMPARE(parsed.records.size(), 3);

    const ContactRecord& ana = parsed.records.at(0);
    QCOMPARE(ana.line, 2);
    QCOMPARE(ana.firstName, QString("Ana"));
    QCOMPARE(ana.lastName, QString::fromUtf8("García"));
    QCOMPARE(ana.phoneE164, QString("+14152301001"));
    QCOMPARE(ana.zip, QString("94612"));
    QCOMPARE(json(ana.customFields),
        QString(R"json({"Notes":"Likes \"rallies\", weekends","Precinct":"12"})json"));

    const ContactRecord& bo = parsed.records.at(1);
    QCOMPARE(bo.line, 4);
    QCOMPARE(bo.firstName, QString("Bo"));
    QCOMPARE(bo.lastName, QString("Chen"));
    QCOMPARE(bo.phoneE164, QString("+14152301002"));
    QCOMPARE(bo.zip, QString("02139"));
    QCOMPARE(json(bo.customFields), QString(R"json({"Notes":"line one\r\nline two","Precinct":""})json"));

    const ContactRecord& cy = parsed.records.at(2);
    QCOMPARE(cy.line, 6);
    QCOMPARE(cy.firstName, QString("Cy"));
    QCOMPARE(cy.lastName, QString());
    QCOMPARE(cy.phoneE164, QString("+442079460958"));
    QCOMPARE(cy.zip, QString());
    QCOMPARE(json(cy.customFields), QString(R"json({"Notes":"","Precinct":""})json"));
}

void TestContactFile::rejects()
{
    const Parsed parsed = parse("name,phone\n"
                                "a,415-230-1001\n"
                                "b,\n"
                                "c,4152301001\n"
                                "d,call me\n"
                                "e,230-1001\n"
                                "\"f\nstill f\",(415) 123-4567\n"
                                "g,+1 (415) 230-1001\n"
                                "h,415 230 1002\n"
                                "i,  \n"
                                ",,\n"
                                "j,1-415-230-1002\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001", "10 +14152301002" }));
    QCOMPARE(parsed.rejected,
        QStringList({
            "3: no phone number",
            "4: duplicate of line 2 (+14152301001)",
            "5: invalid phone \"call me\": not a phone number",
            "6: invalid phone \"230-1001\": missing area code",
            "7: invalid phone \"(415) 123-4567\": not a valid number for region US",
            "9: duplicate of line 2 (+14152301001)",
            "11: no phone number",
            "13: duplicate of line 10 (+14152301002)",
        }));
}

void TestContactFile::alreadyInCampaign()
{
    ContactFile file;
    QStringList asked;
    file.setKnownPhoneCheck([&asked](const QString& phone) {
        asked.append(phone);
        return phone == "+14152301002";
    });
    const Parsed parsed = parse(file,
        "phone\n"
        "415-230-1001\n"
        "415-230-1002\n"
        "415-230-1001\n"
        "(415) 230-1002\n"
        "not one\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001" }));
    QCOMPARE(parsed.rejected,
        QStringList({
            "3: already in the campaign",
            "4: duplicate of line 2 (+14152301001)",
            "5: already in the campaign",
            "6: invalid phone \"not one\": not a phone number",
        }));
    // Only numbers that are valid and new to the file reach the campaign check.
    QCOMPARE(asked, QStringList({ "+14152301001", "+14152301002", "+14152301002" }));
}

void TestContactFile::fieldCounts()
{
    const Parsed parsed = parse("first,phone,zip\n"
                                "Ana,415-230-1001\n"
                                "Bo,415-230-1002,94612,extra\n"
                                "Cy,415-230-1003,94612,, \n"
                                "Di\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001", "4 +14152301003" }));
    QCOMPARE(parsed.records.at(0).zip, QString());
    QCOMPARE(parsed.records.at(1).zip, QString("94612"));
    QCOMPARE(parsed.rejected, QStringList({ "3: has 4 fields, header has 3", "5: no phone number" }));
}

void TestContactFile::chosenMapping()
{
    ContactFile file;
    ContactColumnMapping mapping;
    mapping.phone = 2;
    mapping.lastName = 0;
    file.setMapping(mapping);
    const Parsed parsed = parse(file,
        "Name,Phone,Telephone\n"
        "Ana,ignored,415-230-1001\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(file.mapping(), mapping);
    QCOMPARE(file.header(), QStringList({ "Name", "Phone", "Telephone" }));
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001" }));
    QCOMPARE(parsed.records.at(0).lastName, QString("Ana"));
    QCOMPARE(parsed.records.at(0).firstName, QString());
    QCOMPARE(json(parsed.records.at(0).customFields), QString(R"json({"Phone":"ignored"})json"));
}

void TestContactFile::customFieldNames()
{
    ContactFile file;
    const Parsed parsed = parse(file,
        "Tag,phone, Tag ,,Tag\n"
        "a,415-230-1001,b,c,d\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(file.mapping(), (ContactColumnMapping { -1, -1, 1, -1 }));
    QCOMPARE(file.customFieldNames(), QStringList({ "Tag", "Tag (2)", "Column 4", "Tag (3)" }));
    QCOMPARE(json(parsed.records.at(0).customFields),
        QString(R"json({"Column 4":"c","Tag":"a","Tag (2)":"b","Tag (3)":"d"})json"));
}

void TestContactFile::fileErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("accepted");

    const QString noPhone = "The file has no phone column. Name the column of phone numbers \"Phone\", "
                            "\"Cell\" or \"Mobile\", or choose it when importing.";
    QTest::newRow("empty") << QByteArray() << "The file is empty." << QStringList {};
    QTest::newRow("blank lines only")
        << QByteArray("\xEF\xBB\xBF\n\r\n") << "The file is empty." << QStringList {};
    QTest::newRow("no phone column") << QByteArray("first,last,telephone\nA,B,415-230-1001\n") << noPhone
                                     << QStringList {};
    QTest::newRow("no header") << QByteArray("415-230-1001\n415-230-1002\n") << noPhone << QStringList {};
    QTest::newRow("unterminated quote")
        << QByteArray("phone,note\n415-230-1001,ok\n415-230-1002,\"open\n415-230-1003,x\n")
        << "Line 3: a quoted field is never closed" << QStringList {};
}

void TestContactFile::fileErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    QFETCH(QStringList, accepted);

    ContactFile file;
    const Parsed parsed = parse(file, input);
    QVERIFY(!parsed.ok);
    QCOMPARE(parsed.error, error);
    QCOMPARE(phones(parsed.records), accepted);
    QCOMPARE(file.acceptedCount(), 0);
}

void TestContactFile::batchesAndProgress()
{
    const int rows = 20000;
    QByteArray input = "phone,first\n";
    for (int i = 0; i < rows; ++i) {
        input += "415-230-" + QByteArray::number(1000 + i % 9000) + ",N" + QByteArray::number(i) + "\n";
        if (i % 1000 == 999)
            input += "bad,x\n";
    }

    ContactFile file;
    QVector<qint64> progress;
    file.setProgressSink([&progress, &input](qint64 bytesRead, qint64 totalBytes) {
        QCOMPARE(totalBytes, qint64(input.size()));
        progress.append(bytesRead);
    });
    const Parsed parsed = parse(file, input, 5000);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));

    QCOMPARE(parsed.batchSizes, QVector<int>({ 5000, 4000 }));
    QCOMPARE(file.acceptedCount(), 9000);
    QCOMPARE(parsed.records.first().line, 2);
    QCOMPARE(parsed.records.first().phoneE164, QString("+14152301000"));
    // Row i sits on line 2 + i, plus one for each "bad" line before it.
    QCOMPARE(parsed.records.last().line, 2 + 8999 + 8);
    QCOMPARE(parsed.records.last().firstName, QString("N8999"));

    QCOMPARE(parsed.rejected.size(), rows - 9000 + rows / 1000);
    QCOMPARE(parsed.rejected.first(), QString("1002: invalid phone \"bad\": not a phone number"));
    QCOMPARE(parsed.rejected.at(9), QString("9011: duplicate of line 2 (+14152301000)"));

    QVERIFY(progress.size() > 1);
    QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));
    QCOMPARE(QSet<qint64>(progress.cbegin(), progress.cend()).size(), progress.size());
    QCOMPARE(progress.last(), qint64(input.size()));
}

void TestContactFile::windows1252File()
{
    // What a spreadsheet on Windows saves as CSV: é is 0xE9. With a chunk boundary right
    // after it, the comma that follows was once lost and the columns shifted.
    ContactFile file;
    const Parsed parsed = parse(file, "first,last,phone\nJos\xE9,Mu\xF1oz,415-230-1001\nRen\xE9,L\xE9vy,415-230-1002\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(file.encoding(), CsvReader::Encoding::Windows1252);
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001", "3 +14152301002" }));
    QCOMPARE(parsed.records.at(0).firstName, QString::fromUtf8("José"));
    QCOMPARE(parsed.records.at(0).lastName, QString::fromUtf8("Muñoz"));
    QCOMPARE(parsed.records.at(1).lastName, QString::fromUtf8("Lévy"));

    // A UTF-8 file that has one such byte is neither, and nothing of it is taken.
    ContactFile mixed;
    const Parsed refused = parse(mixed, "first,phone\nJos\xC3\xA9,415-230-1001\nRen\xE9,415-230-1002\n");
    QVERIFY(!refused.ok);
    QCOMPARE(refused.error,
        QString("Line 3: byte 0xE9 is not UTF-8 text. Save the file as UTF-8 (in a spreadsheet: CSV UTF-8) "
                "and import it again."));
    QCOMPARE(mixed.acceptedCount(), 0);
}

void TestContactFile::rowsOverLimits()
{
    const QByteArray longPhone(Limits::MaxFieldLength, '5');
    const QByteArray longName(Limits::MaxNameLength + 1, 'a');
    const QByteArray input = "first,phone,notes\n"
                             "Al,415-230-1001,ok\n"
                             "Bo," + longPhone + ",x\n"
                             "Cy,415-230-1003," + QByteArray(60 * 1024 * 1024, 'n') + "\n"
                             "Di,415-230-1004,\"" + QByteArray(Limits::MaxFieldLength + 1, '\n') + "\"\n"
                             + longName + ",415-230-1005,x\n"
                             + QByteArray("Ed,415-230-1006,a\0b\n", 20)
                             + "Fy,415-230-1007,ok\n";
    const Parsed parsed = parse(input);
    // The 8,192-digit phone never reaches libphonenumber, which takes seconds over such:
    // "too long" below is Handoff's own limit speaking, not libphonenumber's verdict.
    // (How fast a file with such rows is read is the fuzz targets' and benchmarks' job,
    // not a timed test's.)
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(phones(parsed.records), QStringList({ "2 +14152301001", "8201 +14152301007" }));
    QCOMPARE(parsed.rejected,
        QStringList({
            "3: invalid phone \"" + QString(40, '5') + "…\": too long",
            "4: a field longer than 8192 characters",
            "5: a field longer than 8192 characters",
            "8199: a name is longer than 100 characters",
            "8200: has a NUL character",
        }));
}

void TestContactFile::headerOverLimits_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("error");

    QByteArray wide = "phone";
    for (int i = 0; i < Limits::MaxColumns; ++i)
        wide += ",c" + QByteArray::number(i);
    QTest::newRow("too many columns") << wide + "\n415-230-1001\n" << "Line 1, the header, has more than 500 fields.";
    QTest::newRow("long column name")
        << "phone," + QByteArray(Limits::MaxColumnNameLength + 1, 'x') + "\n415-230-1001,a\n"
        << "Line 1, the header: the name of column 2 is longer than 200 characters.";
}

void TestContactFile::headerOverLimits()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, error);

    ContactFile file;
    const Parsed parsed = parse(file, input);
    QVERIFY(!parsed.ok);
    QCOMPARE(parsed.error, error);
    QCOMPARE(file.acceptedCount(), 0);
}

void TestContactFile::repeatedHeaderNamesInLinearTime()
{
    // Every column but the phone has the same name: each gets the next free number.
    QByteArray header = "phone,Tag (3)";
    for (int i = 2; i < Limits::MaxColumns; ++i)
        header += ",Tag";
    ContactFile file;
    const Parsed parsed = parse(file, header + "\n");
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    const QStringList names = file.customFieldNames();
    QCOMPARE(names.size(), Limits::MaxColumns - 1);
    QCOMPARE(names.mid(0, 4), QStringList({ "Tag (3)", "Tag", "Tag (2)", "Tag (4)" }));
    QCOMPARE(names.last(), QString("Tag (499)"));
    QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
}

QTEST_GUILESS_MAIN(TestContactFile)
#include "TestContactFile.moc"
