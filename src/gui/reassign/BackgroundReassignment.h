#pragma once

#include "core/Outcome.h"
#include "core/Reassignment.h"

#include <atomic>
#include <functional>
#include <optional>

class QString;
class QWidget;

namespace Handoff {

class ReassignmentController;

// A reassign or an undo of thousands of conversations, run the way the window runs
// every large action: on a worker with its own connection and its own controller
// (Qt Sql connections belong to the thread that opened them), behind a window-modal
// progress dialog with Cancel. Cancel is safe at any moment: the action is one
// transaction, rolled back unless it already committed.
class BackgroundReassignment final
{
public:
    // Below this many conversations an action is quick enough to run on the UI thread.
    static constexpr int DefaultThreshold = 2000;

    // Runs on the worker.
    using Call = std::function<Outcome<ReassignResult>(ReassignmentController& controller,
                                                       const std::atomic<bool>* cancelled)>;
    // Runs on the UI thread afterwards; nullopt when the user cancelled and nothing changed.
    using Done = std::function<void(const std::optional<Outcome<ReassignResult>>& outcome)>;

    // done is not called once parent is gone.
    static void start(QWidget* parent, const QString& storeUrl, const QString& actor, const QString& title,
                      const QString& text, Call call, Done done);

private:
    BackgroundReassignment() = default;
};

} // namespace Handoff
