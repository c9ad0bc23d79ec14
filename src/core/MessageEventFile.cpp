#include "MessageEventFile.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace Handoff {

namespace {

// E.164 allows at most 15 digits after the '+'.
constexpr int MaxE164Digits = 15;

bool isE164(const QString& phone)
{
    if (phone.size() < 2 || phone.size() > MaxE164Digits + 1 || phone.front() != QLatin1Char('+'))
        return false;
    for (qsizetype i = 1; i < phone.size(); ++i) {
        if (phone.at(i) < QLatin1Char('0') || phone.at(i) > QLatin1Char('9'))
            return false;
    }
    return true;
}

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
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "Missing \"%1\"").arg(key);
        return false;
    }
    if (!value.isString()) {
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "\"%1\" is not a string").arg(key);
        return false;
    }
    out = value.toString();
    return true;
}

// Fills event from one line, or says why the line cannot be used.
bool parseLine(const QByteArray& line, MessageEvent& event, QString& reason)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "Not valid JSON: %1 (at offset %2)")
                     .arg(error.errorString(), QString::number(qMin(error.offset, textLength(line))));
        return false;
    }
    if (!document.isObject()) {
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "Not a JSON object");
        return false;
    }
    const QJsonObject object = document.object();

    if (!readString(object, QLatin1String("phone"), event.phone, reason))
        return false;
    event.phone = event.phone.trimmed();
    if (event.phone.isEmpty()) {
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "\"phone\" is empty");
        return false;
    }
    // The store matches phones exactly, so a number it would never find is refused here.
    if (!isE164(event.phone)) {
        reason = QCoreApplication::translate(
            "Handoff::MessageEventFile", "Phone \"%1\" is not in E.164 form (+ and up to 15 digits)")
                     .arg(event.phone);
        return false;
    }

    QString direction;
    if (!readString(object, QLatin1String("direction"), direction, reason))
        return false;
    if (direction == QLatin1String("out")) {
        event.direction = MessageDirection::Outbound;
    } else if (direction == QLatin1String("in")) {
        event.direction = MessageDirection::Inbound;
    } else {
        reason = QCoreApplication::translate(
            "Handoff::MessageEventFile", "\"direction\" must be \"in\" or \"out\", not \"%1\"")
                     .arg(direction);
        return false;
    }

    QString at;
    if (!readString(object, QLatin1String("at"), at, reason))
        return false;
    const QDateTime time = QDateTime::fromString(at, Qt::ISODate);
    if (!time.isValid()) {
        reason = QCoreApplication::translate(
            "Handoff::MessageEventFile", "\"at\" is not an ISO 8601 date and time: \"%1\"")
                     .arg(at);
        return false;
    }
    // Without a zone the time would be read in this computer's zone, not the gateway's.
    if (time.timeSpec() == Qt::LocalTime) {
        reason = QCoreApplication::translate("Handoff::MessageEventFile",
            "\"at\" has no time zone: \"%1\" (add Z or an offset such as +02:00)")
                     .arg(at);
        return false;
    }
    event.at = time.toUTC();

    if (!readString(object, QLatin1String("body"), event.body, reason))
        return false;

    // The sender is optional: gateways rarely name one on inbound messages.
    const QJsonValue sender = object.value(QLatin1String("sender"));
    if (sender.isUndefined() || sender.isNull()) {
        event.sender.clear();
    } else if (sender.isString()) {
        event.sender = sender.toString().trimmed();
    } else {
        reason = QCoreApplication::translate("Handoff::MessageEventFile", "\"%1\" is not a string")
                     .arg(QLatin1String("sender"));
        return false;
    }
    return true;
}

} // namespace

void MessageEventFile::setProgressSink(const ProgressSink& sink)
{
    m_progressSink = sink;
}

bool MessageEventFile::parse(QIODevice& device, const BatchSink& batchSink, int batchSize)
{
    m_acceptedCount = 0;
    m_rejectedLines.clear();
    m_errorString.clear();
    if (!device.isReadable()) {
        m_errorString
            = QCoreApplication::translate("Handoff::MessageEventFile", "The file is not open for reading");
        return false;
    }

    batchSize = qMax(1, batchSize);
    const qint64 totalBytes = device.isSequential() ? -1 : device.size();
    QVector<MessageEvent> batch;
    batch.reserve(batchSize);
    qint64 bytesRead = 0;
    int lineNumber = 0;

    while (!device.atEnd()) {
        QByteArray line = device.readLine();
        bytesRead += line.size();
        ++lineNumber;
        // Qt's JSON parser names an error at the end of the text better when a line ending
        // follows, as it does on every line but the last.
        if (!line.endsWith('\n'))
            line.append('\n');

        if (!line.trimmed().isEmpty()) {
            MessageEvent event;
            event.line = lineNumber;
            QString reason;
            if (parseLine(line, event, reason)) {
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
    }

    if (!batch.isEmpty())
        batchSink(batch);
    if (m_progressSink)
        m_progressSink(bytesRead, totalBytes);
    return true;
}

} // namespace Handoff
