#pragma once

#include <QDateTime>

namespace Handoff {

// The time now, for the rules that compare a date with it (a message dated in the
// future). Tests fix it, so that what they check does not depend on the day they run.
class Clock
{
public:
    static QDateTime nowUtc();
    // From now on nowUtc() answers at; an invalid QDateTime returns to the system clock.
    static void setFixedNow(const QDateTime& at);
};

} // namespace Handoff
