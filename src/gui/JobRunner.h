#pragma once

#include "core/Outcome.h"
#include "gui/BackgroundTask.h"
#include "gui/MessageBox.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QWidget;

namespace Handoff {

class Database;

// The shape of every long job of the window: busy meanwhile, the work on a worker
// thread behind a progress dialog, then a warning titled with the job's title (or the
// stopped text when the work ended without a result), or done with the result.
// One job runs at a time; the window turns off what would clash while isBusy().
class JobRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)

public:
    JobRunner(QWidget* window, QString storeUrl);

    bool isBusy() const { return m_busy; }
    // Other long work of the window (the History tab's undo) counts as busy too.
    void setBusy(bool busy);

    // cancellable offers Cancel, for work that changes nothing when stopped.
    template <typename T>
    void run(const QString& title, const QString& text, const QString& stopped,
             std::function<Outcome<T>(Database&, BackgroundTask&)> work, std::function<void(const T&)> done,
             bool cancellable = false);

signals:
    void busyChanged(bool busy);

private:
    QWidget* m_window;
    QString m_storeUrl;
    bool m_busy = false;
};

template <typename T>
void JobRunner::run(const QString& title, const QString& text, const QString& stopped,
                    std::function<Outcome<T>(Database&, BackgroundTask&)> work, std::function<void(const T&)> done,
                    bool cancellable)
{
    setBusy(true);
    // Written on the worker, read on the UI thread once finished() has come.
    auto outcome = std::make_shared<std::optional<Outcome<T>>>();
    BackgroundTask* task = BackgroundTask::start(m_window, m_storeUrl, title, text,
        [work = std::move(work), outcome](Database& db, BackgroundTask& task) { *outcome = work(db, task); });
    if (cancellable)
        task->allowCancel();
    connect(task, &BackgroundTask::finished, this,
            [this, title, stopped, outcome, done = std::move(done)](const QString& storeError) {
                setBusy(false);
                const QString error = !storeError.isEmpty() ? storeError
                    : !outcome->has_value()                 ? stopped
                                                            : (**outcome).error();
                if (!error.isEmpty()) {
                    MessageBox::warning(m_window, title, error);
                    return;
                }
                done(***outcome);
            });
}

} // namespace Handoff
