#pragma once

#include <QObject>

#include <atomic>

#include <functional>

class QProgressDialog;
class QWidget;

namespace Handoff {

class Database;

// Long work (an import, an export, building the demo) on a worker thread, while a
// window-modal progress dialog shows and the window keeps painting. Qt Sql
// connections belong to the thread that opened them, so the work gets its own
// connection to the same store.
class BackgroundTask final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackgroundTask)

public:
    // Runs on the worker; may call reportProgress from there.
    using Work = std::function<void(Database& db, BackgroundTask& task)>;

    // Starts work at once. finished() follows on the UI thread; the task then deletes itself.
    static BackgroundTask* start(QWidget* parent, const QString& storeUrl, const QString& title, const QString& text,
                                 Work work);

    // Thread-safe. A total of 0 or less shows a busy indicator instead of a bar.
    void reportProgress(qint64 done, qint64 total);

    // Offers Cancel in the progress dialog, for work that changes nothing when
    // stopped (one transaction rolled back). The work polls cancelRequested().
    void allowCancel();
    // Thread-safe.
    bool cancelRequested() const { return m_cancelRequested.load(); }
    // The same, for work that polls the flag itself (ReassignmentController's cancelled).
    const std::atomic<bool>* cancelFlag() const { return &m_cancelRequested; }

signals:
    // storeError is why the worker could not open the store; empty when the work ran.
    void finished(const QString& storeError);
    void progressed(qint64 done, qint64 total);

private:
    BackgroundTask(QWidget* parent, const QString& title, const QString& text);
    void showProgress(qint64 done, qint64 total);

    QProgressDialog* m_dialog = nullptr;
    QString m_storeError;
    std::atomic<bool> m_cancelRequested{false};
};

} // namespace Handoff
