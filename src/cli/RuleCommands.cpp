#include "cli/RuleCommands.h"

#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "cli/CommandSet.h"
#include "cli/TextTable.h"
#include "controller/RuleService.h"
#include "core/DisplayText.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/RuleStore.h"

#include "controller/Sweeper.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>

#include <csignal>

namespace Handoff {

namespace {

QJsonValue isoOrNull(const QDateTime& at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

// Set by SIGTERM or SIGINT: sweep --watch ends between two sweeps.
volatile std::sig_atomic_t stopWatching = 0;

extern "C" void onStopSignal(int)
{
    stopWatching = 1;
}

QJsonObject sweepJson(const SweepReport& report)
{
    QJsonArray rules;
    for (const RuleSweep& r : report.rules) {
        QJsonArray perTarget;
        for (const TargetCount& t : r.perTarget)
            perTarget.append(QJsonObject{{QStringLiteral("sender"), t.target == UnassignedId ? QJsonValue(QJsonValue::Null)
                                                                                             : QJsonValue(t.name)},
                                         {QStringLiteral("count"), t.count}});
        rules.append(QJsonObject{{QStringLiteral("rule"), r.name},
                                 {QStringLiteral("description"), r.description},
                                 {QStringLiteral("moved"), r.moved},
                                 {QStringLiteral("per_target"), perTarget},
                                 {QStringLiteral("left_by_cap"), r.leftByCap},
                                 {QStringLiteral("skipped"), r.skipped},
                                 {QStringLiteral("action_id"), r.actionId ? QJsonValue(r.actionId) : QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("problem"), r.problem.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.problem)}});
    }
    return QJsonObject{{QStringLiteral("campaign"), report.campaignName},
                       {QStringLiteral("at"), report.at.toUTC().toString(Qt::ISODate)},
                       {QStringLiteral("dry_run"), report.dryRun},
                       {QStringLiteral("skipped_because"), report.skippedBecause.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                                            : QJsonValue(report.skippedBecause)},
                       {QStringLiteral("moved"), report.moved()},
                       {QStringLiteral("rules"), rules}};
}

} // namespace

RuleCommands::RuleCommands(CliContext& context)
    : m_context(context)
{ }

int RuleCommands::rule(const QStringList& arguments)
{
    CommandSet actions;
    actions.add(QStringLiteral("add"),
        QStringLiteral("add --campaign C --name NAME --status S [--older-than D] (--from-all | --from-non-sweepers |\n"
                       "      --from-away | --from-idle D | --from-unassigned) (--to-sweepers | --to-on-shift |\n"
                       "      --to A[,B...] | --to-unassigned) [--balance] [--cap N] [--max-per-run N] [--disabled]"),
        tr("Add a sweep rule at the end of a campaign's list."), [this](const QStringList& a) { return add(a); });
    actions.add(QStringLiteral("list"), QStringLiteral("list --campaign C [--json]"),
        tr("List a campaign's sweep rules in the order a sweep runs them."),
        [this](const QStringList& a) { return list(a); });
    for (const QString& action : {QStringLiteral("enable"), QStringLiteral("disable"), QStringLiteral("remove")})
        actions.add(action, action + QStringLiteral(" --campaign C NAME"),
            action == QLatin1String("enable")    ? tr("Switch a rule on: sweeps run it.")
                : action == QLatin1String("disable") ? tr("Switch a rule off: sweeps skip it.")
                                                     : tr("Remove a rule."),
            [this, action](const QStringList& a) { return change(action, a); });
    return actions.runGroup(m_context, QStringLiteral("rule"),
        tr("A campaign's sweep rules: what a sweep moves, from whom, to whom."), arguments);
}

int RuleCommands::add(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("rule add"),
        QStringLiteral("--campaign C --name NAME --status (needs-reply|not-started|any) [--older-than D]\n"
                       "    (--from-all | --from-non-sweepers | --from-away | --from-idle D | --from-unassigned)\n"
                       "    (--to-sweepers | --to-on-shift | --to A[,B...] | --to-unassigned)\n"
                       "    [--balance] [--cap N] [--max-per-run N] [--disabled]"),
        tr("Add a sweep rule at the end of the campaign's list. Durations are a number and a unit,\n"
           "s m h or d, such as 30m or 1h30m. Held conversations are never swept."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption nameOption(QStringLiteral("name"), tr("The rule's name."), QStringLiteral("name"));
    const QCommandLineOption statusOption = CommandLine::statusFilterOption();
    const QCommandLineOption olderOption(QStringLiteral("older-than"),
        tr("Only conversations whose last activity is at least this old."), QStringLiteral("duration"));
    const QCommandLineOption fromAll(QStringLiteral("from-all"), tr("From every sender."));
    const QCommandLineOption fromNonSweepers(QStringLiteral("from-non-sweepers"), tr("From senders who are not sweepers."));
    const QCommandLineOption fromAway(QStringLiteral("from-away"), tr("From senders who are away or done for today."));
    const QCommandLineOption fromIdle(QStringLiteral("from-idle"),
        tr("From senders holding open work who have not texted for this long."), QStringLiteral("duration"));
    const QCommandLineOption fromUnassigned(QStringLiteral("from-unassigned"), tr("From the Unassigned pool."));
    const QCommandLineOption toSweepers(QStringLiteral("to-sweepers"), tr("To the sweepers who are on shift."));
    const QCommandLineOption toOnShift(QStringLiteral("to-on-shift"), tr("To every sender who is on shift."));
    const QCommandLineOption toNamed(QStringLiteral("to"),
        tr("To these senders, skipping any who are not on shift."), QStringLiteral("names"));
    const QCommandLineOption toUnassigned(QStringLiteral("to-unassigned"), tr("Back to Unassigned."));
    const QCommandLineOption balanceOption(QStringLiteral("balance"),
        tr("Each conversation goes to the target then holding the fewest open conversations."));
    const QCommandLineOption capOption(QStringLiteral("cap"),
        tr("No target ends holding more than N open conversations."), QStringLiteral("N"));
    const QCommandLineOption maxOption(QStringLiteral("max-per-run"),
        tr("One sweep moves at most N conversations by this rule."), QStringLiteral("N"));
    const QCommandLineOption disabledOption(QStringLiteral("disabled"), tr("Add the rule switched off."));
    cmd.addRequiredOption(campaignOption);
    cmd.addRequiredOption(nameOption);
    cmd.addRequiredOption(statusOption);
    for (const QCommandLineOption& o : {olderOption, fromAll, fromNonSweepers, fromAway, fromIdle, fromUnassigned,
                                        toSweepers, toOnShift, toUnassigned, balanceOption, capOption, maxOption,
                                        disabledOption})
        cmd.addOption(o);
    cmd.addSenderListOption(toNamed);
    if (auto stop = cmd.parse(arguments))
        return *stop;

    const QList<QCommandLineOption> froms{fromAll, fromNonSweepers, fromAway, fromIdle, fromUnassigned};
    if (cmd.countSet(froms) != 1)
        return m_context.usageError(tr("Say whose conversations the rule takes: one of --from-all, "
                                       "--from-non-sweepers, --from-away, --from-idle D, --from-unassigned."));
    const QList<QCommandLineOption> tos{toSweepers, toOnShift, toNamed, toUnassigned};
    if (cmd.countSet(tos) != 1)
        return m_context.usageError(
            tr("Say where the rule moves them: one of --to-sweepers, --to-on-shift, --to A[,B...], --to-unassigned."));

    SweepRule r;
    r.name = cmd.value(nameOption);
    const auto status = cmd.statusFilter(statusOption);
    if (!status)
        return ExitUsage;
    r.status = *status;
    if (cmd.isSet(olderOption)) {
        const auto older = cmd.duration(olderOption);
        if (!older)
            return ExitUsage;
        r.minWaitSeconds = *older;
    }
    if (cmd.isSet(fromAll))
        r.from = SweepRule::From::All;
    else if (cmd.isSet(fromNonSweepers))
        r.from = SweepRule::From::NonSweepers;
    else if (cmd.isSet(fromAway))
        r.from = SweepRule::From::AwayOrDone;
    else if (cmd.isSet(fromUnassigned))
        r.from = SweepRule::From::Unassigned;
    else {
        const auto idle = cmd.duration(fromIdle);
        if (!idle)
            return ExitUsage;
        r.from = SweepRule::From::Idle;
        r.idleSeconds = *idle;
    }
    if (cmd.isSet(capOption)) {
        const auto cap = cmd.positiveNumber(capOption);
        if (!cap)
            return ExitUsage;
        r.cap = *cap;
    }
    if (cmd.isSet(maxOption)) {
        const auto most = cmd.positiveNumber(maxOption);
        if (!most)
            return ExitUsage;
        r.maxPerRun = *most;
    }
    r.balance = cmd.isSet(balanceOption);
    r.enabled = !cmd.isSet(disabledOption);

    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    r.campaignId = campaign->id;
    if (cmd.isSet(toSweepers))
        r.to = SweepRule::To::SweepersOnShift;
    else if (cmd.isSet(toOnShift))
        r.to = SweepRule::To::OnShift;
    else if (cmd.isSet(toUnassigned))
        r.to = SweepRule::To::Unassigned;
    else {
        const auto targets = cmd.senders(*campaign, toNamed);
        if (!targets)
            return ExitRefused;
        r.to = SweepRule::To::Named;
        r.targets = *targets;
    }
    if ((r.balance || r.cap > 0) && r.to == SweepRule::To::Unassigned)
        return m_context.usageError(tr("--balance and --cap choose among senders; Unassigned takes everything."));
    const Outcome<SweepRule> added = RuleService(*m_context.store()).addRule(r);
    if (!added)
        return m_context.refuse(added.error());
    m_context.out() << tr("Added rule %1 \"%2\" to campaign \"%3\"%4.")
                           .arg(added->position)
                           .arg(added->name, campaign->name, added->enabled ? QString() : tr(", disabled"))
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int RuleCommands::list(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("rule list"), QStringLiteral("--campaign C [--json]"),
        tr("List a campaign's sweep rules in the order a sweep runs them."));
    cmd.addCampaignAndJsonOptions();
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    QHash<SenderId, QString> names;
    for (const CampaignSender& s : CampaignStore(*m_context.store()).campaignSenders(campaign->id))
        names.insert(s.id, s.name);
    const QVector<SweepRule> rules = RuleStore(*m_context.store()).rules(campaign->id);
    auto targetNames = [&](const SweepRule& r) {
        QStringList result;
        for (SenderId id : r.targets)
            result << names.value(id, tr("(no longer on the campaign)"));
        return result;
    };
    if (cmd.json()) {
        QJsonArray array;
        for (const SweepRule& r : rules)
            array.append(QJsonObject{
                {QStringLiteral("position"), r.position},
                {QStringLiteral("name"), r.name},
                {QStringLiteral("enabled"), r.enabled},
                {QStringLiteral("status"), statusFilterKey(r.status)},
                {QStringLiteral("older_than_s"), r.minWaitSeconds},
                {QStringLiteral("from"), SweepRuleText::fromKey(r.from)},
                {QStringLiteral("idle_s"), r.idleSeconds},
                {QStringLiteral("to"), SweepRuleText::toKey(r.to)},
                {QStringLiteral("targets"), QJsonArray::fromStringList(targetNames(r))},
                {QStringLiteral("balance"), r.balance},
                {QStringLiteral("cap"), r.cap},
                {QStringLiteral("max_per_run"), r.maxPerRun},
                {QStringLiteral("description"), SweepRuleText::describe(r, targetNames(r))},
                {QStringLiteral("last_fired_at"), isoOrNull(r.lastFiredAt)},
                {QStringLiteral("last_moved"), r.lastMoved},
            });
        m_context.printJson(array);
        return ExitSuccess;
    }
    if (rules.isEmpty()) {
        m_context.out() << tr("Campaign \"%1\" has no rules.").arg(campaign->name) << QLatin1Char('\n');
        return ExitSuccess;
    }
    TextTable table({{QStringLiteral("#"), TextTable::Align::Right}, {tr("Name"), TextTable::Align::Left},
                     {tr("On"), TextTable::Align::Left}, {tr("What it does"), TextTable::Align::Left}});
    for (const SweepRule& r : rules)
        table.addRow({QString::number(r.position), r.name, r.enabled ? tr("yes") : tr("no"),
                      SweepRuleText::describe(r, targetNames(r))});
    table.print(m_context.out());
    return ExitSuccess;
}

int RuleCommands::change(const QString& action, const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("rule ") + action, QStringLiteral("--campaign C NAME"),
        action == QLatin1String("enable")    ? tr("Switch a rule on: sweeps run it.")
            : action == QLatin1String("disable") ? tr("Switch a rule off: sweeps skip it.")
                                                 : tr("Remove a rule from the campaign's list."));
    cmd.addRequiredOption(CommandLine::campaignOption());
    cmd.addPositionalArgument(QStringLiteral("NAME"), tr("The rule's name."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    const QString name = cmd.positionalArguments().constFirst().trimmed();
    const std::optional<SweepRule> rule = RuleStore(*m_context.store()).ruleByName(campaign->id, name);
    if (!rule)
        return m_context.refuse(tr("Campaign \"%1\" has no rule named \"%2\".").arg(campaign->name, name));
    RuleService service(*m_context.store());
    const Outcome<Done> done = action == QLatin1String("remove") ? service.removeRule(rule->id)
                                                                 : service.setEnabled(rule->id, action == QLatin1String("enable"));
    if (!done)
        return m_context.refuse(done.error());
    m_context.out() << (action == QLatin1String("enable")    ? tr("Enabled rule \"%1\".")
                        : action == QLatin1String("disable") ? tr("Disabled rule \"%1\".")
                                                             : tr("Removed rule \"%1\"."))
                           .arg(rule->name)
                    << QLatin1Char('\n');
    return ExitSuccess;
}

int RuleCommands::sweep(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("sweep"),
        QStringLiteral("(--campaign C | --all-campaigns) [--dry-run] [--json] [--watch --every DURATION]"),
        tr("Run each campaign's enabled sweep rules once, in order. Each rule that moves conversations\n"
           "is one action of the history, named after the rule, which \"handoff-cli undo\" reverts.\n"
           "Archived campaigns are never swept. --watch sweeps every DURATION until SIGTERM or\n"
           "SIGINT, which end it between two sweeps."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption allOption(QStringLiteral("all-campaigns"), tr("Every campaign that is not archived."));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
        tr("Say what each rule would move, per target, and change nothing."));
    const QCommandLineOption watchOption(QStringLiteral("watch"), tr("Keep sweeping, every --every, until stopped."));
    const QCommandLineOption everyOption(QStringLiteral("every"), tr("How often --watch sweeps, such as 1m."),
        QStringLiteral("duration"));
    for (const QCommandLineOption& o : {campaignOption, allOption, dryRunOption, CommandLine::jsonOption(), watchOption,
                                        everyOption})
        cmd.addOption(o);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    if (cmd.countSet({campaignOption, allOption}) != 1)
        return m_context.usageError(tr("Say what to sweep with exactly one of --campaign C or --all-campaigns."));
    if (cmd.isSet(watchOption) != cmd.isSet(everyOption))
        return m_context.usageError(tr("--watch and --every go together: --watch --every 1m."));
    qint64 every = 0;
    if (cmd.isSet(everyOption)) {
        const auto seconds = cmd.duration(everyOption);
        if (!seconds)
            return ExitUsage;
        every = *seconds;
    }
    const bool dryRun = cmd.isSet(dryRunOption);
    if (dryRun)
        m_context.setReadsOnly();
    QVector<qint64> campaigns;
    if (cmd.isSet(campaignOption)) {
        const auto campaign = cmd.campaign();
        if (!campaign)
            return ExitRefused;
        campaigns << campaign->id;
    }

    auto sweepOnce = [&]() -> int {
        QVector<qint64> ids = campaigns;
        if (ids.isEmpty())
            for (const Campaign& c : CampaignStore(*m_context.store()).campaigns())
                if (!c.archived)
                    ids << c.id;
        QJsonArray reports;
        int code = ExitSuccess;
        for (qint64 id : std::as_const(ids)) {
            const Outcome<SweepReport> report = Sweeper(*m_context.store()).sweep(id, dryRun);
            if (!report) {
                m_context.err() << QStringLiteral("handoff-cli: ") << report.error() << QLatin1Char('\n');
                code = ExitRefused;
                continue;
            }
            if (cmd.json())
                reports.append(sweepJson(*report));
            else
                m_context.out() << report->summary() << QLatin1Char('\n');
        }
        if (cmd.json())
            m_context.printJson(reports);
        m_context.out().flush();
        return code;
    };

    if (every == 0)
        return sweepOnce();
    stopWatching = 0;
    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);
    int code = ExitSuccess;
    while (!stopWatching) {
        code = sweepOnce();
        // Sleep in short steps, so that a signal ends the wait at once.
        for (qint64 waited = 0; waited < every * 1000 && !stopWatching; waited += 100)
            QThread::msleep(100);
    }
    m_context.err() << tr("handoff-cli: stopped watching.") << QLatin1Char('\n');
    return code;
}

} // namespace Handoff
