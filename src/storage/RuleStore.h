#pragma once

#include "core/Outcome.h"
#include "core/SweepRule.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QVector>

#include <optional>

namespace Handoff {

class Database;

// A campaign's sweep rules, in the order a sweep runs them. In the campaign's
// database, so that a team on PostgreSQL shares them. Rules are checked by
// validateRule() before they get here; the store keeps names unique per campaign and
// positions 1..n without gaps.
class RuleStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::RuleStore)

public:
    explicit RuleStore(Database& db) : m_db(db) { }

    QVector<SweepRule> rules(qint64 campaignId) const;
    std::optional<SweepRule> rule(qint64 ruleId) const;
    std::optional<SweepRule> ruleByName(qint64 campaignId, const QString& name) const;

    // Appends the rule after the campaign's last; returns it with its id and position.
    Outcome<SweepRule> add(const SweepRule& rule);
    // Everything but the campaign, the position and when it last fired.
    Outcome<Done> update(const SweepRule& rule);
    Outcome<Done> setEnabled(qint64 ruleId, bool enabled);
    Outcome<Done> remove(qint64 ruleId);
    // Puts the rule at position (1-based, clamped), shifting the others.
    Outcome<Done> moveTo(qint64 ruleId, int position);
    // A sweep moved conversations by this rule.
    Outcome<Done> noteFired(qint64 ruleId, const QDateTime& at, int moved);

    // One sweep of a campaign at a time across every program on a PostgreSQL server: a
    // session-level advisory lock, false when another session holds it. SQLite has one
    // writer at a time anyway, and each rule's move re-checks its plan: always true.
    Outcome<bool> tryLockSweep(qint64 campaignId);
    void unlockSweep(qint64 campaignId);

private:
    Outcome<Done> renumber(qint64 campaignId, const QVector<qint64>& order);

    Database& m_db;
};

} // namespace Handoff
