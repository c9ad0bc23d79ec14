#include "storage/CampaignStore.h"
#include "storage/ConnectionString.h"
#include "gui/conversations/ConversationsTab.h"
#include "storage/Database.h"
#include "gui/MainWindow.h"
#include "gui/store/StoreOpening.h"
#include "gui/MessageBox.h"
#include "StoreFixture.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Handoff;

// How the window opens the store it is started on (--db, HANDOFF_DB): what it asks
// before creating one, and how it shows a store it cannot change.
class TestStoreOpening : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void asksBeforeCreatingAStoreElsewhere();
    void createsTheLocalStoreWithoutAsking();
    void aReadOnlyStoreOpensReadOnly();

private:
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStoreOpening::initTestCase()
{
    QVERIFY(m_home.isValid());
    // Settings and data of this test only, never the user's.
    qputenv("XDG_CONFIG_HOME", m_home.filePath("config").toUtf8());
    QApplication::setOrganizationName("HandoffTests");
    QApplication::setApplicationName("handoff-store-opening");
}

void TestStoreOpening::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // The local store's place, never the real one.
    qputenv("XDG_DATA_HOME", m_dir->filePath("data").toUtf8());
    MessageBox::setNextAnswer(QMessageBox::NoButton);
}

void TestStoreOpening::asksBeforeCreatingAStoreElsewhere()
{
    const QString path = m_dir->filePath("typo/handoff.db");
    const QString question = "There is no store at " + path + ". Create a new, empty store there?";

    MessageBox::setNextAnswer(QMessageBox::No);
    QVERIFY(!StoreOpening::openNamed("sqlite://" + path));
    QCOMPARE(MessageBox::lastText(), question);
    QVERIFY(!QFileInfo::exists(m_dir->filePath("typo")));

    MessageBox::setNextAnswer(QMessageBox::Yes);
    std::unique_ptr<Database> db = StoreOpening::openNamed("sqlite://" + path);
    QVERIFY(db);
    QCOMPARE(MessageBox::lastText(), question);
    QVERIFY(QFileInfo::exists(path));
    QVERIFY(!db->isReadOnly());
    MainWindow window(std::move(db));
    QVERIFY(window.isWelcoming());

    // Once it exists, it opens without a question.
    MessageBox::setNextAnswer(QMessageBox::No);
    QVERIFY(StoreOpening::openNamed("sqlite://" + path));
    MessageBox::setNextAnswer(QMessageBox::NoButton);
}

void TestStoreOpening::createsTheLocalStoreWithoutAsking()
{
    const QString local = ConnectionString::localUrl();
    QVERIFY(local.startsWith("sqlite://" + m_dir->filePath("data")));
    const QString lastAsked = MessageBox::lastText();
    MessageBox::setNextAnswer(QMessageBox::No);
    QVERIFY(StoreOpening::openNamed(local));
    QVERIFY(QFileInfo::exists(ConnectionString::parse(local)->path));
    // No question, not even one answered in advance.
    QCOMPARE(MessageBox::lastText(), lastAsked);
    MessageBox::setNextAnswer(QMessageBox::NoButton);
}

void TestStoreOpening::aReadOnlyStoreOpensReadOnly()
{
    const QString path = m_dir->filePath("archive.db");
    const QString url = "sqlite://" + path;
    {
        auto db = Database::open(url);
        QVERIFY2(db, qPrintable(db.error()));
        CampaignStore campaigns(**db);
        const auto campaign = campaigns.createCampaign("GOTV November");
        QVERIFY(campaign);
        const auto ana = campaigns.addToRoster("Ana Ruiz");
        QVERIFY(ana);
        QVERIFY(campaigns.addToCampaign(campaign->id, ana->id, false));
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    {
        std::unique_ptr<Database> db = StoreOpening::openNamed(url);
        QVERIFY(db);
        QVERIFY(db->isReadOnly());
        MainWindow window(std::move(db));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), QString("GOTV November — Handoff (read-only)"));
        auto* label = window.findChild<QLabel*>("readOnlyLabel");
        QVERIFY(label);
        QCOMPARE(label->text(), QString("Read-only"));
        QCOMPARE(label->toolTip(), QString("Nothing can be changed: the file is read-only"));
        QCOMPARE(window.statusBar()->currentMessage(), "Opened " + url + " read-only: the file is read-only.");
        for (const char* name : { "newCampaignAction", "archiveCampaignAction", "importContactsAction",
                 "importMessageEventsAction", "createDemoAction", "undoAction" })
            QVERIFY2(!window.findChild<QAction*>(name)->isEnabled(), name);
        QVERIFY(window.findChild<QAction*>("exportConversationsAction")->isEnabled());
        QVERIFY(!window.conversationsTab()->reassignSomeAction()->isEnabled());
    }
    // Nothing beside it, nothing in it.
    QCOMPARE(QDir(m_dir->path()).entryList({ "archive.db*" }, QDir::Files), QStringList { "archive.db" });
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == before);
}

QTEST_MAIN(TestStoreOpening)
#include "TestStoreOpening.moc"
