#include "cli/ReportCommands.h"
#include "core/Pulse.h"

#include "storage/CampaignStore.h"
#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "cli/JsonFormat.h"
#include "storage/MoveStore.h"
#include "storage/PulseStore.h"
#include "core/Clock.h"
#include "core/CsvWriter.h"
#include "cli/TextTable.h"

#include <QJsonArray>
#include <QBuffer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>

namespace Handoff {

namespace {
constexpr int LastMessageWidth = 60;

QString localTime(const QDateTime& at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

// One line of a table, whatever the message held.
QString elided(const QString& text, int width)
{
    const QString line = text.simplified();
    return line.size() <= width ? line : line.left(width - 1) + QChar(0x2026);
}

// Every status a conversation can have, for narrowing a listing.
std::optional<ConversationStatus> parseStatusKey(const QString& key)
{
    for (auto s : { ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
             ConversationStatus::Waiting, ConversationStatus::OptedOut })
        if (statusKey(s) == key)
            return s;
    return std::nullopt;
}

} // namespace

ReportCommands::ReportCommands(CliContext& context)
    : m_context(context)
{ }

int ReportCommands::stats(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("stats"), QStringLiteral("--campaign NAME [--json]"),
        tr("Count a campaign's conversations by status, for Unassigned and for each sender.\n"
           "Progress is the conversations started (texted at least once) of those held."));
    cmd.addCampaignAndJsonOptions();
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    printStats(*campaign, cmd.json());
    return ExitSuccess;
}

void ReportCommands::printStats(const Campaign& campaign, bool json)
{
    const CampaignStore campaigns(*m_context.store());
    const QVector<SenderCounts> rows = campaigns.senderCounts(campaign.id);
    const StatusCounts total = campaigns.campaignCounts(campaign.id);

    if (json) {
        QJsonArray senders;
        for (const SenderCounts& row : rows.mid(1)) {
            QJsonObject o = JsonFormat::statusCounts(row.counts);
            o.insert(QStringLiteral("name"), row.name);
            o.insert(QStringLiteral("sweeper"), row.sweeper);
            o.insert(QStringLiteral("presence"), presenceKey(row.presence));
            o.insert(QStringLiteral("last_texted"), JsonFormat::time(row.lastTexted));
            o.insert(QStringLiteral("open"), row.open());
            o.insert(QStringLiteral("held"), row.held);
            senders.append(o);
        }
        // How long the replies now waiting have waited, shortest first.
        const qint64 now = Clock::nowUtc().toMSecsSinceEpoch();
        QVector<qint64> waits;
        const QVector<qint64> since = campaigns.needsReplySince(campaign.id);
        waits.reserve(since.size());
        for (auto it = since.crbegin(); it != since.crend(); ++it)
            waits << qMax<qint64>(0, (now - *it) / 1000);
        auto waitPercentile = [&waits](double p) {
            return waits.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(percentile(waits, p));
        };
        m_context.printJson(QJsonObject {
            { QStringLiteral("campaign"), campaign.name },
            { QStringLiteral("total"), JsonFormat::statusCounts(total) },
            { QStringLiteral("unassigned"), JsonFormat::statusCounts(rows.first().counts) },
            { QStringLiteral("senders"), senders },
            { QStringLiteral("oldest_needs_reply_at"), JsonFormat::time(campaigns.oldestNeedsReply(campaign.id)) },
            { QStringLiteral("needs_reply_wait_p50_s"), waitPercentile(0.5) },
            { QStringLiteral("needs_reply_wait_p95_s"), waitPercentile(0.95) },
        });
        return;
    }

    using A = TextTable::Align;
    TextTable table({ { tr("Sender"), A::Left }, { tr("Sweeper"), A::Left }, { tr("Progress"), A::Right },
        { tr("Total"), A::Right }, { statusLabel(ConversationStatus::NeedsReply), A::Right },
        { statusLabel(ConversationStatus::NotStarted), A::Right },
        { statusLabel(ConversationStatus::Waiting), A::Right },
        { statusLabel(ConversationStatus::OptedOut), A::Right } });
    auto addRow = [&table](const QString& name, const QString& sweeper, const StatusCounts& c) {
        table.addRow({ name, sweeper, QStringLiteral("%1/%2").arg(c.started()).arg(c.total()),
            QString::number(c.total()), QString::number(c.needsReply), QString::number(c.notStarted),
            QString::number(c.waiting), QString::number(c.optedOut) });
    };
    for (const SenderCounts& row : rows)
        addRow(row.name, row.sweeper ? tr("yes") : QString(), row.counts);
    addRow(tr("Total"), QString(), total);

    m_context.out()
        << (campaign.archived ? tr("Campaign \"%1\" (archived)") : tr("Campaign \"%1\"")).arg(campaign.name)
        << QLatin1Char('\n');
    table.print(m_context.out());
}

int ReportCommands::conversations(const QStringList& arguments)
{
    QStringList statusKeys { statusFilterKey(StatusFilter::Any) };
    for (auto s : { ConversationStatus::NeedsReply, ConversationStatus::NotStarted,
             ConversationStatus::Waiting, ConversationStatus::OptedOut })
        statusKeys << statusKey(s);

    CommandLine cmd(m_context, QStringLiteral("conversations"),
        QStringLiteral("--campaign NAME [--sender NAME | --unassigned] [--status STATUS]\n"
                       "       [--search TEXT] [--older-than DURATION] [--held | --not-held] [--limit N] [--json]"),
        tr("List a campaign's conversations, longest waiting first (the order in which reassign\n"
           "--count takes them)."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption senderOption(
        QStringLiteral("sender"), tr("Only this sender's conversations."), QStringLiteral("name"));
    const QCommandLineOption unassignedOption(QStringLiteral("unassigned"), tr("Only the Unassigned pool."));
    const QCommandLineOption statusOption(QStringLiteral("status"),
        tr("Only this status: %1 (default: any).").arg(statusKeys.join(QStringLiteral(", "))),
        QStringLiteral("status"), statusFilterKey(StatusFilter::Any));
    const QCommandLineOption searchOption(QStringLiteral("search"),
        tr("Only contacts whose name or phone contains TEXT."), QStringLiteral("text"));
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), tr("At most N conversations."), QStringLiteral("n"));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    const QCommandLineOption olderThan = CommandLine::olderThanOption();
    const QCommandLineOption heldOption(QStringLiteral("held"), tr("Only held conversations."));
    const QCommandLineOption notHeldOption(QStringLiteral("not-held"), tr("Only conversations not held."));
    cmd.addRequiredOption(campaignOption);
    for (const auto& option : { senderOption, unassignedOption, statusOption, searchOption, olderThan, heldOption,
             notHeldOption, limitOption, jsonOption })
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();

    if (cmd.countSet({ senderOption, unassignedOption }) > 1)
        return m_context.usageError(tr("Use either --sender NAME or --unassigned, not both."));
    const QString statusText = cmd.value(statusOption).toLower();
    if (!statusKeys.contains(statusText))
        return m_context.usageError(tr("Unknown status \"%1\"; use %2.")
                                        .arg(cmd.value(statusOption), statusKeys.join(QStringLiteral(", "))));
    std::optional<int> limit;
    if (cmd.isSet(limitOption) && !(limit = cmd.positiveNumber(limitOption)))
        return ExitUsage;
    if (cmd.countSet({ heldOption, notHeldOption }) > 1)
        return m_context.usageError(tr("Use either --held or --not-held, not both."));
    std::optional<qint64> age;
    if (cmd.isSet(olderThan) && !(age = cmd.duration(olderThan)))
        return ExitUsage;

    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    ConversationQuery query;
    query.campaignId = campaign->id;
    query.status = parseStatusKey(statusText);
    query.search = cmd.value(searchOption);
    query.olderThanSeconds = age.value_or(0);
    if (cmd.isSet(heldOption) || cmd.isSet(notHeldOption))
        query.held = cmd.isSet(heldOption);
    if (cmd.isSet(unassignedOption))
        query.sender = UnassignedId;
    if (cmd.isSet(senderOption)) {
        const auto sender = m_context.sender(*campaign, cmd.value(senderOption));
        if (!sender)
            return ExitRefused;
        query.sender = sender->id;
    }

    const ConversationStore store(*m_context.store());
    const int max = limit.value_or(-1);

    QTextStream& out = m_context.out();
    if (cmd.json()) {
        bool first = true;
        out << QLatin1Char('[');
        store.forEach(query, max, [&](const Conversation& c) {
            if (!first)
                out << QLatin1Char(',');
            out << JsonFormat::compact(QJsonDocument(JsonFormat::conversation(c)));
            first = false;
        });
        out << QStringLiteral("]\n");
        return ExitSuccess;
    }

    using A = TextTable::Align;
    TextTable table({ { tr("ID"), A::Right }, { tr("Contact"), A::Left }, { tr("Phone"), A::Left },
        { tr("Status"), A::Left }, { tr("Sender"), A::Left }, { tr("Last Activity"), A::Left },
        { tr("Last Message"), A::Left } });
    const QString unassigned = tr("Unassigned");
    auto cells = [&unassigned](const Conversation& c) {
        return QStringList { QString::number(c.id), c.contactName().simplified(), c.phone,
            statusLabel(c.status), c.senderId == UnassignedId ? unassigned : c.senderName,
            localTime(c.lastActivity), elided(c.lastMessage, LastMessageWidth) };
    };
    // Two passes rather than keeping every row: one to measure the columns, one to print.
    store.forEach(query, max, [&](const Conversation& c) { table.measure(cells(c)); });
    table.printHeader(out);
    store.forEach(query, max, [&](const Conversation& c) { table.printRow(out, cells(c)); });
    return ExitSuccess;
}

int ReportCommands::history(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("history"),
        QStringLiteral("--campaign NAME [--limit N] [--json]"),
        tr("List a campaign's actions, newest first: who moved how many conversations where, what\n"
           "was skipped and why, and what was undone."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), tr("Only the newest N actions."), QStringLiteral("n"));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addOption(limitOption);
    cmd.addOption(jsonOption);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    std::optional<int> limit;
    if (cmd.isSet(limitOption) && !(limit = cmd.positiveNumber(limitOption)))
        return ExitUsage;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;

    const QVector<HistoryEntry> entries
        = MoveStore(*m_context.store()).history(campaign->id, limit.value_or(-1));
    if (cmd.json()) {
        QJsonArray array;
        for (const HistoryEntry& e : entries)
            array.append(JsonFormat::historyEntry(e));
        m_context.printJson(array);
        return ExitSuccess;
    }

    using A = TextTable::Align;
    TextTable table({ { tr("ID"), A::Right }, { tr("When"), A::Left }, { tr("Who"), A::Left },
        { tr("Action"), A::Left }, { tr("Scope"), A::Left }, { tr("From"), A::Left },
        { tr("Status"), A::Left }, { tr("Moved"), A::Right }, { tr("To"), A::Left },
        { tr("Skipped"), A::Right }, { tr("Undo"), A::Left } });
    for (const HistoryEntry& e : entries) {
        QString undo;
        if (e.undoneBy != 0)
            undo = tr("undone by %1").arg(e.undoneBy);
        else if (e.undoes != 0)
            undo = tr("undoes %1").arg(e.undoes);
        table.addRow({ QString::number(e.id), localTime(e.at), e.actor, actionLabel(e.action),
            // Bulk, hand-picked and rule moves come from several senders: no one "From".
            scopeLabel(e.scope), e.scope == ReassignScope::Sender || e.scope == ReassignScope::Single ? e.sourceName : QString(),
            statusFilterLabel(e.status), QString::number(e.result.moved),
            targetCountsText(e.result.movedPerTarget), QString::number(e.result.skipped()), undo });
    }
    table.print(m_context.out());
    return ExitSuccess;
}

int ReportCommands::report(const QStringList& arguments)
{
    const QStringList seriesKeys{QStringLiteral("progress"), QStringLiteral("reply-wait"), QStringLiteral("load")};
    CommandLine cmd(m_context, QStringLiteral("report"),
        QStringLiteral("--campaign NAME (--json | --csv) [--since DURATION] [--per hour|day]\n"
                       "       [--series progress|reply-wait|load]"),
        tr("Print the series the Pulse tab draws: contacts texted for the first time, replies\n"
           "received and replies waiting per hour or day, with the actions that moved conversations;\n"
           "how long answered replies waited (median, 95th percentile) and how long the replies now\n"
           "waiting have waited; and each sender's conversations by status."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    const QCommandLineOption csvOption(QStringLiteral("csv"),
        tr("Print CSV: the three tables one after the other, a blank line between them."));
    const QCommandLineOption sinceOption(QStringLiteral("since"),
        tr("Only the last DURATION: a number and s, m, h or d, or several (8h, 1h30m, 2d). Default: the "
           "whole campaign."),
        QStringLiteral("duration"));
    const QCommandLineOption perOption(QStringLiteral("per"),
        tr("Progress per hour or per day. Default: per day when the campaign spans more than three days."),
        QStringLiteral("unit"));
    const QCommandLineOption seriesOption(
        QStringLiteral("series"), tr("Only this series: progress, reply-wait or load."), QStringLiteral("series"));
    cmd.addRequiredOption(campaignOption);
    for (const auto& option : {jsonOption, csvOption, sinceOption, perOption, seriesOption})
        cmd.addOption(option);
    if (auto stop = cmd.parse(arguments))
        return *stop;
    m_context.setReadsOnly();
    if (cmd.countSet({jsonOption, csvOption}) != 1)
        return m_context.usageError(tr("Give either --json or --csv."));
    const QDateTime now = Clock::nowUtc();
    QDateTime since;
    if (cmd.isSet(sinceOption)) {
        const auto seconds = cmd.duration(sinceOption);
        if (!seconds)
            return ExitUsage;
        since = now.addSecs(-*seconds);
    }
    std::optional<PulseGranularity> granularity;
    if (cmd.isSet(perOption)) {
        const QString per = cmd.value(perOption).toLower();
        if (per == granularityKey(PulseGranularity::Hour))
            granularity = PulseGranularity::Hour;
        else if (per == granularityKey(PulseGranularity::Day))
            granularity = PulseGranularity::Day;
        else
            return m_context.usageError(tr("Unknown unit \"%1\"; use hour or day.").arg(cmd.value(perOption)));
    }
    QStringList wanted = seriesKeys;
    if (cmd.isSet(seriesOption)) {
        const QString key = cmd.value(seriesOption).toLower();
        if (!seriesKeys.contains(key))
            return m_context.usageError(tr("Unknown series \"%1\"; use %2.")
                                            .arg(cmd.value(seriesOption), seriesKeys.join(QStringLiteral(", "))));
        wanted = QStringList{key};
    }
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    const Outcome<PulseSeries> series = PulseStore(*m_context.store()).series(campaign->id, now, since, granularity);
    if (!series)
        return m_context.refuse(series.error());
    const PulseTable tables[] = {progressTable(*series), replyWaitTable(*series), loadTable(*series)};

    if (cmd.json()) {
        QJsonObject o{{QStringLiteral("campaign"), campaign->name},
                      {QStringLiteral("now"), JsonFormat::time(series->now)},
                      {QStringLiteral("since"), JsonFormat::time(series->since)}};
        if (wanted.contains(seriesKeys.at(0))) {
            QJsonArray progress;
            for (const ProgressPoint& p : series->progress)
                progress.append(QJsonObject{{QStringLiteral("start"), JsonFormat::time(p.start)},
                                            {QStringLiteral("first_texts"), p.firstTexts},
                                            {QStringLiteral("replies_received"), p.repliesReceived},
                                            {QStringLiteral("replies_waiting"), p.repliesWaiting}});
            QJsonArray markers;
            for (const PulseMarker& m : series->markers)
                markers.append(QJsonObject{{QStringLiteral("action_id"), JsonFormat::id(m.actionId)},
                                           {QStringLiteral("at"), JsonFormat::time(m.at)},
                                           {QStringLiteral("moved"), m.moved},
                                           {QStringLiteral("text"), m.text}});
            o.insert(QStringLiteral("granularity"), granularityKey(series->granularity));
            o.insert(QStringLiteral("progress"), progress);
            o.insert(QStringLiteral("markers"), markers);
        }
        if (wanted.contains(seriesKeys.at(1))) {
            const ReplyWaitSeries& w = series->replyWait;
            auto seconds = [](qint64 s) { return s < 0 ? QJsonValue() : QJsonValue(s); };
            QJsonArray bins;
            for (qsizetype i = 0; i < w.bins.size(); ++i)
                bins.append(QJsonObject{{QStringLiteral("label"), waitBinLabel(int(i))},
                                        {QStringLiteral("from_seconds"), w.bins.at(i).fromSeconds},
                                        {QStringLiteral("to_seconds"), seconds(w.bins.at(i).toSeconds)},
                                        {QStringLiteral("answered"), w.bins.at(i).answered},
                                        {QStringLiteral("waiting"), w.bins.at(i).waiting}});
            o.insert(QStringLiteral("reply_wait"),
                     QJsonObject{{QStringLiteral("answered"), w.answered},
                                 {QStringLiteral("waiting_now"), w.waitingNow},
                                 {QStringLiteral("median_seconds"), seconds(w.medianSeconds)},
                                 {QStringLiteral("p95_seconds"), seconds(w.p95Seconds)},
                                 {QStringLiteral("oldest_waiting_seconds"), seconds(w.oldestWaitingSeconds)},
                                 {QStringLiteral("bins"), bins}});
        }
        if (wanted.contains(seriesKeys.at(2))) {
            QJsonArray load;
            for (const SenderCounts& s : series->load) {
                QJsonObject row = JsonFormat::statusCounts(s.counts);
                row.insert(QStringLiteral("id"), JsonFormat::id(s.id));
                row.insert(QStringLiteral("name"), s.name);
                row.insert(QStringLiteral("sweeper"), s.sweeper);
                row.insert(QStringLiteral("presence"),
                           s.id == UnassignedId ? QJsonValue() : QJsonValue(presenceKey(s.presence)));
                load.append(row);
            }
            o.insert(QStringLiteral("load"), load);
        }
        m_context.printJson(o);
        return ExitSuccess;
    }

    QByteArray csv;
    QBuffer buffer(&csv);
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    bool first = true;
    for (int i = 0; i < 3; ++i) {
        if (!wanted.contains(seriesKeys.at(i)))
            continue;
        if (!first)
            buffer.write("\n");
        first = false;
        writer.writeRecord(tables[i].header);
        for (const QStringList& row : tables[i].rows)
            writer.writeRecord(row);
    }
    // Lines end as a terminal's and a pipe's do; the window's CSV exports keep CRLF.
    m_context.out() << QString::fromUtf8(csv).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return ExitSuccess;
}

} // namespace Handoff
