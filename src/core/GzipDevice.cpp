#include "core/GzipDevice.h"

#include <zlib.h>

namespace Handoff {

struct GzipDevice::Stream
{
    z_stream z{};
    bool initialised = false;
    // Output since the current member began: a member that ends without any is not text.
    bool memberStarted = false;
};

GzipDevice::GzipDevice(QIODevice* source, QObject* parent)
    : QIODevice(parent)
    , m_source(source)
{
}

GzipDevice::~GzipDevice()
{
    close();
}

bool GzipDevice::isGzip(const QByteArray& head)
{
    return head.size() >= 2 && quint8(head.at(0)) == 0x1f && quint8(head.at(1)) == 0x8b;
}

bool GzipDevice::open(OpenMode mode)
{
    if ((mode & ReadWrite) != ReadOnly || !m_source || !m_source->isReadable()) {
        setErrorString(tr("A compressed file can only be read"));
        return false;
    }
    m_stream = std::make_unique<Stream>();
    // 16 + MAX_WBITS: a gzip header and trailer, never a raw zlib stream.
    if (inflateInit2(&m_stream->z, 16 + MAX_WBITS) != Z_OK) {
        setErrorString(tr("Cannot start reading the compressed file"));
        m_stream.reset();
        return false;
    }
    m_stream->initialised = true;
    m_input = QByteArray(64 * 1024, Qt::Uninitialized);
    m_sourceEnded = false;
    m_finished = false;
    return QIODevice::open(mode);
}

void GzipDevice::close()
{
    if (m_stream && m_stream->initialised)
        inflateEnd(&m_stream->z);
    m_stream.reset();
    if (isOpen())
        QIODevice::close();
}

qint64 GzipDevice::readData(char* data, qint64 maxSize)
{
    if (!m_stream || m_finished || maxSize <= 0)
        return 0;
    z_stream& z = m_stream->z;
    z.next_out = reinterpret_cast<Bytef*>(data);
    z.avail_out = uInt(qMin<qint64>(maxSize, 1 << 30));
    const uInt wanted = z.avail_out;
    while (z.avail_out == wanted) {
        if (z.avail_in == 0) {
            if (m_sourceEnded) {
                if (m_stream->memberStarted) {
                    setErrorString(tr("The compressed file is cut short"));
                    return -1;
                }
                m_finished = true;
                return 0;
            }
            const qint64 count = m_source->read(m_input.data(), m_input.size());
            if (count < 0) {
                setErrorString(m_source->errorString());
                return -1;
            }
            if (count == 0) {
                m_sourceEnded = true;
                continue;
            }
            z.next_in = reinterpret_cast<Bytef*>(m_input.data());
            z.avail_in = uInt(count);
        }
        m_stream->memberStarted = true;
        const int result = inflate(&z, Z_NO_FLUSH);
        if (result == Z_STREAM_END) {
            // Another member may follow; anything else after the trailer is not gzip.
            m_stream->memberStarted = false;
            inflateReset(&z);
            if (z.avail_in > 0 && (z.avail_in < 2 || z.next_in[0] != 0x1f || z.next_in[1] != 0x8b)) {
                setErrorString(tr("The compressed file has data after its end"));
                return -1;
            }
        } else if (result != Z_OK && result != Z_BUF_ERROR) {
            setErrorString(tr("The compressed file is damaged: %1")
                               .arg(QString::fromLatin1(z.msg ? z.msg : "unknown error")));
            return -1;
        }
    }
    return qint64(wanted - z.avail_out);
}

qint64 GzipDevice::writeData(const char*, qint64)
{
    return -1;
}

} // namespace Handoff
