#include "cli/VisibleOutput.h"

namespace Handoff {

VisibleOutput::VisibleOutput(FILE* stream, DisplayText::Kept kept)
    : m_kept(kept)
{
    m_file.open(stream, QIODevice::WriteOnly, QFileDevice::DontCloseHandle);
    open(QIODevice::WriteOnly);
}

qint64 VisibleOutput::readData(char*, qint64)
{
    return -1;
}

qint64 VisibleOutput::writeData(const char* data, qint64 size)
{
    const QString text = m_decoder.decode(QByteArrayView(data, size));
    const QByteArray shown = m_encoder.encode(DisplayText::visible(text, m_kept));
    if (m_file.write(shown) != shown.size() || !m_file.flush())
        return -1;
    return size;
}

} // namespace Handoff
