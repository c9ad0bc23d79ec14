#include "Database.h"

#include "Schema.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>

namespace Handoff {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Handoff::Database", text);
}

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("handoff-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}
} // namespace

Database::Database(const QString& url, ConnectionString location)
    : m_url(url)
    , m_location(std::move(location))
    , m_connectionName(nextConnectionName())
    , m_dialect(m_location.kind == ConnectionString::Kind::Sqlite ? Dialect::Sqlite : Dialect::Postgres)
{
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Outcome<std::unique_ptr<Database>> Database::openUnmigrated(const QString& url)
{
    auto location = ConnectionString::parse(url);
    if (!location)
        return Outcome<std::unique_ptr<Database>>::failure(location.error());
    std::unique_ptr<Database> db(new Database(url, *location));
    if (auto connected = db->connect(); !connected)
        return Outcome<std::unique_ptr<Database>>::failure(connected.error());
    return Outcome<std::unique_ptr<Database>>(std::move(db));
}

Outcome<std::unique_ptr<Database>> Database::open(const QString& url)
{
    auto db = openUnmigrated(url);
    if (!db)
        return db;
    if (auto migrated = (*db)->migrate(); !migrated)
        return Outcome<std::unique_ptr<Database>>::failure(migrated.error());
    return db;
}

Outcome<Done> Database::connect()
{
    const QString driver = m_location.driverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return Outcome<Done>::failure(
            tr("The Qt %1 driver is not installed (Debian package %2).")
                .arg(driver,
                     m_dialect == Dialect::Sqlite ? QStringLiteral("libqt6sql6-sqlite")
                                                  : QStringLiteral("libqt6sql6-psql")));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_connectionName);
    if (m_dialect == Dialect::Sqlite) {
        const QFileInfo file(m_location.path);
        if (!QDir().mkpath(file.absolutePath()))
            return Outcome<Done>::failure(tr("Cannot create the folder %1.").arg(file.absolutePath()));
        db.setDatabaseName(m_location.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db.setHostName(m_location.host);
        db.setPort(m_location.port);
        db.setUserName(m_location.user);
        db.setPassword(m_location.password);
        db.setDatabaseName(m_location.database);
        QString options = QStringLiteral("connect_timeout=5");
        if (!m_location.options.isEmpty())
            options += QLatin1Char(';') + m_location.options;
        db.setConnectOptions(options);
    }
    if (!db.open()) {
        return Outcome<Done>::failure(tr("Cannot open the store %1: %2")
                                          .arg(m_location.displayString(), db.lastError().text().trimmed()));
    }
    if (m_dialect == Dialect::Sqlite) {
        // WAL lets the window read while the command line writes.
        for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
            if (!exec(QString::fromLatin1(pragma)))
                return Outcome<Done>::failure(tr("Cannot prepare the store %1: %2")
                                                  .arg(m_location.displayString(), m_lastError));
        }
    }
    return Done{};
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery Database::prepare(const QString& sql, bool* ok) const
{
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    const bool prepared = query.prepare(sql);
    if (!prepared)
        m_lastError = query.lastError().text().trimmed();
    if (ok)
        *ok = prepared;
    return query;
}

bool Database::exec(QSqlQuery& query) const
{
    if (query.exec())
        return true;
    m_lastError = query.lastError().text().trimmed();
    return false;
}

bool Database::exec(const QString& sql) const
{
    QSqlQuery query(connection());
    if (query.exec(sql))
        return true;
    m_lastError = query.lastError().text().trimmed();
    return false;
}

bool Database::begin()
{
    const bool ok = m_dialect == Dialect::Sqlite ? exec(QStringLiteral("BEGIN IMMEDIATE"))
                                                 : exec(QStringLiteral("BEGIN"));
    m_inTransaction = ok;
    return ok;
}

bool Database::commit()
{
    const bool ok = exec(QStringLiteral("COMMIT"));
    if (!ok)
        rollback();
    m_inTransaction = false;
    return ok;
}

void Database::rollback()
{
    const QString keep = m_lastError;
    exec(QStringLiteral("ROLLBACK"));
    m_lastError = keep;
    m_inTransaction = false;
}

QString Database::ddl(QString sql) const
{
    if (m_dialect == Dialect::Sqlite)
        sql.replace(QLatin1String("%PK%"), QLatin1String("INTEGER PRIMARY KEY"));
    else
        sql.replace(QLatin1String("%PK%"), QLatin1String("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"));
    return sql;
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

Outcome<Done> Database::migrate(int targetVersion)
{
    const int current = schemaVersion();
    if (current > LatestSchemaVersion) {
        return Outcome<Done>::failure(
            tr("The store %1 was written by a newer Handoff (schema %2); this Handoff reads schema %3 and older.")
                .arg(m_location.displayString())
                .arg(current)
                .arg(LatestSchemaVersion));
    }
    for (int version = current + 1; version <= targetVersion; ++version) {
        Transaction tx(*this);
        if (!tx.active())
            return Outcome<Done>::failure(tr("Cannot upgrade the store: %1").arg(m_lastError));
        if (version == 1 && !exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")))
            return Outcome<Done>::failure(tr("Cannot upgrade the store: %1").arg(m_lastError));
        for (const QString& statement : Schema::migration(version)) {
            if (!exec(ddl(statement)))
                return Outcome<Done>::failure(
                    tr("Cannot upgrade the store to schema %1: %2").arg(version).arg(m_lastError));
        }
        const bool recorded = version == 1
            ? exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (1)"))
            : exec(QStringLiteral("UPDATE schema_version SET version = %1").arg(version));
        if (!recorded || !tx.commit())
            return Outcome<Done>::failure(tr("Cannot upgrade the store: %1").arg(m_lastError));
    }
    return Done{};
}

} // namespace Handoff
