#include "controller/CsvExporter.h"
#include "core/CsvReader.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QBuffer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

class TestCsvExporter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void conversationsAsTheViewShowsThem();
    void conversationsNarrowedAndSorted();
    void formulasInContactDataAreNeutralised();
    void historyNewestFirst();
    void fileIsReplacedOnlyWhenWritten();

private:
    QByteArray conversations(const ConversationQuery& query);

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0;
};

void TestCsvExporter::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 10, "Amy");
    m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 5, "Uma");
    m_fx->conversation(m_campaign, m_ben, S::Waiting, 20, "Bo");
}

void TestCsvExporter::cleanup()
{
    m_fx.reset();
}

QByteArray TestCsvExporter::conversations(const ConversationQuery& query)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvExporter exporter(m_fx->db());
    const Outcome<int> rows = exporter.exportConversations(query, buffer);
    if (!rows)
        qWarning() << rows.error();
    return buffer.data();
}

void TestCsvExporter::conversationsAsTheViewShowsThem()
{
    ConversationQuery query;
    query.campaignId = m_campaign;
    QCOMPARE(conversations(query),
        QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                   "Uma Test,+14152300002,Not Started,,2026-11-20T09:05:00Z,Unassigned\r\n"
                   "Amy Test,+14152300001,Needs Reply,Tell me more,2026-11-20T09:10:00Z,Ana Ruiz\r\n"
                   "Bo Test,+14152300003,Waiting,Hi!,2026-11-20T09:20:00Z,Ben Okafor\r\n"));
}

void TestCsvExporter::conversationsNarrowedAndSorted()
{
    ConversationQuery query;
    query.campaignId = m_campaign;
    query.sort = ConversationQuery::Sort::Contact;
    query.order = Qt::DescendingOrder;
    QCOMPARE(conversations(query),
        QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                   "Uma Test,+14152300002,Not Started,,2026-11-20T09:05:00Z,Unassigned\r\n"
                   "Bo Test,+14152300003,Waiting,Hi!,2026-11-20T09:20:00Z,Ben Okafor\r\n"
                   "Amy Test,+14152300001,Needs Reply,Tell me more,2026-11-20T09:10:00Z,Ana Ruiz\r\n"));
    query.sender = m_ana;
    QCOMPARE(conversations(query),
        QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                   "Amy Test,+14152300001,Needs Reply,Tell me more,2026-11-20T09:10:00Z,Ana Ruiz\r\n"));
    query.sender = std::nullopt;
    query.status = S::Waiting;
    QCOMPARE(conversations(query), QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                                              "Bo Test,+14152300003,Waiting,Hi!,2026-11-20T09:20:00Z,Ben Okafor\r\n"));
}

void TestCsvExporter::formulasInContactDataAreNeutralised()
{
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 30, "=HYPERLINK(\"http://evil.example\",\"Win\")");
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 31, "@SUM(1+1)*cmd|' /C calc'!A0");
    ConversationQuery query;
    query.campaignId = m_campaign;
    query.sender = m_ana;
    query.status = S::Waiting;
    QCOMPARE(conversations(query),
        QByteArray(
            "Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Win\"\") Test\",+14152300004,Waiting,Hi!,"
            "2026-11-20T09:30:00Z,Ana Ruiz\r\n"
            "'@SUM(1+1)*cmd|' /C calc'!A0 Test,+14152300005,Waiting,Hi!,2026-11-20T09:31:00Z,Ana Ruiz\r\n"));
}

void TestCsvExporter::historyNewestFirst()
{
    ReassignmentController controller(m_fx->db(), QStringLiteral("=Maya"));
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignAll;
    r.source = m_ana;
    r.targets = {m_ben};
    r.note = QStringLiteral("Ben's shift ended");
    const auto moved = controller.run(r);
    QVERIFY2(moved, qPrintable(moved.error()));
    const auto undone = controller.undoLast(m_campaign);
    QVERIFY2(undone, qPrintable(undone.error()));

    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    CsvExporter exporter(m_fx->db());
    const Outcome<int> rows = exporter.exportHistory(m_campaign, buffer);
    QVERIFY2(rows, qPrintable(rows.error()));
    QCOMPARE(*rows, 2);
    buffer.seek(0);
    CsvReader reader(&buffer);
    QStringList fields;
    int line = 0;
    QVERIFY(reader.readRecord(fields, line));
    QCOMPARE(fields, QStringList({"ID", "When", "Who", "Scope", "Sender", "Action", "Status Filter", "Requested",
                                  "Moved", "Moved To", "Skipped: Status Changed", "Skipped: Moved Elsewhere",
                                  "Skipped: Sender Left", "Undoes", "Undone By", "Note"}));
    QVERIFY(reader.readRecord(fields, line));
    QVERIFY(QDateTime::fromString(fields[1], Qt::ISODate).isValid());
    fields.removeAt(1);
    // The manager's name comes from settings: neutralised like any other text.
    QCOMPARE(fields, QStringList({QString::number(undone->actionId), "'=Maya", "Sender", "Ana Ruiz", "Undo", "Any", "1",
                                  "1", "Ana Ruiz: 1", "0", "0", "0", QString::number(moved->actionId), "", ""}));
    QVERIFY(reader.readRecord(fields, line));
    fields.removeAt(1);
    QCOMPARE(fields,
        QStringList({ QString::number(moved->actionId), "'=Maya", "Sender", "Ana Ruiz", "Reassign All", "Any",
            "1", "1", "Ben Okafor: 1", "0", "0", "0", "", QString::number(undone->actionId), "Ben's shift ended" }));
    QVERIFY(!reader.readRecord(fields, line));
}

void TestCsvExporter::fileIsReplacedOnlyWhenWritten()
{
    const QString path = m_fx->dir() + QStringLiteral("/out.csv");
    CsvExporter exporter(m_fx->db());
    QSignalSpy progress(&exporter, &CsvExporter::progress);
    ConversationQuery query;
    query.campaignId = m_campaign;
    const Outcome<int> rows = exporter.exportConversationsFile(query, path);
    QVERIFY2(rows, qPrintable(rows.error()));
    QCOMPARE(*rows, 3);
    QCOMPARE(progress.count(), 1);
    QCOMPARE(progress.first().first().toInt(), 3);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("Contact,Phone"));

    const Outcome<int> nowhere
        = exporter.exportHistoryFile(m_campaign, m_fx->dir() + QStringLiteral("/no/such/dir/h.csv"));
    QVERIFY(!nowhere);
    QVERIFY(nowhere.error().startsWith("Cannot write"));
}

QTEST_GUILESS_MAIN(TestCsvExporter)
#include "TestCsvExporter.moc"
