#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QVector>

namespace Handoff {

// A standing rule of a campaign: what a sweep moves, from whom, to whom and how. A
// sweep runs a campaign's enabled rules once, in order (docs/architecture.md, "Sweeps").
struct SweepRule
{
    enum class From {
        All,            // every sender's conversations (not the Unassigned pool)
        NonSweepers,    // senders who are not sweepers
        AwayOrDone,     // senders whose presence is Away or Done for today
        Idle,           // senders with open work who have not texted for idleSeconds
        Unassigned,     // the Unassigned pool
    };
    enum class To {
        SweepersOnShift,  // the campaign's sweepers who are on shift
        OnShift,          // every sender of the campaign who is on shift
        Named,            // the senders named, skipping any who are not on shift
        Unassigned,
    };

    qint64 id = 0;
    qint64 campaignId = 0;
    int position = 0;           // the order a sweep runs the rules in, from 1
    QString name;
    bool enabled = true;

    StatusFilter status = StatusFilter::NeedsReply;
    qint64 minWaitSeconds = 0;  // last activity at least this long ago; 0: any age

    From from = From::All;
    qint64 idleSeconds = 0;     // From::Idle

    To to = To::SweepersOnShift;
    QVector<SenderId> targets;  // To::Named, in the order given

    bool balance = false;
    int cap = 0;                // 0: no cap on what a target ends holding
    int maxPerRun = 0;          // 0: no limit on what one sweep moves

    QDateTime lastFiredAt;      // the last sweep that moved something; invalid: never
    int lastMoved = 0;          // how many it moved then
};

// The words of rules, for the window and handoff-cli alike.
class SweepRuleText
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::SweepRule)

public:
    // "from-all", "from-non-sweepers", ...: the command line's and the JSON's words.
    static QString fromKey(SweepRule::From from);
    static QString toKey(SweepRule::To to);
    static std::optional<SweepRule::From> parseFromKey(const QString& key);
    static std::optional<SweepRule::To> parseToKey(const QString& key);

    // "Needs Reply waiting at least 30 min, from senders who are away or done, to
    // sweepers on shift, balanced, at most 200 each": what the rule does, in words.
    // targetNames: the names of rule.targets, same order.
    static QString describe(const SweepRule& rule, const QStringList& targetNames = {});
};

// Checks a rule before it is stored: a name, durations and limits in range, targets
// when it names them, and a source that is not its own destination. The message says
// which part is wrong.
Outcome<Done> validateRule(const SweepRule& rule);

// The rules Handoff offers ready-made, with their names in the user's language.
QVector<SweepRule> presetRules();

} // namespace Handoff
