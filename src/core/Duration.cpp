#include "core/Duration.h"

namespace Handoff {

namespace {
qint64 unitSeconds(QChar unit)
{
    switch (unit.unicode()) {
    case 's':
        return 1;
    case 'm':
        return 60;
    case 'h':
        return 60 * 60;
    case 'd':
        return 24 * 60 * 60;
    default:
        return 0;
    }
}
} // namespace

Outcome<qint64> parseDuration(const QString& text)
{
    using Result = Outcome<qint64>;
    const auto refuse = [&text](const QString& why) {
        return Result::failure(DurationText::tr("\"%1\" is not a duration: %2 Write a number followed by s, m, h or d,"
                                                " or several such as 1h30m.")
                                   .arg(text.left(40), why));
    };
    if (text.isEmpty())
        return refuse(DurationText::tr("it is empty."));
    qint64 total = 0;
    qint64 lastUnit = 0;   // the previous part's unit: each later one must be smaller
    int i = 0;
    while (i < text.size()) {
        const int start = i;
        qint64 number = 0;
        while (i < text.size() && text.at(i) >= QLatin1Char('0') && text.at(i) <= QLatin1Char('9')) {
            number = number * 10 + (text.at(i).unicode() - '0');
            if (number > MaxDurationSeconds)
                return refuse(DurationText::tr("it is longer than a year."));
            ++i;
        }
        if (i == start)
            return refuse(DurationText::tr("a number is missing before \"%1\".").arg(text.mid(i, 1)));
        if (i == text.size())
            return refuse(DurationText::tr("the unit after %1 is missing.").arg(number));
        const qint64 unit = unitSeconds(text.at(i));
        if (unit == 0)
            return refuse(DurationText::tr("\"%1\" is not a unit.").arg(text.mid(i, 1)));
        if (lastUnit != 0 && unit >= lastUnit)
            return refuse(DurationText::tr("units go from the largest to the smallest, each once."));
        lastUnit = unit;
        ++i;
        total += number * unit;
        if (total > MaxDurationSeconds)
            return refuse(DurationText::tr("it is longer than a year."));
    }
    if (total == 0)
        return refuse(DurationText::tr("it is zero."));
    return total;
}

QString durationKey(qint64 seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0s");
    QString text;
    const std::pair<qint64, char> units[] = {{24 * 60 * 60, 'd'}, {60 * 60, 'h'}, {60, 'm'}, {1, 's'}};
    for (const auto& [size, letter] : units) {
        if (seconds >= size) {
            text += QString::number(seconds / size) + QLatin1Char(letter);
            seconds %= size;
        }
    }
    return text;
}

} // namespace Handoff
