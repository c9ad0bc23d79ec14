#pragma once

#include <QString>

#include <functional>

class QSqlQuery;

namespace Handoff {

class Database;

// rowCount rows inserted rowsPerStatement at a time with multi-row statements (prefix,
// then "(?, …)" per row, then suffix), one prepared statement for the full chunks.
// Qt's SQLite driver handles each placeholder by itself: longer statements cost more.
bool insertRows(const Database& db, const QString& prefix, int columns, int rowsPerStatement, int rowCount,
                const std::function<void(QSqlQuery&, int row)>& bindRow, const QString& suffix = {});

} // namespace Handoff
