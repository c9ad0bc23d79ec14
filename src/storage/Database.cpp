#include "storage/Database.h"

#include "storage/Schema.h"
#include "storage/StoreBackup.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QRandomGenerator>
#include <QThread>
#include <QSqlError>
#include <QUrl>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cerrno>

namespace Handoff {

namespace {
QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("handoff-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

// Serialises schema upgrades of one PostgreSQL database across clients ("Handoff").
constexpr qint64 MigrationLockKey = 0x48616e646f6666;
// Seconds libpq waits for a server to answer a new connection.
constexpr int ConnectTimeout = 5;
// A lost connection is not tried again sooner than this, so a burst of reads on a
// dead server fails at once instead of waiting out a connect timeout each.
constexpr qint64 ReconnectPauseMs = 2000;

// libpq's words for a connection that failed or broke, made into one plain clause.
QString firstLine(const QString& text)
{
    for (QString line : text.split(QLatin1Char('\n'))) {
        line = line.trimmed();
        line.remove(QRegularExpression(QStringLiteral("^connection to server at .*? failed: ")));
        line.remove(QRegularExpression(QStringLiteral("^(FATAL|ERROR):\\s+")));
        line.remove(QRegularExpression(QStringLiteral("\\([0-9A-Z]{5}\\)$")));
        line = line.trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1String("QPSQL:")))
            return line;
    }
    return text.trimmed();
}

QString quoted(const QString& text, const QString& pattern)
{
    const auto match = QRegularExpression(pattern).match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

// Why a PostgreSQL server could not be opened, in words a manager can act on. The
// password never appears: libpq does not repeat it and the address is shown masked.
QString explainConnectFailure(const QString& driverText, const ConnectionString& where)
{
    const QString text = driverText;
    if (text.contains(QLatin1String("Connection refused")))
        return Database::tr("the server does not answer (connection refused)");
    if (text.contains(QLatin1String("timeout expired")) || text.contains(QLatin1String("Connection timed out")))
        return Database::tr("the server does not answer (no reply within %1 seconds)").arg(ConnectTimeout);
    if (text.contains(QLatin1String("No route to host")) || text.contains(QLatin1String("Network is unreachable")))
        return Database::tr("the server cannot be reached (%1)").arg(firstLine(text));
    if (text.contains(QLatin1String("could not translate host name")))
        return Database::tr("there is no host named \"%1\"").arg(where.host);
    if (text.contains(QLatin1String("password authentication failed")))
        return Database::tr("the server refused the password of user \"%1\"").arg(where.user);
    if (text.contains(QLatin1String("no password supplied")))
        return Database::tr("the server wants a password for user \"%1\"").arg(where.user);
    if (text.contains(QRegularExpression(QStringLiteral("database \".*\" does not exist"))))
        return Database::tr("the server has no database \"%1\"")
            .arg(quoted(text, QStringLiteral("database \"(.*)\" does not exist")));
    if (text.contains(QRegularExpression(QStringLiteral("role \".*\" does not exist"))))
        return Database::tr("the server has no user \"%1\"").arg(quoted(text, QStringLiteral("role \"(.*)\" does not exist")));
    if (text.contains(QLatin1String("too many clients")) || text.contains(QLatin1String("too many connections")))
        return Database::tr("the server has too many connections open; try again later");
    return firstLine(text);
}

// Seconds a SQLite writer waits for another one to finish before giving up.
constexpr int BusyTimeoutSeconds = 10;

// The connection's own SQLite handle, for what Qt does not pass on (the system's errno).
sqlite3* handleOf(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

// Whoever owns a file with no write permission at all meant it to stay as it is; root
// could still write it, so the permission bits decide as well as access() does.
bool canWrite(const QFileInfo& file)
{
    const auto anyWrite = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    return file.isWritable() && (file.permissions() & anyWrite);
}

QString diskFull(const QString& path)
{
    return Database::tr("the disk holding %1 is full; free some space, then try again")
        .arg(QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
}

bool isConnectionSqlState(const QString& state)
{
    // 08: connection exception; 57P01-03: the server shut down or is restarting.
    return state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01")
        || state == QLatin1String("57P02") || state == QLatin1String("57P03");
}
} // namespace

Database::Database(const QString& url, ConnectionString location, OpenMode mode)
    : m_url(url)
    , m_location(std::move(location))
    , m_mode(mode)
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

Outcome<std::unique_ptr<Database>> Database::openUnmigrated(const QString& url, OpenMode mode)
{
    auto location = ConnectionString::parse(url);
    if (!location)
        return Outcome<std::unique_ptr<Database>>::failure(location.error());
    std::unique_ptr<Database> db(new Database(url, *location, mode));
    if (auto connected = db->connect(); !connected) {
        db->removeNewStore();
        return Outcome<std::unique_ptr<Database>>::failure(connected.error());
    }
    return Outcome<std::unique_ptr<Database>>(std::move(db));
}

Outcome<std::unique_ptr<Database>> Database::open(const QString& url, OpenMode mode)
{
    auto db = openUnmigrated(url, mode);
    if (!db)
        return db;
    // A SQLite file without Handoff's tables is no store either: reading must not turn it
    // into one. (A PostgreSQL database is made by its server's admin, for Handoff to fill.)
    if (mode == OpenMode::ExistingOnly && (*db)->dialect() == Dialect::Sqlite && (*db)->schemaVersion() == 0)
        return Outcome<std::unique_ptr<Database>>::failure(
            Database::tr("There is no store at %1.").arg((*db)->location().displayString()));
    if (auto migrated = (*db)->migrate(); !migrated) {
        const bool created = (*db)->m_createdStore;
        (*db)->removeNewStore();
        return Outcome<std::unique_ptr<Database>>::failure(created
                ? Database::tr("Cannot create the store %1: %2.").arg((*db)->location().displayString(), (*db)->lastError())
                : migrated.error());
    }
    return db;
}

Outcome<Done> Database::connect()
{
    const QString driver = m_location.driverName();
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return Outcome<Done>::failure(
            Database::tr("The Qt %1 driver is not installed (Debian package %2).")
                .arg(driver,
                     m_dialect == Dialect::Sqlite ? QStringLiteral("libqt6sql6-sqlite")
                                                  : QStringLiteral("libqt6sql6-psql")));
    }
    // Reopening keeps the connection's name, so queries made from it stay valid.
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName) ? QSqlDatabase::database(m_connectionName, false)
                                                              : QSqlDatabase::addDatabase(driver, m_connectionName);
    if (m_dialect == Dialect::Sqlite)
        return connectSqlite(db);
    db.setHostName(m_location.host);
    db.setPort(m_location.port);
    db.setUserName(m_location.user);
    db.setPassword(m_location.password);
    db.setDatabaseName(m_location.database);
    // Keepalives notice a server that vanished without closing the connection (a
    // cable, a suspended laptop) in about half a minute, instead of never. Options
    // in the address come last, so they win; they are quoted, so that none can
    // bring a keyword of its own (host=…) and send the password elsewhere.
    QString options = QStringLiteral("connect_timeout=%1;keepalives=1;keepalives_idle=15;"
                                     "keepalives_interval=5;keepalives_count=3;application_name=handoff")
                          .arg(ConnectTimeout);
    if (!m_location.options.isEmpty())
        options += QLatin1Char(';') + m_location.driverOptions();
    db.setConnectOptions(options);
    if (!db.open()) {
        const QString why = explainConnectFailure(db.lastError().text().trimmed(), m_location);
        return Outcome<Done>::failure(Database::tr("Cannot open the store %1: %2").arg(m_location.displayString(), why));
    }
    return prepareSession();
}

Outcome<Done> Database::connectSqlite(QSqlDatabase& db)
{
    const QString path = m_location.path;
    if (isReadOnly())
        return connectSqliteReadOnly(db);
    const QFileInfo file(path);
    // An empty file is no store yet, and reading must leave it so.
    if (!file.exists() || (file.size() == 0 && m_mode == OpenMode::ExistingOnly)) {
        if (m_mode == OpenMode::ExistingOnly)
            return Outcome<Done>::failure(Database::tr("There is no store at %1.").arg(m_location.displayString()));
        QStringList missing;
        for (QString folder = file.absolutePath(); !QFileInfo::exists(folder); folder = QFileInfo(folder).absolutePath())
            missing << folder;
        if (!QDir().mkpath(file.absolutePath()))
            return Outcome<Done>::failure(Database::tr("Cannot create the folder %1.").arg(file.absolutePath()));
        m_createdStore = true;
        m_createdFolders = missing;
    } else if (!canWrite(file)) {
        m_readOnlyReason = Database::tr("the file is read-only");
        return connectSqliteReadOnly(db);
    }
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutSeconds * 1000));
    if (!db.open())
        return Outcome<Done>::failure(Database::tr("Cannot open the store %1: %2")
                                          .arg(m_location.displayString(), db.lastError().text().trimmed()));
    const Outcome<Done> prepared = prepareSession();
    if (!prepared && m_createdStore)
        return Outcome<Done>::failure(
            Database::tr("Cannot create the store %1: %2.").arg(m_location.displayString(), m_lastError));
    // Opening in WAL mode needs room for the shared-memory file; a full disk still
    // lets every command that only reads do its work.
    if (!prepared && lastErrorIsDiskFull()) {
        db.close();
        m_readOnlyReason = diskFull(path);
        return connectSqliteReadOnly(db);
    }
    return prepared;
}

Outcome<Done> Database::connectSqliteReadOnly(QSqlDatabase& db)
{
    const QString path = m_location.path;
    // Without -wal and -shm beside it the file is the whole store. SQLite would create
    // them to read it, with the file's read-only mode, and every later writer would
    // fail on them; immutable=1 reads the file as it is and creates nothing.
    if (QFileInfo(path + QStringLiteral("-wal")).size() > 0)
        return Outcome<Done>::failure(
            Database::tr("Cannot open the store %1: it cannot be written (%2), and its last changes are still in "
                         "%3; open it once where it can be written, so that they go into the store.")
                .arg(m_location.displayString(), m_readOnlyReason, path + QStringLiteral("-wal")));
    db.setDatabaseName(QStringLiteral("file:") + QString::fromUtf8(QUrl::toPercentEncoding(path, "/"))
        + QStringLiteral("?immutable=1"));
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    if (!db.open())
        return Outcome<Done>::failure(Database::tr("Cannot open the store %1: %2")
                                          .arg(m_location.displayString(), db.lastError().text().trimmed()));
    for (const char* pragma : { "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY" }) {
        if (!exec(QString::fromLatin1(pragma)))
            return Outcome<Done>::failure(
                Database::tr("Cannot prepare the store %1: %2").arg(m_location.displayString(), m_lastError));
    }
    return Done{};
}

void Database::removeNewStore()
{
    if (!m_createdStore)
        return;
    connection().close();
    for (const char* suffix : { "", "-wal", "-shm", "-journal" })
        QFile::remove(m_location.path + QLatin1String(suffix));
    for (const QString& folder : std::as_const(m_createdFolders))
        QDir().rmdir(folder);
    m_createdStore = false;
}

bool Database::lastErrorIsDiskFull() const
{
    if (m_dialect != Dialect::Sqlite)
        return false;
    const int code = m_lastErrorCode.toInt() & 0xff;
    if (code == SQLITE_FULL)
        return true;
    // Growing the shared-memory file or the WAL on a full disk is an I/O error to SQLite.
    sqlite3* handle = handleOf(connection());
    const int error = handle ? sqlite3_system_errno(handle) : 0;
    return code == SQLITE_IOERR && (error == ENOSPC || error == EDQUOT);
}

Outcome<Done> Database::prepareSession()
{
    if (m_dialect == Dialect::Sqlite) {
        // WAL lets the window read while the command line writes. A 64 MB page cache
        // (SQLite's default is 2 MB) keeps a bulk action on a million conversations in
        // memory instead of re-reading each page from the file; temporary tables (the
        // move plan) stay in memory too.
        // Switching a new file to WAL needs it to itself, and SQLite answers "locked"
        // at once rather than waiting when another client is opening it too.
        QElapsedTimer waited;
        waited.start();
        while (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
            const int code = m_lastErrorCode.toInt() & 0xff;
            if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || waited.hasExpired(BusyTimeoutSeconds * 1000))
                return Outcome<Done>::failure(Database::tr("Cannot prepare the store %1: %2")
                                                  .arg(m_location.displayString(), m_lastError));
            QThread::msleep(20);
        }
        for (const char* pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                   "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY"}) {
            if (!exec(QString::fromLatin1(pragma)))
                return Outcome<Done>::failure(Database::tr("Cannot prepare the store %1: %2")
                                                  .arg(m_location.displayString(), m_lastError));
        }
        return Done{};
    }
    // A row lock held by a stuck session yields a clear error, never a frozen window;
    // the server's notices ("already exists, skipping") are not the user's business.
    QSqlQuery session(connection());
    if (!session.exec(QStringLiteral("SET lock_timeout = '30s'"))
        || !session.exec(QStringLiteral("SET client_min_messages = warning"))
        || !session.exec(QStringLiteral("SELECT current_user")) || !session.next()) {
        noteError(session.lastError());
        return Outcome<Done>::failure(
            Database::tr("Cannot prepare the store %1: %2").arg(m_location.displayString(), m_lastError));
    }
    m_role = session.value(0).toString();
    return Done{};
}

Outcome<Done> Database::reconnect()
{
    m_sinceReconnectAttempt.start();
    m_inTransaction = false;
    connection().close();
    auto connected = connect();
    m_connectionLost = !connected;
    if (!connected)
        m_lastError = connected.error();
    return connected;
}

bool Database::recoverIfLost() const
{
    if (!m_connectionLost || m_inTransaction)
        return !m_connectionLost;
    if (m_sinceReconnectAttempt.isValid() && m_sinceReconnectAttempt.elapsed() < ReconnectPauseMs)
        return false;
    // Reopening changes which driver connection this object names, not what it is.
    return bool(const_cast<Database*>(this)->reconnect());
}

bool Database::ping()
{
    recoverIfLost();
    return exec(QStringLiteral("SELECT 1"));
}

sqlite3* Database::sqliteHandle() const
{
    return m_dialect == Dialect::Sqlite ? handleOf(connection()) : nullptr;
}

void Database::noteSqliteFailure(sqlite3* handle) const
{
    if (!handle) {
        m_lastErrorCode.clear();
        m_lastError = Database::tr("the SQLite driver gives no access to its connection");
        return;
    }
    const QString message = QString::fromUtf8(sqlite3_errmsg(handle));
    noteError(QSqlError(QString(), message, QSqlError::StatementError, QString::number(sqlite3_extended_errcode(handle))));
}

void Database::noteError(const QSqlError& error) const
{
    m_lastErrorCode = error.nativeErrorCode();
    const QString driverText = error.text().trimmed();
    if (m_dialect != Dialect::Postgres) {
        const int code = m_lastErrorCode.toInt() & 0xff;
        if (lastErrorIsDiskFull())
            m_lastError = diskFull(m_location.path);
        else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            m_lastError = Database::tr("another import or action has held the store for more than %1 seconds and "
                                       "is still at work; try again when it has finished")
                              .arg(BusyTimeoutSeconds);
        else if (code == SQLITE_READONLY && isReadOnly())
            m_lastError = Database::tr("the store cannot be changed: %1").arg(m_readOnlyReason);
        else
            m_lastError = driverText;
        return;
    }
    // libpq marks the connection bad once the socket broke; the driver's isOpen()
    // reports exactly that.
    const bool lost = !connection().isOpen() || isConnectionSqlState(m_lastErrorCode);
    if (lost) {
        m_connectionLost = true;
        m_lastErrorCode = m_lastErrorCode.isEmpty() ? QStringLiteral("08006") : m_lastErrorCode;
        m_lastError = Database::tr("the connection to the server %1 was lost (%2)")
                          .arg(m_location.displayString(), firstLine(error.databaseText()));
        return;
    }
    if (m_lastErrorCode == QLatin1String("55P03")) {
        m_lastError = Database::tr("another manager's action or an import holds some of these conversations and has not"
                         " finished; try again in a moment");
        return;
    }
    if (lastErrorIsTransient()) {
        m_lastError = Database::tr("another manager changed the same conversations at the same moment; try again");
        return;
    }
    // The server's own sentence, without "ERROR:", the statement and the caret under it.
    m_lastError = firstLine(error.databaseText());
    if (m_lastError.isEmpty())
        m_lastError = driverText;
}

bool Database::lastErrorIsTransient() const
{
    return m_lastErrorCode == QLatin1String("40001") || m_lastErrorCode == QLatin1String("40P01");
}

void Database::backOff(int attempt)
{
    QThread::msleep(QRandomGenerator::global()->bounded(5, 20 * attempt));
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery Database::prepare(const QString& sql, bool* ok) const
{
    recoverIfLost();
    QSqlQuery query(connection());
    query.setForwardOnly(true);
    bool prepared = query.prepare(sql);
    if (!prepared) {
        noteError(query.lastError());
        // PostgreSQL prepares on the server: a connection that broke while idle shows
        // here first, and nothing has run yet, so preparing again is safe.
        if (m_connectionLost && !m_inTransaction && recoverIfLost()) {
            query = QSqlQuery(connection());
            query.setForwardOnly(true);
            prepared = query.prepare(sql);
            if (!prepared)
                noteError(query.lastError());
        }
    }
    if (ok)
        *ok = prepared;
    return query;
}

bool Database::refuseIfClosed() const
{
    if (m_dialect != Dialect::Postgres || connection().isOpen())
        return false;
    if (!m_connectionLost) {
        m_connectionLost = true;
        m_lastError = Database::tr("the connection to the server %1 was lost").arg(m_location.displayString());
    }
    m_lastErrorCode = QStringLiteral("08003");
    return true;
}

bool Database::exec(QSqlQuery& query) const
{
    if (refuseIfClosed())
        return false;
    if (query.exec())
        return true;
    noteError(query.lastError());
    return false;
}

namespace {
// The connection's own libpq handle, for what QPSQL does not offer (COPY).
PGconn* postgresHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(handle.constData());
}

QSqlError errorOf(PGconn* connection, const PGresult* result)
{
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString message = QString::fromUtf8(primary ? primary : PQerrorMessage(connection)).trimmed();
    return QSqlError(message, message, QSqlError::StatementError, QString::fromLatin1(state ? state : ""));
}
} // namespace

bool Database::copyIn(const QString& statement, const QByteArray& rows) const
{
    if (refuseIfClosed())
        return false;
    PGconn* pg = postgresHandle(connection());
    if (!pg) {
        m_lastErrorCode.clear();
        m_lastError = Database::tr("the PostgreSQL driver gives no access to its connection");
        return false;
    }
    PGresult* started = PQexec(pg, statement.toUtf8().constData());
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        noteError(errorOf(pg, started));
        PQclear(started);
        // A statement that failed before COPY began leaves nothing to read; one that
        // began something else (it never does) is read to its end.
        while (PGresult* rest = PQgetResult(pg))
            PQclear(rest);
        return false;
    }
    PQclear(started);
    // Blocking connection: libpq sends as its buffer fills. A megabyte at a time keeps
    // no second copy of a big batch in its buffer.
    constexpr qsizetype Chunk = 1 << 20;
    bool sent = true;
    for (qsizetype at = 0; sent && at < rows.size(); at += Chunk)
        sent = PQputCopyData(pg, rows.constData() + at, int(std::min(Chunk, rows.size() - at))) == 1;
    sent = PQputCopyEnd(pg, sent ? nullptr : "the rows could not be sent") == 1 && sent;
    bool ok = true;
    QSqlError failure;
    while (PGresult* result = PQgetResult(pg)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && ok) {
            ok = false;
            failure = errorOf(pg, result);
        }
        PQclear(result);
    }
    if (ok && !sent) {
        ok = false;
        failure = errorOf(pg, nullptr);
    }
    if (!ok)
        noteError(failure);
    return ok;
}

bool Database::execDirect(QSqlQuery& query, const QString& sql) const
{
    recoverIfLost();
    if (refuseIfClosed())
        return false;
    query = QSqlQuery(connection());
    query.setForwardOnly(true);
    if (query.exec(sql))
        return true;
    noteError(query.lastError());
    return false;
}

bool Database::exec(const QString& sql) const
{
    if (refuseIfClosed())
        return false;
    QSqlQuery query(connection());
    if (query.exec(sql))
        return true;
    noteError(query.lastError());
    return false;
}

bool Database::begin()
{
    recoverIfLost();
    const QString sql = m_dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    bool ok = exec(sql);
    // A connection that broke while idle: nothing has happened yet, so open it again
    // and start over, once.
    if (!ok && m_connectionLost) {
        m_sinceReconnectAttempt.invalidate();
        ok = recoverIfLost() && exec(sql);
    }
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
    const QString keepCode = m_lastErrorCode;
    if (!m_connectionLost)
        exec(QStringLiteral("ROLLBACK"));
    m_lastError = keep;
    m_lastErrorCode = keepCode;
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
    // Asks whether the table exists first: inside a PostgreSQL transaction a failed
    // statement would abort the transaction. The catalog is read as a table, with this
    // statement's snapshot: to_regclass() could answer from a cache that has not yet
    // seen the table another client just created.
    QSqlQuery query(connection());
    const QString exists = m_dialect == Dialect::Sqlite
        ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
        : QStringLiteral("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_version'"
                         " AND schemaname = ANY (current_schemas(false))");
    if (!query.exec(exists) || !query.next() || query.value(0).toInt() == 0)
        return 0;
    if (!query.exec(QStringLiteral("SELECT version FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

Outcome<Done> Database::newerSchema(int version) const
{
    return Outcome<Done>::failure(
        Database::tr("The store %1 was written by a newer Handoff (schema %2); this Handoff reads schema %3 and older.")
            .arg(m_location.displayString())
            .arg(version)
            .arg(LatestSchemaVersion));
}

Outcome<Done> Database::migrate(int targetVersion)
{
    // Most opens find the schema current and need no lock.
    const int current = schemaVersion();
    if (current > LatestSchemaVersion)
        return newerSchema(current);
    bool done = current >= targetVersion;
    if (!done && isReadOnly())
        return Outcome<Done>::failure(
            Database::tr("The store %1 needs an upgrade to this Handoff's schema, but it cannot be changed: %2.")
                .arg(m_location.displayString(), m_readOnlyReason));
    // An upgrade that goes wrong, or a user going back to an older Handoff, finds the
    // store as it was in its backups folder. Not upgraded without that copy.
    if (!done && current > 0 && m_dialect == Dialect::Sqlite) {
        if (const Outcome<QString> copy = StoreBackup::backUp(*this); !copy)
            return Outcome<Done>::failure(copy.error());
    }
    while (!done) {
        if (auto step = migrateOneStep(targetVersion, &done); !step)
            return step;
    }
    return Done{};
}

Outcome<Done> Database::migrateOneStep(int targetVersion, bool* done)
{
    auto failure = [this](const QString& message) {
        return Outcome<Done>::failure(Database::tr("Cannot upgrade the store %1: %2").arg(m_location.displayString(), message));
    };
    Transaction tx(*this);
    if (!tx.active())
        return failure(m_lastError);
    // Two clients that open a fresh server at the same moment: the second waits here
    // until the first has committed, then finds the work done. (SQLite's BEGIN
    // IMMEDIATE already lets one writer in at a time.)
    if (m_dialect == Dialect::Postgres
        && !exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(MigrationLockKey)))
        return failure(m_lastError);
    const int current = schemaVersion();
    if (current > LatestSchemaVersion)
        return newerSchema(current);
    if (current >= targetVersion) {
        *done = true;
        tx.commit();
        return Done{};
    }
    const int version = current + 1;
    if (version == 1 && !exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")))
        return failure(m_lastError);
    QStringList statements = Schema::migration(version);
    if (m_dialect == Dialect::Postgres)
        statements += Schema::postgresMigration(version);
    else
        statements += Schema::sqliteMigration(version);
    for (const QString& statement : statements) {
        if (!exec(ddl(statement)))
            return Outcome<Done>::failure(Database::tr("Cannot upgrade the store %1 to schema %2: %3")
                                              .arg(m_location.displayString())
                                              .arg(version)
                                              .arg(m_lastError));
    }
    const bool recorded = version == 1
        ? exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (1)"))
        : exec(QStringLiteral("UPDATE schema_version SET version = %1").arg(version));
    if (!recorded || !tx.commit())
        return failure(m_lastError);
    *done = version >= targetVersion;
    return Done{};
}

} // namespace Handoff
