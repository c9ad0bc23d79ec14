#pragma once

#include "storage/ConnectionString.h"
#include "core/Outcome.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

struct sqlite3;

namespace Handoff {

// One named connection to one store, on the thread that opened it. The schema is
// created or upgraded in place when the store is opened. A PostgreSQL connection
// that the server dropped is noticed (connectionLost()) and opened again before the
// next transaction or query; see docs/concurrency.md.
class Database
{
    Q_DISABLE_COPY_MOVE(Database)
    Q_DECLARE_TR_FUNCTIONS(Handoff::Database)

public:
    enum class Dialect {
        Sqlite,
        Postgres,
    };

    enum class OpenMode {
        // A missing store is created, with its folder: for the window's own store and
        // for whatever is about to write.
        CreateIfMissing,
        // A SQLite store must exist already, so that only reading never leaves an empty
        // store behind a mistyped path.
        ExistingOnly,
    };

    static constexpr int LatestSchemaVersion = 12;

    // Opens the store the URL names and brings its schema to the latest version. A new
    // SQLite store that cannot be set up (a full disk) leaves no file behind.
    static Outcome<std::unique_ptr<Database>> open(const QString& url, OpenMode mode = OpenMode::CreateIfMissing);
    // Opens without migrating: for upgrade tests and tools that inspect an old file.
    static Outcome<std::unique_ptr<Database>> openUnmigrated(
        const QString& url, OpenMode mode = OpenMode::CreateIfMissing);
    ~Database();

    // The store can be read but not changed: a SQLite file nobody may write, or one on a
    // full disk. It is then opened so that SQLite writes nothing, not even beside it.
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    // Why, as a clause: "the file is read-only".
    QString readOnlyReason() const { return m_readOnlyReason; }

    Dialect dialect() const { return m_dialect; }
    const ConnectionString& location() const { return m_location; }
    QString url() const { return m_url; }
    QSqlDatabase connection() const;
    // Who the server says is connected (PostgreSQL's current_user); empty on SQLite.
    QString role() const { return m_role; }

    int schemaVersion() const;
    Outcome<Done> migrate(int targetVersion = LatestSchemaVersion);

    // A query prepared on this connection; check ok() before use.
    QSqlQuery prepare(const QString& sql, bool* ok = nullptr) const;
    // Runs a prepared query; on failure keeps the driver's message for lastError().
    bool exec(QSqlQuery& query) const;
    bool exec(const QString& sql) const;
    // Runs sql at once in query (forward only), unprepared: one round trip where a
    // prepared statement costs three with Qt's PostgreSQL driver. For statements whose
    // only values are numbers written into them.
    bool execDirect(QSqlQuery& query, const QString& sql) const;
    // PostgreSQL only: runs `COPY … FROM STDIN` (statement) through the connection's own
    // libpq handle and sends rows, already in COPY's text format (storage/CopyRows.h).
    // Inside the caller's transaction; on failure, lastError() says why as for exec().
    bool copyIn(const QString& statement, const QByteArray& rows) const;
    QString lastError() const { return m_lastError; }
    // SQLite only: the connection's own handle (storage/SqliteStatement.h), and the
    // failure of a statement run on it kept for lastError() as for exec().
    sqlite3* sqliteHandle() const;
    void noteSqliteFailure(sqlite3* handle) const;
    // The SQLSTATE of the last failure on PostgreSQL, else empty.
    QString lastErrorCode() const { return m_lastErrorCode; }
    // The last failure was a deadlock or a serialisation failure: the transaction was
    // rolled back and running it again may well succeed.
    bool lastErrorIsTransient() const;

    // The server went away (restart, terminated backend, network): every statement
    // fails until reconnect(). begin() and prepare() outside a transaction reconnect
    // by themselves, so the next action works once the server is back.
    bool connectionLost() const { return m_connectionLost; }
    Outcome<Done> reconnect();
    // One round trip; false, with connectionLost() set, when the server is gone.
    bool ping();

    // Write transactions take the write lock at once (SQLite: BEGIN IMMEDIATE), so
    // that two writers never both read and then fail to upgrade.
    bool begin();
    bool commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Runs a whole transaction (attempt) again when PostgreSQL ended it to break a
    // deadlock or a serialisation conflict: nothing of it stayed, so running it again
    // is safe. attempt sets *transient from lastErrorIsTransient() when it fails.
    template <typename T>
    static Outcome<T> retryTransient(const std::function<Outcome<T>(bool* transient)>& attempt)
    {
        for (int n = 1;; ++n) {
            bool transient = false;
            Outcome<T> result = attempt(&transient);
            if (result || !transient || n == TransientAttempts)
                return result;
            backOff(n);
        }
    }

    // Turns the dialect-neutral DDL tokens into this store's spelling.
    QString ddl(QString sql) const;

private:
    static constexpr int TransientAttempts = 4;
    // A short random pause, longer after each attempt, so that two transactions that
    // deadlocked do not meet again at once.
    static void backOff(int attempt);

    Database(const QString& url, ConnectionString location, OpenMode mode);
    Outcome<Done> connect();
    Outcome<Done> connectSqlite(QSqlDatabase& db);
    Outcome<Done> connectSqliteReadOnly(QSqlDatabase& db);
    // Removes the SQLite file this object created, and its folders, after a failed start.
    void removeNewStore();
    bool lastErrorIsDiskFull() const;
    Outcome<Done> prepareSession();
    // Keeps the driver's message and notices a lost connection.
    void noteError(const QSqlError& error) const;
    // A PostgreSQL connection known to be closed: fails at once, without the driver.
    bool refuseIfClosed() const;
    // Before a statement outside a transaction: reopens a lost connection, at most
    // every few seconds so that a dead server never stalls a burst of reads.
    bool recoverIfLost() const;
    Outcome<Done> migrateOneStep(int targetVersion, bool* done);
    // The refusal of a store whose schema is newer than this build reads.
    Outcome<Done> newerSchema(int version) const;

    QString m_url;
    ConnectionString m_location;
    OpenMode m_mode;
    QString m_readOnlyReason;
    // A SQLite store this object created, and the folders made for it, innermost first.
    bool m_createdStore = false;
    QStringList m_createdFolders;
    QString m_connectionName;
    Dialect m_dialect;
    QString m_role;
    mutable QString m_lastError;
    mutable QString m_lastErrorCode;
    mutable bool m_connectionLost = false;
    // A pause measured on the monotonic timer, not the campaign's clock (which tests fix).
    QElapsedTimer m_sinceReconnectAttempt;
    bool m_inTransaction = false;
};

// Rolls back unless committed: every early return leaves the store untouched.
class Transaction
{
    Q_DISABLE_COPY_MOVE(Transaction)

public:
    explicit Transaction(Database& db) : m_db(db), m_active(db.begin()) { }
    ~Transaction()
    {
        if (m_active)
            m_db.rollback();
    }
    bool active() const { return m_active; }
    bool commit()
    {
        if (!m_active)
            return false;
        m_active = false;
        return m_db.commit();
    }

private:
    Database& m_db;
    bool m_active;
};

} // namespace Handoff
