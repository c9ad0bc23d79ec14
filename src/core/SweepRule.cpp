#include "core/SweepRule.h"

#include "core/Limits.h"

#include <QLocale>

namespace Handoff {

namespace {

constexpr qint64 MaxRuleSeconds = 30LL * 24 * 60 * 60;

// "90 min", "2 h", "1 h 30 min", "45 s": a rule's durations as its description says them.
QString ruleDuration(qint64 seconds)
{
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    QStringList parts;
    if (h > 0)
        parts << SweepRuleText::tr("%1 h").arg(QLocale().toString(h));
    if (m > 0)
        parts << SweepRuleText::tr("%1 min").arg(QLocale().toString(m));
    if (s > 0 || parts.isEmpty())
        parts << SweepRuleText::tr("%1 s").arg(QLocale().toString(s));
    return parts.join(QLatin1Char(' '));
}

} // namespace

QString SweepRuleText::fromKey(SweepRule::From from)
{
    switch (from) {
    case SweepRule::From::All:
        return QStringLiteral("all");
    case SweepRule::From::NonSweepers:
        return QStringLiteral("non-sweepers");
    case SweepRule::From::AwayOrDone:
        return QStringLiteral("away");
    case SweepRule::From::Idle:
        return QStringLiteral("idle");
    case SweepRule::From::Unassigned:
        return QStringLiteral("unassigned");
    }
    return {};
}

QString SweepRuleText::toKey(SweepRule::To to)
{
    switch (to) {
    case SweepRule::To::SweepersOnShift:
        return QStringLiteral("sweepers");
    case SweepRule::To::OnShift:
        return QStringLiteral("on-shift");
    case SweepRule::To::Named:
        return QStringLiteral("named");
    case SweepRule::To::Unassigned:
        return QStringLiteral("unassigned");
    }
    return {};
}

std::optional<SweepRule::From> SweepRuleText::parseFromKey(const QString& key)
{
    for (auto f : {SweepRule::From::All, SweepRule::From::NonSweepers, SweepRule::From::AwayOrDone,
                   SweepRule::From::Idle, SweepRule::From::Unassigned})
        if (fromKey(f) == key)
            return f;
    return std::nullopt;
}

std::optional<SweepRule::To> SweepRuleText::parseToKey(const QString& key)
{
    for (auto t : {SweepRule::To::SweepersOnShift, SweepRule::To::OnShift, SweepRule::To::Named, SweepRule::To::Unassigned})
        if (toKey(t) == key)
            return t;
    return std::nullopt;
}

QString SweepRuleText::describe(const SweepRule& rule, const QStringList& targetNames)
{
    QString what;
    switch (rule.status) {
    case StatusFilter::NeedsReply:
        what = tr("Replies");
        break;
    case StatusFilter::NotStarted:
        what = tr("Untexted contacts");
        break;
    case StatusFilter::Any:
        what = tr("Conversations");
        break;
    }
    if (rule.minWaitSeconds > 0)
        what = tr("%1 waiting at least %2").arg(what, ruleDuration(rule.minWaitSeconds));

    QString from;
    switch (rule.from) {
    case SweepRule::From::All:
        from = tr("of every sender");
        break;
    case SweepRule::From::NonSweepers:
        from = tr("of senders who are not sweepers");
        break;
    case SweepRule::From::AwayOrDone:
        from = tr("of senders who are away or done for today");
        break;
    case SweepRule::From::Idle:
        from = tr("of senders who have not texted for %1").arg(ruleDuration(rule.idleSeconds));
        break;
    case SweepRule::From::Unassigned:
        from = tr("in Unassigned");
        break;
    }

    QString to;
    switch (rule.to) {
    case SweepRule::To::SweepersOnShift:
        to = tr("go to sweepers on shift");
        break;
    case SweepRule::To::OnShift:
        to = tr("go to senders on shift");
        break;
    case SweepRule::To::Named:
        to = tr("go to %1 (when on shift)").arg(targetNames.join(QStringLiteral(", ")));
        break;
    case SweepRule::To::Unassigned:
        to = tr("go back to Unassigned");
        break;
    }

    QStringList how;
    if (rule.to != SweepRule::To::Unassigned && rule.balance)
        how << tr("balanced");
    if (rule.to != SweepRule::To::Unassigned && rule.cap > 0)
        how << tr("at most %1 open each").arg(QLocale().toString(rule.cap));
    if (rule.maxPerRun > 0)
        how << tr("at most %1 a sweep").arg(QLocale().toString(rule.maxPerRun));
    QString text = tr("%1 %2 %3").arg(what, from, to);
    if (!how.isEmpty())
        text += QStringLiteral(", ") + how.join(QStringLiteral(", "));
    return text + QLatin1Char('.');
}

Outcome<Done> validateRule(const SweepRule& rule)
{
    const QString name = rule.name.trimmed();
    if (name.isEmpty())
        return Outcome<Done>::failure(SweepRuleText::tr("A rule needs a name."));
    if (name.size() > Limits::MaxNameLength)
        return Outcome<Done>::failure(
            SweepRuleText::tr("A rule's name is at most %1 characters.").arg(Limits::MaxNameLength));
    if (rule.minWaitSeconds < 0 || rule.minWaitSeconds > MaxRuleSeconds)
        return Outcome<Done>::failure(SweepRuleText::tr("The wait must be between 0 and 30 days."));
    if (rule.from == SweepRule::From::Idle && (rule.idleSeconds <= 0 || rule.idleSeconds > MaxRuleSeconds))
        return Outcome<Done>::failure(
            SweepRuleText::tr("Senders idle for how long? Give a time between 1 second and 30 days."));
    if (rule.cap < 0)
        return Outcome<Done>::failure(SweepRuleText::tr("The cap must be a positive number."));
    if (rule.maxPerRun < 0)
        return Outcome<Done>::failure(SweepRuleText::tr("The most a sweep moves must be a positive number."));
    if (rule.to == SweepRule::To::Named && rule.targets.isEmpty())
        return Outcome<Done>::failure(SweepRuleText::tr("Name at least one sender to move the conversations to."));
    if (rule.to == SweepRule::To::Named) {
        for (int i = 0; i < rule.targets.size(); ++i)
            if (rule.targets.indexOf(rule.targets[i]) != i)
                return Outcome<Done>::failure(SweepRuleText::tr("A sender is named twice among the targets."));
    }
    if (rule.from == SweepRule::From::Unassigned && rule.to == SweepRule::To::Unassigned)
        return Outcome<Done>::failure(SweepRuleText::tr("A rule cannot move Unassigned conversations to Unassigned."));
    return Done{};
}

QVector<SweepRule> presetRules()
{
    SweepRule replies;
    replies.name = SweepRuleText::tr("Replies waiting over 30 minutes go to sweepers on shift");
    replies.status = StatusFilter::NeedsReply;
    replies.minWaitSeconds = 30 * 60;
    replies.from = SweepRule::From::NonSweepers;
    replies.to = SweepRule::To::SweepersOnShift;
    replies.balance = true;

    SweepRule doneForToday;
    doneForToday.name = SweepRuleText::tr("Untexted contacts of senders who are done for today go back to Unassigned");
    doneForToday.status = StatusFilter::NotStarted;
    doneForToday.from = SweepRule::From::AwayOrDone;
    doneForToday.to = SweepRule::To::Unassigned;

    SweepRule dealOut;
    dealOut.name = SweepRuleText::tr("Unassigned untexted contacts go to senders on shift, balanced, at most 200 each");
    dealOut.status = StatusFilter::NotStarted;
    dealOut.from = SweepRule::From::Unassigned;
    dealOut.to = SweepRule::To::OnShift;
    dealOut.balance = true;
    dealOut.cap = 200;
    return {replies, doneForToday, dealOut};
}

} // namespace Handoff
