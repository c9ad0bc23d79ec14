// handoff-bench: builds a national-size campaign and times what a manager does with
// it, through Handoff's own code paths, next to the best hand-written SQL for the same
// change. See the Benchmarks section of README.md.

#include "BenchmarkData.h"
#include "storage/CampaignStore.h"
#include "controller/ContactImporter.h"
#include "controller/MessageEventImporter.h"
#include "core/MessageLogReader.h"
#include "core/Clock.h"
#include "storage/ConversationStore.h"
#include "storage/CopyRows.h"
#include "models/ConversationTableModel.h"
#include "storage/Database.h"
#include "Measure.h"
#include "controller/ReassignmentController.h"
#include "models/SenderListModel.h"
#include "storage/PulseStore.h"
#include "core/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <cstdio>
#include <functional>
#include <memory>

using namespace Handoff;
using Handoff::Bench::Samples;
using Handoff::Bench::Stopwatch;
using Handoff::Bench::Timing;
using Handoff::Bench::elapsedMs;

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

[[noreturn]] void die(const QString& message)
{
    err() << "handoff-bench: " << message << Qt::endl;
    std::exit(1);
}

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString ms(double value)
{
    if (value >= 10000)
        return QString::number(value / 1000, 'f', 1) + QStringLiteral(" s");
    if (value >= 1000)
        return QString::number(value / 1000, 'f', 2) + QStringLiteral(" s");
    if (value >= 100)
        return QString::number(value, 'f', 0) + QStringLiteral(" ms");
    return QString::number(value, 'f', 1) + QStringLiteral(" ms");
}

// Where the measured store comes from, and how each run starts again from the same state.
class BenchStore
{
public:
    virtual ~BenchStore() = default;
    virtual QString name() const = 0;
    virtual QString pristineUrl() const = 0;
    // A copy of the generated store to change; returns its URL.
    virtual QString freshCopy() = 0;
    virtual bool hasPristine() const = 0;
    virtual void dropPristine() = 0;
};

class SqliteStore final : public BenchStore
{
public:
    SqliteStore(const QString& dir, int conversations)
        : m_pristine(QDir(dir).filePath(QStringLiteral("campaign-%1.db").arg(conversations)))
        , m_work(QDir(dir).filePath(QStringLiteral("work.db")))
    {
    }
    QString name() const override { return QStringLiteral("SQLite"); }
    QString pristineUrl() const override { return QStringLiteral("sqlite://") + m_pristine; }
    QString freshCopy() override
    {
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_work + suffix);
        if (!QFile::copy(m_pristine, m_work))
            die(QStringLiteral("cannot copy %1 to %2").arg(m_pristine, m_work));
        return QStringLiteral("sqlite://") + m_work;
    }
    bool hasPristine() const override { return QFileInfo::exists(m_pristine); }
    void dropPristine() override
    {
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(m_pristine + suffix);
    }
    QString pristinePath() const { return m_pristine; }

private:
    QString m_pristine;
    QString m_work;
};

class PostgresStore final : public BenchStore
{
public:
    PostgresStore(const QString& adminUrl, int conversations)
        : m_admin(adminUrl)
        , m_pristine(QStringLiteral("handoff_bench_%1").arg(conversations))
    {
    }
    QString name() const override { return QStringLiteral("PostgreSQL"); }
    QString pristineUrl() const override { return urlOf(m_pristine); }
    QString freshCopy() override
    {
        admin(QStringLiteral("DROP DATABASE IF EXISTS handoff_bench_work"));
        admin(QStringLiteral("CREATE DATABASE handoff_bench_work TEMPLATE ") + m_pristine);
        // The copy went through the server's buffers: written out now, rather than by
        // whichever statement of the measurement first needs a buffer.
        admin(QStringLiteral("CHECKPOINT"));
        return urlOf(QStringLiteral("handoff_bench_work"));
    }
    bool hasPristine() const override
    {
        auto db = Database::openUnmigrated(m_admin);
        if (!db)
            die(db.error());
        QSqlQuery q((*db)->connection());
        q.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
        q.addBindValue(m_pristine);
        return q.exec() && q.next();
    }
    void dropPristine() override
    {
        admin(QStringLiteral("DROP DATABASE IF EXISTS ") + m_pristine);
        admin(QStringLiteral("CREATE DATABASE ") + m_pristine);
    }

private:
    QString urlOf(const QString& database) const
    {
        return m_admin.section(QLatin1Char('?'), 0, 0).section(QLatin1Char('/'), 0, -2) + QLatin1Char('/') + database;
    }
    void admin(const QString& sql) const
    {
        auto db = Database::openUnmigrated(m_admin);
        if (!db || !(*db)->exec(sql))
            die(QStringLiteral("%1: %2").arg(sql, db ? (*db)->lastError() : db.error()));
    }

    QString m_admin;
    QString m_pristine;
};

std::unique_ptr<Database> openStore(const QString& url)
{
    auto db = Database::open(url);
    if (!db)
        die(db.error());
    // On PostgreSQL the CPU time shown includes the server backend of this connection.
    Bench::serverProcess() = 0;
    if ((*db)->dialect() == Database::Dialect::Postgres) {
        QSqlQuery pid((*db)->connection());
        if (pid.exec(QStringLiteral("SELECT pg_backend_pid()")) && pid.next())
            Bench::serverProcess() = pid.value(0).toLongLong();
    }
    return std::move(*db);
}

struct Row
{
    QString id;
    QString what;
    Samples handoff;
    Samples floor;
    QString target;
    std::function<bool(const Row&)> meets;   // empty: no target
    QString note;
    QString value;   // shown instead of handoff's times, e.g. a memory figure
};

struct Options
{
    BenchmarkShape shape;
    int runs = 5;
    int importRuns = 3;
    QString dir;
    QString csv;
    QString twilioLog;
    QString postgres;
    QStringList only;
    bool regenerate = false;
    bool window = true;
};

// A row is wanted when named, or when its number is ("3" runs 3b too), except 6b: the
// message log takes many minutes on PostgreSQL, so "6" is the contact import alone.
bool wanted(const Options& options, const QString& id)
{
    return options.only.isEmpty() || options.only.contains(id)
        || (id != QLatin1String("6b") && options.only.contains(id.left(1)));
}

// Any of the window's rows (7, 7a … 7f): they all come from one run of the window.
bool wantedWindow(const Options& options)
{
    return wanted(options, QStringLiteral("7"))
        || std::any_of(options.only.cbegin(), options.only.cend(),
                       [](const QString& id) { return id.startsWith(QLatin1Char('7')); });
}

BenchmarkCampaign prepareCampaign(BenchStore& store, const Options& options, double* generatedMs)
{
    const QString idsFile = QDir(options.dir).filePath(
        QStringLiteral("%1-%2-%3-%4.json")
            .arg(store.name().toLower())
            .arg(options.shape.conversations)
            .arg(options.shape.senders)
            .arg(options.shape.sweepers));
    QFile ids(idsFile);
    if (!options.regenerate && store.hasPristine() && ids.open(QIODevice::ReadOnly)) {
        *generatedMs = -1;
        return BenchmarkCampaign::fromJson(ids.readAll());
    }
    store.dropPristine();
    err() << "Generating " << number(options.shape.conversations) << " conversations into " << store.name() << "…"
          << Qt::endl;
    QElapsedTimer timer;
    timer.start();
    BenchmarkCampaign campaign;
    {
        auto db = openStore(store.pristineUrl());
        auto generated = generateCampaign(*db, options.shape);
        if (!generated)
            die(generated.error());
        campaign = *generated;
    }
    *generatedMs = elapsedMs(timer);
    if (!ids.open(QIODevice::WriteOnly | QIODevice::Truncate))
        die(QStringLiteral("cannot write %1").arg(idsFile));
    ids.write(campaign.toJson().toUtf8());
    return campaign;
}

Samples repeat(int runs, const std::function<Timing()>& run)
{
    Samples samples;
    for (int i = 0; i < runs; ++i)
        samples.add(run());
    return samples;
}

// Runs one statement and returns its time; the rows it changed go to *rows.
Timing timeStatement(Database& db, const QString& sql, qint64* rows = nullptr)
{
    QSqlQuery q(db.connection());
    const Stopwatch watch;
    if (!q.exec(sql))
        die(QStringLiteral("floor statement failed: %1\n%2").arg(q.lastError().text(), sql));
    const Timing t = watch.stop();
    if (rows)
        *rows = q.numRowsAffected();
    return t;
}

// Row 6b's floor on PostgreSQL: the least the server must do to end where the import
// ends, written by hand. The messages the import recorded (failed ones too) and the new
// state of each conversation they changed, as COPY text, read from an imported store.
void postgresImportFloorData(Database& db, qint64 lastIdBefore, QByteArray* messages, QByteArray* states)
{
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT conversation_id, direction, body, at, sender_id, provider_id, failed"
                               " FROM messages WHERE id > %1 ORDER BY id")
                    .arg(lastIdBefore)))
        die(q.lastError().text());
    CopyRows rows;
    auto nullable = [&rows](const QVariant& v) {
        if (v.isNull())
            rows.null();
        else
            rows.field(v.toString());
    };
    while (q.next()) {
        rows.field(q.value(0).toLongLong()).field(q.value(1).toLongLong()).field(q.value(2).toString());
        rows.field(q.value(3).toLongLong());
        nullable(q.value(4));
        nullable(q.value(5));
        rows.field(q.value(6).toLongLong()).endRow();
    }
    *messages = rows.data();
    rows.clear();
    if (!q.exec(QStringLiteral("SELECT id, started, opted_out, last_inbound, status, last_message, last_activity"
                               " FROM conversations c WHERE id IN (SELECT conversation_id FROM messages"
                               " WHERE id > %1 AND failed = 0) ORDER BY id")
                    .arg(lastIdBefore)))
        die(q.lastError().text());
    while (q.next()) {
        for (int f = 0; f < 5; ++f)
            rows.field(q.value(f).toLongLong());
        rows.field(q.value(5).toString()).field(q.value(6).toLongLong()).endRow();
    }
    *states = rows.data();
}

// One transaction, as the import's: one COPY of the messages, one of the states into a
// temporary table, one UPDATE … FROM.
Timing timePostgresImportFloor(Database& db, const QByteArray& messages, const QByteArray& states)
{
    const Stopwatch watch;
    Transaction tx(db);
    if (!tx.active()
        || !db.copyIn(QStringLiteral("COPY messages (conversation_id, direction, body, at, sender_id, provider_id, failed)"
                                     " FROM STDIN"),
                      messages)
        || !db.exec(QStringLiteral("CREATE TEMP TABLE bench_states (id BIGINT, started INTEGER, opted_out INTEGER,"
                                   " last_inbound INTEGER, status INTEGER, last_message TEXT, last_activity BIGINT)"
                                   " ON COMMIT DROP"))
        || !db.copyIn(QStringLiteral("COPY bench_states FROM STDIN"), states)
        || !db.exec(QStringLiteral("UPDATE conversations AS c SET started = s.started, opted_out = s.opted_out,"
                                   " last_inbound = s.last_inbound, status = s.status, last_message = s.last_message,"
                                   " last_activity = s.last_activity FROM bench_states AS s WHERE c.id = s.id"))
        || !tx.commit())
        die(QStringLiteral("floor statement failed: %1").arg(db.lastError()));
    return watch.stop();
}

QString valuesList(const QVector<SenderId>& targets)
{
    QStringList rows;
    for (int i = 0; i < targets.size(); ++i)
        rows << QStringLiteral("(%1, %2)").arg(i).arg(targets[i]);
    return rows.join(QLatin1Char(','));
}

QString idList(const QVector<SenderId>& ids)
{
    QStringList list;
    for (SenderId id : ids)
        list << QString::number(id);
    return list.join(QLatin1Char(','));
}

Timing timeAction(Database& db, const ReassignRequest& request, int* moved)
{
    ReassignmentController controller(db, QStringLiteral("benchmark"));
    const Stopwatch watch;
    const auto result = controller.run(request);
    const Timing t = watch.stop();
    if (!result)
        die(result.error());
    *moved = result->moved;
    return t;
}

QVector<Row> measure(BenchStore& store, const BenchmarkCampaign& c, const Options& options)
{
    QVector<Row> rows;
    const int runs = options.runs;
    const qint64 campaign = c.campaignId;

    if (wanted(options, QStringLiteral("1"))) {
        Row row{QStringLiteral("1"),
                QStringLiteral("Open the campaign: sender list with all counts, presence and last texted, overview"),
                {}, {},
                QStringLiteral("< 150 ms"), [](const Row& r) { return r.handoff.median() < 150; }, {}, {}};
        int senders = 0;
        qint64 total = 0;
        row.handoff = repeat(runs, [&] {
            const Stopwatch watch;
            auto db = openStore(store.pristineUrl());
            SenderListModel model(*db);
            model.setCampaign(campaign);
            const StatusCounts counts = CampaignStore(*db).campaignCounts(campaign);
            CampaignStore(*db).oldestNeedsReply(campaign);
            const Timing t = watch.stop();
            senders = model.rowCount();
            total = counts.total();
            return t;
        });
        row.note = QStringLiteral("%1 rows, %2 conversations counted").arg(number(senders), number(total));
        rows << row;
    }

    if (wanted(options, QStringLiteral("8"))) {
        Row row{QStringLiteral("8"),
                QStringLiteral("Pulse tab: all three charts' series computed (PulseStore::series)"), {}, {},
                QStringLiteral("< 300 ms"), [](const Row& r) { return r.handoff.median() < 300; }, {}, {}};
        auto db = openStore(store.pristineUrl());
        const PulseStore pulse(*db);
        const QDateTime now = Clock::nowUtc();
        int points = 0;
        int waiting = 0;
        row.handoff = repeat(runs, [&] {
            const Stopwatch watch;
            const auto series = pulse.series(campaign, now, QDateTime());
            const Timing t = watch.stop();
            if (!series)
                die(series.error());
            points = int(series->progress.size());
            waiting = series->replyWait.waitingNow;
            return t;
        });
        // Each part alone: progress and reply waits from the kept sums, the history's
        // markers, the sender load; and what the sums replace, the pass over the messages.
        const Samples sums = repeat(runs, [&] {
            const Stopwatch watch;
            pulse.series(campaign, now, QDateTime(), PulseGranularity::Hour);
            return watch.stop();
        });
        const Samples markers = repeat(runs, [&] {
            const Stopwatch watch;
            pulse.markers(campaign, QDateTime());
            return watch.stop();
        });
        const Samples load = repeat(runs, [&] {
            const Stopwatch watch;
            pulse.load(campaign);
            return watch.stop();
        });
        const Samples recount = repeat(1, [&] {
            const Stopwatch watch;
            const auto counted = pulse.recount(campaign, now, QDateTime());
            const Timing t = watch.stop();
            const auto kept = pulse.series(campaign, now, QDateTime());
            if (!counted || !kept)
                die(db->lastError());
            if (counted->progress != kept->progress || counted->replyWait.waitingNow != kept->replyWait.waitingNow
                || counted->replyWait.answered != kept->replyWait.answered
                || counted->replyWait.medianSeconds != kept->replyWait.medianSeconds
                || counted->replyWait.oldestWaitingSeconds != kept->replyWait.oldestWaitingSeconds)
                die(QStringLiteral("the kept Pulse sums differ from a recount of the messages"));
            return t;
        });
        row.note = QStringLiteral("per hour %1; markers %2, sender load %3; the same series recounted from the"
                                  " messages %4 (the same numbers); %5 buckets, %6 replies waiting")
                       .arg(ms(sums.median()), ms(markers.median()), ms(load.median()), ms(recount.median()),
                            number(points), number(waiting));
        rows << row;
    }

    auto firstScreen = [&](const QString& id, const QString& what, std::optional<SenderId> sender) {
        Row row{id, what, {}, {}, QStringLiteral("< 150 ms"), [](const Row& r) { return r.handoff.median() < 150; },
                {}, {}};
        auto db = openStore(store.pristineUrl());
        row.handoff = repeat(runs, [&] {
            const Stopwatch watch;
            ConversationTableModel model(*db);
            ConversationQuery query;
            query.campaignId = campaign;
            query.sender = sender;
            model.setQuery(query);
            // What one screen of the view asks for: 50 rows, every column.
            for (int r = 0; r < std::min(50, model.rowCount()); ++r)
                for (int col = 0; col < ConversationTableModel::ColumnCount; ++col)
                    model.index(r, col).data();
            return watch.stop();
        });
        rows << row;
    };
    if (wanted(options, QStringLiteral("2a")))
        firstScreen(QStringLiteral("2a"), QStringLiteral("Conversation table, whole campaign: first screen"),
                    std::nullopt);
    if (wanted(options, QStringLiteral("2b")))
        firstScreen(QStringLiteral("2b"),
                    QStringLiteral("Conversation table, largest sender (%1): first screen")
                        .arg(number(options.shape.largest())),
                    c.largest);
    // A jump in the whole table, as Ctrl+End or the scroll bar dragged: the screen there,
    // with only the first page in memory before.
    auto jump = [&](const QString& id, const QString& what, double fraction) {
        Row row{id, what, {}, {}, QStringLiteral("< 150 ms"), [](const Row& r) { return r.handoff.median() < 150; },
                {}, {}};
        auto db = openStore(store.pristineUrl());
        ConversationTableModel model(*db);
        ConversationQuery query;
        query.campaignId = campaign;
        model.setQuery(query);
        row.handoff = repeat(runs, [&] {
            model.reload();
            const Stopwatch watch;
            const int first = std::max(0, std::min(int(model.rowCount() * fraction), model.rowCount() - 50));
            for (int r = first; r < std::min(first + 50, model.rowCount()); ++r)
                for (int col = 0; col < ConversationTableModel::ColumnCount; ++col)
                    model.index(r, col).data();
            return watch.stop();
        });
        rows << row;
    };
    if (wanted(options, QStringLiteral("2d")))
        jump(QStringLiteral("2d"), QStringLiteral("Conversation table, whole campaign: jump to the last screen"),
             1.0);
    if (wanted(options, QStringLiteral("2e")))
        jump(QStringLiteral("2e"),
             QStringLiteral("Conversation table, whole campaign: jump to the middle (the farthest from either end)"),
             0.5);
    if (wanted(options, QStringLiteral("2c"))) {
        // Not a target of the issue: how paging holds up at the far end of the table.
        Row row{QStringLiteral("2c"), QStringLiteral("Next page at the end of the whole table (keyset)"), {}, {}, {},
                {}, {}, {}};
        auto db = openStore(store.pristineUrl());
        ConversationQuery query;
        query.campaignId = campaign;
        const ConversationStore conversations(*db);
        const QVector<Conversation> near = conversations.conversations(query, options.shape.conversations - 400, 1);
        if (!near.isEmpty()) {
            const ConversationCursor cursor = ConversationStore::cursorAt(query, near.first());
            row.handoff = repeat(runs, [&] {
                const Stopwatch watch;
                conversations.conversationsAfter(query, cursor, ConversationTableModel::PageSize);
                return watch.stop();
            });
            row.floor = repeat(runs, [&] {
                const Stopwatch watch;
                conversations.conversations(query, options.shape.conversations - 200, ConversationTableModel::PageSize);
                return watch.stop();
            });
            row.note = QStringLiteral("floor column: the same page by OFFSET");
        }
        rows << row;
    }

    auto ratioTarget = [](double limit, double ratio) {
        return [limit, ratio](const Row& r) {
            return r.floor.median() > 0 && r.handoff.median() <= ratio * r.floor.median()
                && (limit <= 0 || r.handoff.median() < limit);
        };
    };

    if (wanted(options, QStringLiteral("3"))) {
        Row row{QStringLiteral("3"), QStringLiteral("Bulk Reassign All Needs Reply to the sweepers"), {}, {},
                QStringLiteral("≤ 1.3× floor, < 3 s"), ratioTarget(3000, 1.3), {}, {}};
        ReassignRequest request;
        request.campaignId = campaign;
        request.scope = ReassignScope::Bulk;
        request.action = ReassignAction::ReassignAll;
        request.status = StatusFilter::NeedsReply;
        request.targets = c.sweepers;
        int moved = 0;
        qint64 floorRows = 0;
        for (int i = 0; i < runs; ++i) {
            {
                auto db = openStore(store.freshCopy());
                row.handoff.add(timeAction(*db, request, &moved));
            }
            {
                auto db = openStore(store.freshCopy());
                row.floor.add(timeStatement(
                    *db,
                    QStringLiteral("UPDATE conversations SET sender_id = t.column2 FROM"
                                   " (SELECT id, (ROW_NUMBER() OVER (ORDER BY last_activity, id) - 1) % %1 AS k"
                                   " FROM conversations WHERE campaign_id = %2 AND status = 1"
                                   " AND (sender_id IS NULL OR sender_id NOT IN (%3))) p"
                                   " JOIN (VALUES %4) t ON t.column1 = p.k WHERE conversations.id = p.id")
                        .arg(c.sweepers.size())
                        .arg(campaign)
                        .arg(idList(c.sweepers), valuesList(c.sweepers)),
                    &floorRows));
            }
        }
        row.note = QStringLiteral("%1 moved (floor: %2) to %3 sweepers")
                       .arg(number(moved), number(floorRows))
                       .arg(c.sweepers.size());
        rows << row;
    }

    if (wanted(options, QStringLiteral("3b"))) {
        Row row{QStringLiteral("3b"),
                QStringLiteral("Bulk reassign of Needs Reply waiting ≥ 1 h, balanced, to %1 sweepers").arg(c.sweepers.size()),
                {}, {}, QStringLiteral("≤ 1.3× floor"), ratioTarget(0, 1.3), {}, {}};
        // The generated activity spans the four days before its epoch: "now" two days
        // after the first of them, so that about half of the replies have waited an hour.
        const QDateTime now = QDateTime(QDate(2026, 10, 30), QTime(13, 0), Qt::UTC);
        const qint64 cutoff = now.toMSecsSinceEpoch() - 3600 * 1000;
        Clock::setFixedNow(now);
        ReassignRequest request;
        request.campaignId = campaign;
        request.scope = ReassignScope::Bulk;
        request.action = ReassignAction::ReassignAll;
        request.status = StatusFilter::NeedsReply;
        request.targets = c.sweepers;
        request.olderThanSeconds = 3600;
        request.balance = true;
        int moved = 0;
        qint64 floorRows = 0;
        for (int i = 0; i < runs; ++i) {
            {
                auto db = openStore(store.freshCopy());
                row.handoff.add(timeAction(*db, request, &moved));
            }
            {
                // The same conversations dealt in turn: with loads as even as the
                // sweepers' are, what a balanced split comes to, in one statement.
                auto db = openStore(store.freshCopy());
                row.floor.add(timeStatement(
                    *db,
                    QStringLiteral("UPDATE conversations SET sender_id = t.column2 FROM"
                                   " (SELECT id, (ROW_NUMBER() OVER (ORDER BY last_activity, id) - 1) % %1 AS k"
                                   " FROM conversations WHERE campaign_id = %2 AND status = 1 AND last_activity <= %5"
                                   " AND held = 0 AND (sender_id IS NULL OR sender_id NOT IN (%3))) p"
                                   " JOIN (VALUES %4) t ON t.column1 = p.k WHERE conversations.id = p.id")
                        .arg(c.sweepers.size())
                        .arg(campaign)
                        .arg(idList(c.sweepers), valuesList(c.sweepers))
                        .arg(cutoff),
                    &floorRows));
            }
        }
        Clock::setFixedNow(QDateTime());
        row.note = QStringLiteral("%1 moved (floor: %2) to %3 sweepers")
                       .arg(number(moved), number(floorRows))
                       .arg(c.sweepers.size());
        rows << row;
    }

    if (wanted(options, QStringLiteral("4"))) {
        const QVector<SenderId> targets = c.regular.mid(2, 100);
        const int count = std::min(10000, options.shape.unassigned() / 2);
        Row row{QStringLiteral("4"),
                QStringLiteral("Reassign Some %1 Not Started from Unassigned over %2 senders")
                    .arg(number(count))
                    .arg(targets.size()),
                {}, {}, QStringLiteral("≤ 1.3× floor"), ratioTarget(0, 1.3), {}, {}};
        ReassignRequest request;
        request.campaignId = campaign;
        request.scope = ReassignScope::Sender;
        request.action = ReassignAction::ReassignSome;
        request.status = StatusFilter::NotStarted;
        request.source = UnassignedId;
        request.count = count;
        request.targets = targets;
        int moved = 0;
        qint64 floorRows = 0;
        for (int i = 0; i < runs; ++i) {
            {
                auto db = openStore(store.freshCopy());
                row.handoff.add(timeAction(*db, request, &moved));
            }
            {
                auto db = openStore(store.freshCopy());
                row.floor.add(timeStatement(
                    *db,
                    QStringLiteral("UPDATE conversations SET sender_id = t.column2 FROM"
                                   " (SELECT id, (ROW_NUMBER() OVER (ORDER BY last_activity, id) - 1) % %1 AS k FROM"
                                   " (SELECT id, last_activity FROM conversations WHERE campaign_id = %2"
                                   " AND sender_id IS NULL AND status = 0 ORDER BY last_activity, id LIMIT %3) x) p"
                                   " JOIN (VALUES %4) t ON t.column1 = p.k WHERE conversations.id = p.id")
                        .arg(targets.size())
                        .arg(campaign)
                        .arg(count)
                        .arg(valuesList(targets)),
                    &floorRows));
            }
        }
        row.note = QStringLiteral("%1 moved (floor: %2)").arg(number(moved), number(floorRows));
        rows << row;
    }

    if (wanted(options, QStringLiteral("5"))) {
        Row unassign{QStringLiteral("5a"),
                     QStringLiteral("Unassign All, one sender with %1").arg(number(options.shape.unassignSender())), {},
                     {}, QStringLiteral("≤ 1.3× floor"), ratioTarget(0, 1.3), {}, {}};
        Row undo{QStringLiteral("5b"), QStringLiteral("… then Undo"), {}, {}, QStringLiteral("≤ 1.3× floor"),
                 ratioTarget(0, 1.3), {}, {}};
        ReassignRequest request;
        request.campaignId = campaign;
        request.scope = ReassignScope::Sender;
        request.action = ReassignAction::UnassignAll;
        request.status = StatusFilter::Any;
        request.source = c.unassignSender;
        int moved = 0;
        int restored = 0;
        for (int i = 0; i < runs; ++i) {
            {
                auto db = openStore(store.freshCopy());
                unassign.handoff.add(timeAction(*db, request, &moved));
                ReassignmentController controller(*db, QStringLiteral("benchmark"));
                const Stopwatch watch;
                const auto result = controller.undoLast(campaign);
                undo.handoff.add(watch.stop());
                if (!result)
                    die(result.error());
                restored = result->moved;
            }
            {
                auto db = openStore(store.freshCopy());
                timeStatement(*db, QStringLiteral("CREATE TEMP TABLE bench_undo_ids AS SELECT id FROM conversations"
                                                  " WHERE campaign_id = %1 AND sender_id = %2")
                                       .arg(campaign)
                                       .arg(c.unassignSender));
                unassign.floor.add(timeStatement(
                    *db, QStringLiteral("UPDATE conversations SET sender_id = NULL WHERE campaign_id = %1 AND sender_id = %2")
                             .arg(campaign)
                             .arg(c.unassignSender)));
                undo.floor.add(timeStatement(*db, QStringLiteral("UPDATE conversations SET sender_id = %1 WHERE id IN"
                                                                   " (SELECT id FROM bench_undo_ids) AND sender_id IS NULL")
                                                        .arg(c.unassignSender)));
            }
        }
        unassign.note = QStringLiteral("%1 unassigned").arg(number(moved));
        undo.note = QStringLiteral("%1 restored").arg(number(restored));
        rows << unassign << undo;
    }

    if (wanted(options, QStringLiteral("6"))) {
        Row row{QStringLiteral("6"),
                QStringLiteral("Import a %1-row contact CSV (phones validated)").arg(number(options.shape.conversations)),
                {}, {}, QStringLiteral("< 20 s"), [](const Row& r) { return r.handoff.median() < 20000; }, {}, {}};
        int imported = 0;
        int rejected = 0;
        for (int i = 0; i < options.importRuns; ++i) {
            auto db = openStore(store.freshCopy());
            const auto target = CampaignStore(*db).createCampaign(QStringLiteral("Imported list"));
            if (!target)
                die(target.error());
            ContactImporter importer(*db);
            int shown = -1;
            QObject::connect(&importer, &ContactImporter::progress, [&shown, i](qint64 done, qint64 total) {
                const int percent = total > 0 ? int(done * 100 / total) : 0;
                if (percent != shown) {
                    shown = percent;
                    err() << "\r  importing (run " << i + 1 << "): " << percent << "%" << Qt::flush;
                }
            });
            ContactImportOptions importOptions;
            importOptions.campaignId = target->id;
            const Stopwatch watch;
            const auto report = importer.importFile(options.csv, importOptions);
            row.handoff.add(watch.stop());
            err() << "\r" << QString(40, QLatin1Char(' ')) << "\r" << Qt::flush;
            if (!report)
                die(report.error());
            imported = report->imported;
            rejected = int(report->rejected.size());
        }
        row.note = QStringLiteral("%1 imported, %2 rejected with their lines").arg(number(imported), number(rejected));
        rows << row;
    }

    if (wanted(options, QStringLiteral("6b"))) {
        // PostgreSQL's floor writes what the import wrote: its new messages and the new
        // state of the conversations they changed, taken from the last run's store.
        const bool postgres = store.name() == QLatin1String("PostgreSQL");
        const double targetMs = postgres ? 20000 : 30000;
        Row row{QStringLiteral("6b"),
                QStringLiteral("Import a %1-message Twilio message log (CSV)").arg(number(options.shape.conversations)),
                {}, {}, postgres ? QStringLiteral("< 20 s") : QStringLiteral("< 30 s"),
                [targetMs](const Row& r) { return r.handoff.median() < targetMs; }, {}, {}};
        MessageEventReport last;
        QByteArray floorMessages;
        QByteArray floorStates;
        for (int i = 0; i < options.importRuns; ++i) {
            auto db = openStore(store.freshCopy());
            qint64 lastIdBefore = 0;
            if (postgres) {
                QSqlQuery newest(db->connection());
                if (!newest.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM messages")) || !newest.next())
                    die(newest.lastError().text());
                lastIdBefore = newest.value(0).toLongLong();
            }
            MessageEventImporter importer(*db);
            int shown = -1;
            QObject::connect(&importer, &MessageEventImporter::progress, [&shown, i](qint64 done, qint64 total) {
                const int percent = total > 0 ? int(done * 100 / total) : 0;
                if (percent != shown) {
                    shown = percent;
                    err() << "\r  importing messages (run " << i + 1 << "): " << percent << "%" << Qt::flush;
                }
            });
            const Stopwatch watch;
            const auto report = importer.importFile(options.twilioLog, c.campaignId);
            row.handoff.add(watch.stop());
            err() << "\r" << QString(50, QLatin1Char(' ')) << "\r" << Qt::flush;
            if (!report)
                die(report.error());
            last = *report;
            if (postgres && i + 1 == options.importRuns)
                postgresImportFloorData(*db, lastIdBefore, &floorMessages, &floorStates);
        }
        if (postgres) {
            for (int i = 0; i < options.importRuns; ++i) {
                auto db = openStore(store.freshCopy());
                row.floor.add(timePostgresImportFloor(*db, floorMessages, floorStates));
            }
        }
        Bench::serverProcess() = 0;
        // How much of that is reading the file (CSV, dates, phones) rather than recording.
        QFile log(options.twilioLog);
        if (!log.open(QIODevice::ReadOnly))
            die(log.errorString());
        MessageLogReader reader;
        int events = 0;
        const Stopwatch readWatch;
        reader.parse(log, [&events](const QVector<MessageEvent>& batch) { events += int(batch.size()); });
        const Bench::Timing read = readWatch.stop();
        row.note = QStringLiteral("%1 recorded, %2 failed or undelivered kept as failed, %3 rejected with their lines;"
                                  " reading the %4 events alone (no store) took %5")
                       .arg(number(last.recorded), number(last.failed), number(int(last.rejected.size())),
                            number(events), ms(read.wallMs) + QStringLiteral(" (CPU ") + ms(read.cpuMs) + QLatin1Char(')'));
        if (postgres)
            row.note += QStringLiteral("; floor: one COPY of the recorded messages, one COPY of the %1 changed"
                                       " conversations' new state into a temporary table and one UPDATE … FROM it,"
                                       " in one transaction")
                            .arg(number(int(floorStates.count('\n'))));
        rows << row;
    }
    return rows;
}

QVector<Row> measureWindow(BenchStore& store, const BenchmarkCampaign& c, const Options& options)
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("handoff-bench-window"));
    QProcess window;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    window.setProcessEnvironment(env);
    window.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Only the Pulse rows asked for (--only 7e,7f): the window opens on the campaign as
    // generated and skips the other measurements.
    const bool pulseOnly = !options.only.isEmpty() && !options.only.contains(QStringLiteral("7"))
        && std::all_of(options.only.cbegin(), options.only.cend(), [](const QString& id) {
               return !id.startsWith(QLatin1Char('7')) || id == QLatin1String("7e") || id == QLatin1String("7f");
           });
    QStringList arguments{store.freshCopy(), QString::number(c.campaignId), idList(c.sweepers), options.csv};
    if (pulseOnly)
        arguments << QStringLiteral("pulse");
    window.start(program, arguments);
    if (!window.waitForFinished(30 * 60 * 1000) || window.exitCode() != 0)
        die(QStringLiteral("%1 failed (exit %2)").arg(program).arg(window.exitCode()));
    const QJsonObject o = QJsonDocument::fromJson(window.readAllStandardOutput()).object();
    const double peakMb = o.value(QStringLiteral("peakKb")).toDouble() / 1024;
    Row memory{QStringLiteral("7"), QStringLiteral("Window peak memory, campaign open, scrolled end to end"), {}, {},
               QStringLiteral("< 250 MB, flat: < 1 byte per row scrolled"), {}, {}, {}};
    memory.value = QStringLiteral("%1 MB").arg(peakMb, 0, 'f', 0);
    auto mb = [&o](const char* key) { return o.value(QLatin1String(key)).toDouble() / 1024; };
    const double rows = o.value(QStringLiteral("rows")).toDouble();
    // Over the second half: by then SQLite's page cache (64 MB at most) has filled, and
    // what still grows is what grows with the rows scrolled past.
    const double perRow = rows > 0 ? (mb("rssEndKb") - mb("rssHalfKb")) * 1024 * 1024 / (rows / 2) : 0;
    memory.note = QStringLiteral("%1 bytes per row scrolled past, over the second half; RSS open %2 MB (table of %3"
                                 " rows, the header's sections allocated then), at a quarter %4 MB, at half %5 MB, at"
                                 " end %6 MB (%7 MB once malloc_trim returns freed pages); %8 rows in %9")
                      .arg(perRow, 0, 'f', 1)
                      .arg(mb("rssOpenKb"), 0, 'f', 0)
                      .arg(number(o.value(QStringLiteral("rowsAtOpen")).toInteger()))
                      .arg(mb("rssQuarterKb"), 0, 'f', 0)
                      .arg(mb("rssHalfKb"), 0, 'f', 0)
                      .arg(mb("rssEndKb"), 0, 'f', 0)
                      .arg(mb("rssTrimmedKb"), 0, 'f', 0)
                      .arg(number(o.value(QStringLiteral("rows")).toInteger()))
                      .arg(ms(o.value(QStringLiteral("scrollMs")).toDouble()));
    memory.meets = [peakMb, perRow](const Row&) { return peakMb < 250 && perRow < 1; };

    Row open{QStringLiteral("7a"), QStringLiteral("Window: campaign chosen to first screen painted"), {}, {},
             QStringLiteral("< 150 ms"), [](const Row& r) { return r.handoff.median() < 150; }, {}, {}};
    for (const QJsonValue& v : o.value(QStringLiteral("openMs")).toArray())
        open.handoff.ms << v.toDouble();
    Row responsive{QStringLiteral("7b"),
                   QStringLiteral("Window: longest UI stall while Bulk Reassign All Needs Reply runs"), {}, {},
                   QStringLiteral("< 100 ms"), [](const Row& r) { return r.handoff.max() < 100; }, {}, {}};
    responsive.handoff.ms << o.value(QStringLiteral("stallMs")).toDouble();
    responsive.note = QStringLiteral("the action took %1 on its worker, then the refresh of the window %2 (\"%3…\")")
                          .arg(ms(o.value(QStringLiteral("actionMs")).toDouble()),
                               ms(o.value(QStringLiteral("refreshMs")).toDouble()),
                               o.value(QStringLiteral("actionResult")).toString());
    Row undo{QStringLiteral("7c"), QStringLiteral("Window: longest UI stall while that action is undone (Ctrl+Z)"), {},
             {}, QStringLiteral("< 100 ms"), [](const Row& r) { return r.handoff.max() < 100; }, {}, {}};
    undo.handoff.ms << o.value(QStringLiteral("undoStallMs")).toDouble();
    undo.note = QStringLiteral("the undo and its refresh took %1 (\"%2…\")")
                    .arg(ms(o.value(QStringLiteral("undoMs")).toDouble()), o.value(QStringLiteral("undoResult")).toString());
    Row import{QStringLiteral("7d"), QStringLiteral("Window: longest UI stall while the contact file is imported"), {},
               {}, QStringLiteral("< 100 ms"), [](const Row& r) { return r.handoff.max() < 100; }, {}, {}};
    import.handoff.ms << o.value(QStringLiteral("importStallMs")).toDouble();
    import.note = QStringLiteral("into a new campaign, with its progress dialog; %1 in all (\"%2…\")")
                      .arg(ms(o.value(QStringLiteral("importMs")).toDouble()),
                           o.value(QStringLiteral("importResult")).toString());
    Row pulse{QStringLiteral("7e"),
              QStringLiteral("Window: Pulse tab opened (Ctrl+5), three charts computed and drawn: longest UI stall"), {},
              {}, QStringLiteral("< 100 ms"), [](const Row& r) { return r.handoff.max() < 100; }, {}, {}};
    pulse.handoff.ms << o.value(QStringLiteral("pulseStallMs")).toDouble();
    pulse.note = QStringLiteral("all three charts computed (on their worker) and drawn %1 after Ctrl+5; %2 sender bars"
                                " to scroll")
                     .arg(ms(o.value(QStringLiteral("pulseMs")).toDouble()),
                          number(o.value(QStringLiteral("pulseSenders")).toInteger()));
    if (o.contains(QStringLiteral("liveRefreshStallMs")))
        pulse.note += QStringLiteral("; opened once the window had read the undo of 7c again by itself (its longest"
                                     " stall then, not counted here: %1)")
                          .arg(ms(o.value(QStringLiteral("liveRefreshStallMs")).toDouble()));
    Row pulseRefresh{QStringLiteral("7f"),
                     QStringLiteral("Window: Pulse tab updating after a bulk action: longest UI stall"), {}, {},
                     QStringLiteral("< 100 ms"), [](const Row& r) { return r.handoff.max() < 100; }, {}, {}};
    pulseRefresh.handoff.ms << o.value(QStringLiteral("pulseRefreshStallMs")).toDouble();
    pulseRefresh.note = QStringLiteral("charts computed and drawn again %1 after the refresh began")
                            .arg(ms(o.value(QStringLiteral("pulseRefreshMs")).toDouble()));
    if (pulseOnly)
        return {pulse, pulseRefresh};
    return {open, memory, responsive, undo, pulse, pulseRefresh, import};
}

QString readFirstLine(const QString& path, const QByteArray& key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith(key))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    return {};
}

void printMachine(const Options& options)
{
    const qint64 memKb = readFirstLine(QStringLiteral("/proc/meminfo"), "MemTotal").split(QLatin1Char(' ')).value(0).toLongLong();
    out() << "Machine: " << readFirstLine(QStringLiteral("/proc/cpuinfo"), "model name") << ", "
          << QThread::idealThreadCount() << " cores, " << QString::number(double(memKb) / 1024 / 1024, 'f', 1)
          << " GiB RAM; " << QSysInfo::prettyProductName() << "; Qt " << qVersion() << Qt::endl;
    out() << "Campaign: " << number(options.shape.conversations) << " conversations, " << number(options.shape.senders)
          << " senders (" << options.shape.sweepers << " sweepers), " << number(options.shape.unassigned())
          << " unassigned, largest sender " << number(options.shape.largest()) << Qt::endl;
    out() << "Figures are medians of " << options.runs << " runs (import: " << options.importRuns
          << "), min–max in brackets; each run that changes data starts from a fresh copy of the generated store."
          << Qt::endl;
}

// CPU time is this process's and, on PostgreSQL, that of the server backend of its
// connection (read from /proc: the server must run on this machine, else it shows
// this process alone). The server's own background writers are not in it.
void printTable(const QString& title, const QVector<Row>& rows, bool showCpu)
{
    out() << Qt::endl << "### " << title << Qt::endl << Qt::endl;
    out() << "| # | measurement | Handoff | floor: one hand-written SQL statement | Handoff / floor | CPU: Handoff,"
             " floor, ratio | target | |"
          << Qt::endl;
    out() << "|---|---|---:|---:|---:|---:|---|---|" << Qt::endl;
    auto range = [](const Samples& s) {
        QString text = ms(s.median());
        if (s.ms.size() > 1)
            text += QStringLiteral(" (%1–%2)").arg(ms(s.min()), ms(s.max()));
        return text;
    };
    for (const Row& r : rows) {
        QString handoff = r.value;
        if (handoff.isEmpty() && !r.handoff.isEmpty())
            handoff = range(r.handoff);
        QString floor;
        QString ratio;
        QString cpu;
        if (showCpu && !r.handoff.cpu.isEmpty())
            cpu = ms(r.handoff.cpuMedian());
        if (!r.floor.isEmpty()) {
            floor = range(r.floor);
            if (r.floor.median() > 0)
                ratio = QString::number(r.handoff.median() / r.floor.median(), 'f', 2) + QStringLiteral("×");
            if (showCpu && r.floor.cpuMedian() > 0)
                cpu += QStringLiteral(", %1, %2×")
                           .arg(ms(r.floor.cpuMedian()))
                           .arg(r.handoff.cpuMedian() / r.floor.cpuMedian(), 0, 'f', 2);
        }
        const QString verdict = !r.meets ? QString() : r.meets(r) ? QStringLiteral("meets") : QStringLiteral("MISSES");
        QString what = r.what;
        if (!r.note.isEmpty())
            what += QStringLiteral(" — ") + r.note;
        out() << "| " << r.id << " | " << what << " | " << handoff << " | " << floor << " | " << ratio << " | " << cpu
              << " | " << r.target << " | " << verdict << " |" << Qt::endl;
    }
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("handoff-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Builds a national-size campaign and times Handoff on it, next to hand-written SQL for the same changes."));
    parser.addHelpOption();
    const QCommandLineOption conversationsOption(QStringLiteral("conversations"),
                                                 QStringLiteral("Conversations in the campaign (default 1000000)."),
                                                 QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption sendersOption(QStringLiteral("senders"),
                                           QStringLiteral("Senders, sweepers included (default 2000)."),
                                           QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption sweepersOption(QStringLiteral("sweepers"), QStringLiteral("Sweepers (default 50)."),
                                            QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Runs of each measurement; the median is shown (default 5)."),
                                        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption importRunsOption(QStringLiteral("import-runs"),
                                              QStringLiteral("Runs of the import (default 3)."), QStringLiteral("n"),
                                              QStringLiteral("3"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"),
        QStringLiteral("Where the generated store, its copies and the CSV go (default: <temp>/handoff-bench)."),
        QStringLiteral("folder"));
    const QCommandLineOption postgresOption(
        QStringLiteral("postgres"),
        QStringLiteral("Also generate into and measure on this PostgreSQL server; the URL's user must be able to"
                       " create databases."),
        QStringLiteral("url"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
                                        QStringLiteral("Only these measurements, e.g. 1,2a,3 (default: all)."),
                                        QStringLiteral("list"));
    const QCommandLineOption regenerateOption(QStringLiteral("regenerate"),
                                              QStringLiteral("Build the campaign again even when a copy is there."));
    const QCommandLineOption noWindowOption(QStringLiteral("no-window"),
                                            QStringLiteral("Skip the window measurements (7)."));
    const QCommandLineOption postgresOnlyOption(QStringLiteral("postgres-only"),
                                                QStringLiteral("With --postgres, measure the PostgreSQL server alone."));
    parser.addOptions({conversationsOption, sendersOption, sweepersOption, runsOption, importRunsOption, dirOption,
                       postgresOption, postgresOnlyOption, onlyOption, regenerateOption, noWindowOption});
    parser.process(app);

    Options options;
    options.shape.conversations = parser.value(conversationsOption).toInt();
    options.shape.senders = parser.value(sendersOption).toInt();
    options.shape.sweepers = parser.value(sweepersOption).toInt();
    options.runs = std::max(1, parser.value(runsOption).toInt());
    options.importRuns = std::max(1, parser.value(importRunsOption).toInt());
    options.dir = parser.isSet(dirOption)
        ? parser.value(dirOption)
        : QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation)).filePath(QStringLiteral("handoff-bench"));
    options.postgres = parser.value(postgresOption);
    if (parser.isSet(onlyOption))
        options.only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.regenerate = parser.isSet(regenerateOption);
    options.window = !parser.isSet(noWindowOption);
    const bool postgresOnly = parser.isSet(postgresOnlyOption);
    if (postgresOnly && options.postgres.isEmpty())
        die(QStringLiteral("--postgres-only needs --postgres URL"));
    if (options.shape.conversations < 1000)
        die(QStringLiteral("--conversations must be at least 1000"));
    if (!QDir().mkpath(options.dir))
        die(QStringLiteral("cannot create %1").arg(options.dir));

    printMachine(options);

    options.csv = QDir(options.dir).filePath(QStringLiteral("contacts-%1.csv").arg(options.shape.conversations));
    // The window's import (7d) reads the same file.
    const bool needCsv = wanted(options, QStringLiteral("6")) || (options.window && wantedWindow(options));
    if (needCsv && (options.regenerate || !QFileInfo::exists(options.csv))) {
        err() << "Writing " << options.csv << "…" << Qt::endl;
        if (auto written = writeContactCsv(options.csv, options.shape.conversations); !written)
            die(written.error());
    }

    options.twilioLog = QDir(options.dir).filePath(QStringLiteral("twilio-%1.csv").arg(options.shape.conversations));
    if (wanted(options, QStringLiteral("6b")) && (options.regenerate || !QFileInfo::exists(options.twilioLog))) {
        err() << "Writing " << options.twilioLog << "…" << Qt::endl;
        if (auto written = writeTwilioLog(options.twilioLog, options.shape.conversations, options.shape.conversations);
            !written)
            die(written.error());
    }

    std::vector<std::unique_ptr<BenchStore>> stores;
    if (!postgresOnly)
        stores.push_back(std::make_unique<SqliteStore>(options.dir, options.shape.conversations));
    if (!options.postgres.isEmpty())
        stores.push_back(std::make_unique<PostgresStore>(options.postgres, options.shape.conversations));

    for (const auto& store : stores) {
        double generatedMs = 0;
        const BenchmarkCampaign campaign = prepareCampaign(*store, options, &generatedMs);
        QVector<Row> rows = measure(*store, campaign, options);
        if (options.window && wantedWindow(options) && store->name() == QLatin1String("SQLite"))
            rows += measureWindow(*store, campaign, options);
        QString title = store->name();
        if (auto db = Database::open(store->pristineUrl()); db) {
            QSqlQuery version((*db)->connection());
            if (version.exec((*db)->dialect() == Database::Dialect::Sqlite ? QStringLiteral("SELECT sqlite_version()")
                                                                            : QStringLiteral("SHOW server_version"))
                && version.next())
                title += QLatin1Char(' ') + version.value(0).toString();
        }
        if (const auto* sqlite = dynamic_cast<const SqliteStore*>(store.get()))
            title += QStringLiteral(", file of %1 MB").arg(QFileInfo(sqlite->pristinePath()).size() / 1024 / 1024);
        title += generatedMs < 0 ? QStringLiteral(" (campaign generated earlier)")
                                 : QStringLiteral(" (campaign generated in %1)").arg(ms(generatedMs));
        printTable(title, rows, true);
    }
    return 0;
}
