#pragma once

#include "core/Campaign.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

namespace Handoff {

// The translation context of the Pulse texts that belong to no class.
class PulseText
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Pulse)
};

// The width of one bucket of the progress chart. Buckets start on whole UTC hours or days.
enum class PulseGranularity {
    Hour,
    Day,
};

QString granularityKey(PulseGranularity granularity);   // "hour", "day"

// Milliseconds since the epoch of the bucket that holds atMs.
qint64 bucketStart(qint64 atMs, PulseGranularity granularity);
qint64 bucketWidthMs(PulseGranularity granularity);
// Day buckets for a campaign whose messages span more than three days, else hours.
PulseGranularity defaultGranularity(qint64 firstMs, qint64 lastMs);

// The nearest-rank percentile (0 < p <= 1) of sorted values: the smallest value that at
// least p of them do not exceed. The median is percentile(values, 0.5). -1 when empty.
qint64 percentile(const QVector<qint64>& sortedValues, double p);

// The reply-wait histogram's bins, in seconds: [edge i, edge i + 1), the last open-ended.
const QVector<qint64>& waitBinEdges();
int waitBinIndex(qint64 seconds);
// "0–5 min", "5–15 min", …, "≥ 24 h".
QString waitBinLabel(int index);
// "12 min", "1 h 05 min", "2 d 3 h": a wait as the charts and the table say it.
QString waitText(qint64 seconds);

// One bucket of the progress chart.
struct ProgressPoint
{
    QDateTime start;           // UTC
    int firstTexts = 0;        // contacts texted for the first time in the bucket
    int repliesReceived = 0;   // inbound messages in the bucket
    int repliesWaiting = 0;    // replies not yet answered at the bucket's end (or now)
    bool operator==(const ProgressPoint& o) const
    {
        return start == o.start && firstTexts == o.firstTexts && repliesReceived == o.repliesReceived
            && repliesWaiting == o.repliesWaiting;
    }
};

// An action that moved conversations, drawn on the progress chart's time axis.
struct PulseMarker
{
    qint64 actionId = 0;
    QDateTime at;   // UTC
    int moved = 0;
    QString text;   // "Bulk Reassign All Needs Reply, 148 → 3 sweepers", without the time
};

struct WaitBin
{
    qint64 fromSeconds = 0;
    qint64 toSeconds = -1;   // -1: open-ended
    int answered = 0;        // answered replies that waited this long
    int waiting = 0;         // replies waiting now for this long
};

struct ReplyWaitSeries
{
    QVector<WaitBin> bins;
    int answered = 0;
    int waitingNow = 0;
    qint64 medianSeconds = -1;   // of the answered waits; -1: none
    qint64 p95Seconds = -1;
    qint64 oldestWaitingSeconds = -1;
};

// Every series of the Pulse tab and of "handoff-cli report".
struct PulseSeries
{
    QDateTime now;
    QDateTime since;   // invalid: the whole campaign
    PulseGranularity granularity = PulseGranularity::Hour;
    QVector<ProgressPoint> progress;
    QVector<PulseMarker> markers;
    ReplyWaitSeries replyWait;
    QVector<SenderCounts> load;   // Unassigned first, then the senders in the sender list's order
};

// The progress and reply-wait series from every conversation's messages, fed one
// conversation at a time in time order. A reply waits from the first inbound message
// that no outbound message followed yet, until the next outbound message (the answer).
// A conversation opted out waits for nothing.
// The series as tables: what "Show as table" shows, the CSV exports write and
// "handoff-cli report --csv" prints. Times are local, "yyyy-MM-dd HH:mm".
struct PulseTable
{
    QStringList header;
    QVector<QStringList> rows;
};
// "14:05 Bulk Reassign All Needs Reply, 148 → 3 sweepers" (the date too on day buckets).
QString markerToolTip(const PulseMarker& marker, PulseGranularity granularity);
PulseTable progressTable(const PulseSeries& series);
// The bins, then the median and 95th percentile of the answered replies and the oldest waiting.
PulseTable replyWaitTable(const PulseSeries& series);
PulseTable loadTable(const PulseSeries& series);

// One conversation's part of the series: what PulseAccumulator adds when it folds that
// conversation. The store keeps the sum of these parts per hour (PulseHour) and each
// counted reply wait, so that reading the series never reads the messages; it folds a
// conversation again, with this, whenever one of its messages or its opt-out changes.
struct PulseMessage
{
    MessageDirection direction = MessageDirection::Outbound;
    qint64 atMs = 0;
};
// A reply's wait: from the first inbound message of a run to the answer; to = -1 while it
// waits. Only counted waits: a conversation opted out waits for nothing.
struct ReplyWaitInterval
{
    qint64 from = 0;
    qint64 to = -1;
    bool operator==(const ReplyWaitInterval& o) const { return from == o.from && to == o.to; }
};
struct ConversationPulse
{
    QVector<qint64> messages;      // every message's time
    qint64 firstText = -1;         // the first outbound message, -1: none
    QVector<qint64> inbound;       // replies received
    QVector<ReplyWaitInterval> waits;
};
// Messages in the order the conversation had them: by time, then by id.
ConversationPulse foldConversation(const QVector<PulseMessage>& messages, bool optedOut);

// Sums of conversations' parts over one whole UTC hour, as the store keeps them.
struct PulseHour
{
    qint64 hourMs = 0;
    qint64 messages = 0;
    qint64 firstTexts = 0;
    qint64 replies = 0;
    qint64 waitsFrom = 0;       // counted waits that began in the hour
    qint64 waitsAnswered = 0;   // waits answered in the hour
    qint64 waitsOpen = 0;       // counted waits that began in the hour and wait still
    qint64 firstMessageMs = -1; // the earliest message of the hour, -1: unknown (a change without a new message)
    bool isZero() const { return !messages && !firstTexts && !replies && !waitsFrom && !waitsAnswered && !waitsOpen; }
};
// What a conversation adds to each hour, by hour.
QMap<qint64, PulseHour> hourlyPart(const ConversationPulse& part);
// after - before, hours that did not change left out.
QVector<PulseHour> hourlyChange(const ConversationPulse& before, const ConversationPulse& after);

// The progress series from hourly sums (in hour order, every hour with a message), exactly
// what PulseAccumulator::progress gives from the messages themselves.
QVector<ProgressPoint> progressFromHours(const QVector<PulseHour>& hours, qint64 nowMs, qint64 sinceMs,
                                         PulseGranularity granularity);
// The earliest message of the hourly sums, -1 when none.
qint64 firstMessageOfHours(const QVector<PulseHour>& hours);

// The 1-based rank of percentile p (0 < p <= 1) among n sorted values (n >= 1).
qsizetype percentileRank(qsizetype n, double p);

class PulseAccumulator
{
public:
    // sinceMs: answered replies count in the wait histogram only when answered at or
    // after it, and the progress starts at its bucket (0: the whole campaign).
    PulseAccumulator(qint64 nowMs, qint64 sinceMs);
    // The same messages seen at another time or from another start: what a refresh
    // needs when no message and no opt-out changed.
    void setNow(qint64 nowMs) { m_now = nowMs; }
    void setSince(qint64 sinceMs) { m_since = sinceMs; }

    void beginConversation(bool optedOut);
    // Messages of the current conversation, oldest first.
    void addMessage(MessageDirection direction, qint64 atMs);
    void endConversation();

    // The earliest and latest message seen: what defaultGranularity() needs.
    qint64 firstMessageMs() const { return m_first; }
    qint64 lastMessageMs() const { return m_last; }

    QVector<ProgressPoint> progress(PulseGranularity granularity) const;
    ReplyWaitSeries replyWait() const { return replyWait(m_since); }
    // Counting the replies answered at or after answeredSinceMs.
    ReplyWaitSeries replyWait(qint64 answeredSinceMs) const;

private:
    friend ConversationPulse foldConversation(const QVector<PulseMessage>& messages, bool optedOut);
    qint64 m_now;
    qint64 m_since;
    qint64 m_first = -1;
    qint64 m_last = -1;
    bool m_optedOut = false;
    bool m_started = false;
    qint64 m_waitingFrom = -1;
    QVector<qint64> m_firstTexts;
    QVector<qint64> m_inbound;
    // Each reply's wait: [from, to), to = -1 while it waits.
    struct Interval
    {
        qint64 from;
        qint64 to;
    };
    QVector<Interval> m_waits;
};

} // namespace Handoff
