#include "gui/store/StoreFiles.h"

#include "gui/BackgroundTask.h"
#include "gui/FileDialog.h"
#include "gui/JobRunner.h"
#include "gui/MessageBox.h"
#include "storage/Database.h"
#include "storage/StoreBackup.h"

#include <QDir>
#include <QFileInfo>
#include <QWidget>

namespace Handoff {

StoreFiles::StoreFiles(QWidget* window, Database& db, JobRunner& jobs)
    : QObject(window)
    , m_window(window)
    , m_db(db)
    , m_jobs(jobs)
{
}

void StoreFiles::backUp()
{
    if (m_jobs.isBusy())
        return;
    if (m_db.dialect() != Database::Dialect::Sqlite) {
        MessageBox::information(m_window, tr("Back Up Store"), StoreBackup::postgresAdvice());
        return;
    }
    const QString suggested = tr("%1 backup %2.db")
                                  .arg(QFileInfo(m_db.location().path).completeBaseName(),
                                       StoreBackup::now().toLocalTime().date().toString(Qt::ISODate));
    const QString path = FileDialog::getSaveFileName(m_window, tr("Back Up Store"), suggested, tr("Handoff stores (*.db)"));
    if (path.isEmpty())
        return;
    m_jobs.run<Done>(
        tr("Back Up Store"), tr("Copying the store to %1…").arg(QFileInfo(path).fileName()),
        tr("The backup stopped unexpectedly."),
        [path](Database& db, BackgroundTask&) { return StoreBackup::backUpTo(db, path); },
        [this, path](const Done&) {
            emit statusMessage(tr("Backed up the store to %1.").arg(QDir::toNativeSeparators(path)));
        });
}

void StoreFiles::restore()
{
    if (m_jobs.isBusy())
        return;
    if (m_db.dialect() != Database::Dialect::Sqlite) {
        MessageBox::information(m_window, tr("Restore"), StoreBackup::postgresAdvice());
        return;
    }
    const QString from
        = FileDialog::getOpenFileName(m_window, tr("Restore"), tr("Handoff stores (*.db);;All files (*)"));
    if (from.isEmpty())
        return;
    const QString store = m_db.location().path;
    const QString text = tr("Replace every campaign in %1 with the backup %2?\n\nThe store as it is now is backed "
                            "up first, to %3.")
                             .arg(QDir::toNativeSeparators(store), QDir::toNativeSeparators(from),
                                  QDir::toNativeSeparators(StoreBackup::folder(store)));
    if (MessageBox::question(m_window, tr("Restore"), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    m_jobs.run<RestoreReport>(
        tr("Restore"), tr("Restoring %1…").arg(QFileInfo(from).fileName()),
        tr("The restore stopped unexpectedly."),
        [url = m_db.url(), from](Database&, BackgroundTask&) { return StoreBackup::restore(url, from); },
        [this, from](const RestoreReport& report) {
            QString notice = tr("Restored the store from %1.").arg(QDir::toNativeSeparators(from));
            if (!report.backedUpTo.isEmpty())
                notice += QLatin1Char(' ')
                    + tr("The store as it was is backed up to %1.")
                          .arg(QDir::toNativeSeparators(report.backedUpTo));
            emit restored(notice);
        });
}

} // namespace Handoff
