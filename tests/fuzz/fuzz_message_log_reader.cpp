// Message logs of other tools: Twilio's CSV and JSON Lines, Spoke's and Rewired's CSV,
// a mapped CSV, Handoff's own events, each gzip-compressed or not.
#include "FuzzCheck.h"
#include "core/Clock.h"
#include "core/MessageLogReader.h"

#include <QBuffer>
#include <QSet>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
constexpr int BatchSize = 3;
constexpr qint64 FutureToleranceMs = 24 * 60 * 60 * 1000;
} // namespace

// The first byte chooses the format (its value modulo 7, in MessageLogFormats::all()
// order: auto, handoff, twilio-csv, twilio-json, spoke, spoke-rewired, mapped); the rest
// is the file. The mapped format reads the columns phone, dir, text, when, who and id,
// with the direction values "in" and "out".
extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size < 1)
        return 0;
    MessageLogOptions options;
    options.format = MessageLogFormats::all().at(data[0] % 7);
    options.mapping.phone = QStringLiteral("phone");
    options.mapping.direction = QStringLiteral("dir");
    options.mapping.body = QStringLiteral("text");
    options.mapping.at = QStringLiteral("when");
    options.mapping.sender = QStringLiteral("who");
    options.mapping.id = QStringLiteral("id");
    options.mapping.inboundValue = QStringLiteral("in");
    options.mapping.outboundValue = QStringLiteral("out");

    QByteArray text = bytes(data + 1, size - 1);
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    MessageLogReader reader(options);
    QVector<MessageEvent> accepted;
    const bool parsed = reader.parse(
        buffer,
        [&](const QVector<MessageEvent>& batch) {
            FUZZ_CHECK(!batch.isEmpty() && batch.size() <= BatchSize, QStringLiteral("a batch of %1").arg(batch.size()));
            accepted += batch;
        },
        BatchSize);
    if (!parsed) {
        FUZZ_CHECK(!reader.errorString().isEmpty(), QStringLiteral("refused without a reason"));
        return 0;
    }
    FUZZ_CHECK(reader.format() != MessageLogFormat::Auto, QStringLiteral("read without choosing a format"));
    FUZZ_CHECK(options.format == MessageLogFormat::Auto || reader.format() == options.format,
        QStringLiteral("asked for %1, read %2")
            .arg(MessageLogFormats::name(options.format), MessageLogFormats::name(reader.format())));
    FUZZ_CHECK(reader.acceptedCount() == accepted.size(),
        QStringLiteral("says %1 accepted, handed over %2").arg(reader.acceptedCount()).arg(accepted.size()));

    QSet<int> rejectedLines;
    int previous = 0;
    for (const RejectedLine& r : reader.rejectedLines()) {
        FUZZ_CHECK(r.line > previous, QStringLiteral("rejected line %1 after %2").arg(r.line).arg(previous));
        FUZZ_CHECK(!r.reason.isEmpty(), QStringLiteral("line %1 rejected without a reason").arg(r.line));
        previous = r.line;
        rejectedLines.insert(r.line);
    }
    const qint64 latest = Clock::nowUtc().toMSecsSinceEpoch() + FutureToleranceMs;
    previous = 0;
    for (const MessageEvent& e : accepted) {
        FUZZ_CHECK(e.line > previous, QStringLiteral("event on line %1 after %2").arg(e.line).arg(previous));
        FUZZ_CHECK(!rejectedLines.contains(e.line), QStringLiteral("line %1 accepted and rejected").arg(e.line));
        previous = e.line;
        FUZZ_CHECK(isE164(e.phone), QStringLiteral("line %1: phone \"%2\" is not E.164").arg(e.line).arg(e.phone));
        FUZZ_CHECK(e.at.isValid() && e.at.timeSpec() == Qt::UTC,
            QStringLiteral("line %1: time is not UTC").arg(e.line));
        FUZZ_CHECK(QDateTime::fromMSecsSinceEpoch(e.at.toMSecsSinceEpoch(), Qt::UTC) == e.at,
            QStringLiteral("line %1: time does not survive storing").arg(e.line));
        FUZZ_CHECK(e.at.toMSecsSinceEpoch() <= latest, QStringLiteral("line %1: dated in the future").arg(e.line));
        FUZZ_CHECK(!e.body.contains(QChar(0)) && !e.sender.contains(QChar(0)) && !e.providerId.contains(QChar(0)),
            QStringLiteral("line %1: a NUL character kept").arg(e.line));
        FUZZ_CHECK(e.sender == e.sender.trimmed() && e.providerId == e.providerId.trimmed(),
            QStringLiteral("line %1: untrimmed sender or id").arg(e.line));
        FUZZ_CHECK(!(e.failed && e.direction == MessageDirection::Inbound),
            QStringLiteral("line %1: an inbound message marked failed").arg(e.line));
        // Handoff's own format keeps what the file says; the others name no sender of a reply.
        FUZZ_CHECK(reader.format() == MessageLogFormat::Handoff || e.direction == MessageDirection::Outbound
                || e.sender.isEmpty(),
            QStringLiteral("line %1: an inbound message with a sender").arg(e.line));
    }
    return 0;
}
