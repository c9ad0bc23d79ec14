#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QIODevice;

namespace Handoff {

// Reads RFC 4180 CSV from a device a chunk at a time, so a file of any length is never
// held in memory whole. Records end with CRLF, LF or a lone CR; quoted fields may hold
// commas, doubled quotes and line breaks. Blank lines are skipped. Outside the RFC, the
// reader is lenient the way spreadsheets are: a quote in the middle of an unquoted field,
// or text after a closing quote, is kept as text.
//
// The text is UTF-8 (a byte order mark at the start is skipped), or Windows-1252 when the
// file is not UTF-8 but has no UTF-8 in it either, as spreadsheets export; encoding() says
// which. The choice is made before the first record, from the whole file when the device
// can seek back and from the first chunk otherwise. A byte that fits neither, or UTF-8
// past the point where a stream was judged Windows-1252, stops the reading with an error
// on its line: the text is never altered to fit.
//
// No value grows without bound: a record longer than Limits::MaxLineLength, a field longer
// than Limits::MaxFieldLength or more than Limits::MaxColumns fields is read to its end
// without being kept, and comes back without fields and with recordProblem() saying why.
// A quoted field still open after Limits::MaxLineLength characters is an error.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CsvReader)

public:
    static constexpr int DefaultChunkSize = 64 * 1024;

    enum class Encoding
    {
        Utf8,
        Windows1252,
    };

    // The device must be open for reading and stay alive while the reader is used;
    // chunkSize is how many bytes are read from it at a time.
    explicit CsvReader(QIODevice* device, int chunkSize = DefaultChunkSize);

    // Reads the next record into fields and the 1-based line of the file it starts on
    // into lineNumber. Returns false at the end of the data or on an error; hasError()
    // tells the two apart.
    bool readRecord(QStringList& fields, int& lineNumber);

    // Why the record just read was not kept, or empty when it was read whole.
    QString recordProblem() const { return m_recordProblem; }

    bool hasError() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }
    // The line the error is reported for: where an unterminated quote opens, or where
    // a byte that is not text stands.
    int errorLine() const { return m_errorLine; }

    // The encoding the text is read in; known once the first record has been read.
    Encoding encoding() const { return m_encoding; }
    static QString encodingName(Encoding encoding);

    // Bytes taken from the device so far, for progress reporting.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    bool chooseEncoding();
    bool fill();
    void decode(const QByteArray& bytes, bool last);
    void setError(int line, const QString& message);

    QIODevice* m_device;
    QByteArray m_chunk;
    Encoding m_encoding = Encoding::Utf8;
    bool m_encodingChosen = false;
    // Bytes read before decoding started (the first chunk of a stream, which chose the
    // encoding), and the end of a chunk that stops inside a multi-byte character.
    QByteArray m_pending;
    // The start of the file: a byte order mark may still be there.
    bool m_atStart = true;
    // Why decoding stopped (with %1 for the line and %2 for the byte), raised once the
    // text before it has been read; empty while decoding goes on.
    QString m_decodeError;
    QString m_badByte;
    QString m_buffer;
    qsizetype m_position = 0;
    qint64 m_bytesRead = 0;
    // The line the next character is on.
    int m_line = 1;
    // A CR was the last character, so an LF right after it ends the same line.
    bool m_afterCr = false;
    QString m_recordProblem;
    QString m_errorString;
    int m_errorLine = 0;
};

} // namespace Handoff
