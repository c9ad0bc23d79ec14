#pragma once

#include "core/Outcome.h"
#include "core/SweepRule.h"

#include <QCoreApplication>
#include <QVector>

namespace Handoff {

class Database;

// Every change to a campaign's sweep rules, for the window and handoff-cli alike:
// checked (validateRule, the archived rule, targets on the campaign), then stored.
class RuleService final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::RuleService)

public:
    explicit RuleService(Database& db) : m_db(db) { }

    // Appends the rule to its campaign's list; returns it as stored.
    Outcome<SweepRule> addRule(const SweepRule& rule);
    // The presets that the campaign does not have yet (by name), appended in order.
    Outcome<QVector<SweepRule>> addPresets(qint64 campaignId);
    Outcome<Done> updateRule(const SweepRule& rule);
    Outcome<Done> setEnabled(qint64 ruleId, bool enabled);
    Outcome<Done> removeRule(qint64 ruleId);
    Outcome<Done> moveRule(qint64 ruleId, int position);

private:
    // The rule's campaign may change and every named target is one of its senders.
    Outcome<Done> check(const SweepRule& rule) const;
    Outcome<SweepRule> existing(qint64 ruleId) const;

    Database& m_db;
};

} // namespace Handoff
