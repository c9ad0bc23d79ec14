#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/MainWindow.h"
#include "gui/store/StoreOpening.h"
#include "gui/MessageBox.h"
#include "storage/PasswordVault.h"
#include "PgAdmin.h"
#include "gui/store/SavedServers.h"
#include "gui/store/ConnectionDialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QUrl>

using namespace Handoff;

namespace {
const QString Role = QStringLiteral("handoff_keychain_test");
const QString Secret = QStringLiteral("Kc-s3cret;p@ss/word");

// The system keychain's stand-in: a test machine has no desktop keyring to unlock.
class FakeVault final : public PasswordVault
{
public:
    Outcome<QString> read(const QString& key) override
    {
        if (!failure.isEmpty())
            return Outcome<QString>::failure(failure);
        return entries.value(key);
    }
    Outcome<Done> write(const QString& key, const QString& password) override
    {
        if (!failure.isEmpty())
            return Outcome<Done>::failure(failure);
        entries.insert(key, password);
        return Done{};
    }
    Outcome<Done> remove(const QString& key) override
    {
        if (!failure.isEmpty())
            return Outcome<Done>::failure(failure);
        entries.remove(key);
        return Done{};
    }

    QHash<QString, QString> entries;
    QString failure;
};

template <typename T>
T* child(QWidget& parent, const char* name)
{
    return parent.findChild<T*>(QString::fromLatin1(name));
}
} // namespace

// File ▸ Connect to Server… on the real window, against the test PostgreSQL server,
// with a role that needs its password: what is remembered where, what is said when
// the server refuses, and the next start on the remembered server.
class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void connectNeedsHostDatabaseAndUser();
    void connectsAndKeepsThePasswordOnlyInTheKeychain();
    void wrongPasswordSaysSoAndRemembersNothing();
    void unreachableServerSaysSo();
    void rememberedServerFillsTheDialog();
    void nextStartOpensTheRememberedServer();
    void changedPasswordAtStartAsksAgain();
    void keychainUnavailableStillConnects();
    void forgetRemovesServerAndPassword();
    void openLocalStoreGoesBack();
    void systemKeychainWithoutBackendSaysSo();
    void systemKeychainKeepsAndForgetsThePassword();

private:
    // Types the server's details into the dialog as a user would.
    void fill(ConnectionDialog& dialog, const QString& password);
    ConnectionString server() const;
    QString settingsText() const;
    std::unique_ptr<MainWindow> localWindow();
    MainWindow* switchedWindow(MainWindow& from, QAction* action, const std::function<void(ConnectionDialog&)>& answer);

    FakeVault m_vault;
    QTemporaryDir m_dir;
    QString m_host;
    int m_port = 0;
    QString m_database;
    bool m_havePg = false;
};

void TestConnectionDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("HandoffTests");
    QApplication::setApplicationName("TestConnectionDialog");
    qunsetenv("HANDOFF_DB");
    qunsetenv("PGPASSWORD");
    PasswordVault::setInstance(&m_vault);

    PgAdmin admin;
    QVERIFY2(admin.ok(), qPrintable(admin.error()));
    QVERIFY2(admin.requirePassword(Role, Secret), qPrintable(admin.error()));
    m_database = QStringLiteral("handoff_connect_%1").arg(QCoreApplication::applicationPid());
    QVERIFY(admin.exec(QStringLiteral("DROP DATABASE IF EXISTS ") + m_database));
    QVERIFY(admin.exec(QStringLiteral("CREATE DATABASE %1 OWNER %2").arg(m_database, Role)));
    const QUrl url(qEnvironmentVariable("HANDOFF_TEST_PG_URL"));
    m_host = url.host();
    m_port = url.port(5432);
    m_havePg = true;
    // The server reads pg_hba.conf again in the background: wait until it asks for the password.
    ConnectionString wrong = server();
    wrong.password = QStringLiteral("not-it");
    QTRY_VERIFY_WITH_TIMEOUT(!Database::open(wrong.toUrl()), 10000);
}

void TestConnectionDialog::init()
{
    QSettings().clear();
    m_vault.entries.clear();
    m_vault.failure.clear();
    DialogRunner::setHandler({});
}

void TestConnectionDialog::cleanupTestCase()
{
    PasswordVault::setInstance(nullptr);
    if (m_havePg) {
        PgAdmin admin;
        admin.dropDatabase(m_database);
    }
}

ConnectionString TestConnectionDialog::server() const
{
    ConnectionString c;
    c.kind = ConnectionString::Kind::Postgres;
    c.host = m_host;
    c.port = m_port;
    c.user = Role;
    c.password = Secret;
    c.database = m_database;
    return c;
}

void TestConnectionDialog::fill(ConnectionDialog& dialog, const QString& password)
{
    for (const char* name : { "hostLineEdit", "databaseLineEdit", "userLineEdit", "passwordLineEdit" })
        child<QLineEdit>(dialog, name)->clear();
    QTest::keyClicks(child<QLineEdit>(dialog, "hostLineEdit"), m_host);
    QSpinBox* port = child<QSpinBox>(dialog, "portSpinBox");
    port->selectAll();
    QTest::keyClicks(port, QString::number(m_port));
    QTest::keyClicks(child<QLineEdit>(dialog, "databaseLineEdit"), m_database);
    QTest::keyClicks(child<QLineEdit>(dialog, "userLineEdit"), Role);
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), password);
}

QString TestConnectionDialog::settingsText() const
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

std::unique_ptr<MainWindow> TestConnectionDialog::localWindow()
{
    auto db = Database::open(ConnectionString::localUrl());
    if (!db)
        return nullptr;
    auto window = std::make_unique<MainWindow>(std::move(*db));
    window->show();
    return window;
}

MainWindow* TestConnectionDialog::switchedWindow(MainWindow& from, QAction* action,
                                                 const std::function<void(ConnectionDialog&)>& answer)
{
    DialogRunner::setHandler([&](QDialog& dialog) {
        auto* connection = qobject_cast<ConnectionDialog*>(&dialog);
        if (!connection)
            return int(QDialog::Rejected);
        dialog.show();
        answer(*connection);
        return dialog.result();
    });
    QSignalSpy switched(&from, &MainWindow::storeSwitched);
    action->trigger();
    // answer lives only as long as this call.
    DialogRunner::setHandler({});
    return switched.isEmpty() ? nullptr : switched.first().first().value<MainWindow*>();
}

void TestConnectionDialog::connectNeedsHostDatabaseAndUser()
{
    ConnectionDialog dialog(m_vault);
    dialog.show();
    QPushButton* connectButton = child<QPushButton>(dialog, "connectButton");
    QCOMPARE(child<QComboBox>(dialog, "savedServersComboBox")->currentText(), QString("New server"));
    QVERIFY(!connectButton->isEnabled());
    const QString hint = QStringLiteral("Type the server's host, the database and your user name.");
    QCOMPARE(child<QLabel>(dialog, "connectionMessageLabel")->text(), hint);
    QTest::keyClicks(child<QLineEdit>(dialog, "hostLineEdit"), m_host);
    QTest::keyClicks(child<QLineEdit>(dialog, "databaseLineEdit"), m_database);
    QVERIFY(!connectButton->isEnabled());
    QTest::keyClicks(child<QLineEdit>(dialog, "userLineEdit"), Role);
    QVERIFY(connectButton->isEnabled());
    QCOMPARE(child<QLabel>(dialog, "connectionMessageLabel")->text(), QString());
    // No password: nothing to keep in the keychain.
    QVERIFY(!child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isEnabled());
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), Secret);
    QVERIFY(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->echoMode(), QLineEdit::Password);
}

void TestConnectionDialog::connectsAndKeepsThePasswordOnlyInTheKeychain()
{
    auto local = localWindow();
    QVERIFY(local);
    QAction* connectAction = child<QAction>(*local, "connectToServerAction");
    QCOMPARE(connectAction->shortcut(), QKeySequence("Ctrl+Shift+O"));
    MainWindow* team = switchedWindow(*local, connectAction, [&](ConnectionDialog& dialog) {
        fill(dialog, Secret);
        QVERIFY(child<QCheckBox>(dialog, "rememberServerCheckBox")->isChecked());
        QVERIFY(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked());
        // Enter connects, as the dialog's default button.
        QTest::keyClick(child<QLineEdit>(dialog, "passwordLineEdit"), Qt::Key_Return);
    });
    QVERIFY(team);
    std::unique_ptr<MainWindow> owned(team);
    QVERIFY(!local->isVisible());
    QVERIFY(team->isVisible());
    const QString shown = QStringLiteral("postgresql://%1:***@%2:%3/%4").arg(Role, m_host).arg(m_port).arg(m_database);
    QCOMPARE(child<QLabel>(*team, "storeLabel")->text(), shown);
    QVERIFY(team->isWelcoming());
    // With no name set in Edit ▸ Manager Name…, the history knows this manager by the
    // user the server knows.
    QCOMPARE(child<QLabel>(*team, "managerLabel")->text(), QStringLiteral("Manager: %1").arg(Role));

    // The password is in the keychain under the server's identity, and nowhere in the settings.
    const QString identity = server().identity();
    QCOMPARE(m_vault.entries, (QHash<QString, QString> { { identity, Secret } }));
    QCOMPARE(SavedServers::lastServer(), identity);
    const QVector<SavedServers::Server> saved = SavedServers::all();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().address.host, m_host);
    QCOMPARE(saved.first().address.database, m_database);
    QVERIFY(saved.first().address.password.isEmpty());
    QVERIFY(saved.first().passwordInKeychain);
    const QString settings = settingsText();
    QVERIFY(settings.contains(m_database));
    QVERIFY(!settings.contains(Secret));
    QVERIFY(!settings.contains(QUrl::toPercentEncoding(Secret)));

    // The new window works on the server: a campaign made there is in the database.
    DialogRunner::setHandler([](QDialog& dialog) {
        if (auto* input = qobject_cast<QInputDialog*>(&dialog)) {
            input->setTextValue(QStringLiteral("Team Drive"));
            return int(QDialog::Accepted);
        }
        return int(QDialog::Rejected);
    });
    QVERIFY(team->newCampaign());
    auto check = Database::open(server().toUrl());
    QVERIFY2(check, qPrintable(check.error()));
    QSqlQuery names = (*check)->prepare(QStringLiteral("SELECT name FROM campaigns"));
    QVERIFY((*check)->exec(names) && names.next());
    QCOMPARE(names.value(0).toString(), QString("Team Drive"));
    team->close();
}

void TestConnectionDialog::wrongPasswordSaysSoAndRemembersNothing()
{
    auto local = localWindow();
    QVERIFY(local);
    QString said;
    MainWindow* team = switchedWindow(*local, child<QAction>(*local, "connectToServerAction"),
                                      [&](ConnectionDialog& dialog) {
        fill(dialog, QStringLiteral("wrong-one"));
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
        said = child<QLabel>(dialog, "connectionMessageLabel")->text();
        QVERIFY(dialog.isVisible());
        QVERIFY(SavedServers::all().isEmpty());
        QVERIFY(m_vault.entries.isEmpty());
        dialog.reject();
    });
    QVERIFY(!team);
    QCOMPARE(said, QStringLiteral("Cannot open the store postgresql://%1:***@%2:%3/%4: the server refused the password"
                                  " of user \"%1\"")
                       .arg(Role, m_host)
                       .arg(m_port)
                       .arg(m_database));
    QVERIFY(local->isVisible());
    QVERIFY(SavedServers::all().isEmpty());
    QVERIFY(SavedServers::lastServer().isEmpty());
    QVERIFY(m_vault.entries.isEmpty());
}

void TestConnectionDialog::unreachableServerSaysSo()
{
    ConnectionDialog dialog(m_vault);
    dialog.show();
    const int closed = PgAdmin::closedPort();
    QTest::keyClicks(child<QLineEdit>(dialog, "hostLineEdit"), QStringLiteral("127.0.0.1"));
    child<QSpinBox>(dialog, "portSpinBox")->setValue(closed);
    QTest::keyClicks(child<QLineEdit>(dialog, "databaseLineEdit"), QStringLiteral("handoff"));
    QTest::keyClicks(child<QLineEdit>(dialog, "userLineEdit"), QStringLiteral("bob"));
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), Secret);
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(child<QLabel>(dialog, "connectionMessageLabel")->text(),
             QStringLiteral("Cannot open the store postgresql://bob:***@127.0.0.1:%1/handoff: the server does not"
                            " answer (connection refused)")
                 .arg(closed));
    QVERIFY(!dialog.takeDatabase());
    QVERIFY(SavedServers::all().isEmpty());
}

void TestConnectionDialog::rememberedServerFillsTheDialog()
{
    ConnectionString other = server();
    other.host = QStringLiteral("db.example.org");
    other.options = QStringLiteral("sslmode=require");
    SavedServers::remember({ other, false });
    SavedServers::remember({ server(), true });
    m_vault.entries.insert(server().identity(), Secret);

    ConnectionDialog dialog(m_vault);
    QComboBox* servers = child<QComboBox>(dialog, "savedServersComboBox");
    QCOMPARE(servers->count(), 3);
    // The newest is chosen, its password read from the keychain.
    QCOMPARE(servers->currentText(), QStringLiteral("%1 on %2 (%3)").arg(m_database, m_host, Role));
    QCOMPARE(child<QLineEdit>(dialog, "hostLineEdit")->text(), m_host);
    QCOMPARE(child<QSpinBox>(dialog, "portSpinBox")->value(), m_port);
    QCOMPARE(child<QLineEdit>(dialog, "userLineEdit")->text(), Role);
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->text(), Secret);
    QVERIFY(child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked());

    servers->setCurrentIndex(2);
    QCOMPARE(child<QLineEdit>(dialog, "hostLineEdit")->text(), QString("db.example.org"));
    QCOMPARE(child<QComboBox>(dialog, "sslModeComboBox")->currentText(), QString("Required"));
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->text(), QString());
    QVERIFY(!child<QCheckBox>(dialog, "rememberPasswordCheckBox")->isChecked());

    servers->setCurrentIndex(0);
    QCOMPARE(child<QLineEdit>(dialog, "hostLineEdit")->text(), QString());
    QCOMPARE(child<QSpinBox>(dialog, "portSpinBox")->value(), 5432);
}

void TestConnectionDialog::nextStartOpensTheRememberedServer()
{
    SavedServers::remember({ server(), true });
    SavedServers::setLastServer(server().identity());
    m_vault.entries.insert(server().identity(), Secret);
    bool asked = false;
    DialogRunner::setHandler([&](QDialog&) {
        asked = true;
        return int(QDialog::Rejected);
    });
    std::unique_ptr<Database> db = StoreOpening::openRememberedServer();
    QVERIFY(!asked);
    QVERIFY(db);
    QCOMPARE(db->role(), Role);
    QCOMPARE(db->location().database, m_database);

    // Nothing remembered: the local store.
    SavedServers::setLastServer(QString());
    QVERIFY(!StoreOpening::openRememberedServer());
    QVERIFY(!asked);
}

void TestConnectionDialog::changedPasswordAtStartAsksAgain()
{
    // The keychain holds a password the server no longer takes.
    SavedServers::remember({ server(), true });
    SavedServers::setLastServer(server().identity());
    m_vault.entries.insert(server().identity(), QStringLiteral("last-year's"));
    QString said;
    DialogRunner::setHandler([&](QDialog& dialog) {
        said = child<QLabel>(dialog, "connectionMessageLabel")->text();
        auto* line = child<QLineEdit>(dialog, "passwordLineEdit");
        line->clear();
        QTest::keyClicks(line, Secret);
        dialog.accept();
        return dialog.result();
    });
    std::unique_ptr<Database> db = StoreOpening::openRememberedServer();
    QVERIFY(said.endsWith(QStringLiteral(": the server refused the password of user \"%1\"").arg(Role)));
    QVERIFY(!said.contains(QStringLiteral("last-year's")));
    QVERIFY(db);
    QCOMPARE(db->role(), Role);
    QCOMPARE(m_vault.entries.value(server().identity()), Secret);
    QCOMPARE(SavedServers::lastServer(), server().identity());

    // Cancel opens the local store instead.
    m_vault.entries.insert(server().identity(), QStringLiteral("last-year's"));
    DialogRunner::setHandler([](QDialog& dialog) {
        dialog.reject();
        return dialog.result();
    });
    QVERIFY(!StoreOpening::openRememberedServer());
}

void TestConnectionDialog::keychainUnavailableStillConnects()
{
    m_vault.failure = QStringLiteral("the system keychain could not be reached; start and unlock GNOME Keyring or KWallet");
    auto local = localWindow();
    QVERIFY(local);
    MessageBox::setNextAnswer(QMessageBox::Ok);
    MainWindow* team = switchedWindow(*local, child<QAction>(*local, "connectToServerAction"),
                                      [&](ConnectionDialog& dialog) {
        fill(dialog, Secret);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
    });
    QVERIFY(team);
    std::unique_ptr<MainWindow> owned(team);
    QCOMPARE(MessageBox::lastText(),
             QString("Connected, but the password was not remembered: the system keychain could not be reached; "
                     "start and unlock GNOME Keyring or KWallet."));
    const std::optional<SavedServers::Server> saved = SavedServers::find(server().identity());
    QVERIFY(saved);
    QVERIFY(!saved->passwordInKeychain);
    QVERIFY(!settingsText().contains(Secret));
    team->close();
}

void TestConnectionDialog::forgetRemovesServerAndPassword()
{
    SavedServers::remember({ server(), true });
    SavedServers::setLastServer(server().identity());
    m_vault.entries.insert(server().identity(), Secret);
    ConnectionDialog dialog(m_vault);
    dialog.show();
    QPushButton* forget = child<QPushButton>(dialog, "forgetServerButton");
    QVERIFY(forget->isEnabled());
    QTest::mouseClick(forget, Qt::LeftButton);
    QVERIFY(SavedServers::all().isEmpty());
    QVERIFY(SavedServers::lastServer().isEmpty());
    QVERIFY(m_vault.entries.isEmpty());
    QCOMPARE(child<QComboBox>(dialog, "savedServersComboBox")->count(), 1);
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->text(), QString());
    QCOMPARE(child<QLabel>(dialog, "connectionMessageLabel")->text(),
             QStringLiteral("Forgot %1 on %2 (%3).").arg(m_database, m_host, Role));
    QVERIFY(!forget->isEnabled());
}

void TestConnectionDialog::openLocalStoreGoesBack()
{
    auto local = localWindow();
    QVERIFY(local);
    QAction* back = child<QAction>(*local, "openLocalStoreAction");
    QVERIFY(!back->isEnabled());
    // A new manager of a team starts on the welcome page: its last choice connects.
    QVERIFY(local->isWelcoming());
    DialogRunner::setHandler([&](QDialog& dialog) {
        auto* connection = qobject_cast<ConnectionDialog*>(&dialog);
        if (!connection)
            return int(QDialog::Rejected);
        fill(*connection, Secret);
        QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);
        return dialog.result();
    });
    QSignalSpy switched(local.get(), &MainWindow::storeSwitched);
    QTest::mouseClick(child<QPushButton>(*local, "welcomeConnectServerButton"), Qt::LeftButton);
    QCOMPARE(switched.size(), 1);
    MainWindow* team = switched.first().first().value<MainWindow*>();
    QVERIFY(team);
    QPointer<MainWindow> teamWindow(team);
    QAction* teamBack = child<QAction>(*team, "openLocalStoreAction");
    QVERIFY(teamBack->isEnabled());
    MainWindow* again = switchedWindow(*team, teamBack, [](ConnectionDialog&) {});
    QVERIFY(again);
    std::unique_ptr<MainWindow> owned(again);
    QCOMPARE(child<QLabel>(*again, "storeLabel")->text(), ConnectionString::localUrl());
    QVERIFY(SavedServers::lastServer().isEmpty());
    // The server stays remembered for next time.
    QCOMPARE(SavedServers::all().size(), 1);
    // The team window closed and, as its own, deleted itself.
    QTRY_VERIFY(teamWindow.isNull());
    again->close();
}

void TestConnectionDialog::systemKeychainWithoutBackendSaysSo()
{
    // The real keychain, where there is no desktop session to reach: a plain
    // failure, quickly, and no password written anywhere else.
    QProcess probe;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
    env.insert(QStringLiteral("HANDOFF_KEYCHAIN_PROBE"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    probe.setProcessEnvironment(env);
    probe.start(QCoreApplication::applicationFilePath(), QStringList());
    QVERIFY(probe.waitForFinished(60000));
    const QString out = QString::fromUtf8(probe.readAllStandardOutput()).trimmed();
    // GLib's own words for the missing bus, where libsecret is installed, sit in the middle.
    QVERIFY2(out.startsWith(QStringLiteral("write failed: the system keychain could not be reached")), qPrintable(out));
    QVERIFY2(out.endsWith(QStringLiteral("; start and unlock GNOME Keyring or KWallet")), qPrintable(out));
}

void TestConnectionDialog::systemKeychainKeepsAndForgetsThePassword()
{
    // The real keychain in a desktop session of its own: a private D-Bus with GNOME
    // Keyring, unlocked, as a logged-in user has it.
    const QString session = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    const QString keyring = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    QVERIFY2(!session.isEmpty() && !keyring.isEmpty(),
             "dbus-run-session and gnome-keyring-daemon come with scripts/install-deps");
    QProcess probe;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HANDOFF_KEYCHAIN_PROBE"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("run")));
    QDir(m_dir.path()).mkpath(QStringLiteral("run"));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    probe.setProcessEnvironment(env);
    probe.start(session, { QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                           QStringLiteral("printf test | %1 --unlock --components=secrets >/dev/null && exec %2")
                               .arg(keyring, QCoreApplication::applicationFilePath()) });
    QVERIFY(probe.waitForFinished(60000));
    const QString out = QString::fromUtf8(probe.readAllStandardOutput()).trimmed();
    QCOMPARE(out, QStringLiteral("written\nread %1\nremoved\nread \"\"").arg(Secret));
}

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("HANDOFF_KEYCHAIN_PROBE")) {
        // Writes, reads back, forgets and reads again, in the system keychain.
        QTextStream out(stdout);
        PasswordVault& vault = PasswordVault::instance();
        const QString key = QStringLiteral("postgresql://probe@127.0.0.1:5432/handoff");
        const Outcome<Done> written = vault.write(key, Secret);
        if (!written) {
            out << "write failed: " << written.error() << '\n';
            return 0;
        }
        out << "written\n";
        const Outcome<QString> read = vault.read(key);
        out << (read ? QStringLiteral("read ") + *read : QStringLiteral("read failed: ") + read.error()) << '\n';
        const Outcome<Done> removed = vault.remove(key);
        out << (removed ? QStringLiteral("removed") : QStringLiteral("remove failed: ") + removed.error()) << '\n';
        const Outcome<QString> gone = vault.read(key);
        out << (gone ? QStringLiteral("read \"%1\"").arg(*gone) : QStringLiteral("read failed: ") + gone.error())
            << '\n';
        return 0;
    }
    TestConnectionDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestConnectionDialog.moc"
