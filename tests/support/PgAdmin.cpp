#include "PgAdmin.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlQuery>
#include <QUrl>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

bool PgAdmin::requirePassword(const QString& role, const QString& password)
{
    if (!exec(QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1') THEN"
                             " CREATE ROLE %1 LOGIN; END IF; END $$")
                  .arg(role))
        || !exec(QStringLiteral("ALTER ROLE %1 PASSWORD '%2'").arg(role, password)))
        return false;
    QFile hba(value(QStringLiteral("SHOW hba_file")).toString());
    if (!hba.open(QIODevice::ReadWrite)) {
        m_error = QStringLiteral("Cannot write %1: %2").arg(hba.fileName(), hba.errorString());
        return false;
    }
    const QByteArray rules = hba.readAll();
    const QByteArray rule = QStringLiteral("host all %1 127.0.0.1/32 scram-sha-256\n").arg(role).toUtf8();
    if (!rules.contains(rule)) {
        hba.seek(0);
        hba.write(rule + rules);
    }
    hba.close();
    return value(QStringLiteral("SELECT pg_reload_conf()")).toBool();
}

int PgAdmin::closedPort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&address), length) == 0
        && ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(s);
    return port;
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
