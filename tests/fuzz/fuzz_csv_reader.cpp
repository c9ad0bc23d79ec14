// The CSV reader, fed through a QBuffer read a fuzzed number of bytes at a time.
// Input: two bytes that choose the chunk size (1 to 65536), then the file.
#include "core/CsvReader.h"
#include "FuzzCheck.h"

#include <QBuffer>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {

struct Record
{
    QStringList fields;
    int line = 0;
    bool operator==(const Record& other) const { return fields == other.fields && line == other.line; }
};

struct Reading
{
    QVector<Record> records;
    QString error;
    int errorLine = 0;
    bool operator==(const Reading& other) const
    {
        return records == other.records && error == other.error && errorLine == other.errorLine;
    }
};

Reading readAll(const QByteArray& text, int chunkSize)
{
    QByteArray copy = text;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, chunkSize);
    Reading reading;
    Record record;
    while (reader.readRecord(record.fields, record.line))
        reading.records.append(record);
    reading.error = reader.errorString();
    reading.errorLine = reader.hasError() ? reader.errorLine() : 0;
    return reading;
}

// Where two readings part, in words: the first record that differs, or the ends.
QString difference(const Reading& a, const Reading& b)
{
    const auto show = [](const Reading& reading, qsizetype i) {
        if (i < reading.records.size()) {
            const Record& r = reading.records.at(i);
            return QStringLiteral("line %1: [%2]").arg(r.line).arg(r.fields.join(QStringLiteral("|")));
        }
        return reading.error.isEmpty()
            ? QStringLiteral("the end")
            : QStringLiteral("error at line %1: %2").arg(reading.errorLine).arg(reading.error);
    };
    qsizetype i = 0;
    while (i < a.records.size() && i < b.records.size() && a.records.at(i) == b.records.at(i))
        ++i;
    return QStringLiteral("record %1 is %2, read whole %3").arg(i + 1).arg(show(a, i), show(b, i));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const int chunkSize = 1 + ((data[0] << 8) | data[1]);
    const QByteArray text = bytes(data + 2, size - 2);
    const qsizetype lines = lineBreaks(text) + 1;

    const Reading reading = readAll(text, chunkSize);

    // A record takes at least one line, and lines come in file order.
    FUZZ_CHECK(reading.records.size() <= lines,
        QStringLiteral("%1 records from %2 lines").arg(reading.records.size()).arg(lines));
    int previousLine = 0;
    qsizetype characters = 0;
    for (const Record& record : reading.records) {
        FUZZ_CHECK(record.line > previousLine && record.line <= lines,
            QStringLiteral("record on line %1 after line %2, of %3")
                .arg(record.line)
                .arg(previousLine)
                .arg(lines));
        previousLine = record.line;
        for (const QString& field : record.fields)
            characters += field.size();
    }
    // A byte decodes to at most one UTF-16 unit: the reader never makes text up.
    FUZZ_CHECK(characters <= text.size(),
        QStringLiteral("%1 characters in the fields of %2 bytes").arg(characters).arg(text.size()));
    if (!reading.error.isEmpty()) {
        FUZZ_CHECK(reading.errorLine >= 1 && reading.errorLine <= lines,
            QStringLiteral("error reported on line %1 of %2").arg(reading.errorLine).arg(lines));
    }

    // What a file says never depends on where its chunks end.
    const Reading whole = readAll(text, int(qMax<qsizetype>(1, text.size())));
    FUZZ_CHECK(reading == whole,
        QStringLiteral("in chunks of %1 bytes, %2").arg(chunkSize).arg(difference(reading, whole)));
    return 0;
}
