#pragma once

#include "core/Campaign.h"
#include "core/ConversationStatus.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Handoff {

class CliContext;

// The options of one command, read with QCommandLineParser. Every command takes
// --help and the global --db and --actor; required options and the number of
// positional arguments are checked here, so that a command only sees complete input.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CommandLine)
    Q_DISABLE_COPY_MOVE(CommandLine)

public:
    // command is how the user calls it ("reassign", "campaign create"); usage is
    // the synopsis that follows it in the help.
    CommandLine(
        CliContext& context, const QString& command, const QString& usage, const QString& description);

    void addOption(const QCommandLineOption& option);
    void addRequiredOption(const QCommandLineOption& option);
    // An option naming senders (--to, --deal-to): its help says how to write a name
    // with a comma, and senders() reads it.
    void addSenderListOption(const QCommandLineOption& option);
    void addPositionalArgument(const QString& name, const QString& description);

    // Reads what followed the command's name. Returns the exit code when the command
    // should go no further: after printing its help, or after a usage error.
    std::optional<int> parse(const QStringList& arguments);

    bool isSet(const QCommandLineOption& option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption& option) const { return m_parser.value(option).trimmed(); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    // The names given to an option, the option repeated or its value a list: names
    // separated by commas, a name holding a comma in double quotes ("\"Ruiz, Ana\",Ben",
    // "" for a quote inside).
    QStringList names(const QCommandLineOption& option) const;
    // The campaign's senders an option names, as names() reads it, except that a value
    // that is one sender's whole name is that sender, commas and all (--to "Ruiz, Ana").
    // Says on stderr which name is no sender of the campaign.
    std::optional<QVector<SenderId>> senders(const Campaign& campaign, const QCommandLineOption& option) const;
    // The option's value as a whole number of at least 1; reports a usage error when it is not.
    std::optional<int> positiveNumber(const QCommandLineOption& option) const;
    // The option's value as a duration ("90m", "1h30m", "2d"): seconds, at least 1;
    // reports a usage error when it is none.
    std::optional<qint64> durationSeconds(const QCommandLineOption& option) const;
    // The option's value as a status filter; reports a usage error when it is none.
    std::optional<StatusFilter> statusFilter(const QCommandLineOption& option) const;
    // How many of these options were given.
    int countSet(const QList<QCommandLineOption>& options) const;

    // Options many commands share, described the same everywhere.
    static QCommandLineOption campaignOption();
    static QCommandLineOption jsonOption();
    // --campaign NAME (required) and --json, as most commands take them.
    void addCampaignAndJsonOptions();
    // The campaign --campaign names, from the store; says why on stderr when there is none.
    std::optional<Campaign> campaign() const;
    bool json() const { return isSet(jsonOption()); }
    // --status for reassign actions: the three filters every action offers.
    static QCommandLineOption statusFilterOption();

private:
    QString helpText() const;

    CliContext& m_context;
    QString m_command;
    QString m_usage;
    QCommandLineParser m_parser;
    QList<QCommandLineOption> m_required;
    QStringList m_positionalNames;
    // The option that names senders, if any, for the help's example.
    QString m_senderList;
    QCommandLineOption m_helpOption;
    QCommandLineOption m_dbOption;
    QCommandLineOption m_actorOption;
};

} // namespace Handoff
