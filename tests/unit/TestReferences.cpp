#include "PgAdmin.h"
#include "StoreFixture.h"
#include "core/ConversationStatus.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/MoveStore.h"
#include "storage/Schema.h"
#include "storage/StoreCheck.h"

#include <QSqlQuery>
#include <QTest>
#include <thread>

using namespace Handoff;

// Every row names rows that exist: a conversation its campaign, contact and sender, a
// message its conversation, a history move its action. SQLite keeps FOREIGN KEY
// constraints; PostgreSQL (schema 8) checks the big tables once per statement with
// triggers, which must refuse the same writes, also when two sessions race.
class TestReferences : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aRowNamingAMissingRowIsRefused_data();
    void aRowNamingAMissingRowIsRefused();
    void oneBadRowRefusesTheWholeStatement();
    void aMissingCampaignOrSenderAmongRepeatedOnesIsNamed();
    void aKeyChangedToAMissingRowIsRefused();
    void deletingAReferencedRowIsRefused_data();
    void deletingAReferencedRowIsRefused();
    void anUnreferencedRowCanBeDeleted();
    void aDeleteWaitsForAnInsertInFlightThenRefuses();
    void anInsertWaitsForADeleteInFlightThenRefuses();
    void underRepeatableReadAParentGoneSinceIsNotNamed();
    void truncatingAReferencedTableIsRefused();
    void upgradesAFilledSchema7Store();
    void aNewStoreIsNotAnalysedEmpty();
    void aMoveVouchesForItsOwnHistoryOnly();

private:
    // What a refused write must leave: every table's row count.
    QString rowCounts();
    bool refusedAsMissingReference(Database& db);
    // sql with {campaign}, {sender}, {contact}, {conversation} and {action} filled in.
    QString withIds(QString sql) const;
    qint64 value(const QString& sql);

    std::unique_ptr<StoreFixture> m_f;
    qint64 m_campaign = 0;
    SenderId m_ana = 0;
    qint64 m_conversation = 0;
    qint64 m_contact = 0;
    qint64 m_action = 0;
};

void TestReferences::init()
{
    m_f = std::make_unique<StoreFixture>();
    QVERIFY2(m_f->ok(), qPrintable(m_f->error()));
    m_campaign = m_f->campaign(QStringLiteral("GOTV"));
    m_ana = m_f->sender(m_campaign, QStringLiteral("Ana"));
    m_conversation = m_f->conversation(m_campaign, m_ana, ConversationStatus::NeedsReply, 0);
    QVERIFY(m_conversation > 0);
    m_contact = value(QStringLiteral("SELECT contact_id FROM conversations WHERE id = %1").arg(m_conversation));
    QVERIFY(m_f->db().exec(QStringLiteral("INSERT INTO actions (campaign_id, actor, at, scope, action, status_filter,"
                                          " requested) VALUES (%1, 'me', 0, 'single', 'reassign', 'any', 1)")
                               .arg(m_campaign)));
    m_action = value(QStringLiteral("SELECT MAX(id) FROM actions"));
    QVERIFY(m_f->db().exec(QStringLiteral("INSERT INTO action_moves (action_id, conversation_id, from_sender_id)"
                                          " VALUES (%1, %2, %3)")
                               .arg(m_action)
                               .arg(m_conversation)
                               .arg(m_ana)));
}

void TestReferences::cleanup()
{
    m_f.reset();
}

qint64 TestReferences::value(const QString& sql)
{
    QSqlQuery q(m_f->db().connection());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

QString TestReferences::rowCounts()
{
    QStringList counts;
    for (const char* table : {"campaigns", "senders", "contacts", "conversations", "messages", "actions",
                              "action_moves", "pulse_waits"})
        counts << QStringLiteral("%1 %2").arg(QLatin1String(table)).arg(value(QStringLiteral("SELECT COUNT(*) FROM ")
                                                                               + QLatin1String(table)));
    return counts.join(QStringLiteral(", "));
}

QString TestReferences::withIds(QString sql) const
{
    return sql.replace(QStringLiteral("{campaign}"), QString::number(m_campaign))
        .replace(QStringLiteral("{sender}"), QString::number(m_ana))
        .replace(QStringLiteral("{contact}"), QString::number(m_contact))
        .replace(QStringLiteral("{conversation}"), QString::number(m_conversation))
        .replace(QStringLiteral("{action}"), QString::number(m_action));
}

bool TestReferences::refusedAsMissingReference(Database& db)
{
    if (StoreFixture::onPostgres())
        return db.lastErrorCode() == QLatin1String("23503");
    return db.lastError().contains(QLatin1String("FOREIGN KEY constraint failed"));
}

void TestReferences::aRowNamingAMissingRowIsRefused_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("missing");
    const QString conversation = QStringLiteral(
        "INSERT INTO conversations (campaign_id, contact_id, sender_id, last_activity, created_at)"
        " VALUES (%1, %2, %3, 0, 0)");
    // Each names one missing row (424242); {free contact} has no conversation yet.
    QTest::newRow("conversation of a missing contact")
        << conversation.arg(QStringLiteral("{campaign}"), QStringLiteral("424242"), QStringLiteral("{sender}"))
        << QStringLiteral("contact_id 424242 is not present in table \"contacts\"");
    QTest::newRow("conversation in a missing campaign")
        << conversation.arg(QStringLiteral("424242"), QStringLiteral("{free contact}"), QStringLiteral("{sender}"))
        << QStringLiteral("campaign_id 424242 is not present in table \"campaigns\"");
    QTest::newRow("conversation of a missing sender")
        << conversation.arg(QStringLiteral("{campaign}"), QStringLiteral("{free contact}"), QStringLiteral("424242"))
        // A conversation's sender keeps its FOREIGN KEY (it changes with every move).
        << QStringLiteral("violates foreign key constraint \"conversations_sender_id_fkey\"");
    QTest::newRow("contact in a missing campaign")
        << QStringLiteral("INSERT INTO contacts (campaign_id, phone) VALUES (424242, '+14152300999')")
        << QStringLiteral("campaign_id 424242 is not present in table \"campaigns\"");
    QTest::newRow("message of a missing conversation")
        << QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at) VALUES (424242, 1, 'hi', 0)")
        << QStringLiteral("conversation_id 424242 is not present in table \"conversations\"");
    QTest::newRow("message by a missing sender")
        << QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at, sender_id)"
                          " VALUES ({conversation}, 0, 'hi', 0, 424242)")
        << QStringLiteral("sender_id 424242 is not present in table \"senders\"");
    QTest::newRow("history move of a missing action")
        << QStringLiteral("INSERT INTO action_moves (action_id, conversation_id) VALUES (424242, {conversation})")
        << QStringLiteral("action_id 424242 is not present in table \"actions\"");
    QTest::newRow("history move of a missing conversation")
        << QStringLiteral("INSERT INTO action_moves (action_id, conversation_id) VALUES ({action}, 424242)")
        << QStringLiteral("conversation_id 424242 is not present in table \"conversations\"");
    QTest::newRow("reply wait of a missing conversation")
        << QStringLiteral("INSERT INTO pulse_waits (conversation_id, campaign_id, replied_at) VALUES (424242, {campaign}, 0)")
        << QStringLiteral("conversation_id 424242 is not present in table \"conversations\"");
}

void TestReferences::aRowNamingAMissingRowIsRefused()
{
    QFETCH(QString, sql);
    QFETCH(QString, missing);
    // A contact of the campaign without a conversation, for the rows that need one.
    QVERIFY(m_f->db().exec(
        QStringLiteral("INSERT INTO contacts (campaign_id, phone) VALUES (%1, '+14152300888')").arg(m_campaign)));
    const qint64 freeContact = value(QStringLiteral("SELECT MAX(id) FROM contacts"));
    sql = withIds(sql).replace(QStringLiteral("{free contact}"), QString::number(freeContact));
    const QString before = rowCounts();
    QVERIFY(!m_f->db().exec(sql));
    QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(m_f->db().lastError()));
    if (StoreFixture::onPostgres())
        QVERIFY2(m_f->db().lastError().contains(missing), qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
}

void TestReferences::oneBadRowRefusesTheWholeStatement()
{
    const QString before = rowCounts();
    QVERIFY(!m_f->db().exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at) VALUES"
                                           " (%1, 1, 'one', 0), (%1, 1, 'two', 0), (424242, 1, 'three', 0),"
                                           " (%1, 1, 'four', 0)")
                                .arg(m_conversation)));
    QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
}

// A campaign or a sender is checked once per distinct key of a statement (schema 10): one
// missing key among a thousand rows naming the same good one is still found and named.
void TestReferences::aMissingCampaignOrSenderAmongRepeatedOnesIsNamed()
{
    const QString before = rowCounts();
    // (A thousand rows written by a recursive query, which both stores have.)
    QVERIFY(!m_f->db().exec(QStringLiteral("WITH RECURSIVE g (n) AS (SELECT 1000 UNION ALL SELECT n + 1 FROM g WHERE n < 1999)"
                                           " INSERT INTO contacts (campaign_id, phone)"
                                           " SELECT CASE WHEN n = 1700 THEN 424242 ELSE %1 END, '+1415231' || n FROM g")
                                .arg(m_campaign)));
    QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(m_f->db().lastError()));
    if (StoreFixture::onPostgres())
        QVERIFY2(m_f->db().lastError().contains(QStringLiteral("campaign_id 424242 is not present in table \"campaigns\"")),
                 qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
    // The same with the bad key last of all, and for a message's sender.
    QVERIFY(!m_f->db().exec(QStringLiteral("WITH RECURSIVE g (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < 999)"
                                           " INSERT INTO messages (conversation_id, direction, body, at, sender_id)"
                                           " SELECT %1, 0, 'hi', n, CASE WHEN n = 999 THEN 424242 ELSE %2 END FROM g")
                                .arg(m_conversation)
                                .arg(m_ana)));
    QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(m_f->db().lastError()));
    if (StoreFixture::onPostgres())
        QVERIFY2(m_f->db().lastError().contains(QStringLiteral("sender_id 424242 is not present in table \"senders\"")),
                 qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
    // Rows that name only good ones go in.
    QVERIFY2(m_f->db().exec(QStringLiteral("WITH RECURSIVE g (n) AS (SELECT 1000 UNION ALL SELECT n + 1 FROM g WHERE n < 1999)"
                                           " INSERT INTO contacts (campaign_id, phone) SELECT %1, '+1415231' || n FROM g")
                                .arg(m_campaign)),
             qPrintable(m_f->db().lastError()));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM contacts WHERE phone LIKE '+1415231%'")), 1000);
}

void TestReferences::aKeyChangedToAMissingRowIsRefused()
{
    // A move to a sender that does not exist (the per-statement check of every move),
    // and keys Handoff never changes (the row check).
    for (const QString& sql : {QStringLiteral("UPDATE conversations SET sender_id = 424242"),
                               QStringLiteral("UPDATE conversations SET contact_id = 424242"),
                               QStringLiteral("UPDATE messages SET conversation_id = 424242"),
                               QStringLiteral("UPDATE action_moves SET action_id = 424242")}) {
        QVERIFY2(!m_f->db().exec(sql), qPrintable(sql));
        QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(sql + QStringLiteral(": ") + m_f->db().lastError()));
    }
    QCOMPARE(m_f->ownerOf(m_conversation), m_ana);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = %1").arg(m_conversation)), 2);
    // Unassigning names no sender, and a key set to itself changes nothing: both pass.
    QVERIFY2(m_f->db().exec(QStringLiteral("UPDATE conversations SET sender_id = NULL, contact_id = contact_id")),
             qPrintable(m_f->db().lastError()));
    QCOMPARE(m_f->ownerOf(m_conversation), UnassignedId);
}

void TestReferences::deletingAReferencedRowIsRefused_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("referencedFrom");
    QTest::newRow("contact") << QStringLiteral("DELETE FROM contacts WHERE id = {contact}")
                             << QStringLiteral("referenced from table \"conversations\" (contact_id)");
    QTest::newRow("conversation") << QStringLiteral("DELETE FROM conversations WHERE id = {conversation}")
                                  << QStringLiteral("referenced from table \"messages\" (conversation_id)");
    QTest::newRow("campaign") << QStringLiteral("DELETE FROM campaign_senders; DELETE FROM action_moves;"
                                                " DELETE FROM actions; DELETE FROM campaigns WHERE id = {campaign}")
                              << QStringLiteral("referenced from table \"contacts\" (campaign_id)");
    QTest::newRow("sender") << QStringLiteral("DELETE FROM campaign_senders; DELETE FROM senders WHERE id = {sender}")
                            << QStringLiteral("foreign key constraint \"conversations_sender_id_fkey\" on table \"conversations\"");
    QTest::newRow("action") << QStringLiteral("DELETE FROM actions WHERE id = {action}")
                            << QStringLiteral("referenced from table \"action_moves\" (action_id)");
    QTest::newRow("contact renumbered") << QStringLiteral("UPDATE contacts SET id = 424242 WHERE id = {contact}")
                                        << QStringLiteral("referenced from table \"conversations\" (contact_id)");
    QTest::newRow("every sender") << QStringLiteral("DELETE FROM campaign_senders; DELETE FROM senders")
                                  << QStringLiteral("foreign key constraint \"conversations_sender_id_fkey\" on table \"conversations\"");
}

void TestReferences::deletingAReferencedRowIsRefused()
{
    QFETCH(QString, sql);
    QFETCH(QString, referencedFrom);
    const QString before = rowCounts();
    const QStringList statements
        = withIds(sql).split(QStringLiteral("; "));
    QVERIFY(m_f->db().begin());
    // Only the last statement, the one that takes the referenced row away, is refused.
    int refusedAt = -1;
    for (int i = 0; i < statements.size() && refusedAt < 0; ++i) {
        if (!m_f->db().exec(statements.at(i)))
            refusedAt = i;
    }
    const QString error = m_f->db().lastError();
    m_f->db().rollback();
    QCOMPARE(refusedAt, statements.size() - 1);
    QVERIFY2(refusedAsMissingReference(m_f->db()) || error.contains(QLatin1String("FOREIGN KEY constraint failed")),
             qPrintable(error));
    if (StoreFixture::onPostgres())
        QVERIFY2(error.contains(referencedFrom), qPrintable(error));
    QCOMPARE(rowCounts(), before);
}

void TestReferences::anUnreferencedRowCanBeDeleted()
{
    const SenderId ben = m_f->sender(m_campaign, QStringLiteral("Ben"));
    QVERIFY(m_f->db().exec(QStringLiteral("DELETE FROM campaign_senders WHERE sender_id = %1").arg(ben)));
    QVERIFY2(m_f->db().exec(QStringLiteral("DELETE FROM senders WHERE id = %1").arg(ben)),
             qPrintable(m_f->db().lastError()));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM senders WHERE id = %1").arg(ben)), 0);
    QVERIFY(m_f->db().exec(QStringLiteral("DELETE FROM action_moves WHERE action_id = %1").arg(m_action)));
    QVERIFY2(m_f->db().exec(QStringLiteral("DELETE FROM actions WHERE id = %1").arg(m_action)),
             qPrintable(m_f->db().lastError()));
}

namespace {
// Joins a thread however the test function ends, so that a failed check reports
// instead of ending the program.
class Joined
{
public:
    explicit Joined(std::thread& thread)
        : m_thread(thread)
    { }
    ~Joined()
    {
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    std::thread& m_thread;
};

// How many sessions of the test's database wait for a lock.
int waitingForALock(const QString& url)
{
    PgAdmin admin;
    return admin.value(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                      " AND wait_event_type = 'Lock'")
                           .arg(PgAdmin::databaseOf(url)))
        .toInt();
}
} // namespace

void TestReferences::aDeleteWaitsForAnInsertInFlightThenRefuses()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite lets one writer in at a time");
    // A conversation nothing references yet.
    const qint64 fresh = m_f->conversation(m_campaign, UnassignedId, ConversationStatus::NotStarted, 5);
    auto gateway = Database::open(m_f->url());
    QVERIFY(gateway);
    QVERIFY((*gateway)->begin());
    QVERIFY2((*gateway)->exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at)"
                                             " VALUES (%1, 1, 'Count me in', 0)")
                                  .arg(fresh)),
             qPrintable((*gateway)->lastError()));

    // The gateway's message is not committed: the delete sees no reference yet, and
    // must wait for the gateway's transaction instead of deleting.
    bool deleted = true;
    QString code;
    QString error;
    std::thread script([&] {
        auto db = Database::open(m_f->url());
        if (!db)
            return;
        deleted = (*db)->exec(QStringLiteral("DELETE FROM conversations WHERE id = %1").arg(fresh));
        code = (*db)->lastErrorCode();
        error = (*db)->lastError();
    });
    const Joined joined(script);
    QTRY_COMPARE_WITH_TIMEOUT(waitingForALock(m_f->url()), 1, 10000);
    QVERIFY((*gateway)->commit());
    script.join();
    QVERIFY(!deleted);
    QCOMPARE(code, QStringLiteral("23503"));
    QVERIFY2(error.contains(QLatin1String("referenced from table \"messages\"")), qPrintable(error));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE id = %1").arg(fresh)), 1);
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = %1").arg(fresh)), 1);
}

void TestReferences::anInsertWaitsForADeleteInFlightThenRefuses()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite lets one writer in at a time");
    const qint64 fresh = m_f->conversation(m_campaign, UnassignedId, ConversationStatus::NotStarted, 5);
    auto script = Database::open(m_f->url());
    QVERIFY(script);
    QVERIFY((*script)->begin());
    QVERIFY2((*script)->exec(QStringLiteral("DELETE FROM conversations WHERE id = %1").arg(fresh)),
             qPrintable((*script)->lastError()));

    // The delete is not committed: the gateway still sees the conversation, and must
    // wait for the delete's transaction instead of writing a message to it.
    bool inserted = true;
    QString code;
    std::thread gateway([&] {
        auto db = Database::open(m_f->url());
        if (!db)
            return;
        inserted = (*db)->exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at)"
                                              " VALUES (%1, 1, 'Count me in', 0)")
                                   .arg(fresh));
        code = (*db)->lastErrorCode();
    });
    const Joined joined(gateway);
    QTRY_COMPARE_WITH_TIMEOUT(waitingForALock(m_f->url()), 1, 10000);
    QVERIFY((*script)->commit());
    gateway.join();
    QVERIFY(!inserted);
    QCOMPARE(code, QStringLiteral("23503"));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = %1").arg(fresh)), 0);
    const Outcome<QStringList> orphans = StoreCheck::orphans(m_f->db().connection());
    QVERIFY2(orphans, qPrintable(orphans.error()));
    QCOMPARE(*orphans, QStringList());
}

void TestReferences::underRepeatableReadAParentGoneSinceIsNotNamed()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite's constraints read the latest rows");
    const qint64 fresh = m_f->conversation(m_campaign, UnassignedId, ConversationStatus::NotStarted, 5);
    auto gateway = Database::open(m_f->url());
    QVERIFY(gateway);
    QVERIFY((*gateway)->begin());
    QVERIFY((*gateway)->exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")));
    // The snapshot is taken here, with the conversation in it.
    QVERIFY((*gateway)->exec(QStringLiteral("SELECT COUNT(*) FROM conversations")));
    QVERIFY2(m_f->db().exec(QStringLiteral("DELETE FROM conversations WHERE id = %1").arg(fresh)),
             qPrintable(m_f->db().lastError()));
    QVERIFY(!(*gateway)->exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at)"
                                             " VALUES (%1, 1, 'Count me in', 0)")
                                  .arg(fresh)));
    QCOMPARE((*gateway)->lastErrorCode(), QStringLiteral("40001"));
    (*gateway)->rollback();
    // Nor may a parent go away under such a snapshot: its check could not see newer rows.
    QVERIFY((*gateway)->begin());
    QVERIFY((*gateway)->exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")));
    QVERIFY(!(*gateway)->exec(QStringLiteral("DELETE FROM actions WHERE id = %1").arg(m_action)));
    QCOMPARE((*gateway)->lastErrorCode(), QStringLiteral("0A000"));
    (*gateway)->rollback();
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = %1").arg(fresh)), 0);
}

void TestReferences::truncatingAReferencedTableIsRefused()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite has no TRUNCATE");
    const QString before = rowCounts();
    QVERIFY(!m_f->db().exec(QStringLiteral("TRUNCATE contacts")));
    QCOMPARE(m_f->db().lastErrorCode(), QStringLiteral("23503"));
    QVERIFY2(m_f->db().lastError().contains(QLatin1String("referenced from table \"conversations\"")),
             qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
    // With the tables that name it, in one statement, it goes.
    QVERIFY2(m_f->db().exec(QStringLiteral("TRUNCATE action_moves, actions")), qPrintable(m_f->db().lastError()));
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM actions")), 0);
}

void TestReferences::upgradesAFilledSchema7Store()
{
    if (!StoreFixture::onPostgres())
        QSKIP("schema 8 changes nothing on SQLite; its constraints stay");
    PgAdmin admin;
    QVERIFY2(admin.ok(), qPrintable(admin.error()));
    const QString url = admin.createDatabase(QStringLiteral("handoff_schema7"));
    QVERIFY(!url.isEmpty());
    {
        auto db = Database::openUnmigrated(url);
        QVERIFY2(db, qPrintable(db.error()));
        QVERIFY2((*db)->migrate(7), qPrintable((*db)->lastError()));
        Database& store = **db;
        // Filled as Handoff 7 fills it: contacts with conversations, messages, history.
        const auto campaign = CampaignStore(store).createCampaign(QStringLiteral("GOTV"));
        QVERIFY(campaign);
        const auto ana = CampaignStore(store).addToRoster(QStringLiteral("Ana"));
        QVERIFY2(ana, qPrintable(ana.error()));
        QVERIFY(CampaignStore(store).addToCampaign(campaign->id, ana->id, false));
        QVector<NewContact> contacts;
        for (int i = 0; i < 50; ++i) {
            NewContact contact;
            contact.firstName = QStringLiteral("C%1").arg(i);
            contact.phone = QStringLiteral("+1415555%1").arg(i, 4, 10, QLatin1Char('0'));
            contact.sender = i % 2 == 0 ? ana->id : UnassignedId;
            contacts << contact;
        }
        QVERIFY(ConversationStore(store).addContacts(campaign->id, contacts));
        QVERIFY(ConversationStore(store).recordMessage(campaign->id, contacts[0].phone, MessageDirection::Inbound,
                                                       QStringLiteral("hi"), QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                                                       UnassignedId));
        QSqlQuery fks(store.connection());
        QVERIFY(fks.exec(QStringLiteral("SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'")) && fks.next());
        QCOMPARE(fks.value(0).toInt(), 15);
    }
    auto db = Database::open(url);
    QVERIFY2(db, qPrintable(db.error()));
    Database& store = **db;
    QSqlQuery q(store.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT version FROM schema_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), Database::LatestSchemaVersion);
    // The big tables' constraints are gone, the small tables' stay.
    QVERIFY(q.exec(QStringLiteral("SELECT string_agg(conrelid::regclass::text || '.' || a.attname, ' '"
                                  " ORDER BY conrelid::regclass::text, a.attname)"
                                  " FROM pg_constraint c JOIN pg_attribute a"
                                  " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE contype = 'f'"))
            && q.next());
    QCOMPARE(q.value(0).toString(),
             QStringLiteral("actions.campaign_id actions.undoes actions.undone_by campaign_senders.campaign_id"
                            " campaign_senders.sender_id conversations.sender_id sweep_rules.campaign_id"));
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'handoff_check_%'")) && q.next());
    QCOMPARE(q.value(0).toInt(), 28);
    QVERIFY(q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM contacts), (SELECT COUNT(*) FROM conversations),"
                                  " (SELECT COUNT(*) FROM conversations WHERE sender_id IS NOT NULL),"
                                  " (SELECT COUNT(*) FROM messages)"))
            && q.next());
    QCOMPARE(QStringLiteral("%1 %2 %3 %4")
                 .arg(q.value(0).toInt())
                 .arg(q.value(1).toInt())
                 .arg(q.value(2).toInt())
                 .arg(q.value(3).toInt()),
             QStringLiteral("50 50 25 1"));
    const Outcome<QStringList> orphans = StoreCheck::orphans(store.connection());
    QVERIFY2(orphans, qPrintable(orphans.error()));
    QCOMPARE(*orphans, QStringList());
    // Schema 11: the filled store's sender-and-status statistics were gathered at once.
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(d.stxdmcv) FROM pg_statistic_ext s"
                                  " LEFT JOIN pg_statistic_ext_data d ON d.stxoid = s.oid"
                                  " WHERE s.stxname = 'conversations_sender_status'"))
            && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    const Outcome<QStringList> counts = StoreCheck::countDifferences(store.connection());
    QVERIFY2(counts, qPrintable(counts.error()));
    QCOMPARE(*counts, QStringList());
    // And the triggers guard it now.
    QVERIFY(!store.exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at)"
                                       " VALUES (424242, 1, 'hi', 0)")));
    QCOMPARE(store.lastErrorCode(), QStringLiteral("23503"));
    db->reset();
    admin.dropDatabase(PgAdmin::databaseOf(url));
}

void TestReferences::aNewStoreIsNotAnalysedEmpty()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite keeps no planner statistics of its own");
    // An empty table analysed tells the planner it stays empty: a first import of a
    // million contacts would then be planned as if there were none (the generated
    // benchmark campaign took minutes instead of a minute and a half).
    PgAdmin admin;
    QVERIFY2(admin.ok(), qPrintable(admin.error()));
    const QString url = admin.createDatabase(QStringLiteral("handoff_fresh"));
    QVERIFY(!url.isEmpty());
    auto db = Database::open(url);
    QVERIFY2(db, qPrintable(db.error()));
    QSqlQuery q((*db)->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT reltuples, (SELECT COUNT(*) FROM pg_statistic_ext"
                                  " WHERE stxname = 'conversations_sender_status')"
                                  " FROM pg_class WHERE oid = 'conversations'::regclass"))
            && q.next());
    QCOMPARE(q.value(0).toDouble(), -1.0);
    QCOMPARE(q.value(1).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestReferences)
void TestReferences::aMoveVouchesForItsOwnHistoryOnly()
{
    if (!StoreFixture::onPostgres())
        QSKIP("SQLite checks each history row with its FOREIGN KEY");
    // A move's statement records moves of the conversations it has just written, and
    // turns the history's check of them off for that one statement. On the same
    // connection, right after the move, a history row naming a missing conversation is
    // refused again.
    const qint64 second = m_f->conversation(m_campaign, m_ana, ConversationStatus::NeedsReply, 1);
    ActionRecord record;
    record.campaignId = m_campaign;
    record.actor = QStringLiteral("Maria");
    record.scope = ReassignScope::Sender;
    record.action = ReassignAction::UnassignAll;
    record.source = m_ana;
    record.requested = 2;
    record.targetOrder = {UnassignedId};
    const auto moved = MoveStore(m_f->db()).apply(
        record, {PlannedMove{m_conversation, m_ana, UnassignedId}, PlannedMove{second, m_ana, UnassignedId}});
    QVERIFY2(moved, qPrintable(moved.error()));
    QCOMPARE(moved->moved, 2);
    QCOMPARE(MoveStore(m_f->db()).moveCount(moved->actionId), 2);

    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM (SELECT current_setting('%1', true) AS v) s WHERE v = 'on'")
                       .arg(QLatin1String(Schema::HistoryFromUpdate))),
             0);
    const QString before = rowCounts();
    QVERIFY(!m_f->db().exec(withIds(QStringLiteral(
        "INSERT INTO action_moves (action_id, conversation_id) VALUES ({action}, 424242)"))));
    QVERIFY2(refusedAsMissingReference(m_f->db()), qPrintable(m_f->db().lastError()));
    QCOMPARE(rowCounts(), before);
}

#include "TestReferences.moc"
