#include "storage/CampaignStore.h"

#include "core/Clock.h"

#include "storage/Database.h"
#include "core/Limits.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QVariant>

#include <algorithm>

namespace Handoff {

namespace {
qint64 now()
{
    return Clock::nowUtc().toMSecsSinceEpoch();
}

Campaign readCampaign(const QSqlQuery& q)
{
    return Campaign{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toInt() != 0,
                    QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC)};
}

std::optional<Campaign> firstCampaign(Database& db, const QString& where, const QVariant& value)
{
    QSqlQuery q = db.prepare(QStringLiteral("SELECT id, name, archived, created_at FROM campaigns WHERE ") + where);
    q.addBindValue(value);
    if (db.exec(q) && q.next())
        return readCampaign(q);
    return std::nullopt;
}

bool hasControlCharacter(const QString& name)
{
    return std::any_of(
        name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

Sender readSender(const QSqlQuery& q)
{
    return Sender{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
}

std::optional<Sender> firstSender(Database& db, const QString& where, const QVariant& value)
{
    QSqlQuery q = db.prepare(QStringLiteral("SELECT id, name, email, COALESCE(texting_number, '') FROM senders WHERE ")
                             + where);
    q.addBindValue(value);
    if (db.exec(q) && q.next())
        return readSender(q);
    return std::nullopt;
}

QVariant numberValue(const QString& number)
{
    return number.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(number);
}
} // namespace

Outcome<Campaign> CampaignStore::createCampaign(const QString& rawName)
{
    const QString name = rawName.simplified();
    if (name.isEmpty())
        return Outcome<Campaign>::failure(CampaignStore::tr("A campaign needs a name."));
    // Names are typed by hand or pasted by scripts; they must fit the window's lists and
    // the tables of the command line, and a store refuses a NUL in text.
    if (name.size() > Limits::MaxNameLength)
        return Outcome<Campaign>::failure(CampaignStore::tr("A campaign's name can be at most %1 characters; "
                                                            "this one has %2.")
                                              .arg(Limits::MaxNameLength)
                                              .arg(name.size()));
    if (hasControlCharacter(name))
        return Outcome<Campaign>::failure(
            CampaignStore::tr("A campaign's name cannot hold control characters such as NUL."));
    if (campaignByName(name))
        return Outcome<Campaign>::failure(CampaignStore::tr("A campaign named \"%1\" already exists.").arg(name));
    QSqlQuery q = m_db.prepare(
        QStringLiteral("INSERT INTO campaigns (name, archived, created_at) VALUES (?, 0, ?) RETURNING id"));
    const qint64 created = now();
    q.addBindValue(name);
    q.addBindValue(created);
    if (!m_db.exec(q) || !q.next())
        return Outcome<Campaign>::failure(CampaignStore::tr("Cannot create the campaign: %1").arg(m_db.lastError()));
    return Campaign{q.value(0).toLongLong(), name, false, QDateTime::fromMSecsSinceEpoch(created, Qt::UTC)};
}

QVector<Campaign> CampaignStore::campaigns() const
{
    QVector<Campaign> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT id, name, archived, created_at FROM campaigns ORDER BY name"));
    if (m_db.exec(q))
        while (q.next())
            result << readCampaign(q);
    return result;
}

std::optional<Campaign> CampaignStore::campaign(qint64 id) const
{
    return firstCampaign(m_db, QStringLiteral("id = ?"), id);
}

std::optional<Campaign> CampaignStore::campaignByName(const QString& name) const
{
    return firstCampaign(m_db, QStringLiteral("name = ?"), name.simplified());
}

Outcome<Done> CampaignStore::setArchived(qint64 campaignId, bool archived)
{
    QSqlQuery q = m_db.prepare(QStringLiteral("UPDATE campaigns SET archived = ? WHERE id = ?"));
    q.addBindValue(archived ? 1 : 0);
    q.addBindValue(campaignId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot archive the campaign: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(CampaignStore::tr("No such campaign."));
    return Done{};
}

Outcome<Sender> CampaignStore::addToRoster(const QString& rawName, const QString& email, const QString& number)
{
    const QString name = rawName.simplified();
    if (name.isEmpty())
        return Outcome<Sender>::failure(CampaignStore::tr("A sender needs a name."));
    if (name.size() > Limits::MaxNameLength)
        return Outcome<Sender>::failure(CampaignStore::tr("A sender's name can be at most %1 characters; "
                                                          "this one has %2.")
                                            .arg(Limits::MaxNameLength)
                                            .arg(name.size()));
    if (hasControlCharacter(name))
        return Outcome<Sender>::failure(
            CampaignStore::tr("A sender's name cannot hold control characters such as NUL."));
    if (senderByName(name))
        return Outcome<Sender>::failure(CampaignStore::tr("The roster already has a sender named \"%1\".").arg(name));
    if (!number.isEmpty()) {
        if (const auto holder = senderByNumber(number))
            return Outcome<Sender>::failure(
                CampaignStore::tr("%1 is already the texting number of \"%2\".").arg(number, holder->name));
    }
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "INSERT INTO senders (name, email, created_at, texting_number) VALUES (?, ?, ?, ?) RETURNING id"));
    const QString mail = email.trimmed();
    q.addBindValue(name);
    q.addBindValue(mail.isNull() ? QStringLiteral("") : mail);
    q.addBindValue(now());
    q.addBindValue(numberValue(number));
    if (!m_db.exec(q) || !q.next())
        return Outcome<Sender>::failure(CampaignStore::tr("Cannot add the sender: %1").arg(m_db.lastError()));
    return Sender{q.value(0).toLongLong(), name, email.trimmed(), number};
}

std::optional<Sender> CampaignStore::senderByNumber(const QString& number) const
{
    if (number.isEmpty())
        return std::nullopt;
    return firstSender(m_db, QStringLiteral("texting_number = ?"), number);
}

QHash<QString, SenderId> CampaignStore::textingNumbers() const
{
    QHash<QString, SenderId> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT texting_number, id FROM senders WHERE texting_number IS NOT NULL"));
    if (m_db.exec(q))
        while (q.next())
            result.insert(q.value(0).toString(), q.value(1).toLongLong());
    return result;
}

Outcome<Done> CampaignStore::setTextingNumber(SenderId senderId, const QString& number)
{
    if (!number.isEmpty()) {
        if (const auto holder = senderByNumber(number); holder && holder->id != senderId)
            return Outcome<Done>::failure(
                CampaignStore::tr("%1 is already the texting number of \"%2\".").arg(number, holder->name));
    }
    QSqlQuery q = m_db.prepare(QStringLiteral("UPDATE senders SET texting_number = ? WHERE id = ?"));
    q.addBindValue(numberValue(number));
    q.addBindValue(senderId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot change the texting number: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(CampaignStore::tr("No such sender."));
    return Done{};
}

QVector<Sender> CampaignStore::roster() const
{
    QVector<Sender> result;
    QSqlQuery q = m_db.prepare(
        QStringLiteral("SELECT id, name, email, COALESCE(texting_number, '') FROM senders ORDER BY name"));
    if (m_db.exec(q))
        while (q.next())
            result << readSender(q);
    return result;
}

std::optional<Sender> CampaignStore::senderByName(const QString& name) const
{
    return firstSender(m_db, QStringLiteral("name = ?"), name.simplified());
}

std::optional<Sender> CampaignStore::sender(SenderId id) const
{
    return firstSender(m_db, QStringLiteral("id = ?"), id);
}

Outcome<Done> CampaignStore::addToCampaign(qint64 campaignId, SenderId senderId, bool sweeper)
{
    if (isMember(campaignId, senderId))
        return Outcome<Done>::failure(CampaignStore::tr("That sender is already on the campaign."));
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "INSERT INTO campaign_senders (campaign_id, sender_id, sweeper, added_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(campaignId);
    q.addBindValue(senderId);
    q.addBindValue(sweeper ? 1 : 0);
    q.addBindValue(now());
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot add the sender to the campaign: %1").arg(m_db.lastError()));
    return Done{};
}

Outcome<Done> CampaignStore::setSweeper(qint64 campaignId, SenderId senderId, bool sweeper)
{
    QSqlQuery q = m_db.prepare(
        QStringLiteral("UPDATE campaign_senders SET sweeper = ? WHERE campaign_id = ? AND sender_id = ?"));
    q.addBindValue(sweeper ? 1 : 0);
    q.addBindValue(campaignId);
    q.addBindValue(senderId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot change the sweeper flag: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(CampaignStore::tr("That sender is not on the campaign."));
    return Done{};
}

Outcome<Done> CampaignStore::setPresence(qint64 campaignId, SenderId senderId, Presence presence)
{
    QSqlQuery q = m_db.prepare(
        QStringLiteral("UPDATE campaign_senders SET presence = ? WHERE campaign_id = ? AND sender_id = ?"));
    q.addBindValue(int(presence));
    q.addBindValue(campaignId);
    q.addBindValue(senderId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot change the presence: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(CampaignStore::tr("That sender is not on the campaign."));
    return Done{};
}

Outcome<Done> CampaignStore::removeFromCampaign(qint64 campaignId, SenderId senderId)
{
    QSqlQuery q = m_db.prepare(QStringLiteral("DELETE FROM campaign_senders WHERE campaign_id = ? AND sender_id = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(senderId);
    if (!m_db.exec(q))
        return Outcome<Done>::failure(CampaignStore::tr("Cannot remove the sender: %1").arg(m_db.lastError()));
    if (q.numRowsAffected() != 1)
        return Outcome<Done>::failure(CampaignStore::tr("That sender is not on the campaign."));
    return Done{};
}

QVector<CampaignSender> CampaignStore::campaignSenders(qint64 campaignId, bool withLastTexted) const
{
    // Each sender's newest outbound message, walked back from the newest along
    // messages_by_sender until one belongs to this campaign: one index probe per sender
    // who texts only here, never a scan of the campaign's messages.
    QVector<CampaignSender> result;
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT s.id, s.name, s.email, cs.sweeper, cs.presence, cs.added_at,")
        + (withLastTexted ? QStringLiteral(
               " (SELECT m.at FROM messages m CROSS JOIN conversations c"
               "   WHERE m.sender_id = cs.sender_id AND m.direction = ? AND c.id = m.conversation_id"
               "   AND c.campaign_id = cs.campaign_id AND m.failed = 0 ORDER BY m.at DESC LIMIT 1)")
                          : QStringLiteral(" NULL"))
        + QStringLiteral(", COALESCE(s.texting_number, '')"
                         " FROM campaign_senders cs JOIN senders s ON s.id = cs.sender_id"
        " WHERE cs.campaign_id = ? ORDER BY s.name"));
    if (withLastTexted)
        q.addBindValue(int(MessageDirection::Outbound));
    q.addBindValue(campaignId);
    if (m_db.exec(q))
        while (q.next()) {
            CampaignSender sender{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                                  q.value(3).toInt() != 0};
            const int presence = q.value(4).toInt();
            if (presence >= int(Presence::OnShift) && presence <= int(Presence::Done))
                sender.presence = Presence(presence);
            sender.addedAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
            if (!q.value(6).isNull())
                sender.lastTexted = QDateTime::fromMSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC);
            sender.number = q.value(7).toString();
            result << sender;
        }
    return result;
}

bool CampaignStore::isMember(qint64 campaignId, SenderId senderId) const
{
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT 1 FROM campaign_senders WHERE campaign_id = ? AND sender_id = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(senderId);
    return m_db.exec(q) && q.next();
}

QSet<SenderId> CampaignStore::members(qint64 campaignId, const QVector<SenderId>& senders) const
{
    QSet<SenderId> result;
    QStringList ids;
    for (SenderId s : senders)
        ids << QString::number(s);
    if (ids.isEmpty())
        return result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT sender_id FROM campaign_senders WHERE campaign_id = ? AND sender_id IN (%1)")
                                   .arg(ids.join(QLatin1Char(','))));
    q.addBindValue(campaignId);
    if (m_db.exec(q))
        while (q.next())
            result.insert(q.value(0).toLongLong());
    return result;
}

QVector<SenderCounts> CampaignStore::senderCounts(qint64 campaignId, bool withLastTexted) const
{
    QVector<SenderCounts> result;
    result << SenderCounts{UnassignedId, CampaignStore::tr("Unassigned"), false, {}};
    QHash<SenderId, int> row;
    for (const CampaignSender& s : campaignSenders(campaignId, withLastTexted)) {
        row.insert(s.id, int(result.size()));
        SenderCounts row{s.id, s.name, s.sweeper, {}};
        row.presence = s.presence;
        row.lastTexted = s.lastTexted;
        result << row;
    }
    for (const CountRow& c : countRows(campaignId)) {
        const int index = c.sender == UnassignedId ? 0 : row.value(c.sender, -1);
        if (index >= 0)
            result[index].counts.add(c.status, c.n);
    }
    // Held conversations, by sender: the partial index conversations_held has only them.
    QSqlQuery held = m_db.prepare(QStringLiteral(
        "SELECT COALESCE(sender_id, 0), COUNT(*) FROM conversations WHERE campaign_id = ? AND held <> 0"
        " GROUP BY COALESCE(sender_id, 0)"));
    held.addBindValue(campaignId);
    if (m_db.exec(held))
        while (held.next()) {
            const SenderId sender = held.value(0).toLongLong();
            const int index = sender == UnassignedId ? 0 : row.value(sender, -1);
            if (index >= 0)
                result[index].held = held.value(1).toInt();
        }
    return result;
}

StatusCounts CampaignStore::campaignCounts(qint64 campaignId) const
{
    StatusCounts counts;
    for (const CountRow& c : countRows(campaignId))
        counts.add(c.status, c.n);
    return counts;
}

QHash<SenderId, int> CampaignStore::openWork(qint64 campaignId, const QVector<SenderId>& senders) const
{
    // Only these senders' counts (Unassigned is sender 0 there), found by the counts'
    // (campaign, sender) index: a plan for two targets does not read a campaign's
    // thousands of count rows.
    QHash<SenderId, int> open;
    if (senders.isEmpty())
        return open;
    QStringList ids;
    for (SenderId s : senders)
        ids << QString::number(s);
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT sender_id, SUM(n) FROM conversation_counts WHERE campaign_id = ?"
                                              " AND sender_id IN (%1) AND status IN (?, ?) GROUP BY sender_id")
                                   .arg(ids.join(QLatin1Char(','))));
    q.addBindValue(campaignId);
    q.addBindValue(int(ConversationStatus::NotStarted));
    q.addBindValue(int(ConversationStatus::NeedsReply));
    if (m_db.exec(q))
        while (q.next())
            open[q.value(0).toLongLong()] += q.value(1).toInt();
    return open;
}

QVector<CampaignStore::CountRow> CampaignStore::countRows(qint64 campaignId) const
{
    // The maintained counts (schema 3): a few rows per sender, never the conversations.
    QVector<CountRow> result;
    QSqlQuery q = m_db.prepare(QStringLiteral("SELECT sender_id, status, SUM(n), COUNT(*) FROM conversation_counts"
                                              " WHERE campaign_id = ? GROUP BY sender_id, status"));
    q.addBindValue(campaignId);
    if (!m_db.exec(q))
        return result;
    qint64 stored = 0;
    while (q.next()) {
        stored += q.value(3).toLongLong();
        const int n = q.value(2).toInt();
        if (n != 0)
            result << CountRow{q.value(0).toLongLong(), ConversationStatus(q.value(1).toInt()), n};
    }
    q.finish();
    // PostgreSQL appends a delta per statement; fold them once they outnumber the
    // counts, so this read stays a few thousand rows however busy the campaign is.
    if (m_db.dialect() == Database::Dialect::Postgres && !m_db.inTransaction()
        && stored > 2 * qint64(result.size()) + 1000)
        compactCounts(campaignId);
    return result;
}

void CampaignStore::compactCounts(qint64 campaignId) const
{
    // Only committed deltas are taken; one committed meanwhile stays and is added on
    // top, so the sums are never off, and a second compaction at once waits, then
    // finds the rows it would take already gone.
    Transaction tx(m_db);
    if (!tx.active())
        return;
    QSqlQuery fold = m_db.prepare(QStringLiteral(
        "WITH gone AS (DELETE FROM conversation_counts WHERE campaign_id = ? RETURNING sender_id, status, n)"
        " INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
        " SELECT ?, sender_id, status, SUM(n) FROM gone GROUP BY sender_id, status HAVING SUM(n) <> 0"));
    fold.addBindValue(campaignId);
    fold.addBindValue(campaignId);
    if (m_db.exec(fold))
        tx.commit();
}

QDateTime CampaignStore::oldestNeedsReply(qint64 campaignId) const
{
    // The first entry of conversations_by_status's Needs Reply range.
    QSqlQuery q = m_db.prepare(
        QStringLiteral("SELECT MIN(last_activity) FROM conversations WHERE campaign_id = ? AND status = ?"));
    q.addBindValue(campaignId);
    q.addBindValue(int(ConversationStatus::NeedsReply));
    if (m_db.exec(q) && q.next() && !q.value(0).isNull())
        return QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC);
    return {};
}

QVector<qint64> CampaignStore::needsReplySince(qint64 campaignId) const
{
    // The Needs Reply range of conversations_by_status, in its order.
    QVector<qint64> result;
    QSqlQuery q = m_db.prepare(QStringLiteral(
        "SELECT last_activity FROM conversations WHERE campaign_id = ? AND status = ? ORDER BY last_activity"));
    q.setForwardOnly(true);
    q.addBindValue(campaignId);
    q.addBindValue(int(ConversationStatus::NeedsReply));
    if (m_db.exec(q))
        while (q.next())
            result << q.value(0).toLongLong();
    return result;
}

} // namespace Handoff
