#pragma once

#include <QByteArray>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

class QIODevice;

namespace Handoff {

// Reads RFC 4180 CSV from a device a chunk at a time, so a file of any length is never
// held in memory whole. The text is UTF-8; a byte order mark at the start is skipped.
// Records end with CRLF, LF or a lone CR; quoted fields may hold commas, doubled quotes
// and line breaks. Blank lines are skipped. Outside the RFC, the reader is lenient the
// way spreadsheets are: a quote in the middle of an unquoted field, or text after a
// closing quote, is kept as text.
class CsvReader
{
public:
    static constexpr int DefaultChunkSize = 64 * 1024;
    // A quoted field longer than this is almost surely a quote left open; stopping keeps
    // the rest of a large file from piling up in one field.
    static constexpr int MaxFieldLength = 1024 * 1024;

    // The device must be open for reading and stay alive while the reader is used;
    // chunkSize is how many bytes are read from it at a time.
    explicit CsvReader(QIODevice* device, int chunkSize = DefaultChunkSize);

    // Reads the next record into fields and the 1-based line of the file it starts on
    // into lineNumber. Returns false at the end of the data or on an error; hasError()
    // tells the two apart.
    bool readRecord(QStringList& fields, int& lineNumber);

    bool hasError() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }
    // The line the error is reported for: where an unterminated quote opens.
    int errorLine() const { return m_errorLine; }

    // Bytes taken from the device so far, for progress reporting.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    bool fill();
    void setError(int line, const QString& message);

    QIODevice* m_device;
    QByteArray m_chunk;
    QStringDecoder m_decoder { QStringDecoder::Utf8 };
    QString m_buffer;
    qsizetype m_position = 0;
    qint64 m_bytesRead = 0;
    // The line the next character is on.
    int m_line = 1;
    // A CR was the last character, so an LF right after it ends the same line.
    bool m_afterCr = false;
    QString m_errorString;
    int m_errorLine = 0;
};

} // namespace Handoff
