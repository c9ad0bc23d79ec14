// The message-event file a texting gateway writes: JSON Lines, one event a line.
#include "FuzzCheck.h"
#include "core/MessageEventFile.h"
#include "PipeDevice.h"

#include <QBuffer>
#include <QSet>
#include <algorithm>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
// Small, so that the batching is exercised by small inputs too.
constexpr int BatchSize = 3;

// How far ahead of this computer's clock a gateway's clock may run.
constexpr qint64 FutureToleranceMs = 24 * 60 * 60 * 1000;

bool sameEvent(const MessageEvent& a, const MessageEvent& b)
{
    return a.line == b.line && a.phone == b.phone && a.direction == b.direction && a.body == b.body
        && a.at == b.at && a.sender == b.sender;
}

bool sameRejection(const RejectedLine& a, const RejectedLine& b)
{
    return a.line == b.line && a.reason == b.reason;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    // The reader counts lines by LF only.
    const qsizetype lines = text.count('\n') + 1;

    MessageEventFile file;
    QVector<MessageEvent> accepted;
    const bool parsed = file.parse(
        buffer,
        [&](const QVector<MessageEvent>& batch) {
            FUZZ_CHECK(!batch.isEmpty() && batch.size() <= BatchSize,
                QStringLiteral("a batch of %1").arg(batch.size()));
            accepted += batch;
        },
        BatchSize);
    FUZZ_CHECK(parsed, QStringLiteral("a readable buffer refused: %1").arg(file.errorString()));
    FUZZ_CHECK(file.acceptedCount() == accepted.size(),
        QStringLiteral("says %1 accepted, handed over %2").arg(file.acceptedCount()).arg(accepted.size()));

    const QVector<RejectedLine> rejected = file.rejectedLines();
    FUZZ_CHECK(accepted.size() + rejected.size() <= lines,
        QStringLiteral("%1 accepted and %2 rejected from %3 lines")
            .arg(accepted.size())
            .arg(rejected.size())
            .arg(lines));
    QSet<int> rejectedLines;
    int previous = 0;
    for (const RejectedLine& r : rejected) {
        FUZZ_CHECK(r.line > previous && r.line <= lines,
            QStringLiteral("rejected line %1 after %2, of %3").arg(r.line).arg(previous).arg(lines));
        FUZZ_CHECK(!r.reason.isEmpty(), QStringLiteral("line %1 rejected without a reason").arg(r.line));
        previous = r.line;
        rejectedLines.insert(r.line);
    }

    const qint64 latest = QDateTime::currentMSecsSinceEpoch() + FutureToleranceMs;
    previous = 0;
    for (const MessageEvent& e : accepted) {
        FUZZ_CHECK(e.line > previous && e.line <= lines,
            QStringLiteral("event on line %1 after %2, of %3").arg(e.line).arg(previous).arg(lines));
        FUZZ_CHECK(
            !rejectedLines.contains(e.line), QStringLiteral("line %1 accepted and rejected").arg(e.line));
        previous = e.line;
        FUZZ_CHECK(
            isE164(e.phone), QStringLiteral("line %1: phone \"%2\" is not E.164").arg(e.line).arg(e.phone));
        FUZZ_CHECK(e.direction == MessageDirection::Inbound || e.direction == MessageDirection::Outbound,
            QStringLiteral("line %1: no direction").arg(e.line));
        FUZZ_CHECK(e.sender == e.sender.trimmed(), QStringLiteral("line %1: untrimmed sender").arg(e.line));
        // The store keeps milliseconds since the epoch: an accepted time must survive that.
        FUZZ_CHECK(e.at.isValid() && e.at.timeSpec() == Qt::UTC,
            QStringLiteral("line %1: time %2 is not UTC").arg(e.line).arg(e.at.toString(Qt::ISODateWithMs)));
        FUZZ_CHECK(QDateTime::fromMSecsSinceEpoch(e.at.toMSecsSinceEpoch(), Qt::UTC) == e.at,
            QStringLiteral("line %1: time %2 does not survive storing")
                .arg(e.line)
                .arg(e.at.toString(Qt::ISODateWithMs)));
        FUZZ_CHECK(e.at.toMSecsSinceEpoch() <= latest,
            QStringLiteral("line %1: accepted an event dated %2 ms after 1970")
                .arg(e.line)
                .arg(e.at.toMSecsSinceEpoch()));
    }

    // A pipe, a FIFO or standard input reads as the file does, whatever the size of
    // each read (here from 1 to 251 bytes, chosen by the input's length).
    PipeDevice pipe(text, 1 + text.size() % 251);
    MessageEventFile piped;
    QVector<MessageEvent> pipedAccepted;
    FUZZ_CHECK(piped.parse(
                   pipe, [&](const QVector<MessageEvent>& batch) { pipedAccepted += batch; }, BatchSize),
        QStringLiteral("a pipe refused: %1").arg(piped.errorString()));
    FUZZ_CHECK(std::equal(accepted.cbegin(), accepted.cend(), pipedAccepted.cbegin(), pipedAccepted.cend(),
                   sameEvent),
        QStringLiteral("%1 events from the file, %2 from a pipe")
            .arg(accepted.size())
            .arg(pipedAccepted.size()));
    const QVector<RejectedLine> pipedRejected = piped.rejectedLines();
    FUZZ_CHECK(std::equal(rejected.cbegin(), rejected.cend(), pipedRejected.cbegin(), pipedRejected.cend(),
                   sameRejection),
        QStringLiteral("%1 lines rejected from the file, %2 from a pipe")
            .arg(rejected.size())
            .arg(pipedRejected.size()));
    return 0;
}
