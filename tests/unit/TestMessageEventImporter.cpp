#include "ConversationStore.h"
#include "MessageEventImporter.h"
#include "StoreFixture.h"

#include <QBuffer>
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

private:
    Outcome<MessageEventReport> load(const QByteArray& jsonl);

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

{"phone":"+19995550000","direction":"out","body":"Hi","at":"2026-11-20T10:00:00Z"}
{"phone":"+14152300002","direction":"sideways","body":"Hi","at":"2026-11-20T10:00:00Z"}
)");
    QVERIFY(report);
    QCOMPARE(report->recorded, 1);
    QCOMPARE(report->rejected.size(), 2);
    QCOMPARE(report->rejected[0].line, 3);
    QCOMPARE(report->rejected[0].reason, QString("no conversation with +19995550000 in campaign \"Events\""));
    QCOMPARE(report->rejected[1].line, 4);
    QCOMPARE(report->rejected[1].reason, QString("\"direction\" must be \"in\" or \"out\", not \"sideways\""));
    QCOMPARE(m_fx->statusOf(m_b), S::NotStarted);
}

QTEST_GUILESS_MAIN(TestMessageEventImporter)
#include "TestMessageEventImporter.moc"
