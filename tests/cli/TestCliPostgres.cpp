#include "CliRun.h"
#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "storage/PasswordVault.h"
#include "PgAdmin.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QUrl>

// handoff-cli on the PostgreSQL server that scripts/test starts (HANDOFF_TEST_PG_URL):
// the same commands over a shared store, and a clear message, never a password, when
// the server cannot be reached or refuses.
class TestCliPostgres : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void unreachableServer();
    void unknownDatabase();
    void unknownUser();
    void wrongPassword();
    void newerSchema();
    void actionsOnASharedStore();
    void checkAndBackupOnAServer();
    void presenceAndHandPickedMovesOnAServer();
    void twoSweepsAtOnceMoveEachConversationOnce();

private:
    using Run = Handoff::CliRun;

    QProcessEnvironment cliEnvironment() const;
    Run cli(const QStringList& arguments, const QProcessEnvironment& extra = {}) const;
    bool admin(const QString& sql);
    QVariant adminValue(const QString& sql);
    QString urlOf(const QString& database, const QString& user = QString()) const;

    QString m_adminUrl;
    QString m_host;
    int m_port = 0;
    QString m_database;
    QTemporaryDir m_home;
};

namespace {
const QString Secret = QStringLiteral("s3cret-Pa55");
const QString AdminConnection = QStringLiteral("cli-postgres-admin");

} // namespace

void TestCliPostgres::initTestCase()
{
    m_adminUrl = qEnvironmentVariable("HANDOFF_TEST_PG_URL");
    if (m_adminUrl.isEmpty())
        QSKIP("HANDOFF_TEST_PG_URL is not set; scripts/test starts a PostgreSQL server for this test.");
    const QUrl url(m_adminUrl);
    m_host = url.host();
    m_port = url.port(5432);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), AdminConnection);
    db.setHostName(m_host);
    db.setPort(m_port);
    db.setUserName(url.userName());
    db.setDatabaseName(url.path().mid(1));
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    QVERIFY(admin(QStringLiteral("SET client_min_messages = warning")));
    m_database = QStringLiteral("handoff_cli_%1").arg(QCoreApplication::applicationPid());
    QVERIFY(admin(QStringLiteral("DROP DATABASE IF EXISTS ") + m_database));
    QVERIFY(admin(QStringLiteral("CREATE DATABASE ") + m_database));
}

void TestCliPostgres::cleanupTestCase()
{
    if (!QSqlDatabase::contains(AdminConnection))
        return;
    admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database));
    QSqlDatabase::database(AdminConnection).close();
    QSqlDatabase::removeDatabase(AdminConnection);
}

bool TestCliPostgres::admin(const QString& sql)
{
    QSqlQuery q(QSqlDatabase::database(AdminConnection));
    if (q.exec(sql))
        return true;
    qWarning() << sql << q.lastError().text();
    return false;
}

QVariant TestCliPostgres::adminValue(const QString& sql)
{
    QSqlQuery q(QSqlDatabase::database(AdminConnection));
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

QString TestCliPostgres::urlOf(const QString& database, const QString& user) const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4")
        .arg(user.isEmpty() ? QUrl(m_adminUrl).userName() : user, m_host)
        .arg(m_port)
        .arg(database);
}

QProcessEnvironment TestCliPostgres::cliEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("HANDOFF_DB"));
    env.remove(QStringLiteral("HANDOFF_ACTOR"));
    env.remove(QStringLiteral("PGPASSWORD"));
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    return env;
}

TestCliPostgres::Run TestCliPostgres::cli(
    const QStringList& arguments, const QProcessEnvironment& extra) const
{
    QProcess process;
    QProcessEnvironment env = cliEnvironment();
    env.insert(extra);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(HANDOFF_CLI_PATH), arguments);
    Run run;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.code = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestCliPostgres::unreachableServer()
{
    const int port = Handoff::PgAdmin::closedPort();
    QVERIFY(port > 0);
    const QString url = QStringLiteral("postgresql://bob:%1@127.0.0.1:%2/handoff").arg(Secret).arg(port);
    QCOMPARE_RUN(cli({ QStringLiteral("--db"), url, QStringLiteral("campaign"), QStringLiteral("list") }), 1,
        "",
        QStringLiteral("handoff-cli: Cannot open the store postgresql://bob:***@127.0.0.1:%1/handoff:"
                       " the server does not answer (connection refused)\n")
            .arg(port));
}

void TestCliPostgres::unknownDatabase()
{
    const QString url = urlOf(QStringLiteral("no_such_campaigns"));
    QCOMPARE_RUN(cli({ QStringLiteral("--db"), url, QStringLiteral("campaign"), QStringLiteral("list") }), 1,
        "",
        QStringLiteral("handoff-cli: Cannot open the store %1: the server has no database"
                       " \"no_such_campaigns\"\n")
            .arg(url));
}

void TestCliPostgres::unknownUser()
{
    const QString url = urlOf(m_database, QStringLiteral("nobody_here"));
    QCOMPARE_RUN(cli({ QStringLiteral("--db"), url, QStringLiteral("campaign"), QStringLiteral("list") }), 1,
        "",
        QStringLiteral("handoff-cli: Cannot open the store %1: the server has no user \"nobody_here\"\n")
            .arg(url));
}

void TestCliPostgres::wrongPassword()
{
    // The test server trusts every local login; this one role must give its password.
    const QString role = QStringLiteral("handoff_password_test");
    Handoff::PgAdmin pg;
    QVERIFY2(pg.requirePassword(role, Secret), qPrintable(pg.error()));
    const QString own = m_database + QStringLiteral("_own");
    QVERIFY(admin(QStringLiteral("DROP DATABASE IF EXISTS ") + own));
    QVERIFY(admin(QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(own, role)));

    const QString good
        = QStringLiteral("postgresql://%1:%2@%3:%4/%5").arg(role, Secret, m_host).arg(m_port).arg(own);
    const QString bad = QStringLiteral("postgresql://%1:wrong-%2@%3:%4/%5")
                            .arg(role, Secret, m_host)
                            .arg(m_port)
                            .arg(m_database);
    const QString none
        = QStringLiteral("postgresql://%1@%2:%3/%4").arg(role, m_host).arg(m_port).arg(m_database);
    const QString shown
        = QStringLiteral("postgresql://%1:***@%2:%3/%4").arg(role, m_host).arg(m_port).arg(m_database);
    const QStringList list { QStringLiteral("campaign"), QStringLiteral("list") };
    // The server rereads pg_hba.conf in the background.
    QTRY_COMPARE_WITH_TIMEOUT(cli(QStringList { QStringLiteral("--db"), bad } + list).code, 1, 10000);

    const Run refused = cli(QStringList { QStringLiteral("--db"), bad } + list);
    QCOMPARE_RUN(refused, 1, "",
        QStringLiteral(
            "handoff-cli: Cannot open the store %1: the server refused the password of user \"%2\"\n")
            .arg(shown, role));
    QVERIFY(!refused.err.contains(Secret));
    QCOMPARE_RUN(cli(QStringList { QStringLiteral("--db"), none } + list), 1, "",
        QStringLiteral("handoff-cli: Cannot open the store %1: the server wants a password for user \"%2\";"
                       " give it in PGPASSWORD or ~/.pgpass, or remember it in the window (File ▸ Connect to"
                       " Server…)\n")
            .arg(none, role));

    // The password out of the address, so out of the shell's history: in PGPASSWORD, or
    // in the keychain, where the window's Connect to Server… remembers it.
    const QString ownNone = QStringLiteral("postgresql://%1@%2:%3/%4").arg(role, m_host).arg(m_port).arg(own);
    QProcessEnvironment withPassword;
    withPassword.insert(QStringLiteral("PGPASSWORD"), Secret);
    const Run fromEnvironment = cli(QStringList { QStringLiteral("--db"), ownNone } + list, withPassword);
    QCOMPARE(fromEnvironment.err, QString());
    QCOMPARE(fromEnvironment.code, 0);

    const QString session = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    QVERIFY2(!session.isEmpty() && !keyring.isEmpty(),
             "dbus-run-session and gnome-keyring-daemon come with scripts/install-deps");
    QProcess desktop;
    QProcessEnvironment env = cliEnvironment();
    env.insert(QStringLiteral("HANDOFF_KEYCHAIN_KEY"), Handoff::ConnectionString::parse(ownNone)->identity());
    env.insert(QStringLiteral("HANDOFF_KEYCHAIN_PASSWORD"), Secret);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.filePath(QStringLiteral("run")));
    QDir(m_home.path()).mkpath(QStringLiteral("run"));
    QFile::setPermissions(m_home.filePath(QStringLiteral("run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    desktop.setProcessEnvironment(env);
    // In a desktop session of its own: the keyring unlocked, the password written to it
    // as the window does, then handoff-cli with an address that has none.
    desktop.start(session, { QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                             QStringLiteral("printf test | \"$0\" --unlock --components=secrets >/dev/null"
                                            " && \"$1\" && exec \"$2\" --db \"$3\" campaign list"),
                             keyring, QCoreApplication::applicationFilePath(), QStringLiteral(HANDOFF_CLI_PATH),
                             ownNone });
    QVERIFY(desktop.waitForFinished(60000));
    const QString keychainErr = QString::fromUtf8(desktop.readAllStandardError());
    QVERIFY2(!keychainErr.contains(QStringLiteral("handoff-cli:")), qPrintable(keychainErr));
    QCOMPARE(desktop.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(desktop.readAllStandardOutput()), QStringLiteral("kept\nName  State  Senders  Conversations\n"));
    const Run welcome = cli(QStringList { QStringLiteral("--db"), good } + list);
    QCOMPARE(welcome.err, QString());
    QCOMPARE(welcome.code, 0);
    QVERIFY(admin(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(own)));
}

void TestCliPostgres::newerSchema()
{
    const QString database = m_database + QStringLiteral("_future");
    QVERIFY(admin(QStringLiteral("DROP DATABASE IF EXISTS ") + database));
    QVERIFY(admin(QStringLiteral("CREATE DATABASE ") + database));
    const QString url = urlOf(database);
    QCOMPARE(
        cli({ QStringLiteral("--db"), url, QStringLiteral("campaign"), QStringLiteral("list") }).code, 0);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("future"));
        db.setHostName(m_host);
        db.setPort(m_port);
        db.setUserName(QUrl(m_adminUrl).userName());
        db.setDatabaseName(database);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("UPDATE schema_version SET version = 99")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    const Run run = cli({ QStringLiteral("--db"), url, QStringLiteral("campaign"), QStringLiteral("list") });
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(
                 QStringLiteral("handoff-cli: The store %1 was written by a newer Handoff (schema 99);"
                                " this Handoff reads schema ")
                     .arg(url)),
        qPrintable(run.err));
    QVERIFY(admin(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(database)));
}

void TestCliPostgres::actionsOnASharedStore()
{
    const QString url = urlOf(m_database);
    const QString campaign = QStringLiteral("Team campaign");
    auto run = [&](QStringList arguments, const QProcessEnvironment& env = {}) {
        return cli(QStringList { QStringLiteral("--db"), url } + arguments, env);
    };
    QCOMPARE_RUN(run({ QStringLiteral("campaign"), QStringLiteral("create"), campaign }), 0,
        "Created campaign \"Team campaign\".\n", "");
    QCOMPARE(run({ QStringLiteral("sender"), QStringLiteral("add"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("Ana Ruiz") })
                 .code,
        0);

    // No --actor and no HANDOFF_ACTOR: the history names the database role, not the
    // login of the machine the script ran on.
    QProcessEnvironment login;
    login.insert(QStringLiteral("USER"), QStringLiteral("cron"));
    const Run removed = run({ QStringLiteral("sender"), QStringLiteral("remove"),
                                QStringLiteral("--campaign"), campaign, QStringLiteral("Ana Ruiz") },
        login);
    QCOMPARE(removed.err, QString());
    QCOMPARE(removed.code, 0);
    QCOMPARE(run({ QStringLiteral("sender"), QStringLiteral("add"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("Ana Ruiz") })
                 .code,
        0);
    QCOMPARE(run({ QStringLiteral("--actor"), QStringLiteral("Lin"), QStringLiteral("sender"),
                     QStringLiteral("remove"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("Ana Ruiz") })
                 .code,
        0);
    const Run history = run(
        { QStringLiteral("history"), QStringLiteral("--campaign"), campaign, QStringLiteral("--json") });
    QCOMPARE(history.code, 0);
    const QJsonArray entries = QJsonDocument::fromJson(history.out.toUtf8()).array();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("actor")).toString(), QStringLiteral("Lin"));
    QCOMPARE(entries.at(1).toObject().value(QStringLiteral("actor")).toString(), QUrl(m_adminUrl).userName());
}

void TestCliPostgres::presenceAndHandPickedMovesOnAServer()
{
    const QString url = urlOf(m_database);
    auto run = [&](QStringList arguments) { return cli(QStringList { QStringLiteral("--db"), url } + arguments); };
    const QString campaign = QStringLiteral("Picked");
    QCOMPARE(run({ QStringLiteral("demo"), QStringLiteral("--campaign"), campaign, QStringLiteral("--contacts"),
                     QStringLiteral("30"), QStringLiteral("--senders"), QStringLiteral("3") })
                 .code,
        0);
    QCOMPARE_RUN(run({ QStringLiteral("sender"), QStringLiteral("presence"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("Ben Okafor"), QStringLiteral("away") }),
        0, "\"Ben Okafor\" is now away in campaign \"Picked\".\n", "");

    // How long the waiting replies have waited grows while the test runs: the counts are compared.
    auto stats = [&] {
        QJsonObject o = QJsonDocument::fromJson(
            run({ QStringLiteral("stats"), QStringLiteral("--campaign"), campaign, QStringLiteral("--json") })
                .out.toUtf8())
            .object();
        o.remove(QStringLiteral("needs_reply_wait_p50_s"));
        o.remove(QStringLiteral("needs_reply_wait_p95_s"));
        return o;
    };
    auto sender = [&](const QJsonObject& o, const QString& name) {
        for (const QJsonValue& s : o.value(QStringLiteral("senders")).toArray())
            if (s.toObject().value(QStringLiteral("name")).toString() == name)
                return s.toObject();
        return QJsonObject();
    };
    QJsonObject before = stats();
    QCOMPARE(sender(before, QStringLiteral("Ben Okafor")).value(QStringLiteral("presence")).toString(),
             QStringLiteral("away"));
    QCOMPARE(sender(before, QStringLiteral("Ana Ruiz")).value(QStringLiteral("presence")).toString(),
             QStringLiteral("on-shift"));
    QVERIFY(sender(before, QStringLiteral("Ana Ruiz")).value(QStringLiteral("last_texted")).toString().endsWith('Z'));
    QVERIFY(before.value(QStringLiteral("oldest_needs_reply_at")).toString().endsWith('Z'));

    // Ana's three longest waiting, hand-picked, to Chloe: one action of scope "selection".
    const QJsonArray anas = QJsonDocument::fromJson(
        run({ QStringLiteral("conversations"), QStringLiteral("--campaign"), campaign, QStringLiteral("--sender"),
              QStringLiteral("Ana Ruiz"), QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--json") })
            .out.toUtf8())
                                .array();
    QCOMPARE(anas.size(), 3);
    QStringList ids;
    for (const QJsonValue& c : anas)
        ids << QString::number(c.toObject().value(QStringLiteral("id")).toInteger());
    QCOMPARE_RUN(run({ QStringLiteral("move"), QStringLiteral("--campaign"), campaign, QStringLiteral("--conversation"),
                     ids.join(','), QStringLiteral("--to"), QStringLiteral("Chloe Nguyen") }),
        0, "Moved 3 conversations: 3 → Chloe Nguyen.\n", "");
    const QJsonObject after = stats();
    QCOMPARE(sender(after, QStringLiteral("Ana Ruiz")).value(QStringLiteral("total")).toInt(),
             sender(before, QStringLiteral("Ana Ruiz")).value(QStringLiteral("total")).toInt() - 3);
    QCOMPARE(sender(after, QStringLiteral("Chloe Nguyen")).value(QStringLiteral("total")).toInt(),
             sender(before, QStringLiteral("Chloe Nguyen")).value(QStringLiteral("total")).toInt() + 3);
    const QJsonArray history = QJsonDocument::fromJson(
        run({ QStringLiteral("history"), QStringLiteral("--campaign"), campaign, QStringLiteral("--json") })
            .out.toUtf8())
                                   .array();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).toObject().value(QStringLiteral("scope")).toString(), QStringLiteral("selection"));

    // The same ID twice: refused, nothing moves.
    QCOMPARE_RUN(run({ QStringLiteral("move"), QStringLiteral("--campaign"), campaign, QStringLiteral("--conversation"),
                     ids.first() + ',' + ids.first(), QStringLiteral("--unassign") }),
        1, "", QStringLiteral("handoff-cli: Conversation %1 is listed twice.\n").arg(ids.first()));
    // The reply waits grow with the clock between two runs; the rest must not change.
    auto still = [](QJsonObject o) {
        o.remove(QStringLiteral("needs_reply_wait_p50_s"));
        o.remove(QStringLiteral("needs_reply_wait_p95_s"));
        return o;
    };
    QCOMPARE(still(stats()), still(after));

    QCOMPARE(run({ QStringLiteral("undo"), QStringLiteral("--campaign"), campaign }).code, 0);
    QCOMPARE(still(stats()), still(before));
}

void TestCliPostgres::twoSweepsAtOnceMoveEachConversationOnce()
{
    const QString url = urlOf(m_database);
    const QString campaign = QStringLiteral("Swept");
    auto args = [&](QStringList arguments) { return QStringList { QStringLiteral("--db"), url } + arguments; };
    auto run = [&](QStringList arguments) { return cli(args(arguments)); };
    const QStringList sweep { QStringLiteral("sweep"), QStringLiteral("--campaign"), campaign, QStringLiteral("--json") };
    auto report = [](const QString& json) {
        return QJsonDocument::fromJson(json.toUtf8()).array().at(0).toObject();
    };
    // Two handoff-cli processes sweeping the campaign, started together.
    auto sweepTwiceAtOnce = [&](Run& first, Run& second) {
        QProcess a, b;
        for (QProcess* p : { &a, &b }) {
            p->setProcessEnvironment(cliEnvironment());
            p->start(QStringLiteral(HANDOFF_CLI_PATH), args(sweep));
        }
        for (auto [p, r] : { std::pair { &a, &first }, std::pair { &b, &second } }) {
            if (!p->waitForFinished(60000) || p->exitStatus() != QProcess::NormalExit)
                return;
            r->code = p->exitCode();
            r->out = QString::fromUtf8(p->readAllStandardOutput());
            r->err = QString::fromUtf8(p->readAllStandardError());
        }
    };

    // 3,000 contacts over seven senders; the eighth, and Ben, sweep.
    QCOMPARE(run({ QStringLiteral("demo"), QStringLiteral("--campaign"), campaign, QStringLiteral("--contacts"),
                     QStringLiteral("3000"), QStringLiteral("--senders"), QStringLiteral("8") })
                 .code,
        0);
    QCOMPARE(run({ QStringLiteral("sender"), QStringLiteral("sweeper"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("Ben Okafor"), QStringLiteral("--on") })
                 .code,
        0);
    QCOMPARE(run({ QStringLiteral("rule"), QStringLiteral("add"), QStringLiteral("--campaign"), campaign,
                     QStringLiteral("--name"), QStringLiteral("Replies"), QStringLiteral("--status"),
                     QStringLiteral("needs-reply"), QStringLiteral("--from-non-sweepers"),
                     QStringLiteral("--to-sweepers"), QStringLiteral("--balance") })
                 .code,
        0);
    const QJsonObject preview = report(run(sweep + QStringList { QStringLiteral("--dry-run") }).out);
    const int replies = preview.value(QStringLiteral("moved")).toInt();
    QVERIFY2(replies >= 200, qPrintable(QString::number(replies)));

    auto db = Handoff::Database::openUnmigrated(url);
    QVERIFY2(db, qPrintable(db.error()));
    auto value = [&](const QString& sql) {
        QSqlQuery q((*db)->connection());
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    };
    // Every conversation the rule's actions after action `after` moved, and how many of
    // them are distinct: a conversation moved twice would count twice in the first.
    auto ruleMoves = [&](qint64 after) {
        QSqlQuery q((*db)->connection());
        q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT m.conversation_id) FROM action_moves m"
                              " JOIN actions a ON a.id = m.action_id"
                              " WHERE a.id > %1 AND a.actor = 'Replies' AND a.undoes IS NULL"
                              " AND a.campaign_id = (SELECT id FROM campaigns WHERE name = 'Swept')")
                   .arg(after));
        return q.next() ? std::pair { q.value(0).toInt(), q.value(1).toInt() } : std::pair { -1, -1 };
    };
    auto lastAction = [&] { return value(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM actions")).toLongLong(); };
    // What the rule's actions recorded in the history, from the newest until action `after`.
    auto historyMoved = [&](qint64 after) {
        int moved = 0;
        const QJsonArray entries = QJsonDocument::fromJson(
            run({ QStringLiteral("history"), QStringLiteral("--campaign"), campaign, QStringLiteral("--json") })
                .out.toUtf8())
                                       .array();
        for (const QJsonValue& e : entries) {
            const QJsonObject o = e.toObject();
            if (o.value(QStringLiteral("id")).toInteger() > after && o.value(QStringLiteral("actor")).toString() == QStringLiteral("Replies")
                && o.value(QStringLiteral("note")).toString() == QStringLiteral("rule"))
                moved += o.value(QStringLiteral("moved")).toInt();
        }
        return moved;
    };
    const QString nothingLeft
        = QStringLiteral("Sweep preview of \"Swept\": \"Replies\" would move nothing.\n");

    // First, the two for certain at the same moment: the first sweep is held up as it
    // records its move (another session holds the history table), so the second starts
    // while the first is in the middle of the campaign.
    qint64 before = lastAction();
    auto locker = Handoff::Database::openUnmigrated(url);
    QVERIFY2(locker, qPrintable(locker.error()));
    QVERIFY((*locker)->begin());
    QVERIFY((*locker)->exec(QStringLiteral("LOCK TABLE actions IN EXCLUSIVE MODE")));
    QProcess held;
    held.setProcessEnvironment(cliEnvironment());
    held.start(QStringLiteral(HANDOFF_CLI_PATH), args(sweep));
    const QString waiting = QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%1'"
                                           " AND wait_event_type = 'Lock'")
                                .arg(m_database);
    QTRY_COMPARE_WITH_TIMEOUT(adminValue(waiting).toInt(), 1, 20000);
    const Run meanwhile = run(sweep);
    QCOMPARE(meanwhile.err, QString());
    QCOMPARE(meanwhile.code, 0);
    const QJsonObject skipped = report(meanwhile.out);
    QCOMPARE(skipped.value(QStringLiteral("skipped_because")).toString(), QStringLiteral("another sweep of it is running"));
    QCOMPARE(skipped.value(QStringLiteral("moved")).toInt(), 0);
    (*locker)->rollback();
    QVERIFY(held.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(held.readAllStandardError()), QString());
    QCOMPARE(held.exitCode(), 0);
    QCOMPARE(report(QString::fromUtf8(held.readAllStandardOutput())).value(QStringLiteral("moved")).toInt(), replies);
    QCOMPARE(historyMoved(before), replies);
    QCOMPARE(ruleMoves(before), std::pair(replies, replies));
    QCOMPARE_RUN(run({ QStringLiteral("sweep"), QStringLiteral("--campaign"), campaign, QStringLiteral("--dry-run") }),
        0, nothingLeft, "");

    // Then, three times, the replies given back (undo) and two sweeps started together,
    // however their timing falls: one moves them all, the other nothing.
    for (int round = 0; round < 3; ++round) {
        QCOMPARE(run({ QStringLiteral("undo"), QStringLiteral("--campaign"), campaign }).code, 0);
        QCOMPARE(report(run(sweep + QStringList { QStringLiteral("--dry-run") }).out).value(QStringLiteral("moved")).toInt(),
            replies);
        before = lastAction();
        Run first, second;
        sweepTwiceAtOnce(first, second);
        QCOMPARE(first.err, QString());
        QCOMPARE(second.err, QString());
        QCOMPARE(first.code, 0);
        QCOMPARE(second.code, 0);
        const int a = report(first.out).value(QStringLiteral("moved")).toInt();
        const int b = report(second.out).value(QStringLiteral("moved")).toInt();
        QVERIFY2(std::min(a, b) == 0 && std::max(a, b) == replies,
            qPrintable(QStringLiteral("round %1: %2 and %3 of %4").arg(round).arg(a).arg(b).arg(replies)));
        QCOMPARE(historyMoved(before), replies);
        QCOMPARE(ruleMoves(before), std::pair(replies, replies));
        QCOMPARE_RUN(run({ QStringLiteral("sweep"), QStringLiteral("--campaign"), campaign, QStringLiteral("--dry-run") }),
            0, nothingLeft, "");
    }
    // Every reply is with a sweeper: one rule action a round, four in all, each of all of them.
    QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM actions WHERE actor = 'Replies' AND undoes IS NULL")).toInt(), 4);
}

void TestCliPostgres::checkAndBackupOnAServer()
{
    const QString url = urlOf(m_database);
    auto run = [&](QStringList arguments) { return cli(QStringList { QStringLiteral("--db"), url } + arguments); };
    QCOMPARE(run({ QStringLiteral("demo"), QStringLiteral("--campaign"), QStringLiteral("Checked"),
                     QStringLiteral("--contacts"), QStringLiteral("40"), QStringLiteral("--senders"),
                     QStringLiteral("2") })
                 .code,
        0);
    const QString serverIntegrity
        = QStringLiteral("Integrity: kept by the PostgreSQL server (its own checks: pg_amcheck)\n");
    QCOMPARE_RUN(run({ QStringLiteral("check") }), 0,
        serverIntegrity + QStringLiteral("References: ok\nCounts: ok\nThe store holds.\n"), "");

    // A delta row written around the triggers: the recount finds it.
    {
        auto db = Handoff::Database::openUnmigrated(url);
        QVERIFY2(db, qPrintable(db.error()));
        QVERIFY((*db)->exec(QStringLiteral("INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
                                           " SELECT id, 0, 0, 3 FROM campaigns WHERE name = 'Checked'")));
    }
    const Run drifted = run({ QStringLiteral("check") });
    QCOMPARE(drifted.err, QStringLiteral("handoff-cli: The kept counts of conversations differ from a recount.\n"));
    QCOMPARE(drifted.code, 1);
    QVERIFY2(drifted.out.startsWith(serverIntegrity + QStringLiteral("References: ok\n")
                 + QStringLiteral("Counts: 1 differs from a recount of the conversations\n"
                                  "  campaign \"Checked\", Unassigned, Not Started: kept ")),
        qPrintable(drifted.out));

    // A message for a conversation that is not there, written with the server's
    // reference checks switched off (as a restore of data alone would): check finds it.
    {
        auto db = Handoff::Database::openUnmigrated(url);
        QVERIFY2(db, qPrintable(db.error()));
        QVERIFY((*db)->exec(QStringLiteral("INSERT INTO conversation_counts (campaign_id, sender_id, status, n)"
                                           " SELECT id, 0, 0, -3 FROM campaigns WHERE name = 'Checked'")));
        QVERIFY((*db)->exec(QStringLiteral("SET session_replication_role = replica")));
        QVERIFY((*db)->exec(QStringLiteral("INSERT INTO messages (conversation_id, direction, body, at)"
                                           " VALUES (90001, 1, 'hi', 0)")));
    }
    QCOMPARE_RUN(run({ QStringLiteral("check") }), 1,
        serverIntegrity
            + QStringLiteral("References: 1 names a row that is not there\n"
                             "  messages: 1 row names conversation_id 90001, which is not in conversations\n"
                             "Counts: ok\n"),
        "handoff-cli: Some rows name a row that does not exist.\n");

    // Backups of a server are the server's tools' job.
    const QString advice = QStringLiteral(
        "handoff-cli: A PostgreSQL store is backed up with pg_dump and restored with pg_restore.\n");
    QCOMPARE_RUN(run({ QStringLiteral("backup") }), 1, "", advice);
    QCOMPARE_RUN(run({ QStringLiteral("restore"), QStringLiteral("--from"), QStringLiteral("/tmp/x.db") }), 1, "",
        advice);
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // Inside the test's own desktop session: writes a password to the keychain, as the
    // window's Connect to Server… does.
    if (qEnvironmentVariableIsSet("HANDOFF_KEYCHAIN_KEY")) {
        const auto kept = Handoff::PasswordVault::instance().write(
            qEnvironmentVariable("HANDOFF_KEYCHAIN_KEY"), qEnvironmentVariable("HANDOFF_KEYCHAIN_PASSWORD"));
        QTextStream(stdout) << (kept ? QStringLiteral("kept") : kept.error()) << Qt::endl;
        return kept ? 0 : 1;
    }
    TestCliPostgres test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestCliPostgres.moc"
