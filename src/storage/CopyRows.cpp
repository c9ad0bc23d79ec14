#include "storage/CopyRows.h"

#include <QString>

namespace Handoff {

namespace {
// UTF-8 never uses the bytes below 0x80 inside a multi-byte character, so escaping
// byte by byte after encoding is exact.
void appendEscaped(QByteArray& out, QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    qsizetype plainFrom = 0;
    auto flush = [&](qsizetype upTo) {
        if (upTo > plainFrom)
            out.append(utf8.constData() + plainFrom, upTo - plainFrom);
    };
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        const char* escape = nullptr;
        switch (c) {
        case '\\':
            escape = "\\\\";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\0':
            escape = "";
            break;
        default:
            continue;
        }
        flush(i);
        out.append(escape);
        plainFrom = i + 1;
    }
    flush(utf8.size());
}
} // namespace

void CopyRows::separate()
{
    if (m_rowStarted)
        m_data.append('\t');
    m_rowStarted = true;
}

CopyRows& CopyRows::field(QStringView text)
{
    separate();
    appendEscaped(m_data, text);
    return *this;
}

CopyRows& CopyRows::field(qint64 number)
{
    separate();
    m_data.append(QByteArray::number(number));
    return *this;
}

CopyRows& CopyRows::null()
{
    separate();
    m_data.append("\\N");
    return *this;
}

void CopyRows::endRow()
{
    m_data.append('\n');
    m_rowStarted = false;
    ++m_rows;
}

QByteArray CopyRows::escaped(QStringView text)
{
    QByteArray out;
    appendEscaped(out, text);
    return out;
}

} // namespace Handoff
