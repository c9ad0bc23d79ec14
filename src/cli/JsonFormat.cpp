#include "cli/JsonFormat.h"

#include "core/DisplayText.h"

#include <algorithm>

namespace Handoff {

QJsonObject JsonFormat::statusCounts(const StatusCounts& counts)
{
    return {
        { QStringLiteral("total"), counts.total() },
        { QStringLiteral("needs_reply"), counts.needsReply },
        { QStringLiteral("not_started"), counts.notStarted },
        { QStringLiteral("waiting"), counts.waiting },
        { QStringLiteral("opted_out"), counts.optedOut },
    };
}

QJsonObject JsonFormat::result(const ReassignResult& result)
{
    return {
        { QStringLiteral("action_id"), id(result.actionId) },
        { QStringLiteral("moved"), result.moved },
        { QStringLiteral("per_target"), perTarget(result.movedPerTarget) },
        { QStringLiteral("skipped"),
            QJsonObject { { QStringLiteral("status_changed"), result.skippedStatusChanged },
                { QStringLiteral("moved_elsewhere"), result.skippedMovedElsewhere },
                { QStringLiteral("sender_gone"), result.skippedSenderGone },
                { QStringLiteral("held"), result.skippedHeld } } },
        { QStringLiteral("left_by_cap"), result.leftByCap },
    };
}

QJsonObject JsonFormat::conversation(const Conversation& c)
{
    return {
        { QStringLiteral("id"), c.id },
        { QStringLiteral("contact"), c.contactName() },
        { QStringLiteral("first_name"), c.firstName },
        { QStringLiteral("last_name"), c.lastName },
        { QStringLiteral("phone"), c.phone },
        { QStringLiteral("zip"), c.zip },
        { QStringLiteral("custom_fields"), c.customFields },
        { QStringLiteral("status"), statusKey(c.status) },
        { QStringLiteral("sender"), c.senderId == UnassignedId ? QJsonValue() : QJsonValue(c.senderName) },
        { QStringLiteral("last_activity"), time(c.lastActivity) },
        { QStringLiteral("last_message"), c.lastMessage },
        { QStringLiteral("held"), c.held },
        { QStringLiteral("hold_note"), c.holdNote },
    };
}

QJsonObject JsonFormat::historyEntry(const HistoryEntry& e)
{
    QJsonObject o = result(e.result);
    o.remove(QStringLiteral("action_id"));
    o.insert(QStringLiteral("id"), e.id);
    o.insert(QStringLiteral("at"), time(e.at));
    o.insert(QStringLiteral("actor"), e.actor);
    o.insert(QStringLiteral("scope"), scopeKey(e.scope));
    o.insert(QStringLiteral("action"), actionKey(e.action));
    o.insert(QStringLiteral("status"), statusFilterKey(e.status));
    // A bulk action has no one source; a sender-level one may come from Unassigned.
    o.insert(
        QStringLiteral("from"), e.scope == ReassignScope::Bulk ? QJsonValue() : QJsonValue(e.sourceName));
    o.insert(QStringLiteral("requested"), e.requested);
    o.insert(QStringLiteral("undoes"), id(e.undoes));
    o.insert(QStringLiteral("undone_by"), id(e.undoneBy));
    o.insert(QStringLiteral("note"), e.note);
    return o;
}

QJsonArray JsonFormat::perTarget(const QVector<TargetCount>& targets)
{
    QJsonArray array;
    for (const TargetCount& t : targets)
        array.append(
            QJsonObject { { QStringLiteral("name"), t.name }, { QStringLiteral("count"), t.count } });
    return array;
}

QJsonArray JsonFormat::rejectedLines(const QVector<RejectedLine>& lines)
{
    QJsonArray array;
    for (const RejectedLine& r : lines)
        array.append(
            QJsonObject { { QStringLiteral("line"), r.line }, { QStringLiteral("reason"), r.reason } });
    return array;
}

QJsonValue JsonFormat::time(const QDateTime& at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue JsonFormat::id(qint64 id)
{
    return id == 0 ? QJsonValue() : QJsonValue(id);
}

QString JsonFormat::compact(const QJsonDocument& document)
{
    const QString json = QString::fromUtf8(document.toJson(QJsonDocument::Compact));
    if (std::none_of(json.cbegin(), json.cend(), [](QChar c) { return DisplayText::isShownAsSymbol(c); }))
        return json;
    // Outside strings JSON is ASCII without controls, so any such character is inside
    // a string, where its escape means the same character.
    QString escaped;
    escaped.reserve(json.size() + 16);
    for (const QChar c : json) {
        if (DisplayText::isShownAsSymbol(c))
            escaped += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            escaped += c;
    }
    return escaped;
}

} // namespace Handoff
