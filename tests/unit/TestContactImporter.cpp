#include "storage/CampaignStore.h"
#include "controller/CampaignService.h"
#include "controller/ContactImporter.h"
#include "storage/ConversationStore.h"
#include "storage/CopyRows.h"
#include "storage/Database.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Handoff;

class TestContactImporter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void importsValidRowsAndReportsTheRest();
    void dealsOutWithTheFairSplit();
    void secondImportReportsContactsAlreadyThere();
    void unreadableFileChangesNothing();
    void refusesArchivedCampaignAndOutsiders();
    void cancelledImportChangesNothing();
    void everyCharacterArrivesAsWritten();
    void copyTextEscapesWhatWouldEndAField();
    void cancelAfterSomeBatchesLeavesNoContact();
    void severalBatchesGoInInFileOrderAndDealtInTurn();
    void windows1252FileIsReadAndSaidSo();
    void fileInNoEncodingChangesNothing();
    void spokeExportAssignsToItsTexters();
    void rewiredExportKeepsFieldNamesWithoutBrackets();
    void assignFromExportRefusesAFileWithoutTexters();

private:
    Outcome<ContactImportReport> importText(const QByteArray& csv, QVector<SenderId> dealTo = {});
    int conversationCount();
    Outcome<ContactImportReport> importExport(const char* name, bool assign);
    // Every conversation of the campaign by phone.
    QHash<QString, Conversation> byPhone();

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
};

void TestContactImporter::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY(m_fx->ok());
    m_campaign = m_fx->campaign("Spring Canvass");
}

Outcome<ContactImportReport> TestContactImporter::importText(const QByteArray& csv, QVector<SenderId> dealTo)
{
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    ContactImporter importer(m_fx->db());
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.dealTo = std::move(dealTo);
    return importer.import(buffer, options);
}

int TestContactImporter::conversationCount()
{
    ConversationQuery q;
    q.campaignId = m_campaign;
    return ConversationStore(m_fx->db()).count(q);
}

void TestContactImporter::importsValidRowsAndReportsTheRest()
{
    const QByteArray csv = "\xEF\xBB\xBF"
                           "First Name,LAST_NAME,Cell Phone,Zip,Precinct\r\n"
                           "Maria,\"Lopez, Jr.\",(415) 230-1001,94110,12\r\n"
                           "\r\n"
                           "Kwame,Mensah,not a number,60601,3\r\n"
                           "\"Li\nNa\",Chen,+1 312 230 1002,60602,\"has \"\"quotes\"\"\"\r\n"
                           "Dup,Licate,415.230.1001,94110,12\r\n"
                           "Empty,Phone,,94110,1\r\n"
                           "Zo\xC3\xAB {Ann},O'Brien \\ Jr,+1 312 230 1003,60603,back\\slash\r\n";
    auto report = importText(csv);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 3);
    QCOMPARE(report->rejected.size(), 3);
    QCOMPARE(report->rejected[0].line, 4);
    QVERIFY2(report->rejected[0].reason.startsWith("invalid phone \"not a number\""), qPrintable(report->rejected[0].reason));
    QCOMPARE(report->rejected[1].line, 7);
    QCOMPARE(report->rejected[1].reason, QString("duplicate of line 2 (+14152301001)"));
    QCOMPARE(report->rejected[2].line, 8);
    QCOMPARE(report->rejected[2].reason, QString("no phone number"));

    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::Phone;
    const auto rows = ConversationStore(m_fx->db()).conversations(q, 0, 10);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].phone, QString("+13122301002"));
    QCOMPARE(rows[0].firstName, QString("Li\nNa"));
    QCOMPARE(rows[0].customFields.value("Precinct").toString(), QString("has \"quotes\""));
    // Braces, a backslash and an accent arrive as written, in every store.
    QCOMPARE(rows[1].contactName(), QString::fromUtf8("Zo\xC3\xAB {Ann} O'Brien \\ Jr"));
    QCOMPARE(rows[1].customFields.value("Precinct").toString(), QString("back\\slash"));
    QCOMPARE(rows[2].contactName(), QString("Maria Lopez, Jr."));
    QCOMPARE(rows[2].zip, QString("94110"));
    QCOMPARE(rows[2].status, ConversationStatus::NotStarted);
    QCOMPARE(rows[2].senderId, UnassignedId);
}

void TestContactImporter::dealsOutWithTheFairSplit()
{
    const SenderId ana = m_fx->sender(m_campaign, "Ana Ruiz");
    const SenderId ben = m_fx->sender(m_campaign, "Ben Okafor");
    const SenderId cruz = m_fx->sender(m_campaign, "Cruz Lee");
    QByteArray csv = "phone,first\n";
    for (int i = 0; i < 7; ++i)
        csv += "+1 206 230 10" + QByteArray::number(10 + i) + ",P" + QByteArray::number(i) + "\n";
    ContactImporter importer(m_fx->db());
    QSignalSpy progress(&importer, &ContactImporter::progress);
    QBuffer buffer(&csv);
    buffer.open(QIODevice::ReadOnly);
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.dealTo = {ana, ben, cruz};
    auto report = importer.import(buffer, options);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 7);
    QCOMPARE(report->dealt.size(), 3);
    QCOMPARE(report->dealt[0].count, 3);
    QCOMPARE(report->dealt[1].count, 2);
    QCOMPARE(report->dealt[2].count, 2);
    QVERIFY(!progress.isEmpty());

    // Dealt in file order, round-robin.
    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::Phone;
    const auto rows = ConversationStore(m_fx->db()).conversations(q, 0, 10);
    const QVector<SenderId> expected = {ana, ben, cruz, ana, ben, cruz, ana};
    for (int i = 0; i < 7; ++i)
        QCOMPARE(rows[i].senderId, expected[i]);
}

void TestContactImporter::secondImportReportsContactsAlreadyThere()
{
    QVERIFY(importText("phone\n+14152301001\n"));
    auto report = importText("phone\n+14152301002\n415-230-1001\n");
    QVERIFY(report);
    QCOMPARE(report->imported, 1);
    QCOMPARE(report->rejected.size(), 1);
    QCOMPARE(report->rejected[0].line, 3);
    QCOMPARE(report->rejected[0].reason, QString("already in the campaign"));
    QCOMPARE(report->alreadyInCampaign, 1);
    QCOMPARE(conversationCount(), 2);
}

void TestContactImporter::unreadableFileChangesNothing()
{
    QByteArray csv = "phone,first\n";
    for (int i = 0; i < 30; ++i)
        csv += "+1 617 230 1" + QByteArray::number(100 + i) + ",Ok\n";
    csv += "+1 617 230 1999,\"never closed\n";
    auto report = importText(csv);
    QVERIFY(!report);
    QVERIFY2(report.error().startsWith("Nothing was imported: Line 32"), qPrintable(report.error()));
    QCOMPARE(conversationCount(), 0);

    report = importText("name,zip\nAna,94110\n");
    QVERIFY(!report);
    QVERIFY2(report.error().contains("Phone"), qPrintable(report.error()));
}

void TestContactImporter::refusesArchivedCampaignAndOutsiders()
{
    const SenderId outsider = m_fx->sender(0, "Gus Outsider");
    auto report = importText("phone\n+14152301001\n", {outsider});
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("\"Gus Outsider\" is not a sender of campaign \"Spring Canvass\"."));
    QVERIFY(CampaignStore(m_fx->db()).setArchived(m_campaign, true));
    report = importText("phone\n+14152301001\n");
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("Campaign \"Spring Canvass\" is archived; no contacts can be added."));
    QCOMPARE(conversationCount(), 0);
}

void TestContactImporter::cancelledImportChangesNothing()
{
    // Several batches, so that the import is still running when Cancel arrives.
    const int batch = ConversationStore(m_fx->db()).contactsPerBatch();
    QByteArray csv = "First Name,Phone\n";
    for (int i = 0; i < 3 * batch; ++i)
        csv += "C" + QByteArray::number(i) + ",+1 415 " + QByteArray::number(200 + i / 10000) + " "
            + QByteArray::number(i % 10000).rightJustified(4, '0') + "\n";
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    ContactImporter importer(m_fx->db());
    int progressSeen = 0;
    const auto cancelling = connect(&importer, &ContactImporter::progress, &importer, [&] {
        ++progressSeen;
        importer.cancel();
    });
    ContactImportOptions options;
    options.campaignId = m_campaign;
    const auto report = importer.import(buffer, options);
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("The import was cancelled; nothing was imported."));
    QCOMPARE(progressSeen, 1);
    QCOMPARE(conversationCount(), 0);

    // The importer is good for the next file.
    disconnect(cancelling);
    buffer.seek(0);
    const auto again = importer.import(buffer, options);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->imported, 3 * batch);
    QCOMPARE(conversationCount(), 3 * batch);
}

// On PostgreSQL the rows travel in COPY's text format, where a tab ends a field, a
// newline a row, and a backslash starts an escape (\N is NULL, \. ended the data in
// old clients): each must arrive as the file wrote it, as on SQLite.
void TestContactImporter::everyCharacterArrivesAsWritten()
{
    const QByteArray csv = "First Name,Last Name,Phone,Zip,Note\n"
                           "\"Tab\there\",\"back\\slash \\N \\. \\t\",+1 415 230 2001,\"9\\4\",\"a\tb\\nc\"\n"
                           "\"line\nbreak\",\"carriage\rreturn\",+1 415 230 2002,\"\"\"q\"\"\",\"{\"\"json\"\"}\"\n"
                           "\xC3\x91\xC3\xBA\xC3\xB1" "ez,\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80,+1 415 230 2003,,\\\n"
                           "\\.,\\N,+1 415 230 2004,\\,\"\\\\\"\n";
    auto report = importText(csv);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 4);
    QVERIFY(report->rejected.isEmpty());

    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::Phone;
    const auto rows = ConversationStore(m_fx->db()).conversations(q, 0, 10);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0].firstName, QString("Tab\there"));
    QCOMPARE(rows[0].lastName, QString("back\\slash \\N \\. \\t"));
    QCOMPARE(rows[0].zip, QString("9\\4"));
    QCOMPARE(rows[0].customFields.value("Note").toString(), QString("a\tb\\nc"));
    QCOMPARE(rows[1].firstName, QString("line\nbreak"));
    QCOMPARE(rows[1].lastName, QString("carriage\rreturn"));
    QCOMPARE(rows[1].zip, QString("\"q\""));
    QCOMPARE(rows[1].customFields.value("Note").toString(), QString("{\"json\"}"));
    QCOMPARE(rows[2].firstName, QString::fromUtf8("\xC3\x91\xC3\xBA\xC3\xB1" "ez"));
    QCOMPARE(rows[2].lastName, QString::fromUtf8("\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80"));
    QCOMPARE(rows[2].zip, QString(""));
    QCOMPARE(rows[2].customFields.value("Note").toString(), QString("\\"));
    // A field that is exactly \. or \N: not the end of the data, not NULL.
    QCOMPARE(rows[3].firstName, QString("\\."));
    QCOMPARE(rows[3].lastName, QString("\\N"));
    QCOMPARE(rows[3].zip, QString("\\"));
    QCOMPARE(rows[3].customFields.value("Note").toString(), QString("\\\\"));
    QCOMPARE(rows[3].status, ConversationStatus::NotStarted);
    QCOMPARE(rows[3].senderId, UnassignedId);
}

void TestContactImporter::copyTextEscapesWhatWouldEndAField()
{
    QCOMPARE(CopyRows::escaped(u"plain"), QByteArray("plain"));
    QCOMPARE(CopyRows::escaped(u"a\tb\nc\rd\\e"), QByteArray("a\\tb\\nc\\rd\\\\e"));
    QCOMPARE(CopyRows::escaped(u"\\N"), QByteArray("\\\\N"));
    QCOMPARE(CopyRows::escaped(u"\\."), QByteArray("\\\\."));
    // Quotes mean nothing in the text format; a NUL no PostgreSQL text can hold.
    QCOMPARE(CopyRows::escaped(u"\"q\" 'r'"), QByteArray("\"q\" 'r'"));
    QCOMPARE(CopyRows::escaped(QString::fromUtf8("x\0y", 3)), QByteArray("xy"));
    QCOMPARE(CopyRows::escaped(QString::fromUtf8("\xC3\xB1\xF0\x9F\x98\x80")), QByteArray("\xC3\xB1\xF0\x9F\x98\x80"));

    CopyRows rows;
    rows.field(u"Ana\tMaria").null().field(qint64(42));
    rows.endRow();
    rows.field(u"").field(qint64(-1));
    rows.endRow();
    QCOMPARE(rows.rows(), 2);
    QCOMPARE(rows.data(), QByteArray("Ana\\tMaria\t\\N\t42\n\t-1\n"));
}

// Cancel while the file is still going in (on PostgreSQL: batches of 25,000 already
// copied into the contacts and conversations): no contact, no conversation, no count stays,
// and the same connection imports the file whole right after.
void TestContactImporter::cancelAfterSomeBatchesLeavesNoContact()
{
    const int batch = ConversationStore(m_fx->db()).contactsPerBatch();
    QByteArray csv = "First Name,Phone\n";
    for (int i = 0; i < 4 * batch; ++i)
        csv += "C" + QByteArray::number(i) + ",+1 415 " + QByteArray::number(300 + i / 10000) + " "
            + QByteArray::number(i % 10000).rightJustified(4, '0') + "\n";
    QBuffer buffer;
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    ContactImporter importer(m_fx->db());
    int progressSeen = 0;
    const auto cancelling = connect(&importer, &ContactImporter::progress, &importer, [&] {
        if (++progressSeen == 3)
            importer.cancel();
    });
    ContactImportOptions options;
    options.campaignId = m_campaign;
    const auto report = importer.import(buffer, options);
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("The import was cancelled; nothing was imported."));
    QCOMPARE(progressSeen, 3);
    QCOMPARE(conversationCount(), 0);
    QSqlQuery contacts(m_fx->db().connection());
    QVERIFY(contacts.exec("SELECT COUNT(*) FROM contacts") && contacts.next());
    QCOMPARE(contacts.value(0).toInt(), 0);

    disconnect(cancelling);
    buffer.seek(0);
    const auto again = importer.import(buffer, options);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->imported, 4 * batch);
    QCOMPARE(conversationCount(), 4 * batch);
    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::Phone;
    const auto first = ConversationStore(m_fx->db()).conversations(q, 0, 1);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first[0].firstName, QString("C0"));
}

// A file of two full batches and a part of one (25,000 rows a batch on PostgreSQL, 5,000
// on SQLite): every conversation belongs to its own row's contact, the longest-waiting
// order is the file's, and the fair split deals in turn across the batches.
void TestContactImporter::severalBatchesGoInInFileOrderAndDealtInTurn()
{
    const SenderId ana = m_fx->sender(m_campaign, "Ana Ruiz");
    const SenderId ben = m_fx->sender(m_campaign, "Ben Okafor");
    const SenderId cruz = m_fx->sender(m_campaign, "Cruz Lee");
    const int rows = 2 * ConversationStore(m_fx->db()).contactsPerBatch() + 8;
    // The phones out of order, so that neither ids nor phones follow from the other.
    auto phoneOf = [](int i) { return QStringLiteral("+1415%1").arg((i * 7919) % 100000 + 2000000, 7, 10, QLatin1Char('0')); };
    QByteArray csv = "First Name,Phone\n";
    for (int i = 0; i < rows; ++i)
        csv += "C" + QByteArray::number(i) + "," + phoneOf(i).toLatin1() + "\n";
    const auto report = importText(csv, {ana, ben, cruz});
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, rows);
    QVERIFY(report->rejected.isEmpty());
    QCOMPARE(report->dealt.size(), 3);
    QCOMPARE(report->dealt[0].count, (rows + 2) / 3);
    QCOMPARE(report->dealt[1].count, (rows + 1) / 3);
    QCOMPARE(report->dealt[2].count, rows / 3);

    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::LastActivity;
    const auto listed = ConversationStore(m_fx->db()).conversations(q, 0, rows);
    QCOMPARE(listed.size(), rows);
    const SenderId dealt[] = {ana, ben, cruz};
    for (int i = 0; i < rows; ++i) {
        if (listed[i].firstName != QStringLiteral("C%1").arg(i) || listed[i].phone != phoneOf(i)
            || listed[i].senderId != dealt[i % 3])
            QFAIL(qPrintable(QStringLiteral("row %1 of the file is listed as %2 %3 of sender %4")
                                 .arg(i)
                                 .arg(listed[i].firstName, listed[i].phone)
                                 .arg(listed[i].senderId)));
    }
    // Reassign Some takes the oldest first: the file's first rows, across the batches.
    ConversationSource source;
    source.campaignId = m_campaign;
    const auto oldest = ConversationStore(m_fx->db()).candidates(source, rows);
    QCOMPARE(oldest.size(), rows);
    for (int i = 0; i < rows; ++i)
        QCOMPARE(oldest[i].conversationId, listed[i].id);
}

void TestContactImporter::windows1252FileIsReadAndSaidSo()
{
    // é (0xE9) as the last byte of the first 64 KiB chunk: the comma after it must stay.
    QByteArray csv = "first,phone,note\nAna,+1 415 230 1001,x\n";
    // Rows of spaces are skipped like blank lines.
    while (csv.size() < 65536 - 1000)
        csv += QByteArray(999, ' ') + "\n";
    csv += QByteArray(65536 - csv.size() - 5, ' ') + "\nJos\xE9,+1 415 230 1002,caf\xE9\n";
    QCOMPARE(csv.indexOf('\xE9'), 65535);
    auto report = importText(csv);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 2);
    QCOMPARE(report->rejected.size(), 0);
    QCOMPARE(report->encoding, QString("Windows-1252"));
    QCOMPARE(report->notes,
        QStringList({ "The file is not UTF-8 text; it was read as Windows-1252, as spreadsheets save it on Windows." }));

    ConversationQuery q;
    q.campaignId = m_campaign;
    q.sort = ConversationQuery::Sort::Phone;
    const auto rows = ConversationStore(m_fx->db()).conversations(q, 0, 10);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].firstName, QString::fromUtf8("José"));
    QCOMPARE(rows[1].customFields.value("note").toString(), QString::fromUtf8("café"));

    QVERIFY(importText("phone\n+14152301003\n")->notes.isEmpty());
}

void TestContactImporter::fileInNoEncodingChangesNothing()
{
    QByteArray csv = "first,phone\nZo\xC3\xAB,+1 415 230 1001\n";
    for (int i = 0; i < 30; ++i)
        csv += "Ok,+1 617 230 1" + QByteArray::number(100 + i) + "\n";
    csv += "Ren\xE9,+1 415 230 1002\n";
    auto report = importText(csv);
    QVERIFY(!report);
    QCOMPARE(report.error(),
        QString("Nothing was imported: Line 33: byte 0xE9 is not UTF-8 text. Save the file as UTF-8 (in a "
                "spreadsheet: CSV UTF-8) and import it again."));
    QCOMPARE(conversationCount(), 0);
}

Outcome<ContactImportReport> TestContactImporter::importExport(const char* name, bool assign)
{
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.assignFromExport = assign;
    return ContactImporter(m_fx->db())
        .importFile(QStringLiteral(HANDOFF_TEST_DATA "/contacts/") + QLatin1String(name), options);
}

QHash<QString, Conversation> TestContactImporter::byPhone()
{
    ConversationQuery q;
    q.campaignId = m_campaign;
    QHash<QString, Conversation> result;
    for (const Conversation& c : ConversationStore(m_fx->db()).conversations(q, 0, 1000))
        result.insert(c.phone, c);
    return result;
}

void TestContactImporter::spokeExportAssignsToItsTexters()
{
    CampaignService service(m_fx->db());
    const auto ana = service.addSender(m_campaign, "Ana Ruiz", "ana@example.org", false);
    QVERIFY(ana);
    const auto ben = CampaignStore(m_fx->db()).addToRoster("Ben Okafor", "ben.okafor@example.org");
    QVERIFY(ben);
    auto report = importExport("spoke-moveon-contacts.csv", true);
    QVERIFY2(report, qPrintable(report.error()));
    QCOMPARE(report->imported, 5);
    QCOMPARE(report->rejected.size(), 2);
    QCOMPARE(report->rejected[0].line, 7);
    QCOMPARE(report->rejected[0].reason, QString("duplicate of line 3 (+14152300002)"));
    QCOMPARE(report->rejected[1].line, 8);
    QCOMPARE(report->optedOut, 1);
    QCOMPARE(report->joinedRoster, QStringList({"Cy Lee"}));
    QCOMPARE(report->joinedCampaign, QStringList({"Ben Okafor", "Cy Lee"}));
    QCOMPARE(report->withoutTexter, 1);
    QCOMPARE(report->notes, QStringList({"1 contact is opted out in the file; it came in opted out.",
                                         "1 texter joined the roster: Cy Lee.",
                                         "2 texters joined the campaign: Ben Okafor, Cy Lee.",
                                         "1 contact names no texter; it waits in Unassigned."}));
    QCOMPARE(report->dealt.size(), 3);
    QCOMPARE(report->dealt[0].name, QString("Ana Ruiz")); // by e-mail: the file calls her "Ana R."
    QCOMPARE(report->dealt[0].count, 1);
    QCOMPARE(report->dealt[1].name, QString("Ben Okafor")); // by e-mail, whatever its case
    QCOMPARE(report->dealt[1].count, 1);
    QCOMPARE(report->dealt[2].name, QString("Cy Lee"));
    QCOMPARE(report->dealt[2].count, 2);

    const auto cy = CampaignStore(m_fx->db()).senderByName("Cy Lee");
    QVERIFY(cy);
    QCOMPARE(cy->email, QString("cy@example.org"));
    QCOMPARE(CampaignStore(m_fx->db()).members(m_campaign, {ana->id, ben->id, cy->id}).size(), 3);
    const auto all = byPhone();
    QCOMPARE(all.size(), 5);
    QCOMPARE(all["+14152300001"].senderId, ana->id);
    QCOMPARE(all["+14152300002"].senderId, ben->id);
    QCOMPARE(all["+14152300003"].senderId, cy->id);
    QCOMPARE(all["+14152300004"].senderId, cy->id);
    QCOMPARE(all["+14152300005"].senderId, UnassignedId);
    QCOMPARE(all["+14152300004"].status, ConversationStatus::OptedOut);
    QVERIFY(all["+14152300004"].optedOut);
    QCOMPARE(all["+14152300003"].status, ConversationStatus::NotStarted);
    QCOMPARE(all["+14152300001"].firstName, QString("Jo"));
    // The export's own columns are no custom fields; the rest keep their names.
    QCOMPARE(QStringList(all["+14152300001"].customFields.keys()),
             QStringList({"city", "event_location", "external_id", "message_status", "precinct", "state"}));
    QCOMPARE(all["+14152300001"].customFields.value("event_location").toString(), QString("Hall \"B\", 2nd floor"));
    const auto counts = CampaignStore(m_fx->db()).campaignCounts(m_campaign);
    QCOMPARE(counts.optedOut, 1);
    QCOMPARE(counts.notStarted, 4);

    // The same export again: nothing new, no one joins again.
    auto again = importExport("spoke-moveon-contacts.csv", true);
    QVERIFY2(again, qPrintable(again.error()));
    QCOMPARE(again->imported, 0);
    QCOMPARE(again->alreadyInCampaign, 6); // the repeated row too
    QVERIFY(again->joinedRoster.isEmpty());
    QVERIFY(again->joinedCampaign.isEmpty());
    QCOMPARE(CampaignStore(m_fx->db()).roster().size(), 3);
}

void TestContactImporter::rewiredExportKeepsFieldNamesWithoutBrackets()
{
    auto plain = importExport("spoke-rewired-contacts.csv", false);
    QVERIFY2(plain, qPrintable(plain.error()));
    QCOMPARE(plain->imported, 3);
    QCOMPARE(plain->optedOut, 1);
    QVERIFY(plain->dealt.isEmpty());
    QVERIFY(CampaignStore(m_fx->db()).roster().isEmpty()); // not assigned: no texter joins
    auto all = byPhone();
    QCOMPARE(all["+14152300001"].firstName, QString("Jo"));
    QCOMPARE(all["+14152300001"].zip, QString("94110"));
    QCOMPARE(QStringList(all["+14152300001"].customFields.keys()),
             QStringList({"external_id", "messageStatus", "precinct"}));
    QCOMPARE(all["+14152300002"].status, ConversationStatus::OptedOut);
    QCOMPARE(all["+14152300001"].senderId, UnassignedId);

    // Assigned: Ana by name (the file gives no e-mail), Dee new.
    m_campaign = m_fx->campaign("Rewired");
    const SenderId ana = m_fx->sender(0, "Ana Ruiz");
    auto assigned = importExport("spoke-rewired-contacts.csv", true);
    QVERIFY2(assigned, qPrintable(assigned.error()));
    QCOMPARE(assigned->joinedRoster, QStringList({"Dee Park"}));
    QCOMPARE(assigned->joinedCampaign, QStringList({"Ana Ruiz", "Dee Park"}));
    all = byPhone();
    QCOMPARE(all["+14152300001"].senderId, ana);
    QCOMPARE(all["+14152300002"].senderName, QString("Dee Park"));
    QCOMPARE(all["+14152300002"].status, ConversationStatus::OptedOut);
    QCOMPARE(all["+14152300003"].senderId, UnassignedId);
}

void TestContactImporter::assignFromExportRefusesAFileWithoutTexters()
{
    QBuffer buffer;
    QByteArray csv = "phone,first_name\n+14152300001,Jo\n";
    buffer.setData(csv);
    buffer.open(QIODevice::ReadOnly);
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.assignFromExport = true;
    auto report = ContactImporter(m_fx->db()).import(buffer, options);
    QVERIFY(!report);
    QCOMPARE(report.error(), QString("Nothing was imported: The file names no texter (no texterFirst, texterLast or "
                                     "texterEmail column, nor Rewired's texter[…]); it cannot be assigned from the "
                                     "export."));
    QCOMPARE(conversationCount(), 0);
    options.dealTo = {m_fx->sender(m_campaign, "Ana Ruiz")};
    auto both = ContactImporter(m_fx->db()).importFile(QStringLiteral(HANDOFF_TEST_DATA "/contacts/spoke-moveon-contacts.csv"),
                                                       options);
    QVERIFY(!both);
    QCOMPARE(both.error(), QString("Either deal the contacts out or assign them from the export, not both."));
    QCOMPARE(conversationCount(), 0);
}

QTEST_GUILESS_MAIN(TestContactImporter)
#include "TestContactImporter.moc"
