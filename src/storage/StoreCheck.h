#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QStringList>

namespace Handoff {

class Database;

// What a look at a SQLite store file found, without changing it.
struct StoreFileReport
{
    // Why SQLite could not read the file at all; empty when it could.
    QString unreadable;
    // The file is no SQLite database at all (a store whose header was overwritten, or
    // any other file).
    bool notADatabase = false;
    // SQLite says the file is corrupt or no database, or its integrity check failed:
    // the store needs a backup, not another try.
    bool damaged = false;
    // PRAGMA integrity_check's findings; empty when the file is intact.
    QStringList integrityProblems;
    // 0: not a Handoff store (no schema_version table).
    int schemaVersion = 0;
    // Each kept count that differs from a recount of the conversations.
    QStringList countDifferences;
    // Each reference (Schema::bigReferences) that rows name a missing parent by.
    QStringList orphans;

    bool holds() const
    {
        return unreadable.isEmpty() && !damaged && countDifferences.isEmpty() && orphans.isEmpty();
    }
};

// The store's own checks, for `handoff-cli check`, for restore (which takes only an
// intact Handoff store) and for the window, which must tell a damaged file from one
// it merely cannot open.
class StoreCheck
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::StoreCheck)

public:
    // Opens the SQLite file read-only on a connection of its own (so that a damaged
    // file is read, not written) and runs the integrity check; withCounts adds the
    // recount of conversation_counts and the search for orphans. A file that does not exist is unreadable.
    static StoreFileReport inspectFile(const QString& path, bool withCounts = true);

    // Whether the SQLite store at url is damaged, as inspectFile tells it; false for
    // PostgreSQL and for a file that is not there.
    static bool isDamaged(const QString& url);

    // conversation_counts (kept by triggers, schema 3 on) against a recount from the
    // conversations, one line per (campaign, sender, status) that differs.
    static Outcome<QStringList> countDifferences(const QSqlDatabase& connection);

    // Rows whose reference names a parent row that does not exist (a conversation whose
    // contact is gone), one line per reference that has any: how many, and the first.
    static Outcome<QStringList> orphans(const QSqlDatabase& connection);
};

} // namespace Handoff
