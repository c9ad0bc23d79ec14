#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>

#include <memory>

namespace Handoff {

// Reads a gzip file (or a stream of several gzip members, as `cat a.gz b.gz` makes) from
// another device and hands over its text, a chunk at a time, so a compressed export of any
// size is never held in memory whole. Read-only and sequential; a corrupt or truncated
// stream is a read error whose errorString() says so.
class GzipDevice final : public QIODevice
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::GzipDevice)
    Q_DISABLE_COPY_MOVE(GzipDevice)

public:
    // source must be open for reading and outlive this device.
    explicit GzipDevice(QIODevice* source, QObject* parent = nullptr);
    ~GzipDevice() override;

    // Whether data starts like a gzip stream (its two magic bytes).
    static bool isGzip(const QByteArray& head);

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    struct Stream;

    QIODevice* m_source;
    std::unique_ptr<Stream> m_stream;
    QByteArray m_input;
    bool m_sourceEnded = false;
    bool m_finished = false;
};

} // namespace Handoff
