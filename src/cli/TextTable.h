#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

class QTextStream;

namespace Handoff {

// A plain-text table with aligned columns, two spaces apart: names to the left,
// numbers to the right. Rows are either kept (addRow, then print) or, for listings
// too long to keep, measured in one pass and written in a second (measure, then
// printHeader and printRow).
class TextTable
{
public:
    enum class Align
    {
        Left,
        Right,
    };
    struct Column
    {
        QString title;
        Align align = Align::Left;
    };

    explicit TextTable(QVector<Column> columns);

    void addRow(const QStringList& cells);
    void print(QTextStream& out) const;

    void measure(const QStringList& cells);
    void printHeader(QTextStream& out) const;
    void printRow(QTextStream& out, const QStringList& cells) const;

private:
    QVector<Column> m_columns;
    QVector<qsizetype> m_widths;
    QVector<QStringList> m_rows;
};

} // namespace Handoff
