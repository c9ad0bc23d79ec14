#include "core/MessageLogReader.h"

#include "core/Clock.h"
#include "core/CsvReader.h"
#include "core/GzipDevice.h"
#include "core/Limits.h"
#include "core/PhoneNormalizer.h"

#include <QBuffer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

namespace Handoff {

// --- Formats -------------------------------------------------------------------------

QVector<MessageLogFormat> MessageLogFormats::all()
{
    return { MessageLogFormat::Auto, MessageLogFormat::Handoff, MessageLogFormat::TwilioCsv,
        MessageLogFormat::TwilioJson, MessageLogFormat::Spoke, MessageLogFormat::SpokeRewired,
        MessageLogFormat::Mapped };
}

QString MessageLogFormats::name(MessageLogFormat format)
{
    switch (format) {
    case MessageLogFormat::Auto:
        return QStringLiteral("auto");
    case MessageLogFormat::Handoff:
        return QStringLiteral("handoff");
    case MessageLogFormat::TwilioCsv:
        return QStringLiteral("twilio-csv");
    case MessageLogFormat::TwilioJson:
        return QStringLiteral("twilio-json");
    case MessageLogFormat::Spoke:
        return QStringLiteral("spoke");
    case MessageLogFormat::SpokeRewired:
        return QStringLiteral("spoke-rewired");
    case MessageLogFormat::Mapped:
        return QStringLiteral("mapped");
    }
    return {};
}

std::optional<MessageLogFormat> MessageLogFormats::fromName(const QString& name)
{
    for (MessageLogFormat format : all()) {
        if (MessageLogFormats::name(format).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return format;
    }
    return std::nullopt;
}

QString MessageLogFormats::title(MessageLogFormat format)
{
    switch (format) {
    case MessageLogFormat::Auto:
        return tr("Recognise from the file");
    case MessageLogFormat::Handoff:
        return tr("Handoff message events (JSON Lines)");
    case MessageLogFormat::TwilioCsv:
        return tr("Twilio message log (CSV)");
    case MessageLogFormat::TwilioJson:
        return tr("Twilio bulk export (JSON Lines)");
    case MessageLogFormat::Spoke:
        return tr("Spoke message export (CSV)");
    case MessageLogFormat::SpokeRewired:
        return tr("Spoke Rewired message export (CSV)");
    case MessageLogFormat::Mapped:
        return tr("Other CSV, by column mapping");
    }
    return {};
}

bool MessageLogFormats::isCsv(MessageLogFormat format)
{
    return format == MessageLogFormat::TwilioCsv || format == MessageLogFormat::Spoke
        || format == MessageLogFormat::SpokeRewired || format == MessageLogFormat::Mapped;
}

// --- Mapping ---------------------------------------------------------------------------

QStringList MessageColumnMapping::fieldNames()
{
    return { QStringLiteral("phone"), QStringLiteral("direction"), QStringLiteral("body"), QStringLiteral("at"),
        QStringLiteral("sender"), QStringLiteral("number"), QStringLiteral("id") };
}

QString MessageColumnMapping::column(const QString& field) const
{
    if (field == QLatin1String("phone"))
        return phone;
    if (field == QLatin1String("direction"))
        return direction;
    if (field == QLatin1String("body"))
        return body;
    if (field == QLatin1String("at"))
        return at;
    if (field == QLatin1String("sender"))
        return sender;
    if (field == QLatin1String("number"))
        return number;
    if (field == QLatin1String("id"))
        return id;
    return {};
}

void MessageColumnMapping::setColumn(const QString& field, const QString& column)
{
    if (field == QLatin1String("phone"))
        phone = column;
    else if (field == QLatin1String("direction"))
        direction = column;
    else if (field == QLatin1String("body"))
        body = column;
    else if (field == QLatin1String("at"))
        at = column;
    else if (field == QLatin1String("sender"))
        sender = column;
    else if (field == QLatin1String("number"))
        number = column;
    else if (field == QLatin1String("id"))
        id = column;
}

std::optional<MessageColumnMapping> MessageColumnMapping::parse(const QString& spec, QString* error)
{
    MessageColumnMapping mapping;
    QSet<QString> seen;
    const QStringList fields = fieldNames();
    for (const QString& part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        const QString field = part.left(equals).trimmed().toLower();
        const QString column = equals < 0 ? QString() : part.mid(equals + 1).trimmed();
        if (equals < 0 || column.isEmpty()) {
            if (error)
                *error = MessageLogReader::tr("\"%1\" is not FIELD=COLUMN").arg(part.trimmed());
            return std::nullopt;
        }
        if (!fields.contains(field)) {
            if (error)
                *error = MessageLogReader::tr("\"%1\" is not a field; the fields are %2")
                             .arg(field, fields.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        if (seen.contains(field)) {
            if (error)
                *error = MessageLogReader::tr("\"%1\" is mapped twice").arg(field);
            return std::nullopt;
        }
        seen.insert(field);
        mapping.setColumn(field, column);
    }
    return mapping;
}

QString MessageColumnMapping::problem() const
{
    QStringList missing;
    for (const QString& field : { QStringLiteral("phone"), QStringLiteral("direction"), QStringLiteral("body"),
             QStringLiteral("at") }) {
        if (column(field).isEmpty())
            missing << field;
    }
    if (!missing.isEmpty())
        return MessageLogReader::tr("Choose a column for: %1.").arg(missing.join(QStringLiteral(", ")));
    if (inboundValue.trimmed().isEmpty() || outboundValue.trimmed().isEmpty())
        return MessageLogReader::tr("Give the values of the direction column that mean inbound and outbound.");
    if (inboundValue.trimmed().compare(outboundValue.trimmed(), Qt::CaseInsensitive) == 0)
        return MessageLogReader::tr("The inbound and outbound values must differ.");
    return {};
}

// --- Reading ---------------------------------------------------------------------------

namespace {

// What every record is checked against, the same for the whole file.
struct EventRules
{
    PhoneNormalizer normalizer;
    QDateTime latest;
    QTimeZone zone;
    int* zoneLessDates = nullptr;
};

QString shownValue(const QString& value, int shown = 40)
{
    return value.size() <= shown ? value : value.left(shown) + QChar(0x2026);
}

// A header is named whole when it is of a usual size, so the user sees every column.
QString shownHeader(const QStringList& header)
{
    return shownValue(header.join(QStringLiteral(", ")), 300);
}

bool takePhone(const EventRules& rules, const QString& raw, const QString& what, MessageEvent& event,
    QString& reason)
{
    const QString phone = raw.trimmed();
    if (phone.isEmpty()) {
        reason = MessageLogReader::tr("\"%1\" is empty").arg(what);
        return false;
    }
    QString why;
    const std::optional<QString> e164 = rules.normalizer.toE164(phone, &why);
    if (!e164) {
        reason = MessageLogReader::tr("Phone \"%1\" is not a valid number: %2").arg(shownValue(phone), why);
        return false;
    }
    event.phone = *e164;
    return true;
}

// The number an outbound message went out from: in E.164 when it is a phone number,
// otherwise as written (a short code, "whatsapp:…"), so the report can name it; a
// number is never a reason to refuse a line, since the message was sent all the same.
void takeSenderNumber(const EventRules& rules, const QString& raw, MessageEvent& event)
{
    const QString number = raw.trimmed();
    if (number.isEmpty() || number.size() > Limits::MaxPhoneLength)
        return;
    event.senderNumber = rules.normalizer.toE164(number).value_or(number);
}

// An ISO 8601 date and time, with a space or a T, seconds and fractions optional, and a
// zone as Z, UTC, GMT or an offset (+02, +0200, +02:00) when there is one.
std::optional<QDateTime> readDate(const QString& text, const QTimeZone& zone, bool& zoneLess)
{
    static const QRegularExpression iso(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
        "\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?$"),
        QRegularExpression::CaseInsensitiveOption);
    const QString trimmed = text.trimmed();
    zoneLess = false;
    if (trimmed.size() > 64)
        return std::nullopt;
    const QRegularExpressionMatch m = iso.match(trimmed);
    if (m.hasMatch()) {
        const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        const int ms = m.captured(7).isEmpty() ? 0 : QString(m.captured(7) + QStringLiteral("00")).left(3).toInt();
        const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), ms);
        if (!date.isValid() || !time.isValid())
            return std::nullopt;
        const QString z = m.captured(8).toUpper();
        if (z.isEmpty()) {
            zoneLess = true;
            const QDateTime local(date, time, zone);
            return local.isValid() ? std::optional<QDateTime>(local.toUTC()) : std::nullopt;
        }
        if (z == QLatin1String("Z") || z == QLatin1String("UTC") || z == QLatin1String("GMT"))
            return QDateTime(date, time, Qt::UTC);
        const QString digits = QString(z).remove(QLatin1Char(':'));
        const int hours = digits.mid(1, 2).toInt();
        const int minutes = digits.size() > 3 ? digits.mid(3, 2).toInt() : 0;
        if (hours > 18 || minutes > 59)
            return std::nullopt;
        const int offset = (hours * 3600 + minutes * 60) * (digits.startsWith(QLatin1Char('-')) ? -1 : 1);
        return QDateTime(date, time, Qt::OffsetFromUTC, offset).toUTC();
    }
    const QDateTime rfc = QDateTime::fromString(trimmed, Qt::RFC2822Date);
    if (rfc.isValid() && rfc.timeSpec() != Qt::LocalTime)
        return rfc.toUTC();
    return std::nullopt;
}

bool takeDate(const EventRules& rules, const QString& raw, const QString& what, MessageEvent& event,
    QString& reason)
{
    if (raw.trimmed().isEmpty()) {
        reason = MessageLogReader::tr("\"%1\" is empty").arg(what);
        return false;
    }
    bool zoneLess = false;
    const std::optional<QDateTime> at = readDate(raw, rules.zone, zoneLess);
    if (!at) {
        reason = MessageLogReader::tr("\"%1\" is not a date and time: \"%2\"").arg(what, shownValue(raw));
        return false;
    }
    if (*at > rules.latest) {
        reason = MessageLogReader::tr("\"%1\" is more than a day in the future: \"%2\"").arg(what, shownValue(raw));
        return false;
    }
    event.at = *at;
    if (zoneLess && rules.zoneLessDates)
        ++*rules.zoneLessDates;
    return true;
}

bool takeBody(const QString& raw, const QString& what, MessageEvent& event, QString& reason)
{
    if (raw.size() > Limits::MaxMessageBodyLength) {
        reason = MessageLogReader::tr("\"%1\" is longer than %2 characters").arg(what).arg(Limits::MaxMessageBodyLength);
        return false;
    }
    if (raw.contains(QChar(0))) {
        reason = MessageLogReader::tr("\"%1\" has a NUL character").arg(what);
        return false;
    }
    event.body = raw;
    return true;
}

bool takeText(const QString& raw, const QString& what, int limit, QString& out, QString& reason)
{
    const QString value = raw.trimmed();
    if (value.size() > limit) {
        reason = MessageLogReader::tr("\"%1\" is longer than %2 characters").arg(what).arg(limit);
        return false;
    }
    if (value.contains(QChar(0))) {
        reason = MessageLogReader::tr("\"%1\" has a NUL character").arg(what);
        return false;
    }
    out = value;
    return true;
}

// Twilio's directions: "inbound" is the contact writing; "outbound-api", "outbound-reply"
// and "outbound-call" are the campaign texting.
std::optional<MessageDirection> twilioDirection(const QString& value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("inbound"))
        return MessageDirection::Inbound;
    if (v == QLatin1String("outbound-api") || v == QLatin1String("outbound-reply")
        || v == QLatin1String("outbound-call") || v == QLatin1String("outbound"))
        return MessageDirection::Outbound;
    return std::nullopt;
}

bool twilioFailed(const QString& status)
{
    const QString s = status.trimmed().toLower();
    return s == QLatin1String("failed") || s == QLatin1String("undelivered");
}

// Spoke's is_from_contact, written by PostgreSQL or by a spreadsheet.
std::optional<bool> truth(const QString& value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("t") || v == QLatin1String("1") || v == QLatin1String("yes"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("f") || v == QLatin1String("0") || v == QLatin1String("no"))
        return false;
    return std::nullopt;
}

// Spoke's send_status of a message no contact received.
bool spokeFailed(const QString& status)
{
    const QString s = status.trimmed().toUpper();
    return s == QLatin1String("ERROR") || s == QLatin1String("NOT_ATTEMPTED");
}

QString jsonText(const QJsonObject& object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString() : QString();
}

bool parseTwilioJsonLine(const QByteArray& line, const EventRules& rules, MessageEvent& event, QString& reason)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        reason = MessageLogReader::tr("Not valid JSON: %1").arg(error.errorString());
        return false;
    }
    if (!document.isObject()) {
        reason = MessageLogReader::tr("Not a JSON object");
        return false;
    }
    const QJsonObject object = document.object();
    for (QLatin1String key : { QLatin1String("sid"), QLatin1String("from"), QLatin1String("to"),
             QLatin1String("body"), QLatin1String("status"), QLatin1String("direction"),
             QLatin1String("date_sent"), QLatin1String("date_created") }) {
        const QJsonValue value = object.value(key);
        if (!value.isUndefined() && !value.isNull() && !value.isString()) {
            reason = MessageLogReader::tr("\"%1\" is not a string").arg(key);
            return false;
        }
    }
    const QString directionText = jsonText(object, QLatin1String("direction"));
    const std::optional<MessageDirection> direction = twilioDirection(directionText);
    if (!direction) {
        reason = MessageLogReader::tr("\"direction\" must be inbound or outbound-api, outbound-reply or "
                                      "outbound-call, not \"%1\"")
                     .arg(shownValue(directionText));
        return false;
    }
    event.direction = *direction;
    const bool inbound = *direction == MessageDirection::Inbound;
    const QLatin1String phoneKey = inbound ? QLatin1String("from") : QLatin1String("to");
    if (!takePhone(rules, jsonText(object, phoneKey), phoneKey, event, reason))
        return false;
    QString date = jsonText(object, QLatin1String("date_sent"));
    QLatin1String dateKey("date_sent");
    if (date.trimmed().isEmpty()) {
        date = jsonText(object, QLatin1String("date_created"));
        dateKey = QLatin1String("date_created");
    }
    if (!takeDate(rules, date, dateKey, event, reason))
        return false;
    if (!takeBody(jsonText(object, QLatin1String("body")), QStringLiteral("body"), event, reason))
        return false;
    if (!takeText(jsonText(object, QLatin1String("sid")), QStringLiteral("sid"), Limits::MaxNameLength,
            event.providerId, reason))
        return false;
    event.failed = !inbound && twilioFailed(jsonText(object, QLatin1String("status")));
    if (!inbound)
        takeSenderNumber(rules, jsonText(object, QLatin1String("from")), event);
    return true;
}

// How the columns of a CSV format make an event.
struct CsvLayout
{
    enum class Direction
    {
        Twilio,  // inbound / outbound-…; the contact is From or To by it
        FromContact, // true when the contact wrote
        Mapped,  // the mapping's two values
    };
    Direction kind = Direction::Twilio;
    int direction = -1;
    int phone = -1; // the contact's number (not Twilio)
    int from = -1;
    int to = -1;
    int body = -1;
    int at = -1;
    int status = -1;
    int id = -1;
    int sender = -1;
    int senderFirst = -1;
    int senderLast = -1;
    int senderEmail = -1;
    int senderNumber = -1; // the number an outbound message went out from
    QStringList names; // the header names of the columns above, for reasons
    QString inbound;
    QString outbound;
};

QString normalisedName(const QString& name)
{
    return name.trimmed().toLower();
}

bool headerLooksLike(const QSet<QString>& names, std::initializer_list<const char*> wanted)
{
    for (const char* w : wanted) {
        if (!names.contains(QLatin1String(w)))
            return false;
    }
    return true;
}

std::optional<MessageLogFormat> detectCsv(const QStringList& header)
{
    QSet<QString> names;
    for (const QString& name : header)
        names.insert(normalisedName(name));
    if (headerLooksLike(names, { "from", "to", "body", "direction", "sentdate" }))
        return MessageLogFormat::TwilioCsv;
    if (headerLooksLike(names, { "contactnumber", "isfromcontact" }))
        return MessageLogFormat::SpokeRewired;
    if (headerLooksLike(names, { "contact_number", "is_from_contact" }))
        return MessageLogFormat::Spoke;
    return std::nullopt;
}

QStringList readHeader(const QByteArray& head, QString* error = nullptr)
{
    QByteArray copy = head;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer);
    QStringList fields;
    int line = 0;
    if (!reader.readRecord(fields, line)) {
        if (error)
            *error = reader.errorString();
        return {};
    }
    return fields;
}

} // namespace

MessageLogReader::MessageLogReader(const MessageLogOptions& options)
    : m_options(options)
{
}

void MessageLogReader::setProgressSink(const MessageEventFile::ProgressSink& sink)
{
    m_progressSink = sink;
}

void MessageLogReader::setStopCheck(const std::function<bool()>& stop)
{
    m_stop = stop;
}

QStringList MessageLogReader::csvHeader(const QByteArray& head)
{
    return readHeader(head);
}

std::optional<MessageLogFormat> MessageLogReader::detect(const QByteArray& head, QString* why)
{
    // The first line that is not blank: a JSON object, or a CSV header.
    qsizetype start = 0;
    while (start < head.size() && QByteArrayView(" \t\r\n").contains(head.at(start)))
        ++start;
    if (start >= head.size()) {
        if (why)
            *why = tr("The file is empty.");
        return std::nullopt;
    }
    if (head.at(start) == '{') {
        const qsizetype end = head.indexOf('\n', start);
        const QJsonDocument document = QJsonDocument::fromJson(head.mid(start, end < 0 ? -1 : end - start));
        const QJsonObject object = document.object();
        if (object.contains(QLatin1String("phone")) && object.contains(QLatin1String("direction"))
            && object.contains(QLatin1String("at")))
            return MessageLogFormat::Handoff;
        if (object.contains(QLatin1String("direction"))
            && (object.contains(QLatin1String("sid")) || object.contains(QLatin1String("date_sent"))
                || object.contains(QLatin1String("date_created"))))
            return MessageLogFormat::TwilioJson;
        if (why)
            *why = document.isObject()
                ? tr("Its first record has the fields %1, which match no format Handoff reads.")
                      .arg(shownValue(object.keys().join(QStringLiteral(", "))))
                : tr("Its first line is not a JSON object.");
        return std::nullopt;
    }
    const QStringList header = readHeader(head);
    if (const auto format = detectCsv(header))
        return format;
    if (why)
        *why = tr("Its header (%1) matches no format Handoff reads; choose \"%2\" and name the columns.")
                   .arg(shownHeader(header), MessageLogFormats::title(MessageLogFormat::Mapped));
    return std::nullopt;
}

bool MessageLogReader::parse(QIODevice& device, const MessageEventFile::BatchSink& batchSink, int batchSize)
{
    m_format = m_options.format;
    m_compressed = false;
    m_acceptedCount = 0;
    m_zoneLessDates = 0;
    m_rejectedLines.clear();
    m_errorString.clear();
    if (!device.isReadable()) {
        m_errorString = tr("The file is not open for reading");
        return false;
    }
    if (GzipDevice::isGzip(device.peek(2))) {
        m_compressed = true;
        GzipDevice gzip(&device);
        if (!gzip.open(QIODevice::ReadOnly)) {
            m_errorString = gzip.errorString();
            return false;
        }
        // Progress is how much of the compressed file has been read.
        const qint64 total = device.isSequential() ? -1 : device.size();
        return parseText(gzip, batchSink, batchSize, [this, &device, total](qint64, qint64) {
            if (m_progressSink)
                m_progressSink(device.isSequential() ? 0 : device.pos(), total);
        });
    }
    return parseText(device, batchSink, batchSize, m_progressSink);
}

bool MessageLogReader::parseText(QIODevice& device, const MessageEventFile::BatchSink& batchSink, int batchSize,
    const MessageEventFile::ProgressSink& progress)
{
    const QByteArray head = device.peek(16 * 1024);
    if (m_format == MessageLogFormat::Auto) {
        QString why;
        const std::optional<MessageLogFormat> format = detect(head, &why);
        if (!format) {
            m_errorString = tr("The format of the file is not one Handoff knows. %1").arg(why);
            return false;
        }
        m_format = *format;
    }
    if (MessageLogFormats::isCsv(m_format))
        return parseCsv(device, batchSink, batchSize, progress);

    MessageEventFile file;
    file.setProgressSink(progress);
    file.setStopCheck(m_stop);
    if (m_format == MessageLogFormat::TwilioJson) {
        auto rules = std::make_shared<EventRules>();
        rules->normalizer = PhoneNormalizer(m_options.region);
        rules->latest = Clock::nowUtc().addSecs(Limits::MaxFutureSeconds);
        rules->zone = m_options.zone;
        rules->zoneLessDates = &m_zoneLessDates;
        file.setLineParser([rules](const QByteArray& line, MessageEvent& event, QString& reason) {
            return parseTwilioJsonLine(line, *rules, event, reason);
        });
    }
    const bool parsed = file.parse(device, batchSink, batchSize);
    m_acceptedCount = file.acceptedCount();
    m_rejectedLines = file.rejectedLines();
    m_errorString = file.errorString();
    return parsed;
}

bool MessageLogReader::parseCsv(QIODevice& device, const MessageEventFile::BatchSink& batchSink, int batchSize,
    const MessageEventFile::ProgressSink& progress)
{
    batchSize = qMax(1, batchSize);
    const qint64 totalBytes = device.isSequential() ? -1 : device.size();
    CsvReader reader(&device);
    QStringList header;
    int headerLine = 0;
    if (!reader.readRecord(header, headerLine)) {
        m_errorString = reader.hasError() ? reader.errorString() : tr("The file is empty.");
        return false;
    }
    if (!reader.recordProblem().isEmpty()) {
        m_errorString = tr("Line %1: %2").arg(headerLine).arg(reader.recordProblem());
        return false;
    }
    QHash<QString, int> columns;
    for (int i = 0; i < header.size(); ++i) {
        const QString name = normalisedName(header.at(i));
        if (!columns.contains(name))
            columns.insert(name, i);
    }
    const QString title = MessageLogFormats::title(m_format);
    QStringList missing;
    auto need = [&](const QString& name) {
        const int column = columns.value(normalisedName(name), -1);
        if (column < 0)
            missing << name;
        return column;
    };
    auto may = [&](const QString& name) { return name.isEmpty() ? -1 : columns.value(normalisedName(name), -1); };

    CsvLayout layout;
    switch (m_format) {
    case MessageLogFormat::TwilioCsv:
        layout.kind = CsvLayout::Direction::Twilio;
        layout.from = need(QStringLiteral("From"));
        layout.to = need(QStringLiteral("To"));
        layout.body = need(QStringLiteral("Body"));
        layout.at = need(QStringLiteral("SentDate"));
        layout.direction = need(QStringLiteral("Direction"));
        layout.status = may(QStringLiteral("Status"));
        layout.id = may(QStringLiteral("Sid"));
        break;
    case MessageLogFormat::Spoke:
        layout.kind = CsvLayout::Direction::FromContact;
        layout.phone = need(QStringLiteral("contact_number"));
        layout.direction = need(QStringLiteral("is_from_contact"));
        layout.body = need(QStringLiteral("text"));
        layout.at = need(QStringLiteral("attempted_at"));
        layout.status = may(QStringLiteral("send_status"));
        layout.senderNumber = may(QStringLiteral("user_number"));
        break;
    case MessageLogFormat::SpokeRewired:
        layout.kind = CsvLayout::Direction::FromContact;
        layout.phone = need(QStringLiteral("contactNumber"));
        layout.direction = need(QStringLiteral("isFromContact"));
        layout.body = need(QStringLiteral("text"));
        layout.at = need(QStringLiteral("attemptedAt"));
        layout.status = may(QStringLiteral("sendStatus"));
        layout.senderNumber = may(QStringLiteral("userNumber"));
        layout.senderFirst = may(QStringLiteral("texter[firstName]"));
        layout.senderLast = may(QStringLiteral("texter[lastName]"));
        layout.senderEmail = may(QStringLiteral("texter[email]"));
        break;
    case MessageLogFormat::Mapped: {
        const MessageColumnMapping& mapping = m_options.mapping;
        if (const QString problem = mapping.problem(); !problem.isEmpty()) {
            m_errorString = problem;
            return false;
        }
        layout.kind = CsvLayout::Direction::Mapped;
        layout.phone = need(mapping.phone);
        layout.direction = need(mapping.direction);
        layout.body = need(mapping.body);
        layout.at = need(mapping.at);
        if (!mapping.sender.isEmpty())
            layout.sender = need(mapping.sender);
        if (!mapping.number.isEmpty())
            layout.senderNumber = need(mapping.number);
        if (!mapping.id.isEmpty())
            layout.id = need(mapping.id);
        layout.inbound = mapping.inboundValue.trimmed();
        layout.outbound = mapping.outboundValue.trimmed();
        break;
    }
    default:
        break;
    }
    if (!missing.isEmpty()) {
        QStringList quoted;
        for (const QString& name : std::as_const(missing))
            quoted << QStringLiteral("\"%1\"").arg(name);
        m_errorString = tr("The file has no column %1, which a file of the format %2 needs. Its columns are: %3.")
                            .arg(quoted.join(QStringLiteral(", ")), title,
                                shownHeader(header));
        return false;
    }
    auto name = [&](int column) { return column >= 0 && column < header.size() ? header.at(column).trimmed() : QString(); };

    EventRules rules;
    rules.normalizer = PhoneNormalizer(m_options.region);
    rules.latest = Clock::nowUtc().addSecs(Limits::MaxFutureSeconds);
    rules.zone = m_options.zone;
    rules.zoneLessDates = &m_zoneLessDates;

    QVector<MessageEvent> batch;
    batch.reserve(batchSize);
    QStringList fields;
    int line = 0;
    int records = 0;
    const QString empty;
    auto field = [&](int column) -> const QString& { return column >= 0 && column < fields.size() ? fields.at(column) : empty; };
    while (!(m_stop && m_stop()) && reader.readRecord(fields, line)) {
        ++records;
        if (progress && records % batchSize == 0)
            progress(reader.bytesRead(), totalBytes);
        if (!reader.recordProblem().isEmpty()) {
            m_rejectedLines.append({ line, reader.recordProblem() });
            continue;
        }
        MessageEvent event;
        event.line = line;
        QString reason;
        const bool ok = [&] {
            const QString& directionText = field(layout.direction);
            bool inbound = false;
            switch (layout.kind) {
            case CsvLayout::Direction::Twilio: {
                const auto direction = twilioDirection(directionText);
                if (!direction) {
                    reason = tr("\"%1\" must be inbound or outbound-api, outbound-reply or outbound-call, not \"%2\"")
                                 .arg(name(layout.direction), shownValue(directionText));
                    return false;
                }
                inbound = *direction == MessageDirection::Inbound;
                const int phone = inbound ? layout.from : layout.to;
                if (!takePhone(rules, field(phone), name(phone), event, reason))
                    return false;
                event.failed = !inbound && twilioFailed(field(layout.status));
                if (!inbound)
                    takeSenderNumber(rules, field(layout.from), event);
                break;
            }
            case CsvLayout::Direction::FromContact: {
                const auto fromContact = truth(directionText);
                if (!fromContact) {
                    reason = tr("\"%1\" must be true or false, not \"%2\"")
                                 .arg(name(layout.direction), shownValue(directionText));
                    return false;
                }
                inbound = *fromContact;
                if (!takePhone(rules, field(layout.phone), name(layout.phone), event, reason))
                    return false;
                event.failed = !inbound && spokeFailed(field(layout.status));
                if (!inbound)
                    takeSenderNumber(rules, field(layout.senderNumber), event);
                break;
            }
            case CsvLayout::Direction::Mapped: {
                const QString value = directionText.trimmed();
                if (value.compare(layout.inbound, Qt::CaseInsensitive) == 0) {
                    inbound = true;
                } else if (value.compare(layout.outbound, Qt::CaseInsensitive) != 0) {
                    reason = tr("\"%1\" must be \"%2\" or \"%3\", not \"%4\"")
                                 .arg(name(layout.direction), layout.inbound, layout.outbound, shownValue(value));
                    return false;
                }
                if (!takePhone(rules, field(layout.phone), name(layout.phone), event, reason))
                    return false;
                if (!inbound)
                    takeSenderNumber(rules, field(layout.senderNumber), event);
                break;
            }
            }
            event.direction = inbound ? MessageDirection::Inbound : MessageDirection::Outbound;
            if (!takeDate(rules, field(layout.at), name(layout.at), event, reason))
                return false;
            if (!takeBody(field(layout.body), name(layout.body), event, reason))
                return false;
            if (!takeText(field(layout.id), name(layout.id), Limits::MaxNameLength, event.providerId, reason))
                return false;
            if (layout.sender >= 0) {
                if (!takeText(field(layout.sender), name(layout.sender), Limits::MaxNameLength, event.sender, reason))
                    return false;
            } else if (layout.senderFirst >= 0 || layout.senderLast >= 0 || layout.senderEmail >= 0) {
                // Rewired names the texter of each message; the roster knows them by name.
                QString texter = QString(field(layout.senderFirst).trimmed() + QLatin1Char(' ')
                                     + field(layout.senderLast).trimmed()).trimmed();
                if (texter.isEmpty())
                    texter = field(layout.senderEmail).trimmed();
                if (!takeText(texter, QStringLiteral("texter"), Limits::MaxNameLength, event.sender, reason))
                    return false;
                if (!takeText(field(layout.senderEmail).trimmed(), name(layout.senderEmail), Limits::MaxNameLength,
                        event.senderEmail, reason))
                    return false;
            }
            if (inbound) {
                event.sender.clear();
                event.senderEmail.clear();
            }
            return true;
        }();
        if (ok) {
            batch.append(std::move(event));
            ++m_acceptedCount;
            if (batch.size() == batchSize) {
                batchSink(batch);
                batch.clear();
            }
        } else {
            m_rejectedLines.append({ line, reason });
        }
    }
    if (reader.hasError()) {
        m_errorString = reader.errorString();
        return false;
    }
    if (!batch.isEmpty())
        batchSink(batch);
    if (progress)
        progress(reader.bytesRead(), totalBytes);
    return true;
}

} // namespace Handoff
