#pragma once

#include "core/Campaign.h"

#include <QCoreApplication>
#include <QStringList>

namespace Handoff {

class CliContext;

// What a campaign looks like now, and what was done to it: stats, conversations, history,
// and the Pulse series (report).
class ReportCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::ReportCommands)
    Q_DISABLE_COPY_MOVE(ReportCommands)

public:
    explicit ReportCommands(CliContext& context);

    int stats(const QStringList& arguments);
    int conversations(const QStringList& arguments);
    int history(const QStringList& arguments);
    // The Pulse tab's series: progress over time, reply waits, sender load.
    int report(const QStringList& arguments);

    // Unassigned, then every sender, then the totals; also the answer of "demo".
    void printStats(const Campaign& campaign, bool json);

private:
    CliContext& m_context;
};

} // namespace Handoff
