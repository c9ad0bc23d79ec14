#include "storage/PulseStore.h"

#include "core/SenderOrder.h"
#include "storage/CampaignStore.h"
#include "storage/CopyRows.h"
#include "storage/Database.h"
#include "storage/MoveStore.h"
#include "storage/Schema.h"
#include "storage/SqliteStatement.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

namespace Handoff {

namespace {
// "How many of them waited at least each bin's lower edge", one column per edge after the
// first: a wait of s whole seconds (ms / 1000) is at least an edge e when ms >= 1000 e.
QString atLeastEdgesSql(const QString& ms)
{
    const auto& edges = waitBinEdges();
    QStringList columns;
    for (qsizetype i = 1; i < edges.size(); ++i)
        columns << QStringLiteral("SUM(CASE WHEN %1 >= %2 THEN 1 ELSE 0 END)").arg(ms).arg(edges.at(i) * 1000);
    return columns.join(QStringLiteral(", "));
}

ReplyWaitSeries emptyWaits()
{
    ReplyWaitSeries series;
    const auto& edges = waitBinEdges();
    for (qsizetype i = 0; i < edges.size(); ++i)
        series.bins << WaitBin{edges.at(i), i + 1 < edges.size() ? edges.at(i + 1) : -1, 0, 0};
    return series;
}
} // namespace

Outcome<PulseSeries> PulseStore::series(qint64 campaignId, const QDateTime& now, const QDateTime& since,
                                        std::optional<PulseGranularity> granularity,
                                        const QDateTime& waitSince) const
{
    if (!CampaignStore(m_db).campaign(campaignId))
        return Outcome<PulseSeries>::failure(tr("There is no campaign with id %1.").arg(campaignId));
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 sinceMs = since.isValid() ? since.toMSecsSinceEpoch() : 0;
    const Outcome<QVector<PulseHour>> hours = readHours(campaignId);
    if (!hours)
        return Outcome<PulseSeries>::failure(hours.error());
    const Outcome<ReplyWaitSeries> waits
        = readWaits(campaignId, *hours, nowMs, waitSince.isValid() ? waitSince.toMSecsSinceEpoch() : sinceMs);
    if (!waits)
        return Outcome<PulseSeries>::failure(waits.error());

    PulseSeries result;
    result.now = now.toUTC();
    result.since = since.isValid() ? since.toUTC() : QDateTime();
    result.granularity = granularity.value_or(defaultGranularity(std::max(firstMessageOfHours(*hours), sinceMs), nowMs));
    result.progress = progressFromHours(*hours, nowMs, sinceMs, result.granularity);
    result.replyWait = *waits;
    // The senders are read once (their last texts cost an index probe each): the load,
    // and which of them sweep for the markers' text.
    result.load = load(campaignId);
    QSet<SenderId> sweepers;
    for (const SenderCounts& s : std::as_const(result.load))
        if (s.sweeper)
            sweepers.insert(s.id);
    result.markers = markers(campaignId, since, sweepers);
    return result;
}

Outcome<PulseSeries> PulseStore::recount(qint64 campaignId, const QDateTime& now, const QDateTime& since,
                                         std::optional<PulseGranularity> granularity,
                                         const QDateTime& waitSince) const
{
    if (!CampaignStore(m_db).campaign(campaignId))
        return Outcome<PulseSeries>::failure(tr("There is no campaign with id %1.").arg(campaignId));
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 sinceMs = since.isValid() ? since.toMSecsSinceEpoch() : 0;
    PulseAccumulator accumulator(nowMs, sinceMs);
    if (const Outcome<Done> read = readMessages(campaignId, accumulator); !read)
        return Outcome<PulseSeries>::failure(read.error());
    PulseSeries result;
    result.now = now.toUTC();
    result.since = since.isValid() ? since.toUTC() : QDateTime();
    result.granularity = granularity.value_or(defaultGranularity(std::max(accumulator.firstMessageMs(), sinceMs), nowMs));
    result.progress = accumulator.progress(result.granularity);
    result.replyWait = waitSince.isValid() ? accumulator.replyWait(waitSince.toMSecsSinceEpoch())
                                           : accumulator.replyWait();
    result.markers = markers(campaignId, since);
    result.load = load(campaignId);
    return result;
}

Outcome<QVector<PulseHour>> PulseStore::readHours(qint64 campaignId) const
{
    using Result = Outcome<QVector<PulseHour>>;
    // A few hundred rows (one per hour with a message), however many messages.
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT hour, SUM(messages), SUM(first_texts), SUM(replies), SUM(waits_from), SUM(waits_answered),"
        " SUM(waits_open), MIN(first_at), COUNT(*) FROM pulse_hours WHERE campaign_id = ? GROUP BY hour ORDER BY hour"));
    q.setForwardOnly(true);
    q.addBindValue(campaignId);
    if (!m_db.exec(q))
        return Result::failure(tr("The campaign's progress could not be read: %1").arg(m_db.lastError()));
    QVector<PulseHour> hours;
    qint64 stored = 0;
    while (q.next()) {
        PulseHour h;
        h.hourMs = q.value(0).toLongLong();
        h.messages = q.value(1).toLongLong();
        h.firstTexts = q.value(2).toLongLong();
        h.replies = q.value(3).toLongLong();
        h.waitsFrom = q.value(4).toLongLong();
        h.waitsAnswered = q.value(5).toLongLong();
        h.waitsOpen = q.value(6).toLongLong();
        h.firstMessageMs = q.value(7).isNull() ? -1 : q.value(7).toLongLong();
        stored += q.value(8).toLongLong();
        if (!h.isZero())
            hours << h;
    }
    q.finish();
    // PostgreSQL appends a delta per change; fold them once they outnumber the hours, so
    // this read stays a few hundred rows however busy the campaign is.
    if (m_db.dialect() == Database::Dialect::Postgres && !m_db.inTransaction()
        && stored > 2 * qint64(hours.size()) + 1000)
        compactHours(campaignId);
    return hours;
}

void PulseStore::compactHours(qint64 campaignId) const
{
    // As CampaignStore::compactCounts: only committed deltas are taken, and one committed
    // meanwhile stays and is added on top.
    Transaction tx(m_db);
    if (!tx.active())
        return;
    QSqlQuery fold = m_db.prepare(QStringLiteral(
        "WITH gone AS (DELETE FROM pulse_hours WHERE campaign_id = ?"
        "  RETURNING hour, messages, first_texts, replies, waits_from, waits_answered, waits_open, first_at)"
        " INSERT INTO pulse_hours (campaign_id, hour, messages, first_texts, replies, waits_from, waits_answered,"
        "  waits_open, first_at)"
        " SELECT ?, hour, SUM(messages), SUM(first_texts), SUM(replies), SUM(waits_from), SUM(waits_answered),"
        "  SUM(waits_open), MIN(first_at) FROM gone GROUP BY hour"));
    fold.addBindValue(campaignId);
    fold.addBindValue(campaignId);
    if (m_db.exec(fold))
        tx.commit();
}

Outcome<ReplyWaitSeries> PulseStore::readWaits(qint64 campaignId, const QVector<PulseHour>& hours, qint64 nowMs,
                                               qint64 answeredSinceMs) const
{
    using Result = Outcome<ReplyWaitSeries>;
    auto failed = [this] { return Result::failure(tr("The reply waits could not be read: %1").arg(m_db.lastError())); };
    ReplyWaitSeries series = emptyWaits();
    const auto& edges = waitBinEdges();
    // Counts of "at least edge i" give the bins: bin i holds those at least edge i and not
    // at least edge i + 1.
    auto fillBins = [&](const QVector<int>& atLeast, int WaitBin::*count) {
        for (qsizetype i = 0; i < edges.size(); ++i)
            series.bins[i].*count = atLeast.at(i) - (i + 1 < edges.size() ? atLeast.at(i + 1) : 0);
    };
    // The answered waits, along the index from answeredSinceMs, counted in one pass.
    QSqlQuery answered = m_db.prepare(QStringLiteral(
        "SELECT COUNT(*), %1 FROM pulse_waits WHERE campaign_id = ? AND answered_at >= ?")
                                          .arg(atLeastEdgesSql(QStringLiteral("answered_at - replied_at"))));
    answered.addBindValue(campaignId);
    answered.addBindValue(answeredSinceMs);
    if (!m_db.exec(answered) || !answered.next())
        return failed();
    QVector<int> atLeast;
    for (qsizetype i = 0; i < edges.size(); ++i)
        atLeast << answered.value(int(i)).toInt();
    answered.finish();
    fillBins(atLeast, &WaitBin::answered);
    series.answered = atLeast.first();
    // The median and the 95th percentile: the wait at their nearest rank.
    auto waitAtRank = [&](qsizetype rank) -> qint64 {
        QSqlQuery q = m_db.prepare(QStringLiteral(
            "SELECT (answered_at - replied_at) / 1000 FROM pulse_waits WHERE campaign_id = ? AND answered_at >= ?"
            " ORDER BY answered_at - replied_at LIMIT 1 OFFSET ?"));
        q.addBindValue(campaignId);
        q.addBindValue(answeredSinceMs);
        q.addBindValue(qint64(rank - 1));
        return m_db.exec(q) && q.next() ? q.value(0).toLongLong() : -2;
    };
    if (series.answered > 0) {
        series.medianSeconds = waitAtRank(percentileRank(series.answered, 0.5));
        series.p95Seconds = waitAtRank(percentileRank(series.answered, 0.95));
        if (series.medianSeconds < -1 || series.p95Seconds < -1)
            return failed();
    }
    // The replies waiting now: one waited at least an edge e when it began at or before
    // t = now - 1000 e. Those that began in the hours before t's hour are in the hourly
    // sums; only t's own hour is counted from the index (campaign, NULL answer, start).
    qint64 open = 0;
    for (const PulseHour& h : hours)
        open += h.waitsOpen;
    atLeast = {int(open)};
    QSqlQuery boundary = m_db.prepare(QStringLiteral(
        "SELECT COUNT(*) FROM pulse_waits WHERE campaign_id = ? AND answered_at IS NULL"
        " AND replied_at >= ? AND replied_at <= ?"));
    for (qsizetype i = 1; i < edges.size(); ++i) {
        const qint64 t = nowMs - edges.at(i) * 1000;
        const qint64 hour = bucketStart(t, PulseGranularity::Hour);
        qint64 n = 0;
        for (const PulseHour& h : hours)
            if (h.hourMs < hour)
                n += h.waitsOpen;
        if (open > 0) {
            boundary.addBindValue(campaignId);
            boundary.addBindValue(hour);
            boundary.addBindValue(t);
            if (!m_db.exec(boundary) || !boundary.next())
                return failed();
            n += boundary.value(0).toLongLong();
            boundary.finish();
        }
        atLeast << int(n);
    }
    qint64 oldestFrom = -1;
    if (open > 0) {
        // The first entry of the index's range of waits without an answer.
        QSqlQuery oldest = m_db.prepare(QStringLiteral(
            "SELECT MIN(replied_at) FROM pulse_waits WHERE campaign_id = ? AND answered_at IS NULL"));
        oldest.addBindValue(campaignId);
        if (!m_db.exec(oldest) || !oldest.next())
            return failed();
        oldestFrom = oldest.value(0).toLongLong();
    }
    fillBins(atLeast, &WaitBin::waiting);
    series.waitingNow = atLeast.first();
    if (series.waitingNow > 0)
        series.oldestWaitingSeconds = std::max<qint64>(0, (nowMs - oldestFrom) / 1000);
    return series;
}

Outcome<Done> PulseStore::conversationChanged(qint64 campaignId, qint64 conversationId, qint64 addedMessageId,
                                              bool optedOutBefore)
{
    auto failed = [this] {
        return Outcome<Done>::failure(tr("The Pulse sums could not be kept: %1").arg(m_db.lastError()));
    };
    QSqlQuery state = m_db.prepare(QStringLiteral("SELECT opted_out FROM conversations WHERE id = ?"));
    state.addBindValue(conversationId);
    if (!m_db.exec(state) || !state.next())
        return failed();
    const bool optedOut = state.value(0).toInt() != 0;
    state.finish();
    QSqlQuery read = m_db.prepare(QStringLiteral(
        "SELECT id, direction, at FROM messages WHERE conversation_id = ? AND failed = 0 ORDER BY at, id"));
    read.setForwardOnly(true);
    read.addBindValue(conversationId);
    if (!m_db.exec(read))
        return failed();
    QVector<PulseMessage> now;
    QVector<PulseMessage> was;
    while (read.next()) {
        const PulseMessage m{MessageDirection(read.value(1).toInt()), read.value(2).toLongLong()};
        now << m;
        if (read.value(0).toLongLong() != addedMessageId)
            was << m;
    }
    read.finish();
    const ConversationPulse before = foldConversation(was, optedOutBefore);
    const ConversationPulse after = foldConversation(now, optedOut);

    if (!addHours(campaignId, hourlyChange(before, after)))
        return failed();
    if (before.waits != after.waits && !replaceWaits(campaignId, conversationId, after.waits))
        return failed();
    return Done{};
}

bool PulseStore::copyWaits(qint64 campaignId, const QVector<std::pair<qint64, ReplyWaitInterval>>& waits)
{
    if (waits.isEmpty())
        return true;
    CopyRows rows;
    rows.reserve(waits.size() * 48);
    for (const auto& [conversation, w] : waits) {
        rows.field(conversation).field(campaignId).field(w.from);
        if (w.to >= 0)
            rows.field(w.to);
        else
            rows.null();
        rows.endRow();
    }
    return m_db.copyIn(QStringLiteral("COPY pulse_waits (conversation_id, campaign_id, replied_at, answered_at) FROM STDIN"),
                       rows.data());
}

bool PulseStore::addHours(qint64 campaignId, const QVector<PulseHour>& change)
{
    if (change.size() > 1 && m_db.dialect() == Database::Dialect::Postgres) {
        // A batch's delta rows in one COPY rather than a statement an hour.
        CopyRows rows;
        for (const PulseHour& h : change) {
            rows.field(campaignId).field(h.hourMs).field(h.messages).field(h.firstTexts).field(h.replies);
            rows.field(h.waitsFrom).field(h.waitsAnswered).field(h.waitsOpen);
            if (h.firstMessageMs >= 0)
                rows.field(h.firstMessageMs);
            else
                rows.null();
            rows.endRow();
        }
        return m_db.copyIn(QStringLiteral("COPY pulse_hours (campaign_id, hour, messages, first_texts, replies,"
                                          " waits_from, waits_answered, waits_open, first_at) FROM STDIN"),
                           rows.data());
    }
    if (!change.isEmpty()) {
        // SQLite: one row per hour, one writer at a time. PostgreSQL: a delta row, which
        // locks nothing another writer of the campaign could wait for.
        QSqlQuery add = m_db.prepare(
            QStringLiteral("INSERT INTO pulse_hours (campaign_id, hour, messages, first_texts, replies, waits_from,"
                           " waits_answered, waits_open, first_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            + (m_db.dialect() == Database::Dialect::Sqlite
                   ? QStringLiteral(" ON CONFLICT (campaign_id, hour) DO UPDATE SET"
                                    " messages = messages + excluded.messages,"
                                    " first_texts = first_texts + excluded.first_texts,"
                                    " replies = replies + excluded.replies,"
                                    " waits_from = waits_from + excluded.waits_from,"
                                    " waits_answered = waits_answered + excluded.waits_answered,"
                                    " waits_open = waits_open + excluded.waits_open,"
                                    " first_at = CASE WHEN excluded.first_at IS NULL THEN first_at"
                                    "  WHEN first_at IS NULL THEN excluded.first_at"
                                    "  ELSE MIN(first_at, excluded.first_at) END")
                   : QString()));
        for (const PulseHour& h : change) {
            add.addBindValue(campaignId);
            add.addBindValue(h.hourMs);
            add.addBindValue(h.messages);
            add.addBindValue(h.firstTexts);
            add.addBindValue(h.replies);
            add.addBindValue(h.waitsFrom);
            add.addBindValue(h.waitsAnswered);
            add.addBindValue(h.waitsOpen);
            add.addBindValue(h.firstMessageMs >= 0 ? QVariant(h.firstMessageMs) : QVariant(QMetaType::fromType<qint64>()));
            if (!m_db.exec(add))
                return false;
        }
    }
    return true;
}

bool PulseStore::replaceWaits(qint64 campaignId, qint64 conversationId, const QVector<ReplyWaitInterval>& waits)
{
    QSqlQuery clear = m_db.prepare(QStringLiteral("DELETE FROM pulse_waits WHERE conversation_id = ?"));
    clear.addBindValue(conversationId);
    if (!m_db.exec(clear))
        return false;
    QSqlQuery insert = m_db.prepare(QStringLiteral(
        "INSERT INTO pulse_waits (conversation_id, campaign_id, replied_at, answered_at) VALUES (?, ?, ?, ?)"));
    for (const ReplyWaitInterval& w : waits) {
        insert.addBindValue(conversationId);
        insert.addBindValue(campaignId);
        insert.addBindValue(w.from);
        insert.addBindValue(w.to >= 0 ? QVariant(w.to) : QVariant(QMetaType::fromType<qint64>()));
        if (!m_db.exec(insert))
            return false;
    }
    return true;
}

Outcome<Done> PulseStore::conversationsChanged(qint64 campaignId, const QVector<BatchChange>& changes,
                                               qint64 lastIdBefore)
{
    auto failed = [this] {
        return Outcome<Done>::failure(tr("The Pulse sums could not be kept: %1").arg(m_db.lastError()));
    };
    const bool postgres = m_db.dialect() == Database::Dialect::Postgres;
    // The conversations' messages in chunks, each conversation's in its order (on
    // PostgreSQL, whose batches are bigger, in fewer statements).
    const int Chunk = postgres ? 4000 : 500;
    QMap<qint64, PulseHour> hours;
    // SQLite: each conversation's messages along messages_by_conversation (whose entries
    // end with the id: already in the order of time, then id), by a statement prepared once.
    const bool sqlite = m_db.dialect() == Database::Dialect::Sqlite;
    std::optional<SqliteStatement> messagesOf;
    std::optional<SqliteStatement> clearWaits;
    std::optional<SqliteStatement> addWait;
    if (sqlite) {
        messagesOf.emplace(m_db, QStringLiteral("SELECT id, direction, at FROM messages WHERE conversation_id = ?1"
                                                " AND failed = 0 ORDER BY at, id"));
        clearWaits.emplace(m_db, QStringLiteral("DELETE FROM pulse_waits WHERE conversation_id = ?1"));
        addWait.emplace(m_db, QStringLiteral("INSERT INTO pulse_waits (conversation_id, campaign_id, replied_at,"
                                             " answered_at) VALUES (?1, ?2, ?3, ?4)"));
        if (!messagesOf->isValid() || !clearWaits->isValid() || !addWait->isValid())
            return failed();
    }
    for (int from = 0; from < changes.size(); from += Chunk) {
        const int to = std::min<int>(from + Chunk, changes.size());
        QHash<qint64, int> indexOf;
        QStringList ids;
        for (int i = from; i < to; ++i) {
            indexOf.insert(changes[i].conversationId, i);
            if (!sqlite)
                ids << QString::number(changes[i].conversationId);
        }
        qint64 current = 0;
        // The conversations whose kept waits change, with their waits as they are now.
        QVector<std::pair<qint64, QVector<ReplyWaitInterval>>> replaced;
        QVector<PulseMessage> now;
        QVector<PulseMessage> was;
        auto fold = [&]() {
            if (current == 0)
                return true;
            const BatchChange& c = changes[indexOf.value(current)];
            const ConversationPulse before = foldConversation(was, c.optedOutBefore);
            const ConversationPulse after = foldConversation(now, c.optedOutAfter);
            for (const PulseHour& h : hourlyChange(before, after)) {
                PulseHour& sum = hours[h.hourMs];
                sum.hourMs = h.hourMs;
                sum.messages += h.messages;
                sum.firstTexts += h.firstTexts;
                sum.replies += h.replies;
                sum.waitsFrom += h.waitsFrom;
                sum.waitsAnswered += h.waitsAnswered;
                sum.waitsOpen += h.waitsOpen;
                if (h.firstMessageMs >= 0 && (sum.firstMessageMs < 0 || h.firstMessageMs < sum.firstMessageMs))
                    sum.firstMessageMs = h.firstMessageMs;
            }
            if (before.waits != after.waits)
                replaced.append({current, after.waits});
            return true;
        };
        // Read whole before any wait is written: one statement at a time on the connection.
        struct Row
        {
            qint64 conversationId;
            qint64 id;
            PulseMessage message;
        };
        QVector<Row> rows;
        if (sqlite) {
            for (int i = from; i < to; ++i) {
                messagesOf->bind(1, changes[i].conversationId);
                while (messagesOf->next())
                    rows.append({changes[i].conversationId, messagesOf->int64(0),
                                 PulseMessage{MessageDirection(messagesOf->int64(1)), messagesOf->int64(2)}});
                messagesOf->reset();
                if (messagesOf->failed())
                    return failed();
            }
        } else {
            // PostgreSQL: the chunk's messages in one statement. The ids are numbers this
            // code made: safe in the statement's text. Unprepared: one round trip instead
            // of three for a statement run once.
            QSqlQuery read;
            if (!m_db.execDirect(read, QStringLiteral("SELECT conversation_id, id, direction, at FROM messages"
                                                      " WHERE conversation_id IN (%1) AND failed = 0"
                                                      " ORDER BY conversation_id, at, id")
                                           .arg(ids.join(QLatin1Char(',')))))
                return failed();
            while (read.next())
                rows.append({read.value(0).toLongLong(), read.value(1).toLongLong(),
                             PulseMessage{MessageDirection(read.value(2).toInt()), read.value(3).toLongLong()}});
            read.finish();
        }
        for (int r = 0; r < rows.size(); ++r) {
            if (rows[r].conversationId != current) {
                if (!fold())
                    return failed();
                current = rows[r].conversationId;
                now.clear();
                was.clear();
            }
            now << rows[r].message;
            if (rows[r].id <= lastIdBefore)
                was << rows[r].message;
        }
        if (!fold())
            return failed();
        if (!replaced.isEmpty() && sqlite) {
            // SQLite: by statements prepared once, a conversation at a time.
            for (const auto& [conversation, intervals] : std::as_const(replaced)) {
                clearWaits->bind(1, conversation);
                if (!clearWaits->run())
                    return failed();
                for (const ReplyWaitInterval& w : intervals) {
                    addWait->bind(1, conversation);
                    addWait->bind(2, campaignId);
                    addWait->bind(3, w.from);
                    if (w.to >= 0)
                        addWait->bind(4, w.to);
                    else
                        addWait->bindNull(4);
                    if (!addWait->run())
                        return failed();
                }
            }
        } else if (!replaced.isEmpty()) {
            // PostgreSQL: the chunk's changed waits in two statements rather than two a
            // conversation.
            QStringList changed;
            QVector<std::pair<qint64, ReplyWaitInterval>> waits;
            for (const auto& [conversation, intervals] : std::as_const(replaced)) {
                changed << QString::number(conversation);
                for (const ReplyWaitInterval& w : intervals)
                    waits.append({conversation, w});
            }
            QSqlQuery clear;
            if (!m_db.execDirect(clear, QStringLiteral("DELETE FROM pulse_waits WHERE conversation_id IN (%1)")
                                            .arg(changed.join(QLatin1Char(',')))))
                return failed();
            if (!copyWaits(campaignId, waits))
                return failed();
        }
    }
    if (!addHours(campaignId, hours.values().toVector()))
        return failed();
    return Done{};
}

Outcome<Done> PulseStore::rebuild(qint64 campaignId)
{
    auto failed = [this] {
        return Outcome<Done>::failure(tr("The Pulse sums could not be made again: %1").arg(m_db.lastError()));
    };
    std::optional<Transaction> own;
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        if (!own->active())
            return failed();
    }
    QStringList statements{QStringLiteral("DELETE FROM pulse_hours WHERE campaign_id = ?"),
                           QStringLiteral("DELETE FROM pulse_waits WHERE campaign_id = ?")};
    statements += Schema::pulseBackfill(true);
    for (const QString& statement : std::as_const(statements)) {
        QSqlQuery q = m_db.prepare(statement);
        q.addBindValue(campaignId);
        if (!m_db.exec(q))
            return failed();
    }
    if (own && !own->commit())
        return failed();
    return Done{};
}

Outcome<Done> PulseStore::readMessages(qint64 campaignId, PulseAccumulator& accumulator) const
{
    // Each conversation's messages by time, conversation after conversation. The messages
    // are read in the order of messages_by_conversation and each one's conversation found
    // by its key (CROSS JOIN keeps SQLite's loops in that order): no sort, no temporary
    // table. Going from the campaign's conversations instead sorts every message first
    // (10 s of CPU on a million conversations against 1 s).
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT m.conversation_id, m.direction, m.at, c.opted_out FROM messages m"
        " CROSS JOIN conversations c"
        " WHERE c.id = m.conversation_id AND c.campaign_id = ? AND m.failed = 0"
        " ORDER BY m.conversation_id, m.at, m.id"));
    q.setForwardOnly(true);
    q.addBindValue(campaignId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(tr("The campaign's messages could not be read: %1").arg(m_db.lastError()));
    qint64 current = -1;
    while (q.next()) {
        const qint64 conversation = q.value(0).toLongLong();
        if (conversation != current) {
            if (current >= 0)
                accumulator.endConversation();
            accumulator.beginConversation(q.value(3).toInt() != 0);
            current = conversation;
        }
        accumulator.addMessage(MessageDirection(q.value(1).toInt()), q.value(2).toLongLong());
    }
    if (current >= 0)
        accumulator.endConversation();
    return Done{};
}

QVector<PulseMarker> PulseStore::markers(qint64 campaignId, const QDateTime& since) const
{
    QSet<SenderId> sweepers;
    for (const CampaignSender& s : CampaignStore(m_db).campaignSenders(campaignId, false))
        if (s.sweeper)
            sweepers.insert(s.id);
    return markers(campaignId, since, sweepers);
}

QVector<PulseMarker> PulseStore::markers(qint64 campaignId, const QDateTime& since, const QSet<SenderId>& sweepers) const
{
    QVector<PulseMarker> result;
    const QVector<HistoryEntry> history = MoveStore(m_db).history(campaignId);
    // Hand-picked moves (one conversation, a selection) are not what moves the campaign.
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        const HistoryEntry& e = *it;
        if (e.result.moved <= 0 || e.scope == ReassignScope::Single || e.scope == ReassignScope::Selection)
            continue;
        if (since.isValid() && e.at < since)
            continue;
        QString targets;
        const auto& perTarget = e.result.movedPerTarget;
        const bool allSweepers = std::all_of(perTarget.cbegin(), perTarget.cend(),
                                             [&](const TargetCount& t) { return sweepers.contains(t.target); });
        // Two targets or more below: one is named.
        if (perTarget.size() == 1)
            targets = perTarget.first().target == UnassignedId ? tr("Unassigned") : perTarget.first().name;
        else if (allSweepers)
            targets = tr("%1 sweepers").arg(perTarget.size());
        else
            targets = tr("%1 senders").arg(perTarget.size());
        QString what = e.action == ReassignAction::Undo ? actionLabel(e.action)
                                                        : scopeLabel(e.scope) + QLatin1Char(' ') + actionLabel(e.action);
        if (e.action != ReassignAction::Undo && e.status != StatusFilter::Any)
            what += QLatin1Char(' ') + statusFilterLabel(e.status);
        result << PulseMarker{e.id, e.at.toUTC(), e.result.moved,
                              tr("%1, %2 → %3").arg(what).arg(e.result.moved).arg(targets)};
    }
    return result;
}

QVector<SenderCounts> PulseStore::load(qint64 campaignId) const
{
    // The chart shows no last texts: no index probe per sender.
    QVector<SenderCounts> rows = CampaignStore(m_db).senderCounts(campaignId, false);
    sortLikeSenderList(rows, SenderSort::Name);
    return rows;
}

} // namespace Handoff
