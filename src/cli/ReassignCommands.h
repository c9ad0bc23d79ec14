#pragma once

#include "core/Reassignment.h"

#include <QCommandLineOption>
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
    int hold(const QStringList& arguments);
    int unhold(const QStringList& arguments);

private:
    int changeHold(const QStringList& arguments, bool held);
    // Each target's open work before and after, and what the plan leaves out and why.
    QStringList planNotes(const ReassignPlan& plan);
    static QString heldLeftOutText(int held);
    static QCommandLineOption balanceOption();
    static QCommandLineOption capOption();

    // Runs the request, or with dryRun only plans it, and prints what happened.
    int perform(const ReassignRequest& request, bool dryRun, bool json);
    void printPlan(const ReassignPlan& plan, bool json);

    CliContext& m_context;
};

} // namespace Handoff
