#include "BenchmarkData.h"

#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "core/DemoData.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTextStream>

#include <array>
#include <map>

namespace Handoff {

namespace {

// splitmix64: a fast, well-mixed hash of an index, so that every row is the same on
// every run without a generator's state.
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr std::array<const char*, 24> AreaCodes = {"202", "206", "212", "213", "214", "215", "303", "305",
                                                   "312", "313", "404", "415", "503", "512", "602", "617",
                                                   "702", "713", "718", "786", "813", "818", "916", "919"};
constexpr std::array<const char*, 24> FirstNames
    = {"Maria", "Jose", "Wei", "Priya", "Jamal", "Aaliyah", "Emily", "James", "Sofia", "Diego", "Mei", "Arjun",
       "Linh", "Omar", "Fatima", "Kwame", "Hannah", "Ryan", "Grace", "Luis", "Yuki", "Malik", "Claire", "Minh"};
constexpr std::array<const char*, 24> LastNames
    = {"Garcia", "Nguyen", "Kim", "Patel", "Johnson", "Williams", "Lopez", "Chen", "Smith", "Brown", "Khan", "Lee",
       "Rivera", "Tran", "Jackson", "Davis", "Martinez", "Singh", "Wilson", "Moore", "Park", "Ali", "Rossi", "Novak"};

bool usableExchange(int exchange)
{
    return exchange % 100 != 11 && exchange != 555 && exchange != 950 && exchange != 958 && exchange != 959
        && exchange != 976;
}

const QVector<int>& exchanges()
{
    static const QVector<int> list = [] {
        QVector<int> l;
        for (int e = 200; e < 1000; ++e)
            if (usableExchange(e))
                l << e;
        return l;
    }();
    return list;
}

// A distinct valid US number for every index: area code, exchange and line.
struct Phone
{
    QString area;
    int exchange = 0;
    int line = 0;

    QString e164() const
    {
        return QLatin1String("+1") + area + QString::number(exchange)
            + QString::number(line).rightJustified(4, QLatin1Char('0'));
    }
};

Phone phoneOf(int index)
{
    const int areas = int(AreaCodes.size());
    const int rest = index / areas;
    const int exchangeCount = int(exchanges().size());
    // 7919 is prime to 10000: distinct lines stay distinct, but look less regular.
    return Phone{QLatin1String(AreaCodes[index % areas]), exchanges()[rest % exchangeCount],
                 int((qint64(rest / exchangeCount) * 7919) % 10000)};
}

// Many rows a statement, one round trip a batch: the same path for both dialects.
class BatchInsert
{
public:
    BatchInsert(Database& db, QString prefix, int columns, int rowsPerStatement)
        : m_db(db)
        , m_prefix(std::move(prefix))
        , m_columns(columns)
        , m_rows(rowsPerStatement)
    {
    }

    bool add(const QVariantList& row)
    {
        m_pending += row;
        if (m_pending.size() < m_columns * m_rows)
            return true;
        if (!m_fullPrepared) {
            m_full = m_db.prepare(statement(m_rows));
            m_fullPrepared = true;
        }
        return run(m_full);
    }

    bool flush()
    {
        if (m_pending.isEmpty())
            return true;
        const int rows = int(m_pending.size()) / m_columns;
        auto prepared = m_partial.find(rows);
        if (prepared == m_partial.end())
            prepared = m_partial.emplace(rows, m_db.prepare(statement(rows))).first;
        return run(prepared->second);
    }

private:
    QString statement(int rows) const
    {
        QString one = QStringLiteral("(?");
        for (int c = 1; c < m_columns; ++c)
            one += QStringLiteral(",?");
        one += QLatin1Char(')');
        QStringList all;
        for (int r = 0; r < rows; ++r)
            all << one;
        return m_prefix + QStringLiteral(" VALUES ") + all.join(QLatin1Char(','));
    }

    bool run(QSqlQuery& q)
    {
        for (const QVariant& v : std::as_const(m_pending))
            q.addBindValue(v);
        m_pending.clear();
        return m_db.exec(q);
    }

    Database& m_db;
    QString m_prefix;
    int m_columns;
    int m_rows;
    QVariantList m_pending;
    QSqlQuery m_full;
    bool m_fullPrepared = false;
    std::map<int, QSqlQuery> m_partial;
};

const QVariant NoSender(QMetaType::fromType<qint64>());

} // namespace

QString BenchmarkCampaign::toJson() const
{
    auto ids = [](const QVector<SenderId>& list) {
        QJsonArray a;
        for (SenderId id : list)
            a.append(id);
        return a;
    };
    const QJsonObject o{{QStringLiteral("campaign"), campaignId},
                        {QStringLiteral("largest"), largest},
                        {QStringLiteral("unassignSender"), unassignSender},
                        {QStringLiteral("sweepers"), ids(sweepers)},
                        {QStringLiteral("regular"), ids(regular)}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

BenchmarkCampaign BenchmarkCampaign::fromJson(const QByteArray& json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    auto ids = [](const QJsonValue& v) {
        QVector<SenderId> list;
        for (const QJsonValue& id : v.toArray())
            list << id.toInteger();
        return list;
    };
    BenchmarkCampaign c;
    c.campaignId = o.value(QStringLiteral("campaign")).toInteger();
    c.largest = o.value(QStringLiteral("largest")).toInteger();
    c.unassignSender = o.value(QStringLiteral("unassignSender")).toInteger();
    c.sweepers = ids(o.value(QStringLiteral("sweepers")));
    c.regular = ids(o.value(QStringLiteral("regular")));
    return c;
}

Outcome<BenchmarkCampaign> generateCampaign(Database& db, const BenchmarkShape& shape)
{
    using Result = Outcome<BenchmarkCampaign>;
    const int regularCount = shape.senders - shape.sweepers;
    if (shape.conversations < 1000 || shape.sweepers < 1 || regularCount < 2)
        return Result::failure(QStringLiteral("The benchmark needs at least 1,000 conversations and 2 regular senders"
                                              " besides at least one sweeper."));
    auto failed = [&db](const char* what) {
        return Result::failure(QStringLiteral("Cannot generate the %1: %2").arg(QLatin1String(what), db.lastError()));
    };
    const qint64 epoch = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    constexpr qint64 Hour = 3600 * 1000;

    // A transaction this size touches every page of the file many times; keeping them
    // in memory spares SQLite writing each one to its journal again and again.
    if (db.dialect() == Database::Dialect::Sqlite && !db.exec(QStringLiteral("PRAGMA cache_size = -1048576")))
        return failed("campaign");
    Transaction tx(db);
    if (!tx.active())
        return failed("campaign");

    BenchmarkCampaign result;
    {
        QSqlQuery q = db.prepare(QStringLiteral(
            "INSERT INTO campaigns (name, archived, created_at) VALUES (?, 0, ?) RETURNING id"));
        q.addBindValue(QStringLiteral("National GOTV (%1 conversations)").arg(shape.conversations));
        q.addBindValue(epoch - 30 * 24 * Hour);
        if (!db.exec(q) || !q.next())
            return failed("campaign");
        result.campaignId = q.value(0).toLongLong();
    }

    // Senders: the roster and the campaign; the last ones sweep.
    QSqlQuery maxSender = db.prepare(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM senders"));
    if (!db.exec(maxSender) || !maxSender.next())
        return failed("senders");
    const SenderId firstSender = maxSender.value(0).toLongLong() + 1;
    maxSender.finish();
    QStringList names = DemoData::senderNames(shape.senders);
    for (int i = int(names.size()); i < shape.senders; ++i)
        names << QStringLiteral("Volunteer %1").arg(i + 1, 4, 10, QLatin1Char('0'));
    {
        BatchInsert roster(db, QStringLiteral("INSERT INTO senders (id, name, email, created_at)"), 4, 50);
        BatchInsert members(db, QStringLiteral("INSERT INTO campaign_senders (campaign_id, sender_id, sweeper, added_at)"),
                            4, 50);
        for (int i = 0; i < shape.senders; ++i) {
            const SenderId id = firstSender + i;
            const bool sweeper = i >= regularCount;
            QString email = names[i].toLower();
            email.replace(QLatin1Char(' '), QLatin1Char('.'));
            if (!roster.add({id, names[i], QString(email + QStringLiteral("@bench.example")), epoch}))
                return failed("senders");
            if (!members.add({result.campaignId, id, sweeper ? 1 : 0, epoch}))
                return failed("senders");
            (sweeper ? result.sweepers : result.regular) << id;
        }
        if (!roster.flush() || !members.flush())
            return failed("senders");
    }
    result.largest = result.regular[0];
    result.unassignSender = result.regular[1];

    // Who holds each conversation: exact block sizes, then shuffled so that every
    // sender's conversations are spread over the table, as after a dealt import.
    QVector<SenderId> owner;
    owner.reserve(shape.conversations);
    owner.fill(UnassignedId, shape.unassigned());
    owner.insert(owner.size(), shape.largest(), result.largest);
    owner.insert(owner.size(), shape.unassignSender(), result.unassignSender);
    for (SenderId sweeper : std::as_const(result.sweepers))
        owner.insert(owner.size(), shape.perSweeper(), sweeper);
    const int rest = shape.conversations - int(owner.size());
    const int others = regularCount - 2;
    for (int i = 0; i < rest; ++i)
        owner << result.regular[2 + i % others];
    for (int i = int(owner.size()) - 1; i > 0; --i)
        std::swap(owner[i], owner[int(mix(quint64(i) ^ 0x5eed) % quint64(i + 1))]);

    QSqlQuery maxIds = db.prepare(QStringLiteral(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM contacts), (SELECT COALESCE(MAX(id), 0) FROM conversations)"));
    if (!db.exec(maxIds) || !maxIds.next())
        return failed("conversations");
    const qint64 firstContact = maxIds.value(0).toLongLong() + 1;
    const qint64 firstConversation = maxIds.value(1).toLongLong() + 1;
    maxIds.finish();

    // Short statements: Qt's SQLite driver looks each placeholder up by name, so a
    // statement of thousands of them costs more than several of a few hundred.
    constexpr int Chunk = 50;
    BatchInsert contacts(db, QStringLiteral("INSERT INTO contacts (id, campaign_id, phone, first_name, last_name, zip,"
                                            " custom_fields)"),
                         7, Chunk);
    BatchInsert conversations(db, QStringLiteral("INSERT INTO conversations (id, campaign_id, contact_id, sender_id,"
                                                 " status, opted_out, started, last_inbound, last_message,"
                                                 " last_activity, created_at)"),
                              11, Chunk);
    // Messages go in after their conversations (foreign keys): a chunk at a time.
    BatchInsert messages(db, QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at, sender_id)"),
                         5, 2 * Chunk + 1);
    const QString intro = QStringLiteral("Hi, this is a volunteer with Neighbors Vote. Early voting is open through"
                                         " Sunday. Do you have a plan to vote?");
    const QString reply = QStringLiteral("Where is my polling place?");
    const QString stop = QStringLiteral("STOP");
    for (int i = 0; i < shape.conversations; ++i) {
        const quint64 h = mix(quint64(i));
        const SenderId sender = owner[i];
        // Of a thousand assigned conversations: 111 not started, 167 need a reply, 667
        // wait and 55 opted out, which with the unassigned ones makes 20/15/60/5%.
        const int roll = int(h % 1000);
        ConversationStatus status = ConversationStatus::NotStarted;
        if (sender != UnassignedId) {
            status = roll < 111   ? ConversationStatus::NotStarted
                : roll < 278      ? ConversationStatus::NeedsReply
                : roll < 945      ? ConversationStatus::Waiting
                                  : ConversationStatus::OptedOut;
        }
        const bool started = status != ConversationStatus::NotStarted;
        const bool inbound = status == ConversationStatus::NeedsReply || status == ConversationStatus::OptedOut;
        const qint64 created = epoch - 7 * 24 * Hour + qint64((h >> 20) % (24 * Hour));
        const qint64 activity = started ? epoch - qint64((h >> 24) % (4 * 24 * Hour)) : created;
        const qint64 contactId = firstContact + i;
        const qint64 conversationId = firstConversation + i;
        const QVariant senderValue = sender == UnassignedId ? NoSender : QVariant(sender);

        if (!contacts.add({contactId, result.campaignId, phoneOf(i).e164(),
                           QString::fromLatin1(FirstNames[(h >> 8) % FirstNames.size()]),
                           QString::fromLatin1(LastNames[(h >> 13) % LastNames.size()]),
                           QString::number(10000 + (h >> 40) % 89999), QStringLiteral("{}")}))
            return failed("contacts");
        const QString last = !started ? QString() : status == ConversationStatus::OptedOut ? stop
            : inbound                                                                   ? reply
                                                                                        : intro;
        if (!conversations.add({conversationId, result.campaignId, contactId, senderValue, int(status),
                                status == ConversationStatus::OptedOut ? 1 : 0, started ? 1 : 0, inbound ? 1 : 0,
                                last.isNull() ? QStringLiteral("") : last, activity, created}))
            return failed("conversations");
        if (started) {
            const qint64 sent = inbound ? activity - Hour : activity;
            if (!messages.add({conversationId, int(MessageDirection::Outbound), intro, sent, senderValue}))
                return failed("messages");
            if (inbound && !messages.add({conversationId, int(MessageDirection::Inbound), last, activity, NoSender}))
                return failed("messages");
        }
        if (i % Chunk == Chunk - 1 && (!contacts.flush() || !conversations.flush() || !messages.flush()))
            return failed("messages");
    }
    if (!contacts.flush() || !conversations.flush() || !messages.flush())
        return failed("conversations");
    if (db.dialect() == Database::Dialect::Postgres) {
        // Explicit ids leave the identity sequences behind; later inserts must not collide.
        for (const char* table : {"senders", "contacts", "conversations"}) {
            if (!db.exec(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), (SELECT MAX(id) FROM %1))")
                             .arg(QLatin1String(table))))
                return failed("sequences");
        }
    }
    if (!tx.commit())
        return failed("campaign");
    // The inserts above left a delta of the counts per statement (PostgreSQL): the first
    // read of a store in use would have folded them long ago, so the generated store
    // starts folded, as every copy a run starts from then is.
    CampaignStore(db).campaignCounts(result.campaignId);
    // A PostgreSQL server's autovacuum would have vacuumed and analysed tables this size
    // by the time anyone opens them: statistics, and the visibility map that lets an
    // index alone answer a jump deep into the table. SQLite is left as Handoff leaves
    // it, without statistics.
    if (db.dialect() == Database::Dialect::Postgres)
        db.exec(QStringLiteral("VACUUM (ANALYZE)"));
    return result;
}

Outcome<Done> writeContactCsv(const QString& path, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Outcome<Done>::failure(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    QTextStream out(&file);
    out << "First Name,Last Name,Cell Phone,ZIP,Precinct,Language\n";
    for (int i = 0; i < rows; ++i) {
        const quint64 h = mix(quint64(i) + 0xc0ffee);
        // The numbers differ from the generated campaign's, as a new list would.
        const Phone phone = phoneOf(i + 5'000'000);
        QString written;
        if (i % 10007 == 5000) {
            written = QStringLiteral("555-01");   // too short: reported, not imported
        } else if (i % 10009 == 7000 && i > 0) {
            written = phoneOf(i - 1 + 5'000'000).e164();   // a duplicate of the row before
        } else {
            const QString number = QString::number(phone.exchange);
            const QString line = QString::number(phone.line).rightJustified(4, QLatin1Char('0'));
            switch (h % 3) {
            case 0:
                written = phone.e164();
                break;
            case 1:
                written = QStringLiteral("(%1) %2-%3").arg(phone.area, number, line);
                break;
            default:
                written = QStringLiteral("%1-%2-%3").arg(phone.area, number, line);
                break;
            }
        }
        out << FirstNames[(h >> 8) % FirstNames.size()] << ',' << LastNames[(h >> 13) % LastNames.size()] << ','
            << written << ',' << (10000 + (h >> 40) % 89999) << ",P-" << ((h >> 20) % 4000) << ','
            << ((h >> 50) % 5 == 0 ? "es" : "en") << '\n';
    }
    out.flush();
    if (file.error() != QFileDevice::NoError)
        return Outcome<Done>::failure(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    return Done{};
}

Outcome<Done> writeTwilioLog(const QString& path, int rows, int conversations)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Outcome<Done>::failure(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    QTextStream out(&file);
    out << "From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n";
    const QString campaignNumber = QStringLiteral("+14155550100");
    const QDateTime start(QDate(2024, 10, 1), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < rows; ++i) {
        const quint64 h = mix(quint64(i) + 0x7e1e);
        // Outbound texts go out in file order; every fourth is answered by its contact.
        const int contact = (i / 5 * 4 + i % 5) % conversations;
        const bool inbound = i % 5 == 4;
        const QString phone = h % 997 == 0 ? phoneOf(contact + 9'000'000).e164() : phoneOf(contact).e164();
        const QString status = inbound ? QStringLiteral("received")
            : h % 50 == 0            ? (h % 100 == 0 ? QStringLiteral("failed") : QStringLiteral("undelivered"))
                                     : QStringLiteral("delivered");
        const QString sid = QStringLiteral("SM%1").arg(QString::number(i, 16).rightJustified(32, QLatin1Char('0')));
        out << (inbound ? phone : campaignNumber) << ',' << (inbound ? campaignNumber : phone) << ','
            << (inbound ? QStringLiteral("\"Yes, I'll be there. What time?\"")
                        : QStringLiteral("\"Hi, it's Ana with the campaign. Can we count on your vote Tuesday?\""))
            << ',' << status << ',' << start.addSecs(i).toString(Qt::ISODate) << ",2010-04-01,1,"
            << (status == QLatin1String("failed") ? "30006" : "") << ",ACa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6," << sid
            << ',' << (inbound ? "inbound" : "outbound-api") << ",-0.00790,USD\n";
    }
    out.flush();
    if (file.error() != QFileDevice::NoError)
        return Outcome<Done>::failure(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    return Done{};
}

} // namespace Handoff
