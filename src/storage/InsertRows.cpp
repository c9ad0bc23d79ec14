#include "storage/InsertRows.h"

#include "storage/Database.h"

#include <QSqlQuery>
#include <QStringList>

namespace Handoff {

bool insertRows(const Database& db, const QString& prefix, int columns, int rowsPerStatement, int rowCount,
                const std::function<void(QSqlQuery&, int row)>& bindRow, const QString& suffix)
{
    QStringList marks;
    for (int c = 0; c < columns; ++c)
        marks << QStringLiteral("?");
    const QString row = QLatin1Char('(') + marks.join(QLatin1Char(',')) + QLatin1Char(')');
    auto statement = [&](int rows) {
        QStringList all;
        for (int r = 0; r < rows; ++r)
            all << row;
        return db.prepare(prefix + all.join(QLatin1Char(',')) + suffix);
    };
    QSqlQuery full;
    bool fullPrepared = false;
    for (int start = 0; start < rowCount; start += rowsPerStatement) {
        const int rows = std::min(rowsPerStatement, rowCount - start);
        if (rows == rowsPerStatement && !fullPrepared) {
            full = statement(rows);
            fullPrepared = true;
        }
        QSqlQuery partial = rows == rowsPerStatement ? QSqlQuery() : statement(rows);
        QSqlQuery& q = rows == rowsPerStatement ? full : partial;
        for (int r = start; r < start + rows; ++r)
            bindRow(q, r);
        if (!db.exec(q))
            return false;
    }
    return true;
}

} // namespace Handoff
