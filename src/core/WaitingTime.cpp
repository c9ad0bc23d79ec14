#include "core/WaitingTime.h"

namespace Handoff {

QString WaitingTime::duration(qint64 seconds)
{
    constexpr qint64 Minute = 60;
    constexpr qint64 Hour = 60 * Minute;
    constexpr qint64 Day = 24 * Hour;
    if (seconds < Minute)
        return tr("< 1 min");
    if (seconds < Hour)
        return tr("%1 min").arg(seconds / Minute);
    if (seconds < Day) {
        const qint64 minutes = (seconds % Hour) / Minute;
        return minutes == 0 ? tr("%1 h").arg(seconds / Hour) : tr("%1 h %2 min").arg(seconds / Hour).arg(minutes);
    }
    const qint64 hours = (seconds % Day) / Hour;
    return hours == 0 ? tr("%1 d").arg(seconds / Day) : tr("%1 d %2 h").arg(seconds / Day).arg(hours);
}

QString WaitingTime::since(const QDateTime& since, const QDateTime& now)
{
    if (!since.isValid())
        return {};
    return duration(since.secsTo(now));
}

QString WaitingTime::textedAgo(const QDateTime& last, const QDateTime& now)
{
    if (!last.isValid())
        return tr("never texted");
    return tr("texted %1 ago").arg(duration(last.secsTo(now)));
}

} // namespace Handoff
