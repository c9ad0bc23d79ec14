// handoff-shift-sim: replays a texting shift on a simulated clock, with the real store
// (a SQLite file) and the real sweep, and prints how long replies waited with no rules,
// with a fixed release after an hour, and with Handoff's rules. See README.md,
// "Benchmarks", "Shift simulation".
//
// Everything goes through the service layer as a real campaign would: the campaign and
// its senders through CampaignService, the contacts through ContactImporter (dealt out
// with the fair split), every message through MessageEventImporter (one JSON Lines batch
// a simulated minute, as a gateway's feed), the rules through RuleService and every
// sweep through Sweeper. The simulation only decides what people do: when contacts
// reply, when senders answer, who goes quiet. It learns who holds a conversation from
// the history of each sweep's actions (MoveStore::movesDetailed), as a sender would
// see it in the window.

#include "controller/CampaignService.h"
#include "controller/ContactImporter.h"
#include "controller/MessageEventImporter.h"
#include "controller/RuleService.h"
#include "controller/Sweeper.h"
#include "core/Clock.h"
#include "storage/CampaignStore.h"
#include "storage/ConversationStore.h"
#include "storage/Database.h"
#include "storage/MoveStore.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <random>

using namespace Handoff;

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

[[noreturn]] void die(const QString& message)
{
    QTextStream(stderr) << "handoff-shift-sim: " << message << Qt::endl;
    std::exit(1);
}

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

// "4 min 10 s", "2 h 05 min": waits, as the table shows them.
QString wait(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds >= 3600)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString seconds(double ms)
{
    return ms >= 100000 ? QString::number(ms / 1000, 'f', 0) + QStringLiteral(" s")
                        : QString::number(ms / 1000, 'f', 1) + QStringLiteral(" s");
}

struct Options
{
    int conversations = 20000;
    int senders = 100;        // including the sweepers
    int sweepers = 5;
    int quiet = 20;           // senders (never sweepers) who stop answering during the shift
    int hours = 8;
    quint64 seed = 1;
    int sweepEvery = 1;       // minutes between two sweeps
    int capacity = 3;         // texts a sender can send in a minute (answers first)
    double textRate = 2;      // untexted contacts an active sender texts a minute
    double replyChance = 0.25;     // a contact texted for the first time replies
    double followUpChance = 0.4;   // a contact who got an answer replies again
    // Minutes before a contact replies: exponential, at least 1, of this mean. Most
    // reply soon; some hours later, as people read their texts.
    double replyDelayMean = 90;
    double followUpDelayMean = 10;
    int answerMin = 1;        // a sender answers a reply this many minutes after it reached them …
    int answerMax = 8;        // … at most this many
};

enum class Policy { NoRules, FixedRelease, QuietSenders, Presets };

QString policyKey(Policy p)
{
    switch (p) {
    case Policy::NoRules: return QStringLiteral("none");
    case Policy::FixedRelease: return QStringLiteral("release");
    case Policy::QuietSenders: return QStringLiteral("idle");
    case Policy::Presets: return QStringLiteral("presets");
    }
    return {};
}

QString policyTitle(Policy p)
{
    switch (p) {
    case Policy::NoRules: return QStringLiteral("(a) no rules");
    case Policy::FixedRelease: return QStringLiteral("(b) fixed release: Needs Reply ≥ 60 min → sweepers");
    case Policy::QuietSenders: return QStringLiteral("(c) replies ≥ 15 min at senders idle ≥ 20 min → sweepers, balanced");
    case Policy::Presets: return QStringLiteral("(d) Add Presets (replies ≥ 30 min of non-sweepers → sweepers, balanced; …)");
    }
    return {};
}

// A number from the seed and a few integers, the same on every run and for every
// policy: the k-th reply of a conversation comes at the same minute whoever holds it.
quint64 mix(quint64 seed, quint64 a, quint64 b, quint64 c)
{
    quint64 x = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^ (c * 0x165667B19E3779F9ULL);
    // splitmix64's finaliser
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

double chance(quint64 seed, quint64 a, quint64 b, quint64 c)
{
    return double(mix(seed, a, b, c) >> 11) / double(1ULL << 53);
}

int between(quint64 seed, quint64 a, quint64 b, quint64 c, int low, int high)
{
    return low + int(mix(seed, a, b, c) % quint64(high - low + 1));
}

// Whole minutes, at least 1, exponentially distributed with this mean.
int minutesAfter(quint64 seed, quint64 a, quint64 b, quint64 c, double mean)
{
    return 1 + int(-mean * std::log(1.0 - chance(seed, a, b, c)));
}

enum Salt : quint64 { FirstReply = 1, FirstReplyDelay, FollowUp, FollowUpDelay, AnswerDelay, MovedAnswerDelay };

struct Conv
{
    qint64 id = 0;
    QString phone;
    int owner = -1;          // index into senders; -1: Unassigned
    bool started = false;
    bool needsReply = false;
    int replies = 0;         // replies so far
    int reply = -1;          // index into replies of the one waiting
    int answerDue = -1;      // second of the shift its holder answers it, at the earliest
    int moves = 0;
};

struct SimSender
{
    SenderId id = 0;
    QString name;
    bool sweeper = false;
    int quietAt = INT_MAX;   // minute they stop answering and texting
    QVector<int> untexted;   // conversations dealt to them, in order
    int nextUntexted = 0;
    double credit = 0;
    QSet<int> needing;       // conversations they hold that need a reply
};

struct Reply
{
    int conv = 0;
    int at = 0;             // second of the shift
    int answeredAt = -1;
    int holder = -1;        // who held the conversation when it arrived
};

struct RunResult
{
    Policy policy = Policy::NoRules;
    int replies = 0;
    qint64 p50 = -1, p95 = -1, max = -1;
    // The replies the rules are for: their holder went quiet before they were answered.
    int stranded = 0;
    qint64 strandedP50 = -1, strandedP95 = -1;
    int unanswered = 0;
    int waitingOverHour = 0;
    int moved = 0;
    int sweeps = 0;
    double sweepMs = 0;
    double sweepMaxMs = 0;
    double wallMs = 0;
    int messages = 0;
};

// The scenario: who sweeps, who goes quiet and when. The same for every policy.
struct Scenario
{
    QVector<bool> sweeper;
    QVector<int> quietAt;
};

Scenario scenario(const Options& o)
{
    Scenario s;
    s.sweeper.fill(false, o.senders);
    s.quietAt.fill(INT_MAX, o.senders);
    // Sweepers spread through the roster: senders 0, n/5, 2n/5, …
    for (int i = 0; i < o.sweepers; ++i)
        s.sweeper[i * o.senders / o.sweepers] = true;
    QVector<int> regular;
    for (int i = 0; i < o.senders; ++i)
        if (!s.sweeper[i])
            regular << i;
    std::mt19937_64 rng(o.seed);
    std::shuffle(regular.begin(), regular.end(), rng);
    std::uniform_int_distribution<int> when(0, o.hours * 60 - 1);
    for (int i = 0; i < o.quiet; ++i)
        s.quietAt[regular[i]] = when(rng);
    return s;
}

// p-th percentile, nearest rank, of sorted values.
qint64 percentile(const QVector<qint64>& sorted, int p)
{
    if (sorted.isEmpty())
        return -1;
    const qsizetype rank = std::max<qsizetype>(1, (qsizetype(sorted.size()) * p + 99) / 100);
    return sorted[rank - 1];
}

class Simulation
{
public:
    Simulation(const Options& o, const Scenario& s, Policy policy, const QString& dir)
        : m_o(o)
        , m_scenario(s)
        , m_policy(policy)
        , m_dir(dir)
    {
    }

    RunResult run();

private:
    void setUp();
    void addRules();
    int answerDelay(const Conv& c, quint64 salt, int extra) const
    {
        return 60 * between(m_o.seed, quint64(c.id), quint64(c.replies), salt + quint64(extra) * 16, m_o.answerMin,
                            m_o.answerMax);
    }
    bool active(int sender, int minute) const { return minute < m_senders[sender].quietAt; }
    void record(int minute);
    void sweep(int minute);
    void check();

    struct Event
    {
        int at = 0;
        int conv = 0;
        bool inbound = false;
        int sender = -1;
    };

    const Options& m_o;
    const Scenario& m_scenario;
    Policy m_policy;
    QString m_dir;
    QDateTime m_start;
    std::unique_ptr<Database> m_db;
    qint64 m_campaign = 0;
    QVector<SimSender> m_senders;
    QHash<SenderId, int> m_senderIndex;
    QVector<Conv> m_convs;
    QHash<qint64, int> m_convIndex;
    QVector<QVector<int>> m_arrivals;   // per minute: conversations whose contact replies then
    QVector<Reply> m_replies;
    QVector<Event> m_events;            // this minute's
    RunResult m_result;
};

void Simulation::setUp()
{
    // A Tuesday afternoon; the clock stands still between the simulated minutes.
    m_start = QDateTime(QDate(2026, 11, 3), QTime(14, 0), Qt::UTC);
    Clock::setFixedNow(m_start);
    const QString path = QDir(m_dir).filePath(QStringLiteral("shift-%1.db").arg(policyKey(m_policy)));
    QFile::remove(path);
    auto db = Database::open(QStringLiteral("sqlite://") + QFileInfo(path).absoluteFilePath());
    if (!db)
        die(db.error());
    m_db = std::move(*db);

    CampaignService campaigns(*m_db);
    const auto campaign = campaigns.createCampaign(QStringLiteral("Shift"));
    if (!campaign)
        die(campaign.error());
    m_campaign = campaign->id;
    QVector<Sender> people;
    for (int i = 0; i < m_o.senders; ++i)
        people << Sender{UnassignedId, QStringLiteral("Sender %1").arg(i + 1, 3, 10, QLatin1Char('0')), QString()};
    const auto ids = campaigns.addSenders(m_campaign, people, {}, false);
    if (!ids)
        die(ids.error());
    QVector<SenderId> regular;
    for (int i = 0; i < m_o.senders; ++i) {
        SimSender s;
        s.id = (*ids)[i];
        s.name = people[i].name;
        s.sweeper = m_scenario.sweeper[i];
        s.quietAt = m_scenario.quietAt[i];
        // Not all in step: each starts the shift partway to their next text.
        s.credit = chance(m_o.seed, quint64(i), 0, 99);
        if (s.sweeper) {
            if (auto set = campaigns.setSweeper(m_campaign, s.id, true); !set)
                die(set.error());
        } else {
            regular << s.id;
        }
        m_senderIndex.insert(s.id, int(m_senders.size()));
        m_senders << s;
    }

    // The contacts, dealt out over the senders who are not sweepers by the fair split.
    QByteArray csv("First Name,Last Name,Phone\n");
    for (int i = 0; i < m_o.conversations; ++i) {
        // +1 415 234-0000 onwards: valid US numbers, 10,000 an exchange.
        const int exchange = 234 + i / 10000;
        csv += QStringLiteral("Contact,%1,+1415%2%3\n")
                   .arg(i + 1)
                   .arg(exchange)
                   .arg(i % 10000, 4, 10, QLatin1Char('0'))
                   .toUtf8();
    }
    QBuffer file(&csv);
    file.open(QIODevice::ReadOnly);
    ContactImportOptions options;
    options.campaignId = m_campaign;
    options.dealTo = regular;
    const auto imported = ContactImporter(*m_db).import(file, options);
    if (!imported)
        die(imported.error());
    if (imported->imported != m_o.conversations)
        die(QStringLiteral("only %1 of %2 contacts went in").arg(imported->imported).arg(m_o.conversations));

    ConversationQuery everything;
    everything.campaignId = m_campaign;
    ConversationStore(*m_db).forEach(everything, -1, [&](const Conversation& c) {
        Conv conv;
        conv.id = c.id;
        conv.phone = c.phone;
        conv.owner = m_senderIndex.value(c.senderId, -1);
        m_convs << conv;
    });
    std::sort(m_convs.begin(), m_convs.end(), [](const Conv& a, const Conv& b) { return a.id < b.id; });
    for (int i = 0; i < m_convs.size(); ++i) {
        m_convIndex.insert(m_convs[i].id, i);
        if (m_convs[i].owner >= 0)
            m_senders[m_convs[i].owner].untexted << i;
    }
    m_arrivals.resize(m_o.hours * 60);
}

void Simulation::addRules()
{
    RuleService rules(*m_db);
    SweepRule r;
    r.campaignId = m_campaign;
    r.status = StatusFilter::NeedsReply;
    r.to = SweepRule::To::SweepersOnShift;
    switch (m_policy) {
    case Policy::NoRules:
        return;
    case Policy::FixedRelease:
        // What a fixed timer does: every reply unanswered for an hour, whoever holds it
        // and whatever they are doing, dealt round-robin.
        r.name = QStringLiteral("Release after 60 min");
        r.minWaitSeconds = 60 * 60;
        r.from = SweepRule::From::All;
        break;
    case Policy::QuietSenders:
        r.name = QStringLiteral("Quiet senders");
        r.minWaitSeconds = 15 * 60;
        r.from = SweepRule::From::Idle;
        r.idleSeconds = 20 * 60;
        r.balance = true;
        break;
    case Policy::Presets:
        if (auto added = rules.addPresets(m_campaign); !added)
            die(added.error());
        return;
    }
    if (auto added = rules.addRule(r); !added)
        die(added.error());
}

void Simulation::record(int minute)
{
    if (m_events.isEmpty())
        return;
    std::stable_sort(m_events.begin(), m_events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    QByteArray lines;
    for (const Event& e : std::as_const(m_events)) {
        const Conv& c = m_convs[e.conv];
        const QString at = m_start.addSecs(e.at).toString(Qt::ISODate);
        if (e.inbound)
            lines += QStringLiteral(R"({"phone":"%1","direction":"in","body":"Who do I vote for?","at":"%2"})")
                         .arg(c.phone, at)
                         .toUtf8();
        else
            lines += QStringLiteral(R"({"phone":"%1","direction":"out","body":"Hi, it's %2 with the campaign.","at":"%3","sender":"%2"})")
                         .arg(c.phone, m_senders[e.sender].name, at)
                         .toUtf8();
        lines += '\n';
    }
    Clock::setFixedNow(m_start.addSecs(qint64(minute + 1) * 60));
    QBuffer feed(&lines);
    feed.open(QIODevice::ReadOnly);
    MessageLogOptions options;
    options.format = MessageLogFormat::Handoff;
    const auto report = MessageEventImporter(*m_db).import(feed, m_campaign, options);
    if (!report)
        die(report.error());
    if (report->recorded != m_events.size())
        die(QStringLiteral("minute %1: %2 of %3 messages recorded").arg(minute).arg(report->recorded).arg(m_events.size()));
    m_result.messages += report->recorded;
    m_events.clear();
}

void Simulation::sweep(int minute)
{
    const int now = (minute + 1) * 60;
    Clock::setFixedNow(m_start.addSecs(now));
    QElapsedTimer timer;
    timer.start();
    const auto report = Sweeper(*m_db).sweep(m_campaign, false);
    if (!report)
        die(report.error());
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    ++m_result.sweeps;
    m_result.sweepMs += ms;
    m_result.sweepMaxMs = std::max(m_result.sweepMaxMs, ms);
    MoveStore history(*m_db);
    for (const RuleSweep& r : report->rules) {
        if (!r.problem.isEmpty())
            die(QStringLiteral("minute %1, rule \"%2\": %3").arg(minute).arg(r.name, r.problem));
        if (r.actionId == 0)
            continue;
        m_result.moved += r.moved;
        for (const HistoryMove& m : history.movesDetailed(r.actionId)) {
            const int i = m_convIndex.value(m.conversationId, -1);
            if (i < 0)
                die(QStringLiteral("a sweep moved conversation %1, which is not the campaign's").arg(m.conversationId));
            Conv& c = m_convs[i];
            if (c.owner != m_senderIndex.value(m.from, -1))
                die(QStringLiteral("conversation %1 was not where the simulation had it").arg(c.id));
            if (c.owner >= 0)
                m_senders[c.owner].needing.remove(i);
            c.owner = m_senderIndex.value(m.to, -1);
            ++c.moves;
            if (c.needsReply && c.owner >= 0) {
                m_senders[c.owner].needing.insert(i);
                // The new holder sees it from the next minute and answers after their own delay.
                c.answerDue = now + answerDelay(c, MovedAnswerDelay, c.moves);
            }
        }
    }
}

RunResult Simulation::run()
{
    QElapsedTimer wall;
    wall.start();
    m_result.policy = m_policy;
    setUp();
    addRules();
    const int minutes = m_o.hours * 60;
    for (int minute = 0; minute < minutes; ++minute) {
        const int tick = minute * 60;
        // Replies arrive in the first half of the minute …
        int k = 0;
        for (int i : std::as_const(m_arrivals[minute])) {
            Conv& c = m_convs[i];
            const int at = tick + 10 + (k++ % 20);
            c.needsReply = true;
            c.reply = int(m_replies.size());
            Reply reply{i, at, -1, c.owner};
            if (c.owner >= 0) {
                m_senders[c.owner].needing.insert(i);
                c.answerDue = at + answerDelay(c, AnswerDelay, 0);
            }
            m_replies << reply;
            m_events << Event{at, i, true, -1};
        }
        // … and senders text in the second: answers first, then contacts not yet texted.
        for (int s = 0; s < m_senders.size(); ++s) {
            SimSender& sender = m_senders[s];
            if (!active(s, minute))
                continue;
            int sent = 0;
            QVector<int> due;
            for (int i : std::as_const(sender.needing))
                if (m_convs[i].answerDue < tick + 60)
                    due << i;
            std::sort(due.begin(), due.end(), [&](int a, int b) {
                return std::make_pair(m_convs[a].answerDue, a) < std::make_pair(m_convs[b].answerDue, b);
            });
            for (int i : std::as_const(due)) {
                if (sent >= m_o.capacity)
                    break;
                Conv& c = m_convs[i];
                const int at = tick + 30 + sent++;
                c.needsReply = false;
                m_replies[c.reply].answeredAt = at;
                c.reply = -1;
                sender.needing.remove(i);
                m_events << Event{at, i, false, s};
                ++c.replies;
                if (chance(m_o.seed, quint64(c.id), quint64(c.replies), FollowUp) < m_o.followUpChance) {
                    const int when = minute
                        + minutesAfter(m_o.seed, quint64(c.id), quint64(c.replies), FollowUpDelay, m_o.followUpDelayMean);
                    if (when < minutes)
                        m_arrivals[when] << i;
                }
            }
            if (sender.sweeper)
                continue;
            sender.credit += m_o.textRate;
            while (sender.credit >= 1 && sent < m_o.capacity && sender.nextUntexted < sender.untexted.size()) {
                const int i = sender.untexted[sender.nextUntexted++];
                Conv& c = m_convs[i];
                if (c.owner != s || c.started)
                    continue;
                sender.credit -= 1;
                c.started = true;
                m_events << Event{tick + 30 + sent++, i, false, s};
                if (chance(m_o.seed, quint64(c.id), 0, FirstReply) < m_o.replyChance) {
                    const int when
                        = minute + minutesAfter(m_o.seed, quint64(c.id), 0, FirstReplyDelay, m_o.replyDelayMean);
                    if (when < minutes)
                        m_arrivals[when] << i;
                }
            }
            sender.credit = std::min(sender.credit, 1.0 + m_o.textRate);
        }
        record(minute);
        if ((minute + 1) % m_o.sweepEvery == 0)
            sweep(minute);
    }
    check();

    // Every reply of the shift: answered ones by when they were answered, the others by
    // the end of the shift.
    const int end = minutes * 60;
    QVector<qint64> waits, stranded;
    for (const Reply& r : std::as_const(m_replies)) {
        const int answered = r.answeredAt >= 0 ? r.answeredAt : end;
        const int w = answered - r.at;
        waits << w;
        if (r.holder >= 0 && m_senders[r.holder].quietAt != INT_MAX && m_senders[r.holder].quietAt * 60 <= answered)
            stranded << w;
        if (r.answeredAt < 0) {
            ++m_result.unanswered;
            if (w > 3600)
                ++m_result.waitingOverHour;
        }
    }
    std::sort(waits.begin(), waits.end());
    m_result.replies = int(waits.size());
    m_result.p50 = percentile(waits, 50);
    m_result.p95 = percentile(waits, 95);
    m_result.max = waits.isEmpty() ? -1 : waits.last();
    std::sort(stranded.begin(), stranded.end());
    m_result.stranded = int(stranded.size());
    m_result.strandedP50 = percentile(stranded, 50);
    m_result.strandedP95 = percentile(stranded, 95);
    m_result.wallMs = double(wall.nsecsElapsed()) / 1e6;
    Clock::setFixedNow(QDateTime());
    m_db.reset();
    return m_result;
}

// The store must agree with the simulation: the same replies waiting, the same
// conversations with each sender.
void Simulation::check()
{
    const StatusCounts counts = CampaignStore(*m_db).campaignCounts(m_campaign);
    int needsReply = 0, notStarted = 0;
    for (const Conv& c : std::as_const(m_convs)) {
        needsReply += c.needsReply ? 1 : 0;
        notStarted += c.started ? 0 : 1;
    }
    if (counts.needsReply != needsReply || counts.notStarted != notStarted)
        die(QStringLiteral("the store has %1 Needs Reply and %2 Not Started, the simulation %3 and %4")
                .arg(counts.needsReply)
                .arg(counts.notStarted)
                .arg(needsReply)
                .arg(notStarted));
    QHash<SenderId, int> held;
    for (const Conv& c : std::as_const(m_convs))
        ++held[c.owner >= 0 ? m_senders[c.owner].id : UnassignedId];
    for (const SenderCounts& s : CampaignStore(*m_db).senderCounts(m_campaign)) {
        const int total = s.counts.notStarted + s.counts.needsReply + s.counts.waiting + s.counts.optedOut;
        if (total != held.value(s.id))
            die(QStringLiteral("%1 holds %2 conversations in the store, %3 in the simulation")
                    .arg(s.name)
                    .arg(total)
                    .arg(held.value(s.id)));
    }
}

int positive(QCommandLineParser& parser, const QString& name, int minimum = 1)
{
    bool ok = false;
    const int n = parser.value(name).toInt(&ok);
    if (!ok || n < minimum)
        die(QStringLiteral("--%1 wants a whole number of at least %2, not \"%3\"").arg(name).arg(minimum).arg(parser.value(name)));
    return n;
}

double fraction(QCommandLineParser& parser, const QString& name, double max)
{
    bool ok = false;
    const double x = parser.value(name).toDouble(&ok);
    if (!ok || x < 0 || x > max)
        die(QStringLiteral("--%1 wants a number from 0 to %2, not \"%3\"").arg(name).arg(max).arg(parser.value(name)));
    return x;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("handoff-shift-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Replays a texting shift on a simulated clock with the real store and the real sweep, and prints "
        "how long replies waited with no rules, with a fixed release after 60 minutes, and with Handoff's rules."));
    parser.addHelpOption();
    const Options d;
    auto option = [&](const QString& name, const QString& help, const QString& value) {
        parser.addOption(QCommandLineOption(name, help + QStringLiteral(" (default %1)").arg(value), QStringLiteral("n"), value));
    };
    option(QStringLiteral("conversations"), QStringLiteral("Contacts of the campaign."), QString::number(d.conversations));
    option(QStringLiteral("senders"), QStringLiteral("Senders, sweepers included."), QString::number(d.senders));
    option(QStringLiteral("sweepers"), QStringLiteral("Sweepers; they never go quiet."), QString::number(d.sweepers));
    option(QStringLiteral("quiet"), QStringLiteral("Senders who stop answering at a random minute, still on shift."),
           QString::number(d.quiet));
    option(QStringLiteral("hours"), QStringLiteral("Length of the shift."), QString::number(d.hours));
    option(QStringLiteral("seed"), QStringLiteral("Seed of every random choice."), QString::number(d.seed));
    option(QStringLiteral("sweep-every"), QStringLiteral("Minutes between two sweeps."), QString::number(d.sweepEvery));
    option(QStringLiteral("capacity"), QStringLiteral("Texts a sender sends in a minute at most, answers first."),
           QString::number(d.capacity));
    option(QStringLiteral("text-rate"), QStringLiteral("Contacts not yet texted that an active sender texts a minute."),
           QString::number(d.textRate));
    option(QStringLiteral("reply-chance"), QStringLiteral("Chance that a contact answers the first text."),
           QString::number(d.replyChance));
    option(QStringLiteral("follow-up-chance"), QStringLiteral("Chance that a contact replies again after an answer."),
           QString::number(d.followUpChance));
    option(QStringLiteral("reply-delay"), QStringLiteral("Mean minutes before a contact answers a first text."),
           QString::number(d.replyDelayMean));
    option(QStringLiteral("follow-up-delay"), QStringLiteral("Mean minutes before a contact replies to an answer."),
           QString::number(d.followUpDelayMean));
    option(QStringLiteral("answer-min"), QStringLiteral("Fewest minutes before a sender answers a reply they hold."),
           QString::number(d.answerMin));
    option(QStringLiteral("answer-max"), QStringLiteral("Most minutes before a sender answers a reply they hold."),
           QString::number(d.answerMax));
    parser.addOption(QCommandLineOption(QStringLiteral("runs"),
        QStringLiteral("Which runs, comma-separated: none, release, idle, presets (default all four)."),
        QStringLiteral("list"), QStringLiteral("none,release,idle,presets")));
    parser.addOption(QCommandLineOption(QStringLiteral("dir"),
        QStringLiteral("Folder for the stores (default: a temporary one, removed at the end)."), QStringLiteral("dir")));
    parser.process(app);

    Options o;
    o.conversations = positive(parser, QStringLiteral("conversations"));
    o.senders = positive(parser, QStringLiteral("senders"), 2);
    o.sweepers = positive(parser, QStringLiteral("sweepers"));
    o.quiet = positive(parser, QStringLiteral("quiet"), 0);
    o.hours = positive(parser, QStringLiteral("hours"));
    o.seed = quint64(positive(parser, QStringLiteral("seed"), 0));
    o.sweepEvery = positive(parser, QStringLiteral("sweep-every"));
    o.capacity = positive(parser, QStringLiteral("capacity"));
    o.textRate = fraction(parser, QStringLiteral("text-rate"), 100);
    o.replyChance = fraction(parser, QStringLiteral("reply-chance"), 1);
    o.followUpChance = fraction(parser, QStringLiteral("follow-up-chance"), 0.95);
    o.replyDelayMean = fraction(parser, QStringLiteral("reply-delay"), 10000);
    o.followUpDelayMean = fraction(parser, QStringLiteral("follow-up-delay"), 10000);
    o.answerMin = positive(parser, QStringLiteral("answer-min"));
    o.answerMax = positive(parser, QStringLiteral("answer-max"));
    if (o.answerMax < o.answerMin)
        die(QStringLiteral("--answer-max is less than --answer-min"));
    if (o.sweepers >= o.senders || o.quiet > o.senders - o.sweepers)
        die(QStringLiteral("--sweepers and --quiet leave no room: %1 senders, %2 sweepers, %3 quiet")
                .arg(o.senders)
                .arg(o.sweepers)
                .arg(o.quiet));
    if (o.conversations > 760000)
        die(QStringLiteral("--conversations: at most 760,000"));

    QVector<Policy> policies;
    for (const QString& key : parser.value(QStringLiteral("runs")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool known = false;
        for (Policy p : {Policy::NoRules, Policy::FixedRelease, Policy::QuietSenders, Policy::Presets})
            if (policyKey(p) == key.trimmed()) {
                policies << p;
                known = true;
            }
        if (!known)
            die(QStringLiteral("--runs: unknown run \"%1\"; the runs are none, release, idle, presets").arg(key));
    }

    QTemporaryDir temporary;
    const QString dir = parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : temporary.path();
    if (!QDir().mkpath(dir))
        die(QStringLiteral("cannot create %1").arg(dir));

    const Scenario s = scenario(o);
    out() << "Shift simulation: " << number(o.conversations) << " conversations, " << o.senders << " senders ("
          << o.sweepers << " sweepers; " << o.quiet << " others go quiet at random minutes, still on shift), "
          << o.hours << " h in 1-minute ticks, a sweep every " << o.sweepEvery << " min, seed " << o.seed << '\n'
          << "Senders answer " << o.answerMin << "–" << o.answerMax << " min after a reply reaches them, at most "
          << o.capacity << " texts a minute; " << o.textRate << " first texts a minute each; contacts reply to "
          << qRound(o.replyChance * 100) << "% of first texts and " << qRound(o.followUpChance * 100)
          << "% of answers, after " << o.replyDelayMean << " and " << o.followUpDelayMean
          << " min on average (exponential). Store: SQLite (" << QSysInfo::prettyProductName() << ")\n\n";
    out().flush();

    QVector<RunResult> results;
    for (Policy p : std::as_const(policies)) {
        results << Simulation(o, s, p, dir).run();
        std::fflush(stdout);
    }

    const QStringList header{QStringLiteral("run"), QStringLiteral("replies"), QStringLiteral("p50 wait"),
                             QStringLiteral("p95 wait"), QStringLiteral("max wait"),
                             QStringLiteral("unanswered at end"), QStringLiteral("of them > 60 min"),
                             QStringLiteral("at quiet senders"), QStringLiteral("their p50"), QStringLiteral("their p95"),
                             QStringLiteral("moved"), QStringLiteral("a sweep: mean, max"), QStringLiteral("wall")};
    QVector<QStringList> rows;
    for (const RunResult& r : std::as_const(results))
        rows << QStringList{policyTitle(r.policy), number(r.replies), wait(r.p50), wait(r.p95), wait(r.max),
                            number(r.unanswered), number(r.waitingOverHour), number(r.stranded), wait(r.strandedP50),
                            wait(r.strandedP95), number(r.moved),
                            QStringLiteral("%1 ms, %2 ms")
                                .arg(r.sweeps ? r.sweepMs / r.sweeps : 0, 0, 'f', 1)
                                .arg(r.sweepMaxMs, 0, 'f', 0),
                            seconds(r.wallMs)};
    QVector<int> widths(header.size(), 0);
    for (int i = 0; i < header.size(); ++i) {
        widths[i] = int(header[i].size());
        for (const QStringList& row : std::as_const(rows))
            widths[i] = std::max(widths[i], int(row[i].size()));
    }
    auto line = [&](const QStringList& cells) {
        QStringList padded;
        for (int i = 0; i < cells.size(); ++i)
            padded << (i == 0 ? cells[i].leftJustified(widths[i]) : cells[i].rightJustified(widths[i]));
        out() << padded.join(QStringLiteral(" | ")) << '\n';
    };
    line(header);
    for (const QStringList& row : std::as_const(rows))
        line(row);
    out().flush();
    return 0;
}
