// The durations a manager types: a Conversations filter's "waiting at least", a rule's
// age and idle time, handoff-cli's --waiting and --idle. Input: the text as typed (UTF-8).
#include "FuzzCheck.h"
#include "core/Duration.h"

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
bool onlyDigitsAndUnits(const QString& text)
{
    for (const QChar c : text) {
        if (!(c >= QLatin1Char('0') && c <= QLatin1Char('9')) && c != QLatin1Char('s')
            && c != QLatin1Char('m') && c != QLatin1Char('h') && c != QLatin1Char('d'))
            return false;
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const Outcome<qint64> seconds = parseDuration(text);
    if (!seconds) {
        FUZZ_CHECK(seconds.error().contains(QLatin1String("is not a duration: ")),
            QStringLiteral("\"%1\" refused without saying why: %2").arg(text, seconds.error()));
        FUZZ_CHECK(seconds.error().size() < 400,
            QStringLiteral("\"%1\" refused with a message of %2 characters")
                .arg(text.left(40))
                .arg(seconds.error().size()));
    } else {
        FUZZ_CHECK(*seconds > 0 && *seconds <= MaxDurationSeconds,
            QStringLiteral("\"%1\" read as %2 s, outside a year").arg(text).arg(*seconds));
        FUZZ_CHECK(!text.isEmpty() && onlyDigitsAndUnits(text),
            QStringLiteral("\"%1\" accepted, but it is not digits and units").arg(text));
        // The form Handoff writes back (rules, settings, the CLI's JSON) reads as the same.
        const QString key = durationKey(*seconds);
        const Outcome<qint64> again = parseDuration(key);
        FUZZ_CHECK(again && *again == *seconds,
            QStringLiteral("\"%1\" read as %2 s, written as \"%3\", read back as %4")
                .arg(text)
                .arg(*seconds)
                .arg(key, again ? QString::number(*again) : again.error()));
        FUZZ_CHECK(durationKey(*again) == key, QStringLiteral("\"%1\" is not its own written form").arg(key));
    }

    // Any number of seconds the bytes make, in range, is written in a form read back as itself.
    if (size >= 8) {
        quint64 raw = 0;
        for (int i = 0; i < 8; ++i)
            raw = (raw << 8) | data[i];
        const qint64 value = qint64(raw % quint64(MaxDurationSeconds)) + 1;
        const QString key = durationKey(value);
        const Outcome<qint64> back = parseDuration(key);
        FUZZ_CHECK(back && *back == value,
            QStringLiteral("%1 s written as \"%2\", read back as %3")
                .arg(value)
                .arg(key, back ? QString::number(*back) : back.error()));
    }
    return 0;
}
