#include "cli/ImportCommands.h"

#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "controller/ContactImporter.h"
#include "storage/Database.h"
#include "cli/JsonFormat.h"
#include "controller/MessageEventImporter.h"
#include "core/MessageLogReader.h"
#include "cli/ProgressMeter.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimeZone>

#include <cstdio>

namespace Handoff {

ImportCommands::ImportCommands(CliContext& context)
    : m_context(context)
{ }

int ImportCommands::importContacts(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("import"),
        QStringLiteral("--campaign C FILE.csv [--deal-to SENDER[,SENDER...] | --assign-from-export] [--region XX] "
                       "[--json]"),
        tr("Import contacts from a CSV file: a header row, then one contact a row. Columns are\n"
           "matched by name, ignoring case (first/last name, phone/cell/mobile, zip); any other\n"
           "column is kept as a custom field. Phones are checked and written in E.164. Rows with a\n"
           "missing, invalid or duplicate phone are left out and listed with their line. The file\n"
           "goes in whole or not at all; when every row is left out for a problem, nothing is imported\n"
           "and the command exits 1. Spoke's contact exports (MoveOn's and Rewired's contact[...]\n"
           "columns) are read as they are: opted-out contacts come in opted out, and\n"
           "--assign-from-export gives each conversation to the texter the export names."));
    const QCommandLineOption campaignOption = CommandLine::campaignOption();
    const QCommandLineOption dealOption(QStringLiteral("deal-to"),
        tr("Deal the new conversations out to these senders, in turn, in file order "
           "(default: they wait in Unassigned)."),
        QStringLiteral("senders"));
    const QCommandLineOption regionOption(QStringLiteral("region"),
        tr("The country of numbers written without a country code, as two letters "
           "(default: US)."),
        QStringLiteral("xx"), QStringLiteral("US"));
    const QCommandLineOption assignOption(QStringLiteral("assign-from-export"),
        tr("Give each conversation to the texter the Spoke export names (texterFirst, texterLast,\n"
           "texterEmail); texters join the roster (matched by e-mail, else by name) and the campaign."));
    const QCommandLineOption jsonOption = CommandLine::jsonOption();
    cmd.addRequiredOption(campaignOption);
    cmd.addSenderListOption(dealOption);
    cmd.addOption(assignOption);
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
    if (cmd.isSet(dealOption) && cmd.isSet(assignOption))
        return m_context.usageError(tr("Use --deal-to or --assign-from-export, not both."));

    const auto campaign = cmd.campaign();
    if (!campaign)
        return ExitRefused;
    ContactImportOptions options;
    options.campaignId = campaign->id;
    options.defaultRegion = region;
    options.assignFromExport = cmd.isSet(assignOption);
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
            { QStringLiteral("opted_out"), report->optedOut },
            { QStringLiteral("joined_roster"), QJsonArray::fromStringList(report->joinedRoster) },
            { QStringLiteral("joined_campaign"), QJsonArray::fromStringList(report->joinedCampaign) },
            { QStringLiteral("without_texter"), report->withoutTexter },
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
        out << (options.assignFromExport ? tr("Assigned from the export: %1.").arg(targetCountsText(report->dealt))
                                         : tr("Dealt out: %1.").arg(targetCountsText(report->dealt)))
            << QLatin1Char('\n');
    }
    printNotes(out, report->notes);
    printRejected(out, report->rejected);
    return ExitSuccess;
}

int ImportCommands::importEvents(const QStringList& arguments)
{
    CommandLine cmd(m_context, QStringLiteral("events"),
        QStringLiteral("--campaign C FILE [--format F] [--map FIELD=COLUMN,...] [--inbound V --outbound V] "
                       "[--region XX] [--timezone ZONE] [--json]"),
        tr("Load the messages a texting gateway or tool reported. The formats:\n"
           "  handoff        Handoff's JSON Lines, one event a line:\n"
           "                 {\"phone\":\"+14152301001\",\"direction\":\"out\",\"body\":\"Hi!\",\n"
           "                  \"at\":\"2026-11-20T10:01:00Z\",\"sender\":\"Ana\"}\n"
           "  twilio-csv     Twilio Console message log: From, To, Body, Status, SentDate,\n"
           "                 Direction, Sid (in any order; other columns are ignored)\n"
           "  twilio-json    Twilio bulk export (JSON Lines): sid, from, to, body, status,\n"
           "                 direction, date_sent (or date_created)\n"
           "  spoke          Spoke message export: contact_number, is_from_contact, text,\n"
           "                 attempted_at, send_status\n"
           "  spoke-rewired  Spoke Rewired message export: contactNumber, isFromContact, text,\n"
           "                 attemptedAt, sendStatus, texter[firstName], texter[lastName]\n"
           "  mapped         any other CSV: --map phone=COLUMN,direction=COLUMN,body=COLUMN,\n"
           "                 at=COLUMN[,sender=COLUMN][,number=COLUMN][,id=COLUMN]\n"
           "                 --inbound VALUE --outbound VALUE (number: the texting number it went out from)\n"
           "With auto (the default) the header or first record tells the format, and the report\n"
           "names it. A .gz file is read as it is. Each message updates its conversation's status;\n"
           "an inbound STOP opts the contact out; an outbound message that failed or was undelivered\n"
           "does not count as sent. Lines that cannot be read, or whose phone is not in the campaign,\n"
           "are listed with their line. The file goes in whole or not at all; when every line is left\n"
           "out, nothing is recorded and the command exits 1."));
    const QCommandLineOption formatOption(QStringLiteral("format"),
        tr("The file's format: auto (default), handoff, twilio-csv, twilio-json, spoke, spoke-rewired, mapped."),
        QStringLiteral("format"), QStringLiteral("auto"));
    const QCommandLineOption mapOption(QStringLiteral("map"),
        tr("For --format mapped: the column of each field, as phone=COLUMN,direction=COLUMN,body=COLUMN,"
           "at=COLUMN and optionally sender=COLUMN, number=COLUMN and id=COLUMN."),
        QStringLiteral("fields"));
    const QCommandLineOption inboundOption(QStringLiteral("inbound"),
        tr("For --format mapped: the direction column's value for a message from the contact."),
        QStringLiteral("value"));
    const QCommandLineOption outboundOption(QStringLiteral("outbound"),
        tr("For --format mapped: the direction column's value for a message to the contact."),
        QStringLiteral("value"));
    const QCommandLineOption regionOption(QStringLiteral("region"),
        tr("The country of numbers written without a country code, as two letters (default: US)."),
        QStringLiteral("xx"), QStringLiteral("US"));
    const QCommandLineOption zoneOption(QStringLiteral("timezone"),
        tr("The time zone of dates written without one, as an IANA name such as America/Chicago "
           "(default: UTC)."),
        QStringLiteral("zone"), QStringLiteral("UTC"));
    cmd.addCampaignAndJsonOptions();
    cmd.addOption(formatOption);
    cmd.addOption(mapOption);
    cmd.addOption(inboundOption);
    cmd.addOption(outboundOption);
    cmd.addOption(regionOption);
    cmd.addOption(zoneOption);
    cmd.addPositionalArgument(QStringLiteral("FILE"), tr("The events file, .gz or not; - reads standard input."));
    if (auto stop = cmd.parse(arguments))
        return *stop;

    MessageLogOptions options;
    const auto format = MessageLogFormats::fromName(cmd.value(formatOption));
    if (!format) {
        QStringList names;
        for (MessageLogFormat f : MessageLogFormats::all())
            names << MessageLogFormats::name(f);
        return m_context.usageError(tr("--format must be one of %1, not \"%2\".")
                                        .arg(names.join(QStringLiteral(", ")), cmd.value(formatOption)));
    }
    options.format = *format;
    const bool mapped = options.format == MessageLogFormat::Mapped;
    if (!mapped && (cmd.isSet(mapOption) || cmd.isSet(inboundOption) || cmd.isSet(outboundOption)))
        return m_context.usageError(tr("--map, --inbound and --outbound go with --format mapped."));
    if (mapped) {
        QString error;
        const auto mapping = MessageColumnMapping::parse(cmd.value(mapOption), &error);
        if (!mapping)
            return m_context.usageError(tr("--map: %1.").arg(error));
        options.mapping = *mapping;
        options.mapping.inboundValue = cmd.value(inboundOption);
        options.mapping.outboundValue = cmd.value(outboundOption);
        if (const QString problem = options.mapping.problem(); !problem.isEmpty())
            return m_context.usageError(tr("--format mapped needs --map, --inbound and --outbound: %1").arg(problem));
    }
    options.region = cmd.value(regionOption).toUpper();
    static const QRegularExpression twoLetters(QStringLiteral("^[A-Z]{2}$"));
    if (!twoLetters.match(options.region).hasMatch())
        return m_context.usageError(tr("--region must be a two-letter country code such as US, not \"%1\".")
                                        .arg(cmd.value(regionOption)));
    const QString zoneName = cmd.value(zoneOption);
    if (zoneName.compare(QLatin1String("UTC"), Qt::CaseInsensitive) != 0) {
        const QTimeZone zone(zoneName.toUtf8());
        if (!zone.isValid())
            return m_context.usageError(tr("--timezone: \"%1\" is not a time zone; write a name such as "
                                           "America/Chicago.").arg(zoneName));
        options.zone = zone;
    }
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
    const auto report = importer.import(input, campaign->id, options);
    meter.finish();
    if (!report)
        return m_context.refuse(report.error());

    // Messages already there from an earlier import, or that the provider could not
    // deliver, are no fault: the same log may be imported twice.
    const bool failed = report->recorded == 0 && report->alreadyThere == 0 && report->failed == 0
        && !report->rejected.isEmpty();
    const QString nothing = tr("No message was recorded in campaign \"%1\".").arg(campaign->name);
    if (cmd.json()) {
        auto unknownList = [](const QVector<UnknownSender>& list, const QString& key) {
            QJsonArray array;
            for (const UnknownSender& u : list) {
                QJsonArray lines;
                for (int line : u.firstLines)
                    lines.append(line);
                array.append(QJsonObject { { key, u.name }, { QStringLiteral("messages"), u.messages },
                    { QStringLiteral("first_lines"), lines } });
            }
            return array;
        };
        const QJsonArray unknownSenders = unknownList(report->unknownSenders, QStringLiteral("name"));
        const QJsonArray unknownNumbers = unknownList(report->unknownNumbers, QStringLiteral("number"));
        m_context.printJson(QJsonObject { { QStringLiteral("recorded"), report->recorded },
            { QStringLiteral("format"), MessageLogFormats::name(report->format) },
            { QStringLiteral("format_detected"), report->formatDetected },
            { QStringLiteral("failed"), report->failed },
            { QStringLiteral("duplicates"), report->duplicates },
            { QStringLiteral("already_there"), report->alreadyThere },
            { QStringLiteral("without_sender"), report->withoutSender },
            { QStringLiteral("zone_less_dates"), report->zoneLessDates },
            { QStringLiteral("opted_out"), report->optedOut },
            { QStringLiteral("unknown_senders"), unknownSenders },
            { QStringLiteral("by_number"), report->byNumber },
            { QStringLiteral("unknown_numbers"), unknownNumbers },
            { QStringLiteral("rejected"), JsonFormat::rejectedLines(report->rejected) } });
        return failed ? m_context.refuse(nothing) : ExitSuccess;
    }
    if (failed) {
        m_context.refuse(nothing);
        m_context.err() << MessageEventImporter::formatSentence(*report) << QLatin1Char('\n');
        printNotes(m_context.err(), report->notes);
        printRejected(m_context.err(), report->rejected);
        return ExitRefused;
    }
    QTextStream& out = m_context.out();
    out << (report->recorded == 1
            ? tr("Recorded 1 message in campaign \"%1\".").arg(campaign->name)
            : tr("Recorded %1 messages in campaign \"%2\".").arg(report->recorded).arg(campaign->name))
        << QLatin1Char('\n');
    out << MessageEventImporter::formatSentence(*report) << QLatin1Char('\n');
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
