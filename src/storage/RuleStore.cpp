#include "storage/RuleStore.h"

#include "storage/Database.h"

#include <QSqlQuery>
#include <QVariant>

namespace Handoff {

namespace {

const QString RuleColumns = QStringLiteral(
    "id, campaign_id, position, name, enabled, status, min_wait_s, from_kind, idle_s, to_kind, targets,"
    " balance, cap, max_per_run, last_fired_at, last_moved");

SweepRule readRule(const QSqlQuery& q)
{
    SweepRule r;
    r.id = q.value(0).toLongLong();
    r.campaignId = q.value(1).toLongLong();
    r.position = q.value(2).toInt();
    r.name = q.value(3).toString();
    r.enabled = q.value(4).toInt() != 0;
    r.status = parseStatusFilter(q.value(5).toString()).value_or(StatusFilter::NeedsReply);
    r.minWaitSeconds = q.value(6).toLongLong();
    r.from = SweepRuleText::parseFromKey(q.value(7).toString()).value_or(SweepRule::From::All);
    r.idleSeconds = q.value(8).toLongLong();
    r.to = SweepRuleText::parseToKey(q.value(9).toString()).value_or(SweepRule::To::SweepersOnShift);
    const QString targets = q.value(10).toString();
    for (const QString& id : targets.split(QLatin1Char(','), Qt::SkipEmptyParts))
        r.targets << id.toLongLong();
    r.balance = q.value(11).toInt() != 0;
    r.cap = q.value(12).toInt();
    r.maxPerRun = q.value(13).toInt();
    if (!q.value(14).isNull())
        r.lastFiredAt = QDateTime::fromMSecsSinceEpoch(q.value(14).toLongLong(), Qt::UTC);
    r.lastMoved = q.value(15).toInt();
    return r;
}

QString targetsText(const QVector<SenderId>& targets)
{
    QStringList ids;
    for (SenderId id : targets)
        ids << QString::number(id);
    return ids.join(QLatin1Char(','));
}

// The definition's columns, in the order of the UPDATE's and INSERT's placeholders.
void bindDefinition(QSqlQuery& q, const SweepRule& rule)
{
    q.addBindValue(rule.name.trimmed());
    q.addBindValue(rule.enabled ? 1 : 0);
    q.addBindValue(statusFilterKey(rule.status));
    q.addBindValue(rule.minWaitSeconds);
    q.addBindValue(SweepRuleText::fromKey(rule.from));
    q.addBindValue(rule.from == SweepRule::From::Idle ? rule.idleSeconds : 0);
    q.addBindValue(SweepRuleText::toKey(rule.to));
    // Never NULL: QSqlQuery binds a null QString as NULL.
    q.addBindValue(rule.to == SweepRule::To::Named ? targetsText(rule.targets) : QStringLiteral(""));
    q.addBindValue(rule.balance ? 1 : 0);
    q.addBindValue(rule.cap);
    q.addBindValue(rule.maxPerRun);
}

} // namespace

QVector<SweepRule> RuleStore::rules(qint64 campaignId) const
{
    QVector<SweepRule> result;
    QSqlQuery q = m_db.prepare(
        QStringLiteral("SELECT %1 FROM sweep_rules WHERE campaign_id = ? ORDER BY position, id").arg(RuleColumns));
    q.addBindValue(campaignId);
    if (m_db.exec(q))
        while (q.next())
            result << readRule(q);
    return result;
}

std::optional<SweepRule> RuleStore::rule(qint64 ruleId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT %1 FROM sweep_rules WHERE id = ?").arg(RuleColumns));
    q.addBindValue(ruleId);
    if (m_db.exec(q) && q.next())
        return readRule(q);
    return std::nullopt;
}

std::optional<SweepRule> RuleStore::ruleByName(qint64 campaignId, const QString& name) const
{
    QSqlQuery q = m_db.prepare(
        QStringLiteral("SELECT %1 FROM sweep_rules WHERE campaign_id = ? AND name = ?").arg(RuleColumns));
    q.addBindValue(campaignId);
    q.addBindValue(name.trimmed());
    if (m_db.exec(q) && q.next())
        return readRule(q);
    return std::nullopt;
}

Outcome<SweepRule> RuleStore::add(const SweepRule& rule)
{
    if (ruleByName(rule.campaignId, rule.name))
        return Outcome<SweepRule>::failure(
            RuleStore::tr("The campaign already has a rule named \"%1\".").arg(rule.name.trimmed()));
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "INSERT INTO sweep_rules (campaign_id, position, name, enabled, status, min_wait_s, from_kind, idle_s,"
        " to_kind, targets, balance, cap, max_per_run, last_moved)"
        " VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM sweep_rules WHERE campaign_id = ?),"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id"));
    q.addBindValue(rule.campaignId);
    q.addBindValue(rule.campaignId);
    bindDefinition(q, rule);
    if (!m_db.exec(q) || !q.next())
        return Outcome<SweepRule>::failure(RuleStore::tr("Cannot add the rule: %1").arg(m_db.lastError()));
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    const std::optional<SweepRule> added = this->rule(id);
    if (!added)
        return Outcome<SweepRule>::failure(RuleStore::tr("Cannot add the rule: %1").arg(m_db.lastError()));
    return *added;
}

Outcome<Done> RuleStore::update(const SweepRule& rule)
{
    const std::optional<SweepRule> same = ruleByName(rule.campaignId, rule.name);
    if (same && same->id != rule.id)
        return Outcome<Done>::failure(
            RuleStore::tr("The campaign already has a rule named \"%1\".").arg(rule.name.trimmed()));
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "UPDATE sweep_rules SET name = ?, enabled = ?, status = ?, min_wait_s = ?, from_kind = ?, idle_s = ?,"
        " to_kind = ?, targets = ?, balance = ?, cap = ?, max_per_run = ? WHERE id = ?"));
    bindDefinition(q, rule);
    q.addBindValue(rule.id);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(RuleStore::tr("Cannot change the rule: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(RuleStore::tr("That rule no longer exists."));
    return Done{};
}

Outcome<Done> RuleStore::setEnabled(qint64 ruleId, bool enabled)
{
    QSqlQuery q = m_db.prepare(QStringLiteral("UPDATE sweep_rules SET enabled = ? WHERE id = ?"));
    q.addBindValue(enabled ? 1 : 0);
    q.addBindValue(ruleId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(RuleStore::tr("Cannot change the rule: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(RuleStore::tr("That rule no longer exists."));
    return Done{};
}

Outcome<Done> RuleStore::remove(qint64 ruleId)
{
    const std::optional<SweepRule> gone = rule(ruleId);
    if (!gone)
        return Outcome<Done>::failure(RuleStore::tr("That rule no longer exists."));
    Transaction transaction(m_db);
    if (!transaction.active())
        return Outcome<Done>::failure(RuleStore::tr("Cannot remove the rule: %1").arg(m_db.lastError()));
    QSqlQuery q = m_db.prepare(QStringLiteral("DELETE FROM sweep_rules WHERE id = ?"));
    q.addBindValue(ruleId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(RuleStore::tr("Cannot remove the rule: %1").arg(m_db.lastError()));
    q.finish();
    QVector<qint64> order;
    for (const SweepRule& r : rules(gone->campaignId))
        order << r.id;
    if (Outcome<Done> renumbered = renumber(gone->campaignId, order); !renumbered)
        return renumbered;
    if (!transaction.commit())
        return Outcome<Done>::failure(RuleStore::tr("Cannot remove the rule: %1").arg(m_db.lastError()));
    return Done{};
}

Outcome<Done> RuleStore::moveTo(qint64 ruleId, int position)
{
    const std::optional<SweepRule> moving = rule(ruleId);
    if (!moving)
        return Outcome<Done>::failure(RuleStore::tr("That rule no longer exists."));
    Transaction transaction(m_db);
    if (!transaction.active())
        return Outcome<Done>::failure(RuleStore::tr("Cannot reorder the rules: %1").arg(m_db.lastError()));
    QVector<qint64> order;
    for (const SweepRule& r : rules(moving->campaignId))
        if (r.id != ruleId)
            order << r.id;
    order.insert(qBound(0, position - 1, int(order.size())), ruleId);
    if (Outcome<Done> renumbered = renumber(moving->campaignId, order); !renumbered)
        return renumbered;
    if (!transaction.commit())
        return Outcome<Done>::failure(RuleStore::tr("Cannot reorder the rules: %1").arg(m_db.lastError()));
    return Done{};
}

Outcome<Done> RuleStore::noteFired(qint64 ruleId, const QDateTime& at, int moved)
{
    QSqlQuery q = m_db.prepare(QStringLiteral("UPDATE sweep_rules SET last_fired_at = ?, last_moved = ? WHERE id = ?"));
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(moved);
    q.addBindValue(ruleId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(RuleStore::tr("Cannot note the sweep: %1").arg(m_db.lastError()));
    return Done{};
}

namespace {
// The advisory lock's first key: "HAND", so that it cannot be taken for another purpose.
constexpr int SweepLockKey = 0x48414e44;
} // namespace

Outcome<bool> RuleStore::tryLockSweep(qint64 campaignId)
{
    if (m_db.dialect() != Database::Dialect::Postgres)
        return true;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT pg_try_advisory_lock(?, CAST(? AS INTEGER))"));
    q.addBindValue(SweepLockKey);
    q.addBindValue(campaignId);
    if (!m_db.exec(q) || !q.next())
        return Outcome<bool>::failure(RuleStore::tr("Cannot start the sweep: %1").arg(m_db.lastError()));
    return q.value(0).toBool();
}

void RuleStore::unlockSweep(qint64 campaignId)
{
    if (m_db.dialect() != Database::Dialect::Postgres)
        return;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT pg_advisory_unlock(?, CAST(? AS INTEGER))"));
    q.addBindValue(SweepLockKey);
    q.addBindValue(campaignId);
    m_db.exec(q);
}

Outcome<Done> RuleStore::renumber(qint64 campaignId, const QVector<qint64>& order)
{
    for (int i = 0; i < order.size(); ++i) {
        QSqlQuery q = m_db.prepare(
            QStringLiteral("UPDATE sweep_rules SET position = ? WHERE id = ? AND campaign_id = ?"));
        q.addBindValue(i + 1);
        q.addBindValue(order[i]);
        q.addBindValue(campaignId);
        if (!m_db.exec(q))
            return Outcome<Done>::failure(RuleStore::tr("Cannot reorder the rules: %1").arg(m_db.lastError()));
    }
    return Done{};
}

} // namespace Handoff
