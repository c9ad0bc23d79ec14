#include "storage/SqliteStatement.h"

#include "storage/Database.h"

#include <sqlite3.h>

namespace Handoff {

SqliteStatement::SqliteStatement(const Database& db, const QString& sql) : m_db(db), m_handle(db.sqliteHandle())
{
    if (!m_handle) {
        m_db.noteSqliteFailure(nullptr);
        return;
    }
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v3(m_handle, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK) {
        m_statement = nullptr;
        fail();
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QString& text)
{
    // A null QString is bound as an empty text, never as NULL.
    static const char16_t empty = 0;
    const void* data = text.isNull() ? static_cast<const void*>(&empty) : static_cast<const void*>(text.utf16());
    sqlite3_bind_text16(m_statement, index, data, int(text.size() * 2), SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

bool SqliteStatement::run()
{
    if (!m_statement)
        return false;
    const int rc = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        // sqlite3_reset gave the step's error back; the handle holds its message.
        return fail();
    }
    return true;
}

bool SqliteStatement::next()
{
    if (!m_statement)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail();
    return false;
}

void SqliteStatement::reset()
{
    if (m_statement)
        sqlite3_reset(m_statement);
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QString SqliteStatement::text(int column) const
{
    const auto* data = static_cast<const char16_t*>(sqlite3_column_text16(m_statement, column));
    return QString::fromUtf16(data, sqlite3_column_bytes16(m_statement, column) / 2);
}

bool SqliteStatement::fail() const
{
    const_cast<SqliteStatement*>(this)->m_failed = true;
    m_db.noteSqliteFailure(m_handle);
    return false;
}

} // namespace Handoff
