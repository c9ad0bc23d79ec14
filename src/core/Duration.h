#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QString>

namespace Handoff {

class DurationText
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Duration)
};

// The longest duration a filter takes: a year. Longer ones are typing mistakes.
constexpr qint64 MaxDurationSeconds = 366LL * 24 * 60 * 60;

// "90m", "2h", "1h30m", "1d12h", "45s": whole numbers each followed by s, m, h or d,
// each unit at most once and from the largest to the smallest, no spaces. Returns the
// seconds, or why the text is not a duration. Zero ("0m") is refused: it filters nothing.
Outcome<qint64> parseDuration(const QString& text);

// 5400 → "1h30m": the form parseDuration reads back.
QString durationKey(qint64 seconds);

} // namespace Handoff
