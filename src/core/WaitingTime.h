#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace Handoff {

// How long something has waited, as every list of the window says it: "45 min",
// "2 h 14 min", "3 d 4 h". The one place durations are worded.
class WaitingTime
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::WaitingTime)

public:
    // Seconds as the two largest units, rounded down; under a minute (or a time in the
    // future, from a clock ahead of ours) reads "< 1 min".
    static QString duration(qint64 seconds);
    // From since to now; empty when since is invalid.
    static QString since(const QDateTime& since, const QDateTime& now);
    // "texted 12 min ago", or "never texted" when last is invalid.
    static QString textedAgo(const QDateTime& last, const QDateTime& now);
};

} // namespace Handoff
