#include "storage/MoveStore.h"

#include "core/Actor.h"
#include "core/Clock.h"
#include "storage/Database.h"
#include "storage/Schema.h"
#include "storage/SqliteStatement.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QVariant>

namespace Handoff {

namespace {
enum Skip {
    Keep = 0,
    StatusChanged = 1,
    MovedElsewhere = 2,
    SenderGone = 3,
    Held = 4,
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

// What a planned move must still meet when its conversation is locked, each with the
// reason reported when it does not, in the order the reasons are tried: still with the
// sender the plan saw, still in the status the action asked for, going to Unassigned
// or to a sender still on the campaign. Written over `c` (the conversation, as it is
// now) and `p` (its row of move_plan). Every path that moves reads them from here.
struct Recheck
{
    QString holds;
    Skip reason;
};

QVector<Recheck> rechecks(const ActionRecord& record)
{
    QVector<Recheck> checks;
    checks << Recheck{QStringLiteral("COALESCE(c.sender_id, 0) = p.from_id"), MovedElsewhere};
    if (record.status != StatusFilter::Any) {
        const int wanted = int(record.status == StatusFilter::NeedsReply ? ConversationStatus::NeedsReply
                                                                         : ConversationStatus::NotStarted);
        checks << Recheck{QStringLiteral("c.status = %1").arg(wanted), StatusChanged};
    }
    // Bulk, sender and rule actions leave a conversation held since the plan where it is.
    if (record.skipHeld)
        checks << Recheck{QStringLiteral("c.held = 0"), Held};
    // The memberships were locked (PostgreSQL) in an earlier statement, so this
    // sub-select reads a state that cannot change under the action.
    checks << Recheck{QStringLiteral("(p.to_id = 0 OR p.to_id IN (SELECT cs.sender_id FROM campaign_senders cs"
                                     " WHERE cs.campaign_id = %1))")
                          .arg(record.campaignId),
                      SenderGone};
    return checks;
}

// The first reason a move may no longer happen, or Keep.
QString skipReason(const QVector<Recheck>& checks)
{
    QString sql = QStringLiteral("CASE");
    for (const Recheck& check : checks)
        sql += QStringLiteral(" WHEN NOT (%1) THEN %2").arg(check.holds).arg(int(check.reason));
    return sql + QStringLiteral(" ELSE %1 END").arg(int(Keep));
}

// Whether every recheck holds.
QString allHold(const QVector<Recheck>& checks)
{
    QStringList all;
    for (const Recheck& check : checks)
        all << QStringLiteral("(%1)").arg(check.holds);
    return all.join(QStringLiteral(" AND "));
}

const QString entryColumns = QStringLiteral(
    "a.id, a.campaign_id, a.actor, a.at, a.scope, a.action, a.status_filter, a.source_sender_id,"
    " COALESCE(s.name, ''), a.requested, a.moved, a.per_target, a.skipped_status, a.skipped_moved,"
    " a.skipped_gone, a.undoes, a.undone_by, a.note, a.skipped_held, a.left_by_cap"
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
    e.note = q.value(17).toString();
    e.result.skippedHeld = q.value(18).toInt();
    e.result.leftByCap = q.value(19).toInt();
    return e;
}

} // namespace

bool MoveStore::fillPlan(const QVector<PlannedMove>* moves, qint64 undoes, int* planned)
{
    if (!m_db.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS move_plan (conversation_id INTEGER PRIMARY KEY,"
                                  " from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, skip INTEGER NOT NULL DEFAULT 0)"))
        || !m_db.exec(QStringLiteral("DELETE FROM move_plan")))
        return false;
    return fillPlanRows(moves, undoes, planned);
}

bool MoveStore::fillPlanRows(const QVector<PlannedMove>* moves, qint64 undoes, int* planned)
{
    if (!moves) {
        // An undo: the recorded moves, each back where it came from, straight from the
        // history into the plan.
        QSqlQuery q = m_db.prepare(QStringLiteral(
            "INSERT INTO move_plan (conversation_id, from_id, to_id) SELECT conversation_id,"
            " COALESCE(to_sender_id, 0), COALESCE(from_sender_id, 0) FROM action_moves WHERE action_id = ?"));
        q.addBindValue(undoes);
        if (!m_db.exec(q))
            return false;
        *planned = q.numRowsAffected();
        return true;
    }
    *planned = int(moves->size());
    if (moves->isEmpty())
        return true;
    // In id order, the plan's key is appended to rather than inserted into.
    QVector<PlannedMove> byId = *moves;
    std::sort(byId.begin(), byId.end(),
              [](const PlannedMove& a, const PlannedMove& b) { return a.conversationId < b.conversationId; });
    // One row a step of a statement prepared once on the connection's own handle: no
    // QVariant per value, no placeholder looked up by name.
    SqliteStatement insert(m_db, QStringLiteral("INSERT INTO move_plan (conversation_id, from_id, to_id) VALUES (?, ?, ?)"));
    if (!insert.isValid())
        return false;
    for (const PlannedMove& m : std::as_const(byId)) {
        insert.bind(1, m.conversationId);
        insert.bind(2, m.from);
        insert.bind(3, m.to);
        if (!insert.run())
            return false;
    }
    return true;
}

Outcome<ReassignResult> MoveStore::apply(const ActionRecord& record, const QVector<PlannedMove>& moves,
                                            const std::function<QString()>& alsoInside)
{
    // PostgreSQL may end a transaction to break a deadlock (an event file recording
    // messages in its own order while we lock in id order).
    return Database::retryTransient<ReassignResult>(
        [&](bool* transient) { return applyOnce(record, &moves, alsoInside, transient); });
}

Outcome<ReassignResult> MoveStore::applyUndo(const ActionRecord& record, const std::function<QString()>& alsoInside)
{
    return Database::retryTransient<ReassignResult>(
        [&](bool* transient) { return applyOnce(record, nullptr, alsoInside, transient); });
}

Outcome<ReassignResult> MoveStore::applyOnce(const ActionRecord& record, const QVector<PlannedMove>* moves,
                                                const std::function<QString()>& alsoInside, bool* transient)
{
    auto fail = [](const QString& what) {
        return Outcome<ReassignResult>::failure(MoveStore::tr("Nothing was moved: %1").arg(what));
    };
    auto failDb = [this, transient, &fail]() {
        *transient = m_db.lastErrorIsTransient();
        return fail(m_db.lastError());
    };
    const bool postgres = m_db.dialect() == Database::Dialect::Postgres;
    Transaction tx(m_db);
    if (!tx.active())
        return failDb();

    // FOR SHARE: the campaign cannot be archived under a running action (actions do
    // not block each other on it). SQLite's write lock already excludes everyone.
    // The statements of an action hold only numbers, written into them: each is one
    // round trip (a prepared one is three with Qt's PostgreSQL driver).
    QSqlQuery campaign;
    if (!m_db.execDirect(campaign, QStringLiteral("SELECT archived, name FROM campaigns WHERE id = %1").arg(record.campaignId)
                                       + (postgres ? QStringLiteral(" FOR SHARE") : QString())))
        return failDb();
    if (!campaign.next())
        return fail(MoveStore::tr("the campaign no longer exists."));
    if (campaign.value(0).toInt() != 0)
        return fail(MoveStore::tr("campaign \"%1\" is archived.").arg(campaign.value(1).toString()));
    campaign.finish();

    if (record.undoes != 0) {
        // Two managers undoing the same action at once: the second waits here, then
        // sees it undone.
        QSqlQuery undone;
        if (!m_db.execDirect(undone, QStringLiteral("SELECT undone_by FROM actions WHERE id = %1").arg(record.undoes)
                                         + (postgres ? QStringLiteral(" FOR UPDATE") : QString())))
            return failDb();
        if (!undone.next())
            return fail(MoveStore::tr("there is no action %1 in the history.").arg(record.undoes));
        if (!undone.value(0).isNull())
            return fail(MoveStore::tr("action %1 was already undone, by action %2.")
                            .arg(record.undoes)
                            .arg(undone.value(0).toLongLong()));
        undone.finish();
    }

    if (alsoInside) {
        const QString error = alsoInside();
        if (!error.isEmpty()) {
            if (m_db.connectionLost())
                return failDb();
            return fail(error);
        }
    }

    ReassignResult result;
    QString error;
    if (!(postgres ? moveOnServer(record, moves, &result, &error) : moveInFile(record, moves, &result, &error)))
        return error.isEmpty() ? failDb() : fail(error);

    // The last moment a Cancel can still leave everything as it was.
    if (record.cancelled && record.cancelled->load())
        return fail(MoveStore::tr("the action was cancelled."));
    if (!tx.commit()) {
        // The connection broke after COMMIT was sent: the server may have committed.
        if (m_db.connectionLost())
            return Outcome<ReassignResult>::failure(
                MoveStore::tr("The connection to the server was lost while the action was being saved; it either happened"
                   " completely or not at all. Look at the history to see which. (%1)")
                    .arg(m_db.lastError()));
        return failDb();
    }
    return result;
}

namespace {
void countOutcome(int skip, SenderId to, int n, ReassignResult* result, QHash<SenderId, int>* movedTo)
{
    switch (skip) {
    case Keep:
        (*movedTo)[to] += n;
        result->moved += n;
        break;
    case StatusChanged:
        result->skippedStatusChanged += n;
        break;
    case MovedElsewhere:
        result->skippedMovedElsewhere += n;
        break;
    case Held:
        result->skippedHeld += n;
        break;
    default:
        result->skippedSenderGone += n;
        break;
    }
}

// A PostgreSQL array of numbers, as a literal.
QString bigintArray(const QVector<qint64>& values)
{
    QString text;
    text.reserve(values.size() * 8 + 16);
    text += QStringLiteral("'{");
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            text += QLatin1Char(',');
        text += QString::number(values[i]);
    }
    return text + QStringLiteral("}'::bigint[]");
}
} // namespace

void MoveStore::listTargets(QVector<SenderId> order, const QHash<SenderId, int>& movedTo, ReassignResult* result) const
{
    for (auto it = movedTo.cbegin(); it != movedTo.cend(); ++it)
        if (!order.contains(it.key()))
            order << it.key();
    // Every target's name in one round trip (a hundred targets are common).
    QHash<SenderId, QString> names;
    QStringList ids;
    for (SenderId target : std::as_const(order))
        if (target != UnassignedId)
            ids << QString::number(target);
    if (!ids.isEmpty()) {
        QSqlQuery n(m_db.connection());
        n.setForwardOnly(true);
        if (n.exec(QStringLiteral("SELECT id, name FROM senders WHERE id IN (%1)").arg(ids.join(QLatin1Char(',')))))
            while (n.next())
                names.insert(n.value(0).toLongLong(), n.value(1).toString());
    }
    for (SenderId target : std::as_const(order)) {
        const QString name = target == UnassignedId
            ? QCoreApplication::translate("Handoff::CampaignStore", "Unassigned")
            : names.value(target);
        result->movedPerTarget << TargetCount{target, name, movedTo.value(target)};
    }
}

bool MoveStore::moveOnServer(const ActionRecord& record, const QVector<PlannedMove>* moves, ReassignResult* result,
                             QString* error)
{
    // The plan, as rows of (conversation_id, from_id, to_id): the planned moves written
    // into the statement as arrays, or an undo's recorded moves, each back where it came
    // from, read straight from the history.
    QString plan;
    QString planIds;   // the plan's conversations, as an array
    int requested = 0;
    QVector<SenderId> order = record.targetOrder;
    QVector<SenderId> targets;
    if (moves) {
        QVector<PlannedMove> byId = *moves;
        if (record.action == ReassignAction::RemoveSender) {
            // The plan was read before the sender left; what was given to them since (by
            // actions that held their membership) goes to Unassigned as well. Their
            // membership is gone now: nothing more can be given to them.
            QSet<qint64> planned;
            for (const PlannedMove& m : std::as_const(byId))
                planned.insert(m.conversationId);
            QSqlQuery sweep;
            if (!m_db.execDirect(sweep, QStringLiteral("SELECT id FROM conversations WHERE campaign_id = %1 AND sender_id = %2")
                                            .arg(record.campaignId)
                                            .arg(record.source)))
                return false;
            while (sweep.next())
                if (!planned.contains(sweep.value(0).toLongLong()))
                    byId << PlannedMove{sweep.value(0).toLongLong(), record.source, UnassignedId};
            sweep.finish();
        }
        std::sort(byId.begin(), byId.end(),
                  [](const PlannedMove& a, const PlannedMove& b) { return a.conversationId < b.conversationId; });
        QVector<qint64> ids, from, to;
        ids.reserve(byId.size());
        from.reserve(byId.size());
        to.reserve(byId.size());
        for (const PlannedMove& m : std::as_const(byId)) {
            ids << m.conversationId;
            from << m.from;
            to << m.to;
            if (m.to != UnassignedId && !targets.contains(m.to))
                targets << m.to;
        }
        requested = int(byId.size());
        plan = QStringLiteral("SELECT * FROM unnest(%1, %2, %3) AS p (conversation_id, from_id, to_id)")
                   .arg(bigintArray(ids), bigintArray(from), bigintArray(to));
        planIds = bigintArray(ids);
    } else {
        // An undo lists its targets (where the conversations came from) in the order the
        // history first names them.
        QSqlQuery sources;
        if (!m_db.execDirect(sources, QStringLiteral("SELECT COALESCE(from_sender_id, 0), COUNT(*) FROM action_moves"
                                                     " WHERE action_id = %1 GROUP BY COALESCE(from_sender_id, 0)"
                                                     " ORDER BY MIN(conversation_id)")
                                          .arg(record.undoes)))
            return false;
        while (sources.next()) {
            const SenderId source = sources.value(0).toLongLong();
            requested += sources.value(1).toInt();
            if (!order.contains(source))
                order << source;
            if (source != UnassignedId)
                targets << source;
        }
        sources.finish();
        plan = QStringLiteral("SELECT conversation_id, COALESCE(to_sender_id, 0) AS from_id,"
                              " COALESCE(from_sender_id, 0) AS to_id FROM action_moves WHERE action_id = %1")
                   .arg(record.undoes);
        planIds = QStringLiteral("ARRAY(SELECT conversation_id FROM action_moves WHERE action_id = %1)").arg(record.undoes);
    }
    // Locks are taken in one order everywhere: campaign, action, memberships (sorted),
    // conversations (sorted by id), so two actions wait for each other, never deadlock.
    // A target cannot leave the campaign until this action commits; one that left before
    // is seen by the SenderGone check.
    if (!targets.isEmpty()) {
        std::sort(targets.begin(), targets.end());
        QStringList list;
        for (SenderId t : std::as_const(targets))
            list << QString::number(t);
        QSqlQuery members;
        if (!m_db.execDirect(members, QStringLiteral(
                "SELECT COUNT(*) FROM (SELECT cs.sender_id FROM campaign_senders cs WHERE cs.campaign_id = %1"
                " AND cs.sender_id IN (%2) ORDER BY cs.sender_id FOR SHARE) locked")
                                         .arg(record.campaignId)
                                         .arg(list.join(QLatin1Char(',')))))
            return false;
        members.finish();
    }
    return recordOnServer(record, plan, planIds, requested, order, result, error);
}

bool MoveStore::recordOnServer(const ActionRecord& record, const QString& plan, const QString& planIds, int requested,
                               const QVector<SenderId>& order, ReassignResult* result, QString* error)
{
    // One statement locks, re-checks, moves and records, in id order. Every planned row
    // still there is written: one that passes its re-check gets its new sender, one that
    // fails keeps the sender it has (the write only locks it, so that its reason stays
    // true until the action commits). A row another transaction changed is read again at
    // its latest version once its lock is granted, and both the check and the new value
    // come from that version. What the row holds after the write tells the outcome: the
    // target when it moved, and otherwise what it had, from which the reason is read. A
    // row that fails its re-check and is already with the target is the one case that
    // cannot be told from a move: it is left unwritten, and counted as moved elsewhere,
    // with the conversations that no longer exist (what was planned and not written).
    //
    // The plan's conversations are found by their ids as one array (`c.id = ANY (…)`, an
    // index scan of the primary key in id order) and the plan is sorted by id: joined by
    // a merge or a nested loop (the only joins allowed below), the rows come, and are
    // locked, in id order. Joined to the plan alone, the planner (which takes a random
    // read for four times a sequential one) read all the campaign's conversations for a
    // plan of a few thousand. The planned moves' ids are written as a literal, so that
    // the planner knows how many there are.
    //
    // The same statement adds the action to the history, with its counts, once every row
    // is written (its id is taken then, so the history lists actions that wait for each
    // other in the order they committed), and the moves that happened, from what the
    // update returned. The actor, the note and the per-target counts, which need the
    // targets' names, follow in a statement with bound values.
    const QVector<Recheck> checks = rechecks(record);
    const QString holds = allHold(checks);
    auto key = [](const QString& k) {
        Q_ASSERT(!k.contains(QLatin1Char('\'')));
        return QStringLiteral("'%1'").arg(k);
    };
    const QString source = record.scope == ReassignScope::Bulk || record.source == UnassignedId
        ? QStringLiteral("NULL")
        : QString::number(record.source);
    const QString undoes = record.undoes == 0 ? QStringLiteral("NULL") : QString::number(record.undoes);
    const QString sql =
        QStringLiteral("WITH written AS (UPDATE conversations c SET sender_id = CASE WHEN ")
        + holds
        + QStringLiteral(" THEN NULLIF(p.to_id, 0) ELSE c.sender_id END FROM (") + plan
        + QStringLiteral(" ORDER BY conversation_id) p WHERE p.conversation_id = c.id AND c.id = ANY (") + planIds
        + QStringLiteral(") AND (")
        + holds
        + QStringLiteral(" OR COALESCE(c.sender_id, 0) <> p.to_id)"
                         " RETURNING p.conversation_id, p.from_id, p.to_id,"
                         " CASE WHEN COALESCE(c.sender_id, 0) = p.to_id THEN %1 ELSE ")
              .arg(int(Keep))
        + skipReason(checks)
        + QStringLiteral(
              " END AS skip),"
              " outcome AS (SELECT skip, to_id, COUNT(*) AS n FROM written GROUP BY skip, to_id),"
              " act AS (INSERT INTO actions (campaign_id, actor, at, scope, action, status_filter, source_sender_id,"
              "  requested, moved, skipped_status, skipped_moved, skipped_gone, undoes, note, skipped_held, left_by_cap)"
              "  SELECT %1, '', %2, %3, %4, %5, %6, %7, COALESCE(SUM(n) FILTER (WHERE skip = %8), 0),"
              "  COALESCE(SUM(n) FILTER (WHERE skip = %9), 0),"
              "  %7 - COALESCE(SUM(n), 0) + COALESCE(SUM(n) FILTER (WHERE skip = %10), 0),"
              "  COALESCE(SUM(n) FILTER (WHERE skip = %11), 0), %12, '', COALESCE(SUM(n) FILTER (WHERE skip = %13), 0),"
              "  %14 FROM outcome RETURNING id),"
              " recorded AS (INSERT INTO action_moves (action_id, conversation_id, from_sender_id, to_sender_id)"
              "  SELECT a.id, w.conversation_id, NULLIF(w.from_id, 0), NULLIF(w.to_id, 0) FROM act a, written w"
              "  WHERE w.skip = %8)")
              .arg(record.campaignId)
              .arg(Clock::nowUtc().toMSecsSinceEpoch())
              .arg(key(scopeKey(record.scope)), key(actionKey(record.action)), key(statusFilterKey(record.status)), source)
              .arg(requested)
              .arg(int(Keep))
              .arg(int(StatusChanged))
              .arg(int(MovedElsewhere))
              .arg(int(SenderGone))
              .arg(undoes)
              .arg(int(Held))
              .arg(record.leftByCap)
        + (record.undoes == 0 ? QString()
                              : QStringLiteral(", undone AS (UPDATE actions SET undone_by = (SELECT id FROM act) WHERE id = %1)")
                                    .arg(record.undoes))
        + QStringLiteral(" SELECT a.id, o.skip, o.to_id, o.n FROM act a LEFT JOIN outcome o ON true");
    // Only paths that keep id order: an index scan of the conversations, and a merge or
    // nested-loop join. A bitmap scan returns its rows in page order, a sequential scan
    // in table order, and a hash join in its probe side's order (or batch by batch, when
    // the hash outgrows memory). Each of the allowed paths always exists for this
    // statement, so the planner never falls back to a forbidden one. Until the
    // transaction ends.
    //
    // The history's moves come from what the UPDATE returned: conversations this
    // statement has just written and holds locked. Its transaction says so for this one
    // statement, and the schema's reference check does not probe each of them again.
    QSqlQuery ordered;
    if (!m_db.execDirect(ordered, QStringLiteral("SELECT set_config('enable_hashjoin', 'off', true),"
                                                 " set_config('enable_bitmapscan', 'off', true),"
                                                 " set_config('enable_seqscan', 'off', true),"
                                                 " set_config('%1', 'on', true)")
                                      .arg(QLatin1String(Schema::HistoryFromUpdate))))
        return false;
    ordered.finish();
    QSqlQuery move;
    if (!m_db.execDirect(move, sql))
        return false;
    QHash<SenderId, int> movedTo;
    int written = 0;
    while (move.next()) {
        result->actionId = move.value(0).toLongLong();
        if (move.value(1).isNull())
            continue;
        const int n = move.value(3).toInt();
        written += n;
        countOutcome(move.value(1).toInt(), move.value(2).toLongLong(), n, result, &movedTo);
    }
    move.finish();
    if (!m_db.execDirect(ordered, QStringLiteral("SELECT set_config('%1', 'off', true)")
                                      .arg(QLatin1String(Schema::HistoryFromUpdate))))
        return false;
    ordered.finish();
    if (written > requested) {
        *error = MoveStore::tr("%1 conversations were planned but %2 were accounted for.").arg(requested).arg(written);
        return false;
    }
    result->skippedMovedElsewhere += requested - written;
    result->leftByCap = record.leftByCap;
    listTargets(order, movedTo, result);

    // Who acted: the name the controller gives, else the one rule for everybody.
    QSqlQuery named = m_db.prepare(QStringLiteral("UPDATE actions SET actor = ?, note = ?, per_target = ? WHERE id = ?"));
    named.addBindValue(Actor::resolve(record.actor, m_db.role()));
    named.addBindValue(record.note.isNull() ? QStringLiteral("") : record.note);
    named.addBindValue(perTargetJson(result->movedPerTarget));
    named.addBindValue(result->actionId);
    return m_db.exec(named);
}

bool MoveStore::moveInFile(const ActionRecord& record, const QVector<PlannedMove>* moves, ReassignResult* out,
                           QString* error)
{
    ReassignResult& result = *out;
    int requested = 0;
    if (!fillPlan(moves, record.undoes, &requested))
        return false;

    const int planned = requested;
    if (record.action == ReassignAction::RemoveSender) {
        // The plan was read before the sender left; what was given to them since goes to
        // Unassigned as well.
        QSqlQuery sweep = m_db.prepare(QStringLiteral(
            "INSERT INTO move_plan (conversation_id, from_id, to_id) SELECT id, sender_id, 0 FROM conversations"
            " WHERE campaign_id = ? AND sender_id = ? AND id NOT IN (SELECT conversation_id FROM move_plan)"));
        sweep.addBindValue(record.campaignId);
        sweep.addBindValue(record.source);
        if (!m_db.exec(sweep))
            return false;
        requested += sweep.numRowsAffected();
    }

    const QVector<Recheck> checks = rechecks(record);
    QHash<SenderId, int> movedTo;
    // SQLite's write lock already holds everything. Almost always nothing changed since
    // the plan: one statement moves every conversation that still may, and when that is
    // all of them there is nothing to sort out. Otherwise it is undone, and each
    // conversation's reason found first.
    if (!m_db.exec(QStringLiteral("SAVEPOINT move_all")))
        return false;
    QSqlQuery moveAll = m_db.prepare(
        QStringLiteral("UPDATE conversations SET sender_id = (SELECT NULLIF(p.to_id, 0) FROM move_plan p"
                       " WHERE p.conversation_id = conversations.id)"
                       " WHERE id IN (SELECT p.conversation_id FROM move_plan p"
                       // CROSS JOIN: SQLite keeps the plan as the outer loop, rather than
                       // scanning the campaign's conversations for the plan's rows.
                       " CROSS JOIN conversations c ON c.id = p.conversation_id WHERE ")
        + allHold(checks) + QStringLiteral(")"));
    if (!m_db.exec(moveAll))
        return false;
    const bool allMoved = moveAll.numRowsAffected() == requested;
    moveAll.finish();
    if (!allMoved && !m_db.exec(QStringLiteral("ROLLBACK TO SAVEPOINT move_all")))
        return false;
    if (!m_db.exec(QStringLiteral("RELEASE SAVEPOINT move_all")))
        return false;

    if (allMoved && requested == planned && moves) {
        // Nothing skipped, nothing added: the plan itself says where each went.
        for (const PlannedMove& m : *moves)
            ++movedTo[m.to];
        result.moved = int(moves->size());
    } else {
        if (!allMoved) {
            const QString moveKept = QStringLiteral(
                "UPDATE conversations SET sender_id = (SELECT NULLIF(p.to_id, 0) FROM move_plan p"
                " WHERE p.conversation_id = conversations.id)"
                " WHERE id IN (SELECT conversation_id FROM move_plan WHERE skip = 0)");
            QSqlQuery check = m_db.prepare(
                QStringLiteral("UPDATE move_plan AS p SET skip = COALESCE((SELECT ") + skipReason(checks)
                + QStringLiteral(" FROM conversations c WHERE c.id = p.conversation_id), %1)").arg(int(MovedElsewhere)));
            if (!m_db.exec(check) || !m_db.exec(moveKept))
                return false;
        }
        QSqlQuery skips(m_db.connection());
        if (!skips.exec(QStringLiteral("SELECT skip, to_id, COUNT(*) FROM move_plan GROUP BY skip, to_id"))) {
            *error = skips.lastError().text();
            return false;
        }
        while (skips.next())
            countOutcome(skips.value(0).toInt(), skips.value(1).toLongLong(), skips.value(2).toInt(), &result, &movedTo);
        skips.finish();
    }

    QVector<SenderId> order = record.targetOrder;
    if (!moves) {
        // An undo lists its targets (where the conversations came from) in the order
        // the history first names them.
        QSqlQuery targets = m_db.prepare(QStringLiteral(
            "SELECT COALESCE(from_sender_id, 0) FROM action_moves WHERE action_id = ?"
            " GROUP BY COALESCE(from_sender_id, 0) ORDER BY MIN(conversation_id)"));
        targets.addBindValue(record.undoes);
        if (!m_db.exec(targets))
            return false;
        while (targets.next())
            if (!order.contains(targets.value(0).toLongLong()))
                order << targets.value(0).toLongLong();
    }
    listTargets(order, movedTo, &result);

    // Who acted: the name the controller gives, else the one rule for everybody.
    const QString actor = Actor::resolve(record.actor, m_db.role());
    QSqlQuery action = m_db.prepare(QStringLiteral(
        "INSERT INTO actions (campaign_id, actor, at, scope, action, status_filter, source_sender_id, requested,"
        " moved, per_target, skipped_status, skipped_moved, skipped_gone, undoes, note, skipped_held, left_by_cap)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    action.addBindValue(record.campaignId);
    action.addBindValue(actor);
    action.addBindValue(Clock::nowUtc().toMSecsSinceEpoch());
    action.addBindValue(scopeKey(record.scope));
    action.addBindValue(actionKey(record.action));
    action.addBindValue(statusFilterKey(record.status));
    action.addBindValue(nullableSender(record.scope == ReassignScope::Bulk ? UnassignedId : record.source));
    action.addBindValue(requested);
    action.addBindValue(result.moved);
    action.addBindValue(perTargetJson(result.movedPerTarget));
    action.addBindValue(result.skippedStatusChanged);
    action.addBindValue(result.skippedMovedElsewhere);
    action.addBindValue(result.skippedSenderGone);
    action.addBindValue(record.undoes == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(record.undoes));
    action.addBindValue(record.note.isNull() ? QStringLiteral("") : record.note);
    action.addBindValue(result.skippedHeld);
    result.leftByCap = record.leftByCap;
    action.addBindValue(result.leftByCap);
    if (!m_db.exec(action) || !action.next())
        return false;
    result.actionId = action.value(0).toLongLong();
    action.finish();

    QSqlQuery recordMoves;
    if (!m_db.execDirect(recordMoves, QStringLiteral(
            "INSERT INTO action_moves (action_id, conversation_id, from_sender_id, to_sender_id)"
            " SELECT %1, conversation_id, NULLIF(from_id, 0), NULLIF(to_id, 0) FROM move_plan WHERE skip = 0")
                                          .arg(result.actionId)))
        return false;

    if (record.undoes != 0) {
        QSqlQuery undone;
        if (!m_db.execDirect(undone, QStringLiteral("UPDATE actions SET undone_by = %1 WHERE id = %2")
                                         .arg(result.actionId)
                                         .arg(record.undoes)))
            return false;
    }
    return true;
}

QVector<HistoryEntry> MoveStore::history(qint64 campaignId, int limit) const
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

std::optional<HistoryEntry> MoveStore::entry(qint64 actionId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + entryColumns + QStringLiteral(" WHERE a.id = ?"));
    q.addBindValue(actionId);
    if (m_db.exec(q) && q.next())
        return readEntry(q);
    return std::nullopt;
}

std::optional<HistoryEntry> MoveStore::lastUndoable(qint64 campaignId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + entryColumns
                               + QStringLiteral(" WHERE a.campaign_id = ? AND a.action <> 'undo'"
                                                " AND a.undone_by IS NULL ORDER BY a.id DESC LIMIT 1"));
    q.addBindValue(campaignId);
    if (m_db.exec(q) && q.next())
        return readEntry(q);
    return std::nullopt;
}

int MoveStore::moveCount(qint64 actionId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM action_moves WHERE action_id = ?"));
    q.addBindValue(actionId);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
}

QVector<HistoryMove> MoveStore::movesDetailed(qint64 actionId, int offset, int limit) const
{
    QVector<HistoryMove> result;
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT m.conversation_id, ct.first_name, ct.last_name, ct.phone, m.from_sender_id, COALESCE(f.name, ''),"
        " m.to_sender_id, COALESCE(t.name, '')"
        " FROM action_moves m JOIN conversations c ON c.id = m.conversation_id"
        " JOIN contacts ct ON ct.id = c.contact_id"
        " LEFT JOIN senders f ON f.id = m.from_sender_id LEFT JOIN senders t ON t.id = m.to_sender_id"
        " WHERE m.action_id = ? AND m.conversation_id >= (SELECT conversation_id FROM action_moves"
        " WHERE action_id = ? ORDER BY conversation_id LIMIT 1 OFFSET ?)"
        " ORDER BY m.conversation_id LIMIT ?"));
    q.addBindValue(actionId);
    q.addBindValue(actionId);
    q.addBindValue(offset);
    q.addBindValue(limit < 0 ? std::numeric_limits<int>::max() : limit);
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
