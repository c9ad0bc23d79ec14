#include "core/CsvWriter.h"

#include <QIODevice>

namespace Handoff {

namespace {

constexpr int MaxE164Digits = 15;

bool isE164(const QString& value)
{
    if (value.size() < 3 || value.size() > MaxE164Digits + 1 || value.front() != QLatin1Char('+')
        || value.at(1) == QLatin1Char('0'))
        return false;
    for (qsizetype i = 1; i < value.size(); ++i) {
        if (value.at(i) < QLatin1Char('0') || value.at(i) > QLatin1Char('9'))
            return false;
    }
    return true;
}

bool startsFormula(const QString& value)
{
    if (value.isEmpty())
        return false;
    switch (value.front().unicode()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

} // namespace

CsvWriter::CsvWriter(QIODevice* device)
    : m_device(device)
{ }

QString CsvWriter::neutralised(const QString& value)
{
    if (!startsFormula(value) || isE164(value))
        return value;
    return QLatin1Char('\'') + value;
}

QString CsvWriter::field(const QString& value)
{
    QString text = neutralised(value);
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!quote)
        return text;
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

bool CsvWriter::writeRecord(const QStringList& fields)
{
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += QLatin1Char(',');
        line += field(fields.at(i));
    }
    line += QLatin1String("\r\n");
    const QByteArray bytes = line.toUtf8();
    if (m_device->write(bytes) != bytes.size()) {
        m_errorString = m_device->errorString();
        return false;
    }
    return true;
}

} // namespace Handoff
