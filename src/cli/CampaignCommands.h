#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Handoff {

class CliContext;
class ReportCommands;

// Campaigns: create, list, archive and unarchive them, and make the demo campaign.
class CampaignCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CampaignCommands)
    Q_DISABLE_COPY_MOVE(CampaignCommands)

public:
    // reports prints the demo campaign's counts.
    CampaignCommands(CliContext& context, ReportCommands& reports);

    // "campaign ACTION ...".
    int campaign(const QStringList& arguments);
    int demo(const QStringList& arguments);

private:
    int create(const QStringList& arguments);
    int list(const QStringList& arguments);
    int setArchived(const QStringList& arguments, bool archived);

    CliContext& m_context;
    ReportCommands& m_reports;
};

} // namespace Handoff
