#pragma once

#include <QByteArray>
#include <QIODevice>

namespace HandoffFuzz {

// Bytes as a pipe, a FIFO or standard input hands them over: a sequential device with
// nothing buffered before the first read, which gives at most step bytes a call and 0
// at the end. Its size is unknown, and atEnd() is true until something has been read.
class PipeDevice final : public QIODevice
{
public:
    PipeDevice(const QByteArray& data, qint64 step)
        : m_data(data)
        , m_step(qMax<qint64>(1, step))
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 count = qMin(qMin(maxSize, m_step), qint64(m_data.size()) - m_position);
        std::copy_n(m_data.constData() + m_position, count, data);
        m_position += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_step;
    qint64 m_position = 0;
};

} // namespace HandoffFuzz
