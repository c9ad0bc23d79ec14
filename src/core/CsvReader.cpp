#include "core/CsvReader.h"

#include "core/Limits.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringDecoder>

#include <cstring>

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

// The length of the UTF-8 sequence that starts at p (1 to 4), 0 when the bytes there are
// not UTF-8 (overlong forms and surrogates included), or -1 when the bytes run out before
// the sequence ends.
int utf8SequenceLength(const uchar* p, qsizetype available)
{
    const uchar lead = p[0];
    if (lead < 0x80)
        return 1;
    int length = 0;
    uchar low = 0x80;
    uchar high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (i >= available)
            return -1;
        if (p[i] < low || p[i] > high)
            return 0;
        low = 0x80;
        high = 0xBF;
    }
    return length;
}

// Where the bytes stop being UTF-8. A run of ASCII, what nearly every CSV file is made
// of, is stepped over eight bytes at a time.
struct Utf8Scan
{
    qsizetype end = 0; // the first byte that is not (yet) UTF-8, or the size
    int stop = 1; // 0 at a byte that is not UTF-8, -1 at a sequence cut short, 1 at the end
    bool sawMultiByte = false;
};

Utf8Scan scanUtf8(const uchar* p, qsizetype size)
{
    Utf8Scan scan;
    qsizetype i = 0;
    while (i < size) {
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, p + i, sizeof word);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i == size)
            break;
        const int length = utf8SequenceLength(p + i, size - i);
        if (length <= 0) {
            scan.end = i;
            scan.stop = length;
            return scan;
        }
        scan.sawMultiByte = scan.sawMultiByte || length > 1;
        i += length;
    }
    scan.end = size;
    return scan;
}

// Windows-1252 where it differs from Latin-1: 0x80 to 0x9F. Zero marks the five bytes
// the code page leaves undefined.
// clang-format off
constexpr char16_t Windows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 0x80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      // 0x88
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 0x90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, // 0x98
};
// clang-format on

char16_t fromWindows1252(uchar byte)
{
    return byte >= 0x80 && byte < 0xA0 ? Windows1252High[byte - 0x80] : char16_t(byte);
}

const char Utf8Bom[] = "\xEF\xBB\xBF";

QString saveAsUtf8()
{
    return CsvReader::tr("Save the file as UTF-8 (in a spreadsheet: CSV UTF-8) and import it again.");
}

} // namespace

CsvReader::CsvReader(QIODevice* device, int chunkSize)
    : m_device(device)
    , m_chunk(qMax(1, chunkSize), Qt::Uninitialized)
{ }

QString CsvReader::encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return {};
}

bool CsvReader::readRecord(QStringList& fields, int& lineNumber)
{
    fields.clear();
    m_recordProblem.clear();
    if (hasError())
        return false;

    State state = State::RecordStart;
    QString field;
    int quoteLine = 0;
    qsizetype length = 0;

    // A record over a limit is read to its end, but nothing more of it is kept.
    const auto leaveOut = [&](const QString& why) {
        m_recordProblem = why;
        fields.clear();
        field.clear();
    };
    const auto keep = [&](QChar c) {
        if (!m_recordProblem.isEmpty())
            return;
        if (field.size() < Limits::MaxFieldLength)
            field.append(c);
        else
            leaveOut(tr("a field longer than %1 characters").arg(Limits::MaxFieldLength));
    };
    const auto endField = [&] {
        if (m_recordProblem.isEmpty()) {
            if (fields.size() < Limits::MaxColumns)
                fields.append(field);
            else
                leaveOut(tr("more than %1 fields").arg(Limits::MaxColumns));
        }
        field.clear();
    };
    // Counts one more character of the record. A quoted field still open past the limit
    // is taken for a closing quote gone missing: what follows cannot be told apart into
    // records, so the file stops here.
    const auto count = [&] {
        if (++length <= Limits::MaxLineLength)
            return true;
        if (state == State::Quoted) {
            setError(quoteLine,
                tr("Line %1: a quoted field runs on for more than %2 characters; "
                   "is a closing quote missing?")
                    .arg(quoteLine)
                    .arg(Limits::MaxLineLength));
            fields.clear();
            return false;
        }
        if (m_recordProblem.isEmpty())
            leaveOut(tr("more than %1 characters").arg(Limits::MaxLineLength));
        return true;
    };

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
                if (!count())
                    return false;
                keep(c);
                continue;
            case State::FieldStart:
            case State::Unquoted:
            case State::QuoteInQuoted:
                endField();
                return true;
            }
        }
        m_afterCr = false;
        if (!count())
            return false;

        switch (state) {
        case State::RecordStart:
            lineNumber = m_line;
            Q_FALLTHROUGH();
        case State::FieldStart:
            if (c == Quote) {
                quoteLine = m_line;
                state = State::Quoted;
            } else if (c == Comma) {
                endField();
                state = State::FieldStart;
            } else {
                keep(c);
                state = State::Unquoted;
            }
            break;
        case State::Unquoted:
            if (c == Comma) {
                endField();
                state = State::FieldStart;
            } else {
                keep(c);
            }
            break;
        case State::Quoted:
            if (c == Quote)
                state = State::QuoteInQuoted;
            else
                keep(c);
            break;
        case State::QuoteInQuoted:
            if (c == Quote) {
                keep(Quote);
                state = State::Quoted;
            } else if (c == Comma) {
                endField();
                state = State::FieldStart;
            } else {
                keep(c);
                state = State::Unquoted;
            }
            break;
        }
    }

    switch (state) {
    case State::RecordStart:
        return false;
    case State::Quoted:
        if (!hasError())
            setError(quoteLine, tr("Line %1: a quoted field is never closed").arg(quoteLine));
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
        endField();
        return true;
    }
    return false;
}

// UTF-8 unless the bytes say otherwise. A file that stops being UTF-8 before any
// multi-byte character was seen is what spreadsheets write in Windows-1252; one that
// has both is neither, and is refused where it stops being UTF-8.
bool CsvReader::chooseEncoding()
{
    QByteArray carry;
    bool sawMultiByte = false;
    bool first = true;
    // Returns false once the choice is made.
    const auto look = [&](QByteArray bytes, bool last) {
        if (first) {
            first = false;
            if (bytes.startsWith(Utf8Bom))
                return false;
        }
        bytes.prepend(carry);
        const Utf8Scan scan = scanUtf8(reinterpret_cast<const uchar*>(bytes.constData()), bytes.size());
        sawMultiByte = sawMultiByte || scan.sawMultiByte;
        if (scan.stop == 0 || (scan.stop < 0 && last)) {
            if (!sawMultiByte)
                m_encoding = Encoding::Windows1252;
            return false;
        }
        carry = bytes.mid(scan.end);
        return !last;
    };
    const auto readChunk = [&]() -> qint64 {
        const qint64 count = m_device->read(m_chunk.data(), m_chunk.size());
        if (count < 0)
            setError(m_line, tr("Could not read the file: %1").arg(m_device->errorString()));
        return count;
    };

    if (m_device->isSequential()) {
        // A stream cannot be read twice: its first chunk decides, and is the first decoded.
        const qint64 count = readChunk();
        if (count < 0)
            return false;
        m_bytesRead += count;
        m_pending = QByteArray(m_chunk.constData(), count);
        look(m_pending, count == 0);
    } else {
        const qint64 start = m_device->pos();
        for (;;) {
            const qint64 count = readChunk();
            if (count < 0)
                return false;
            if (!look(QByteArray(m_chunk.constData(), count), count == 0))
                break;
        }
        if (!m_device->seek(start)) {
            setError(m_line, tr("Could not read the file: %1").arg(m_device->errorString()));
            return false;
        }
    }
    return true;
}

bool CsvReader::fill()
{
    m_buffer.clear();
    m_position = 0;
    if (hasError())
        return false;
    if (!m_encodingChosen) {
        m_encodingChosen = true;
        if (!chooseEncoding())
            return false;
    }
    // A chunk may decode to nothing (a lone BOM, half of a multi-byte character), so
    // keep reading until there is text or the data ends.
    while (m_buffer.isEmpty()) {
        // The text before a byte that is not text has been read; the error is on the
        // line the reading has now come to.
        if (!m_decodeError.isEmpty()) {
            QString message = m_decodeError.arg(m_line);
            if (!m_badByte.isEmpty())
                message = message.arg(m_badByte);
            setError(m_line, message);
            return false;
        }
        const qint64 count = m_device->read(m_chunk.data(), m_chunk.size());
        if (count < 0) {
            setError(m_line, tr("Could not read the file: %1").arg(m_device->errorString()));
            return false;
        }
        if (count == 0 && m_pending.isEmpty())
            return false;
        m_bytesRead += count;
        QByteArray bytes = m_pending;
        m_pending.clear();
        bytes.append(m_chunk.constData(), count);
        decode(bytes, count == 0);
    }
    return true;
}

// Decodes bytes into m_buffer. The end of a multi-byte character cut off by the chunk
// waits in m_pending for the rest, so the text never depends on where a chunk ends.
void CsvReader::decode(const QByteArray& bytes, bool last)
{
    qsizetype start = 0;
    if (m_atStart) {
        // A mark read a byte at a time is still a mark: wait until it is whole.
        const auto beginsMark = [&bytes](const char* mark) { return QByteArray(mark).startsWith(bytes); };
        if (!last && (beginsMark(Utf8Bom) || beginsMark("\xFF\xFE") || beginsMark("\xFE\xFF"))) {
            m_pending = bytes;
            return;
        }
        m_atStart = false;
        if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
            m_decodeError = tr("Line %1: the file is UTF-16 text. ") + saveAsUtf8();
            return;
        }
        if (bytes.startsWith(Utf8Bom))
            start = 3;
    }
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData()) + start;
    const qsizetype size = bytes.size() - start;
    const auto setBadByte = [this](uchar byte) {
        m_badByte = QStringLiteral("0x")
            + QString::number(uint(byte), 16).toUpper().rightJustified(2, QLatin1Char('0'));
    };

    if (m_encoding == Encoding::Utf8) {
        const Utf8Scan scan = scanUtf8(p, size);
        // Only the file's first bytes are its byte order mark; a U+FEFF that happens to
        // begin a later chunk is text, which QString::fromUtf8 would drop.
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
        m_buffer = decoder.decode(QByteArrayView(reinterpret_cast<const char*>(p), scan.end));
        if (scan.stop < 0 && !last) {
            m_pending = QByteArray(reinterpret_cast<const char*>(p) + scan.end, size - scan.end);
        } else if (scan.stop <= 0) {
            setBadByte(p[scan.end]);
            m_decodeError = tr("Line %1: byte %2 is not UTF-8 text. ") + saveAsUtf8();
        }
        return;
    }

    m_buffer.reserve(size);
    qsizetype i = 0;
    while (i < size) {
        const qsizetype asciiStart = i;
        while (i < size && p[i] < 0x80)
            ++i;
        m_buffer.append(QLatin1String(reinterpret_cast<const char*>(p) + asciiStart, i - asciiStart));
        if (i == size)
            break;
        const int length = utf8SequenceLength(p + i, size - i);
        if (length < 0 && !last) {
            m_pending = QByteArray(reinterpret_cast<const char*>(p) + i, size - i);
            return;
        }
        if (length > 1) {
            m_decodeError = tr("Line %1 has UTF-8 text in a file read as Windows-1252. ") + saveAsUtf8();
            return;
        }
        const char16_t c = fromWindows1252(p[i]);
        if (c == 0) {
            setBadByte(p[i]);
            m_decodeError = tr("Line %1: byte %2 is neither UTF-8 nor Windows-1252 text. ") + saveAsUtf8();
            return;
        }
        m_buffer.append(QChar(c));
        ++i;
    }
}

void CsvReader::setError(int line, const QString& message)
{
    m_errorLine = line;
    m_errorString = message;
}

} // namespace Handoff
