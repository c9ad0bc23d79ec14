#include "cli/CliApplication.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace Handoff {

CliApplication::CliApplication(QTextStream& out, QTextStream& err)
    : m_context(out, err)
    , m_reports(m_context)
    , m_campaigns(m_context, m_reports)
    , m_senders(m_context)
    , m_imports(m_context)
    , m_reassign(m_context)
    , m_store(m_context)
    , m_rules(m_context)
{
    auto add = [this](const QString& name, const QString& summary, auto member, auto& commands) {
        m_commands.add(
            name, name, summary, [member, &commands](const QStringList& a) { return (commands.*member)(a); });
    };
    add(QStringLiteral("demo"), tr("Create a demo campaign and show its counts."), &CampaignCommands::demo,
        m_campaigns);
    add(QStringLiteral("campaign"), tr("Create, list, archive and unarchive campaigns."),
        &CampaignCommands::campaign, m_campaigns);
    add(QStringLiteral("sender"), tr("Add, list and remove a campaign's senders; mark sweepers."),
        &SenderCommands::sender, m_senders);
    add(QStringLiteral("import"), tr("Import contacts from a CSV file."), &ImportCommands::importContacts,
        m_imports);
    add(QStringLiteral("events"), tr("Load a texting gateway's messages (JSON Lines)."),
        &ImportCommands::importEvents, m_imports);
    add(QStringLiteral("stats"), tr("Count a campaign's conversations by sender and status."),
        &ReportCommands::stats, m_reports);
    add(QStringLiteral("conversations"), tr("List a campaign's conversations."),
        &ReportCommands::conversations, m_reports);
    add(QStringLiteral("reassign"), tr("Move conversations to other senders."), &ReassignCommands::reassign,
        m_reassign);
    add(QStringLiteral("unassign"), tr("Move conversations back to Unassigned."), &ReassignCommands::unassign,
        m_reassign);
    add(QStringLiteral("move"), tr("Move one conversation to a sender or to Unassigned."),
        &ReassignCommands::move, m_reassign);
    add(QStringLiteral("hold"), tr("Hold conversations out of bulk and sender actions."), &ReassignCommands::hold,
        m_reassign);
    add(QStringLiteral("unhold"), tr("Release held conversations."), &ReassignCommands::unhold, m_reassign);
    add(QStringLiteral("history"), tr("List a campaign's actions, newest first."), &ReportCommands::history,
        m_reports);
    add(QStringLiteral("report"), tr("Print a campaign's progress, reply waits and sender load (CSV or JSON)."),
        &ReportCommands::report, m_reports);
    add(QStringLiteral("undo"), tr("Undo a campaign's last action."), &ReassignCommands::undo, m_reassign);
    add(QStringLiteral("rule"), tr("Add, list, enable, disable and remove a campaign's sweep rules."),
        &RuleCommands::rule, m_rules);
    add(QStringLiteral("sweep"), tr("Run campaigns' sweep rules once, or every few minutes with --watch."),
        &RuleCommands::sweep, m_rules);
    add(QStringLiteral("backup"), tr("Copy the store (SQLite) to a file or its backups folder."),
        &StoreCommands::backup, m_store);
    add(QStringLiteral("restore"), tr("Put a backup in place of the store (SQLite)."), &StoreCommands::restore,
        m_store);
    add(QStringLiteral("check"), tr("Check the store's integrity and its kept counts."), &StoreCommands::check,
        m_store);
}

int CliApplication::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Handoff moves texting conversations between the senders of a campaign, exactly and safely."));
    // Everything after the command's name is the command's own.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption dbOption(QStringLiteral("db"),
        tr("The store: sqlite:///absolute/path.db or "
           "postgresql://user:password@host:port/database. Default: $HANDOFF_DB, "
           "else handoff.db in your data folder."),
        QStringLiteral("url"));
    const QCommandLineOption actorOption(QStringLiteral("actor"),
        tr("Who the history records as acting. Default: $HANDOFF_ACTOR, else your "
           "PostgreSQL role, else your login name."),
        QStringLiteral("name"));
    const QCommandLineOption helpOption(
        { QStringLiteral("h"), QStringLiteral("help") }, tr("Show this help."));
    const QCommandLineOption versionOption(
        { QStringLiteral("v"), QStringLiteral("version") }, tr("Show the version."));
    for (const auto& option : { dbOption, actorOption, helpOption, versionOption })
        parser.addOption(option);

    if (!parser.parse(arguments))
        return m_context.usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        // Qt's first line names the program by its path.
        const QString generated = parser.helpText();
        m_context.out() << tr("Usage: handoff-cli [--db URL] [--actor NAME] COMMAND [ARGUMENTS]")
                        << generated.mid(generated.indexOf(QLatin1Char('\n'))) << QLatin1Char('\n')
                        << tr("Commands:") << QLatin1Char('\n') << m_commands.listing() << QLatin1Char('\n')
                        << tr("\"handoff-cli COMMAND --help\" describes a command.") << QLatin1Char('\n');
        return ExitSuccess;
    }
    if (parser.isSet(versionOption)) {
        m_context.out() << QStringLiteral("handoff-cli ") << QCoreApplication::applicationVersion()
                        << QLatin1Char('\n');
        return ExitSuccess;
    }
    if (parser.isSet(dbOption))
        m_context.setStoreUrl(parser.value(dbOption));
    if (parser.isSet(actorOption))
        m_context.setActor(parser.value(actorOption));

    const QStringList rest = parser.positionalArguments();
    const QString commands = m_commands.names().join(QStringLiteral(", "));
    if (rest.isEmpty())
        return m_context.usageError(tr("No command given; the commands are: %1.").arg(commands));
    if (!m_commands.contains(rest.first()))
        return m_context.usageError(
            tr("Unknown command \"%1\"; the commands are: %2.").arg(rest.first(), commands));
    const int code = m_commands.run(rest.first(), rest.mid(1));
    m_store.backUpDailyIfChanged();
    return code;
}

} // namespace Handoff
