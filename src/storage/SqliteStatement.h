#pragma once

#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace Handoff {

class Database;

// A statement prepared once on a SQLite store's own handle and run again and again with
// new values: for the batched paths that write a row at a time, where Qt's driver would
// turn every value into a QVariant and look every placeholder up by itself (a third of
// a million-message import's time). Values are bound 1-based, as SQLite counts; a
// failure is kept in the Database's lastError() as its own statements' are.
class SqliteStatement
{
public:
    SqliteStatement(const Database& db, const QString& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool isValid() const { return m_statement != nullptr; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, bool value) { bind(index, qint64(value ? 1 : 0)); }
    // The text must stay as it is until the statement has run (it is not copied).
    void bind(int index, const QString& text);
    void bindNull(int index);

    // Runs the statement to its end, and makes it ready for the next values.
    bool run();
    // One row at a time: true while there is one (read it with the column functions),
    // false at the end or on a failure (failed() tells which). reset() before new values.
    bool next();
    bool failed() const { return m_failed; }
    void reset();

    qint64 int64(int column) const;
    bool isNull(int column) const;
    QString text(int column) const;

private:
    bool fail() const;

    const Database& m_db;
    sqlite3* m_handle = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    bool m_failed = false;
};

} // namespace Handoff
