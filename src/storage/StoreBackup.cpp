#include "storage/StoreBackup.h"

#include "core/Clock.h"

#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "storage/StoreCheck.h"

#include <QDir>
#include <QFile>
#include <QUuid>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

namespace Handoff {

namespace {
const QString TimeFormat = QStringLiteral("yyyy-MM-ddTHHmmss");

// handoff-2026-11-29T201500Z.db, and handoff-2026-11-29T201500Z_2.db for a second
// backup within the same second.
QRegularExpression backupName(const QString& storeBase)
{
    return QRegularExpression(QStringLiteral("^%1-(\\d{4}-\\d{2}-\\d{2}T\\d{6})Z(_\\d+)?\\.db$")
                                  .arg(QRegularExpression::escape(storeBase)));
}

QString timeStamp(const QDateTime& at)
{
    return at.toUTC().toString(TimeFormat) + QLatin1Char('Z');
}

// Renames, replacing what is at to: a file is only ever put in place whole.
bool replaceFile(const QString& from, const QString& to)
{
    QFile::remove(to);
    return QFile::rename(from, to);
}

void removeWithCompanions(const QString& path)
{
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

sqlite3* handleOf(const Database& db)
{
    const QVariant handle = db.connection().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.data());
}

// Writes the whole file at from into the open store, under SQLite's locks, as one
// transaction: every other connection sees the old store or the restored one.
Outcome<Done> copyInto(Database& db, const QString& from)
{
    sqlite3* target = handleOf(db);
    if (!target)
        return Outcome<Done>::failure(StoreBackup::tr("the SQLite driver gives no access to the store"));
    sqlite3* source = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(from).constData(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const QString why = QString::fromUtf8(sqlite3_errmsg(source));
        sqlite3_close(source);
        return Outcome<Done>::failure(why);
    }
    QString failure;
    sqlite3_backup* copy = sqlite3_backup_init(target, "main", source, "main");
    if (!copy) {
        failure = QString::fromUtf8(sqlite3_errmsg(target));
    } else {
        // Another program writing at this moment holds the lock briefly; wait as the
        // store's own connection does (10 s).
        int rc = SQLITE_OK;
        for (int waited = 0; waited < 10000; waited += 50) {
            rc = sqlite3_backup_step(copy, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            QThread::msleep(50);
        }
        if (rc != SQLITE_DONE)
            failure = QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_backup_finish(copy);
    }
    sqlite3_close(source);
    if (!failure.isEmpty())
        return Outcome<Done>::failure(failure);
    return Done{};
}
} // namespace

QDateTime StoreBackup::now()
{
    return Clock::nowUtc();
}

QString StoreBackup::postgresAdvice()
{
    return tr("A PostgreSQL store is backed up with pg_dump and restored with pg_restore.");
}

QString StoreBackup::folder(const QString& storePath)
{
    return QFileInfo(storePath).absoluteDir().filePath(QStringLiteral("backups"));
}

QFileInfoList StoreBackup::backups(const QString& storePath)
{
    const QRegularExpression name = backupName(QFileInfo(storePath).completeBaseName());
    QFileInfoList found;
    const QFileInfoList files = QDir(folder(storePath)).entryInfoList(QDir::Files, QDir::Name | QDir::Reversed);
    for (const QFileInfo& file : files)
        if (name.match(file.fileName()).hasMatch())
            found << file;
    return found;
}

QDateTime StoreBackup::takenAt(const QFileInfo& backup)
{
    const auto match = QRegularExpression(QStringLiteral("-(\\d{4}-\\d{2}-\\d{2}T\\d{6})Z(_\\d+)?\\.db$"))
                           .match(backup.fileName());
    if (!match.hasMatch())
        return {};
    QDateTime at = QDateTime::fromString(match.captured(1), TimeFormat);
    at.setTimeSpec(Qt::UTC);
    return at;
}

Outcome<QString> StoreBackup::sqlitePath(const Database& db)
{
    if (db.dialect() != Database::Dialect::Sqlite)
        return Outcome<QString>::failure(postgresAdvice());
    return db.location().path;
}

Outcome<Done> StoreBackup::vacuumInto(Database& db, const QString& path)
{
    // Written under another name first, so that a copy cut short (a full disk) never
    // passes for a backup or replaces one. The name is this copy's own: two programs
    // upgrading one store at once each take a copy first, and VACUUM INTO refuses a file
    // that exists.
    const QString partial = path + QLatin1Char('.') + QUuid::createUuid().toString(QUuid::Id128)
        + QStringLiteral(".part");
    QSqlQuery vacuum = db.prepare(QStringLiteral("VACUUM INTO ?"));
    vacuum.addBindValue(partial);
    if (!db.exec(vacuum)) {
        QFile::remove(partial);
        return Outcome<Done>::failure(tr("Cannot back up the store %1 to %2: %3")
                                          .arg(db.location().displayString(), QDir::toNativeSeparators(path),
                                               db.lastError()));
    }
    // The copy holds the whole history: no more readable than the store itself.
    QFile::setPermissions(partial, QFileInfo(db.location().path).permissions());
    if (!replaceFile(partial, path)) {
        QFile::remove(partial);
        return Outcome<Done>::failure(tr("Cannot write the backup %1.").arg(QDir::toNativeSeparators(path)));
    }
    return Done{};
}

Outcome<QString> StoreBackup::backUp(Database& db)
{
    const Outcome<QString> store = sqlitePath(db);
    if (!store)
        return store;
    const QString dir = folder(*store);
    if (!QDir().mkpath(dir))
        return Outcome<QString>::failure(
            tr("Cannot create the backups folder %1.").arg(QDir::toNativeSeparators(dir)));
    const QString base = QFileInfo(*store).completeBaseName() + QLatin1Char('-') + timeStamp(now());
    QString path = QDir(dir).filePath(base + QStringLiteral(".db"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(dir).filePath(QStringLiteral("%1_%2.db").arg(base).arg(n));
    if (const Outcome<Done> copied = vacuumInto(db, path); !copied)
        return Outcome<QString>::failure(copied.error());
    prune(*store);
    return path;
}

Outcome<QString> StoreBackup::backUpIfDue(Database& db)
{
    const Outcome<QString> store = sqlitePath(db);
    if (!store)
        return store;
    const QFileInfoList existing = backups(*store);
    if (!existing.isEmpty()) {
        const qint64 age = takenAt(existing.first()).secsTo(now());
        // A backup "from the future" means the clock was wrong then: take a new one.
        if (age >= 0 && age < DailySeconds)
            return QString();
    }
    return backUp(db);
}

Outcome<Done> StoreBackup::backUpTo(Database& db, const QString& path)
{
    const Outcome<QString> store = sqlitePath(db);
    if (!store)
        return Outcome<Done>::failure(store.error());
    const QFileInfo target(path);
    if (target.exists() && target.canonicalFilePath() == QFileInfo(*store).canonicalFilePath())
        return Outcome<Done>::failure(
            tr("%1 is the store itself; choose another file for the backup.").arg(QDir::toNativeSeparators(path)));
    return vacuumInto(db, target.absoluteFilePath());
}

void StoreBackup::prune(const QString& storePath)
{
    const QFileInfoList existing = backups(storePath);
    for (int i = Kept; i < existing.size(); ++i)
        QFile::remove(existing.at(i).absoluteFilePath());
}

Outcome<QString> StoreBackup::setAside(const QString& storePath)
{
    QString aside = storePath + QStringLiteral(".damaged-") + timeStamp(now());
    for (int n = 2; QFileInfo::exists(aside); ++n)
        aside = storePath + QStringLiteral(".damaged-%1_%2").arg(timeStamp(now())).arg(n);
    if (!QFile::rename(storePath, aside))
        return Outcome<QString>::failure(tr("Cannot rename the damaged store %1 to %2.")
                                             .arg(QDir::toNativeSeparators(storePath), QDir::toNativeSeparators(aside)));
    // The journal belongs with the file it was written for.
    for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        if (QFileInfo::exists(storePath + suffix))
            QFile::rename(storePath + suffix, aside + suffix);
    return aside;
}

Outcome<RestoreReport> StoreBackup::restore(const QString& storeUrl, const QString& from)
{
    using Result = Outcome<RestoreReport>;
    const Outcome<ConnectionString> where = ConnectionString::parse(storeUrl);
    if (!where)
        return Result::failure(where.error());
    if (where->kind != ConnectionString::Kind::Sqlite)
        return Result::failure(postgresAdvice());
    const QString store = where->path;
    const QString shown = QDir::toNativeSeparators(from);
    const QFileInfo source(from);
    if (!source.isFile())
        return Result::failure(tr("There is no file %1.").arg(shown));
    if (source.canonicalFilePath() == QFileInfo(store).canonicalFilePath())
        return Result::failure(tr("%1 is the store itself.").arg(shown));

    // What is checked is what is restored: a copy of our own, beside the store, which
    // neither pruning nor another program changes meanwhile.
    const QString dir = QFileInfo(store).absolutePath();
    if (!QDir().mkpath(dir))
        return Result::failure(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(dir)));
    const QString copy = store + QStringLiteral(".restoring");
    removeWithCompanions(copy);
    if (!QFile::copy(from, copy))
        return Result::failure(tr("Cannot copy %1 beside the store.").arg(shown));
    struct Cleanup
    {
        QString path;
        ~Cleanup() { removeWithCompanions(path); }
    } cleanup{copy};

    const StoreFileReport candidate = StoreCheck::inspectFile(copy, false);
    if (candidate.notADatabase)
        return Result::failure(tr("%1 is not a Handoff store (%2); nothing was restored.").arg(shown, candidate.unreadable));
    if (candidate.damaged)
        return Result::failure(tr("%1 is damaged (%2); nothing was restored.")
                                   .arg(shown, candidate.unreadable.isEmpty() ? tr("it fails SQLite's integrity check")
                                                                              : candidate.unreadable));
    if (!candidate.unreadable.isEmpty())
        return Result::failure(tr("Cannot read %1 (%2); nothing was restored.").arg(shown, candidate.unreadable));
    if (candidate.schemaVersion == 0)
        return Result::failure(tr("%1 is not a Handoff store; nothing was restored.").arg(shown));
    if (candidate.schemaVersion > Database::LatestSchemaVersion)
        return Result::failure(tr("%1 was written by a newer Handoff (schema %2); this Handoff reads schema %3 and "
                                  "older. Nothing was restored.")
                                   .arg(shown)
                                   .arg(candidate.schemaVersion)
                                   .arg(Database::LatestSchemaVersion));

    RestoreReport report;
    if (QFileInfo::exists(store) && !StoreCheck::inspectFile(store, false).damaged) {
        Outcome<std::unique_ptr<Database>> db = Database::openUnmigrated(storeUrl);
        if (!db)
            return Result::failure(db.error());
        const Outcome<QString> before = backUp(**db);
        if (!before)
            return Result::failure(tr("%1 Nothing was restored.").arg(before.error()));
        report.backedUpTo = *before;
        if (const Outcome<Done> written = copyInto(**db, copy); !written)
            return Result::failure(tr("Cannot restore %1 into the store %2: %3")
                                       .arg(shown, where->displayString(), written.error()));
        return report;
    }
    if (QFileInfo::exists(store)) {
        const Outcome<QString> aside = setAside(store);
        if (!aside)
            return Result::failure(tr("%1 Nothing was restored.").arg(aside.error()));
        report.setAsideTo = *aside;
    }
    if (!QFile::rename(copy, store))
        return Result::failure(tr("Cannot put %1 in place of the store %2.").arg(shown, where->displayString()));
    return report;
}

} // namespace Handoff
