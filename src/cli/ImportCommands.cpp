#include "cli/ImportCommands.h"

#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "controller/ContactImporter.h"
#include "storage/Database.h"
#include "cli/JsonFormat.h"
#include "controller/MessageEventImporter.h"
#include "cli/ProgressMeter.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>

namespace Handoff {

ImportCommands::ImportCommands(CliContext& context)
    : m_context(context)
{ }

int ImportCommands::importContacts(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("import"),
        QStringLiteral("--campaign C FILE.csv [--deal-to SENDER[,SENDER...]] [--region XX] [--json]"),
        tr("Import contacts from a CSV file: a header row, then one contact a row. Columns are\n"
           "matched by name, ignoring case (first/last name, phone/cell/mobile, zip); any other\n"
           "column is kept as a custom field. Phones are checked and written in E.164. Rows with a\n"
           "missing, invalid or duplicate phone are left out and listed with their line. The file\n"
           "goes in whole or not at all; when every row is left out for a problem, nothing is imported\n"
           "and the command exits 1."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption dealOption(QStringLiteral("deal-to"),
        tr("Deal the new conversations out to these senders, in turn, in file order "
           "(default: they wait in Unassigned)."),
        QStringLiteral("senders"));
    const QCommandLineOption regionOption(QStringLiteral("region"),
        tr("The country of numbers written without a country code, as two letters "
           "(default: US)."),
        QStringLiteral("xx"), QStringLiteral("US"));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addSenderListOption(dealOption);
    cmd.addOption(regionOption);
    cmd.addOption(jsonOption);
    cmd.addPositionalArgument(QStringLiteral("FILE.csv"), tr("The contact file; - reads standard input."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const QString region = cmd.value(regionOption).toUpper();
    static const QRegularExpression twoLetters(QStringLiteral("^[A-Z]{2}$"));
    if (!twoLetters.match(region).hasMatch())
        return m_context.usageError(tr("--region must be a two-letter country code such as US, not \"%1\".")
                                        .arg(cmd.value(regionOption)));

    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    ContactImportOptions options;
    options.campaignId = campaign->id;
    options.defaultRegion = region;
    if (cmd.isSet(dealOption)) {
        const auto senders = cmd.senders(*campaign, dealOption);
        if (!senders)
            return ExitRefused;
        options.dealTo = *senders;
    }

    QFile input;
    if (const QString error = open(cmd.positionalArguments().constFirst(), input); !error.isEmpty())
        return m_context.refuse(error);
    ContactImporter importer(*m_context.store());
    ProgressMeter meter(m_context.err(), tr("Importing contacts…"));
    QObject::connect(&importer, &ContactImporter::progress, &importer,
        [&meter](qint64 done, qint64 total) { meter.update(done, total); });
    const auto report = importer.import(input, options);
    meter.finish();
    if (!report)
        return m_context.refuse(report.error());

    // A failure when bad rows are why nothing went in; rows already in the campaign are
    // no fault (a file imported twice adds nothing the second time, and that is fine).
    const bool failed
        = report->imported == 0 && report->alreadyInCampaign == 0 && !report->rejected.isEmpty();
    const QString nothing = tr("Nothing was imported into campaign \"%1\".").arg(campaign->name);
    if (cmd.json()) {
        m_context.printJson(QJsonObject { { QStringLiteral("imported"), report->imported },
            { QStringLiteral("encoding"), report->encoding },
            { QStringLiteral("dealt"), JsonFormat::perTarget(report->dealt) },
            { QStringLiteral("rejected"), JsonFormat::rejectedLines(report->rejected) } });
        return failed ? m_context.refuse(nothing) : ExitSuccess;
    }
    if (failed) {
        m_context.refuse(nothing);
        printNotes(m_context.err(), report->notes);
        printRejected(m_context.err(), report->rejected);
        return ExitRefused;
    }
    QTextStream& out = m_context.out();
    out << (report->imported == 1
            ? tr("Imported 1 contact into campaign \"%1\".").arg(campaign->name)
            : tr("Imported %1 contacts into campaign \"%2\".").arg(report->imported).arg(campaign->name))
        << QLatin1Char('\n');
    if (!report->dealt.isEmpty()) {
        out << tr("Dealt out: %1.").arg(targetCountsText(report->dealt)) << QLatin1Char('\n');
    }
    printNotes(out, report->notes);
    printRejected(out, report->rejected);
    return ExitSuccess;
}

int ImportCommands::importEvents(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("events"), QStringLiteral("--campaign C FILE.jsonl [--json]"),
        tr("Load the messages a texting gateway reported, one JSON object a line:\n"
           "  "
           "{\"phone\":\"+14152301001\",\"direction\":\"out\",\"body\":\"Hi!\",\"at\":\"2026-11-20T10:01:"
           "00Z\","
           "\"sender\":\"Ana\"}\n"
           "Each message updates its conversation's status; an inbound STOP opts the contact out.\n"
           "Lines that cannot be read, or whose phone is not in the campaign, are listed with their\n"
           "line. The file goes in whole or not at all; when every line is left out, nothing is\n"
           "recorded and the command exits 1."));
    cmd.addCampaignAndJsonOptions();
    cmd.addPositionalArgument(QStringLiteral("FILE.jsonl"), tr("The events file; - reads standard input."));
    if (auto stop = cmd.parse(arguments))
        return *stop;
    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;

    QFile input;
    if (const QString error = open(cmd.positionalArguments().constFirst(), input); !error.isEmpty())
        return m_context.refuse(error);
    MessageEventImporter importer(*m_context.store());
    ProgressMeter meter(m_context.err(), tr("Loading messages…"));
    QObject::connect(&importer, &MessageEventImporter::progress, &importer,
        [&meter](qint64 done, qint64 total) { meter.update(done, total); });
    const auto report = importer.import(input, campaign->id);
    meter.finish();
    if (!report)
        return m_context.refuse(report.error());

    const bool failed = report->recorded == 0 && !report->rejected.isEmpty();
    const QString nothing = tr("No message was recorded in campaign \"%1\".").arg(campaign->name);
    if (cmd.json()) {
        QJsonArray unknownSenders;
        for (const UnknownSender& u : report->unknownSenders) {
            QJsonArray lines;
            for (int line : u.firstLines)
                lines.append(line);
            unknownSenders.append(QJsonObject { { QStringLiteral("name"), u.name },
                { QStringLiteral("messages"), u.messages }, { QStringLiteral("first_lines"), lines } });
        }
        m_context.printJson(QJsonObject { { QStringLiteral("recorded"), report->recorded },
            { QStringLiteral("opted_out"), report->optedOut },
            { QStringLiteral("unknown_senders"), unknownSenders },
            { QStringLiteral("rejected"), JsonFormat::rejectedLines(report->rejected) } });
        return failed ? m_context.refuse(nothing) : ExitSuccess;
    }
    if (failed) {
        m_context.refuse(nothing);
        printRejected(m_context.err(), report->rejected);
        return ExitRefused;
    }
    QTextStream& out = m_context.out();
    out << (report->recorded == 1
            ? tr("Recorded 1 message in campaign \"%1\".").arg(campaign->name)
            : tr("Recorded %1 messages in campaign \"%2\".").arg(report->recorded).arg(campaign->name))
        << QLatin1Char('\n');
    if (report->optedOut > 0)
        out << (report->optedOut == 1 ? tr("1 contact opted out.")
                                      : tr("%1 contacts opted out.").arg(report->optedOut))
            << QLatin1Char('\n');
    printNotes(out, report->notes);
    printRejected(out, report->rejected);
    return ExitSuccess;
}

QString ImportCommands::open(const QString& path, QFile& file)
{
    // "-" is standard input, as for most tools; a pipe, a FIFO or <(…) is read like a file.
    bool opened = false;
    if (path == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    return opened ? QString() : tr("Cannot read %1: %2").arg(path, file.errorString());
}

void ImportCommands::printNotes(QTextStream& out, const QStringList& notes)
{
    for (const QString& note : notes)
        out << note << QLatin1Char('\n');
}

void ImportCommands::printRejected(QTextStream& out, const QVector<RejectedLine>& rejected)
{
    if (rejected.isEmpty())
        return;
    out << (rejected.size() == 1 ? tr("Rejected 1 line:") : tr("Rejected %1 lines:").arg(rejected.size()))
        << QLatin1Char('\n');
    for (const RejectedLine& r : rejected)
        out << tr("line %1: %2").arg(r.line).arg(r.reason) << QLatin1Char('\n');
}

} // namespace Handoff
