#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

// handoff-cli killed with SIGKILL in the middle of a large import and of a large bulk
// reassign, on SQLite, at points that matter: while the file is read, at a fixed time
// after the start, while the commit is written to the write-ahead log, and while the
// log is copied back into the store. Then a full disk during an import. Afterwards the
// store must be whole, as a manager opening it next would need: the integrity check
// passes, every contact has exactly one conversation, the counts the sender list shows
// equal a recount, the history holds no half action, and the action happened entirely
// or not at all.
class TestCrashSqlite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void importKilledMidway_data();
    void importKilledMidway();
    void bulkReassignKilledMidway_data();
    void bulkReassignKilledMidway();
    void fullDiskDuringImport();

public:
    enum class Point
    {
        // The import's progress on stderr (a terminal, so that it is shown) reaches a percentage.
        Progress,
        // Milliseconds after the command started.
        Elapsed,
        // The write-ahead log holds this many bytes: the commit is being written.
        LogBytes,
        // The store file itself is written: the log is being copied back (checkpoint).
        StoreWritten,
    };
    // What a kill at that point may leave: the action before it was committed, after, or either.
    enum class Outcome
    {
        Nothing,
        Everything,
        Either,
    };

private:
    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run cli(const QString& store, const QStringList& arguments) const;
    // Starts handoff-cli on store and kills it at point; false, with a message, when it
    // ended before the point came.
    bool killAt(
        const QString& store, const QStringList& arguments, Point point, qint64 value, QString& message);
    // Fails the test when the store is not whole; says how many contacts and actions
    // the campaign has.
    void checkWhole(const QString& store, qint64& contacts, qint64& actions);
    // Each conversation's sender (0: Unassigned).
    QMap<qint64, qint64> owners(const QString& store);
    // Where the newest action moved each of its conversations.
    QHash<qint64, qint64> newestMoves(const QString& store);
    QString copyOf(const QString& store, const QString& name);
    QProcessEnvironment environment() const;

    QTemporaryDir m_dir;
    QString m_contactsCsv;
    // The demo campaign with one action in its history.
    QString m_small;
    qint64 m_smallContacts = 0;
    qint64 m_smallActions = 0;
    // The same after the whole contact file went in, dealt out to three senders.
    QString m_large;
    qint64 m_largeContacts = 0;
    qint64 m_largeActions = 0;
    QMap<qint64, qint64> m_largeOwners;
    int m_connections = 0;
    bool m_failed = false;
};

Q_DECLARE_METATYPE(TestCrashSqlite::Point)
Q_DECLARE_METATYPE(TestCrashSqlite::Outcome)

namespace {
const QString Campaign = QStringLiteral("Crash Test");
// Enough that an import and a bulk reassign each take a second or more on two cores.
constexpr int ContactRows = 100000;
// More than a 2 MB disk holds once stored.
constexpr int FullDiskRows = 30000;
// A bulk move of every conversation in the large campaign to these two.
// The new conversations are dealt out to these three.
const QStringList DealTo
    = { QStringLiteral("--deal-to"), QStringLiteral("Ana Ruiz,Ben Okafor,Chloe Nguyen") };
const QStringList ReassignTargets = { QStringLiteral("--to"), QStringLiteral("Gabe Morales,Hana Sato") };

// The size and change time of a file, to notice when something writes it.
QString signatureOf(const QString& path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return QString();
    return QStringLiteral("%1 %2.%3").arg(info.st_size).arg(info.st_mtim.tv_sec).arg(info.st_mtim.tv_nsec);
}

// A contact file as campaigns get them: names, a phone written the American way, a zip.
bool writeContacts(const QString& path, int rows)
{
    QFile csv(path);
    if (!csv.open(QIODevice::WriteOnly))
        return false;
    QByteArray text = "First Name,Last Name,Phone,Zip\n";
    text.reserve(rows * 40);
    for (int i = 0; i < rows; ++i)
        text += QStringLiteral("Pat%1,Lee%1,(628) %2-%3,94110\n")
                    .arg(i)
                    .arg(200 + i / 10000)
                    .arg(i % 10000, 4, 10, QLatin1Char('0'))
                    .toLatin1();
    return csv.write(text) == text.size();
}

qint64 sizeOf(const QString& path)
{
    struct stat info;
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? qint64(info.st_size) : 0;
}

QString pathOf(const QString& store)
{
    return store.mid(int(qstrlen("sqlite://")));
}

// A pseudo-terminal: what the command writes to its slave side, the test reads from the
// master side, and to the command it is a terminal, so that it shows its progress.
class Terminal
{
public:
    Terminal()
    {
        m_master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (m_master >= 0 && ::grantpt(m_master) == 0 && ::unlockpt(m_master) == 0) {
            m_slave = QString::fromLocal8Bit(::ptsname(m_master));
            ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
        }
    }
    ~Terminal()
    {
        if (m_master >= 0)
            ::close(m_master);
    }
    QString slave() const { return m_slave; }
    // Everything written so far.
    QByteArray read()
    {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(m_master, buffer, sizeof buffer)) > 0)
            m_text.append(buffer, n);
        return m_text;
    }

private:
    int m_master = -1;
    QString m_slave;
    QByteArray m_text;
};

int lastPercent(const QByteArray& text)
{
    static const QRegularExpression percent(QStringLiteral("(\\d+)%"));
    int last = -1;
    auto it = percent.globalMatch(QString::fromUtf8(text));
    while (it.hasNext())
        last = it.next().captured(1).toInt();
    return last;
}

QString describe(TestCrashSqlite::Point point, qint64 value)
{
    switch (point) {
    case TestCrashSqlite::Point::Progress:
        return QStringLiteral("progress %1%").arg(value);
    case TestCrashSqlite::Point::Elapsed:
        return QStringLiteral("%1 ms").arg(value);
    case TestCrashSqlite::Point::LogBytes:
        return QStringLiteral("a write-ahead log of %1 bytes").arg(value);
    case TestCrashSqlite::Point::StoreWritten:
        return QStringLiteral("the checkpoint");
    }
    return QString();
}
} // namespace

QProcessEnvironment TestCrashSqlite::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("HANDOFF_DB");
    env.insert("HANDOFF_ACTOR", "tester");
    env.insert("TZ", "UTC");
    // The user's data folder, should a command forget --db: never the real one.
    env.insert("HOME", m_dir.path());
    env.insert("XDG_DATA_HOME", m_dir.filePath("data"));
    return env;
}

TestCrashSqlite::Run TestCrashSqlite::cli(const QString& store, const QStringList& arguments) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(HANDOFF_CLI_PATH, QStringList { "--db", store } + arguments);
    Run run;
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.code = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool TestCrashSqlite::killAt(
    const QString& store, const QStringList& arguments, Point point, qint64 value, QString& message)
{
    const QString file = pathOf(store);
    const QString log = file + QStringLiteral("-wal");
    const QString storeBefore = signatureOf(file);
    Terminal terminal;
    if (terminal.slave().isEmpty()) {
        message = QStringLiteral("no pseudo-terminal for the progress");
        return false;
    }

    QProcess process;
    process.setProcessEnvironment(environment());
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(terminal.slave());
    QElapsedTimer clock;
    clock.start();
    process.start(HANDOFF_CLI_PATH, QStringList { "--db", store } + arguments);
    if (!process.waitForStarted(10000)) {
        message = process.errorString();
        return false;
    }
    for (;;) {
        bool reached = false;
        switch (point) {
        case Point::Progress:
            reached = lastPercent(terminal.read()) >= value;
            break;
        case Point::Elapsed:
            reached = clock.elapsed() >= value;
            break;
        case Point::LogBytes:
            reached = sizeOf(log) >= value;
            break;
        case Point::StoreWritten:
            reached = signatureOf(file) != storeBefore;
            break;
        }
        if (reached && process.state() == QProcess::Running) {
            ::kill(pid_t(process.processId()), SIGKILL);
            process.waitForFinished(10000);
            if (process.exitStatus() == QProcess::CrashExit)
                return true;
        }
        terminal.read();
        if (process.state() != QProcess::Running || process.waitForFinished(1)) {
            message = QStringLiteral("the command ended (exit %1) before %2, after %3 ms: %4")
                          .arg(process.exitCode())
                          .arg(describe(point, value))
                          .arg(clock.elapsed())
                          .arg(QString::fromUtf8(terminal.read()).simplified());
            return false;
        }
    }
}

void TestCrashSqlite::checkWhole(const QString& store, qint64& contacts, qint64& actions)
{
    contacts = -1;
    actions = -1;
    // The manager's next command opens the store (recovering it) and shows its counts.
    const Run stats = cli(store, { "stats", "--campaign", Campaign, "--json" });
    QVERIFY2(stats.code == 0, qPrintable(stats.err));
    const QJsonObject shown = QJsonDocument::fromJson(stats.out.toUtf8()).object();
    const qint64 shownTotal = shown.value("total").toObject().value("total").toInteger(-1);

    const QString name = QStringLiteral("check%1").arg(++m_connections);
    const auto closeConnection = qScopeGuard([name] { QSqlDatabase::removeDatabase(name); });
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(pathOf(store));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        // A query that fails answers -1, which no check below takes for a good answer.
        const auto value = [&q](const QString& sql) -> QVariant {
            if (!q.exec(sql) || !q.next()) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                return -1;
            }
            return q.value(0);
        };

        QCOMPARE(value("PRAGMA integrity_check").toString(), QString("ok"));
        QVERIFY2(q.exec("PRAGMA foreign_key_check") && !q.next(), "a row refers to one that is not there");

        // Every contact has exactly one conversation, and every conversation a contact.
        QCOMPARE(
            value("SELECT COUNT(*) - COUNT(DISTINCT contact_id) FROM conversations").toLongLong(), qint64(0));
        QCOMPARE(value("SELECT COUNT(*) FROM contacts c WHERE NOT EXISTS"
                       " (SELECT 1 FROM conversations v WHERE v.contact_id = c.id AND v.campaign_id = "
                       "c.campaign_id)")
                     .toLongLong(),
            qint64(0));
        const qint64 conversations = value("SELECT COUNT(*) FROM conversations").toLongLong();
        QVERIFY(conversations >= 0);
        QCOMPARE(conversations, value("SELECT COUNT(*) FROM contacts").toLongLong());

        // The counts the sender list and the dialogs show equal a recount.
        QMap<QString, qint64> kept;
        QVERIFY(q.exec("SELECT campaign_id, sender_id, status, n FROM conversation_counts WHERE n <> 0"));
        while (q.next())
            kept[QStringLiteral("%1/%2/%3")
                     .arg(q.value(0).toLongLong())
                     .arg(q.value(1).toLongLong())
                     .arg(q.value(2).toInt())]
                = q.value(3).toLongLong();
        QMap<QString, qint64> recounted;
        QVERIFY(q.exec("SELECT campaign_id, COALESCE(sender_id, 0), status, COUNT(*) FROM conversations"
                       " GROUP BY campaign_id, COALESCE(sender_id, 0), status"));
        while (q.next())
            recounted[QStringLiteral("%1/%2/%3")
                          .arg(q.value(0).toLongLong())
                          .arg(q.value(1).toLongLong())
                          .arg(q.value(2).toInt())]
                = q.value(3).toLongLong();
        QCOMPARE(kept, recounted);

        // No half action: each records as many moves as it says it made, and no move
        // lacks its action.
        QCOMPARE(value("SELECT COUNT(*) FROM actions a WHERE a.moved <>"
                       " (SELECT COUNT(*) FROM action_moves m WHERE m.action_id = a.id)")
                     .toLongLong(),
            qint64(0));
        QCOMPARE(value("SELECT COUNT(*) FROM action_moves m WHERE NOT EXISTS (SELECT 1 FROM actions a WHERE "
                       "a.id = m.action_id)")
                     .toLongLong(),
            qint64(0));

        const QString inCampaign
            = QStringLiteral(" WHERE campaign_id = (SELECT id FROM campaigns WHERE name = '%1')")
                  .arg(Campaign);
        contacts = value("SELECT COUNT(*) FROM contacts" + inCampaign).toLongLong();
        actions = value("SELECT COUNT(*) FROM actions" + inCampaign).toLongLong();
        QCOMPARE(shownTotal, contacts);
    }
}

QMap<qint64, qint64> TestCrashSqlite::owners(const QString& store)
{
    QMap<qint64, qint64> result;
    const QString name = QStringLiteral("owners%1").arg(++m_connections);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(pathOf(store));
        QSqlQuery q(db);
        if (db.open() && q.exec("SELECT id, COALESCE(sender_id, 0) FROM conversations"))
            while (q.next())
                result.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QHash<qint64, qint64> TestCrashSqlite::newestMoves(const QString& store)
{
    QHash<qint64, qint64> result;
    const QString name = QStringLiteral("moves%1").arg(++m_connections);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
        db.setDatabaseName(pathOf(store));
        QSqlQuery q(db);
        if (db.open()
            && q.exec("SELECT conversation_id, COALESCE(to_sender_id, 0) FROM action_moves"
                      " WHERE action_id = (SELECT MAX(id) FROM actions)"))
            while (q.next())
                result.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QString TestCrashSqlite::copyOf(const QString& store, const QString& name)
{
    const QString target = m_dir.filePath(name + ".db");
    for (const QString& suffix : { QString(), QString("-wal"), QString("-shm") })
        QFile::remove(target + suffix);
    if (!QFile::copy(pathOf(store), target))
        return QString();
    return "sqlite://" + target;
}

void TestCrashSqlite::initTestCase()
{
    QVERIFY(m_dir.isValid());

    m_contactsCsv = m_dir.filePath("contacts.csv");
    QVERIFY(writeContacts(m_contactsCsv, ContactRows));

    m_small = "sqlite://" + m_dir.filePath("small.db");
    Run run = cli(m_small, { "demo", "--campaign", Campaign, "--contacts", "1000", "--senders", "8" });
    QVERIFY2(run.code == 0, qPrintable(run.err));
    run = cli(m_small,
        { "reassign", "--campaign", Campaign, "--from", "Ana Ruiz", "--count", "10", "--to", "Ben Okafor" });
    QVERIFY2(run.code == 0, qPrintable(run.err));
    checkWhole(m_small, m_smallContacts, m_smallActions);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(m_smallContacts, qint64(1000));
    QCOMPARE(m_smallActions, qint64(1));

    // The store a whole import leaves: what a kill after its commit must leave too.
    m_large = copyOf(m_small, "large");
    run = cli(m_large, QStringList { "import", "--campaign", Campaign, m_contactsCsv, "--json" } + DealTo);
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const qint64 imported = QJsonDocument::fromJson(run.out.toUtf8()).object().value("imported").toInteger();
    QVERIFY2(imported > ContactRows * 0.99, qPrintable(run.out.left(200)));
    checkWhole(m_large, m_largeContacts, m_largeActions);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(m_largeContacts, m_smallContacts + imported);
    QCOMPARE(m_largeActions, m_smallActions);
    m_largeOwners = owners(m_large);
    QCOMPARE(qint64(m_largeOwners.size()), m_largeContacts);
}

void TestCrashSqlite::cleanup()
{
    m_failed = m_failed || QTest::currentTestFailed();
}

void TestCrashSqlite::cleanupTestCase()
{
    // A failed check leaves the stores for a look.
    if (m_failed) {
        m_dir.setAutoRemove(false);
        qWarning("The stores are kept in %s", qPrintable(m_dir.path()));
    }
}

void TestCrashSqlite::importKilledMidway_data()
{
    QTest::addColumn<Point>("point");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<Outcome>("outcome");
    // Whether the manager then imports the file again, as one would after a crash.
    QTest::addColumn<bool>("retry");
    QTest::newRow("file 10% read") << Point::Progress << qint64(10) << Outcome::Nothing << false;
    QTest::newRow("file 60% read") << Point::Progress << qint64(60) << Outcome::Nothing << false;
    QTest::newRow("commit being written") << Point::LogBytes << qint64(2 << 20) << Outcome::Either << true;
    QTest::newRow("checkpoint") << Point::StoreWritten << qint64(0) << Outcome::Everything << false;
}

void TestCrashSqlite::importKilledMidway()
{
    QFETCH(Point, point);
    QFETCH(qint64, value);
    QFETCH(Outcome, outcome);
    QFETCH(bool, retry);
    const QString store = copyOf(m_small, "import");
    QVERIFY(!store.isEmpty());

    QString message;
    QVERIFY2(killAt(store, QStringList { "import", "--campaign", Campaign, m_contactsCsv } + DealTo, point,
                 value, message),
        qPrintable(message));

    qint64 contacts = 0;
    qint64 actions = 0;
    checkWhole(store, contacts, actions);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actions, m_smallActions);
    // The file goes in whole or not at all.
    switch (outcome) {
    case Outcome::Nothing:
        QCOMPARE(contacts, m_smallContacts);
        break;
    case Outcome::Everything:
        QCOMPARE(contacts, m_largeContacts);
        break;
    case Outcome::Either:
        QVERIFY2(contacts == m_smallContacts || contacts == m_largeContacts,
            qPrintable(QStringLiteral("%1 contacts: neither %2 nor %3")
                           .arg(contacts)
                           .arg(m_smallContacts)
                           .arg(m_largeContacts)));
        break;
    }
    if (!retry)
        return;

    // The same file again finishes the job: every contact in, once.
    const Run again
        = cli(store, QStringList { "import", "--campaign", Campaign, m_contactsCsv, "--json" } + DealTo);
    QVERIFY2(again.code == 0, qPrintable(again.err));
    checkWhole(store, contacts, actions);
    QCOMPARE(contacts, m_largeContacts);
}

void TestCrashSqlite::bulkReassignKilledMidway_data()
{
    QTest::addColumn<Point>("point");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<Outcome>("outcome");
    // Before the commit the store file and its log are untouched, whenever the kill
    // comes; the times only vary what the command was doing.
    QTest::newRow("after 50 ms") << Point::Elapsed << qint64(50) << Outcome::Either;
    QTest::newRow("after 250 ms") << Point::Elapsed << qint64(250) << Outcome::Either;
    QTest::newRow("commit being written") << Point::LogBytes << qint64(1 << 20) << Outcome::Either;
    QTest::newRow("checkpoint") << Point::StoreWritten << qint64(0) << Outcome::Everything;
}

void TestCrashSqlite::bulkReassignKilledMidway()
{
    QFETCH(Point, point);
    QFETCH(qint64, value);
    QFETCH(Outcome, outcome);
    const QString store = copyOf(m_large, "reassign");
    QVERIFY(!store.isEmpty());

    QString message;
    QVERIFY2(
        killAt(store, QStringList { "reassign", "--campaign", Campaign, "--bulk", "--all" } + ReassignTargets,
            point, value, message),
        qPrintable(message));

    qint64 contacts = 0;
    qint64 actions = 0;
    checkWhole(store, contacts, actions);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(contacts, m_largeContacts);
    const QMap<qint64, qint64> after = owners(store);
    QCOMPARE(after.size(), m_largeOwners.size());
    if (actions == m_largeActions) {
        QVERIFY2(outcome != Outcome::Everything, "the committed action was lost");
        QVERIFY2(after == m_largeOwners, "conversations moved, but no action says so");
        return;
    }
    QVERIFY2(outcome != Outcome::Nothing, "the action happened although it was killed before its commit");
    QCOMPARE(actions, m_largeActions + 1);

    // The whole action: every conversation is where its move put it, or where it was.
    const QHash<qint64, qint64> moves = newestMoves(store);
    QVERIFY(!moves.isEmpty());
    int differing = 0;
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        differing += it.value() != moves.value(it.key(), m_largeOwners.value(it.key()));
    QCOMPARE(differing, 0);
}

void TestCrashSqlite::fullDiskDuringImport()
{
    // A small file system of its own, so that the disk fills during the import.
    const QString mountPoint = m_dir.filePath("full");
    QVERIFY(QDir().mkpath(mountPoint));
    QProcess mount;
    mount.start("mount", { "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint });
    if (!mount.waitForFinished(10000) || mount.exitStatus() != QProcess::NormalExit || mount.exitCode() != 0)
        QSKIP(qPrintable("Mounting a 2 MB tmpfs is not permitted here (it needs root): "
            + QString::fromLocal8Bit(mount.readAllStandardError()).trimmed()));
    const auto unmount = qScopeGuard([&] {
        if (QProcess::execute("umount", { mountPoint }) != 0)
            QProcess::execute("umount", { "-l", mountPoint });
    });

    const QString store = "sqlite://" + mountPoint + "/handoff.db";
    Run run = cli(store, { "demo", "--campaign", Campaign, "--contacts", "300", "--senders", "4" });
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const Run before = cli(store, { "stats", "--campaign", Campaign, "--json" });
    QCOMPARE(before.code, 0);

    const QString contacts30k = m_dir.filePath("more-than-fits.csv");
    QVERIFY(writeContacts(contacts30k, FullDiskRows));
    run = cli(store, { "import", "--campaign", Campaign, contacts30k });
    QCOMPARE(run.code, 1);
    QCOMPARE(run.out, QString());
    QVERIFY2(run.err.contains("full", Qt::CaseInsensitive), qPrintable(run.err));
    QVERIFY2(run.err.trimmed().count('\n') == 0, qPrintable("one line expected: " + run.err));

    // The store is as it was, and the next command works.
    qint64 contacts = 0;
    qint64 actions = 0;
    checkWhole(store, contacts, actions);
    QCOMPARE(contacts, qint64(300));
    const Run after = cli(store, { "stats", "--campaign", Campaign, "--json" });
    QCOMPARE(after.code, 0);
    // The same counts; how long replies have waited grows with the clock meanwhile.
    auto counts = [](const QString& json) {
        QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        o.remove("needs_reply_wait_p50_s");
        o.remove("needs_reply_wait_p95_s");
        return o;
    };
    QCOMPARE(counts(after.out), counts(before.out));
    QVERIFY(counts(before.out).contains("senders"));
}

QTEST_GUILESS_MAIN(TestCrashSqlite)
#include "TestCrashSqlite.moc"
