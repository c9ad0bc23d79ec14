#include "controller/Sweeper.h"

#include "controller/CampaignService.h"
#include "controller/ReassignmentController.h"
#include "core/Clock.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "storage/RuleStore.h"

#include <QLocale>
#include <QSet>

namespace Handoff {

int SweepReport::moved() const
{
    int n = 0;
    for (const RuleSweep& r : rules)
        n += r.moved;
    return n;
}

QString SweepReport::summary() const
{
    if (!skippedBecause.isEmpty())
        return Sweeper::tr("Did not sweep \"%1\": %2").arg(campaignName, skippedBecause);
    if (rules.isEmpty())
        return Sweeper::tr("Campaign \"%1\" has no enabled rules to sweep.").arg(campaignName);
    QStringList parts;
    for (const RuleSweep& r : rules) {
        QString part = r.moved == 0 ? (dryRun ? Sweeper::tr("\"%1\" would move nothing").arg(r.name)
                                              : Sweeper::tr("\"%1\" moved nothing").arg(r.name))
            : dryRun               ? Sweeper::tr("\"%1\" would move %2: %3")
                           .arg(r.name, QLocale().toString(r.moved), targetCountsText(r.perTarget))
                                   : Sweeper::tr("\"%1\" moved %2: %3")
                           .arg(r.name, QLocale().toString(r.moved), targetCountsText(r.perTarget));
        if (!r.problem.isEmpty())
            part += QStringLiteral(" (") + r.problem + QLatin1Char(')');
        parts << part;
    }
    return (dryRun ? Sweeper::tr("Sweep preview of \"%1\": %2.") : Sweeper::tr("Swept \"%1\": %2."))
        .arg(campaignName, parts.join(QStringLiteral("; ")));
}

Sweeper::Parties Sweeper::parties(const SweepRule& rule, const QVector<CampaignSender>& senders,
                                  const QVector<SenderCounts>& counts, const QDateTime& now) const
{
    Parties p;
    QHash<SenderId, int> open;
    for (const SenderCounts& c : counts)
        open.insert(c.id, c.open());
    for (const CampaignSender& s : senders) {
        bool from = false;
        switch (rule.from) {
        case SweepRule::From::All:
            from = true;
            break;
        case SweepRule::From::NonSweepers:
            from = !s.sweeper;
            break;
        case SweepRule::From::AwayOrDone:
            from = s.presence != Presence::OnShift;
            break;
        case SweepRule::From::Idle: {
            // Quiet since their last text, or since they joined if they never texted.
            const QDateTime since = s.lastTexted.isValid() ? s.lastTexted : s.addedAt;
            from = open.value(s.id) > 0 && (!since.isValid() || since.secsTo(now) >= rule.idleSeconds);
            break;
        }
        case SweepRule::From::Unassigned:
            break;
        }
        if (from)
            p.sources << s.id;
    }
    if (rule.from == SweepRule::From::Unassigned)
        p.sources << UnassignedId;

    switch (rule.to) {
    case SweepRule::To::SweepersOnShift:
        for (const CampaignSender& s : senders)
            if (s.sweeper && s.presence == Presence::OnShift)
                p.targets << s.id;
        break;
    case SweepRule::To::OnShift:
        for (const CampaignSender& s : senders)
            if (s.presence == Presence::OnShift)
                p.targets << s.id;
        break;
    case SweepRule::To::Named:
        for (SenderId id : rule.targets)
            for (const CampaignSender& s : senders)
                if (s.id == id && s.presence == Presence::OnShift)
                    p.targets << id;
        break;
    case SweepRule::To::Unassigned:
        p.targets << UnassignedId;
        break;
    }
    // What a target holds already stays with it.
    for (SenderId t : std::as_const(p.targets))
        p.sources.removeAll(t);
    return p;
}

Outcome<SweepReport> Sweeper::sweep(qint64 campaignId, bool dryRun, const std::atomic<bool>* cancelled)
{
    SweepReport report;
    report.campaignId = campaignId;
    report.dryRun = dryRun;
    report.at = Clock::nowUtc();
    const std::optional<Campaign> campaign = CampaignStore(m_db).campaign(campaignId);
    if (!campaign)
        return Outcome<SweepReport>::failure(tr("There is no campaign %1.").arg(campaignId));
    report.campaignName = campaign->name;
    if (campaign->archived) {
        report.skippedBecause = tr("it is archived");
        return report;
    }
    // Two sweeps of one campaign at once (two managers' windows, a server's timer):
    // the second leaves it to the first rather than deciding on the same state.
    const Outcome<bool> locked = RuleStore(m_db).tryLockSweep(campaignId);
    if (!locked)
        return Outcome<SweepReport>::failure(locked.error());
    if (!*locked) {
        report.skippedBecause = tr("another sweep of it is running");
        return report;
    }
    QSet<qint64> taken;
    for (const SweepRule& rule : RuleStore(m_db).rules(campaignId)) {
        if (!rule.enabled)
            continue;
        if (cancelled && cancelled->load())
            break;
        QStringList names;
        const QVector<CampaignSender> senders = CampaignStore(m_db).campaignSenders(campaignId);
        for (SenderId id : rule.targets)
            for (const CampaignSender& s : senders)
                if (s.id == id)
                    names << s.name;
        report.rules << runRule(rule, SweepRuleText::describe(rule, names), dryRun, Clock::nowUtc(), taken, cancelled);
    }
    RuleStore(m_db).unlockSweep(campaignId);
    return report;
}

RuleSweep Sweeper::runRule(const SweepRule& rule, const QString& description, bool dryRun, const QDateTime& now,
                           QSet<qint64>& taken, const std::atomic<bool>* cancelled)
{
    RuleSweep out;
    out.ruleId = rule.id;
    out.name = rule.name;
    out.description = description;
    CampaignStore campaigns(m_db);
    const QVector<CampaignSender> senders = campaigns.campaignSenders(rule.campaignId);
    const Parties parties = this->parties(rule, senders, campaigns.senderCounts(rule.campaignId), now);
    if (parties.targets.isEmpty()) {
        out.problem = rule.to == SweepRule::To::SweepersOnShift ? tr("no sweeper is on shift")
                                                                : tr("none of its senders is on shift");
        return out;
    }
    if (parties.sources.isEmpty())
        return out;

    // The conversations: the whole campaign but what the sources do not hold, longest
    // waiting first, as a bulk action would choose them; never held ones.
    ConversationSource source;
    source.campaignId = rule.campaignId;
    source.bulk = true;
    source.status = rule.status;
    source.olderThanSeconds = rule.minWaitSeconds;
    source.includeHeld = false;
    QVector<SenderId> everyone{UnassignedId};
    for (const CampaignSender& s : senders)
        everyone << s.id;
    for (SenderId id : everyone)
        if (!parties.sources.contains(id))
            source.excluded << id;
    const int limit = rule.maxPerRun > 0 ? rule.maxPerRun + int(taken.size()) : -1;
    QVector<qint64> ids;
    for (const PlannedMove& m : ConversationStore(m_db).candidates(source, limit)) {
        if (taken.contains(m.conversationId))
            continue;
        ids << m.conversationId;
        if (rule.maxPerRun > 0 && ids.size() >= rule.maxPerRun)
            break;
    }
    if (ids.isEmpty())
        return out;

    ReassignRequest request;
    request.campaignId = rule.campaignId;
    request.scope = ReassignScope::Rule;
    request.action = parties.targets == QVector<SenderId>{UnassignedId} ? ReassignAction::UnassignAll
                                                                         : ReassignAction::ReassignAll;
    request.status = rule.status;
    request.conversationIds = ids;
    request.targets = parties.targets;
    request.balance = rule.balance && rule.to != SweepRule::To::Unassigned;
    request.cap = rule.to != SweepRule::To::Unassigned ? rule.cap : 0;
    request.olderThanSeconds = rule.minWaitSeconds;
    request.note = tr("rule");

    ReassignmentController controller(m_db, rule.name);
    const Outcome<ReassignPlan> plan = controller.plan(request);
    if (!plan) {
        out.problem = plan.error();
        return out;
    }
    out.leftByCap = plan->leftByCap;
    if (dryRun) {
        for (int i = 0; i < plan->request.targets.size(); ++i) {
            const SenderId t = plan->request.targets[i];
            QString name = tr("Unassigned");
            for (const CampaignSender& s : senders)
                if (s.id == t)
                    name = s.name;
            if (i < plan->perTarget.size() && plan->perTarget[i] > 0)
                out.perTarget << TargetCount{t, name, plan->perTarget[i]};
        }
        for (const PlannedMove& m : plan->moves)
            taken.insert(m.conversationId);
        out.moved = int(plan->moves.size());
        return out;
    }
    const Outcome<ReassignResult> result = controller.execute(*plan, cancelled);
    if (!result) {
        out.problem = result.error();
        return out;
    }
    for (const PlannedMove& m : plan->moves)
        taken.insert(m.conversationId);
    out.moved = result->moved;
    out.skipped = result->skipped();
    out.leftByCap = result->leftByCap;
    out.actionId = result->actionId;
    for (const TargetCount& t : result->movedPerTarget)
        if (t.count > 0)
            out.perTarget << t;
    if (out.moved > 0)
        RuleStore(m_db).noteFired(rule.id, now, out.moved);
    return out;
}

} // namespace Handoff
