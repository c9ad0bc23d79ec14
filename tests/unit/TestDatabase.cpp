#include "storage/CampaignStore.h"
#include "storage/ConnectionString.h"
#include "storage/Database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Handoff;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void parsesConnectionStrings();
    void writesConnectionStringsBack();
    void refusesBadConnectionStrings_data();
    void refusesBadConnectionStrings();
    void acceptsOnlyDocumentedOptions();
    void quotesEveryOptionForLibpq();
    void anOptionCannotRedirectThePassword();
    void defaultComesFromEnvironment();
    void createsTheLatestSchema();
    void upgradesAnOlderFileInPlace();
    void refusesANewerSchema();
    void reportsAStoreThatCannotBeOpened();
    void existingOnlyCreatesNothing();
    void aReadOnlyFileIsReadWithoutWritingAnything();
};

void TestDatabase::parsesConnectionStrings()
{
    auto sqlite = ConnectionString::parse("sqlite:///var/lib/handoff/team%20a.db");
    QVERIFY(sqlite);
    QCOMPARE(sqlite->kind, ConnectionString::Kind::Sqlite);
    QCOMPARE(sqlite->path, QString("/var/lib/handoff/team a.db"));
    QCOMPARE(sqlite->driverName(), QString("QSQLITE"));

    auto pg = ConnectionString::parse("postgresql://maria:s%40cret@db.example.org:6543/handoff?sslmode=require");
    QVERIFY(pg);
    QCOMPARE(pg->kind, ConnectionString::Kind::Postgres);
    QCOMPARE(pg->user, QString("maria"));
    QCOMPARE(pg->password, QString("s@cret"));
    QCOMPARE(pg->host, QString("db.example.org"));
    QCOMPARE(pg->port, 6543);
    QCOMPARE(pg->database, QString("handoff"));
    QCOMPARE(pg->options, QString("sslmode=require"));
    QCOMPARE(pg->displayString(), QString("postgresql://maria:***@db.example.org:6543/handoff"));
    QCOMPARE(ConnectionString::parse("postgresql://localhost/h")->port, 5432);
}

void TestDatabase::writesConnectionStringsBack()
{
    // What the connection dialog builds from its fields must read back the same,
    // whatever characters a password holds.
    ConnectionString pg;
    pg.kind = ConnectionString::Kind::Postgres;
    pg.host = "db.example.org";
    pg.port = 6543;
    pg.user = "maría";
    pg.password = "p@ss:w/rd?#%;";
    pg.database = "team campaigns";
    pg.options = "sslmode=require";
    const auto back = ConnectionString::parse(pg.toUrl());
    QVERIFY(back);
    QCOMPARE(back->user, pg.user);
    QCOMPARE(back->password, pg.password);
    QCOMPARE(back->host, pg.host);
    QCOMPARE(back->port, 6543);
    QCOMPARE(back->database, pg.database);
    QCOMPARE(back->options, QString("sslmode=require"));
    QVERIFY(!pg.identity().contains("ss:w"));
    QCOMPARE(pg.identity(), QString("postgresql://mar%C3%ADa@db.example.org:6543/team%20campaigns"));

    ConnectionString file;
    file.path = "/home/me/team a.db";
    QCOMPARE(ConnectionString::parse(file.toUrl())->path, file.path);
}

void TestDatabase::refusesBadConnectionStrings_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("relative sqlite") << "sqlite://handoff.db"
                                     << "A SQLite store needs an absolute path, as in sqlite:///home/me/handoff.db (got \"sqlite://handoff.db\").";
    QTest::newRow("no database") << "postgresql://localhost:5432"
                                 << "The PostgreSQL address names no database; add it after the host, as in postgresql://host/handoff.";
    QTest::newRow("unknown scheme") << "mysql://x/y"
                                    << "Unknown store \"mysql://x/y\": use sqlite:///absolute/path.db or postgresql://user:password@host:port/database.";
    QTest::newRow("mistyped scheme keeps the password out")
        << "postgresq://manager:pw-secret@team-server.example/handoff"
        << "Unknown store \"postgresq://…@team-server.example/handoff\": use sqlite:///absolute/path.db or "
           "postgresql://user:password@host:port/database.";
    const QString accepted = "sslmode, connect_timeout, application_name, sslrootcert, sslcert, sslkey, "
                             "target_session_attrs";
    QTest::newRow("host in an option")
        << "postgresql://manager:pw-secret@team-server.example/handoff?host=127.0.0.1"
        << "The PostgreSQL address has the option \"host\", which Handoff does not pass on; it accepts " + accepted + ".";
    QTest::newRow("password in an option")
        << "postgresql://manager@team-server.example/handoff?password=pw-secret"
        << "The PostgreSQL address has the option \"password\", which Handoff does not pass on; it accepts " + accepted + ".";
    QTest::newRow("semicolon soup") << "postgres://u/u?a;1/d"
                                    << "Cannot read the option \"a;1/d\" of the PostgreSQL address; write options as "
                                       "?name=value&name=value.";
    QTest::newRow("option without value")
        << "postgresql://team-server.example/handoff?sslmode"
        << "Cannot read the option \"sslmode\" of the PostgreSQL address; write options as ?name=value&name=value.";
    QTest::newRow("empty option value") << "postgresql://team-server.example/handoff?sslmode="
                                        << "The option sslmode of the PostgreSQL address has no value.";
    QTest::newRow("empty option") << "postgresql://team-server.example/handoff?sslmode=require&"
                                  << "Cannot read the option \"\" of the PostgreSQL address; write options as "
                                     "?name=value&name=value.";
    QTest::newRow("duplicate option")
        << "postgresql://manager:pw-secret@team-server.example/handoff?sslmode=require&sslmode=disable"
        << "The option sslmode is given twice in the PostgreSQL address.";
    QTest::newRow("unknown sslmode") << "postgresql://team-server.example/handoff?sslmode=always"
                                     << "The option sslmode of the PostgreSQL address cannot be \"always\"; it is one "
                                        "of disable, allow, prefer, require, verify-ca, verify-full.";
    QTest::newRow("unknown session attrs")
        << "postgresql://team-server.example/handoff?target_session_attrs=any%20host%3Dx"
        << "The option target_session_attrs of the PostgreSQL address cannot be \"any host=x\"; it is one of any, "
           "read-write, read-only, primary, standby, prefer-standby.";
    QTest::newRow("timeout not a number")
        << "postgresql://team-server.example/handoff?connect_timeout=5%20host%3Dx"
        << "The option connect_timeout of the PostgreSQL address must be a whole number of seconds, not \"5 host=x\".";
    QTest::newRow("semicolon in a value")
        << "postgresql://team-server.example/handoff?application_name=report%3Bhost%3D127.0.0.1"
        << "The option application_name of the PostgreSQL address cannot hold \";\".";
    QTest::newRow("line break in a value")
        << "postgresql://team-server.example/handoff?application_name=report%0Ahost%3D127.0.0.1"
        << "The PostgreSQL address cannot hold a control character (such as %00 or a line break).";
    QTest::newRow("NUL in the password") << "postgresql://manager:pw%00secret@team-server.example/handoff"
                                         << "The PostgreSQL address cannot hold a control character (such as %00 or a "
                                            "line break).";
    QTest::newRow("NUL in the database") << "postgresql://team-server.example/handoff%00x"
                                         << "The PostgreSQL address cannot hold a control character (such as %00 or a "
                                            "line break).";
    QTest::newRow("empty host") << "postgresql://manager:pw-secret@/handoff"
                                << "Cannot read the PostgreSQL address \"postgresql://…@/handoff\"; write it as "
                                   "postgresql://user:password@host:port/database.";
    QTest::newRow("port not a number") << "postgresql://manager:pw-secret@team-server.example:54x/handoff"
                                       << "Cannot read the PostgreSQL address \"postgresql://…@team-server.example:54x/"
                                          "handoff\"; write it as postgresql://user:password@host:port/database.";
    QTest::newRow("port zero") << "postgresql://team-server.example:0/handoff"
                               << "Cannot read the PostgreSQL address \"postgresql://team-server.example:0/handoff\"; "
                                  "write it as postgresql://user:password@host:port/database.";
    QTest::newRow("fragment") << "postgresql://team-server.example/handoff#sslmode=disable"
                              << "Cannot read the PostgreSQL address \"postgresql://team-server.example/handoff#sslmode="
                                 "disable\"; write it as postgresql://user:password@host:port/database.";
    QTest::newRow("NUL in a SQLite path")
        << "sqlite:///tmp/real.db%00.backup"
        << "The path of a SQLite store cannot hold a control character (such as %00 or a line break).";
    QTest::newRow("line break in a SQLite path")
        << "sqlite:///tmp/real.db%0A"
        << "The path of a SQLite store cannot hold a control character (such as %00 or a line break).";
}

void TestDatabase::refusesBadConnectionStrings()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    auto parsed = ConnectionString::parse(url);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error(), message);
    QVERIFY(!parsed.error().contains("pw-secret"));
    // Refused before any file or server is touched.
    auto opened = Database::open(url);
    QVERIFY(!opened);
    QCOMPARE(opened.error(), message);
}

void TestDatabase::acceptsOnlyDocumentedOptions()
{
    const auto pg = ConnectionString::parse(
        "postgresql://manager@team-server.example/handoff?sslmode=verify-full&connect_timeout=10"
        "&application_name=nightly%20report&sslrootcert=%2Fetc%2Fssl%2Fteam.crt&sslcert=%2Fhome%2Fme%2Fme.crt"
        "&sslkey=%2Fhome%2Fme%2Fme.key&target_session_attrs=read-write");
    QVERIFY2(pg, qPrintable(pg.error()));
    QCOMPARE(pg->options,
        QString("sslmode=verify-full;connect_timeout=10;application_name=nightly report;sslrootcert=/etc/ssl/team.crt;"
                "sslcert=/home/me/me.crt;sslkey=/home/me/me.key;target_session_attrs=read-write"));
    QCOMPARE(ConnectionString::acceptedOptions(),
        QStringList({ "sslmode", "connect_timeout", "application_name", "sslrootcert", "sslcert", "sslkey",
            "target_session_attrs" }));
    // Written back and read again, whatever a value holds.
    ConnectionString odd = *pg;
    odd.options = "application_name=a&b=c%d 'e' \\f";
    const auto back = ConnectionString::parse(odd.toUrl());
    QVERIFY2(back, qPrintable(back.error()));
    QCOMPARE(back->options, odd.options);
}

void TestDatabase::quotesEveryOptionForLibpq()
{
    const auto pg = ConnectionString::parse("postgresql://manager:pw@team-server.example/handoff"
                                            "?application_name=report%20host%3D127.0.0.1%20port%3D55433"
                                            "&sslkey=%2Fhome%2Fo'neil%5Ckey&sslmode=require");
    QVERIFY2(pg, qPrintable(pg.error()));
    QCOMPARE(pg->driverOptions(),
        QString("application_name='report host=127.0.0.1 port=55433';sslkey='/home/o\\'neil\\\\key';"
                "sslmode='require'"));
}

void TestDatabase::anOptionCannotRedirectThePassword()
{
    if (!QSqlDatabase::isDriverAvailable("QPSQL"))
        QSKIP("The Qt PostgreSQL driver is not installed.");
    // A listener that would receive the connection, and the password with it.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    QVERIFY(listener >= 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    QCOMPARE(::listen(listener, 4), 0);
    socklen_t length = sizeof address;
    QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const int trap = ntohs(address.sin_port);
    // The address names a port where nothing listens: the connection must go there, and fail.
    const int closed = [] {
        const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t l = sizeof a;
        ::getsockname(probe, reinterpret_cast<sockaddr*>(&a), &l);
        ::close(probe);
        return int(ntohs(a.sin_port));
    }();

    const QString url = QString("postgresql://manager:pw-secret@127.0.0.1:%1/handoff"
                                "?application_name=report%20host%3D127.0.0.1%20port%3D%2&connect_timeout=2")
                            .arg(closed)
                            .arg(trap);
    auto db = Database::open(url);
    QVERIFY(!db);
    QCOMPARE(db.error(), QString("Cannot open the store postgresql://manager:***@127.0.0.1:%1/handoff: the server does "
                                 "not answer (connection refused)")
                             .arg(closed));
    const int accepted = ::accept(listener, nullptr, nullptr);
    QCOMPARE(accepted, -1);
    ::close(listener);
}

void TestDatabase::defaultComesFromEnvironment()
{
    qputenv("HANDOFF_DB", "sqlite:///tmp/from-env.db");
    QCOMPARE(ConnectionString::defaultUrl(), QString("sqlite:///tmp/from-env.db"));
    qunsetenv("HANDOFF_DB");
    QVERIFY(ConnectionString::defaultUrl().startsWith("sqlite:///"));
    QVERIFY(ConnectionString::defaultUrl().endsWith("/handoff.db"));
}

void TestDatabase::createsTheLatestSchema()
{
    QTemporaryDir dir;
    auto db = Database::open("sqlite://" + dir.filePath("new/sub/handoff.db"));
    QVERIFY2(db, qPrintable(db.error()));
    QCOMPARE((*db)->schemaVersion(), Database::LatestSchemaVersion);
    // Opening again is a no-op.
    auto again = Database::open("sqlite://" + dir.filePath("new/sub/handoff.db"));
    QVERIFY(again);
    QCOMPARE((*again)->schemaVersion(), Database::LatestSchemaVersion);
}

void TestDatabase::upgradesAnOlderFileInPlace()
{
    QTemporaryDir dir;
    const QString url = "sqlite://" + dir.filePath("old.db");
    {
        auto old = Database::openUnmigrated(url);
        QVERIFY(old);
        QVERIFY((*old)->migrate(1));
        QCOMPARE((*old)->schemaVersion(), 1);
        QVERIFY(CampaignStore(**old).createCampaign("Kept across upgrades"));
    }
    auto db = Database::open(url);
    QVERIFY2(db, qPrintable(db.error()));
    QCOMPARE((*db)->schemaVersion(), Database::LatestSchemaVersion);
    QVERIFY(CampaignStore(**db).campaignByName("Kept across upgrades"));
    QSqlQuery q((*db)->connection());
    QVERIFY(q.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'conversations_by_sender'"));
    QVERIFY(q.next());
}

void TestDatabase::refusesANewerSchema()
{
    QTemporaryDir dir;
    const QString url = "sqlite://" + dir.filePath("future.db");
    {
        auto db = Database::open(url);
        QVERIFY(db);
        QVERIFY((*db)->exec("UPDATE schema_version SET version = 99"));
    }
    auto db = Database::open(url);
    QVERIFY(!db);
    QCOMPARE(db.error(), QString("The store sqlite://%1 was written by a newer Handoff (schema 99); this Handoff reads schema %2 and older.")
                             .arg(dir.filePath("future.db"))
                             .arg(Database::LatestSchemaVersion));
}

void TestDatabase::reportsAStoreThatCannotBeOpened()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath("file"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    auto db = Database::open("sqlite://" + dir.filePath("file/handoff.db"));
    QVERIFY(!db);
    QCOMPARE(db.error(), QString("Cannot create the folder %1.").arg(dir.filePath("file")));
}

void TestDatabase::existingOnlyCreatesNothing()
{
    QTemporaryDir dir;
    const QString url = "sqlite://" + dir.filePath("no/such/handoff.db");
    auto db = Database::open(url, Database::OpenMode::ExistingOnly);
    QVERIFY(!db);
    QCOMPARE(db.error(), "There is no store at " + url + ".");
    QVERIFY(!QFileInfo::exists(dir.filePath("no")));
    QVERIFY(Database::open(url));
    QVERIFY(Database::open(url, Database::OpenMode::ExistingOnly));
}

void TestDatabase::aReadOnlyFileIsReadWithoutWritingAnything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("handoff.db");
    {
        auto db = Database::open("sqlite://" + path);
        QVERIFY(db);
        QVERIFY(CampaignStore(**db).createCampaign("Kept"));
        QVERIFY(!(*db)->isReadOnly());
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    {
        auto db = Database::open("sqlite://" + path, Database::OpenMode::ExistingOnly);
        QVERIFY2(db, qPrintable(db.error()));
        QVERIFY((*db)->isReadOnly());
        QCOMPARE((*db)->readOnlyReason(), QString("the file is read-only"));
        QVERIFY(CampaignStore(**db).campaignByName("Kept"));
        const auto refused = CampaignStore(**db).createCampaign("Other");
        QVERIFY(!refused);
        QCOMPARE(refused.error(), QString("Cannot create the campaign: the store cannot be changed: the file is read-only"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { "handoff.db" });
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { "handoff.db" });
    // Made writable again, it takes changes as before.
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    auto db = Database::open("sqlite://" + path);
    QVERIFY(db);
    QVERIFY(!(*db)->isReadOnly());
    QVERIFY(CampaignStore(**db).createCampaign("Other"));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
