#include "gui/reassign/BackgroundReassignment.h"

#include "gui/BackgroundTask.h"
#include "controller/ReassignmentController.h"

#include <QWidget>

#include <memory>

namespace Handoff {

void BackgroundReassignment::start(QWidget* parent, const QString& storeUrl, const QString& actor,
                                   const QString& title, const QString& text, Call call, Done done)
{
    auto outcome = std::make_shared<std::optional<Outcome<ReassignResult>>>();
    BackgroundTask* task = BackgroundTask::start(
        parent, storeUrl, title, text,
        [actor, call = std::move(call), outcome](Database& db, BackgroundTask& task) {
            ReassignmentController controller(db, actor);
            *outcome = call(controller, task.cancelFlag());
        });
    task->allowCancel();
    QObject::connect(task, &BackgroundTask::finished, parent,
                     [task, outcome, done = std::move(done)](const QString& storeError) {
                         const bool changed = outcome->has_value() && **outcome;
                         if (task->cancelRequested() && !changed) {
                             done(std::nullopt);
                             return;
                         }
                         done(outcome->value_or(Outcome<ReassignResult>::failure(storeError)));
                     });
}

} // namespace Handoff
