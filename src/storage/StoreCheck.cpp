#include "storage/StoreCheck.h"

#include "core/Campaign.h"
#include "core/ConversationStatus.h"
#include "storage/ConnectionString.h"
#include "storage/Schema.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Handoff {

namespace {
// SQLite's result codes for a file whose pages make no sense, and for one that is no
// database at all (extended codes keep these in their low byte).
constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADatabase = 26;

int primaryCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    return ok ? code : -1;
}

bool meansDamaged(const QSqlError& error)
{
    return primaryCode(error) == SqliteCorrupt || primaryCode(error) == SqliteNotADatabase;
}

// The driver's message without Qt's "Unable to execute statement" tail.
QString sqliteText(const QSqlError& error)
{
    return error.databaseText().isEmpty() ? error.text().trimmed() : error.databaseText().trimmed();
}

// A read-only connection of its own: the file is looked at, never written, whatever
// state it is in.
class ReadOnlyConnection
{
    Q_DISABLE_COPY_MOVE(ReadOnlyConnection)

public:
    explicit ReadOnlyConnection(const QString& path)
    {
        static QAtomicInt counter;
        m_name = QStringLiteral("handoff-inspect-%1").arg(counter.fetchAndAddRelaxed(1) + 1);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open())
            m_error = db.lastError();
    }
    ~ReadOnlyConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase connection() const { return QSqlDatabase::database(m_name, false); }
    const QSqlError& openError() const { return m_error; }

private:
    QString m_name;
    QSqlError m_error;
};
} // namespace

StoreFileReport StoreCheck::inspectFile(const QString& path, bool withCounts)
{
    StoreFileReport report;
    if (!QFileInfo(path).isFile()) {
        report.unreadable = tr("there is no file %1").arg(path);
        return report;
    }
    const ReadOnlyConnection file(path);
    if (file.openError().isValid()) {
        report.unreadable = sqliteText(file.openError());
        report.damaged = meansDamaged(file.openError());
        report.notADatabase = primaryCode(file.openError()) == SqliteNotADatabase;
        return report;
    }
    {
        QSqlQuery q(file.connection());
        q.setForwardOnly(true);
        // SQLite reads the file's header and schema on the first statement.
        if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) {
            report.unreadable = sqliteText(q.lastError());
            report.damaged = meansDamaged(q.lastError());
            report.notADatabase = primaryCode(q.lastError()) == SqliteNotADatabase;
            return report;
        }
        // A row may hold several problems, one a line, under a heading that names the
        // schema ("*** in database main ***").
        while (q.next()) {
            for (const QString& line : q.value(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                if (line != QLatin1String("ok") && !line.startsWith(QLatin1String("***")))
                    report.integrityProblems << line.trimmed();
            }
        }
        if (q.lastError().isValid())
            report.integrityProblems << sqliteText(q.lastError());
        report.damaged = !report.integrityProblems.isEmpty();
        if (report.damaged)
            return report;
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"))
            && q.next() && q.value(0).toInt() == 1 && q.exec(QStringLiteral("SELECT version FROM schema_version"))
            && q.next())
            report.schemaVersion = q.value(0).toInt();
    }
    // The counts are kept from schema 3 on.
    if (withCounts && report.schemaVersion >= 3) {
        const Outcome<QStringList> differences = countDifferences(file.connection());
        report.countDifferences = differences ? *differences : QStringList{differences.error()};
        const Outcome<QStringList> orphans = StoreCheck::orphans(file.connection());
        report.orphans = orphans ? *orphans : QStringList{orphans.error()};
    }
    return report;
}

bool StoreCheck::isDamaged(const QString& url)
{
    const Outcome<ConnectionString> where = ConnectionString::parse(url);
    if (!where || where->kind != ConnectionString::Kind::Sqlite || !QFileInfo(where->path).isFile())
        return false;
    return inspectFile(where->path, false).damaged;
}

Outcome<QStringList> StoreCheck::countDifferences(const QSqlDatabase& connection)
{
    // One row per (campaign, sender, status) from each side; PostgreSQL keeps several
    // delta rows per key, so both sides are summed.
    QSqlQuery q(connection);
    q.setForwardOnly(true);
    const bool ran = q.exec(QStringLiteral(
        "SELECT d.campaign_id, COALESCE(c.name, ''), d.sender_id, COALESCE(s.name, ''), d.status,"
        " SUM(d.kept), SUM(d.counted) FROM ("
        "  SELECT campaign_id, sender_id, status, n AS kept, 0 AS counted FROM conversation_counts"
        "  UNION ALL"
        "  SELECT campaign_id, COALESCE(sender_id, 0), status, 0, COUNT(*) FROM conversations"
        "  GROUP BY campaign_id, COALESCE(sender_id, 0), status) d"
        " LEFT JOIN campaigns c ON c.id = d.campaign_id"
        " LEFT JOIN senders s ON s.id = d.sender_id"
        " GROUP BY d.campaign_id, c.name, d.sender_id, s.name, d.status"
        " HAVING SUM(d.kept) <> SUM(d.counted)"
        " ORDER BY d.campaign_id, d.sender_id, d.status"));
    if (!ran)
        return Outcome<QStringList>::failure(tr("cannot recount the conversations: %1").arg(sqliteText(q.lastError())));
    QStringList differences;
    while (q.next()) {
        const QString sender = q.value(2).toLongLong() == UnassignedId ? tr("Unassigned") : q.value(3).toString();
        differences << tr("campaign \"%1\", %2, %3: kept %4, recounted %5")
                           .arg(q.value(1).toString(), sender,
                                statusLabel(ConversationStatus(q.value(4).toInt())))
                           .arg(q.value(5).toLongLong())
                           .arg(q.value(6).toLongLong());
    }
    return differences;
}

Outcome<QStringList> StoreCheck::orphans(const QSqlDatabase& connection)
{
    QStringList found;
    QSqlQuery q(connection);
    q.setForwardOnly(true);
    for (const Schema::Reference& reference : Schema::bigReferences()) {
        const bool ran = q.exec(QStringLiteral("SELECT COUNT(*), MIN(c.%2) FROM %1 c WHERE c.%2 IS NOT NULL"
                                               " AND NOT EXISTS (SELECT 1 FROM %3 p WHERE p.id = c.%2)")
                                    .arg(reference.child, reference.column, reference.parent));
        if (!ran || !q.next())
            return Outcome<QStringList>::failure(
                tr("cannot look for rows of %1 without their %2: %3").arg(reference.child, reference.parent,
                                                                        sqliteText(q.lastError())));
        const qint64 rows = q.value(0).toLongLong();
        if (rows == 0)
            continue;
        const QString missing = q.value(1).toString();
        found << (rows == 1 ? tr("%1: 1 row names %2 %3, which is not in %4")
                                  .arg(reference.child, reference.column, missing, reference.parent)
                            : tr("%1: %2 rows name a %3 that is not in %4 (the lowest missing: %5)")
                                  .arg(reference.child)
                                  .arg(rows)
                                  .arg(reference.column, reference.parent, missing));
    }
    return found;
}

} // namespace Handoff
