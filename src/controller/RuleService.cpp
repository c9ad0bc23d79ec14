#include "controller/RuleService.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/RuleStore.h"

namespace Handoff {

Outcome<Done> RuleService::check(const SweepRule& rule) const
{
    if (const Outcome<Done> valid = validateRule(rule); !valid)
        return valid;
    const Outcome<Campaign> campaign = CampaignService(m_db).writableCampaign(rule.campaignId, CampaignService::Change::Rules);
    if (!campaign)
        return Outcome<Done>::failure(campaign.error());
    if (rule.to == SweepRule::To::Named) {
        CampaignStore campaigns(m_db);
        for (SenderId id : rule.targets)
            if (!campaigns.isMember(rule.campaignId, id))
                return Outcome<Done>::failure(tr("A sender the rule names is not on campaign \"%1\".").arg(campaign->name));
    }
    return Done{};
}

Outcome<SweepRule> RuleService::existing(qint64 ruleId) const
{
    const std::optional<SweepRule> rule = RuleStore(m_db).rule(ruleId);
    if (!rule)
        return Outcome<SweepRule>::failure(tr("That rule no longer exists."));
    const Outcome<Campaign> campaign = CampaignService(m_db).writableCampaign(rule->campaignId, CampaignService::Change::Rules);
    if (!campaign)
        return Outcome<SweepRule>::failure(campaign.error());
    return *rule;
}

Outcome<SweepRule> RuleService::addRule(const SweepRule& rule)
{
    if (const Outcome<Done> checked = check(rule); !checked)
        return Outcome<SweepRule>::failure(checked.error());
    return RuleStore(m_db).add(rule);
}

Outcome<QVector<SweepRule>> RuleService::addPresets(qint64 campaignId)
{
    using Result = Outcome<QVector<SweepRule>>;
    const Outcome<Campaign> campaign = CampaignService(m_db).writableCampaign(campaignId, CampaignService::Change::Rules);
    if (!campaign)
        return Result::failure(campaign.error());
    RuleStore store(m_db);
    // All of them or none: a list half set up would sweep in a way nobody chose.
    Transaction tx(m_db);
    if (!tx.active())
        return Result::failure(m_db.lastError());
    QVector<SweepRule> added;
    for (SweepRule preset : presetRules()) {
        preset.campaignId = campaignId;
        if (store.ruleByName(campaignId, preset.name))
            continue;
        const Outcome<SweepRule> stored = store.add(preset);
        if (!stored)
            return Result::failure(stored.error());
        added << *stored;
    }
    if (!tx.commit())
        return Result::failure(m_db.lastError());
    return added;
}

Outcome<Done> RuleService::updateRule(const SweepRule& rule)
{
    const Outcome<SweepRule> before = existing(rule.id);
    if (!before)
        return Outcome<Done>::failure(before.error());
    SweepRule changed = rule;
    changed.campaignId = before->campaignId;
    if (const Outcome<Done> checked = check(changed); !checked)
        return checked;
    return RuleStore(m_db).update(changed);
}

Outcome<Done> RuleService::setEnabled(qint64 ruleId, bool enabled)
{
    if (const Outcome<SweepRule> rule = existing(ruleId); !rule)
        return Outcome<Done>::failure(rule.error());
    return RuleStore(m_db).setEnabled(ruleId, enabled);
}

Outcome<Done> RuleService::removeRule(qint64 ruleId)
{
    if (const Outcome<SweepRule> rule = existing(ruleId); !rule)
        return Outcome<Done>::failure(rule.error());
    return RuleStore(m_db).remove(ruleId);
}

Outcome<Done> RuleService::moveRule(qint64 ruleId, int position)
{
    if (const Outcome<SweepRule> rule = existing(ruleId); !rule)
        return Outcome<Done>::failure(rule.error());
    return RuleStore(m_db).moveTo(ruleId, position);
}

} // namespace Handoff
