#include "cli/SenderCommands.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "cli/CommandSet.h"
#include "storage/Database.h"
#include "cli/JsonFormat.h"
#include "controller/ReassignmentController.h"
#include "cli/TextTable.h"

#include <QJsonArray>
#include <QTextStream>

namespace Handoff {

SenderCommands::SenderCommands(CliContext& context)
    : m_context(context)
{ }

int SenderCommands::sender(const QStringList& arguments)
{
    CommandSet actions;
    actions.add(QStringLiteral("add"), QStringLiteral("add --campaign C NAME [--sweeper] [--email E] [--number N]"),
        tr("Add a sender to a campaign (and to the roster, if new)."),
        [this](const QStringList& a) { return add(a); });
    actions.add(QStringLiteral("list"), QStringLiteral("list --campaign C [--json]"),
        tr("List a campaign's senders."), [this](const QStringList& a) { return list(a); });
    actions.add(QStringLiteral("remove"), QStringLiteral("remove --campaign C NAME [--json]"),
        tr("Take a sender off a campaign; their conversations go to Unassigned."),
        [this](const QStringList& a) { return remove(a); });
    actions.add(QStringLiteral("presence"), QStringLiteral("presence --campaign C NAME (on-shift|away|done)"),
        tr("Say whether a sender is on shift, away or done for today."),
        [this](const QStringList& a) { return presence(a); });
    actions.add(QStringLiteral("sweeper"), QStringLiteral("sweeper --campaign C NAME (--on | --off)"),
        tr("Mark or unmark a sender as a sweeper."), [this](const QStringList& a) { return sweeper(a); });
    actions.add(QStringLiteral("number"), QStringLiteral("number NAME (NUMBER | none)"),
        tr("Set or clear the number a sender texts from."), [this](const QStringList& a) { return number(a); });
    return actions.runGroup(m_context, QStringLiteral("sender"),
        tr("A campaign's senders, by their roster name: add, list, remove, mark sweepers,\n"
           "set presence, set texting numbers."), arguments);
}

int SenderCommands::add(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender add"),
        QStringLiteral("--campaign C NAME [--sweeper] [--email E] [--number N]"),
        tr("Add a sender to a campaign. A name the roster does not know yet is added to it.\n"
           "--number is the number they text from: message logs that name no sender are\n"
           "attributed by it."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption sweeperOption(
        QStringLiteral("sweeper"), tr("The sender answers replies: a sweeper."));
    const QCommandLineOption emailOption(QStringLiteral("email"),
        tr("The sender's email, for a sender new to the roster."), QStringLiteral("email"));
    const QCommandLineOption numberOption(QStringLiteral("number"),
        tr("The number the sender texts from, e.g. +14155550100."), QStringLiteral("number"));
    cmd.addRequiredOption(campaignOption);
    cmd.addOption(sweeperOption);
    cmd.addOption(emailOption);
    cmd.addOption(numberOption);
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The sender's name."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;

    const QString name = cmd.positionalArguments().constFirst().simplified();
    const bool sweeper = cmd.isSet(sweeperOption);
    const auto sender
        = CampaignService(*m_context.store())
              .addSender(campaign->id, name, cmd.value(emailOption), sweeper, cmd.value(numberOption));
    if (!sender)
        return m_context.refuse(sender.error());
    m_context.out() << (sweeper ? tr("Added \"%1\" to campaign \"%2\" as a sweeper.")
                                : tr("Added \"%1\" to campaign \"%2\"."))
                           .arg(sender->name, campaign->name)
                    << QLatin1Char('\n');
    if (!sender->number.isEmpty())
        m_context.out() << tr("\"%1\" texts from %2.").arg(sender->name, sender->number) << QLatin1Char('\n');
    return ExitSuccess;
}

int SenderCommands::list(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender list"), QStringLiteral("--campaign C [--json]"),
        tr("List a campaign's senders by name. \"handoff-cli stats\" counts their conversations."));
    cmd.addCampaignAndJsonOptions();
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;

    const QVector<CampaignSender> senders = CampaignStore(*m_context.store()).campaignSenders(campaign->id);
    if (cmd.json()) {
        QJsonArray array;
        for (const CampaignSender& s : senders)
            array.append(QJsonObject { { QStringLiteral("name"), s.name },
                { QStringLiteral("email"), s.email }, { QStringLiteral("sweeper"), s.sweeper },
                { QStringLiteral("number"), s.number } });
        m_context.printJson(array);
        return ExitSuccess;
    }
    TextTable table({ { tr("Name"), TextTable::Align::Left }, { tr("Email"), TextTable::Align::Left },
        { tr("Sweeper"), TextTable::Align::Left }, { tr("Texting number"), TextTable::Align::Left } });
    for (const CampaignSender& s : senders)
        table.addRow({ s.name, s.email, s.sweeper ? tr("yes") : QString(), s.number });
    table.print(m_context.out());
    return ExitSuccess;
}

int SenderCommands::remove(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender remove"), QStringLiteral("--campaign C NAME [--json]"),
        tr("Take a sender off a campaign. Their conversations go to Unassigned, as one action of\n"
           "the history that \"handoff-cli undo\" can revert."));
    cmd.addCampaignAndJsonOptions();
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The sender's name."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    const auto sender = m_context.sender(*campaign, cmd.positionalArguments().constFirst());
    if (!sender)
        return ExitRefused;

    ReassignmentController controller(*m_context.store(), m_context.actor());
    const auto result = controller.removeSender(campaign->id, sender->id);
    if (!result)
        return m_context.refuse(result.error());
    if (cmd.json()) {
        m_context.printJson(JsonFormat::result(*result));
        return ExitSuccess;
    }
    m_context.out() << (result->moved == 1
            ? tr("Removed \"%1\" from campaign \"%2\"; 1 conversation went to Unassigned.")
                  .arg(sender->name, campaign->name)
            : tr("Removed \"%1\" from campaign \"%2\"; %3 conversations went to Unassigned.")
                  .arg(sender->name, campaign->name)
                  .arg(result->moved))
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int SenderCommands::sweeper(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender sweeper"),
        QStringLiteral("--campaign C NAME (--on | --off)"),
        tr("Mark a campaign's sender as a sweeper (one who answers replies), or unmark them."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption onOption(QStringLiteral("on"), tr("Make the sender a sweeper."));
    const QCommandLineOption offOption(QStringLiteral("off"), tr("Make the sender an ordinary sender."));
    cmd.addRequiredOption(campaignOption);
    cmd.addOption(onOption);
    cmd.addOption(offOption);
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The sender's name."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    if (cmd.countSet({ onOption, offOption }) != 1)
        return m_context.usageError(tr("Use exactly one of --on or --off."));
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    CampaignService service(*m_context.store());
    // Archived is said before an unknown name: nothing about the campaign can change.
    if (const auto writable = service.writableCampaign(campaign->id, CampaignService::Change::Senders); !writable)
        return m_context.refuse(writable.error());
    const auto sender = m_context.sender(*campaign, cmd.positionalArguments().constFirst());
    if (!sender)
        return ExitRefused;
    const bool on = cmd.isSet(onOption);
    const auto changed = service.setSweeper(campaign->id, sender->id, on);
    if (!changed)
        return m_context.refuse(changed.error());
    m_context.out() << (on ? tr("\"%1\" is now a sweeper of campaign \"%2\".")
                           : tr("\"%1\" is no longer a sweeper of campaign \"%2\"."))
                           .arg(sender->name, campaign->name)
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int SenderCommands::presence(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender presence"),
        QStringLiteral("--campaign C NAME (on-shift|away|done)"),
        tr("Say whether a campaign's sender is on shift (the default), away or done for today.\n"
           "The window shows it, and \"Select sweepers\" picks only sweepers on shift."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The sender's name."));
    cmd.addPositionalArgument(QStringLiteral("PRESENCE"), tr("on-shift, away or done."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const QString word = cmd.positionalArguments().at(1).trimmed();
    const auto presence = parsePresenceKey(word);
    if (!presence)
        return m_context.usageError(
            tr("The presence must be on-shift, away or done, not \"%1\".").arg(word));
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    CampaignService service(*m_context.store());
    if (const auto writable = service.writableCampaign(campaign->id, CampaignService::Change::Senders); !writable)
        return m_context.refuse(writable.error());
    const auto sender = m_context.sender(*campaign, cmd.positionalArguments().constFirst());
    if (!sender)
        return ExitRefused;
    const auto changed = service.setPresence(campaign->id, sender->id, *presence);
    if (!changed)
        return m_context.refuse(changed.error());
    m_context.out() << tr("\"%1\" is now %2 in campaign \"%3\".")
                           .arg(sender->name, presenceLabel(*presence).toLower(), campaign->name)
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int SenderCommands::number(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sender number"), QStringLiteral("NAME (NUMBER | none)"),
        tr("Set the number a roster sender texts from (in every campaign), or clear it with \"none\".\n"
           "An outbound message whose log names no sender is attributed by its From (Twilio) or\n"
           "user_number (Spoke). A number belongs to at most one sender."));
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The sender's name."));
    cmd.addPositionalArgument(QStringLiteral("NUMBER"), tr("The number, e.g. +14155550100, or none."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const QStringList positional = cmd.positionalArguments();
    const QString name = positional.constFirst().simplified();
    const QString typed = positional.at(1).trimmed();
    const bool clear = typed.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0;
    const auto known = CampaignStore(*m_context.store()).senderByName(name);
    if (!known)
        return m_context.refuse(tr("The roster has no sender named \"%1\".").arg(name));
    const auto sender = CampaignService(*m_context.store()).setTextingNumber(known->id, clear ? QString() : typed);
    if (!sender)
        return m_context.refuse(sender.error());
    m_context.out() << (sender->number.isEmpty() ? tr("\"%1\" has no texting number now.").arg(sender->name)
                                                 : tr("\"%1\" texts from %2.").arg(sender->name, sender->number))
                    << QLatin1Char('\n');
    return ExitSuccess;
}

} // namespace Handoff
