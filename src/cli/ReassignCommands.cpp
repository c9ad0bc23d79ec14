#include "cli/ReassignCommands.h"

#include "storage/CampaignStore.h"
#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "storage/Database.h"
#include "cli/JsonFormat.h"
#include "storage/MoveStore.h"
#include "controller/ReassignmentController.h"
#include "controller/CampaignService.h"

#include <QJsonArray>

#include <QTextStream>

namespace Handoff {

namespace {
QCommandLineOption dryRunOption()
{
    return QCommandLineOption(QStringLiteral("dry-run"),
        QCoreApplication::translate(
            "Handoff::ReassignCommands", "Show how many would move to each sender; move nothing."));
}

// What reassign and unassign both read besides whose conversations and where to: status,
// age, held or not, the note, a dry run, JSON.
struct SelectionOptions
{
    QCommandLineOption status = CommandLine::statusFilterOption();
    QCommandLineOption olderThan = CommandLine::olderThanOption();
    QCommandLineOption includeHeld = CommandLine::includeHeldOption();
    QCommandLineOption note = CommandLine::noteOption();
    QCommandLineOption dryRun = dryRunOption();
    QCommandLineOption json = CommandLine::jsonOption();
};

// Fills request's status, age, held and note from the command line, and keeps a dry run
// from writing; an exit code when an option is wrong.
std::optional<int> readSelection(CommandLine& cmd, CliContext& context, const SelectionOptions& options,
                                 ReassignRequest& request)
{
    const auto status = cmd.statusFilter(options.status);
    if (!status)
        return ExitUsage;
    std::optional<qint64> age;
    if (cmd.isSet(options.olderThan) && !(age = cmd.duration(options.olderThan)))
        return ExitUsage;
    const auto note = cmd.note(options.note);
    if (!note)
        return ExitUsage;
    // A dry run only shows the plan.
    if (cmd.isSet(options.dryRun))
        context.setReadsOnly();
    request.status = *status;
    request.olderThanSeconds = age.value_or(0);
    request.includeHeld = cmd.isSet(options.includeHeld);
    request.note = *note;
    return std::nullopt;
}
} // namespace

ReassignCommands::ReassignCommands(CliContext& context)
    : m_context(context)
{ }

int ReassignCommands::reassign(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("reassign"),
        QStringLiteral("--campaign NAME (--bulk | --from SENDER | --from-unassigned) [--status STATUS]\n"
                       "       (--count N | --all) --to SENDER[,SENDER...] [--older-than DURATION]\n"
                       "       [--balance] [--cap N] [--include-held] [--note TEXT] [--dry-run] [--json]"),
        tr("Move conversations to other senders, dealt out in turn in the order the senders are\n"
           "given, so that no sender gets two more than another.\n"
           "--count N takes the N that waited longest (oldest last activity first, ties by id).\n"
           "--bulk takes from the whole campaign, except what the chosen senders already hold.\n"
           "Held conversations stay where they are unless --include-held is given.\n"
           "--balance gives each conversation to the sender then holding the fewest open ones\n"
           "(Not Started + Needs Reply), ties in the order given; --cap N leaves where they are\n"
           "the conversations no sender can take without holding more than N open ones."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption bulkOption(QStringLiteral("bulk"), tr("Take from the whole campaign."));
    const QCommandLineOption fromOption(
        QStringLiteral("from"), tr("Take from this sender."), QStringLiteral("sender"));
    const QCommandLineOption fromUnassignedOption(
        QStringLiteral("from-unassigned"), tr("Take from the Unassigned pool."));
    const SelectionOptions selection;
    const QCommandLineOption countOption(
        QStringLiteral("count"), tr("Move N conversations."), QStringLiteral("n"));
    const QCommandLineOption allOption(QStringLiteral("all"), tr("Move every matching conversation."));
    const QCommandLineOption toOption(QStringLiteral("to"),
        tr("The senders to move them to, comma-separated or --to repeated (see below)."),
        QStringLiteral("senders"));
    const QCommandLineOption balanceOpt = balanceOption();
    const QCommandLineOption capOpt = capOption();
    cmd.addRequiredOption(campaignOption);
    for (const auto& option :
        { bulkOption, fromOption, fromUnassignedOption, selection.status, countOption, allOption })
        cmd.addOption(option);
    cmd.addSenderListOption(toOption);
    for (const auto& option : { selection.olderThan, balanceOpt, capOpt, selection.includeHeld, selection.note,
                                selection.dryRun, selection.json })
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;

    if (cmd.countSet({ bulkOption, fromOption, fromUnassignedOption }) != 1)
        return m_context.usageError(tr("Say where the conversations come from with exactly one of --bulk, "
                                       "--from SENDER or --from-unassigned."));
    const int amounts = cmd.countSet({ countOption, allOption });
    if (amounts == 0)
        return m_context.usageError(tr("Say how many with --count N, or --all."));
    if (amounts > 1)
        return m_context.usageError(tr("Use either --count N or --all, not both."));
    std::optional<int> count;
    if (cmd.isSet(countOption) && !(count = cmd.positiveNumber(countOption)))
        return ExitUsage;
    if (cmd.names(toOption).isEmpty())
        return m_context.usageError(tr("reassign needs --to SENDER[,SENDER...]."));
    std::optional<int> cap;
    if (cmd.isSet(capOpt) && !(cap = cmd.positiveNumber(capOpt)))
        return ExitUsage;
    ReassignRequest request;
    if (const auto stop = readSelection(cmd, m_context, selection, request))
        return *stop;

    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    request.campaignId = campaign->id;
    request.scope = cmd.isSet(bulkOption) ? ReassignScope::Bulk : ReassignScope::Sender;
    request.action = count ? ReassignAction::ReassignSome : ReassignAction::ReassignAll;
    request.count = count.value_or(0);
    if (cmd.isSet(fromOption)) {
        const auto source = m_context.sender(*campaign, cmd.value(fromOption));
        if (!source)
            return ExitRefused;
        request.source = source->id;
    }
    const auto targets = cmd.senders(*campaign, toOption);
    if (!targets)
        return ExitRefused;
    request.targets = *targets;
    request.balance = cmd.isSet(balanceOpt);
    request.cap = cap.value_or(0);
    return perform(request, cmd.isSet(selection.dryRun), cmd.json());
}

int ReassignCommands::unassign(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("unassign"),
        QStringLiteral("--campaign NAME (--bulk | --from SENDER) [--status STATUS] [--older-than DURATION]\n"
                       "       [--include-held] [--note TEXT] [--dry-run] [--json]"),
        tr("Move every matching conversation back to Unassigned. Held conversations stay where\n"
           "they are unless --include-held is given."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption bulkOption(QStringLiteral("bulk"), tr("Every sender of the campaign."));
    const QCommandLineOption fromOption(
        QStringLiteral("from"), tr("This sender only."), QStringLiteral("sender"));
    const SelectionOptions selection;
    cmd.addRequiredOption(campaignOption);
    for (const auto& option : { bulkOption, fromOption, selection.status, selection.olderThan, selection.includeHeld,
                                selection.note, selection.dryRun, selection.json })
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;

    if (cmd.countSet({ bulkOption, fromOption }) != 1)
        return m_context.usageError(
            tr("Say whose conversations with exactly one of --bulk or --from SENDER."));
    ReassignRequest request;
    if (const auto stop = readSelection(cmd, m_context, selection, request))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    request.campaignId = campaign->id;
    request.scope = cmd.isSet(bulkOption) ? ReassignScope::Bulk : ReassignScope::Sender;
    request.action = ReassignAction::UnassignAll;
    if (cmd.isSet(fromOption)) {
        const auto source = m_context.sender(*campaign, cmd.value(fromOption));
        if (!source)
            return ExitRefused;
        request.source = source->id;
    }
    return perform(request, cmd.isSet(selection.dryRun), cmd.json());
}

int ReassignCommands::move(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("move"),
        QStringLiteral("--campaign NAME --conversation ID[,ID...] (--to SENDER[,SENDER...] | --unassign)\n"
                       "       [--balance] [--cap N] [--note TEXT] [--json]"),
        tr("Move conversations you name to senders, or to Unassigned. The IDs are those of\n"
           "\"handoff-cli conversations\". Several conversations are dealt out in turn over the\n"
           "senders (or, with --balance, to whoever holds the least open work), in the order both\n"
           "are given, as one action of the history; one already with the sender it is dealt to stays."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption conversationOption(QStringLiteral("conversation"),
        tr("The conversations' IDs, comma-separated or --conversation repeated."), QStringLiteral("id"));
    const QCommandLineOption toOption(QStringLiteral("to"),
        tr("The senders to move them to, comma-separated or --to repeated."), QStringLiteral("senders"));
    const QCommandLineOption unassignOption(QStringLiteral("unassign"), tr("Move them to Unassigned."));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    const QCommandLineOption balanceOpt = balanceOption();
    const QCommandLineOption capOpt = capOption();
    const QCommandLineOption noteOption = CommandLine::noteOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addRequiredOption(conversationOption);
    cmd.addSenderListOption(toOption);
    for (const auto& option : { unassignOption, balanceOpt, capOpt, noteOption, jsonOption })
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;

    if (cmd.countSet({ toOption, unassignOption }) != 1)
        return m_context.usageError(tr("Say where they go with exactly one of --to SENDER or --unassign."));
    std::optional<int> cap;
    if (cmd.isSet(capOpt) && !(cap = cmd.positiveNumber(capOpt)))
        return ExitUsage;
    const auto note = cmd.note(noteOption);
    if (!note)
        return ExitUsage;
    const auto ids = cmd.idList(conversationOption);
    if (!ids)
        return ExitUsage;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    ReassignRequest request;
    request.campaignId = campaign->id;
    request.targets = { UnassignedId };
    request.balance = cmd.isSet(balanceOpt);
    request.cap = cap.value_or(0);
    request.note = *note;
    if (cmd.isSet(toOption)) {
        const auto targets = cmd.senders(*campaign, toOption);
        if (!targets)
            return ExitRefused;
        request.targets = *targets;
    }
    // One conversation is recorded as it always was; several are one hand-picked selection.
    if (ids->size() == 1) {
        request.scope = ReassignScope::Single;
        request.action = ReassignAction::Move;
        request.conversationId = ids->constFirst();
    } else {
        request.scope = ReassignScope::Selection;
        request.action = ReassignAction::Move;
        request.conversationIds = *ids;
    }
    return perform(request, false, cmd.json());
}

int ReassignCommands::undo(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("undo"), QStringLiteral("--campaign NAME [--json]"),
        tr("Undo the campaign's newest action not yet undone. Only the conversations still where\n"
           "it put them go back; the others are counted as skipped."));
    cmd.addCampaignAndJsonOptions();
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;

    ReassignmentController controller(*m_context.store(), m_context.actor());
    const auto result = controller.undoLast(campaign->id);
    if (!result)
        return m_context.refuse(result.error());
    const MoveStore history(*m_context.store());
    const auto undid = history.entry(history.entry(result->actionId)->undoes);
    if (cmd.json()) {
        QJsonObject o = JsonFormat::result(*result);
        o.insert(QStringLiteral("undid"), undid->id);
        m_context.printJson(o);
        return ExitSuccess;
    }
    m_context.out()
        << tr("Undid action %1 (%2 by %3).").arg(undid->id).arg(actionLabel(undid->action), undid->actor)
        << QLatin1Char('\n') << result->summary() << QLatin1Char('\n');
    return ExitSuccess;
}

int ReassignCommands::perform(const ReassignRequest& request, bool dryRun, bool json)
{
    ReassignmentController controller(*m_context.store(), m_context.actor());
    const auto plan = controller.plan(request);
    if (!plan)
        return m_context.refuse(plan.error());
    if (dryRun) {
        printPlan(*plan, json);
        return ExitSuccess;
    }
    const auto result = controller.execute(*plan);
    if (!result)
        return m_context.refuse(result.error());
    if (json) {
        QJsonObject o = JsonFormat::result(*result);
        o.insert(QStringLiteral("held_left_out"), plan->heldLeftOut);
        m_context.printJson(o);
    } else {
        m_context.out() << result->summary() << QLatin1Char('\n');
        if (plan->heldLeftOut > 0)
            m_context.out() << heldLeftOutText(plan->heldLeftOut) << QLatin1Char('\n');
    }
    return ExitSuccess;
}

QString ReassignCommands::heldLeftOutText(int held)
{
    return held == 1 ? tr("1 held conversation was left out (--include-held moves it).")
                     : tr("%1 held conversations were left out (--include-held moves them).").arg(held);
}

QStringList ReassignCommands::planNotes(const ReassignPlan& plan)
{
    QStringList lines;
    const CampaignStore campaigns(*m_context.store());
    // Open work matters to the manager who balances or caps it.
    const bool load = plan.request.balance || plan.request.cap > 0;
    for (int i = 0; load && i < plan.request.targets.size() && i < plan.openBefore.size(); ++i) {
        const SenderId id = plan.request.targets.at(i);
        const auto sender = id == UnassignedId ? std::nullopt : campaigns.sender(id);
        lines << tr("%1: open work %2 → %3")
                     .arg(sender ? sender->name : tr("Unassigned"))
                     .arg(plan.openBefore.at(i))
                     .arg(plan.openAfter.value(i));
    }
    if (plan.heldLeftOut > 0)
        lines << (plan.heldLeftOut == 1 ? tr("1 held conversation is left out (--include-held moves it).")
                                        : tr("%1 held conversations are left out (--include-held moves them).")
                                              .arg(plan.heldLeftOut));
    if (plan.leftByCap > 0)
        lines << tr("%1 would stay where they are: every sender would be at the cap of %2 open conversations.")
                     .arg(plan.leftByCap)
                     .arg(plan.request.cap);
    return lines;
}

QCommandLineOption ReassignCommands::balanceOption()
{
    return QCommandLineOption(QStringLiteral("balance"),
        tr("Give each conversation to the sender then holding the fewest open ones (Not Started +"
           " Needs Reply), ties in the order given."));
}

QCommandLineOption ReassignCommands::capOption()
{
    return QCommandLineOption(QStringLiteral("cap"),
        tr("No sender ends with more than N open conversations; what does not fit stays where it is."),
        QStringLiteral("n"));
}

int ReassignCommands::hold(const QStringList& arguments)
{
    return changeHold(arguments, true);
}

int ReassignCommands::unhold(const QStringList& arguments)
{
    return changeHold(arguments, false);
}

int ReassignCommands::changeHold(const QStringList& arguments, bool held)
{
    CommandLine cmd(m_context, held ? QStringLiteral("hold") : QStringLiteral("unhold"),
        held ? QStringLiteral("--campaign NAME --conversation ID[,ID...] [--note TEXT] [--json]")
             : QStringLiteral("--campaign NAME --conversation ID[,ID...] [--json]"),
        held ? tr("Hold conversations: bulk and sender actions leave them where they are unless\n"
                  "they include held ones. Moving one conversation moves it regardless.")
             : tr("Release held conversations: bulk and sender actions take them again."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption conversationOption(QStringLiteral("conversation"),
        tr("The conversations' IDs, comma-separated (those of \"handoff-cli conversations\")."),
        QStringLiteral("ids"));
    const QCommandLineOption noteOption(QStringLiteral("note"), tr("Why they are held (\"escalated\")."),
        QStringLiteral("text"));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addRequiredOption(conversationOption);
    if (held)
        cmd.addOption(noteOption);
    cmd.addOption(jsonOption);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto ids = cmd.idList(conversationOption);
    if (!ids)
        return ExitUsage;
    std::optional<QString> note = QString();
    if (held && !(note = cmd.note(noteOption)))
        return ExitUsage;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    // The same conversation named twice is held once.
    QVector<qint64> unique;
    for (qint64 id : *ids)
        if (!unique.contains(id))
            unique << id;
    const auto changed = CampaignService(*m_context.store()).setHeld(campaign->id, unique, held, *note, m_context.actor());
    if (!changed)
        return m_context.refuse(changed.error());
    if (cmd.json()) {
        QJsonArray list;
        for (qint64 id : *ids)
            list.append(id);
        m_context.printJson(QJsonObject { { QStringLiteral("held"), held }, { QStringLiteral("conversations"), list } });
    } else if (held) {
        m_context.out() << (*changed == 1 ? tr("Held 1 conversation.") : tr("Held %1 conversations.").arg(*changed))
                        << QLatin1Char('\n');
    } else {
        m_context.out() << (*changed == 1 ? tr("Released 1 conversation.")
                                          : tr("Released %1 conversations.").arg(*changed))
                        << QLatin1Char('\n');
    }
    return ExitSuccess;
}

void ReassignCommands::printPlan(const ReassignPlan& plan, bool json)
{
    const CampaignStore campaigns(*m_context.store());
    QVector<TargetCount> perTarget;
    for (int i = 0; i < plan.request.targets.size(); ++i) {
        const SenderId id = plan.request.targets.at(i);
        const auto sender = id == UnassignedId ? std::nullopt : campaigns.sender(id);
        perTarget << TargetCount { id, sender ? sender->name : tr("Unassigned"), plan.perTarget.value(i) };
    }
    const int moving = int(plan.moves.size());
    if (json) {
        QJsonArray open;
        for (int i = 0; i < plan.request.targets.size(); ++i)
            open.append(QJsonObject { { QStringLiteral("name"), perTarget.at(i).name },
                { QStringLiteral("before"), plan.openBefore.value(i) },
                { QStringLiteral("after"), plan.openAfter.value(i) } });
        m_context.printJson(QJsonObject { { QStringLiteral("dry_run"), true },
            { QStringLiteral("available"), plan.available }, { QStringLiteral("would_move"), moving },
            { QStringLiteral("per_target"), JsonFormat::perTarget(perTarget) },
            { QStringLiteral("open_work"), open }, { QStringLiteral("held_left_out"), plan.heldLeftOut },
            { QStringLiteral("left_by_cap"), plan.leftByCap } });
        return;
    }
    QString text = tr("Would move %1 of %2 matching").arg(moving).arg(plan.available);
    if (moving > 0)
        text += QStringLiteral(": ") + targetCountsText(perTarget);
    m_context.out() << text << QStringLiteral(".\n");
    for (const QString& line : planNotes(plan))
        m_context.out() << line << QLatin1Char('\n');
}

} // namespace Handoff
