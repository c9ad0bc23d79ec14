#include "cli/CommandLine.h"

#include <QRegularExpression>

#include "storage/CampaignStore.h"
#include "cli/CliContext.h"

#include <QTextStream>

namespace Handoff {

namespace {
QCommandLineOption hiddenOption(const QString& name, const QString& valueName)
{
    QCommandLineOption option(name, QString(), valueName);
    // Described once, in the global help.
    option.setFlags(QCommandLineOption::HiddenFromHelp);
    return option;
}

// One value of a sender list: names separated by commas, a quoted name kept whole.
// Empty names are left out; a quote left open runs to the end of the value.
QStringList splitNames(const QString& value)
{
    const QChar quote = QLatin1Char('"');
    QStringList names;
    qsizetype i = 0;
    while (i <= value.size()) {
        while (i < value.size() && value.at(i).isSpace())
            ++i;
        QString name;
        if (i < value.size() && value.at(i) == quote) {
            // As in CSV: up to the closing quote, a doubled quote standing for one.
            for (++i; i < value.size(); ++i) {
                if (value.at(i) != quote) {
                    name += value.at(i);
                } else if (i + 1 < value.size() && value.at(i + 1) == quote) {
                    name += quote;
                    ++i;
                } else {
                    ++i;
                    break;
                }
            }
        }
        // Up to the next comma; after a closing quote, what follows is part of the name.
        const qsizetype comma = value.indexOf(QLatin1Char(','), i);
        const qsizetype end = comma < 0 ? value.size() : comma;
        name += value.mid(i, end - i);
        if (!name.trimmed().isEmpty())
            names << name.trimmed();
        i = end + 1;
    }
    return names;
}
} // namespace

CommandLine::CommandLine(
    CliContext& context, const QString& command, const QString& usage, const QString& description)
    : m_context(context)
    , m_command(command)
    , m_usage(usage)
    , m_helpOption({ QStringLiteral("h"), QStringLiteral("help") }, tr("Show this help."))
    , m_dbOption(hiddenOption(QStringLiteral("db"), QStringLiteral("url")))
    , m_actorOption(hiddenOption(QStringLiteral("actor"), QStringLiteral("name")))
{
    m_parser.setApplicationDescription(description);
    m_parser.addOption(m_helpOption);
    m_parser.addOption(m_dbOption);
    m_parser.addOption(m_actorOption);
}

void CommandLine::addOption(const QCommandLineOption& option)
{
    m_parser.addOption(option);
}

void CommandLine::addRequiredOption(const QCommandLineOption& option)
{
    m_parser.addOption(option);
    m_required << option;
}

void CommandLine::addSenderListOption(const QCommandLineOption& option)
{
    m_parser.addOption(option);
    m_senderList = option.names().constLast();
}

void CommandLine::addPositionalArgument(const QString& name, const QString& description)
{
    m_parser.addPositionalArgument(name, description);
    m_positionalNames << name;
}

std::optional<int> CommandLine::parse(const QStringList& arguments)
{
    // The parser skips the first argument as the program's name.
    if (!m_parser.parse(QStringList { m_command } + arguments))
        return m_context.usageError(m_parser.errorText());
    if (m_parser.isSet(m_helpOption)) {
        m_context.out() << helpText();
        return ExitSuccess;
    }
    if (m_parser.isSet(m_dbOption))
        m_context.setStoreUrl(m_parser.value(m_dbOption));
    if (m_parser.isSet(m_actorOption))
        m_context.setActor(m_parser.value(m_actorOption));

    for (const QCommandLineOption& option : std::as_const(m_required)) {
        if (!m_parser.isSet(option) || m_parser.value(option).trimmed().isEmpty())
            return m_context.usageError(
                tr("%1 needs --%2 %3.")
                    .arg(m_command, option.names().constLast(), option.valueName().toUpper()));
    }
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() < m_positionalNames.size())
        return m_context.usageError(
            tr("%1 needs %2.").arg(m_command, m_positionalNames.at(positional.size())));
    if (positional.size() > m_positionalNames.size())
        return m_context.usageError(
            tr("Unexpected argument \"%1\".").arg(positional.at(m_positionalNames.size())));
    for (int i = 0; i < positional.size(); ++i) {
        if (positional.at(i).trimmed().isEmpty())
            return m_context.usageError(
                tr("%1 needs %2, not an empty one.").arg(m_command, m_positionalNames.at(i)));
    }
    return std::nullopt;
}

QStringList CommandLine::names(const QCommandLineOption& option) const
{
    QStringList names;
    for (const QString& value : m_parser.values(option))
        names << splitNames(value);
    return names;
}

std::optional<QVector<SenderId>> CommandLine::senders(
    const Campaign& campaign, const QCommandLineOption& option) const
{
    Database* db = m_context.store();
    if (!db)
        return std::nullopt;
    const CampaignStore store(*db);
    const QVector<CampaignSender> onCampaign = store.campaignSenders(campaign.id);
    auto senderNamed = [&](const QString& name) -> std::optional<SenderId> {
        const auto rostered = store.senderByName(name);
        for (const CampaignSender& s : onCampaign)
            if (rostered && s.id == rostered->id)
                return s.id;
        return std::nullopt;
    };

    QVector<SenderId> ids;
    for (const QString& value : m_parser.values(option)) {
        // A name with a comma given on its own, as --to "Ruiz, Ana" --to Ben reads.
        if (value.contains(QLatin1Char(',')) && !value.trimmed().startsWith(QLatin1Char('"'))) {
            if (const auto whole = senderNamed(value)) {
                ids << *whole;
                continue;
            }
        }
        const auto found = m_context.senders(campaign, splitNames(value));
        if (!found)
            return std::nullopt;
        ids << *found;
    }
    return ids;
}

std::optional<int> CommandLine::positiveNumber(const QCommandLineOption& option) const
{
    const QString text = value(option);
    bool ok = false;
    const int number = text.toInt(&ok);
    if (ok && number >= 1)
        return number;
    m_context.usageError(
        tr("--%1 must be a whole number of at least 1, not \"%2\".").arg(option.names().constLast(), text));
    return std::nullopt;
}

std::optional<qint64> CommandLine::durationSeconds(const QCommandLineOption& option) const
{
    const QString text = value(option);
    // A number and a unit, s m h or d, repeated: "90m", "1h30m".
    static const QRegularExpression part(QStringLiteral("([0-9]{1,9})([smhd])"));
    qint64 total = 0;
    qsizetype at = 0;
    bool valid = !text.isEmpty();
    while (valid && at < text.size()) {
        const QRegularExpressionMatch m = part.match(text, at, QRegularExpression::NormalMatch,
                                                     QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch()) {
            valid = false;
            break;
        }
        const qint64 unit = m.captured(2) == QLatin1String("s") ? 1
            : m.captured(2) == QLatin1String("m")                ? 60
            : m.captured(2) == QLatin1String("h")                ? 3600
                                                                 : 86400;
        total += m.captured(1).toLongLong() * unit;
        at = m.capturedEnd();
    }
    if (valid && total >= 1 && total <= 365LL * 86400)
        return total;
    m_context.usageError(tr("--%1 must be a duration such as 90m, 2h or 1h30m (s, m, h, d), not \"%2\".")
                             .arg(option.names().constLast(), text));
    return std::nullopt;
}

int CommandLine::countSet(const QList<QCommandLineOption>& options) const
{
    int n = 0;
    for (const QCommandLineOption& option : options)
        n += m_parser.isSet(option) ? 1 : 0;
    return n;
}

QCommandLineOption CommandLine::campaignOption()
{
    return QCommandLineOption(
        QStringLiteral("campaign"), tr("The campaign, by name."), QStringLiteral("name"));
}

QCommandLineOption CommandLine::jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), tr("Print JSON instead of text."));
}

void CommandLine::addCampaignAndJsonOptions()
{
    addRequiredOption(campaignOption());
    addOption(jsonOption());
}

std::optional<Campaign> CommandLine::campaign() const
{
    return m_context.campaign(value(campaignOption()));
}

QCommandLineOption CommandLine::statusFilterOption()
{
    return QCommandLineOption(QStringLiteral("status"),
        tr("Only conversations with this status: %1 (default: any).")
            .arg(statusFilterKeys().join(QStringLiteral(", "))),
        QStringLiteral("status"), statusFilterKey(StatusFilter::Any));
}

std::optional<StatusFilter> CommandLine::statusFilter(const QCommandLineOption& option) const
{
    const auto filter = parseStatusFilter(value(option));
    if (!filter)
        m_context.usageError(tr("Unknown status \"%1\"; use %2.")
                                 .arg(value(option), statusFilterKeys().join(QStringLiteral(", "))));
    return filter;
}

QString CommandLine::helpText() const
{
    // Qt's first line names the program by its path; ours shows the command's synopsis.
    const QString generated = m_parser.helpText();
    QString help = tr("Usage: handoff-cli %1 %2").arg(m_command, m_usage)
        + generated.mid(generated.indexOf(QLatin1Char('\n')));
    if (!m_senderList.isEmpty())
        help += tr("\nSenders are named by their roster name, several separated by commas or the option\n"
                   "repeated. A name with a comma goes in double quotes inside a list, or alone:\n"
                   "  --%1 '\"Ruiz, Ana\",Ben Okafor'   or   --%1 \"Ruiz, Ana\" --%1 \"Ben Okafor\"\n")
                    .arg(m_senderList);
    return help + tr("\nGlobal options (see handoff-cli --help): --db URL, --actor NAME.\n");
}

} // namespace Handoff
