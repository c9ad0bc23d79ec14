#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "core/Clock.h"
#include "storage/StoreBackup.h"
#include "storage/StoreCheck.h"
#include "StoreFile.h"
#include "StoreFixture.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

// Backups of a SQLite store: before a schema upgrade, once a day, the last seven kept;
// restore, which takes only an intact Handoff store; the store's own check.
class TestStoreBackup : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void backsUpBeforeAMigration();
    void newStoreNeedsNoBackup();
    void keepsTheLastSeven();
    void dailyBackupOnlyOnceADay();
    void backUpToAChosenFile();
    void restoreBacksUpTheStoreFirst();
    void restoreReachesOpenConnections();
    void restoreRefusesWhatIsNotAStore_data();
    void restoreRefusesWhatIsNotAStore();
    void restoreOverADamagedStoreSetsItAside();
    void checkFindsDamage();
    void checkFindsCountsThatDrifted();

private:
    QString path() const { return m_dir->filePath("handoff.db"); }
    QString url() const { return "sqlite://" + path(); }
    QStringList campaignNames(const QString& storeUrl) const;
    QStringList backupNames() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    // The one clock's time, which the tests move.
    void setNow(const QDateTime& at)
    {
        m_now = at;
        Clock::setFixedNow(at);
    }
    QDateTime m_now;
};

void TestStoreBackup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_now = QDateTime(QDate(2026, 11, 29), QTime(20, 15, 0), Qt::UTC);
    Clock::setFixedNow(m_now);
}

void TestStoreBackup::cleanup()
{
    Clock::setFixedNow({});
    m_dir.reset();
}

QStringList TestStoreBackup::campaignNames(const QString& storeUrl) const
{
    auto db = Database::open(storeUrl);
    if (!db)
        return {db.error()};
    QStringList names;
    for (const Campaign& c : CampaignStore(**db).campaigns())
        names << c.name;
    return names;
}

QStringList TestStoreBackup::backupNames() const
{
    QStringList names;
    for (const QFileInfo& file : StoreBackup::backups(path()))
        names << file.fileName();
    return names;
}



void TestStoreBackup::backsUpBeforeAMigration()
{
    {
        auto old = Database::openUnmigrated(url());
        QVERIFY(old);
        QVERIFY((*old)->migrate(2));
        QVERIFY(CampaignStore(**old).createCampaign("GOTV"));
    }
    QVERIFY(!QFileInfo::exists(StoreBackup::folder(path())));
    auto db = Database::open(url());
    QVERIFY2(db, qPrintable(db.error()));
    QCOMPARE((*db)->schemaVersion(), Database::LatestSchemaVersion);
    QCOMPARE(backupNames(), QStringList{"handoff-2026-11-29T201500Z.db"});
    // The copy is the store as it was: schema 2, with its campaign.
    auto copy = Database::openUnmigrated("sqlite://" + StoreBackup::backups(path()).first().absoluteFilePath());
    QVERIFY(copy);
    QCOMPARE((*copy)->schemaVersion(), 2);
    QSqlQuery q((*copy)->connection());
    QVERIFY(q.exec("SELECT name FROM campaigns") && q.next());
    QCOMPARE(q.value(0).toString(), QString("GOTV"));
    // Opening it again upgrades nothing and copies nothing.
    db->reset();
    setNow(m_now.addSecs(60));
    QVERIFY(Database::open(url()));
    QCOMPARE(backupNames().size(), 1);
}

void TestStoreBackup::newStoreNeedsNoBackup()
{
    QVERIFY(Database::open(url()));
    QVERIFY(!QFileInfo::exists(StoreBackup::folder(path())));
}

void TestStoreBackup::keepsTheLastSeven()
{
    auto db = Database::open(url());
    QVERIFY(db);
    QStringList made;
    for (int i = 0; i < 9; ++i) {
        const Outcome<QString> copy = StoreBackup::backUp(**db);
        QVERIFY2(copy, qPrintable(copy.error()));
        made.prepend(QFileInfo(*copy).fileName());
        setNow(m_now.addSecs(3600));
    }
    QCOMPARE(made.first(), QString("handoff-2026-11-30T041500Z.db"));
    QCOMPARE(backupNames(), made.mid(0, 7));
    // Two in one second keep both, the later sorting first.
    setNow(m_now.addSecs(-3600));
    const Outcome<QString> again = StoreBackup::backUp(**db);
    QVERIFY(again);
    QCOMPARE(backupNames().first(), QString("handoff-2026-11-30T041500Z_2.db"));
    QCOMPARE(backupNames().size(), 7);
    // Files that are not its backups are never removed.
    QFile other(QDir(StoreBackup::folder(path())).filePath("notes.txt"));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    QVERIFY(StoreBackup::backUp(**db));
    QVERIFY(other.exists());
}

void TestStoreBackup::dailyBackupOnlyOnceADay()
{
    auto db = Database::open(url());
    QVERIFY(db);
    Outcome<QString> first = StoreBackup::backUpIfDue(**db);
    QVERIFY2(first, qPrintable(first.error()));
    QCOMPARE(QFileInfo(*first).fileName(), QString("handoff-2026-11-29T201500Z.db"));
    setNow(m_now.addSecs(23 * 3600 + 59 * 60));
    QCOMPARE(*StoreBackup::backUpIfDue(**db), QString());
    QCOMPARE(backupNames().size(), 1);
    setNow(m_now.addSecs(60));
    const Outcome<QString> second = StoreBackup::backUpIfDue(**db);
    QVERIFY(second);
    QCOMPARE(QFileInfo(*second).fileName(), QString("handoff-2026-11-30T201500Z.db"));
    QCOMPARE(*StoreBackup::backUpIfDue(**db), QString());
    QCOMPARE(backupNames().size(), 2);
}

void TestStoreBackup::backUpToAChosenFile()
{
    auto db = Database::open(url());
    QVERIFY(db);
    QVERIFY(CampaignStore(**db).createCampaign("GOTV"));
    const QString chosen = m_dir->filePath("elsewhere/copy.db");
    QVERIFY(QDir().mkpath(m_dir->filePath("elsewhere")));
    QFile old(chosen);
    QVERIFY(old.open(QIODevice::WriteOnly) && old.write("an older copy") > 0);
    old.close();
    const Outcome<Done> done = StoreBackup::backUpTo(**db, chosen);
    QVERIFY2(done, qPrintable(done.error()));
    QCOMPARE(campaignNames("sqlite://" + chosen), QStringList{"GOTV"});
    // No partial copy is left beside it.
    QCOMPARE(QDir(m_dir->filePath("elsewhere")).entryList(QDir::Files), QStringList{"copy.db"});
    // Never over the store itself.
    const Outcome<Done> itself = StoreBackup::backUpTo(**db, path());
    QCOMPARE(itself.error(), path() + " is the store itself; choose another file for the backup.");
    QCOMPARE(campaignNames(url()), QStringList{"GOTV"});
}

void TestStoreBackup::restoreBacksUpTheStoreFirst()
{
    QString backup;
    {
        auto db = Database::open(url());
        QVERIFY(db);
        QVERIFY(CampaignStore(**db).createCampaign("GOTV"));
        backup = *StoreBackup::backUp(**db);
        QVERIFY(CampaignStore(**db).createCampaign("Runoff"));
    }
    setNow(m_now.addSecs(60));
    const Outcome<RestoreReport> restored = StoreBackup::restore(url(), backup);
    QVERIFY2(restored, qPrintable(restored.error()));
    QCOMPARE(campaignNames(url()), QStringList{"GOTV"});
    QCOMPARE(QFileInfo(restored->backedUpTo).fileName(), QString("handoff-2026-11-29T201600Z.db"));
    QCOMPARE(restored->setAsideTo, QString());
    QCOMPARE(campaignNames("sqlite://" + restored->backedUpTo), QStringList({"GOTV", "Runoff"}));
    QVERIFY(!QFileInfo::exists(path() + ".restoring"));
}

void TestStoreBackup::restoreReachesOpenConnections()
{
    // A window (or a sweep) holding the store open reads the restored store, not a
    // file swapped under it.
    auto window = Database::open(url());
    QVERIFY(window);
    QVERIFY(CampaignStore(**window).createCampaign("GOTV"));
    const QString backup = *StoreBackup::backUp(**window);
    QVERIFY(CampaignStore(**window).createCampaign("Runoff"));
    const Outcome<RestoreReport> restored = StoreBackup::restore(url(), backup);
    QVERIFY2(restored, qPrintable(restored.error()));
    QCOMPARE(CampaignStore(**window).campaigns().size(), 1);
    QVERIFY(CampaignStore(**window).createCampaign("After"));
    window->reset();
    QCOMPARE(campaignNames(url()), QStringList({"After", "GOTV"}));
    QVERIFY(StoreCheck::inspectFile(path()).holds());
}

void TestStoreBackup::restoreRefusesWhatIsNotAStore_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << "missing" << "There is no file %1.";
    QTest::newRow("text") << "text" << "%1 is not a Handoff store (file is not a database); nothing was restored.";
    QTest::newRow("other database") << "other" << "%1 is not a Handoff store; nothing was restored.";
    QTest::newRow("newer") << "newer"
                           << QString("%1 was written by a newer Handoff (schema 99); this Handoff reads schema "
                                      + QString::number(Database::LatestSchemaVersion)
                                      + " and older. Nothing was restored.");
    QTest::newRow("damaged") << "damaged" << "%1 is damaged (";
}

void TestStoreBackup::restoreRefusesWhatIsNotAStore()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    {
        auto db = Database::open(url());
        QVERIFY(db);
        QVERIFY(CampaignStore(**db).createCampaign("GOTV"));
    }
    const QString from = m_dir->filePath("candidate.db");
    if (kind == "text") {
        QFile f(from);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("phone,name\n").repeated(1000));
    } else if (kind == "other") {
        QSqlDatabase other = QSqlDatabase::addDatabase("QSQLITE", "other");
        other.setDatabaseName(from);
        QVERIFY(other.open());
        QVERIFY(QSqlQuery(other).exec("CREATE TABLE recipes (name TEXT)"));
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase("other");
    } else if (kind == "newer" || kind == "damaged") {
        auto copy = Database::open("sqlite://" + from);
        QVERIFY(copy);
        for (int i = 0; i < 300; ++i)
            QVERIFY(CampaignStore(**copy).createCampaign(QString("Campaign %1 with a long name").arg(i)));
        if (kind == "newer")
            QVERIFY((*copy)->exec("UPDATE schema_version SET version = 99"));
        copy->reset();
        if (kind == "damaged")
            QVERIFY(damageStoreFile(from));
    }
    const QByteArray before = fileDigest(path());
    const QByteArray candidate = fileDigest(from);
    const Outcome<RestoreReport> restored = StoreBackup::restore(url(), from);
    QVERIFY(!restored);
    QVERIFY2(restored.error().startsWith(message.arg(from)), qPrintable(restored.error()));
    // Nothing changed: the store, the file offered, no backup taken, nothing left behind.
    QCOMPARE(fileDigest(path()), before);
    QCOMPARE(fileDigest(from), candidate);
    QCOMPARE(backupNames(), QStringList());
    QVERIFY(!QFileInfo::exists(path() + ".restoring"));
}

void TestStoreBackup::restoreOverADamagedStoreSetsItAside()
{
    QString backup;
    {
        auto db = Database::open(url());
        QVERIFY(db);
        for (int i = 0; i < 300; ++i)
            QVERIFY(CampaignStore(**db).createCampaign(QString("Campaign %1 with a long name").arg(i)));
        backup = *StoreBackup::backUp(**db);
    }
    QVERIFY(damageStoreFile(path()));
    QVERIFY(StoreCheck::isDamaged(url()));
    const QByteArray damaged = fileDigest(path());
    setNow(m_now.addSecs(90));
    const Outcome<RestoreReport> restored = StoreBackup::restore(url(), backup);
    QVERIFY2(restored, qPrintable(restored.error()));
    QCOMPARE(restored->setAsideTo, path() + ".damaged-2026-11-29T201630Z");
    QCOMPARE(restored->backedUpTo, QString());
    QCOMPARE(fileDigest(restored->setAsideTo), damaged);
    QCOMPARE(campaignNames(url()).size(), 300);
    QVERIFY(!StoreCheck::isDamaged(url()));
}

void TestStoreBackup::checkFindsDamage()
{
    {
        auto db = Database::open(url());
        QVERIFY(db);
        for (int i = 0; i < 300; ++i)
            QVERIFY(CampaignStore(**db).createCampaign(QString("Campaign %1 with a long name").arg(i)));
    }
    QVERIFY(StoreCheck::inspectFile(path()).holds());
    QVERIFY(!StoreCheck::isDamaged(url()));
    QVERIFY(damageStoreFile(path()));
    const QByteArray damaged = fileDigest(path());
    const StoreFileReport report = StoreCheck::inspectFile(path());
    QVERIFY(report.damaged);
    QVERIFY(!report.holds());
    QVERIFY(StoreCheck::isDamaged(url()));
    // Looking changes nothing.
    QCOMPARE(fileDigest(path()), damaged);
    // A file that is not there is not damaged: it is a new store.
    QVERIFY(!StoreCheck::isDamaged("sqlite://" + m_dir->filePath("new.db")));
}

void TestStoreBackup::checkFindsCountsThatDrifted()
{
    StoreFixture fx;
    QVERIFY2(fx.ok(), qPrintable(fx.error()));
    const qint64 campaign = fx.campaign("GOTV");
    const SenderId ana = fx.sender(campaign, "Ana Ruiz");
    fx.conversation(campaign, ana, S::NeedsReply, 1);
    fx.conversation(campaign, ana, S::NeedsReply, 2);
    fx.conversation(campaign, UnassignedId, S::NotStarted, 3);
    const QString file = fx.url().mid(QString("sqlite://").size());
    QCOMPARE(StoreCheck::inspectFile(file).countDifferences, QStringList());
    // Counts written by something that went around the triggers.
    QVERIFY(fx.db().exec("UPDATE conversation_counts SET n = 5 WHERE sender_id = 0"));
    QVERIFY(fx.db().exec("DELETE FROM conversation_counts WHERE sender_id <> 0"));
    const StoreFileReport report = StoreCheck::inspectFile(file);
    QCOMPARE(report.countDifferences,
             QStringList({"campaign \"GOTV\", Unassigned, Not Started: kept 5, recounted 1",
                          "campaign \"GOTV\", Ana Ruiz, Needs Reply: kept 0, recounted 2"}));
    QVERIFY(!report.damaged);
    QVERIFY(!report.holds());
}

QTEST_GUILESS_MAIN(TestStoreBackup)
#include "TestStoreBackup.moc"
