#include "CampaignStore.h"
#include "ConnectionString.h"
#include "Database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Handoff;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void parsesConnectionStrings();
    void writesConnectionStringsBack();
    void refusesBadConnectionStrings_data();
    void refusesBadConnectionStrings();
    void defaultComesFromEnvironment();
    void createsTheLatestSchema();
    void upgradesAnOlderFileInPlace();
    void refusesANewerSchema();
    void reportsAStoreThatCannotBeOpened();
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
}

void TestDatabase::refusesBadConnectionStrings()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    auto parsed = ConnectionString::parse(url);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error(), message);
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

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
