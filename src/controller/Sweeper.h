#pragma once

#include "core/Outcome.h"
#include "core/Reassignment.h"
#include "core/SweepRule.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QVector>

#include <atomic>

namespace Handoff {

class Database;

// What one rule did in a sweep (or would do, in a dry run).
struct RuleSweep
{
    qint64 ruleId = 0;
    QString name;
    QString description;
    int moved = 0;                     // moved, or would move in a dry run
    QVector<TargetCount> perTarget;    // where they went
    int leftByCap = 0;                 // matched, but every target was at the cap
    int skipped = 0;                   // changed between the plan and the move
    qint64 actionId = 0;               // the history's action; 0 in a dry run or when nothing moved
    QString problem;                   // why the rule moved nothing it could have ("no sweeper is on shift")
};

struct SweepReport
{
    qint64 campaignId = 0;
    QString campaignName;
    QDateTime at;
    bool dryRun = false;
    QString skippedBecause;            // the whole campaign was not swept: archived, or another sweep holds it
    QVector<RuleSweep> rules;          // the enabled rules, in order
    int moved() const;
    // "Sweep of "GOTV": rule 1 moved 12 (…); rule 2 moved nothing." for a status bar or a terminal.
    QString summary() const;
};

// Runs a campaign's enabled sweep rules once, in order: the job the reference article
// leaves to a watching manager. Each rule that moves anything is one action of the
// history, with the rule's name as its actor and the note "rule", undoable like any
// other; a conversation one rule moved is not moved again in the same sweep; held
// conversations are never swept; an archived campaign is never swept. A dry run plans
// every rule against the campaign as it is and changes nothing.
class Sweeper final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Sweeper)

public:
    explicit Sweeper(Database& db) : m_db(db) { }

    // The time is the injectable clock's; cancelled stops between rules.
    Outcome<SweepReport> sweep(qint64 campaignId, bool dryRun, const std::atomic<bool>* cancelled = nullptr);

    // Which senders a rule takes conversations from and gives them to, as the campaign
    // is now: for the dialog's and the tests' explanations too.
    struct Parties
    {
        QVector<SenderId> sources;     // UnassignedId for the pool
        QVector<SenderId> targets;     // in the rule's order; UnassignedId for the pool
    };
    Parties parties(const SweepRule& rule, const QVector<CampaignSender>& senders, const QVector<SenderCounts>& counts,
                    const QDateTime& now) const;

private:
    RuleSweep runRule(const SweepRule& rule, const QString& description, bool dryRun, const QDateTime& now,
                      QSet<qint64>& taken, const std::atomic<bool>* cancelled);

    Database& m_db;
};

} // namespace Handoff
