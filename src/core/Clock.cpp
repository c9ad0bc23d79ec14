#include "core/Clock.h"

#include <atomic>
#include <limits>

namespace Handoff {

namespace {

constexpr qint64 SystemClock = std::numeric_limits<qint64>::min();
std::atomic<qint64> fixedMSecs { SystemClock };

} // namespace

QDateTime Clock::nowUtc()
{
    const qint64 fixed = fixedMSecs.load(std::memory_order_relaxed);
    return fixed == SystemClock ? QDateTime::currentDateTimeUtc()
                                : QDateTime::fromMSecsSinceEpoch(fixed, Qt::UTC);
}

void Clock::setFixedNow(const QDateTime& at)
{
    fixedMSecs.store(at.isValid() ? at.toMSecsSinceEpoch() : SystemClock, std::memory_order_relaxed);
}

} // namespace Handoff
