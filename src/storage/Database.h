#pragma once

#include "ConnectionString.h"
#include "Outcome.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace Handoff {

// One named connection to one store, on the thread that opened it. The schema is
// created or upgraded in place when the store is opened.
class Database
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    enum class Dialect {
        Sqlite,
        Postgres,
    };

    static constexpr int LatestSchemaVersion = 2;

    // Opens the store the URL names and brings its schema to the latest version.
    static Outcome<std::unique_ptr<Database>> open(const QString& url);
    // Opens without migrating: for upgrade tests and tools that inspect an old file.
    static Outcome<std::unique_ptr<Database>> openUnmigrated(const QString& url);
    ~Database();

    Dialect dialect() const { return m_dialect; }
    const ConnectionString& location() const { return m_location; }
    QString url() const { return m_url; }
    QSqlDatabase connection() const;

    int schemaVersion() const;
    Outcome<Done> migrate(int targetVersion = LatestSchemaVersion);

    // A query prepared on this connection; check ok() before use.
    QSqlQuery prepare(const QString& sql, bool* ok = nullptr) const;
    // Runs a prepared query; on failure keeps the driver's message for lastError().
    bool exec(QSqlQuery& query) const;
    bool exec(const QString& sql) const;
    QString lastError() const { return m_lastError; }

    // Write transactions take the write lock at once (SQLite: BEGIN IMMEDIATE), so
    // that two writers never both read and then fail to upgrade.
    bool begin();
    bool commit();
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    // Turns the dialect-neutral DDL tokens into this store's spelling.
    QString ddl(QString sql) const;

private:
    Database(const QString& url, ConnectionString location);
    Outcome<Done> connect();

    QString m_url;
    ConnectionString m_location;
    QString m_connectionName;
    Dialect m_dialect;
    mutable QString m_lastError;
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
