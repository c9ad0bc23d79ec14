// Compressed message logs: whatever the bytes, GzipDevice hands over text or an error,
// and reading it in small pieces gives the same text as in large ones.
#include "FuzzCheck.h"
#include "core/GzipDevice.h"

#include <QBuffer>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
// Enough for every seed; a stream that inflates to more is cut off here, so that one
// input never costs more than its share of the run.
constexpr qint64 MaxOutput = 8 * 1024 * 1024;

// The text, and whether the stream ended cleanly.
std::pair<QByteArray, bool> inflateAll(const QByteArray& compressed, qint64 pieceSize)
{
    QByteArray input = compressed;
    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    GzipDevice gzip(&buffer);
    if (!gzip.open(QIODevice::ReadOnly))
        return { {}, false };
    QByteArray out;
    QByteArray piece(int(pieceSize), Qt::Uninitialized);
    while (out.size() < MaxOutput) {
        const qint64 count = gzip.read(piece.data(), pieceSize);
        if (count < 0) {
            FUZZ_CHECK(!gzip.errorString().isEmpty(), QStringLiteral("a read error without a reason"));
            return { out, false };
        }
        if (count == 0)
            break;
        out.append(piece.constData(), count);
    }
    return { out, true };
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    const QByteArray compressed = bytes(data, size);
    const auto [large, largeOk] = inflateAll(compressed, 64 * 1024);
    const auto [small, smallOk] = inflateAll(compressed, 1 + qint64(size % 97));
    FUZZ_CHECK(largeOk == smallOk, QStringLiteral("read whole in large pieces: %1, in small: %2").arg(largeOk).arg(smallOk));
    if (largeOk && large.size() < MaxOutput && small.size() < MaxOutput)
        FUZZ_CHECK(large == small, QStringLiteral("%1 bytes in large pieces, %2 in small").arg(large.size()).arg(small.size()));
    return 0;
}
