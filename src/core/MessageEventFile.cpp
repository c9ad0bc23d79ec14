#include "core/MessageEventFile.h"

#include "core/Clock.h"
#include "core/Limits.h"
#include "core/PhoneNormalizer.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <utility>

namespace Handoff {

namespace {

// What every line is checked against, the same for the whole file.
struct LineRules
{
    PhoneNormalizer normalizer;
    // A message dated after this is refused: see Limits::MaxFutureSeconds.
    QDateTime latest;
};

// The length of a line without its ending: the text the user sees.
int textLength(const QByteArray& line)
{
    qsizetype length = line.size();
    while (length > 0 && (line.at(length - 1) == '\n' || line.at(length - 1) == '\r'))
        --length;
    return int(length);
}

// The string under key, or false with the reason it is missing or of another type.
bool readString(const QJsonObject& object, QLatin1String key, QString& out, QString& reason)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        reason = MessageEventFile::tr("Missing \"%1\"").arg(key);
        return false;
    }
    if (!value.isString()) {
        reason = MessageEventFile::tr("\"%1\" is not a string").arg(key);
        return false;
    }
    out = value.toString();
    return true;
}

// A value quoted in a report stays short enough to read, however long it was.
QString shown(const QString& value)
{
    constexpr int Shown = 40;
    return value.size() <= Shown ? value : value.left(Shown) + QChar(0x2026);
}

// Fills event from one line, or says why the line cannot be used.
bool parseLine(const QByteArray& line, const LineRules& rules, MessageEvent& event, QString& reason)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        reason = MessageEventFile::tr("Not valid JSON: %1 (at offset %2)")
                     .arg(error.errorString(), QString::number(qMin(error.offset, textLength(line))));
        return false;
    }
    if (!document.isObject()) {
        reason = MessageEventFile::tr("Not a JSON object");
        return false;
    }
    const QJsonObject object = document.object();

    QString phone;
    if (!readString(object, QLatin1String("phone"), phone, reason))
        return false;
    phone = phone.trimmed();
    if (phone.isEmpty()) {
        reason = MessageEventFile::tr("\"phone\" is empty");
        return false;
    }
    // A gateway writes the number it texted in full; guessing a country would match
    // the wrong contact.
    if (!phone.startsWith(QLatin1Char('+'))) {
        reason = MessageEventFile::tr(
            "Phone \"%1\" has no country code: write it in E.164 form (+ and up to 15 digits)")
                     .arg(shown(phone));
        return false;
    }
    // The same rule as the contact file's, so that every contact can be found.
    QString why;
    const std::optional<QString> e164 = rules.normalizer.toE164(phone, &why);
    if (!e164) {
        reason = MessageEventFile::tr("Phone \"%1\" is not a valid number: %2").arg(shown(phone), why);
        return false;
    }
    event.phone = *e164;

    QString direction;
    if (!readString(object, QLatin1String("direction"), direction, reason))
        return false;
    if (direction == QLatin1String("out")) {
        event.direction = MessageDirection::Outbound;
    } else if (direction == QLatin1String("in")) {
        event.direction = MessageDirection::Inbound;
    } else {
        reason = MessageEventFile::tr("\"direction\" must be \"in\" or \"out\", not \"%1\"")
                     .arg(shown(direction));
        return false;
    }

    QString at;
    if (!readString(object, QLatin1String("at"), at, reason))
        return false;
    const QDateTime time = QDateTime::fromString(at, Qt::ISODate);
    if (!time.isValid()) {
        reason = MessageEventFile::tr("\"at\" is not an ISO 8601 date and time: \"%1\"").arg(shown(at));
        return false;
    }
    // Without a zone the time would be read in this computer's zone, not the gateway's.
    if (time.timeSpec() == Qt::LocalTime) {
        reason = MessageEventFile::tr("\"at\" has no time zone: \"%1\" (add Z or an offset such as +02:00)")
                     .arg(shown(at));
        return false;
    }
    event.at = time.toUTC();
    // The newest message decides a conversation's status: one dated in the future would
    // hide every real reply after it.
    if (event.at > rules.latest) {
        reason = MessageEventFile::tr("\"at\" is more than a day in the future: \"%1\"").arg(shown(at));
        return false;
    }

    if (!readString(object, QLatin1String("body"), event.body, reason))
        return false;
    if (event.body.size() > Limits::MaxMessageBodyLength) {
        reason
            = MessageEventFile::tr("\"body\" is longer than %1 characters").arg(Limits::MaxMessageBodyLength);
        return false;
    }
    // No store keeps a NUL in text.
    if (event.body.contains(QChar(0))) {
        reason = MessageEventFile::tr("\"body\" has a NUL character");
        return false;
    }

    // The sender is optional: gateways rarely name one on inbound messages.
    const QJsonValue sender = object.value(QLatin1String("sender"));
    if (sender.isUndefined() || sender.isNull()) {
        event.sender.clear();
    } else if (sender.isString()) {
        event.sender = sender.toString().trimmed();
    } else {
        reason = MessageEventFile::tr("\"%1\" is not a string").arg(QLatin1String("sender"));
        return false;
    }
    if (event.sender.size() > Limits::MaxNameLength) {
        reason = MessageEventFile::tr("\"sender\" is longer than %1 characters").arg(Limits::MaxNameLength);
        return false;
    }
    if (event.sender.contains(QChar(0))) {
        reason = MessageEventFile::tr("\"sender\" has a NUL character");
        return false;
    }
    return true;
}

} // namespace

void MessageEventFile::setProgressSink(const ProgressSink& sink)
{
    m_progressSink = sink;
}

void MessageEventFile::setLineParser(const LineParser& parser)
{
    m_lineParser = parser;
}

void MessageEventFile::setStopCheck(const std::function<bool()>& stop)
{
    m_stop = stop;
}

bool MessageEventFile::parse(QIODevice& device, const BatchSink& batchSink, int batchSize)
{
    m_acceptedCount = 0;
    m_rejectedLines.clear();
    m_errorString.clear();
    if (!device.isReadable()) {
        m_errorString = tr("The file is not open for reading");
        return false;
    }

    batchSize = qMax(1, batchSize);
    const qint64 totalBytes = device.isSequential() ? -1 : device.size();
    LineRules rules;
    rules.latest = Clock::nowUtc().addSecs(Limits::MaxFutureSeconds);
    QVector<MessageEvent> batch;
    batch.reserve(batchSize);
    qint64 bytesRead = 0;
    int lineNumber = 0;

    const auto takeLine = [&](QByteArray line, bool tooLong) {
        ++lineNumber;
        if (tooLong) {
            m_rejectedLines.append({ lineNumber, tr("longer than %1 bytes").arg(Limits::MaxLineLength) });
        } else if (!line.trimmed().isEmpty()) {
            // Qt's JSON parser names an error at the end of the text better when a line
            // ending follows, as it does on every line but the last.
            if (!line.endsWith('\n'))
                line.append('\n');
            MessageEvent event;
            event.line = lineNumber;
            QString reason;
            const bool ok = m_lineParser ? m_lineParser(line, event, reason) : parseLine(line, rules, event, reason);
            if (ok) {
                batch.append(std::move(event));
                ++m_acceptedCount;
            } else {
                m_rejectedLines.append({ lineNumber, reason });
            }
        }
        if (batch.size() == batchSize) {
            batchSink(batch);
            batch.clear();
        }
        // Reporting every line would cost more than reading it; every batch's worth is smooth enough.
        if (m_progressSink && lineNumber % batchSize == 0)
            m_progressSink(bytesRead, totalBytes);
    };

    // Read in chunks until read() says the data ended, never by atEnd(): a pipe has
    // nothing buffered before its first read, and would look empty. A line is kept only
    // up to the limit; the rest of a longer one is passed over.
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    QByteArray line;
    bool tooLong = false;
    for (;;) {
        if (m_stop && m_stop())
            break;
        const qint64 count = device.read(chunk.data(), chunk.size());
        if (count < 0) {
            m_errorString = tr("Could not read the file: %1").arg(device.errorString());
            return false;
        }
        if (count == 0)
            break;
        qsizetype start = 0;
        while (start < count) {
            const qsizetype newline = QByteArrayView(chunk.constData() + start, count - start).indexOf('\n');
            const qsizetype end = newline < 0 ? count : start + newline + 1;
            // Progress counts what the lines taken so far span, not what was read ahead.
            bytesRead += end - start;
            if (!tooLong) {
                if (line.size() + (end - start) > Limits::MaxLineLength + 2) {
                    tooLong = true;
                    line.clear();
                } else {
                    line.append(chunk.constData() + start, end - start);
                }
            }
            start = end;
            if (newline >= 0) {
                takeLine(std::exchange(line, QByteArray()), tooLong);
                tooLong = false;
                if (m_stop && m_stop())
                    break;
            }
        }
        if (m_stop && m_stop())
            break;
    }
    if ((!line.isEmpty() || tooLong) && !(m_stop && m_stop()))
        takeLine(line, tooLong);

    if (!batch.isEmpty())
        batchSink(batch);
    if (m_progressSink)
        m_progressSink(bytesRead, totalBytes);
    return true;
}

} // namespace Handoff
