#include "StoreFixture.h"

#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace Handoff {

namespace {
const qint64 Epoch = QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
}

bool StoreFixture::onPostgres()
{
    return qEnvironmentVariable("HANDOFF_TEST_BACKEND") == QStringLiteral("postgres");
}

namespace {
// Runs one statement on the server's maintenance database.
bool adminExec(const QString& adminUrl, const QString& sql, QString* error)
{
    auto admin = Database::openUnmigrated(adminUrl);
    if (!admin) {
        *error = admin.error();
        return false;
    }
    if (!(*admin)->exec(sql)) {
        *error = (*admin)->lastError();
        return false;
    }
    return true;
}
} // namespace

StoreFixture::StoreFixture()
{
    if (onPostgres()) {
        const QString admin = qEnvironmentVariable("HANDOFF_TEST_PG_URL");
        if (admin.isEmpty()) {
            m_error = QStringLiteral("HANDOFF_TEST_BACKEND=postgres needs HANDOFF_TEST_PG_URL (scripts/test starts a server)");
            return;
        }
        static int counter = 0;
        m_pgDatabase = QStringLiteral("handoff_test_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
        if (!adminExec(admin, QStringLiteral("CREATE DATABASE ") + m_pgDatabase, &m_error))
            return;
        m_url = admin.section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + m_pgDatabase;
    } else {
        m_url = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("handoff.db"));
    }
    auto db = Database::open(m_url);
    if (db)
        m_db = std::move(*db);
    else
        m_error = db.error();
}

StoreFixture::~StoreFixture()
{
    m_db.reset();
    if (!m_pgDatabase.isEmpty()) {
        QString error;
        adminExec(qEnvironmentVariable("HANDOFF_TEST_PG_URL"), QStringLiteral("DROP DATABASE IF EXISTS ") + m_pgDatabase,
                  &error);
    }
}

qint64 StoreFixture::campaign(const QString& name)
{
    auto c = CampaignStore(*m_db).createCampaign(name);
    return c ? c->id : 0;
}

SenderId StoreFixture::sender(qint64 campaignId, const QString& name, bool sweeper)
{
    CampaignStore store(*m_db);
    auto existing = store.senderByName(name);
    SenderId id = existing ? existing->id : 0;
    if (!existing) {
        auto added = store.addToRoster(name, name.toLower() + QStringLiteral("@example.org"));
        if (!added)
            return 0;
        id = added->id;
    }
    if (campaignId != 0 && !store.addToCampaign(campaignId, id, sweeper))
        return 0;
    return id;
}

SenderId StoreFixture::senderAsStored(qint64 campaignId, const QString& name)
{
    QSqlQuery q = m_db->prepare(
        QStringLiteral("INSERT INTO senders (name, email, created_at) VALUES (?, '', ?) RETURNING id"));
    q.addBindValue(name);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!m_db->exec(q) || !q.next())
        return 0;
    const SenderId id = q.value(0).toLongLong();
    return CampaignStore(*m_db).addToCampaign(campaignId, id, false) ? id : 0;
}

qint64 StoreFixture::conversation(qint64 campaignId, SenderId owner, ConversationStatus status, int activity,
                                  const QString& firstName)
{
    ++m_nextPhone;
    const QString phone = QStringLiteral("+1415230%1").arg(m_nextPhone, 4, 10, QLatin1Char('0'));
    ConversationStore store(*m_db);
    NewContact contact;
    contact.firstName = firstName.isEmpty() ? QStringLiteral("Contact%1").arg(m_nextPhone) : firstName;
    contact.lastName = QStringLiteral("Test");
    contact.phone = phone;
    contact.sender = owner;
    if (!store.addContacts(campaignId, {contact}))
        return 0;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(Epoch + qint64(activity) * 60000, Qt::UTC);
    switch (status) {
    case ConversationStatus::NotStarted:
        break;
    case ConversationStatus::Waiting:
        store.recordMessage(campaignId, phone, MessageDirection::Outbound, QStringLiteral("Hi!"), at, owner);
        break;
    case ConversationStatus::NeedsReply:
        store.recordMessage(campaignId, phone, MessageDirection::Outbound, QStringLiteral("Hi!"), at.addSecs(-60), owner);
        store.recordMessage(campaignId, phone, MessageDirection::Inbound, QStringLiteral("Tell me more"), at, UnassignedId);
        break;
    case ConversationStatus::OptedOut:
        store.recordMessage(campaignId, phone, MessageDirection::Outbound, QStringLiteral("Hi!"), at.addSecs(-60), owner);
        store.recordMessage(campaignId, phone, MessageDirection::Inbound, QStringLiteral("STOP"), at, UnassignedId);
        break;
    }
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("UPDATE conversations SET last_activity = ? WHERE contact_id ="
                             " (SELECT id FROM contacts WHERE campaign_id = ? AND phone = ?)"));
    q.addBindValue(Epoch + qint64(activity) * 60000);
    q.addBindValue(campaignId);
    q.addBindValue(phone);
    q.exec();
    q.prepare(QStringLiteral("SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
                             " WHERE ct.campaign_id = ? AND ct.phone = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(phone);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

SenderId StoreFixture::ownerOf(qint64 conversationId)
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT COALESCE(sender_id, 0) FROM conversations WHERE id = ?"));
    q.addBindValue(conversationId);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

ConversationStatus StoreFixture::statusOf(qint64 conversationId)
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT status FROM conversations WHERE id = ?"));
    q.addBindValue(conversationId);
    return q.exec() && q.next() ? ConversationStatus(q.value(0).toInt()) : ConversationStatus::NotStarted;
}

QString StoreFixture::stateOf(qint64 conversationId)
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral(
        "SELECT status, started, opted_out, last_inbound, last_message, last_activity FROM conversations WHERE id = ?"));
    q.addBindValue(conversationId);
    if (!q.exec() || !q.next())
        return QStringLiteral("missing");
    QStringList fields;
    for (int i = 0; i < 6; ++i)
        fields << q.value(i).toString();
    return fields.join(QLatin1Char('|'));
}

QMap<qint64, SenderId> StoreFixture::owners(qint64 campaignId)
{
    QMap<qint64, SenderId> result;
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT id, COALESCE(sender_id, 0) FROM conversations WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    if (q.exec())
        while (q.next())
            result.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    return result;
}

int StoreFixture::historySize(qint64 campaignId)
{
    QSqlQuery q(m_db->connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM actions WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

bool StoreFixture::failHistoryWrites()
{
    if (onPostgres())
        return m_db->exec(QStringLiteral("CREATE FUNCTION fail_history() RETURNS trigger LANGUAGE plpgsql AS"
                                         " $$ BEGIN RAISE EXCEPTION 'disk full (injected)'; END $$"))
            && m_db->exec(QStringLiteral("CREATE TRIGGER fail_history BEFORE INSERT ON action_moves"
                                         " FOR EACH ROW EXECUTE FUNCTION fail_history()"));
    return m_db->exec(QStringLiteral("CREATE TRIGGER fail_history BEFORE INSERT ON action_moves"
                                     " BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END"));
}

bool StoreFixture::allowHistoryWrites()
{
    return m_db->exec(onPostgres() ? QStringLiteral("DROP TRIGGER fail_history ON action_moves")
                                   : QStringLiteral("DROP TRIGGER fail_history"));
}

} // namespace Handoff
