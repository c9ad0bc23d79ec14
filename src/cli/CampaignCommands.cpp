#include "cli/CampaignCommands.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "cli/CommandSet.h"
#include "storage/Database.h"
#include "controller/DemoCampaign.h"
#include "cli/JsonFormat.h"
#include "cli/ProgressMeter.h"
#include "cli/ReportCommands.h"
#include "cli/TextTable.h"

#include <QJsonArray>
#include <QTextStream>

namespace Handoff {

CampaignCommands::CampaignCommands(CliContext& context, ReportCommands& reports)
    : m_context(context)
    , m_reports(reports)
{ }

int CampaignCommands::campaign(const QStringList& arguments)
{
    CommandSet actions;
    actions.add(QStringLiteral("create"), QStringLiteral("create NAME"), tr("Create a campaign."),
        [this](const QStringList& a) { return create(a); });
    actions.add(QStringLiteral("list"), QStringLiteral("list [--json]"),
        tr("List every campaign with its senders and conversations."),
        [this](const QStringList& a) { return list(a); });
    actions.add(QStringLiteral("archive"), QStringLiteral("archive NAME"),
        tr("Archive a campaign: its conversations can no longer move."),
        [this](const QStringList& a) { return setArchived(a, true); });
    actions.add(QStringLiteral("unarchive"), QStringLiteral("unarchive NAME"),
        tr("Make an archived campaign active again."),
        [this](const QStringList& a) { return setArchived(a, false); });
    return actions.runGroup(m_context, QStringLiteral("campaign"),
        tr("Create, list, archive and unarchive campaigns."), arguments);
}

int CampaignCommands::create(const QStringList& arguments)
{
    CommandLine cmd(
        m_context, QStringLiteral("campaign create"), QStringLiteral("NAME"), tr("Create a campaign."));
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The new campaign's name, unique."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    Database* db = m_context.store();
    if (!db)
        return ExitRefused;
    const auto created = CampaignService(*db).createCampaign(cmd.positionalArguments().constFirst());
    if (!created)
        return m_context.refuse(created.error());
    m_context.out() << tr("Created campaign \"%1\".").arg(created->name) << QLatin1Char('\n');
    return ExitSuccess;
}

int CampaignCommands::list(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("campaign list"), QStringLiteral("[--json]"),
        tr("List every campaign by name, with its senders and conversations."));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    cmd.addOption(jsonOption);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    Database* db = m_context.store();
    if (!db)
        return ExitRefused;
    const CampaignStore campaigns(*db);

    QJsonArray array;
    using A = TextTable::Align;
    TextTable table({ { tr("Name"), A::Left }, { tr("State"), A::Left }, { tr("Senders"), A::Right },
        { tr("Conversations"), A::Right } });
    for (const Campaign& c : campaigns.campaigns()) {
        const int senders = int(campaigns.campaignSenders(c.id).size());
        const int conversations = campaigns.campaignCounts(c.id).total();
        array.append(
            QJsonObject { { QStringLiteral("name"), c.name }, { QStringLiteral("archived"), c.archived },
                { QStringLiteral("created_at"), JsonFormat::time(c.createdAt) },
                { QStringLiteral("senders"), senders }, { QStringLiteral("conversations"), conversations } });
        table.addRow({ c.name, c.archived ? tr("archived") : tr("active"), QString::number(senders),
            QString::number(conversations) });
    }
    if (cmd.json())
        m_context.printJson(array);
    else
        table.print(m_context.out());
    return ExitSuccess;
}

int CampaignCommands::setArchived(const QStringList& arguments, bool archived)
{
    CommandLine cmd(m_context,
        archived ? QStringLiteral("campaign archive") : QStringLiteral("campaign unarchive"),
        QStringLiteral("NAME"),
        archived ? tr("Archive a campaign: it stays readable, but no conversation, sender or contact\n"
                      "of it can change.")
                 : tr("Make an archived campaign active again."));
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The campaign's name."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = m_context.campaign(cmd.positionalArguments().constFirst());
    if (!campaign)
        return ExitRefused;
    if (campaign->archived == archived) {
        m_context.out() << (archived ? tr("Campaign \"%1\" is already archived.")
                                     : tr("Campaign \"%1\" is already active."))
                               .arg(campaign->name)
                        << QLatin1Char('\n');
        return ExitSuccess;
    }
    const auto changed = CampaignService(*m_context.store()).setArchived(campaign->id, archived);
    if (!changed)
        return m_context.refuse(changed.error());
    m_context.out() << (archived ? tr("Archived campaign \"%1\".") : tr("Campaign \"%1\" is active again."))
                           .arg(campaign->name)
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int CampaignCommands::demo(const QStringList& arguments)
{
    const DemoCampaignOptions defaults;
    CommandLine cmd(m_context, QStringLiteral("demo"),
        QStringLiteral("[--campaign NAME] [--contacts N] [--senders M] [--json]"),
        tr("Create a demo campaign with realistic contacts and conversations in every status, then\n"
           "show its counts. The last sender is a sweeper; every tenth contact is unassigned."));
    const QCommandLineOption campaignOption(QStringLiteral("campaign"),
        tr("The demo campaign's name (default: %1).").arg(defaults.name), QStringLiteral("name"),
        defaults.name);
    const QCommandLineOption contactsOption(QStringLiteral("contacts"),
        tr("How many contacts (default: %1).").arg(defaults.contacts), QStringLiteral("n"),
        QString::number(defaults.contacts));
    const QCommandLineOption sendersOption(QStringLiteral("senders"),
        tr("How many senders (default: %1).").arg(defaults.senders), QStringLiteral("m"),
        QString::number(defaults.senders));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    for (const auto& option : { campaignOption, contactsOption, sendersOption, jsonOption })
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto contacts = cmd.positiveNumber(contactsOption);
    if (!contacts)
        return ExitUsage;
    const auto senders = cmd.positiveNumber(sendersOption);
    if (!senders)
        return ExitUsage;
    Database* db = m_context.store();
    if (!db)
        return ExitRefused;

    DemoCampaignOptions options;
    options.name = cmd.value(campaignOption);
    options.contacts = *contacts;
    options.senders = *senders;
    DemoCampaign demo(*db);
    ProgressMeter meter(m_context.err(), tr("Creating the demo campaign…"));
    QObject::connect(
        &demo, &DemoCampaign::progress, &demo, [&meter](int done, int total) { meter.update(done, total); });
    const auto created = demo.create(options);
    meter.finish();
    if (!created)
        return m_context.refuse(created.error());
    m_reports.printStats(*created, cmd.json());
    return ExitSuccess;
}

} // namespace Handoff
