#include "ConversationStore.h"

#include "Database.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QVariant>

namespace Handoff {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Handoff::ConversationStore", text);
}

const QString conversationColumns = QStringLiteral(
    "c.id, c.contact_id, ct.first_name, ct.last_name, ct.phone, ct.zip, ct.custom_fields,"
    " c.status, c.opted_out, c.last_message, c.last_activity, c.sender_id, COALESCE(s.name, ''), c.campaign_id");

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
    return c;
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
    const QString search = query.search.trimmed();
    if (!search.isEmpty()) {
        QString pattern = search.toLower();
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        where += QStringLiteral(" AND (LOWER(ct.first_name || ' ' || ct.last_name) LIKE ? ESCAPE '\\'"
                                " OR ct.phone LIKE ? ESCAPE '\\')");
        values << pattern << pattern;
    }
    return where;
}

QString orderClause(const ConversationQuery& query)
{
    const QString dir = query.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    QString column;
    switch (query.sort) {
    case ConversationQuery::Sort::Contact:
        column = QStringLiteral("ct.first_name") + dir + QStringLiteral(", ct.last_name");
        break;
    case ConversationQuery::Sort::Phone:
        column = QStringLiteral("ct.phone");
        break;
    case ConversationQuery::Sort::Status:
        column = QStringLiteral("c.status");
        break;
    case ConversationQuery::Sort::LastMessage:
        column = QStringLiteral("c.last_message");
        break;
    case ConversationQuery::Sort::LastActivity:
        column = QStringLiteral("c.last_activity");
        break;
    case ConversationQuery::Sort::Sender:
        column = QStringLiteral("COALESCE(s.name, '')");
        break;
    }
    return QStringLiteral(" ORDER BY ") + column + dir + QStringLiteral(", c.id") + dir;
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
    switch (source.status) {
    case StatusFilter::Any:
        break;
    case StatusFilter::NeedsReply:
        where += QStringLiteral(" AND status = ") + QString::number(int(ConversationStatus::NeedsReply));
        break;
    case StatusFilter::NotStarted:
        where += QStringLiteral(" AND status = ") + QString::number(int(ConversationStatus::NotStarted));
        break;
    }
    return where;
}

// A null QString binds as SQL NULL; text columns are NOT NULL.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

void bindAll(QSqlQuery& q, const QVariantList& values)
{
    for (const QVariant& v : values)
        q.addBindValue(v);
}
} // namespace

QVector<Conversation> ConversationStore::conversations(const ConversationQuery& query, int offset, int limit) const
{
    QVariantList values;
    const QString sql = QStringLiteral("SELECT ") + conversationColumns + conversationFrom + whereClause(query, values)
        + orderClause(query) + QStringLiteral(" LIMIT ? OFFSET ?");
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    q.addBindValue(limit);
    q.addBindValue(offset);
    QVector<Conversation> result;
    if (m_db.exec(q))
        while (q.next())
            result << readConversation(q);
    return result;
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
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    if (m_db.exec(q))
        while (q.next())
            visit(readConversation(q));
}

int ConversationStore::count(const ConversationQuery& query) const
{
    QVariantList values;
    const QString where = whereClause(query, values);
    // The contacts join is needed only to search by name or phone.
    const QString from = query.search.trimmed().isEmpty()
        ? QStringLiteral(" FROM conversations c")
        : QStringLiteral(" FROM conversations c JOIN contacts ct ON ct.id = c.contact_id");
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT COUNT(*)") + from + where);
    bindAll(q, values);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
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
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT m.id, m.direction, m.body, m.at, COALESCE(s.name, '')"
                                              " FROM messages m LEFT JOIN senders s ON s.id = m.sender_id"
                                              " WHERE m.conversation_id = ? ORDER BY m.at, m.id"));
    q.addBindValue(conversationId);
    if (m_db.exec(q))
        while (q.next())
            result << Message{q.value(0).toLongLong(), MessageDirection(q.value(1).toInt()), q.value(2).toString(),
                              QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC),
                              q.value(4).toString()};
    return result;
}

int ConversationStore::countCandidates(const ConversationSource& source) const
{
    QVariantList values;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM conversations") + sourceClause(source, values));
    bindAll(q, values);
    return m_db.exec(q) && q.next() ? q.value(0).toInt() : 0;
}

QVector<PlannedMove> ConversationStore::candidates(const ConversationSource& source, int limit) const
{
    QVariantList values;
    QString sql = QStringLiteral("SELECT id, sender_id FROM conversations") + sourceClause(source, values)
        + QStringLiteral(" ORDER BY last_activity, id");
    if (limit >= 0) {
        sql += QStringLiteral(" LIMIT ?");
        values << limit;
    }
    QSqlQuery q = m_db.prepare(sql);
    bindAll(q, values);
    QVector<PlannedMove> result;
    if (m_db.exec(q)) {
        while (q.next())
            result << PlannedMove{q.value(0).toLongLong(), q.value(1).isNull() ? UnassignedId : q.value(1).toLongLong(),
                                  UnassignedId};
    }
    return result;
}

Outcome<int> ConversationStore::addContacts(qint64 campaignId, const QVector<NewContact>& contacts)
{
    QSqlQuery contact = m_db.prepare(QStringLiteral(
        "INSERT INTO contacts (campaign_id, phone, first_name, last_name, zip, custom_fields)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"));
    QSqlQuery conversation = m_db.prepare(QStringLiteral(
        "INSERT INTO conversations (campaign_id, contact_id, sender_id, status, last_activity, created_at)"
        " VALUES (?, ?, ?, 0, ?, ?)"));
    const qint64 created = QDateTime::currentMSecsSinceEpoch();
    int added = 0;
    for (const NewContact& c : contacts) {
        contact.addBindValue(campaignId);
        contact.addBindValue(text(c.phone));
        contact.addBindValue(text(c.firstName));
        contact.addBindValue(text(c.lastName));
        contact.addBindValue(text(c.zip));
        contact.addBindValue(QString::fromUtf8(QJsonDocument(c.customFields).toJson(QJsonDocument::Compact)));
        if (!m_db.exec(contact) || !contact.next())
            return Outcome<int>::failure(tr("Cannot add the contact %1: %2").arg(c.phone, m_db.lastError()));
        const qint64 contactId = contact.value(0).toLongLong();
        contact.finish();
        conversation.addBindValue(campaignId);
        conversation.addBindValue(contactId);
        conversation.addBindValue(c.sender == UnassignedId ? QVariant(QMetaType::fromType<qint64>()) : QVariant(c.sender));
        // Creation time is the "last activity" of a conversation not yet started, so
        // the longest-waiting rule treats the oldest imports first.
        conversation.addBindValue(created + added);
        conversation.addBindValue(created);
        if (!m_db.exec(conversation))
            return Outcome<int>::failure(tr("Cannot add the conversation for %1: %2").arg(c.phone, m_db.lastError()));
        ++added;
    }
    return added;
}

bool ConversationStore::hasPhone(qint64 campaignId, const QString& e164) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT 1 FROM contacts WHERE campaign_id = ? AND phone = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(e164);
    return m_db.exec(q) && q.next();
}

Outcome<bool> ConversationStore::recordMessage(qint64 campaignId, const QString& phone, MessageDirection direction,
                                               const QString& body, const QDateTime& at, SenderId sender)
{
    QSqlQuery find = m_db.prepare(QStringLiteral(
        "SELECT c.id, c.started, c.opted_out, c.last_inbound,"
        " (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id)"
        " FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
        " WHERE ct.campaign_id = ? AND ct.phone = ?"));
    find.addBindValue(campaignId);
    find.addBindValue(phone);
    if (!m_db.exec(find))
        return Outcome<bool>::failure(tr("Cannot look up %1: %2").arg(phone, m_db.lastError()));
    if (!find.next())
        return false;
    const qint64 conversationId = find.value(0).toLongLong();
    bool started = find.value(1).toInt() != 0;
    bool optedOut = find.value(2).toInt() != 0;
    bool lastInbound = find.value(3).toInt() != 0;
    const bool hasMessages = !find.value(4).isNull();
    const qint64 atMs = at.toMSecsSinceEpoch();
    // Events may arrive out of order: only the newest message decides who spoke last.
    const bool newest = !hasMessages || atMs >= find.value(4).toLongLong();
    find.finish();

    QSqlQuery insert = m_db.prepare(
        QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at, sender_id) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(conversationId);
    insert.addBindValue(int(direction));
    insert.addBindValue(text(body));
    insert.addBindValue(atMs);
    insert.addBindValue(sender == UnassignedId ? QVariant(QMetaType::fromType<qint64>()) : QVariant(sender));
    if (!m_db.exec(insert))
        return Outcome<bool>::failure(tr("Cannot record the message for %1: %2").arg(phone, m_db.lastError()));

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
        return Outcome<bool>::failure(tr("Cannot update the conversation with %1: %2").arg(phone, m_db.lastError()));
    return true;
}

Outcome<Done> ConversationStore::setOptedOut(qint64 conversationId, bool optedOut)
{
    QSqlQuery find = m_db.prepare(QStringLiteral("SELECT started, last_inbound FROM conversations WHERE id = ?"));
    find.addBindValue(conversationId);
    if (!m_db.exec(find) || !find.next())
        return Outcome<Done>::failure(tr("No conversation %1.").arg(conversationId));
    const ConversationStatus status = deriveStatus(optedOut, find.value(0).toInt() != 0, find.value(1).toInt() != 0);
    find.finish();
    QSqlQuery update = m_db.prepare(QStringLiteral("UPDATE conversations SET opted_out = ?, status = ? WHERE id = ?"));
    update.addBindValue(optedOut ? 1 : 0);
    update.addBindValue(int(status));
    update.addBindValue(conversationId);
    if (!m_db.exec(update))
        return Outcome<Done>::failure(tr("Cannot change the opt-out: %1").arg(m_db.lastError()));
    return Done{};
}

} // namespace Handoff
