#include "PgAdmin.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUrl>

namespace Handoff {

PgAdmin::PgAdmin()
{
    const QString url = qEnvironmentVariable("HANDOFF_TEST_PG_URL");
    if (url.isEmpty()) {
        m_error = QStringLiteral("HANDOFF_TEST_PG_URL is not set (scripts/test starts a server)");
        return;
    }
    auto db = Database::openUnmigrated(url);
    if (db)
        m_db = std::move(*db);
    else
        m_error = db.error();
}

bool PgAdmin::exec(const QString& sql)
{
    if (m_db->exec(sql))
        return true;
    m_error = m_db->lastError();
    return false;
}

QVariant PgAdmin::value(const QString& sql)
{
    QSqlQuery q(m_db->connection());
    if (q.exec(sql) && q.next())
        return q.value(0);
    m_error = m_db->lastError();
    return {};
}

QString PgAdmin::createDatabase(const QString& prefix)
{
    static int counter = 0;
    const QString name
        = QStringLiteral("%1_%2_%3").arg(prefix).arg(QCoreApplication::applicationPid()).arg(++counter);
    return exec(QStringLiteral("CREATE DATABASE ") + name) ? urlOf(name) : QString();
}

bool PgAdmin::dropDatabase(const QString& name)
{
    terminate(name);
    return exec(QStringLiteral("DROP DATABASE IF EXISTS ") + name);
}

int PgAdmin::terminate(const QString& database, const QString& where)
{
    return value(QStringLiteral("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE datname = '%1' AND pid <> pg_backend_pid() AND (%2)")
                     .arg(database, where))
        .toInt();
}

bool PgAdmin::allowConnections(const QString& database, bool allow)
{
    return exec(QStringLiteral("ALTER DATABASE %1 WITH ALLOW_CONNECTIONS %2")
                    .arg(database, allow ? QStringLiteral("true") : QStringLiteral("false")));
}

QString PgAdmin::urlOf(const QString& database)
{
    return qEnvironmentVariable("HANDOFF_TEST_PG_URL").section(QLatin1Char('/'), 0, -2) + QLatin1Char('/')
        + database;
}

QString PgAdmin::databaseOf(const QString& url)
{
    return QUrl(url).path().mid(1);
}

} // namespace Handoff
