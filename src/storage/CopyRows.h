#pragma once

#include <QByteArray>
#include <QStringView>

namespace Handoff {

// Rows in the text format of PostgreSQL's COPY … FROM STDIN: fields split by tabs,
// rows ended by newlines, and inside a field the four characters that would end it
// or start an escape (backslash, tab, newline, carriage return) written as \\, \t,
// \n and \r. A NUL, which no PostgreSQL text can hold, is left out.
class CopyRows
{
public:
    void reserve(qsizetype bytes) { m_data.reserve(bytes); }
    CopyRows& field(QStringView text);
    CopyRows& field(qint64 number);
    // SQL NULL (\N).
    CopyRows& null();
    void endRow();

    const QByteArray& data() const { return m_data; }
    int rows() const { return m_rows; }
    void clear()
    {
        m_data.clear();
        m_rows = 0;
        m_rowStarted = false;
    }

    // One field's text as COPY reads it back (for tests and the statements above).
    static QByteArray escaped(QStringView text);

private:
    void separate();

    QByteArray m_data;
    int m_rows = 0;
    bool m_rowStarted = false;
};

} // namespace Handoff
