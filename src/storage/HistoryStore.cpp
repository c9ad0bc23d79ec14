#include "HistoryStore.h"

#include "Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QVariant>

namespace Handoff {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Handoff::HistoryStore", text);
}

enum Skip {
    Keep = 0,
    StatusChanged = 1,
    MovedElsewhere = 2,
    SenderGone = 3,
};

QVariant nullableSender(SenderId id)
{
    return id == UnassignedId ? QVariant(QMetaType::fromType<qint64>()) : QVariant(id);
}

QString perTargetJson(const QVector<TargetCount>& targets)
{
    QJsonArray array;
    for (const TargetCount& t : targets)
        array.append(QJsonObject{{QStringLiteral("id"), t.target}, {QStringLiteral("name"), t.name},
                                 {QStringLiteral("count"), t.count}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QVector<TargetCount> perTargetFromJson(const QString& json)
{
    QVector<TargetCount> targets;
    for (const QJsonValue& v : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        targets << TargetCount{o.value(QStringLiteral("id")).toInteger(), o.value(QStringLiteral("name")).toString(),
                               o.value(QStringLiteral("count")).toInt()};
    }
    return targets;
}

const QString entryColumns = QStringLiteral(
    "a.id, a.campaign_id, a.actor, a.at, a.scope, a.action, a.status_filter, a.source_sender_id,"
    " COALESCE(s.name, ''), a.requested, a.moved, a.per_target, a.skipped_status, a.skipped_moved,"
    " a.skipped_gone, a.undoes, a.undone_by"
    " FROM actions a LEFT JOIN senders s ON s.id = a.source_sender_id");

HistoryEntry readEntry(const QSqlQuery& q)
{
    HistoryEntry e;
    e.id = q.value(0).toLongLong();
    e.campaignId = q.value(1).toLongLong();
    e.actor = q.value(2).toString();
    e.at = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
    e.scope = parseScopeKey(q.value(4).toString()).value_or(ReassignScope::Bulk);
    e.action = parseActionKey(q.value(5).toString()).value_or(ReassignAction::ReassignSome);
    e.status = parseStatusFilter(q.value(6).toString()).value_or(StatusFilter::Any);
    e.source = q.value(7).isNull() ? UnassignedId : q.value(7).toLongLong();
    e.sourceName = e.source == UnassignedId ? QCoreApplication::translate("Handoff::CampaignStore", "Unassigned")
                                            : q.value(8).toString();
    e.requested = q.value(9).toInt();
    e.result.actionId = e.id;
    e.result.moved = q.value(10).toInt();
    e.result.movedPerTarget = perTargetFromJson(q.value(11).toString());
    e.result.skippedStatusChanged = q.value(12).toInt();
    e.result.skippedMovedElsewhere = q.value(13).toInt();
    e.result.skippedSenderGone = q.value(14).toInt();
    e.undoes = q.value(15).isNull() ? 0 : q.value(15).toLongLong();
    e.undoneBy = q.value(16).isNull() ? 0 : q.value(16).toLongLong();
    return e;
}

constexpr int PlanBatch = 400;
} // namespace

bool HistoryStore::fillPlan(const QVector<PlannedMove>& moves)
{
    const QString create = m_db.dialect() == Database::Dialect::Sqlite
        ? QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS move_plan (conversation_id INTEGER PRIMARY KEY,"
                         " from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, skip INTEGER NOT NULL DEFAULT 0)")
        : QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS move_plan (conversation_id BIGINT PRIMARY KEY,"
                         " from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, skip INTEGER NOT NULL DEFAULT 0)");
    if (!m_db.exec(create) || !m_db.exec(QStringLiteral("DELETE FROM move_plan")))
        return false;
    // Many rows a statement: one round trip per batch, not per conversation.
    auto statement = [this](int rows) {
        QString sql = QStringLiteral("INSERT INTO move_plan (conversation_id, from_id, to_id) VALUES (?,?,?)");
        for (int i = 1; i < rows; ++i)
            sql += QStringLiteral(",(?,?,?)");
        return m_db.prepare(sql);
    };
    QSqlQuery full;
    bool fullPrepared = false;
    for (int start = 0; start < moves.size(); start += PlanBatch) {
        const int n = std::min<int>(PlanBatch, int(moves.size()) - start);
        QSqlQuery partial;
        if (n == PlanBatch && !fullPrepared) {
            full = statement(n);
            fullPrepared = true;
        } else if (n != PlanBatch) {
            partial = statement(n);
        }
        QSqlQuery& q = n == PlanBatch ? full : partial;
        for (int i = start; i < start + n; ++i) {
            q.addBindValue(moves[i].conversationId);
            q.addBindValue(moves[i].from);
            q.addBindValue(moves[i].to);
        }
        if (!m_db.exec(q))
            return false;
    }
    return true;
}

Outcome<ReassignResult> HistoryStore::apply(const ActionRecord& record, const QVector<PlannedMove>& moves,
                                            const std::function<QString()>& alsoInside)
{
    auto fail = [this](const QString& what) {
        return Outcome<ReassignResult>::failure(tr("Nothing was moved: %1").arg(what));
    };
    Transaction tx(m_db);
    if (!tx.active())
        return fail(m_db.lastError());

    QSqlQuery campaign = m_db.prepare(QStringLiteral("SELECT archived, name FROM campaigns WHERE id = ?"));
    campaign.addBindValue(record.campaignId);
    if (!m_db.exec(campaign) || !campaign.next())
        return fail(tr("the campaign no longer exists."));
    if (campaign.value(0).toInt() != 0)
        return fail(tr("campaign \"%1\" is archived.").arg(campaign.value(1).toString()));
    campaign.finish();

    if (alsoInside) {
        const QString error = alsoInside();
        if (!error.isEmpty())
            return fail(error);
    }

    if (!fillPlan(moves))
        return fail(m_db.lastError());

    if (m_db.dialect() == Database::Dialect::Postgres) {
        // Hold the chosen rows until commit, so no other manager moves them in between.
        if (!m_db.exec(QStringLiteral("SELECT c.id FROM conversations c JOIN move_plan p ON p.conversation_id = c.id"
                                      " ORDER BY c.id FOR UPDATE OF c")))
            return fail(m_db.lastError());
    }

    QVector<QString> checks;
    checks << QStringLiteral("UPDATE move_plan SET skip = %1 WHERE NOT EXISTS (SELECT 1 FROM conversations c"
                             " WHERE c.id = move_plan.conversation_id AND COALESCE(c.sender_id, 0) = move_plan.from_id)")
                  .arg(MovedElsewhere);
    if (record.status != StatusFilter::Any) {
        const int wanted = int(record.status == StatusFilter::NeedsReply ? ConversationStatus::NeedsReply
                                                                          : ConversationStatus::NotStarted);
        checks << QStringLiteral("UPDATE move_plan SET skip = %1 WHERE skip = 0 AND NOT EXISTS (SELECT 1 FROM"
                                 " conversations c WHERE c.id = move_plan.conversation_id AND c.status = %2)")
                      .arg(StatusChanged)
                      .arg(wanted);
    }
    if (record.action == ReassignAction::Undo) {
        checks << QStringLiteral("UPDATE move_plan SET skip = %1 WHERE skip = 0 AND to_id <> 0 AND NOT EXISTS"
                                 " (SELECT 1 FROM campaign_senders cs WHERE cs.campaign_id = %2"
                                 " AND cs.sender_id = move_plan.to_id)")
                      .arg(SenderGone)
                      .arg(record.campaignId);
    }
    for (const QString& check : checks)
        if (!m_db.exec(check))
            return fail(m_db.lastError());

    ReassignResult result;
    QSqlQuery skips(m_db.connection());
    if (!skips.exec(QStringLiteral("SELECT skip, to_id, COUNT(*) FROM move_plan GROUP BY skip, to_id")))
        return fail(skips.lastError().text());
    QHash<SenderId, int> movedTo;
    while (skips.next()) {
        const int n = skips.value(2).toInt();
        switch (skips.value(0).toInt()) {
        case Keep:
            movedTo[skips.value(1).toLongLong()] += n;
            result.moved += n;
            break;
        case StatusChanged:
            result.skippedStatusChanged += n;
            break;
        case MovedElsewhere:
            result.skippedMovedElsewhere += n;
            break;
        default:
            result.skippedSenderGone += n;
            break;
        }
    }
    skips.finish();

    QVector<SenderId> order = record.targetOrder;
    for (auto it = movedTo.cbegin(); it != movedTo.cend(); ++it)
        if (!order.contains(it.key()))
            order << it.key();
    for (SenderId target : order) {
        QString name = QCoreApplication::translate("Handoff::CampaignStore", "Unassigned");
        if (target != UnassignedId) {
            QSqlQuery n = m_db.prepare(QStringLiteral("SELECT name FROM senders WHERE id = ?"));
            n.addBindValue(target);
            if (m_db.exec(n) && n.next())
                name = n.value(0).toString();
        }
        result.movedPerTarget << TargetCount{target, name, movedTo.value(target)};
    }

    if (!m_db.exec(QStringLiteral("UPDATE conversations SET sender_id = (SELECT NULLIF(p.to_id, 0) FROM move_plan p"
                                  " WHERE p.conversation_id = conversations.id)"
                                  " WHERE id IN (SELECT conversation_id FROM move_plan WHERE skip = 0)")))
        return fail(m_db.lastError());

    QSqlQuery action = m_db.prepare(QStringLiteral(
        "INSERT INTO actions (campaign_id, actor, at, scope, action, status_filter, source_sender_id, requested,"
        " moved, per_target, skipped_status, skipped_moved, skipped_gone, undoes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    action.addBindValue(record.campaignId);
    action.addBindValue(record.actor);
    action.addBindValue(QDateTime::currentMSecsSinceEpoch());
    action.addBindValue(scopeKey(record.scope));
    action.addBindValue(actionKey(record.action));
    action.addBindValue(statusFilterKey(record.status));
    action.addBindValue(nullableSender(record.scope == ReassignScope::Bulk ? UnassignedId : record.source));
    action.addBindValue(record.requested);
    action.addBindValue(result.moved);
    action.addBindValue(perTargetJson(result.movedPerTarget));
    action.addBindValue(result.skippedStatusChanged);
    action.addBindValue(result.skippedMovedElsewhere);
    action.addBindValue(result.skippedSenderGone);
    action.addBindValue(record.undoes == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(record.undoes));
    if (!m_db.exec(action) || !action.next())
        return fail(m_db.lastError());
    result.actionId = action.value(0).toLongLong();
    action.finish();

    QSqlQuery recordMoves = m_db.prepare(QStringLiteral(
        "INSERT INTO action_moves (action_id, conversation_id, from_sender_id, to_sender_id)"
        " SELECT ?, conversation_id, NULLIF(from_id, 0), NULLIF(to_id, 0) FROM move_plan WHERE skip = 0"));
    recordMoves.addBindValue(result.actionId);
    if (!m_db.exec(recordMoves))
        return fail(m_db.lastError());

    if (record.undoes != 0) {
        QSqlQuery undone = m_db.prepare(QStringLiteral("UPDATE actions SET undone_by = ? WHERE id = ?"));
        undone.addBindValue(result.actionId);
        undone.addBindValue(record.undoes);
        if (!m_db.exec(undone))
            return fail(m_db.lastError());
    }

    if (!tx.commit())
        return fail(m_db.lastError());
    return result;
}

QVector<HistoryEntry> HistoryStore::history(qint64 campaignId, int limit) const
{
    QVector<HistoryEntry> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + entryColumns
                               + QStringLiteral(" WHERE a.campaign_id = ? ORDER BY a.id DESC LIMIT ?"));
    q.addBindValue(campaignId);
    q.addBindValue(limit < 0 ? std::numeric_limits<int>::max() : limit);
    if (m_db.exec(q))
        while (q.next())
            result << readEntry(q);
    return result;
}

std::optional<HistoryEntry> HistoryStore::entry(qint64 actionId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + entryColumns + QStringLiteral(" WHERE a.id = ?"));
    q.addBindValue(actionId);
    if (m_db.exec(q) && q.next())
        return readEntry(q);
    return std::nullopt;
}

std::optional<HistoryEntry> HistoryStore::lastUndoable(qint64 campaignId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + entryColumns
                               + QStringLiteral(" WHERE a.campaign_id = ? AND a.action <> 'undo'"
                                                " AND a.undone_by IS NULL ORDER BY a.id DESC LIMIT 1"));
    q.addBindValue(campaignId);
    if (m_db.exec(q) && q.next())
        return readEntry(q);
    return std::nullopt;
}

QVector<PlannedMove> HistoryStore::moves(qint64 actionId) const
{
    QVector<PlannedMove> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT conversation_id, from_sender_id, to_sender_id FROM action_moves"
                                              " WHERE action_id = ? ORDER BY conversation_id"));
    q.addBindValue(actionId);
    if (m_db.exec(q))
        while (q.next())
            result << PlannedMove{q.value(0).toLongLong(), q.value(1).isNull() ? UnassignedId : q.value(1).toLongLong(),
                                  q.value(2).isNull() ? UnassignedId : q.value(2).toLongLong()};
    return result;
}

QVector<HistoryMove> HistoryStore::movesDetailed(qint64 actionId, int offset, int limit) const
{
    QVector<HistoryMove> result;
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT m.conversation_id, ct.first_name, ct.last_name, ct.phone, m.from_sender_id, COALESCE(f.name, ''),"
        " m.to_sender_id, COALESCE(t.name, '')"
        " FROM action_moves m JOIN conversations c ON c.id = m.conversation_id"
        " JOIN contacts ct ON ct.id = c.contact_id"
        " LEFT JOIN senders f ON f.id = m.from_sender_id LEFT JOIN senders t ON t.id = m.to_sender_id"
        " WHERE m.action_id = ? ORDER BY m.conversation_id LIMIT ? OFFSET ?"));
    q.addBindValue(actionId);
    q.addBindValue(limit < 0 ? std::numeric_limits<int>::max() : limit);
    q.addBindValue(offset);
    const QString unassigned = QCoreApplication::translate("Handoff::CampaignStore", "Unassigned");
    if (m_db.exec(q)) {
        while (q.next()) {
            HistoryMove m;
            m.conversationId = q.value(0).toLongLong();
            const QString first = q.value(1).toString();
            const QString last = q.value(2).toString();
            m.contactName = QString(first + QLatin1Char(' ') + last).trimmed();
            m.phone = q.value(3).toString();
            m.from = q.value(4).isNull() ? UnassignedId : q.value(4).toLongLong();
            m.fromName = m.from == UnassignedId ? unassigned : q.value(5).toString();
            m.to = q.value(6).isNull() ? UnassignedId : q.value(6).toLongLong();
            m.toName = m.to == UnassignedId ? unassigned : q.value(7).toString();
            result << m;
        }
    }
    return result;
}

} // namespace Handoff
