#include "controller/ReassignmentController.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "core/FairSplit.h"
#include "storage/MoveStore.h"

namespace Handoff {

namespace {
ConversationSource sourceOf(const ReassignRequest& request, StatusFilter status)
{
    ConversationSource source;
    source.campaignId = request.campaignId;
    source.bulk = request.scope == ReassignScope::Bulk;
    source.sender = request.source;
    source.status = status;
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

StatusCounts ReassignmentController::available(const ReassignRequest& request) const
{
    StatusCounts counts;
    if (request.scope == ReassignScope::Single)
        return counts;
    const ConversationStore conversations(m_db);
    counts.needsReply = conversations.countCandidates(sourceOf(request, StatusFilter::NeedsReply));
    counts.notStarted = conversations.countCandidates(sourceOf(request, StatusFilter::NotStarted));
    // "Any" is not the sum of the two: it also takes waiting and opted-out ones.
    counts.waiting = conversations.countCandidates(sourceOf(request, StatusFilter::Any)) - counts.needsReply
        - counts.notStarted;
    return counts;
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
        return plan;
    }

    if (request.action == ReassignAction::UnassignAll) {
        if (request.scope == ReassignScope::Sender && request.source == UnassignedId)
            return Result::failure(tr("These conversations are already unassigned."));
        request.targets = {UnassignedId};
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
    plan.available = conversations.countCandidates(source);
    if (request.action == ReassignAction::ReassignSome) {
        if (plan.available == 0)
            return Result::failure(tr("No conversations match \"%1\" here; there is nothing to reassign.")
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
    plan.moves = conversations.candidates(source, request.action == ReassignAction::ReassignSome ? request.count : -1);
    const int t = int(request.targets.size());
    for (int i = 0; i < plan.moves.size(); ++i)
        plan.moves[i].to = request.targets[fairSplitTarget(i, t)];
    plan.perTarget = fairSplitCounts(int(plan.moves.size()), t);
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
    const auto last = MoveStore(m_db).lastUndoable(campaignId);
    if (!last)
        return Outcome<ReassignResult>::failure(tr("There is nothing to undo in this campaign."));
    return undo(last->id, cancelled);
}

Outcome<ReassignResult> ReassignmentController::undo(qint64 actionId, const std::atomic<bool>* cancelled)
{
    MoveStore history(m_db);
    const auto entry = history.entry(actionId);
    if (!entry)
        return Outcome<ReassignResult>::failure(tr("There is no action %1 in the history.").arg(actionId));
    if (entry->action == ReassignAction::Undo)
        return Outcome<ReassignResult>::failure(tr("An undo cannot itself be undone; reassign again instead."));
    if (entry->undoneBy != 0)
        return Outcome<ReassignResult>::failure(tr("That action was already undone."));
    if (auto ok = checkCampaign(entry->campaignId); !ok)
        return Outcome<ReassignResult>::failure(ok.error());

    // The store reads the action's moves itself: an undo of a hundred thousand moves
    // never passes them through here.
    ActionRecord record;
    record.campaignId = entry->campaignId;
    record.actor = m_actor;
    record.scope = entry->scope;
    record.action = ReassignAction::Undo;
    record.status = StatusFilter::Any;
    record.source = entry->source;
    record.undoes = actionId;
    record.requested = entry->result.moved;
    record.cancelled = cancelled;

    std::function<QString()> before;
    if (entry->action == ReassignAction::RemoveSender) {
        // Undoing a removal puts the sender back on the campaign first.
        before = [this, &entry]() -> QString {
            CampaignStore campaigns(m_db);
            if (campaigns.isMember(entry->campaignId, entry->source))
                return {};
            auto added = campaigns.addToCampaign(entry->campaignId, entry->source, false);
            return added ? QString() : added.error();
        };
    }
    auto result = history.applyUndo(record, before);
    if (result)
        emit campaignChanged(entry->campaignId);
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

    ConversationSource source{campaignId, false, sender, {}, StatusFilter::Any};
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
