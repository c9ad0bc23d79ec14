#pragma once

#include "core/Reassignment.h"

#include <QCoreApplication>
#include <QStringList>

namespace Handoff {

class CliContext;

// The reassign actions of the window, over the same controller: reassign and
// unassign at bulk and sender level, move one conversation, undo the last action.
class ReassignCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::ReassignCommands)
    Q_DISABLE_COPY_MOVE(ReassignCommands)

public:
    explicit ReassignCommands(CliContext& context);

    int reassign(const QStringList& arguments);
    int unassign(const QStringList& arguments);
    int move(const QStringList& arguments);
    int undo(const QStringList& arguments);

private:
    // Runs the request, or with dryRun only plans it, and prints what happened.
    int perform(const ReassignRequest& request, bool dryRun, bool json);
    void printPlan(const ReassignPlan& plan, bool json);

    CliContext& m_context;
};

} // namespace Handoff
