#pragma once

#include "core/Outcome.h"
#include "core/Reassignment.h"

#include <QObject>

#include <atomic>

namespace Handoff {

class Database;

// Every reassign action of the README, for the window and the command line alike:
// validate, plan (the preview), apply in one transaction, record, undo.
class ReassignmentController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReassignmentController)

public:
    ReassignmentController(Database& db, QString actor, QObject* parent = nullptr);

    QString actor() const { return m_actor; }
    // Who the history names for the actions from now on; the manager may rename themself.
    void setActor(const QString& actor) { m_actor = actor; }

    // How many conversations the request's source holds for each status filter,
    // ignoring count; for the dialog's live counts. Targets matter at bulk scope,
    // where conversations the targets already hold are not taken.
    StatusCounts available(const ReassignRequest& request) const;
    // The held conversations a bulk or sender request leaves out (0 when it includes them).
    int heldLeftOut(const ReassignRequest& request) const;
    // Each target's open work (Not Started + Needs Reply) in the campaign now.
    QVector<int> openWork(qint64 campaignId, const QVector<SenderId>& targets) const;

    // The sender list's rows (Unassigned first): what each holds, presence, last texted;
    // the reassign dialog shows each target's open work from it.
    QVector<SenderCounts> senderLoads(qint64 campaignId) const;

    // Checks the request and chooses exactly which conversations go where, without
    // moving anything. A failure carries the message to show the user.
    Outcome<ReassignPlan> plan(const ReassignRequest& request) const;
    // Applies a plan in one transaction; conversations that changed since the plan
    // (status, or sender) are skipped and counted, never moved by mistake.
    // cancelled, when given, may be set from another thread while the action runs: it
    // then fails and nothing moves (unless it had already committed).
    Outcome<ReassignResult> execute(const ReassignPlan& plan, const std::atomic<bool>* cancelled = nullptr);
    Outcome<ReassignResult> run(const ReassignRequest& request, const std::atomic<bool>* cancelled = nullptr);

    // Reverts the campaign's newest action that is not yet undone: restores only the
    // conversations still where it put them. cancelled works as for execute(): an undo
    // is one transaction too, so a Cancel leaves the action undoable and nothing moved.
    Outcome<ReassignResult> undoLast(qint64 campaignId, const std::atomic<bool>* cancelled = nullptr);
    Outcome<ReassignResult> undo(qint64 actionId, const std::atomic<bool>* cancelled = nullptr);

    // Takes a sender off the campaign; their conversations go to Unassigned, as one
    // recorded, undoable action.
    Outcome<ReassignResult> removeSender(qint64 campaignId, SenderId sender);

signals:
    void campaignChanged(qint64 campaignId);

private:
    Outcome<Done> checkCampaign(qint64 campaignId) const;
    // Selection scope: the conversations given, dealt in turn over the targets.
    Outcome<ReassignPlan> planSelection(ReassignRequest request, const QString& campaignName) const;
    QString senderName(SenderId id) const;
    // The undo of an action already read and found undoable, on a campaign already
    // checked.
    Outcome<ReassignResult> undoEntry(const HistoryEntry& entry, const std::atomic<bool>* cancelled);

    Database& m_db;
    QString m_actor;
};

} // namespace Handoff
