#include "cli/StoreCommands.h"

#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "storage/StoreBackup.h"
#include "storage/StoreCheck.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTextStream>

namespace Handoff {

namespace {
QString shown(const QString& path)
{
    return QDir::toNativeSeparators(path);
}
} // namespace

StoreCommands::StoreCommands(CliContext& context)
    : m_context(context)
{ }

std::optional<QString> StoreCommands::existingSqliteFile()
{
    const Outcome<ConnectionString> where = ConnectionString::parse(m_context.storeUrl());
    if (!where) {
        m_context.refuse(where.error());
        return std::nullopt;
    }
    if (where->kind != ConnectionString::Kind::Sqlite) {
        m_context.refuse(StoreBackup::postgresAdvice());
        return std::nullopt;
    }
    if (!QFileInfo(where->path).isFile()) {
        m_context.refuse(tr("There is no store at %1.").arg(shown(where->path)));
        return std::nullopt;
    }
    return where->path;
}

int StoreCommands::backup(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("backup"), QStringLiteral("[--to FILE]"),
        tr("Copy the store: a consistent snapshot, even while others work on it. Without --to the copy\n"
           "goes to the backups folder beside the store, where the newest %1 are kept.")
            .arg(StoreBackup::Kept));
    const QCommandLineOption toOption(
        QStringLiteral("to"), tr("Write the copy to FILE, replacing it."), QStringLiteral("file"));
    cmd.addOption(toOption);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    if (cmd.isSet(toOption) && cmd.value(toOption).isEmpty())
        return m_context.usageError(tr("backup needs a file name after --to."));
    if (!existingSqliteFile())
        return ExitRefused;
    // Copying reads the store: a store that cannot be changed is backed up too.
    m_context.setReadsOnly();
    Database* db = m_context.store();
    if (!db)
        return ExitRefused;
    QString to;
    if (cmd.isSet(toOption)) {
        to = QFileInfo(cmd.value(toOption)).absoluteFilePath();
        if (const Outcome<Done> done = StoreBackup::backUpTo(*db, to); !done)
            return m_context.refuse(done.error());
    } else {
        const Outcome<QString> copy = StoreBackup::backUp(*db);
        if (!copy)
            return m_context.refuse(copy.error());
        to = *copy;
    }
    m_context.out() << tr("Backed up the store to %1.").arg(shown(to)) << Qt::endl;
    return ExitSuccess;
}

int StoreCommands::restore(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("restore"), QStringLiteral("--from FILE"),
        tr("Put a backup in place of the store. FILE must be an intact Handoff store; the store as it is\n"
           "now is backed up first (a damaged one is renamed aside), so nothing is lost."));
    const QCommandLineOption fromOption(
        QStringLiteral("from"), tr("The backup to restore."), QStringLiteral("file"));
    cmd.addRequiredOption(fromOption);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const QString from = QFileInfo(cmd.value(fromOption)).absoluteFilePath();
    const Outcome<RestoreReport> restored = StoreBackup::restore(m_context.storeUrl(), from);
    if (!restored)
        return m_context.refuse(restored.error());
    m_context.out() << tr("Restored the store from %1.").arg(shown(from)) << QLatin1Char('\n');
    if (!restored->backedUpTo.isEmpty())
        m_context.out() << tr("The store as it was is backed up to %1.").arg(shown(restored->backedUpTo))
                        << QLatin1Char('\n');
    if (!restored->setAsideTo.isEmpty())
        m_context.out() << tr("The damaged store was moved to %1.").arg(shown(restored->setAsideTo))
                        << QLatin1Char('\n');
    return ExitSuccess;
}

int StoreCommands::check(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("check"), QString(),
        tr("Check that the store holds: SQLite's integrity check of every page, that every row's\n"
           "references name rows that exist, and the kept counts of conversations against a recount.\n"
           "Changes nothing; exits 1 when something does not hold."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    QTextStream& out = m_context.out();
    const Outcome<ConnectionString> where = ConnectionString::parse(m_context.storeUrl());
    QStringList differences;
    QStringList orphans;
    if (where && where->kind == ConnectionString::Kind::Postgres) {
        m_context.setReadsOnly();
        Database* db = m_context.store();
        if (!db)
            return ExitRefused;
        const Outcome<QStringList> counted = StoreCheck::countDifferences(db->connection());
        if (!counted)
            return m_context.refuse(counted.error());
        const Outcome<QStringList> found = StoreCheck::orphans(db->connection());
        if (!found)
            return m_context.refuse(found.error());
        out << tr("Integrity: kept by the PostgreSQL server (its own checks: pg_amcheck)") << QLatin1Char('\n');
        differences = *counted;
        orphans = *found;
    } else {
        const std::optional<QString> file = existingSqliteFile();
        if (!file)
            return ExitRefused;
        const StoreFileReport report = StoreCheck::inspectFile(*file);
        const QString restoreAdvice
            = tr("The store %1 is damaged. Restore a backup with handoff-cli restore --from FILE; the automatic "
                 "backups are in %2.")
                  .arg(shown(*file), shown(StoreBackup::folder(*file)));
        if (!report.unreadable.isEmpty()) {
            out << tr("Integrity: the file cannot be read (%1)").arg(report.unreadable) << QLatin1Char('\n');
            return report.damaged ? m_context.refuse(restoreAdvice) : ExitRefused;
        }
        if (report.damaged) {
            const auto n = report.integrityProblems.size();
            out << (n == 1 ? tr("Integrity: 1 problem") : tr("Integrity: %1 problems").arg(n)) << QLatin1Char('\n');
            for (const QString& problem : report.integrityProblems)
                out << QStringLiteral("  ") << problem << QLatin1Char('\n');
            return m_context.refuse(restoreAdvice);
        }
        if (report.schemaVersion == 0)
            return m_context.refuse(tr("%1 is not a Handoff store.").arg(shown(*file)));
        out << tr("Integrity: ok") << QLatin1Char('\n');
        differences = report.countDifferences;
        orphans = report.orphans;
    }
    if (!orphans.isEmpty()) {
        const auto n = orphans.size();
        out << (n == 1 ? tr("References: 1 names a row that is not there")
                       : tr("References: %1 name rows that are not there").arg(n))
            << QLatin1Char('\n');
        for (const QString& orphan : std::as_const(orphans))
            out << QStringLiteral("  ") << orphan << QLatin1Char('\n');
    } else {
        out << tr("References: ok") << QLatin1Char('\n');
    }
    if (!differences.isEmpty()) {
        const auto n = differences.size();
        out << (n == 1 ? tr("Counts: 1 differs from a recount of the conversations")
                       : tr("Counts: %1 differ from a recount of the conversations").arg(n))
            << QLatin1Char('\n');
        for (const QString& difference : std::as_const(differences))
            out << QStringLiteral("  ") << difference << QLatin1Char('\n');
        return m_context.refuse(tr("The kept counts of conversations differ from a recount."));
    }
    out << tr("Counts: ok") << QLatin1Char('\n');
    if (!orphans.isEmpty())
        return m_context.refuse(tr("Some rows name a row that does not exist."));
    out << tr("The store holds.") << Qt::endl;
    return ExitSuccess;
}

void StoreCommands::backUpDailyIfChanged()
{
    Database* db = m_context.openedStore();
    if (!db || db->dialect() != Database::Dialect::Sqlite)
        return;
    // total_changes(): the rows this connection has written since it opened.
    {
        QSqlQuery changes = db->prepare(QStringLiteral("SELECT total_changes()"));
        if (!db->exec(changes) || !changes.next() || changes.value(0).toLongLong() == 0)
            return;
    }
    if (const Outcome<QString> copy = StoreBackup::backUpIfDue(*db); !copy)
        m_context.err() << QStringLiteral("handoff-cli: ") << tr("The daily backup failed: %1").arg(copy.error())
                        << Qt::endl;
}

} // namespace Handoff
