#include "storage/MessageStore.h"

#include "core/Clock.h"
#include "core/Limits.h"
#include "storage/CopyRows.h"
#include "storage/Database.h"
#include "storage/PulseStore.h"
#include "storage/SqliteStatement.h"

#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <memory>
#include <numeric>
#include <optional>

namespace Handoff {

namespace {

// A PostgreSQL array literal of texts, every element quoted: '{"+14152300001","…"}'.
QString textArray(const QStringList& values)
{
    QString out = QStringLiteral("{");
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            out += QLatin1Char(',');
        QString v = values[i];
        v.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
        out += QLatin1Char('"') + v + QLatin1Char('"');
    }
    return out + QLatin1Char('}');
}

} // namespace

MessageStore::~MessageStore()
{
    if (m_cacheSize.isValid())
        m_db.exec(QStringLiteral("PRAGMA cache_size=%1").arg(m_cacheSize.toLongLong()));
}

Outcome<QVector<MessageFate>> MessageStore::recordMessages(qint64 campaignId, const QVector<NewMessage>& messages)
{
    using Result = Outcome<QVector<MessageFate>>;
    if (messages.isEmpty())
        return QVector<MessageFate>{};
    auto failed = [&]() {
        return Result::failure(
            MessageStore::tr("Cannot record the messages from %1 on: %2").arg(messages.constFirst().phone, m_db.lastError()));
    };
    std::optional<Transaction> own;
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        if (!own->active())
            return failed();
    }

    // A million messages update conversations and index entries all over a big store:
    // with the usual 64 MiB of page cache SQLite reads and spills the same pages again
    // and again (45 s of CPU for a million, against 39 s with 512 MiB). The store gives
    // the connection its own size back when it goes.
    if (m_db.dialect() == Database::Dialect::Sqlite && !m_cacheSize.isValid()) {
        QSqlQuery size;
        if (m_db.execDirect(size, QStringLiteral("PRAGMA cache_size")) && size.next()) {
            m_cacheSize = size.value(0);
            size.finish();
            m_db.exec(QStringLiteral("PRAGMA cache_size=-524288"));
        }
    }
    // As recordMessage: a message dated in the far future (stored before imports refused
    // such dates) never counts as the newest, nor does a failed one.
    const qint64 cutoff = Clock::nowUtc().addSecs(Limits::MaxFutureSeconds).toMSecsSinceEpoch();
    QStringList phones;
    {
        QSet<QString> seen;
        for (const NewMessage& m : messages) {
            if (!seen.contains(m.phone)) {
                seen.insert(m.phone);
                phones << m.phone;
            }
        }
    }
    // In key order, each chunk of the look-up reads neighbouring index pages.
    std::sort(phones.begin(), phones.end());
    QHash<QString, Touched> conversations;
    if (!findConversations(campaignId, phones, cutoff, &conversations))
        return failed();

    // The provider ids the batch's conversations already have; only conversations with
    // any are asked about (a first import asks nothing).
    QVector<QPair<qint64, QString>> wanted;
    for (const NewMessage& m : messages) {
        if (m.providerId.isEmpty())
            continue;
        const auto it = conversations.constFind(m.phone);
        if (it != conversations.cend() && it->hasProviderIds)
            wanted.append({it->id, m.providerId});
    }
    QSet<QPair<qint64, QString>> existing;
    if (!wanted.isEmpty() && !findProviderIds(wanted, &existing))
        return failed();

    // Each message in turn, exactly as recordMessage would take it: only the state it
    // changes is kept, and each conversation is written once at the end.
    QVector<MessageFate> fates(messages.size(), MessageFate::Recorded);
    QVector<int> recorded;
    QVector<qint64> conversationOf;
    recorded.reserve(messages.size());
    conversationOf.reserve(messages.size());
    QVector<const Touched*> touched;
    for (int i = 0; i < messages.size(); ++i) {
        const NewMessage& m = messages[i];
        const auto it = conversations.find(m.phone);
        if (it == conversations.end()) {
            fates[i] = MessageFate::NoConversation;
            continue;
        }
        Touched& c = *it;
        if (!m.providerId.isEmpty()) {
            const QPair<qint64, QString> key{c.id, m.providerId};
            if (existing.contains(key)) {
                fates[i] = MessageFate::AlreadyThere;
                continue;
            }
            existing.insert(key);
        }
        recorded << i;
        conversationOf << c.id;
        // No text got through: the conversation stays as it was, and is not written.
        if (m.failed)
            continue;
        if (!c.recorded) {
            c.recorded = true;
            touched << &c;
        }
        const bool inbound = m.direction == MessageDirection::Inbound;
        const qint64 atMs = m.at.toMSecsSinceEpoch();
        c.started = c.started || !inbound;
        if (inbound && isOptOutKeyword(m.body))
            c.optedOut = true;
        // Events may arrive out of order: only the newest message decides who spoke last.
        if (!c.hasNewest || atMs >= c.newestAt) {
            c.lastInbound = inbound;
            c.newestMessage = i;
        }
        if (atMs <= cutoff && (!c.hasNewest || atMs > c.newestAt)) {
            c.hasNewest = true;
            c.newestAt = atMs;
        }
    }
    // Written in id order: neighbouring rows share pages, so a batch touches each page
    // of the tables and indexes once rather than once per row. A conversation's messages
    // keep the batch's order among themselves (their ids order messages of equal time).
    std::sort(touched.begin(), touched.end(), [](const Touched* a, const Touched* b) { return a->id < b->id; });
    {
        QVector<int> order(recorded.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return conversationOf[a] < conversationOf[b]; });
        QVector<int> sortedRecorded;
        QVector<qint64> sortedConversations;
        sortedRecorded.reserve(order.size());
        sortedConversations.reserve(order.size());
        for (int k : std::as_const(order)) {
            sortedRecorded << recorded[k];
            sortedConversations << conversationOf[k];
        }
        recorded.swap(sortedRecorded);
        conversationOf.swap(sortedConversations);
    }
    // The batch's messages are those after the newest the store has now: the batch holds
    // its conversations (their row locks, or SQLite's write lock), so no one else adds to them.
    QSqlQuery newest;
    if (!m_db.execDirect(newest, QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM messages")) || !newest.next())
        return failed();
    const qint64 lastIdBefore = newest.value(0).toLongLong();
    newest.finish();
    if (!insertMessages(messages, recorded, conversationOf))
        return failed();
    if (!updateConversations(messages, touched))
        return failed();
    // The Pulse sums follow in the same transaction.
    QVector<PulseStore::BatchChange> changes;
    changes.reserve(touched.size());
    for (const Touched* t : std::as_const(touched))
        changes.append({t->id, t->optedOutBefore, t->optedOut});
    if (const Outcome<Done> kept = PulseStore(m_db).conversationsChanged(campaignId, changes, lastIdBefore); !kept)
        return Result::failure(kept.error());
    if (own && !own->commit())
        return failed();
    return fates;
}

bool MessageStore::findConversations(qint64 campaignId, const QStringList& phones, qint64 cutoff,
                                     QHash<QString, Touched>* found)
{
    // PostgreSQL: the conversation id, mapped to its phone by phoneOf.
    auto read = [found](QSqlQuery& q, const QHash<qint64, QString>* phoneOf) {
        while (q.next()) {
            Touched t;
            t.id = q.value(1).toLongLong();
            t.started = q.value(2).toInt() != 0;
            t.optedOut = q.value(3).toInt() != 0;
            t.optedOutBefore = t.optedOut;
            t.lastInbound = q.value(4).toInt() != 0;
            t.hasNewest = !q.value(5).isNull();
            t.newestAt = q.value(5).toLongLong();
            t.hasProviderIds = !q.value(6).isNull() && q.value(6).toInt() != 0;
            found->insert(phoneOf->value(t.id), t);
        }
    };
    if (m_db.dialect() == Database::Dialect::Postgres) {
        // Two events for one conversation must not interleave, nor an event and a reassign
        // that re-checks the status: the batch's conversations stay locked until commit,
        // taken in id order as everywhere. Their state is read by a statement of its own,
        // after the lock, so that it sees the messages of whoever held one; by id, and
        // with subqueries the planner cannot turn into a pass over all the messages.
        // Each phone looked up in the contacts' (campaign_id, phone) index. Left to
        // itself the planner reads every contact of the campaign for each batch ("phone =
        // ANY(…)" as a filter, or a hash join of the whole table against the array): a
        // million rows per batch on a million-conversation campaign. The LATERAL
        // subquery with OFFSET 0 cannot be merged into a join, so it stays one index probe
        // per phone.
        QSqlQuery lock = m_db.prepare(QStringLiteral(
            "SELECT c.id, p.phone FROM unnest(CAST(? AS TEXT[])) AS p(phone)"
            " CROSS JOIN LATERAL (SELECT ct.id FROM contacts ct WHERE ct.campaign_id = ? AND ct.phone = p.phone"
            " OFFSET 0) ct"
            " JOIN conversations c ON c.contact_id = ct.id ORDER BY c.id FOR NO KEY UPDATE OF c"));
        lock.addBindValue(textArray(phones));
        lock.addBindValue(campaignId);
        if (!m_db.exec(lock))
            return false;
        QHash<qint64, QString> phoneOf;
        QStringList ids;
        while (lock.next()) {
            phoneOf.insert(lock.value(0).toLongLong(), lock.value(1).toString());
            ids << lock.value(0).toString();
        }
        lock.finish();
        if (ids.isEmpty())
            return true;
        QSqlQuery q = m_db.prepare(QStringLiteral(
            "SELECT c.id, c.id, c.started, c.opted_out, c.last_inbound,"
            " (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id AND m.at <= ? AND m.failed = 0),"
            " (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.provider_id IS NOT NULL LIMIT 1)"
            " FROM conversations c WHERE c.id = ANY(CAST(? AS BIGINT[]))"));
        q.addBindValue(cutoff);
        q.addBindValue(QString(QLatin1Char('{') + ids.join(QLatin1Char(',')) + QLatin1Char('}')));
        if (!m_db.exec(q))
            return false;
        read(q, &phoneOf);
        return true;
    }
    // SQLite: the write lock of the caller's transaction keeps every other writer out.
    // One phone at a time through a statement prepared once: in key order, each look-up
    // reads the index pages the one before it read.
    SqliteStatement q(m_db, QStringLiteral(
        "SELECT c.id, c.started, c.opted_out, c.last_inbound, c.status, c.last_activity,"
        " (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id AND m.at <= ?3 AND m.failed = 0),"
        " EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.provider_id IS NOT NULL)"
        " FROM contacts ct JOIN conversations c ON c.contact_id = ct.id WHERE ct.campaign_id = ?1 AND ct.phone = ?2"));
    if (!q.isValid())
        return false;
    q.bind(1, campaignId);
    q.bind(3, cutoff);
    for (const QString& phone : phones) {
        q.bind(2, phone);
        if (q.next()) {
            Touched t;
            t.id = q.int64(0);
            t.started = t.startedBefore = q.int64(1) != 0;
            t.optedOut = t.optedOutBefore = q.int64(2) != 0;
            t.lastInbound = t.lastInboundBefore = q.int64(3) != 0;
            t.statusBefore = int(q.int64(4));
            t.lastActivityBefore = q.int64(5);
            t.hasNewest = !q.isNull(6);
            t.newestAt = q.int64(6);
            t.hasProviderIds = q.int64(7) != 0;
            found->insert(phone, t);
        }
        q.reset();
        if (q.failed())
            return false;
    }
    return true;
}

bool MessageStore::findProviderIds(const QVector<QPair<qint64, QString>>& wanted, QSet<QPair<qint64, QString>>* existing)
{
    auto read = [existing](QSqlQuery& q) {
        while (q.next())
            existing->insert({q.value(0).toLongLong(), q.value(1).toString()});
    };
    if (m_db.dialect() == Database::Dialect::Postgres) {
        QStringList ids;
        QStringList providerIds;
        for (const auto& w : wanted) {
            ids << QString::number(w.first);
            providerIds << w.second;
        }
        QSqlQuery q = m_db.prepare(QStringLiteral(
            "SELECT m.conversation_id, m.provider_id FROM messages m"
            " JOIN unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[])) AS w(conversation_id, provider_id)"
            " ON m.conversation_id = w.conversation_id AND m.provider_id = w.provider_id"));
        q.addBindValue(QString(QLatin1Char('{') + ids.join(QLatin1Char(',')) + QLatin1Char('}')));
        q.addBindValue(textArray(providerIds));
        if (!m_db.exec(q))
            return false;
        read(q);
        return true;
    }
    constexpr int PairsPerStatement = 100;
    for (int start = 0; start < wanted.size(); start += PairsPerStatement) {
        const int count = std::min(PairsPerStatement, int(wanted.size()) - start);
        QStringList pairs;
        for (int i = 0; i < count; ++i)
            pairs << QStringLiteral("(?,?)");
        QSqlQuery q = m_db.prepare(QStringLiteral("SELECT conversation_id, provider_id FROM messages"
                                                  " WHERE (conversation_id, provider_id) IN (VALUES ")
                                   + pairs.join(QLatin1Char(',')) + QLatin1Char(')'));
        for (int i = start; i < start + count; ++i) {
            q.addBindValue(wanted[i].first);
            q.addBindValue(wanted[i].second);
        }
        if (!m_db.exec(q))
            return false;
        read(q);
    }
    return true;
}

bool MessageStore::insertMessages(const QVector<NewMessage>& messages, const QVector<int>& recorded,
                                  const QVector<qint64>& conversationOf)
{
    if (recorded.isEmpty())
        return true;
    // The provider id was checked above under the conversations' locks; the unique index
    // still has the last word, as in recordMessage.
    const QString onConflict = QStringLiteral(" ON CONFLICT (conversation_id, provider_id) DO NOTHING");
    if (m_db.dialect() == Database::Dialect::Sqlite) {
        // A row at a time through one prepared statement: SQLite does not parse it again,
        // and no value goes through Qt's driver.
        SqliteStatement insert(m_db, QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at,"
                                                    " sender_id, provider_id, failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                                         + onConflict);
        if (!insert.isValid())
            return false;
        for (int r = 0; r < recorded.size(); ++r) {
            const NewMessage& m = messages[recorded[r]];
            insert.bind(1, conversationOf[r]);
            insert.bind(2, int(m.direction));
            insert.bind(3, m.body);
            insert.bind(4, m.at.toMSecsSinceEpoch());
            if (m.sender == UnassignedId)
                insert.bindNull(5);
            else
                insert.bind(5, qint64(m.sender));
            if (m.providerId.isEmpty())
                insert.bindNull(6);
            else
                insert.bind(6, m.providerId);
            insert.bind(7, m.failed);
            if (!insert.run())
                return false;
        }
        return true;
    }
    // PostgreSQL: the batch streamed with COPY into a staging table of the transaction,
    // then one set statement, in the file's order.
    if (!m_db.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS message_import (ord INTEGER NOT NULL,"
                                  " conversation_id BIGINT NOT NULL, direction INTEGER NOT NULL, body TEXT NOT NULL,"
                                  " at BIGINT NOT NULL, sender_id BIGINT, provider_id TEXT, failed INTEGER NOT NULL) ON COMMIT DROP"))
        || !m_db.exec(QStringLiteral("TRUNCATE message_import")))
        return false;
    CopyRows rows;
    rows.reserve(recorded.size() * 96);
    for (int r = 0; r < recorded.size(); ++r) {
        const NewMessage& m = messages[recorded[r]];
        rows.field(r).field(conversationOf[r]).field(int(m.direction)).field(m.body).field(m.at.toMSecsSinceEpoch());
        if (m.sender == UnassignedId)
            rows.null();
        else
            rows.field(m.sender);
        if (m.providerId.isEmpty())
            rows.null();
        else
            rows.field(m.providerId);
        rows.field(m.failed ? 1 : 0);
        rows.endRow();
    }
    if (!m_db.copyIn(QStringLiteral("COPY message_import (ord, conversation_id, direction, body, at, sender_id,"
                                    " provider_id, failed) FROM STDIN"),
                     rows.data()))
        return false;
    QSqlQuery insert;
    return m_db.execDirect(insert,
                           QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at, sender_id, provider_id,"
                                          " failed)"
                                          " SELECT conversation_id, direction, body, at, sender_id, provider_id, failed"
                                          " FROM message_import ORDER BY ord")
                               + onConflict);
}

bool MessageStore::updateConversations(const QVector<NewMessage>& messages, const QVector<const Touched*>& touched)
{
    if (touched.isEmpty())
        return true;
    // Every conversation a message that was not failed went into is written, as
    // recordMessage writes it (its watchers hear of the new message); the text and time of the last message
    // only where one of the batch became the newest.
    auto status = [](const Touched& t) { return int(deriveStatus(t.optedOut, t.started, t.lastInbound)); };
    if (m_db.dialect() == Database::Dialect::Sqlite) {
        // Each row by its id, naming only the columns whose value changes: an UPDATE that
        // names status or last_activity rewrites the conversation's entries in three
        // indexes (and a changed status runs the count trigger), even when the value is
        // the same. A conversation the batch changed nothing of is left alone (SQLite's
        // watchers hear of any commit). Statements for each set of columns, prepared once.
        enum Column { Flags = 1, Status = 2, LastMessage = 4, LastActivity = 8 };
        std::unique_ptr<SqliteStatement> statements[16];
        for (const Touched* t : touched) {
            const int newStatus = status(*t);
            const bool newest = t->newestMessage >= 0;
            const qint64 at = newest ? messages[t->newestMessage].at.toMSecsSinceEpoch() : 0;
            int columns = 0;
            if (t->started != t->startedBefore || t->optedOut != t->optedOutBefore || t->lastInbound != t->lastInboundBefore)
                columns |= Flags;
            if (newStatus != t->statusBefore)
                columns |= Status;
            if (newest)
                columns |= LastMessage;
            if (newest && at != t->lastActivityBefore)
                columns |= LastActivity;
            if (columns == 0)
                continue;
            std::unique_ptr<SqliteStatement>& update = statements[columns];
            if (!update) {
                QStringList set;
                if (columns & Flags)
                    set << QStringLiteral("started = ?1, opted_out = ?2, last_inbound = ?3");
                if (columns & Status)
                    set << QStringLiteral("status = ?4");
                if (columns & LastMessage)
                    set << QStringLiteral("last_message = ?5");
                if (columns & LastActivity)
                    set << QStringLiteral("last_activity = ?6");
                update = std::make_unique<SqliteStatement>(
                    m_db, QStringLiteral("UPDATE conversations SET %1 WHERE id = ?7").arg(set.join(QStringLiteral(", "))));
                if (!update->isValid())
                    return false;
            }
            if (columns & Flags) {
                update->bind(1, t->started);
                update->bind(2, t->optedOut);
                update->bind(3, t->lastInbound);
            }
            if (columns & Status)
                update->bind(4, newStatus);
            if (columns & LastMessage)
                update->bind(5, messages[t->newestMessage].body);
            if (columns & LastActivity)
                update->bind(6, at);
            update->bind(7, t->id);
            if (!update->run())
                return false;
        }
        return true;
    }
    // PostgreSQL: the states streamed with COPY into a staging table of the transaction,
    // then one UPDATE … FROM.
    if (!m_db.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS message_import_state (id BIGINT NOT NULL,"
                                  " started INTEGER NOT NULL, opted_out INTEGER NOT NULL, last_inbound INTEGER NOT NULL,"
                                  " status INTEGER NOT NULL, newest INTEGER NOT NULL, last_message TEXT NOT NULL,"
                                  " last_activity BIGINT NOT NULL) ON COMMIT DROP"))
        || !m_db.exec(QStringLiteral("TRUNCATE message_import_state")))
        return false;
    CopyRows rows;
    rows.reserve(touched.size() * 80);
    for (const Touched* t : touched) {
        const bool newest = t->newestMessage >= 0;
        rows.field(t->id).field(t->started ? 1 : 0).field(t->optedOut ? 1 : 0).field(t->lastInbound ? 1 : 0);
        rows.field(status(*t)).field(newest ? 1 : 0);
        rows.field(newest ? QStringView(messages[t->newestMessage].body) : QStringView());
        rows.field(newest ? messages[t->newestMessage].at.toMSecsSinceEpoch() : qint64(0));
        rows.endRow();
    }
    const bool staged = m_db.copyIn(QStringLiteral("COPY message_import_state (id, started, opted_out, last_inbound,"
                                                   " status, newest, last_message, last_activity) FROM STDIN"),
                                    rows.data());
    if (!staged)
        return false;
    QSqlQuery update;
    return m_db.execDirect(update,
                           QStringLiteral("UPDATE conversations AS c SET started = s.started, opted_out = s.opted_out,"
                                          " last_inbound = s.last_inbound, status = s.status,"
                                          " last_message = CASE WHEN s.newest = 1 THEN s.last_message ELSE c.last_message END,"
                                          " last_activity = CASE WHEN s.newest = 1 THEN s.last_activity ELSE c.last_activity END"
                                          " FROM message_import_state AS s WHERE c.id = s.id"));
}

} // namespace Handoff
