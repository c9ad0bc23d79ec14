#include "cli/TextTable.h"

#include "core/DisplayText.h"

#include <QTextStream>
#include <algorithm>

namespace Handoff {

TextTable::TextTable(QVector<Column> columns)
    : m_columns(std::move(columns))
{
    for (const Column& c : std::as_const(m_columns))
        m_widths << c.title.size();
}

void TextTable::addRow(const QStringList& cells)
{
    measure(cells);
    m_rows << cells;
}

void TextTable::print(QTextStream& out) const
{
    printHeader(out);
    for (const QStringList& row : m_rows)
        printRow(out, row);
}

void TextTable::measure(const QStringList& cells)
{
    // Cells keep their length when shown (DisplayText), so the text measures as it prints.
    for (int i = 0; i < m_widths.size() && i < cells.size(); ++i)
        m_widths[i] = std::max(m_widths[i], cells.at(i).size());
}

void TextTable::printHeader(QTextStream& out) const
{
    QStringList titles;
    for (const Column& c : m_columns)
        titles << c.title;
    printRow(out, titles);
}

void TextTable::printRow(QTextStream& out, const QStringList& cells) const
{
    QString line;
    for (int i = 0; i < m_columns.size(); ++i) {
        // A tab or line break in a name would break the row, an escape would reach the terminal.
        const QString cell = DisplayText::visible(cells.value(i));
        if (i > 0)
            line += QStringLiteral("  ");
        line += m_columns.at(i).align == Align::Right ? cell.rightJustified(m_widths.at(i))
                                                      : cell.leftJustified(m_widths.at(i));
    }
    // Padding after the last cell would only trail into the terminal.
    while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    out << line << QLatin1Char('\n');
}

} // namespace Handoff
