#pragma once

#include "core/Campaign.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QVector>

namespace Handoff {

// The translation context of the texts below, which belong to no class.
class ReassignmentText
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Reassignment)
};

enum class ReassignScope {
    Bulk,
    Sender,
    Single,
    Selection,   // conversations the manager picked by hand (rows selected or dragged)
    Rule,        // conversations a sweep rule chose; held ones are skipped, as in bulk
};

enum class ReassignAction {
    ReassignSome,
    ReassignAll,
    UnassignAll,
    Move,          // one conversation, to a sender or to Unassigned
    RemoveSender,  // a sender left the campaign; their conversations went to Unassigned
    Undo,
};

QString scopeKey(ReassignScope scope);
QString scopeLabel(ReassignScope scope);
QString actionKey(ReassignAction action);
QString actionLabel(ReassignAction action);
std::optional<ReassignScope> parseScopeKey(const QString& key);
std::optional<ReassignAction> parseActionKey(const QString& key);

struct ReassignRequest
{
    qint64 campaignId = 0;
    ReassignScope scope = ReassignScope::Bulk;
    ReassignAction action = ReassignAction::ReassignSome;
    StatusFilter status = StatusFilter::Any;
    SenderId source = UnassignedId;  // Sender scope: whose conversations (Unassigned allowed)
    qint64 conversationId = 0;        // Single scope
    int count = 0;                    // ReassignSome
    QVector<SenderId> targets;        // in the order the user chose them
    QVector<qint64> conversationIds;  // Selection scope, in the order given

    // Narrowing (Bulk and Sender scopes): only conversations whose last activity is at
    // least this many seconds old (0: any age); held conversations only when included.
    // Single and Selection scopes move held conversations regardless: the manager chose them.
    qint64 olderThanSeconds = 0;
    bool includeHeld = false;

    // Load: balance sends each conversation to the target then holding the fewest open
    // (Not Started + Needs Reply) conversations of the campaign, ties in target order;
    // off, the round-robin of FairSplit. cap > 0: no target ends holding more than cap
    // open conversations; what does not fit stays where it is.
    bool balance = false;
    int cap = 0;

    QString note;   // shown with the action in the history ("Ana's shift ended")
};

struct PlannedMove
{
    qint64 conversationId = 0;
    SenderId from = UnassignedId;
    SenderId to = UnassignedId;
};

// What an action will do, computed before anything moves: the dialog's preview and
// the exact list the transaction then applies.
struct ReassignPlan
{
    ReassignRequest request;
    int available = 0;               // conversations that matched when the plan was made
    QVector<PlannedMove> moves;      // in the order chosen: longest waiting first
    QVector<int> perTarget;          // same order as request.targets
    QVector<int> openBefore;         // each target's open work before the move, same order
    QVector<int> openAfter;          // ... and after it
    int heldLeftOut = 0;             // matched but held, and the request did not include held
    int leftByCap = 0;               // matched but stays where it is: every target is at the cap
};

struct TargetCount
{
    SenderId target = UnassignedId;
    QString name;
    int count = 0;
};

// "3 → Ana Ruiz, 2 → Ben Okafor": how many went to each target, as every result,
// report and history row says it.
QString targetCountsText(const QVector<TargetCount>& targets);

struct ReassignResult
{
    qint64 actionId = 0;
    int moved = 0;
    QVector<TargetCount> movedPerTarget;
    int skippedStatusChanged = 0;   // the status no longer matched the filter
    int skippedMovedElsewhere = 0;  // someone else moved it since the plan was made
    int skippedSenderGone = 0;      // undo only: the sender it came from left the campaign
    int skippedHeld = 0;            // held since the plan was made (bulk and sender actions)
    int leftByCap = 0;              // not moved because every target was at the cap

    int skipped() const { return skippedStatusChanged + skippedMovedElsewhere + skippedSenderGone + skippedHeld; }
    // Why conversations were skipped, one "N whose status changed" per reason: the one
    // wording that results, the history's Skipped column and Undo's report share.
    QStringList skipReasons() const;
    // One line for a status bar or a terminal.
    QString summary() const;
};

struct HistoryEntry
{
    qint64 id = 0;
    qint64 campaignId = 0;
    QString actor;
    QDateTime at;
    ReassignScope scope = ReassignScope::Bulk;
    ReassignAction action = ReassignAction::ReassignSome;
    StatusFilter status = StatusFilter::Any;
    SenderId source = UnassignedId;
    QString sourceName;
    int requested = 0;
    ReassignResult result;
    qint64 undoes = 0;     // for an Undo: the action it undid
    qint64 undoneBy = 0;   // the Undo that reverted this action, if any
    QString note;
};

struct HistoryMove
{
    qint64 conversationId = 0;
    QString contactName;
    QString phone;
    SenderId from = UnassignedId;
    QString fromName;
    SenderId to = UnassignedId;
    QString toName;
};

} // namespace Handoff
