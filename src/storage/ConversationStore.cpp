#include "storage/ConversationStore.h"

#include "core/Clock.h"
#include "core/ContactFile.h"
#include "storage/CopyRows.h"
#include "storage/Database.h"
#include "storage/PulseStore.h"
#include "core/Limits.h"
#include "core/PhoneNormalizer.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QJsonDocument>
#include <QVariant>

#include <charconv>

namespace Handoff {

namespace {
const QString conversationColumns = QStringLiteral(
    "c.id, c.contact_id, ct.first_name, ct.last_name, ct.phone, ct.zip, ct.custom_fields,"
    " c.status, c.opted_out, c.last_message, c.last_activity, c.sender_id, COALESCE(s.name, ''), c.campaign_id,"
    " c.held, c.hold_note");

const QString conversationFrom = QStringLiteral(
    " FROM conversations c JOIN contacts ct ON ct.id = c.contact_id LEFT JOIN senders s ON s.id = c.sender_id");

Conversation readConversation(const QSqlQuery& q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.contactId = q.value(1).toLongLong();
    c.firstName = q.value(2).toString();
    c.lastName = q.value(3).toString();
    c.phone = q.value(4).toString();
    c.zip = q.value(5).toString();
    c.customFields = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    c.status = ConversationStatus(q.value(7).toInt());
    c.optedOut = q.value(8).toInt() != 0;
    c.lastMessage = q.value(9).toString();
    c.lastActivity = QDateTime::fromMSecsSinceEpoch(q.value(10).toLongLong(), Qt::UTC);
    c.senderId = q.value(11).isNull() ? UnassignedId : q.value(11).toLongLong();
    c.senderName = q.value(12).toString();
    c.campaignId = q.value(13).toLongLong();
    c.held = q.value(14).toInt() != 0;
    c.holdNote = q.value(15).toString();
    return c;
}

// The newest last activity a conversation waiting at least `seconds` may have, in the
// stored milliseconds: one exactly that old is taken.
qint64 activityCutoff(qint64 seconds)
{
    return Clock::nowUtc().toMSecsSinceEpoch() - seconds * 1000;
}

// The WHERE clause of a table query, with its values in bind order.
QString whereClause(const ConversationQuery& query, QVariantList& values)
{
    QString where = QStringLiteral(" WHERE c.campaign_id = ?");
    values << query.campaignId;
    if (query.sender) {
        if (*query.sender == UnassignedId) {
            where += QStringLiteral(" AND c.sender_id IS NULL");
        } else {
            where += QStringLiteral(" AND c.sender_id = ?");
            values << *query.sender;
        }
    }
    if (query.status) {
        where += QStringLiteral(" AND c.status = ?");
        values << int(*query.status);
    }
    if (query.olderThanSeconds > 0) {
        where += QStringLiteral(" AND c.last_activity <= ?");
        values << activityCutoff(query.olderThanSeconds);
    }
    if (query.held)
        where += *query.held ? QStringLiteral(" AND c.held <> 0") : QStringLiteral(" AND c.held = 0");
    const QString search = query.search.trimmed();
    if (!search.isEmpty()) {
        const auto likePattern = [](const QString& text) -> QString {
            QString pattern = text.toLower();
            pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                .replace(QLatin1Char('%'), QLatin1String("\\%"))
                .replace(QLatin1Char('_'), QLatin1String("\\_"));
            return QLatin1Char('%') + pattern + QLatin1Char('%');
        };
        // A phone typed as people write it finds the number as it was imported: the
        // rule is PhoneNormalizer's, the one every import follows.
        const QString phone = PhoneNormalizer().searchForm(search);
        where += QStringLiteral(" AND (LOWER(ct.first_name || ' ' || ct.last_name) LIKE ? ESCAPE '\\'"
                                " OR ct.phone LIKE ? ESCAPE '\\')");
        values << likePattern(search) << likePattern(phone.isEmpty() ? search : phone);
    }
    return where;
}

// The columns the table is sorted by, before the id that breaks ties.
QStringList sortColumns(ConversationQuery::Sort sort)
{
    switch (sort) {
    case ConversationQuery::Sort::Contact:
        return {QStringLiteral("ct.first_name"), QStringLiteral("ct.last_name")};
    case ConversationQuery::Sort::Phone:
        return {QStringLiteral("ct.phone")};
    case ConversationQuery::Sort::Status:
        // Within a status, longest waiting first: the order of the status indexes.
        return {QStringLiteral("c.status"), QStringLiteral("c.last_activity")};
    case ConversationQuery::Sort::LastMessage:
        return {QStringLiteral("c.last_message")};
    case ConversationQuery::Sort::LastActivity:
        return {QStringLiteral("c.last_activity")};
    case ConversationQuery::Sort::Sender:
        return {QStringLiteral("COALESCE(s.name, '')")};
    }
    return {};
}

// Whether the order needs the contact or the sender joined in, not only conversations.
bool sortNeedsJoin(ConversationQuery::Sort sort)
{
    return sort == ConversationQuery::Sort::Contact || sort == ConversationQuery::Sort::Phone
        || sort == ConversationQuery::Sort::Sender;
}

QString orderClause(const ConversationQuery& query)
{
    const QLatin1String dir = query.order == Qt::AscendingOrder ? QLatin1String(" ASC") : QLatin1String(" DESC");
    QStringList terms;
    for (const QString& column : sortColumns(query.sort))
        terms << column + dir;
    terms << QLatin1String("c.id") + dir;
    return QLatin1String(" ORDER BY ") + terms.join(QLatin1String(", "));
}

// Rows strictly after the cursor in the query's order: one row-value comparison that
// the sort's index answers as a range, however deep into the table the cursor is.
QString afterClause(const ConversationQuery& query, const ConversationCursor& after, QVariantList& values)
{
    const QStringList columns = sortColumns(query.sort);
    QStringList marks;
    for (int i = 0; i <= columns.size(); ++i)
        marks << QStringLiteral("?");
    values << after.sortValues << after.id;
    return QLatin1String(" AND (") + columns.join(QLatin1String(", ")) + QLatin1String(", c.id) ")
        + (query.order == Qt::AscendingOrder ? QLatin1Char('>') : QLatin1Char('<')) + QLatin1String(" (")
        + marks.join(QLatin1String(", ")) + QLatin1Char(')');
}

// The status filter of a reassign action, on a table with a status column.
QString statusCondition(StatusFilter filter)
{
    switch (filter) {
    case StatusFilter::Any:
        break;
    case StatusFilter::NeedsReply:
        return QStringLiteral(" AND status = ") + QString::number(int(ConversationStatus::NeedsReply));
    case StatusFilter::NotStarted:
        return QStringLiteral(" AND status = ") + QString::number(int(ConversationStatus::NotStarted));
    }
    return {};
}

QString sourceClause(const ConversationSource& source, QVariantList& values)
{
    QString where = QStringLiteral(" WHERE campaign_id = ?");
    values << source.campaignId;
    if (source.bulk) {
        QStringList held;
        bool excludesPool = false;
        for (SenderId id : source.excluded) {
            if (id == UnassignedId) {
                excludesPool = true;
            } else {
                held << QStringLiteral("?");
                values << id;
            }
        }
        if (excludesPool)
            where += QStringLiteral(" AND sender_id IS NOT NULL");
        if (!held.isEmpty()) {
            where += excludesPool ? QStringLiteral(" AND sender_id NOT IN (")
                                  : QStringLiteral(" AND (sender_id IS NULL OR sender_id NOT IN (");
            where += held.join(QLatin1Char(',')) + (excludesPool ? QStringLiteral(")") : QStringLiteral("))"));
        }
    } else if (source.sender == UnassignedId) {
        where += QStringLiteral(" AND sender_id IS NULL");
    } else {
        where += QStringLiteral(" AND sender_id = ?");
        values << source.sender;
    }
    where += statusCondition(source.status);
    if (source.olderThanSeconds > 0) {
        where += QStringLiteral(" AND last_activity <= ?");
        values << activityCutoff(source.olderThanSeconds);
    }
    if (!source.includeHeld)
        where += QStringLiteral(" AND held = 0");
    return where;
}

// A null QString binds as SQL NULL; text columns are NOT NULL.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// Only held conversations, on SQLite: their partial index and a sort of them, not a
// walk of the whole campaign in activity order looking for the few, which SQLite's
// planner would otherwise choose (4 s on a million, against 24 ms).
void useHeldIndex(const ConversationQuery& query, bool sqlite, QString& sql)
{
    if (sqlite && query.held == std::optional<bool>(true))
        sql.replace(QLatin1String("FROM conversations c"), QLatin1String("FROM conversations c INDEXED BY conversations_held"));
}

void bindAll(QSqlQuery& q, const QVariantList& values)
{
    for (const QVariant& v : values)
        q.addBindValue(v);
}
} // namespace

QVector<Conversation> ConversationStore::conversations(const ConversationQuery& query, int offset, int limit) const
{
    return page(query, std::nullopt, offset, limit);
}

QVector<Conversation> ConversationStore::conversationsAfter(const ConversationQuery& query,
                                                            const std::optional<ConversationCursor>& after,
                                                            int limit) const
{
    return page(query, after, 0, limit);
}

QVector<Conversation> ConversationStore::page(const ConversationQuery& query,
                                              const std::optional<ConversationCursor>& after, int offset,
                                              int limit) const
{
    // Clauses are built one after the other: each appends its values in bind order.
    QVariantList values;
    QString sql = QStringLiteral("SELECT ") + conversationColumns + conversationFrom;
    const bool plain = query.search.trimmed().isEmpty();
    if (plain && query.sender && !query.status && query.sort == ConversationQuery::Sort::LastActivity) {
        // One sender in waiting order: conversations_by_sender holds each status's
        // conversations in that order, so the page is the first rows of a merge of four
        // index ranges, never a sort of everything the sender holds.
        const QLatin1String dir = query.order == Qt::AscendingOrder ? QLatin1String(" ASC") : QLatin1String(" DESC");
        QStringList branches;
        for (ConversationStatus status : {ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
                                          ConversationStatus::Waiting, ConversationStatus::OptedOut}) {
            ConversationQuery branch = query;
            branch.status = status;
            const QString where = whereClause(branch, values);
            const QString afterRow = after ? afterClause(branch, *after, values) : QString();
            branches << QStringLiteral("SELECT * FROM (SELECT c.id, c.last_activity FROM conversations c") + where
                    + afterRow + orderClause(branch) + QStringLiteral(" LIMIT ?) AS status") + QString::number(int(status));
            values << offset + limit;
        }
        sql += QStringLiteral(" WHERE c.id IN (SELECT id FROM (") + branches.join(QLatin1String(" UNION ALL "))
            + QStringLiteral(") AS merged ORDER BY last_activity") + dir + QStringLiteral(", id") + dir
            + QStringLiteral(" LIMIT ? OFFSET ?)") + orderClause(query);
    } else if (plain && !after && offset > 0 && !sortNeedsJoin(query.sort)) {
        // Skipping rows walks the sort's index alone; only the page itself is joined
        // with its contacts and senders.
        const QString where = whereClause(query, values);
        sql += QStringLiteral(" WHERE c.id IN (SELECT c.id FROM conversations c") + where + orderClause(query)
            + QStringLiteral(" LIMIT ? OFFSET ?)") + orderClause(query);
    } else {
        const QString where = whereClause(query, values);
        const QString afterRow = after ? afterClause(query, *after, values) : QString();
        sql += where + afterRow + orderClause(query) + QStringLiteral(" LIMIT ? OFFSET ?");
        // One statement whose WHERE holds every condition: the held index may serve it.
        useHeldIndex(query, m_db.dialect() == Database::Dialect::Sqlite, sql);
    }
    values << limit << offset;
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    QVector<Conversation> result;
    if (m_db.exec(q))
        while (q.next())
            result << readConversation(q);
    return result;
}

ConversationCursor ConversationStore::cursorAt(const ConversationQuery& query, const Conversation& row)
{
    ConversationCursor cursor;
    cursor.id = row.id;
    switch (query.sort) {
    case ConversationQuery::Sort::Contact:
        cursor.sortValues = {text(row.firstName), text(row.lastName)};
        break;
    case ConversationQuery::Sort::Phone:
        cursor.sortValues = {text(row.phone)};
        break;
    case ConversationQuery::Sort::Status:
        cursor.sortValues = {int(row.status), row.lastActivity.toMSecsSinceEpoch()};
        break;
    case ConversationQuery::Sort::LastMessage:
        cursor.sortValues = {text(row.lastMessage)};
        break;
    case ConversationQuery::Sort::LastActivity:
        cursor.sortValues = {row.lastActivity.toMSecsSinceEpoch()};
        break;
    case ConversationQuery::Sort::Sender:
        cursor.sortValues = {text(row.senderName)};
        break;
    }
    return cursor;
}

void ConversationStore::forEach(const ConversationQuery& query, int limit,
                                const std::function<void(const Conversation&)>& visit) const
{
    QVariantList values;
    QString sql = QStringLiteral("SELECT ") + conversationColumns + conversationFrom + whereClause(query, values)
        + orderClause(query);
    if (limit >= 0) {
        sql += QStringLiteral(" LIMIT ?");
        values << limit;
    }
    useHeldIndex(query, m_db.dialect() == Database::Dialect::Sqlite, sql);
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    if (m_db.exec(q))
        while (q.next())
            visit(readConversation(q));
}

int ConversationStore::count(const ConversationQuery& query) const
{
    QVariantList values;
    QString sql;
    if (countsAtOnce(query)) {
        sql = QStringLiteral("SELECT COALESCE(SUM(n), 0) FROM conversation_counts WHERE campaign_id = ?");
        values << query.campaignId;
        if (query.sender) {
            sql += QStringLiteral(" AND sender_id = ?");
            values << *query.sender;
        }
        if (query.status) {
            sql += QStringLiteral(" AND status = ?");
            values << int(*query.status);
        }
    } else {
        sql = QStringLiteral("SELECT COUNT(*) FROM conversations c JOIN contacts ct ON ct.id = c.contact_id")
            + whereClause(query, values);
    }
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
}

bool ConversationStore::countsAtOnce(const ConversationQuery& query)
{
    return query.search.trimmed().isEmpty() && query.olderThanSeconds <= 0 && !query.held;
}

std::optional<Conversation> ConversationStore::conversation(qint64 id) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT ") + conversationColumns + conversationFrom
                               + QStringLiteral(" WHERE c.id = ?"));
    q.addBindValue(id);
    if (m_db.exec(q) && q.next())
        return readConversation(q);
    return std::nullopt;
}

QVector<Message> ConversationStore::messages(qint64 conversationId) const
{
    QVector<Message> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT m.id, m.direction, m.body, m.at, COALESCE(s.name, ''), m.failed"
                                              " FROM messages m LEFT JOIN senders s ON s.id = m.sender_id"
                                              " WHERE m.conversation_id = ? ORDER BY m.at, m.id"));
    q.addBindValue(conversationId);
    if (m_db.exec(q))
        while (q.next())
            result << Message{q.value(0).toLongLong(), MessageDirection(q.value(1).toInt()), q.value(2).toString(),
                              QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC),
                              q.value(4).toString(), q.value(5).toInt() != 0};
    return result;
}

int ConversationStore::countCandidates(const ConversationSource& source) const
{
    if (source.olderThanSeconds > 0) {
        // Waiting at least so long: a range of the status (or sender) index, counted.
        QVariantList values;
        QSqlQuery q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM conversations") + sourceClause(source, values));
        bindAll(q, values);
        return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
    }
    if (!source.includeHeld) {
        ConversationSource all = source;
        all.includeHeld = true;
        return countCandidates(all) - countHeld(source);
    }
    // From the maintained counts, where the pool is sender 0: a few rows, not a scan.
    QString sql = QStringLiteral("SELECT COALESCE(SUM(n), 0) FROM conversation_counts WHERE campaign_id = ?");
    QVariantList values{source.campaignId};
    if (source.bulk) {
        if (!source.excluded.isEmpty()) {
            QStringList marks;
            for (SenderId id : source.excluded) {
                marks << QStringLiteral("?");
                values << id;
            }
            sql += QStringLiteral(" AND sender_id NOT IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')');
        }
    } else {
        sql += QStringLiteral(" AND sender_id = ?");
        values << source.sender;
    }
    sql += statusCondition(source.status);
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
}

int ConversationStore::countHeld(const ConversationSource& source) const
{
    // Only the held ones: the partial index conversations_held holds exactly those.
    ConversationSource all = source;
    all.includeHeld = true;
    QVariantList values;
    // SQLite's planner, which knows nothing of how few rows a partial index holds, would
    // rather walk the status index over every candidate: it is told.
    const QString from = m_db.dialect() == Database::Dialect::Sqlite
        ? QStringLiteral("SELECT COUNT(*) FROM conversations INDEXED BY conversations_held")
        : QStringLiteral("SELECT COUNT(*) FROM conversations");
    QSqlQuery q = m_db.prepare(from + sourceClause(all, values) + QStringLiteral(" AND held <> 0"));
    bindAll(q, values);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
}

QVector<PlannedMove> ConversationStore::candidates(const ConversationSource& source, int limit, QVector<bool>* open) const
{
    QVariantList values;
    QString sql;
    if (!source.bulk && source.status == StatusFilter::Any) {
        // One sender, every status: merged from the sender's per-status ranges of
        // conversations_by_sender, each already in waiting order. (Left to itself, a
        // planner without statistics walks the whole campaign in activity order.)
        QStringList branches;
        for (ConversationStatus status : {ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
                                          ConversationStatus::Waiting, ConversationStatus::OptedOut}) {
            QString branch = QStringLiteral("SELECT * FROM (SELECT id, sender_id, last_activity, status FROM conversations")
                + sourceClause(source, values) + QStringLiteral(" AND status = %1 ORDER BY last_activity, id")
                                                     .arg(int(status));
            if (limit >= 0) {
                branch += QStringLiteral(" LIMIT ?");
                values << limit;
            }
            branches << branch + QStringLiteral(") AS status%1").arg(int(status));
        }
        sql = QStringLiteral("SELECT id, sender_id, status FROM (") + branches.join(QLatin1String(" UNION ALL "))
            + QStringLiteral(") AS merged ORDER BY last_activity, id");
    } else {
        sql = QStringLiteral("SELECT id, sender_id, status FROM conversations") + sourceClause(source, values)
            + QStringLiteral(" ORDER BY last_activity, id");
    }
    if (limit >= 0) {
        sql += QStringLiteral(" LIMIT ?");
        values << limit;
    }
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    QVector<PlannedMove> result;
    if (open)
        open->clear();
    if (m_db.exec(q)) {
        while (q.next()) {
            result << PlannedMove{q.value(0).toLongLong(), q.value(1).isNull() ? UnassignedId : q.value(1).toLongLong(),
                                  UnassignedId};
            if (open) {
                const auto status = ConversationStatus(q.value(2).toInt());
                *open << (status == ConversationStatus::NotStarted || status == ConversationStatus::NeedsReply);
            }
        }
    }
    return result;
}

namespace {
QString customFieldsText(const NewContact& c)
{
    return c.customFields.isEmpty() ? QStringLiteral("{}")
                                    : QString::fromUtf8(QJsonDocument(c.customFields).toJson(QJsonDocument::Compact));
}
} // namespace

PreparedContacts::PreparedContacts(const Database& db, QVector<NewContact> contacts)
    : m_contacts(std::move(contacts))
{
    if (db.dialect() != Database::Dialect::Postgres)
        return;
    CopyRows rows;
    rows.reserve(m_contacts.size() * 64);
    m_rowEnds.reserve(m_contacts.size());
    for (const NewContact& c : std::as_const(m_contacts)) {
        rows.field(c.phone).field(c.firstName).field(c.lastName).field(c.zip).field(customFieldsText(c));
        rows.endRow();
        m_rowEnds << rows.data().size();
    }
    m_copyText = rows.data();
}

namespace {
void appendNumber(QByteArray& out, qint64 number)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out.append(digits, end - digits);
}

// "{1,2,3}", an array of numbers as PostgreSQL writes it.
QVector<qint64> numbersOfArray(const QString& text)
{
    QVector<qint64> numbers;
    qint64 number = 0;
    bool inNumber = false;
    for (const QChar ch : text) {
        if (ch.isDigit()) {
            number = number * 10 + ch.digitValue();
            inNumber = true;
        } else if (inNumber) {
            numbers << number;
            number = 0;
            inNumber = false;
        }
    }
    return numbers;
}
} // namespace

Outcome<int> ConversationStore::addContactsPostgres(qint64 campaignId, const PreparedContacts& batch)
{
    // The contacts take their ids from their own sequence first, in one statement; then
    // the contacts and their conversations go straight into their tables with COPY.
    // The server never parses a statement per row nor writes the rows anywhere first,
    // and the costly part of the text, the contacts' fields, was written on the
    // reading thread.
    const QVector<NewContact>& contacts = batch.m_contacts;
    auto failed = [&]() {
        return Outcome<int>::failure(
            ConversationStore::tr("Cannot add the contacts from %1 on: %2").arg(contacts.constFirst().phone, m_db.lastError()));
    };
    // Contacts without their conversations must never be seen: alone, the call is its
    // own transaction.
    std::optional<Transaction> own;
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        if (!own->active())
            return failed();
    }
    QSqlQuery newIds = m_db.prepare(QStringLiteral(
        "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('contacts', 'id')::regclass AS seq)"
        " SELECT array_agg(nextval(s.seq)) FROM s CROSS JOIN generate_series(1, ?)"));
    newIds.addBindValue(int(contacts.size()));
    if (!m_db.exec(newIds) || !newIds.next())
        return failed();
    const QVector<qint64> ids = numbersOfArray(newIds.value(0).toString());
    newIds.finish();
    if (ids.size() != contacts.size())
        return Outcome<int>::failure(ConversationStore::tr("Cannot add the contacts from %1 on: the server gave %2 ids for %3 contacts")
                                         .arg(contacts.constFirst().phone)
                                         .arg(ids.size())
                                         .arg(contacts.size()));

    const QByteArray campaign = QByteArray::number(campaignId);
    QByteArray rows;
    rows.reserve(batch.m_copyText.size() + contacts.size() * 2 * (campaign.size() + 2));
    qsizetype from = 0;
    for (qsizetype i = 0; i < contacts.size(); ++i) {
        appendNumber(rows, ids[i]);
        rows.append('\t').append(campaign).append('\t');
        rows.append(batch.m_copyText.constData() + from, batch.m_rowEnds[i] - from);
        from = batch.m_rowEnds[i];
    }
    if (!m_db.copyIn(QStringLiteral("COPY contacts (id, campaign_id, phone, first_name, last_name, zip, custom_fields)"
                                    " FROM STDIN"),
                     rows))
        return failed();

    // Creation time is the "last activity" of a conversation not yet started, the same
    // for the whole batch: the longest-waiting rule takes the oldest imports first and,
    // by id, a file in its own order, and each index takes the batch at its end.
    const qint64 created = Clock::nowUtc().toMSecsSinceEpoch();
    const QByteArray tail = '\t' + campaign + "\t0\t" + QByteArray::number(created) + '\t'
        + QByteArray::number(created) + '\n';
    rows.clear();
    for (qsizetype i = 0; i < contacts.size(); ++i) {
        appendNumber(rows, ids[i]);
        rows.append('\t');
        if (contacts[i].sender == UnassignedId)
            rows.append("\\N");
        else
            appendNumber(rows, contacts[i].sender);
        rows.append(tail);
    }
    if (!m_db.copyIn(QStringLiteral("COPY conversations (contact_id, sender_id, campaign_id, status, last_activity,"
                                    " created_at) FROM STDIN"),
                     rows)
        || (own && !own->commit()))
        return failed();
    return int(contacts.size());
}

int ConversationStore::contactsPerBatch() const
{
    // On PostgreSQL every batch is three round trips and three statements' triggers; on
    // SQLite a batch costs nothing of its own.
    if (m_db.dialect() == Database::Dialect::Postgres)
        return 25000;
    return ContactFile::DefaultBatchSize;
}

Outcome<int> ConversationStore::addContacts(qint64 campaignId, const PreparedContacts& contacts)
{
    if (contacts.contacts().isEmpty())
        return 0;
    if (m_db.dialect() == Database::Dialect::Postgres) {
        // Made ready for another store (its text not written): made ready here.
        if (contacts.m_rowEnds.size() != contacts.contacts().size())
            return addContactsPostgres(campaignId, PreparedContacts(m_db, contacts.contacts()));
        return addContactsPostgres(campaignId, contacts);
    }
    return addContactsSqlite(campaignId, contacts.contacts());
}

Outcome<int> ConversationStore::addContacts(qint64 campaignId, const QVector<NewContact>& contacts)
{
    if (contacts.isEmpty())
        return 0;
    if (m_db.dialect() == Database::Dialect::Postgres)
        return addContactsPostgres(campaignId, PreparedContacts(m_db, contacts));
    return addContactsSqlite(campaignId, contacts);
}

Outcome<int> ConversationStore::addContactsSqlite(qint64 campaignId, const QVector<NewContact>& contacts)
{
    // Fifty rows a statement: a million-row import is twenty thousand statements for each
    // table, not a million. (Longer ones cost more: Qt's SQLite driver looks each
    // placeholder up by name.)
    constexpr int RowsPerStatement = 50;
    auto statement = [](const QString& prefix, const QString& row, int rows) -> QString {
        QStringList all;
        for (int r = 0; r < rows; ++r)
            all << row;
        return prefix + all.join(QLatin1Char(','));
    };
    const QString contactPrefix = QStringLiteral(
        "INSERT INTO contacts (campaign_id, phone, first_name, last_name, zip, custom_fields) VALUES ");
    const QString contactRow = QStringLiteral("(?, ?, ?, ?, ?, ?)");
    const QString conversationPrefix = QStringLiteral(
        "INSERT INTO conversations (campaign_id, contact_id, sender_id, status, last_activity, created_at) VALUES ");
    const QString conversationRow = QStringLiteral("(?, ?, ?, 0, ?, ?)");
    QSqlQuery fullContacts;
    QSqlQuery fullConversations;
    bool prepared = false;

    const qint64 created = Clock::nowUtc().toMSecsSinceEpoch();
    QHash<QString, qint64> contactIds;
    for (int start = 0; start < contacts.size(); start += RowsPerStatement) {
        const int rows = std::min(RowsPerStatement, int(contacts.size()) - start);
        QSqlQuery partialContacts;
        QSqlQuery partialConversations;
        if (rows == RowsPerStatement && !prepared) {
            fullContacts = m_db.prepare(statement(contactPrefix, contactRow, rows) + QStringLiteral(" RETURNING id, phone"));
            fullConversations = m_db.prepare(statement(conversationPrefix, conversationRow, rows));
            prepared = true;
        } else if (rows != RowsPerStatement) {
            partialContacts = m_db.prepare(statement(contactPrefix, contactRow, rows) + QStringLiteral(" RETURNING id, phone"));
            partialConversations = m_db.prepare(statement(conversationPrefix, conversationRow, rows));
        }
        QSqlQuery& contact = rows == RowsPerStatement ? fullContacts : partialContacts;
        QSqlQuery& conversation = rows == RowsPerStatement ? fullConversations : partialConversations;
        const QString& first = contacts[start].phone;

        for (int i = start; i < start + rows; ++i) {
            const NewContact& c = contacts[i];
            contact.addBindValue(campaignId);
            contact.addBindValue(text(c.phone));
            contact.addBindValue(text(c.firstName));
            contact.addBindValue(text(c.lastName));
            contact.addBindValue(text(c.zip));
            contact.addBindValue(customFieldsText(c));
        }
        if (!m_db.exec(contact))
            return Outcome<int>::failure(ConversationStore::tr("Cannot add the contacts from %1 on: %2").arg(first, m_db.lastError()));
        contactIds.clear();
        while (contact.next())
            contactIds.insert(contact.value(1).toString(), contact.value(0).toLongLong());
        contact.finish();

        for (int i = start; i < start + rows; ++i) {
            const NewContact& c = contacts[i];
            conversation.addBindValue(campaignId);
            conversation.addBindValue(contactIds.value(text(c.phone)));
            conversation.addBindValue(c.sender == UnassignedId ? QVariant(QMetaType::fromType<qint64>())
                                                               : QVariant(c.sender));
            // Creation time is the "last activity" of a conversation not yet started, the
            // same for the whole batch (as on PostgreSQL): ties go by id, the file's order.
            conversation.addBindValue(created);
            conversation.addBindValue(created);
        }
        if (!m_db.exec(conversation))
            return Outcome<int>::failure(
                ConversationStore::tr("Cannot add the conversations from %1 on: %2").arg(first, m_db.lastError()));
    }
    return int(contacts.size());
}

Outcome<int> ConversationStore::optOutByPhone(qint64 campaignId, const QVector<QString>& phones)
{
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "UPDATE conversations SET opted_out = 1, status = ?"
        " WHERE campaign_id = ? AND contact_id = (SELECT id FROM contacts WHERE campaign_id = ? AND phone = ?)"));
    int changed = 0;
    for (const QString& phone : phones) {
        q.addBindValue(int(deriveStatus(true, false, false)));
        q.addBindValue(campaignId);
        q.addBindValue(campaignId);
        q.addBindValue(text(phone));
        if (!m_db.exec(q))
            return Outcome<int>::failure(
                ConversationStore::tr("Cannot opt out %1: %2").arg(phone, m_db.lastError()));
        changed += q.numRowsAffected();
    }
    return changed;
}

QSet<quint64> ConversationStore::phoneKeys(qint64 campaignId) const
{
    QSet<quint64> keys;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT phone FROM contacts WHERE campaign_id = ?"));
    q.addBindValue(campaignId);
    if (m_db.exec(q))
        while (q.next())
            keys.insert(phoneKey(q.value(0).toString()));
    return keys;
}

quint64 ConversationStore::phoneKey(const QString& e164)
{
    return QStringView(e164).mid(1).toULongLong();
}

Outcome<bool> ConversationStore::recordMessage(qint64 campaignId, const QString& phone, MessageDirection direction,
                                               const QString& body, const QDateTime& at, SenderId sender,
                                               const QString& providerId, bool* alreadyThere, bool failed)
{
    if (alreadyThere)
        *alreadyThere = false;
    // Read, derive, write: two events for one conversation must not interleave, nor an
    // event and a reassign that re-checks the status. The row stays locked until commit
    // (SQLite: the write lock of BEGIN IMMEDIATE); alone, the call is its own transaction.
    std::optional<Transaction> own;
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        if (!own->active())
            return Outcome<bool>::failure(ConversationStore::tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));
    }
    if (m_db.dialect() == Database::Dialect::Postgres) {
        QSqlQuery lock = m_db.prepare(QStringLiteral(
            "SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
            " WHERE ct.campaign_id = ? AND ct.phone = ? FOR NO KEY UPDATE OF c"));
        lock.addBindValue(campaignId);
        lock.addBindValue(phone);
        if (!m_db.exec(lock))
            return Outcome<bool>::failure(ConversationStore::tr("Cannot look up %1: %2").arg(phone, m_db.lastError()));
    }
    // A statement of its own, after the lock: it sees the messages of whoever held it.
    // A message stored with a date far in the future (before imports refused such dates)
    // does not count as the newest, or no real reply after it would ever show.
    QSqlQuery find = m_db.prepare(QStringLiteral(
        "SELECT c.id, c.started, c.opted_out, c.last_inbound,"
        " (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id AND m.at <= ? AND m.failed = 0)"
        " FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
        " WHERE ct.campaign_id = ? AND ct.phone = ?"));
    find.addBindValue(Clock::nowUtc().addSecs(Limits::MaxFutureSeconds).toMSecsSinceEpoch());
    find.addBindValue(campaignId);
    find.addBindValue(phone);
    if (!m_db.exec(find))
        return Outcome<bool>::failure(ConversationStore::tr("Cannot look up %1: %2").arg(phone, m_db.lastError()));
    if (!find.next())
        return false;
    const qint64 conversationId = find.value(0).toLongLong();
    bool started = find.value(1).toInt() != 0;
    bool optedOut = find.value(2).toInt() != 0;
    const bool optedOutBefore = optedOut;
    bool lastInbound = find.value(3).toInt() != 0;
    const bool hasMessages = !find.value(4).isNull();
    const qint64 atMs = at.toMSecsSinceEpoch();
    // Events may arrive out of order: only the newest message decides who spoke last.
    const bool newest = !hasMessages || atMs >= find.value(4).toLongLong();
    find.finish();

    // A provider id the conversation already has is the same message imported again:
    // the unique index finds it, and nothing changes.
    QSqlQuery insert = m_db.prepare(QStringLiteral(
        "INSERT INTO messages (conversation_id, direction, body, at, sender_id, provider_id, failed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (conversation_id, provider_id) DO NOTHING RETURNING id"));
    insert.addBindValue(conversationId);
    insert.addBindValue(int(direction));
    insert.addBindValue(text(body));
    insert.addBindValue(atMs);
    insert.addBindValue(sender == UnassignedId ? QVariant(QMetaType::fromType<qint64>()) : QVariant(sender));
    insert.addBindValue(providerId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text(providerId)));
    insert.addBindValue(failed ? 1 : 0);
    if (!m_db.exec(insert))
        return Outcome<bool>::failure(ConversationStore::tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));
    const qint64 messageId = insert.next() ? insert.value(0).toLongLong() : 0;
    insert.finish();
    if (messageId == 0) {
        if (alreadyThere)
            *alreadyThere = true;
        if (own && !own->commit())
            return Outcome<bool>::failure(ConversationStore::tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));
        return true;
    }
    // No text got through: the conversation stays as it was.
    if (failed) {
        if (own && !own->commit())
            return Outcome<bool>::failure(ConversationStore::tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));
        return true;
    }

    const bool inbound = direction == MessageDirection::Inbound;
    started = started || !inbound;
    if (inbound && isOptOutKeyword(body))
        optedOut = true;
    if (newest)
        lastInbound = inbound;
    const ConversationStatus status = deriveStatus(optedOut, started, lastInbound);

    QSqlQuery update = m_db.prepare(newest
        ? QStringLiteral("UPDATE conversations SET started = ?, opted_out = ?, last_inbound = ?, status = ?,"
                         " last_message = ?, last_activity = ? WHERE id = ?")
        : QStringLiteral("UPDATE conversations SET started = ?, opted_out = ?, last_inbound = ?, status = ?"
                         " WHERE id = ?"));
    update.addBindValue(started ? 1 : 0);
    update.addBindValue(optedOut ? 1 : 0);
    update.addBindValue(lastInbound ? 1 : 0);
    update.addBindValue(int(status));
    if (newest) {
        update.addBindValue(text(body));
        update.addBindValue(atMs);
    }
    update.addBindValue(conversationId);
    if (!m_db.exec(update))
        return Outcome<bool>::failure(ConversationStore::tr("Cannot update the conversation with %1: %2").arg(phone, m_db.lastError()));
    // The Pulse sums follow in the same transaction, under the same lock.
    if (const Outcome<Done> kept = PulseStore(m_db).conversationChanged(campaignId, conversationId, messageId, optedOutBefore);
        !kept)
        return Outcome<bool>::failure(kept.error());
    if (own && !own->commit())
        return Outcome<bool>::failure(ConversationStore::tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));
    return true;
}

Outcome<Done> ConversationStore::setOptedOut(qint64 conversationId, bool optedOut)
{
    // The same read-derive-write as recordMessage, under the same row lock.
    std::optional<Transaction> own;
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        if (!own->active())
            return Outcome<Done>::failure(ConversationStore::tr("Cannot change the opt-out: %1").arg(m_db.lastError()));
    }
    QSqlQuery find = m_db.prepare(QStringLiteral("SELECT started, last_inbound, campaign_id, opted_out FROM conversations WHERE id = ?")
                                  + (m_db.dialect() == Database::Dialect::Postgres ? QStringLiteral(" FOR NO KEY UPDATE")
                                                                                   : QString()));
    find.addBindValue(conversationId);
    if (!m_db.exec(find) || !find.next())
        return Outcome<Done>::failure(ConversationStore::tr("No conversation %1.").arg(conversationId));
    const ConversationStatus status = deriveStatus(optedOut, find.value(0).toInt() != 0, find.value(1).toInt() != 0);
    const qint64 campaignId = find.value(2).toLongLong();
    const bool optedOutBefore = find.value(3).toInt() != 0;
    find.finish();
    QSqlQuery update = m_db.prepare(QStringLiteral("UPDATE conversations SET opted_out = ?, status = ? WHERE id = ?"));
    update.addBindValue(optedOut ? 1 : 0);
    update.addBindValue(int(status));
    update.addBindValue(conversationId);
    if (!m_db.exec(update))
        return Outcome<Done>::failure(ConversationStore::tr("Cannot change the opt-out: %1").arg(m_db.lastError()));
    // A contact who opted out waits for nothing: their waiting reply leaves the Pulse sums.
    if (optedOut != optedOutBefore) {
        if (const Outcome<Done> kept = PulseStore(m_db).conversationChanged(campaignId, conversationId, 0, optedOutBefore);
            !kept)
            return kept;
    }
    if (own && !own->commit())
        return Outcome<Done>::failure(ConversationStore::tr("Cannot change the opt-out: %1").arg(m_db.lastError()));
    return Done{};
}

} // namespace Handoff

namespace Handoff {

Outcome<int> ConversationStore::setHeld(qint64 campaignId, const QVector<qint64>& ids, bool held, const QString& note,
                                        const QString& actor)
{
    // Inside the caller's transaction. Ids in order: PostgreSQL locks rows in one order everywhere.
    QVector<qint64> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QSqlQuery q = m_db.prepare(
        held ? QStringLiteral("UPDATE conversations SET held = 1, hold_note = ?, held_at = ?, held_by = ?"
                              " WHERE id = ? AND campaign_id = ?")
             : QStringLiteral("UPDATE conversations SET held = 0, hold_note = '', held_at = NULL, held_by = ''"
                              " WHERE id = ? AND campaign_id = ?"));
    int changed = 0;
    for (qint64 id : std::as_const(sorted)) {
        if (held) {
            q.addBindValue(text(note));
            q.addBindValue(Clock::nowUtc().toMSecsSinceEpoch());
            q.addBindValue(text(actor));
        }
        q.addBindValue(id);
        q.addBindValue(campaignId);
        if (!m_db.exec(q))
            return Outcome<int>::failure(ConversationStore::tr("Cannot change the hold of conversation %1: %2")
                                             .arg(id)
                                             .arg(m_db.lastError()));
        if (q.numRowsAffected() != 1)
            return Outcome<int>::failure(ConversationStore::tr("There is no conversation %1 in this campaign.").arg(id));
        ++changed;
    }
    return changed;
}

} // namespace Handoff
