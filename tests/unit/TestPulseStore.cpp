#include "controller/CampaignService.h"
#include "controller/ReassignmentController.h"
#include "core/Clock.h"
#include "storage/ConversationStore.h"
#include "storage/PulseStore.h"
#include "storage/Schema.h"
#include "StoreFixture.h"

#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

// A failure inside the helper ends the test there.
#define SAME_AS_RECOUNT(step)                                                                                          \
    do {                                                                                                               \
        compareWithRecount(step);                                                                                      \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {
QDateTime at(int hour, int minute)
{
    return QDateTime(QDate(2026, 11, 20), QTime(hour, minute), Qt::UTC);
}
} // namespace

// The Pulse series of a small campaign whose every message has a known time, recounted
// by hand. Dan texts five contacts; one reply is answered after 12 minutes, two wait,
// one contact opts out; at 11:05 a bulk action deals the two waiting replies to the
// sweepers; Cleo holds nothing. "Now" is 12:30.
class TestPulseStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void progressPerHourFromTheMessages();
    void progressPerDay();
    void replyWaitsWithMedianAndPercentile();
    void markerForTheBulkAction();
    void loadPerSenderInTheSenderListsOrder();
    void sinceNarrowsProgressWaitsAndMarkers();
    void unknownCampaignIsRefused();
    void seriesFollowMovesAndAnswers();
    void keptSumsEqualARecountAfterEveryChange();

private:
    void compareWithRecount(const char* step);
    qint64 conversationWith(SenderId owner, const QVector<QPair<QDateTime, MessageDirection>>& messages,
                            const QString& lastInbound = QStringLiteral("Sure"));

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cleo = 0, m_dan = 0;
};

qint64 TestPulseStore::conversationWith(SenderId owner,
                                        const QVector<QPair<QDateTime, MessageDirection>>& messages,
                                        const QString& lastInbound)
{
    const qint64 id = m_fx->conversation(m_campaign, owner, S::NotStarted, 0);
    ConversationStore store(m_fx->db());
    const QString phone = store.conversation(id)->phone;
    for (const auto& [when, direction] : messages) {
        const QString body = direction == MessageDirection::Outbound ? QStringLiteral("Hi!") : lastInbound;
        if (!store.recordMessage(m_campaign, phone, direction, body, when, direction == MessageDirection::Outbound ? owner : UnassignedId))
            return 0;
    }
    return id;
}

void TestPulseStore::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    Clock::setFixedNow(at(12, 30));
    m_campaign = m_fx->campaign("Pulse");
    m_dan = m_fx->sender(m_campaign, "Dan Park");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz", true);
    m_cleo = m_fx->sender(m_campaign, "Cleo Diaz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor", true);
    using D = MessageDirection;
    QVERIFY(conversationWith(m_dan, {{at(9, 0), D::Outbound}, {at(9, 10), D::Inbound}, {at(9, 22), D::Outbound}}));
    QVERIFY(conversationWith(m_dan, {{at(9, 30), D::Outbound}, {at(10, 40), D::Inbound}}));
    QVERIFY(conversationWith(m_dan, {{at(9, 40), D::Outbound}, {at(11, 0), D::Inbound}}));
    QVERIFY(m_fx->conversation(m_campaign, m_dan, S::NotStarted, 0));
    QVERIFY(m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 0));
    QVERIFY(conversationWith(m_dan, {{at(10, 10), D::Outbound}, {at(10, 15), D::Inbound}}, QStringLiteral("STOP")));

    Clock::setFixedNow(at(11, 5));
    ReassignmentController controller(m_fx->db(), QStringLiteral("Maria"));
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Bulk;
    request.action = ReassignAction::ReassignAll;
    request.status = StatusFilter::NeedsReply;
    request.targets = {m_ana, m_ben};
    const auto moved = controller.run(request);
    QVERIFY2(moved, qPrintable(moved.error()));
    QCOMPARE(moved->moved, 2);
    Clock::setFixedNow(at(12, 30));
}

void TestPulseStore::cleanup()
{
    Clock::setFixedNow(QDateTime());
    m_fx.reset();
}

void TestPulseStore::progressPerHourFromTheMessages()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign, at(12, 30), QDateTime());
    QVERIFY2(series, qPrintable(series.error()));
    QCOMPARE(series->granularity, PulseGranularity::Hour);
    const QVector<ProgressPoint> expected{
        {at(9, 0), 3, 1, 0},    // texted 9:00, 9:30, 9:40; the 9:10 reply answered at 9:22
        {at(10, 0), 1, 2, 1},   // texted 10:10; replies 10:15 (STOP) and 10:40, which waits
        {at(11, 0), 0, 1, 2},   // the 11:00 reply waits too
        {at(12, 0), 0, 0, 2},
    };
    QCOMPARE(series->progress, expected);
}

void TestPulseStore::progressPerDay()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign, at(12, 30), QDateTime(), PulseGranularity::Day);
    QVERIFY2(series, qPrintable(series.error()));
    QCOMPARE(series->progress, (QVector<ProgressPoint>{{at(0, 0), 4, 4, 2}}));
}

void TestPulseStore::replyWaitsWithMedianAndPercentile()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign, at(12, 30), QDateTime());
    QVERIFY2(series, qPrintable(series.error()));
    const ReplyWaitSeries& w = series->replyWait;
    QCOMPARE(w.answered, 1);
    QCOMPARE(w.medianSeconds, qint64(12 * 60));
    QCOMPARE(w.p95Seconds, qint64(12 * 60));
    QCOMPARE(w.waitingNow, 2);
    QCOMPARE(w.oldestWaitingSeconds, qint64(110 * 60));
    QVector<int> answered, waiting;
    for (const WaitBin& bin : w.bins) {
        answered << bin.answered;
        waiting << bin.waiting;
    }
    QCOMPARE(answered, (QVector<int>{0, 1, 0, 0, 0, 0, 0, 0, 0}));   // 12 min: 5–15 min
    QCOMPARE(waiting, (QVector<int>{0, 0, 0, 0, 2, 0, 0, 0, 0}));    // 90 and 110 min: 1–2 h
}

void TestPulseStore::markerForTheBulkAction()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign, at(12, 30), QDateTime());
    QVERIFY2(series, qPrintable(series.error()));
    QCOMPARE(series->markers.size(), 1);
    QCOMPARE(series->markers.first().at, at(11, 5));
    QCOMPARE(series->markers.first().moved, 2);
    QCOMPARE(series->markers.first().text, QStringLiteral("Bulk Reassign All Needs Reply, 2 → 2 sweepers"));
    const QString time = at(11, 5).toLocalTime().toString(QStringLiteral("HH:mm"));
    QCOMPARE(markerToolTip(series->markers.first(), PulseGranularity::Hour),
             time + QStringLiteral(" Bulk Reassign All Needs Reply, 2 → 2 sweepers"));
    // The table puts it in its hour.
    const PulseTable table = progressTable(*series);
    QCOMPARE(table.rows.at(2).at(4), time + QStringLiteral(" Bulk Reassign All Needs Reply, 2 → 2 sweepers"));
    QCOMPARE(table.rows.at(1).at(4), QString());
}

void TestPulseStore::loadPerSenderInTheSenderListsOrder()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign, at(12, 30), QDateTime());
    QVERIFY2(series, qPrintable(series.error()));
    QStringList rows;
    for (const SenderCounts& s : series->load)
        rows << QStringLiteral("%1%2: %3/%4/%5/%6")
                    .arg(s.name, s.sweeper ? QStringLiteral(" (sweeper)") : QString())
                    .arg(s.counts.notStarted)
                    .arg(s.counts.needsReply)
                    .arg(s.counts.waiting)
                    .arg(s.counts.optedOut);
    QCOMPARE(rows, (QStringList{QStringLiteral("Unassigned: 1/0/0/0"), QStringLiteral("Ana Ruiz (sweeper): 0/1/0/0"),
                                QStringLiteral("Ben Okafor (sweeper): 0/1/0/0"), QStringLiteral("Cleo Diaz: 0/0/0/0"),
                                QStringLiteral("Dan Park: 1/0/1/1")}));
    const PulseTable table = loadTable(*series);
    QCOMPARE(table.rows.at(1), (QStringList{QStringLiteral("Ana Ruiz"), QStringLiteral("yes"), QStringLiteral("On shift"),
                                            QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("0"),
                                            QStringLiteral("0"), QStringLiteral("1")}));
}

void TestPulseStore::sinceNarrowsProgressWaitsAndMarkers()
{
    const PulseStore store(m_fx->db());
    const auto series = store.series(m_campaign, at(12, 30), at(11, 0));
    QVERIFY2(series, qPrintable(series.error()));
    QCOMPARE(series->progress, (QVector<ProgressPoint>{{at(11, 0), 0, 1, 2}, {at(12, 0), 0, 0, 2}}));
    QCOMPARE(series->replyWait.answered, 0);
    QCOMPARE(series->replyWait.medianSeconds, qint64(-1));
    QCOMPARE(series->replyWait.waitingNow, 2);
    QCOMPARE(series->markers.size(), 1);
    QCOMPARE(store.series(m_campaign, at(12, 30), at(11, 10))->markers.size(), 0);
    // The tab's "last 8 hours" narrows only the answered replies.
    const auto lastShift = store.series(m_campaign, at(12, 30), QDateTime(), std::nullopt, at(9, 30));
    QCOMPARE(lastShift->progress.size(), 4);
    QCOMPARE(lastShift->replyWait.answered, 0);
}

void TestPulseStore::unknownCampaignIsRefused()
{
    const auto series = PulseStore(m_fx->db()).series(m_campaign + 100, at(12, 30), QDateTime());
    QVERIFY(!series);
    QCOMPARE(series.error(), QStringLiteral("There is no campaign with id %1.").arg(m_campaign + 100));
}

void TestPulseStore::seriesFollowMovesAndAnswers()
{
    const PulseStore store(m_fx->db());
    const auto first = store.series(m_campaign, at(12, 30), QDateTime());
    QVERIFY2(first, qPrintable(first.error()));

    // A bulk action moves conversations, not messages: the same progress, new load and markers.
    ReassignmentController controller(m_fx->db(), QStringLiteral("Maria"));
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Sender;
    request.source = m_ana;
    request.action = ReassignAction::ReassignAll;
    request.targets = {m_cleo};
    QVERIFY(controller.run(request));
    const auto moved = store.series(m_campaign, at(12, 45), QDateTime());
    QVERIFY(moved);
    QCOMPARE(moved->progress.mid(0, 4), first->progress);
    QCOMPARE(moved->load.at(3).name, QStringLiteral("Cleo Diaz"));
    QCOMPARE(moved->load.at(3).counts.needsReply, 1);
    QCOMPARE(moved->markers.size(), 2);
    QCOMPARE(moved->replyWait.oldestWaitingSeconds, qint64(125 * 60));   // "now" moved on

    // A reply answered: in the series at once.
    Clock::setFixedNow(at(12, 45));
    ConversationStore conversations(m_fx->db());
    ConversationSource cleos;
    cleos.campaignId = m_campaign;
    cleos.bulk = false;
    cleos.sender = m_cleo;
    cleos.status = StatusFilter::NeedsReply;
    const qint64 waiting = conversations.candidates(cleos, 1).first().conversationId;
    QVERIFY(conversations.recordMessage(m_campaign, conversations.conversation(waiting)->phone,
                                        MessageDirection::Outbound, QStringLiteral("Thanks!"), at(12, 40), m_cleo));
    const auto answered = store.series(m_campaign, at(12, 45), QDateTime());
    QVERIFY(answered);
    QCOMPARE(answered->replyWait.answered, 2);
    QCOMPARE(answered->replyWait.waitingNow, 1);
}

void TestPulseStore::compareWithRecount(const char* step)
{
    const PulseStore store(m_fx->db());
    const QDateTime now = Clock::nowUtc();
    struct Variant
    {
        QDateTime since;
        std::optional<PulseGranularity> granularity;
        QDateTime waitSince;
    };
    const Variant variants[] = {{QDateTime(), std::nullopt, QDateTime()},
                                {QDateTime(), PulseGranularity::Hour, QDateTime()},
                                {QDateTime(), PulseGranularity::Day, QDateTime()},
                                {at(10, 30), PulseGranularity::Hour, QDateTime()},
                                {at(9, 10), std::nullopt, QDateTime()},
                                {QDateTime(), PulseGranularity::Hour, at(9, 22)},
                                {QDateTime(), PulseGranularity::Hour, at(9, 22).addMSecs(1)}};
    for (const Variant& v : variants) {
        const auto kept = store.series(m_campaign, now, v.since, v.granularity, v.waitSince);
        const auto counted = store.recount(m_campaign, now, v.since, v.granularity, v.waitSince);
        QVERIFY2(kept && counted, step);
        QVERIFY2(!counted->progress.isEmpty(), step);
        QCOMPARE(kept->granularity, counted->granularity);
        if (kept->progress != counted->progress) {
            for (const ProgressPoint& p : kept->progress)
                qWarning("kept    %s %d %d %d", qPrintable(p.start.toString(Qt::ISODate)), p.firstTexts,
                         p.repliesReceived, p.repliesWaiting);
            for (const ProgressPoint& p : counted->progress)
                qWarning("counted %s %d %d %d", qPrintable(p.start.toString(Qt::ISODate)), p.firstTexts,
                         p.repliesReceived, p.repliesWaiting);
            QFAIL(step);
        }
        const ReplyWaitSeries& a = kept->replyWait;
        const ReplyWaitSeries& b = counted->replyWait;
        QVERIFY2(a.answered == b.answered && a.waitingNow == b.waitingNow && a.medianSeconds == b.medianSeconds
                     && a.p95Seconds == b.p95Seconds && a.oldestWaitingSeconds == b.oldestWaitingSeconds,
                 qPrintable(QStringLiteral("%1: answered %2/%3 waiting %4/%5 median %6/%7 p95 %8/%9 oldest %10/%11")
                                .arg(QLatin1String(step))
                                .arg(a.answered).arg(b.answered)
                                .arg(a.waitingNow).arg(b.waitingNow)
                                .arg(a.medianSeconds).arg(b.medianSeconds)
                                .arg(a.p95Seconds).arg(b.p95Seconds)
                                .arg(a.oldestWaitingSeconds).arg(b.oldestWaitingSeconds)));
        QCOMPARE(a.bins.size(), b.bins.size());
        for (qsizetype i = 0; i < a.bins.size(); ++i) {
            QVERIFY2(a.bins.at(i).answered == b.bins.at(i).answered, step);
            QVERIFY2(a.bins.at(i).waiting == b.bins.at(i).waiting, step);
        }
        QCOMPARE(replyWaitTable(*kept).rows, replyWaitTable(*counted).rows);
    }
}

void TestPulseStore::keptSumsEqualARecountAfterEveryChange()
{
    using D = MessageDirection;
    SAME_AS_RECOUNT("the campaign as made");
    ConversationStore conversations(m_fx->db());
    CampaignService service(m_fx->db());
    ReassignmentController controller(m_fx->db(), QStringLiteral("Maria"));
    auto record = [&](qint64 conversation, D direction, const QDateTime& when, const QString& body = QStringLiteral("ok"),
                      const QString& providerId = QString()) {
        return bool(conversations.recordMessage(m_campaign, conversations.conversation(conversation)->phone, direction,
                                                body, when, direction == D::Outbound ? m_dan : UnassignedId,
                                                providerId));
    };

    // A contact who writes first; a reply in another hour; two replies in a row, answered once.
    const qint64 first = m_fx->conversation(m_campaign, m_cleo, S::NotStarted, 0);
    QVERIFY(record(first, D::Inbound, at(8, 55)));
    SAME_AS_RECOUNT("a contact wrote first");
    QVERIFY(record(first, D::Inbound, at(9, 5)));
    QVERIFY(record(first, D::Outbound, at(10, 2)));
    SAME_AS_RECOUNT("two replies answered once");

    // Out of order: an older reply slipped in before a text, an older text before the
    // first one, a message at the same millisecond as another.
    const qint64 late = m_fx->conversation(m_campaign, m_dan, S::NotStarted, 0);
    QVERIFY(record(late, D::Outbound, at(11, 0)));
    QVERIFY(record(late, D::Outbound, at(11, 50)));
    QVERIFY(record(late, D::Inbound, at(11, 20)));
    SAME_AS_RECOUNT("a reply recorded after its answer");
    QVERIFY(record(late, D::Outbound, at(7, 45)));
    SAME_AS_RECOUNT("an older first text");
    QVERIFY(record(late, D::Inbound, at(11, 20)));
    QVERIFY(record(late, D::Outbound, at(11, 20)));
    SAME_AS_RECOUNT("messages at the same moment");

    // A text the provider could not deliver counts for nothing: no first text, no answer.
    const qint64 undelivered = m_fx->conversation(m_campaign, m_dan, S::NotStarted, 0);
    QVERIFY(conversations.recordMessage(m_campaign, conversations.conversation(undelivered)->phone, D::Outbound,
                                        QStringLiteral("hi"), at(9, 30), m_dan, QStringLiteral("SMF1"), nullptr,
                                        /* failed */ true));
    SAME_AS_RECOUNT("a failed text");
    QVERIFY(record(undelivered, D::Outbound, at(9, 40)));
    QVERIFY(record(undelivered, D::Inbound, at(9, 45)));
    QVERIFY(conversations.recordMessage(m_campaign, conversations.conversation(undelivered)->phone, D::Outbound,
                                        QStringLiteral("answer"), at(9, 50), m_dan, QStringLiteral("SMF2"), nullptr,
                                        /* failed */ true));
    SAME_AS_RECOUNT("a failed answer leaves the reply waiting");
    QVERIFY(record(undelivered, D::Inbound, at(9, 55)));
    SAME_AS_RECOUNT("the conversation folded again past its failed answer");

    // The same message imported twice adds nothing.
    QVERIFY(record(late, D::Inbound, at(12, 1), QStringLiteral("again"), QStringLiteral("SM1")));
    QVERIFY(record(late, D::Inbound, at(12, 1), QStringLiteral("again"), QStringLiteral("SM1")));
    SAME_AS_RECOUNT("a message imported twice");

    // Opt-out and opt-in: by STOP, by the button, undone, and an answer after it.
    QVERIFY(record(late, D::Inbound, at(12, 10), QStringLiteral("STOP")));
    SAME_AS_RECOUNT("an inbound STOP");
    QVERIFY(service.setOptedOut(late, false));
    SAME_AS_RECOUNT("opted in again");
    QVERIFY(service.setOptedOut(late, true));
    QVERIFY(record(late, D::Outbound, at(12, 20)));
    SAME_AS_RECOUNT("an answer to a contact who opted out");
    QVERIFY(service.setOptedOut(first, true));
    QVERIFY(service.setOptedOut(first, false));
    SAME_AS_RECOUNT("opted out and in with nothing waiting");

    // Moves and their undo change no message.
    ReassignRequest request;
    request.campaignId = m_campaign;
    request.scope = ReassignScope::Bulk;
    request.action = ReassignAction::UnassignAll;
    request.status = StatusFilter::Any;
    QVERIFY(controller.run(request));
    SAME_AS_RECOUNT("everything unassigned");
    QVERIFY(controller.undoLast(m_campaign));
    SAME_AS_RECOUNT("undone");

    // Another day, and a message stored in the future (as an old import could).
    QVERIFY(record(first, D::Inbound, at(12, 0).addDays(2)));
    Clock::setFixedNow(at(13, 0).addDays(2));
    SAME_AS_RECOUNT("two days later");
    QVERIFY(record(first, D::Outbound, at(12, 0).addDays(5)));
    SAME_AS_RECOUNT("a text dated in the future");

    // The migration's backfill and a rebuild give the same sums as recording did.
    for (const char* table : {"pulse_hours", "pulse_waits"})
        QVERIFY(m_fx->db().exec(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))));
    for (const QString& statement : Schema::pulseBackfill(false))
        QVERIFY2(m_fx->db().exec(statement), qPrintable(m_fx->db().lastError()));
    SAME_AS_RECOUNT("filled by schema 7's backfill");
    QVERIFY(PulseStore(m_fx->db()).rebuild(m_campaign));
    SAME_AS_RECOUNT("rebuilt");
}

QTEST_GUILESS_MAIN(TestPulseStore)
#include "TestPulseStore.moc"
