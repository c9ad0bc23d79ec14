#include "core/Pulse.h"

#include <algorithm>
#include <cmath>

namespace Handoff {

namespace {
constexpr qint64 MsPerHour = 3600 * 1000;
constexpr qint64 MsPerDay = 24 * MsPerHour;
constexpr qint64 SecondsPerMinute = 60;
constexpr qint64 SecondsPerHour = 60 * SecondsPerMinute;
} // namespace

QString granularityKey(PulseGranularity granularity)
{
    return granularity == PulseGranularity::Day ? QStringLiteral("day") : QStringLiteral("hour");
}

qint64 bucketWidthMs(PulseGranularity granularity)
{
    return granularity == PulseGranularity::Day ? MsPerDay : MsPerHour;
}

qint64 bucketStart(qint64 atMs, PulseGranularity granularity)
{
    const qint64 width = bucketWidthMs(granularity);
    qint64 start = atMs - atMs % width;
    if (atMs % width < 0)
        start -= width;
    return start;
}

PulseGranularity defaultGranularity(qint64 firstMs, qint64 lastMs)
{
    return lastMs - firstMs > 3 * MsPerDay ? PulseGranularity::Day : PulseGranularity::Hour;
}

qsizetype percentileRank(qsizetype n, double p)
{
    const auto rank = qsizetype(std::ceil(p * double(n) - 1e-9));
    return std::clamp<qsizetype>(rank, 1, n);
}

qint64 percentile(const QVector<qint64>& sortedValues, double p)
{
    if (sortedValues.isEmpty())
        return -1;
    return sortedValues.at(percentileRank(sortedValues.size(), p) - 1);
}

const QVector<qint64>& waitBinEdges()
{
    static const QVector<qint64> edges{0,        5 * SecondsPerMinute, 15 * SecondsPerMinute, 30 * SecondsPerMinute, SecondsPerHour,
                                       2 * SecondsPerHour, 4 * SecondsPerHour,   8 * SecondsPerHour,    24 * SecondsPerHour};
    return edges;
}

int waitBinIndex(qint64 seconds)
{
    const auto& edges = waitBinEdges();
    const auto it = std::upper_bound(edges.cbegin(), edges.cend(), std::max<qint64>(seconds, 0));
    return int(it - edges.cbegin()) - 1;
}

namespace {
QString edgeText(qint64 seconds)
{
    return seconds < SecondsPerHour ? PulseText::tr("%1 min").arg(seconds / SecondsPerMinute) : PulseText::tr("%1 h").arg(seconds / SecondsPerHour);
}
} // namespace

QString waitBinLabel(int index)
{
    const auto& edges = waitBinEdges();
    if (index <= 0)
        return PulseText::tr("0–%1").arg(edgeText(edges.at(1)));
    if (index >= edges.size() - 1)
        return PulseText::tr("≥ %1").arg(edgeText(edges.last()));
    const qint64 from = edges.at(index);
    const qint64 to = edges.at(index + 1);
    // Within the first hour in minutes ("30–60 min"), then in hours ("1–2 h").
    if (to <= SecondsPerHour)
        return PulseText::tr("%1–%2 min").arg(from / SecondsPerMinute).arg(to / SecondsPerMinute);
    return PulseText::tr("%1–%2 h").arg(from / SecondsPerHour).arg(to / SecondsPerHour);
}

QString waitText(qint64 seconds)
{
    if (seconds < 0)
        return PulseText::tr("—");
    if (seconds < SecondsPerMinute)
        return PulseText::tr("%1 s").arg(seconds);
    if (seconds < SecondsPerHour)
        return PulseText::tr("%1 min").arg(seconds / SecondsPerMinute);
    if (seconds < 24 * SecondsPerHour)
        return PulseText::tr("%1 h %2 min").arg(seconds / SecondsPerHour).arg(seconds % SecondsPerHour / SecondsPerMinute, 2, 10, QLatin1Char('0'));
    return PulseText::tr("%1 d %2 h").arg(seconds / (24 * SecondsPerHour)).arg(seconds % (24 * SecondsPerHour) / SecondsPerHour);
}

PulseAccumulator::PulseAccumulator(qint64 nowMs, qint64 sinceMs)
    : m_now(nowMs)
    , m_since(sinceMs)
{
}

void PulseAccumulator::beginConversation(bool optedOut)
{
    m_optedOut = optedOut;
    m_started = false;
    m_waitingFrom = -1;
}

void PulseAccumulator::addMessage(MessageDirection direction, qint64 atMs)
{
    m_first = m_first < 0 ? atMs : std::min(m_first, atMs);
    m_last = std::max(m_last, atMs);
    if (direction == MessageDirection::Outbound) {
        if (!m_started)
            m_firstTexts << atMs;
        m_started = true;
        if (m_waitingFrom >= 0)
            m_waits << Interval{m_waitingFrom, atMs};
        m_waitingFrom = -1;
        return;
    }
    m_inbound << atMs;
    if (m_waitingFrom < 0)
        m_waitingFrom = atMs;
}

void PulseAccumulator::endConversation()
{
    if (m_waitingFrom >= 0 && !m_optedOut)
        m_waits << Interval{m_waitingFrom, -1};
    m_waitingFrom = -1;
}

QVector<ProgressPoint> PulseAccumulator::progress(PulseGranularity granularity) const
{
    QVector<ProgressPoint> points;
    if (m_first < 0)
        return points;
    const qint64 width = bucketWidthMs(granularity);
    const qint64 first = bucketStart(std::max(m_first, m_since), granularity);
    const qint64 last = bucketStart(std::max(m_now, m_last), granularity);
    const auto count = qsizetype((last - first) / width + 1);
    points.resize(count);
    for (qsizetype i = 0; i < count; ++i)
        points[i].start = QDateTime::fromMSecsSinceEpoch(first + i * width, Qt::UTC);
    auto bucketOf = [&](qint64 at) { return at < first ? -1 : qsizetype((bucketStart(at, granularity) - first) / width); };
    for (const qint64 at : m_firstTexts)
        if (const auto b = bucketOf(at); b >= 0)
            ++points[b].firstTexts;
    for (const qint64 at : m_inbound)
        if (const auto b = bucketOf(at); b >= 0)
            ++points[b].repliesReceived;

    // Waiting at a bucket's end E: arrived before E and not answered before E.
    QVector<qint64> froms;
    QVector<qint64> tos;
    froms.reserve(m_waits.size());
    for (const Interval& w : m_waits) {
        froms << w.from;
        if (w.to >= 0)
            tos << w.to;
    }
    std::sort(froms.begin(), froms.end());
    std::sort(tos.begin(), tos.end());
    for (qsizetype i = 0; i < count; ++i) {
        const qint64 end = std::min(first + (i + 1) * width, std::max(m_now, m_last + 1));
        const auto arrived = std::lower_bound(froms.cbegin(), froms.cend(), end) - froms.cbegin();
        const auto answered = std::lower_bound(tos.cbegin(), tos.cend(), end) - tos.cbegin();
        points[i].repliesWaiting = int(arrived - answered);
    }
    return points;
}

ConversationPulse foldConversation(const QVector<PulseMessage>& messages, bool optedOut)
{
    // The accumulator's own fold, for one conversation: one rule for both.
    PulseAccumulator fold(0, 0);
    fold.beginConversation(optedOut);
    ConversationPulse part;
    part.messages.reserve(messages.size());
    for (const PulseMessage& m : messages) {
        fold.addMessage(m.direction, m.atMs);
        part.messages << m.atMs;
    }
    fold.endConversation();
    part.firstText = fold.m_firstTexts.isEmpty() ? -1 : fold.m_firstTexts.first();
    part.inbound = fold.m_inbound;
    for (const PulseAccumulator::Interval& w : std::as_const(fold.m_waits))
        part.waits << ReplyWaitInterval{w.from, w.to};
    return part;
}

QMap<qint64, PulseHour> hourlyPart(const ConversationPulse& part)
{
    QMap<qint64, PulseHour> hours;
    auto hour = [&](qint64 at) -> PulseHour& {
        const qint64 start = bucketStart(at, PulseGranularity::Hour);
        PulseHour& h = hours[start];
        h.hourMs = start;
        return h;
    };
    for (const qint64 at : part.messages) {
        PulseHour& h = hour(at);
        ++h.messages;
        h.firstMessageMs = h.firstMessageMs < 0 ? at : std::min(h.firstMessageMs, at);
    }
    if (part.firstText >= 0)
        ++hour(part.firstText).firstTexts;
    for (const qint64 at : part.inbound)
        ++hour(at).replies;
    for (const ReplyWaitInterval& w : part.waits) {
        ++hour(w.from).waitsFrom;
        if (w.to >= 0)
            ++hour(w.to).waitsAnswered;
        else
            ++hour(w.from).waitsOpen;
    }
    return hours;
}

QVector<PulseHour> hourlyChange(const ConversationPulse& before, const ConversationPulse& after)
{
    QMap<qint64, PulseHour> change = hourlyPart(after);
    const QMap<qint64, PulseHour> old = hourlyPart(before);
    for (auto it = old.cbegin(); it != old.cend(); ++it) {
        PulseHour& h = change[it.key()];
        h.hourMs = it.key();
        h.messages -= it->messages;
        h.firstTexts -= it->firstTexts;
        h.replies -= it->replies;
        h.waitsFrom -= it->waitsFrom;
        h.waitsAnswered -= it->waitsAnswered;
        h.waitsOpen -= it->waitsOpen;
    }
    QVector<PulseHour> result;
    for (PulseHour& h : change) {
        // Messages are only ever added: the earliest of the new ones is what a change can bring.
        if (h.messages <= 0)
            h.firstMessageMs = -1;
        if (!h.isZero())
            result << h;
    }
    return result;
}

qint64 firstMessageOfHours(const QVector<PulseHour>& hours)
{
    for (const PulseHour& h : hours)
        if (h.messages > 0)
            return h.firstMessageMs;
    return -1;
}

QVector<ProgressPoint> progressFromHours(const QVector<PulseHour>& hours, qint64 nowMs, qint64 sinceMs,
                                         PulseGranularity granularity)
{
    // PulseAccumulator::progress, from sums: every event of an hour falls in that hour's
    // bucket, and the last bucket holds the last message, so "waiting at a bucket's end"
    // is the running sum of waits begun less waits answered up to that bucket.
    QVector<ProgressPoint> points;
    const qint64 firstMessage = firstMessageOfHours(hours);
    if (firstMessage < 0)
        return points;
    qint64 lastHour = firstMessage;
    for (const PulseHour& h : hours)
        if (h.messages > 0)
            lastHour = std::max(lastHour, h.hourMs);
    const qint64 width = bucketWidthMs(granularity);
    const qint64 first = bucketStart(std::max(firstMessage, sinceMs), granularity);
    const qint64 last = std::max(bucketStart(nowMs, granularity), bucketStart(lastHour, granularity));
    const auto count = qsizetype((last - first) / width + 1);
    points.resize(count);
    for (qsizetype i = 0; i < count; ++i)
        points[i].start = QDateTime::fromMSecsSinceEpoch(first + i * width, Qt::UTC);
    qint64 waiting = 0;
    qsizetype next = 0;
    for (qsizetype i = 0; i < count; ++i) {
        const qint64 end = first + (i + 1) * width;
        for (; next < hours.size() && (hours.at(next).hourMs < end || i == count - 1); ++next) {
            const PulseHour& h = hours.at(next);
            waiting += h.waitsFrom - h.waitsAnswered;
            if (h.hourMs >= first) {
                points[i].firstTexts += int(h.firstTexts);
                points[i].repliesReceived += int(h.replies);
            }
        }
        points[i].repliesWaiting = int(waiting);
    }
    return points;
}

ReplyWaitSeries PulseAccumulator::replyWait(qint64 answeredSinceMs) const
{
    ReplyWaitSeries series;
    const auto& edges = waitBinEdges();
    for (qsizetype i = 0; i < edges.size(); ++i)
        series.bins << WaitBin{edges.at(i), i + 1 < edges.size() ? edges.at(i + 1) : -1, 0, 0};
    QVector<qint64> answered;
    for (const Interval& w : m_waits) {
        if (w.to < 0) {
            const qint64 seconds = std::max<qint64>(0, (m_now - w.from) / 1000);
            ++series.bins[waitBinIndex(seconds)].waiting;
            ++series.waitingNow;
            series.oldestWaitingSeconds = std::max(series.oldestWaitingSeconds, seconds);
        } else if (w.to >= answeredSinceMs) {
            const qint64 seconds = (w.to - w.from) / 1000;
            ++series.bins[waitBinIndex(seconds)].answered;
            answered << seconds;
        }
    }
    std::sort(answered.begin(), answered.end());
    series.answered = int(answered.size());
    series.medianSeconds = percentile(answered, 0.5);
    series.p95Seconds = percentile(answered, 0.95);
    return series;
}

} // namespace Handoff

namespace Handoff {

namespace {
QString localText(const QDateTime& at)
{
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

QString markerToolTip(const PulseMarker& marker, PulseGranularity granularity)
{
    const QString format = granularity == PulseGranularity::Day ? QStringLiteral("yyyy-MM-dd HH:mm")
                                                                : QStringLiteral("HH:mm");
    return marker.at.toLocalTime().toString(format) + QLatin1Char(' ') + marker.text;
}

PulseTable progressTable(const PulseSeries& series)
{
    PulseTable table;
    table.header << (series.granularity == PulseGranularity::Day ? PulseText::tr("Day") : PulseText::tr("Hour"))
                 << PulseText::tr("First texts") << PulseText::tr("Replies received")
                 << PulseText::tr("Replies waiting") << PulseText::tr("Actions");
    const qint64 width = bucketWidthMs(series.granularity);
    qsizetype marker = 0;
    for (const ProgressPoint& p : series.progress) {
        const qint64 end = p.start.toMSecsSinceEpoch() + width;
        QStringList actions;
        while (marker < series.markers.size() && series.markers.at(marker).at.toMSecsSinceEpoch() < end) {
            if (series.markers.at(marker).at >= p.start)
                actions << markerToolTip(series.markers.at(marker), series.granularity);
            ++marker;
        }
        table.rows << QStringList{localText(p.start), QString::number(p.firstTexts),
                                  QString::number(p.repliesReceived), QString::number(p.repliesWaiting),
                                  actions.join(QStringLiteral("; "))};
    }
    return table;
}

PulseTable replyWaitTable(const PulseSeries& series)
{
    PulseTable table;
    table.header << PulseText::tr("Wait") << PulseText::tr("Answered") << PulseText::tr("Waiting now");
    const ReplyWaitSeries& w = series.replyWait;
    for (qsizetype i = 0; i < w.bins.size(); ++i)
        table.rows << QStringList{waitBinLabel(int(i)), QString::number(w.bins.at(i).answered),
                                  QString::number(w.bins.at(i).waiting)};
    table.rows << QStringList{PulseText::tr("Median"), waitText(w.medianSeconds), QString()}
               << QStringList{PulseText::tr("95th percentile"), waitText(w.p95Seconds), QString()}
               << QStringList{PulseText::tr("Oldest waiting"), QString(), waitText(w.oldestWaitingSeconds)};
    return table;
}

PulseTable loadTable(const PulseSeries& series)
{
    PulseTable table;
    table.header << PulseText::tr("Sender") << PulseText::tr("Sweeper") << PulseText::tr("Presence")
                 << statusLabel(ConversationStatus::NotStarted) << statusLabel(ConversationStatus::NeedsReply)
                 << statusLabel(ConversationStatus::Waiting) << statusLabel(ConversationStatus::OptedOut)
                 << PulseText::tr("Total");
    for (const SenderCounts& s : series.load) {
        const bool pool = s.id == UnassignedId;
        table.rows << QStringList{s.name,
                                  s.sweeper ? PulseText::tr("yes") : QString(),
                                  pool ? QString() : presenceLabel(s.presence),
                                  QString::number(s.counts.notStarted),
                                  QString::number(s.counts.needsReply),
                                  QString::number(s.counts.waiting),
                                  QString::number(s.counts.optedOut),
                                  QString::number(s.counts.total())};
    }
    return table;
}

} // namespace Handoff
