#pragma once

#include "core/Outcome.h"
#include "core/Reassignment.h"

#include <QCoreApplication>
#include <QHash>
#include <QVector>

#include <atomic>
#include <functional>
#include <optional>

namespace Handoff {

class Database;

// What an action was, as the history records it before its result is known.
struct ActionRecord
{
    qint64 campaignId = 0;
    QString actor;
    ReassignScope scope = ReassignScope::Bulk;
    ReassignAction action = ReassignAction::ReassignSome;
    StatusFilter status = StatusFilter::Any;
    SenderId source = UnassignedId;
    int requested = 0;
    qint64 undoes = 0;
    QVector<SenderId> targetOrder;   // how the result lists its targets
    // Bulk and sender actions: a conversation held since the plan was made stays.
    bool skipHeld = false;
    int leftByCap = 0;   // what the plan left where it was: every target at the cap
    QString note;
    // Set from another thread (a progress dialog's Cancel): the action then rolls back
    // instead of committing, and nothing has moved.
    const std::atomic<bool>* cancelled = nullptr;
};

// Applies planned moves and keeps the history of every action.
class MoveStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::MoveStore)

public:
    explicit MoveStore(Database& db) : m_db(db) { }

    // One transaction: runs `alsoInside` first (re-checks and membership changes; it
    // returns an error message, or empty to go on), re-checks each conversation (still
    // with the sender the plan saw, status still matching; for an undo, the sender it
    // returns to still on the campaign), moves those that pass and records the action
    // with its moves. Any failure rolls everything back; a deadlock or serialisation
    // failure runs the whole transaction again. On PostgreSQL the campaign, the targets'
    // memberships and the chosen conversations are locked first (docs/concurrency.md).
    Outcome<ReassignResult> apply(const ActionRecord& record, const QVector<PlannedMove>& moves,
                                  const std::function<QString()>& alsoInside = {});
    // apply() for an undo of action record.undoes: its recorded moves, each back where it
    // came from, read by the store itself. The targets follow the history's order.
    Outcome<ReassignResult> applyUndo(const ActionRecord& record, const std::function<QString()>& alsoInside = {});

    QVector<HistoryEntry> history(qint64 campaignId, int limit = -1) const;
    std::optional<HistoryEntry> entry(qint64 actionId) const;
    // The newest action of the campaign that is not an undo and was not undone.
    std::optional<HistoryEntry> lastUndoable(qint64 campaignId) const;
    // The action's moves in conversation order, from the offset-th. The offset is
    // skipped in the moves' own index, so a page deep in a big action costs little more
    // than the first.
    QVector<HistoryMove> movesDetailed(qint64 actionId, int offset = 0, int limit = -1) const;
    int moveCount(qint64 actionId) const;

private:
    // moves null: the undo of record.undoes.
    Outcome<ReassignResult> applyOnce(const ActionRecord& record, const QVector<PlannedMove>* moves,
                                      const std::function<QString()>& alsoInside, bool* transient);
    // The moves themselves and their history, on each kind of store: false on a failure,
    // with *error set when it is not the database's own.
    bool moveOnServer(const ActionRecord& record, const QVector<PlannedMove>* moves, ReassignResult* result,
                      QString* error);
    bool recordOnServer(const ActionRecord& record, const QString& plan, const QString& planIds, int requested, const QVector<SenderId>& order,
                        ReassignResult* result, QString* error);
    bool moveInFile(const ActionRecord& record, const QVector<PlannedMove>* moves, ReassignResult* result,
                    QString* error);
    // The result's per-target counts with the targets' names, in `order` and then any
    // other target that received conversations.
    void listTargets(QVector<SenderId> order, const QHash<SenderId, int>& movedTo, ReassignResult* result) const;
    // SQLite: the plan into the temporary table move_plan.
    bool fillPlan(const QVector<PlannedMove>* moves, qint64 undoes, int* planned);
    bool fillPlanRows(const QVector<PlannedMove>* moves, qint64 undoes, int* planned);
    Database& m_db;
};

} // namespace Handoff
