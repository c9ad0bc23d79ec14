#include "gui/BackgroundTask.h"

#include "storage/Database.h"

#include <QProgressDialog>
#include <QThread>

#include <algorithm>

namespace Handoff {

namespace {
// The dialog's bar counts in thousandths: byte counts of a large file exceed an int.
constexpr int Steps = 1000;
}

BackgroundTask::BackgroundTask(QWidget* parent, const QString& title, const QString& text)
    : QObject(parent)
{
    m_dialog = new QProgressDialog(text, QString(), 0, 0, parent);
    m_dialog->setObjectName(QStringLiteral("taskProgressDialog"));
    m_dialog->setAccessibleName(title);
    m_dialog->setWindowTitle(title);
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(0);
    // Most work runs in one transaction that stopping halfway would only roll back;
    // allowCancel() offers the button where stopping is what the user wants.
    m_dialog->setCancelButton(nullptr);
    m_dialog->show();
    connect(this, &BackgroundTask::progressed, this, &BackgroundTask::showProgress, Qt::QueuedConnection);
}

BackgroundTask* BackgroundTask::start(QWidget* parent, const QString& storeUrl, const QString& title,
                                      const QString& text, Work work)
{
    auto* task = new BackgroundTask(parent, title, text);
    QThread* worker = QThread::create([task, storeUrl, work = std::move(work)] {
        auto db = Database::open(storeUrl);
        if (!db) {
            task->m_storeError = db.error();
            return;
        }
        work(**db, *task);
    });
    worker->setObjectName(QStringLiteral("backgroundTaskWorker"));
    connect(worker, &QThread::finished, task, [task, worker] {
        worker->deleteLater();
        task->m_dialog->deleteLater();
        emit task->finished(task->m_storeError);
        task->deleteLater();
    });
    worker->start();
    return task;
}

void BackgroundTask::allowCancel()
{
    m_dialog->setCancelButtonText(tr("Cancel"));
    // QProgressDialog would hide itself on Cancel; keep it up until the work has stopped.
    m_dialog->setAutoReset(false);
    // QProgressDialog makes that connection by name, which only a disconnect by name undoes.
    disconnect(m_dialog, SIGNAL(canceled()), m_dialog, SLOT(cancel()));
    connect(m_dialog, &QProgressDialog::canceled, this, [this] {
        m_cancelRequested.store(true);
        m_dialog->setLabelText(tr("Cancelling…"));
    });
}

void BackgroundTask::reportProgress(qint64 done, qint64 total)
{
    emit progressed(done, total);
}

void BackgroundTask::showProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_dialog->setRange(0, 0);
        return;
    }
    m_dialog->setRange(0, Steps);
    m_dialog->setValue(int(std::clamp<qint64>(done * Steps / total, 0, Steps)));
}

} // namespace Handoff
