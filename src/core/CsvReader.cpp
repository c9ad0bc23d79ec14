#include "CsvReader.h"

#include <QCoreApplication>
#include <QIODevice>

namespace Handoff {

namespace {

enum class State
{
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
};

constexpr QChar Comma = QLatin1Char(',');
constexpr QChar Quote = QLatin1Char('"');
constexpr QChar Cr = QLatin1Char('\r');
constexpr QChar Lf = QLatin1Char('\n');

} // namespace

CsvReader::CsvReader(QIODevice* device, int chunkSize)
    : m_device(device)
    , m_chunk(qMax(1, chunkSize), Qt::Uninitialized)
{ }

bool CsvReader::readRecord(QStringList& fields, int& lineNumber)
{
    fields.clear();
    if (hasError())
        return false;

    State state = State::RecordStart;
    QString field;
    int quoteLine = 0;

    for (;;) {
        if (m_position == m_buffer.size() && !fill())
            break;
        const QChar c = m_buffer.at(m_position++);

        if (c == Cr || c == Lf) {
            const bool endsSameLine = c == Lf && m_afterCr;
            m_afterCr = c == Cr;
            if (!endsSameLine)
                ++m_line;
            switch (state) {
            case State::RecordStart:
                continue;
            case State::Quoted:
                field.append(c);
                continue;
            case State::FieldStart:
            case State::Unquoted:
            case State::QuoteInQuoted:
                fields.append(field);
                return true;
            }
        }
        m_afterCr = false;

        switch (state) {
        case State::RecordStart:
            lineNumber = m_line;
            Q_FALLTHROUGH();
        case State::FieldStart:
            if (c == Quote) {
                quoteLine = m_line;
                state = State::Quoted;
            } else if (c == Comma) {
                fields.append(QString());
                state = State::FieldStart;
            } else {
                field.append(c);
                state = State::Unquoted;
            }
            break;
        case State::Unquoted:
            if (c == Comma) {
                fields.append(field);
                field.clear();
                state = State::FieldStart;
            } else {
                field.append(c);
            }
            break;
        case State::Quoted:
            if (c == Quote) {
                state = State::QuoteInQuoted;
            } else if (field.size() < MaxFieldLength) {
                field.append(c);
            } else {
                setError(quoteLine,
                    QCoreApplication::translate("Handoff::CsvReader",
                        "Line %1: a quoted field runs on for more than %2 "
                        "characters; is a closing quote missing?")
                        .arg(quoteLine)
                        .arg(MaxFieldLength));
                fields.clear();
                return false;
            }
            break;
        case State::QuoteInQuoted:
            if (c == Quote) {
                field.append(Quote);
                state = State::Quoted;
            } else if (c == Comma) {
                fields.append(field);
                field.clear();
                state = State::FieldStart;
            } else {
                field.append(c);
                state = State::Unquoted;
            }
            break;
        }
    }

    switch (state) {
    case State::RecordStart:
        return false;
    case State::Quoted:
        if (!hasError()) {
            setError(quoteLine,
                QCoreApplication::translate("Handoff::CsvReader", "Line %1: a quoted field is never closed")
                    .arg(quoteLine));
        }
        fields.clear();
        return false;
    case State::FieldStart:
    case State::Unquoted:
    case State::QuoteInQuoted:
        // A read error mid-record must not pass the truncated record off as whole.
        if (hasError()) {
            fields.clear();
            return false;
        }
        fields.append(field);
        return true;
    }
    return false;
}

bool CsvReader::fill()
{
    m_buffer.clear();
    m_position = 0;
    if (hasError())
        return false;
    // A chunk may decode to nothing (a lone BOM, half of a multi-byte character), so
    // keep reading until there is text or the data ends.
    while (m_buffer.isEmpty()) {
        const qint64 count = m_device->read(m_chunk.data(), m_chunk.size());
        if (count < 0) {
            setError(m_line,
                QCoreApplication::translate("Handoff::CsvReader", "Could not read the file: %1")
                    .arg(m_device->errorString()));
            return false;
        }
        if (count == 0)
            return false;
        m_bytesRead += count;
        m_buffer = m_decoder.decode(QByteArrayView(m_chunk.constData(), count));
    }
    return true;
}

void CsvReader::setError(int line, const QString& message)
{
    m_errorLine = line;
    m_errorString = message;
}

} // namespace Handoff
