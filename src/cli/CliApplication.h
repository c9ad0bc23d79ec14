#pragma once

#include "cli/CampaignCommands.h"
#include "cli/CliContext.h"
#include "cli/CommandSet.h"
#include "cli/ImportCommands.h"
#include "cli/ReassignCommands.h"
#include "cli/ReportCommands.h"
#include "cli/RuleCommands.h"
#include "cli/SenderCommands.h"
#include "cli/StoreCommands.h"

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace Handoff {

// handoff-cli: reads the global options and the command's name, and hands the rest
// of the command line to the command.
class CliApplication
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CliApplication)
    Q_DISABLE_COPY_MOVE(CliApplication)

public:
    CliApplication(QTextStream& out, QTextStream& err);

    // arguments as QCoreApplication::arguments() gives them, program first; returns the exit code.
    int run(const QStringList& arguments);

private:
    CliContext m_context;
    ReportCommands m_reports;
    CampaignCommands m_campaigns;
    SenderCommands m_senders;
    ImportCommands m_imports;
    ReassignCommands m_reassign;
    StoreCommands m_store;
    RuleCommands m_rules;
    CommandSet m_commands;
};

} // namespace Handoff
