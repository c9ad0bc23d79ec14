#include "core/Pulse.h"

#include <QRandomGenerator>
#include <QtTest>

#include <numeric>

using namespace Handoff;

namespace {
// 2026-03-02 09:00 UTC and minutes after it.
const qint64 T0 = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
qint64 at(int minutes) { return T0 + qint64(minutes) * 60 * 1000; }
QDateTime utc(int hour, int day = 2) { return QDateTime(QDate(2026, 3, day), QTime(hour, 0), Qt::UTC); }
} // namespace

class TestPulse : public QObject
{
    Q_OBJECT

private slots:
    void bucketsStartOnWholeHoursAndDays()
    {
        QCOMPARE(bucketStart(at(59), PulseGranularity::Hour), T0);
        QCOMPARE(bucketStart(at(60), PulseGranularity::Hour), at(60));
        QCOMPARE(bucketStart(at(61), PulseGranularity::Day), T0 - 9 * 3600 * 1000);
        QCOMPARE(defaultGranularity(at(0), at(3 * 24 * 60)), PulseGranularity::Hour);
        QCOMPARE(defaultGranularity(at(0), at(3 * 24 * 60 + 1)), PulseGranularity::Day);
    }

    void percentilesAreNearestRank()
    {
        QCOMPARE(percentile({}, 0.5), qint64(-1));
        QCOMPARE(percentile({7}, 0.95), qint64(7));
        QCOMPARE(percentile({1, 2, 3, 4}, 0.5), qint64(2));
        QCOMPARE(percentile({1, 2, 3, 4, 5}, 0.5), qint64(3));
        QVector<qint64> hundred;
        for (int i = 1; i <= 100; ++i)
            hundred << i * 10;
        QCOMPARE(percentile(hundred, 0.95), qint64(950));
        QCOMPARE(percentile(hundred, 0.5), qint64(500));
        hundred << 1010;
        QCOMPARE(percentile(hundred, 0.95), qint64(960));
    }

    void waitBinsAndTheirLabels()
    {
        QCOMPARE(waitBinIndex(0), 0);
        QCOMPARE(waitBinIndex(299), 0);
        QCOMPARE(waitBinIndex(300), 1);
        QCOMPARE(waitBinIndex(12 * 60), 1);
        QCOMPARE(waitBinIndex(3600), 4);
        QCOMPARE(waitBinIndex(10 * 24 * 3600), 8);
        QCOMPARE(waitBinLabel(0), QStringLiteral("0–5 min"));
        QCOMPARE(waitBinLabel(1), QStringLiteral("5–15 min"));
        QCOMPARE(waitBinLabel(3), QStringLiteral("30–60 min"));
        QCOMPARE(waitBinLabel(4), QStringLiteral("1–2 h"));
        QCOMPARE(waitBinLabel(8), QStringLiteral("≥ 24 h"));
        QCOMPARE(waitText(12 * 60), QStringLiteral("12 min"));
        QCOMPARE(waitText(3600 + 5 * 60), QStringLiteral("1 h 05 min"));
        QCOMPARE(waitText(2 * 86400 + 3 * 3600), QStringLiteral("2 d 3 h"));
    }

    // Three conversations over three hours, "now" at 11:30:
    // A: texted 9:00, replied 9:10, answered 9:22 (12 min), replied again 10:40 (waiting).
    // B: texted 9:30, replied 9:50 and 10:05, answered 10:20 (30 min from 9:50).
    // C: texted 10:10, replied STOP 10:15, opted out: waits for nothing.
    void progressAndWaitsFromMessages()
    {
        PulseAccumulator pulse(at(150), 0);
        pulse.beginConversation(false);
        pulse.addMessage(MessageDirection::Outbound, at(0));
        pulse.addMessage(MessageDirection::Inbound, at(10));
        pulse.addMessage(MessageDirection::Outbound, at(22));
        pulse.addMessage(MessageDirection::Inbound, at(100));
        pulse.endConversation();
        pulse.beginConversation(false);
        pulse.addMessage(MessageDirection::Outbound, at(30));
        pulse.addMessage(MessageDirection::Inbound, at(50));
        pulse.addMessage(MessageDirection::Inbound, at(65));
        pulse.addMessage(MessageDirection::Outbound, at(80));
        pulse.endConversation();
        pulse.beginConversation(true);
        pulse.addMessage(MessageDirection::Outbound, at(70));
        pulse.addMessage(MessageDirection::Inbound, at(75));
        pulse.endConversation();

        const QVector<ProgressPoint> hours = pulse.progress(PulseGranularity::Hour);
        const QVector<ProgressPoint> expected{
            {utc(9), 2, 2, 1},    // A's reply answered at 9:22; B's 9:50 still open at 10:00
            {utc(10), 1, 3, 1},   // B answered 10:20; A's 10:40 open at 11:00; C opted out
            {utc(11), 0, 0, 1},   // at 11:30 (now) A still waits
        };
        QCOMPARE(hours, expected);
        const QVector<ProgressPoint> days = pulse.progress(PulseGranularity::Day);
        QCOMPARE(days, (QVector<ProgressPoint>{{utc(0), 3, 5, 1}}));

        const ReplyWaitSeries waits = pulse.replyWait();
        QCOMPARE(waits.answered, 2);
        QCOMPARE(waits.waitingNow, 1);
        QCOMPARE(waits.medianSeconds, qint64(12 * 60));
        QCOMPARE(waits.p95Seconds, qint64(30 * 60));
        QCOMPARE(waits.oldestWaitingSeconds, qint64(50 * 60));
        QCOMPARE(waits.bins.size(), 9);
        QCOMPARE(waits.bins.at(1).answered, 1);   // 12 min
        QCOMPARE(waits.bins.at(3).answered, 1);   // 30 min
        QCOMPARE(waits.bins.at(3).waiting, 1);    // 50 min
        QCOMPARE(waits.bins.at(3).fromSeconds, qint64(30 * 60));
        QCOMPARE(waits.bins.at(3).toSeconds, qint64(3600));
        QCOMPARE(waits.bins.last().toSeconds, qint64(-1));
    }

    void sinceNarrowsTheProgressAndTheAnsweredWaits()
    {
        PulseAccumulator pulse(at(150), at(60));
        pulse.beginConversation(false);
        pulse.addMessage(MessageDirection::Outbound, at(0));
        pulse.addMessage(MessageDirection::Inbound, at(10));
        pulse.addMessage(MessageDirection::Outbound, at(22));
        pulse.addMessage(MessageDirection::Inbound, at(90));
        pulse.addMessage(MessageDirection::Outbound, at(95));
        pulse.endConversation();
        const QVector<ProgressPoint> hours = pulse.progress(PulseGranularity::Hour);
        QCOMPARE(hours, (QVector<ProgressPoint>{{utc(10), 0, 1, 0}, {utc(11), 0, 0, 0}}));
        const ReplyWaitSeries waits = pulse.replyWait();
        QCOMPARE(waits.answered, 1);
        QCOMPARE(waits.medianSeconds, qint64(5 * 60));
        QCOMPARE(waits.waitingNow, 0);
        QCOMPARE(waits.oldestWaitingSeconds, qint64(-1));
    }

    void noMessagesNoProgress()
    {
        PulseAccumulator pulse(at(0), 0);
        QVERIFY(pulse.progress(PulseGranularity::Hour).isEmpty());
        QCOMPARE(pulse.replyWait().medianSeconds, qint64(-1));
        QCOMPARE(pulse.replyWait().bins.size(), 9);
    }

    // The hourly sums a store keeps, built conversation by conversation with
    // foldConversation and hourlyChange (each message added one at a time, in any order,
    // and opt-outs changed on the way), give exactly the progress the accumulator gives
    // from the messages: per hour and per day, from the start or from a later moment.
    void hourlySumsGiveTheAccumulatorsProgress()
    {
        QRandomGenerator random(20261130);
        QMap<qint64, PulseHour> kept;
        auto apply = [&](const QVector<PulseHour>& change) {
            for (const PulseHour& h : change) {
                PulseHour& k = kept[h.hourMs];
                k.hourMs = h.hourMs;
                k.messages += h.messages;
                k.firstTexts += h.firstTexts;
                k.replies += h.replies;
                k.waitsFrom += h.waitsFrom;
                k.waitsAnswered += h.waitsAnswered;
                k.waitsOpen += h.waitsOpen;
                if (h.firstMessageMs >= 0)
                    k.firstMessageMs = k.firstMessageMs < 0 ? h.firstMessageMs : std::min(k.firstMessageMs, h.firstMessageMs);
            }
        };
        struct Conversation
        {
            QVector<PulseMessage> messages;   // by time, then by when they came
            bool optedOut = false;
        };
        QVector<Conversation> conversations(60);
        for (int step = 0; step < 600; ++step) {
            Conversation& c = conversations[random.bounded(int(conversations.size()))];
            const ConversationPulse before = foldConversation(c.messages, c.optedOut);
            if (random.bounded(10) == 0) {
                c.optedOut = !c.optedOut;
            } else {
                const PulseMessage m{random.bounded(2) ? MessageDirection::Inbound : MessageDirection::Outbound,
                                     at(random.bounded(5 * 24 * 60))};
                auto it = std::upper_bound(c.messages.begin(), c.messages.end(), m.atMs,
                                           [](qint64 t, const PulseMessage& x) { return t < x.atMs; });
                c.messages.insert(it, m);
            }
            apply(hourlyChange(before, foldConversation(c.messages, c.optedOut)));
        }
        QVector<PulseHour> hours;
        for (const PulseHour& h : std::as_const(kept))
            if (!h.isZero())
                hours << h;
        const qint64 now = at(6 * 24 * 60 + 17);
        for (const qint64 since : {qint64(0), at(2 * 24 * 60 + 30), at(3 * 24 * 60)}) {
            PulseAccumulator accumulator(now, since);
            qint64 open = 0;
            for (const Conversation& c : std::as_const(conversations)) {
                accumulator.beginConversation(c.optedOut);
                for (const PulseMessage& m : c.messages)
                    accumulator.addMessage(m.direction, m.atMs);
                accumulator.endConversation();
                for (const ReplyWaitInterval& w : foldConversation(c.messages, c.optedOut).waits)
                    open += w.to < 0 ? 1 : 0;
            }
            QCOMPARE(firstMessageOfHours(hours), accumulator.firstMessageMs());
            for (const PulseGranularity g : {PulseGranularity::Hour, PulseGranularity::Day})
                QCOMPARE(progressFromHours(hours, now, since, g), accumulator.progress(g));
            QCOMPARE(std::accumulate(hours.cbegin(), hours.cend(), qint64(0),
                                     [](qint64 n, const PulseHour& h) { return n + h.waitsOpen; }),
                     open);
            QCOMPARE(open, qint64(accumulator.replyWait().waitingNow));
        }
    }
};

QTEST_GUILESS_MAIN(TestPulse)
#include "TestPulse.moc"
