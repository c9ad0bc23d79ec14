#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfoList>
#include <QString>

#include <functional>

namespace Handoff {

class Database;

// What a restore did besides putting the copy in place.
struct RestoreReport
{
    // The copy of the store as it was before the restore, in its backups folder.
    QString backedUpTo;
    // Where a damaged store was moved to instead, as it could not be copied.
    QString setAsideTo;
};

// Copies of a SQLite store: the campaign's whole history is one file. The automatic
// ones go to the "backups" folder beside the store, named by the time they were
// taken (handoff-2026-11-29T201500Z.db: UTC, so that names sort by time), and only
// the newest Kept stay. A backup is taken with VACUUM INTO: a consistent snapshot
// that other connections may go on writing under, through Qt Sql alone.
//
// PostgreSQL is backed up with pg_dump; every function here refuses it.
class StoreBackup
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::StoreBackup)

public:
    static constexpr int Kept = 7;
    // A store in use is backed up again once its newest backup is this old.
    static constexpr qint64 DailySeconds = 24 * 60 * 60;

    // The time a backup is named after: the one clock (core/Clock), which tests move.
    static QDateTime now();
    // What to use on PostgreSQL instead, said wherever a backup or restore is offered.
    static QString postgresAdvice();

    static QString folder(const QString& storePath);
    // The store's automatic backups, newest first.
    static QFileInfoList backups(const QString& storePath);
    // When a backup of the folder was taken, from its name; invalid for another file.
    static QDateTime takenAt(const QFileInfo& backup);

    // A copy of the store in its backups folder; the oldest beyond Kept are removed.
    // Returns the copy's path.
    static Outcome<QString> backUp(Database& db);
    // backUp, when the newest backup is a day old or there is none; else returns an
    // empty path and does nothing.
    static Outcome<QString> backUpIfDue(Database& db);
    // A copy at a path the user chose, replacing a file that is there.
    static Outcome<Done> backUpTo(Database& db, const QString& path);

    // Puts the copy at from in place of the SQLite store at storeUrl. The copy must be an
    // intact Handoff store no newer than this Handoff; else nothing changes. The store as
    // it was is backed up first; a damaged one, which cannot be copied, is renamed aside.
    // Windows and scripts that have the store open see the restored one: the copy is
    // written into the live file through SQLite, never swapped under them.
    static Outcome<RestoreReport> restore(const QString& storeUrl, const QString& from);

    // Moves a damaged store (and its -wal and -shm) aside, to <name>.damaged-<time>,
    // so that a new store can take its place without anything being lost. Returns the
    // new name.
    static Outcome<QString> setAside(const QString& storePath);

private:
    static Outcome<QString> sqlitePath(const Database& db);
    static Outcome<Done> vacuumInto(Database& db, const QString& path);
    static void prune(const QString& storePath);
};

} // namespace Handoff
