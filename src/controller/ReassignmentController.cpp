#include "controller/ReassignmentController.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "core/FairSplit.h"
#include "core/Limits.h"
#include "storage/MoveStore.h"

#include <QHash>
#include <QSet>

namespace Handoff {

namespace {
ConversationSource sourceOf(const ReassignRequest& request, StatusFilter status)
{
    ConversationSource source;
    source.campaignId = request.campaignId;
    source.bulk = request.scope == ReassignScope::Bulk;
    source.sender = request.source;
    source.status = status;
    source.olderThanSeconds = request.olderThanSeconds;
    source.includeHeld = request.includeHeld;
    if (source.bulk)
        source.excluded = request.action == ReassignAction::UnassignAll ? QVector<SenderId>{UnassignedId}
                                                                         : request.targets;
    return source;
}
} // namespace

ReassignmentController::ReassignmentController(Database& db, QString actor, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_actor(std::move(actor))
{
}

QString ReassignmentController::senderName(SenderId id) const
{
    if (id == UnassignedId)
        return tr("Unassigned");
    const auto sender = CampaignStore(m_db).sender(id);
    return sender ? sender->name : tr("sender %1").arg(id);
}

Outcome<Done> ReassignmentController::checkCampaign(qint64 campaignId) const
{
    const auto campaign = CampaignService(m_db).writableCampaign(campaignId, CampaignService::Change::Conversations);
    if (!campaign)
        return Outcome<Done>::failure(campaign.error());
    return Done{};
}

QVector<int> ReassignmentController::openWork(qint64 campaignId, const QVector<SenderId>& targets) const
{
    const QHash<SenderId, int> open = CampaignStore(m_db).openWork(campaignId, targets);
    QVector<int> result;
    for (SenderId t : targets)
        result << open.value(t);
    return result;
}

int ReassignmentController::heldLeftOut(const ReassignRequest& request) const
{
    if (request.includeHeld || (request.scope != ReassignScope::Bulk && request.scope != ReassignScope::Sender))
        return 0;
    return ConversationStore(m_db).countHeld(sourceOf(request, request.status));
}

StatusCounts ReassignmentController::available(const ReassignRequest& request) const
{
    StatusCounts counts;
    if (request.scope == ReassignScope::Single || request.scope == ReassignScope::Selection
        || request.scope == ReassignScope::Rule)
        return counts;
    const ConversationStore conversations(m_db);
    counts.needsReply = conversations.countCandidates(sourceOf(request, StatusFilter::NeedsReply));
    counts.notStarted = conversations.countCandidates(sourceOf(request, StatusFilter::NotStarted));
    // "Any" is not the sum of the two: it also takes waiting and opted-out ones.
    counts.waiting = conversations.countCandidates(sourceOf(request, StatusFilter::Any)) - counts.needsReply
        - counts.notStarted;
    return counts;
}

QVector<SenderCounts> ReassignmentController::senderLoads(qint64 campaignId) const
{
    return CampaignStore(m_db).senderCounts(campaignId);
}

Outcome<ReassignPlan> ReassignmentController::plan(const ReassignRequest& input) const
{
    using Result = Outcome<ReassignPlan>;
    if (auto ok = checkCampaign(input.campaignId); !ok)
        return Result::failure(ok.error());
    const CampaignStore campaigns(m_db);
    const auto campaignName = campaigns.campaign(input.campaignId)->name;

    ReassignRequest request = input;
    // The same target twice would only skew the split.
    QVector<SenderId> targets;
    for (SenderId t : input.targets)
        if (!targets.contains(t))
            targets << t;
    request.targets = targets;

    auto notMember = [&](SenderId id) {
        return Result::failure(tr("\"%1\" is not a sender of campaign \"%2\".").arg(senderName(id), campaignName));
    };

    if (request.scope == ReassignScope::Sender && request.source != UnassignedId
        && !campaigns.isMember(request.campaignId, request.source))
        return notMember(request.source);

    if (request.note.size() > Limits::MaxNoteLength)
        return Result::failure(tr("The note is %1 characters long; at most %2 are kept.")
                                   .arg(request.note.size())
                                   .arg(Limits::MaxNoteLength));
    if (request.cap < 0)
        return Result::failure(tr("The cap must be at least 1 open conversation; %1 is not.").arg(request.cap));
    if (request.olderThanSeconds < 0)
        return Result::failure(tr("How long the conversations have waited cannot be negative."));

    ReassignPlan plan;
    if (request.scope == ReassignScope::Single) {
        request.action = ReassignAction::Move;
        request.status = StatusFilter::Any;
        const auto conversation = ConversationStore(m_db).conversation(request.conversationId);
        if (!conversation || conversation->campaignId != request.campaignId)
            return Result::failure(tr("Campaign \"%1\" has no conversation %2.").arg(campaignName).arg(request.conversationId));
        if (request.targets.size() != 1)
            return Result::failure(tr("Choose one sender, or Unassigned, for the conversation."));
        const SenderId to = request.targets.first();
        if (to != UnassignedId && !campaigns.isMember(request.campaignId, to))
            return notMember(to);
        if (to == conversation->senderId)
            return Result::failure(tr("The conversation with %1 is already with %2.")
                                       .arg(conversation->contactName(), senderName(to)));
        request.source = conversation->senderId;
        request.count = 1;
        plan.request = request;
        plan.available = 1;
        plan.moves << PlannedMove{conversation->id, conversation->senderId, to};
        plan.perTarget << 1;
        const bool open = conversation->status == ConversationStatus::NotStarted
            || conversation->status == ConversationStatus::NeedsReply;
        plan.openBefore = openWork(request.campaignId, {to});
        plan.openAfter = {plan.openBefore.first() + (open ? 1 : 0)};
        if (request.cap > 0 && open && plan.openAfter.first() > request.cap)
            return Result::failure(tr("%1 already holds %2 open conversations, the cap is %3: the conversation stays where it is.")
                                       .arg(senderName(to))
                                       .arg(plan.openBefore.first())
                                       .arg(request.cap));
        return plan;
    }

    // Hand-picked, or chosen by a sweep rule: the conversations are named.
    if (request.scope == ReassignScope::Selection || request.scope == ReassignScope::Rule)
        return planSelection(request, campaignName);

    if (request.action == ReassignAction::UnassignAll) {
        if (request.scope == ReassignScope::Sender && request.source == UnassignedId)
            return Result::failure(tr("These conversations are already unassigned."));
        request.targets = {UnassignedId};
        // The pool has no load to balance and no cap.
        request.balance = false;
        request.cap = 0;
    } else if (request.action == ReassignAction::ReassignSome || request.action == ReassignAction::ReassignAll) {
        if (request.targets.isEmpty())
            return Result::failure(tr("Choose at least one sender to reassign to."));
        const QSet<SenderId> onCampaign = campaigns.members(request.campaignId, request.targets);
        for (SenderId t : request.targets) {
            if (t == UnassignedId)
                return Result::failure(tr("To move conversations to Unassigned, use Unassign All."));
            if (request.scope == ReassignScope::Sender && t == request.source)
                return Result::failure(
                    tr("\"%1\" is where these conversations come from; choose other senders.").arg(senderName(t)));
            if (!onCampaign.contains(t))
                return notMember(t);
        }
    } else {
        return Result::failure(tr("That action cannot be planned."));
    }

    const ConversationStore conversations(m_db);
    const ConversationSource source = sourceOf(request, request.status);
    // Reassign All and Unassign All take every candidate: their count is the list's
    // length, not a pass of its own over the same rows.
    const bool takesAll = request.action != ReassignAction::ReassignSome;
    QVector<bool> open;
    QVector<PlannedMove> chosen;
    if (takesAll) {
        chosen = conversations.candidates(source, -1, &open);
        plan.available = int(chosen.size());
    } else {
        plan.available = conversations.countCandidates(source);
    }
    plan.heldLeftOut = request.includeHeld ? 0 : conversations.countHeld(source);
    if (request.action == ReassignAction::ReassignSome) {
        if (plan.available == 0)
            return Result::failure(plan.heldLeftOut > 0
                ? tr("No conversations match \"%1\" here but held ones (%2), which are left out; there is nothing to reassign.")
                      .arg(statusFilterLabel(request.status))
                      .arg(plan.heldLeftOut)
                : tr("No conversations match \"%1\" here; there is nothing to reassign.")
                      .arg(statusFilterLabel(request.status)));
        if (request.count < 1 || request.count > plan.available)
            return Result::failure(tr("Choose how many to reassign between 1 and %1 (%1 match \"%2\"); %3 is out of range.")
                                       .arg(plan.available)
                                       .arg(statusFilterLabel(request.status))
                                       .arg(request.count));
    } else {
        request.count = plan.available;
    }

    plan.request = request;
    if (!takesAll)
        chosen = conversations.candidates(source, request.count, &open);
    plan.openBefore = openWork(request.campaignId, request.targets);
    // Round-robin without a cap is FairSplit's deal; the load split gives the same then.
    const LoadSplit split = splitByLoad(open, plan.openBefore, request.balance, request.cap);
    plan.moves.reserve(chosen.size());
    for (int i = 0; i < chosen.size(); ++i) {
        if (split.targetOf[i] < 0)
            continue;
        chosen[i].to = request.targets[split.targetOf[i]];
        plan.moves << chosen[i];
    }
    plan.perTarget = split.perTarget;
    plan.openAfter = split.openAfter;
    plan.leftByCap = split.leftByCap;
    if (plan.moves.isEmpty() && plan.leftByCap > 0)
        return Result::failure(tr("Every target already holds %1 or more open conversations, the cap: nothing can move.")
                                   .arg(request.cap));
    return plan;
}

Outcome<ReassignPlan> ReassignmentController::planSelection(ReassignRequest request, const QString& campaignName) const
{
    using Result = Outcome<ReassignPlan>;
    // A rule keeps its action and status, so that the move re-checks the status it chose
    // them by; the manager's own pick moves whatever the status.
    if (request.scope == ReassignScope::Selection) {
        request.action = ReassignAction::Move;
        request.status = StatusFilter::Any;
    }
    request.source = UnassignedId;
    if (request.conversationIds.isEmpty())
        return Result::failure(tr("Choose at least one conversation to move."));
    if (request.conversationIds.size() > Limits::MaxSelection)
        return Result::failure(tr("A hand-picked move takes at most %1 conversations, not %2; for more, use Bulk "
                                  "Reassign or a sender's Reassign.")
                                   .arg(Limits::MaxSelection)
                                   .arg(request.conversationIds.size()));
    if (request.targets.isEmpty())
        return Result::failure(tr("Choose at least one sender, or Unassigned, to move the conversations to."));
    const CampaignStore campaigns(m_db);
    for (SenderId t : std::as_const(request.targets)) {
        if (t == UnassignedId) {
            if (request.targets.size() > 1)
                return Result::failure(tr("Unassigned takes the conversations alone; choose it without senders."));
        } else if (!campaigns.isMember(request.campaignId, t)) {
            return Result::failure(
                tr("\"%1\" is not a sender of campaign \"%2\".").arg(senderName(t), campaignName));
        }
    }

    // Dealt in turn in the order given, as every split (or balanced by open work, and
    // capped, as the request says); one already with the target it is dealt to has
    // nowhere to go and stays.
    const ConversationStore conversations(m_db);
    QSet<qint64> seen;
    QVector<Conversation> chosen;
    QVector<bool> open;
    chosen.reserve(request.conversationIds.size());
    for (qint64 id : std::as_const(request.conversationIds)) {
        if (seen.contains(id))
            return Result::failure(tr("Conversation %1 is listed twice.").arg(id));
        seen.insert(id);
        const auto conversation = conversations.conversation(id);
        if (!conversation || conversation->campaignId != request.campaignId)
            return Result::failure(tr("Campaign \"%1\" has no conversation %2.").arg(campaignName).arg(id));
        chosen << *conversation;
        open << (conversation->status == ConversationStatus::NotStarted
                 || conversation->status == ConversationStatus::NeedsReply);
    }
    const bool toPool = request.targets == QVector<SenderId>{UnassignedId};
    if (toPool) {
        request.balance = false;
        request.cap = 0;
    }
    ReassignPlan plan;
    plan.openBefore = openWork(request.campaignId, request.targets);
    const LoadSplit split = splitByLoad(open, plan.openBefore, request.balance, request.cap);
    plan.perTarget = split.perTarget;
    plan.openAfter = split.openAfter;
    plan.leftByCap = split.leftByCap;
    for (int i = 0; i < chosen.size(); ++i) {
        const int target = split.targetOf[i];
        if (target < 0)
            continue;
        const SenderId to = request.targets.at(target);
        if (to == chosen[i].senderId) {
            --plan.perTarget[target];
            if (open[i])
                --plan.openAfter[target];
            continue;
        }
        plan.moves << PlannedMove{chosen[i].id, chosen[i].senderId, to};
    }
    if (plan.moves.isEmpty() && plan.leftByCap > 0)
        return Result::failure(tr("Every target already holds %1 or more open conversations, the cap: nothing can move.")
                                   .arg(request.cap));
    if (plan.moves.isEmpty())
        return Result::failure(request.targets.size() == 1
                ? tr("The chosen conversations are already with %1; nothing to move.").arg(senderName(request.targets.first()))
                : tr("Each chosen conversation is already with the sender it would go to; nothing to move."));
    request.count = int(plan.moves.size());
    plan.available = int(request.conversationIds.size());
    plan.request = request;
    return plan;
}

Outcome<ReassignResult> ReassignmentController::execute(const ReassignPlan& plan, const std::atomic<bool>* cancelled)
{
    const ReassignRequest& request = plan.request;
    if (plan.moves.isEmpty())
        return ReassignResult{};
    ActionRecord record;
    record.campaignId = request.campaignId;
    record.actor = m_actor;
    record.scope = request.scope;
    record.action = request.action;
    record.status = request.status;
    record.source = request.source;
    record.requested = int(plan.moves.size());
    record.targetOrder = request.targets;
    record.cancelled = cancelled;
    record.skipHeld = (request.scope == ReassignScope::Bulk || request.scope == ReassignScope::Sender
                       || request.scope == ReassignScope::Rule)
        && !request.includeHeld;
    record.leftByCap = plan.leftByCap;
    record.note = request.note;

    // Targets must still be on the campaign when the transaction runs.
    auto recheck = [this, &request]() -> QString {
        const QSet<SenderId> onCampaign = CampaignStore(m_db).members(request.campaignId, request.targets);
        for (SenderId t : request.targets)
            if (t != UnassignedId && !onCampaign.contains(t))
                return tr("\"%1\" is no longer a sender of the campaign.").arg(senderName(t));
        return {};
    };
    auto result = MoveStore(m_db).apply(record, plan.moves, recheck);
    if (result)
        emit campaignChanged(request.campaignId);
    return result;
}

Outcome<ReassignResult> ReassignmentController::run(const ReassignRequest& request, const std::atomic<bool>* cancelled)
{
    auto planned = plan(request);
    if (!planned)
        return Outcome<ReassignResult>::failure(planned.error());
    return execute(*planned, cancelled);
}

Outcome<ReassignResult> ReassignmentController::undoLast(qint64 campaignId, const std::atomic<bool>* cancelled)
{
    if (auto ok = checkCampaign(campaignId); !ok)
        return Outcome<ReassignResult>::failure(ok.error());
    // The newest action that is not an undo and was not undone, read once.
    const auto last = MoveStore(m_db).lastUndoable(campaignId);
    if (!last)
        return Outcome<ReassignResult>::failure(tr("There is nothing to undo in this campaign."));
    return undoEntry(*last, cancelled);
}

Outcome<ReassignResult> ReassignmentController::undo(qint64 actionId, const std::atomic<bool>* cancelled)
{
    const auto entry = MoveStore(m_db).entry(actionId);
    if (!entry)
        return Outcome<ReassignResult>::failure(tr("There is no action %1 in the history.").arg(actionId));
    if (entry->action == ReassignAction::Undo)
        return Outcome<ReassignResult>::failure(tr("An undo cannot itself be undone; reassign again instead."));
    if (entry->undoneBy != 0)
        return Outcome<ReassignResult>::failure(tr("That action was already undone."));
    if (auto ok = checkCampaign(entry->campaignId); !ok)
        return Outcome<ReassignResult>::failure(ok.error());
    return undoEntry(*entry, cancelled);
}

Outcome<ReassignResult> ReassignmentController::undoEntry(const HistoryEntry& entry, const std::atomic<bool>* cancelled)
{
    // The store reads the action's moves itself: an undo of a hundred thousand moves
    // never passes them through here.
    ActionRecord record;
    record.campaignId = entry.campaignId;
    record.actor = m_actor;
    record.scope = entry.scope;
    record.action = ReassignAction::Undo;
    record.status = StatusFilter::Any;
    record.source = entry.source;
    record.undoes = entry.id;
    record.requested = entry.result.moved;
    record.cancelled = cancelled;

    std::function<QString()> before;
    if (entry.action == ReassignAction::RemoveSender) {
        // Undoing a removal puts the sender back on the campaign first.
        before = [this, &entry]() -> QString {
            CampaignStore campaigns(m_db);
            if (campaigns.isMember(entry.campaignId, entry.source))
                return {};
            auto added = campaigns.addToCampaign(entry.campaignId, entry.source, false);
            return added ? QString() : added.error();
        };
    }
    auto result = MoveStore(m_db).applyUndo(record, before);
    if (result)
        emit campaignChanged(entry.campaignId);
    return result;
}

Outcome<ReassignResult> ReassignmentController::removeSender(qint64 campaignId, SenderId sender)
{
    if (auto ok = checkCampaign(campaignId); !ok)
        return Outcome<ReassignResult>::failure(ok.error());
    CampaignStore campaigns(m_db);
    const auto campaign = campaigns.campaign(campaignId);
    if (sender == UnassignedId || !campaigns.isMember(campaignId, sender))
        return Outcome<ReassignResult>::failure(
            tr("\"%1\" is not a sender of campaign \"%2\".").arg(senderName(sender), campaign->name));

    ConversationSource source;
    source.campaignId = campaignId;
    source.bulk = false;
    source.sender = sender;
    source.includeHeld = true;   // everything the sender holds goes back to the pool
    QVector<PlannedMove> moves = ConversationStore(m_db).candidates(source, -1);
    ActionRecord record;
    record.campaignId = campaignId;
    record.actor = m_actor;
    record.scope = ReassignScope::Sender;
    record.action = ReassignAction::RemoveSender;
    record.source = sender;
    record.requested = int(moves.size());
    record.targetOrder = {UnassignedId};
    auto leave = [this, campaignId, sender]() -> QString {
        auto removed = CampaignStore(m_db).removeFromCampaign(campaignId, sender);
        return removed ? QString() : removed.error();
    };
    auto result = MoveStore(m_db).apply(record, moves, leave);
    if (result)
        emit campaignChanged(campaignId);
    return result;
}

} // namespace Handoff
