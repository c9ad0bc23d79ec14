#include "core/Reassignment.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace Handoff {

QString scopeKey(ReassignScope scope)
{
    switch (scope) {
    case ReassignScope::Bulk:
        return QStringLiteral("bulk");
    case ReassignScope::Sender:
        return QStringLiteral("sender");
    case ReassignScope::Single:
        return QStringLiteral("single");
    case ReassignScope::Selection:
        return QStringLiteral("selection");
    case ReassignScope::Rule:
        return QStringLiteral("rule");
    }
    return {};
}

QString scopeLabel(ReassignScope scope)
{
    switch (scope) {
    case ReassignScope::Bulk:
        return ReassignmentText::tr("Bulk");
    case ReassignScope::Sender:
        return ReassignmentText::tr("Sender");
    case ReassignScope::Single:
        return ReassignmentText::tr("Single conversation");
    case ReassignScope::Selection:
        return ReassignmentText::tr("Selection");
    case ReassignScope::Rule:
        return ReassignmentText::tr("Rule");
    }
    return {};
}

QString actionKey(ReassignAction action)
{
    switch (action) {
    case ReassignAction::ReassignSome:
        return QStringLiteral("reassign-some");
    case ReassignAction::ReassignAll:
        return QStringLiteral("reassign-all");
    case ReassignAction::UnassignAll:
        return QStringLiteral("unassign-all");
    case ReassignAction::Move:
        return QStringLiteral("move");
    case ReassignAction::RemoveSender:
        return QStringLiteral("remove-sender");
    case ReassignAction::Undo:
        return QStringLiteral("undo");
    }
    return {};
}

QString actionLabel(ReassignAction action)
{
    switch (action) {
    case ReassignAction::ReassignSome:
        return ReassignmentText::tr("Reassign Some");
    case ReassignAction::ReassignAll:
        return ReassignmentText::tr("Reassign All");
    case ReassignAction::UnassignAll:
        return ReassignmentText::tr("Unassign All");
    case ReassignAction::Move:
        return ReassignmentText::tr("Reassign Conversation");
    case ReassignAction::RemoveSender:
        return ReassignmentText::tr("Remove Sender");
    case ReassignAction::Undo:
        return ReassignmentText::tr("Undo");
    }
    return {};
}

std::optional<ReassignScope> parseScopeKey(const QString& key)
{
    for (auto s : {ReassignScope::Bulk, ReassignScope::Sender, ReassignScope::Single, ReassignScope::Selection,
                   ReassignScope::Rule})
        if (scopeKey(s) == key)
            return s;
    return std::nullopt;
}

std::optional<ReassignAction> parseActionKey(const QString& key)
{
    for (auto a : {ReassignAction::ReassignSome, ReassignAction::ReassignAll, ReassignAction::UnassignAll,
                   ReassignAction::Move, ReassignAction::RemoveSender, ReassignAction::Undo})
        if (actionKey(a) == key)
            return a;
    return std::nullopt;
}

QString targetCountsText(const QVector<TargetCount>& targets)
{
    QStringList parts;
    for (const TargetCount& t : targets)
        parts << ReassignmentText::tr("%1 → %2").arg(QLocale().toString(t.count), t.name);
    return parts.join(QStringLiteral(", "));
}

QStringList ReassignResult::skipReasons() const
{
    QStringList reasons;
    if (skippedStatusChanged > 0)
        reasons << ReassignmentText::tr("%1 whose status changed").arg(QLocale().toString(skippedStatusChanged));
    if (skippedMovedElsewhere > 0)
        reasons << ReassignmentText::tr("%1 moved by someone else").arg(QLocale().toString(skippedMovedElsewhere));
    if (skippedSenderGone > 0)
        reasons << ReassignmentText::tr("%1 whose sender left the campaign").arg(QLocale().toString(skippedSenderGone));
    if (skippedHeld > 0)
        reasons << ReassignmentText::tr("%1 held since the preview").arg(QLocale().toString(skippedHeld));
    return reasons;
}

QString ReassignResult::summary() const
{
    QString text = moved == 1 ? ReassignmentText::tr("Moved 1 conversation") : ReassignmentText::tr("Moved %1 conversations").arg(QLocale().toString(moved));
    if (!movedPerTarget.isEmpty())
        text += QStringLiteral(": ") + targetCountsText(movedPerTarget);
    const QStringList skips = skipReasons();
    if (!skips.isEmpty())
        text += QStringLiteral("; ") + ReassignmentText::tr("skipped %1").arg(skips.join(QStringLiteral(", ")));
    if (leftByCap > 0)
        text += QStringLiteral("; ")
            + (leftByCap == 1 ? ReassignmentText::tr("1 stays where it was: every target is at the cap")
                              : ReassignmentText::tr("%1 stay where they were: every target is at the cap")
                                    .arg(QLocale().toString(leftByCap)));
    return text + QLatin1Char('.');
}

} // namespace Handoff
