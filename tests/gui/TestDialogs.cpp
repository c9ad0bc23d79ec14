#include "PasswordVault.h"
#include "PgAdmin.h"
#include "ReassignmentController.h"
#include "SavedServers.h"
#include "StoreFixture.h"
#include "dialogs/ConnectionDialog.h"
#include "dialogs/ReassignDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace Handoff;

namespace {
// A keychain that keeps passwords in memory: a test machine has no desktop keyring.
class MemoryVault final : public PasswordVault
{
public:
    Outcome<QString> read(const QString& key) override { return entries.value(key); }
    Outcome<Done> write(const QString& key, const QString& password) override
    {
        entries.insert(key, password);
        return Done {};
    }
    Outcome<Done> remove(const QString& key) override
    {
        entries.remove(key);
        return Done {};
    }

    QHash<QString, QString> entries;
};

template <typename T> T* child(QWidget& parent, const char* name)
{
    return parent.findChild<T*>(QString::fromLatin1(name));
}

QStringList texts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        all << list->item(i)->text();
    return all;
}

QStringList checkedTexts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            all << list->item(i)->text();
    return all;
}

QStringList shownTexts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        if (!list->item(i)->isHidden())
            all << list->item(i)->text();
    return all;
}

// Ticks the row that starts with name as a user does: makes it current, presses Space.
void tick(QListWidget* list, const QString& name)
{
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text().startsWith(name)) {
            list->setFocus();
            list->setCurrentRow(i);
            QTest::keyClick(list, Qt::Key_Space);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row %1").arg(name)));
}

// Replaces a spin box's number by typing, as a user does.
void typeNumber(QSpinBox* spin, int value)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
}

// What the user reads under OK when it is disabled; empty while the message is hidden.
QString problemShown(QDialog& dialog)
{
    auto* label = child<QLabel>(dialog, "messageLabel");
    return label->isVisibleTo(&dialog) ? label->text() : QString();
}

// Every widget a user can reach by keyboard has an object name and an accessible name,
// and every label with a shortcut leads to a widget.
QStringList unnamedOrUnbuddied(QDialog& dialog)
{
    QStringList missing;
    for (QWidget* w : dialog.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&dialog) || !(w->focusPolicy() & Qt::TabFocus))
            continue;
        if (qobject_cast<QAbstractScrollArea*>(w->parentWidget())
            || w->objectName().startsWith(QLatin1String("qt_")))
            continue;
        if (w->objectName().isEmpty()
            || (w->accessibleName().isEmpty() && !qobject_cast<QAbstractButton*>(w)))
            missing << QStringLiteral("%1 '%2'").arg(
                QString::fromLatin1(w->metaObject()->className()), w->objectName());
    }
    for (QLabel* label : dialog.findChildren<QLabel*>())
        if (label->isVisibleTo(&dialog) && label->text().contains(QLatin1Char('&')) && !label->buddy())
            missing << QStringLiteral("label '%1' without buddy").arg(label->text());
    return missing;
}
} // namespace

// Each dialog on its own, driven as a user would, checking what the user sees.
class TestDialogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void reassignSomePreviewsTheFairSplit();
    void reassignSomeRefusesABadCount();
    void reassignSelectsSweepersAndFilters();
    void reassignAllHasNoCount();
    void reassignConversationTakesOneTarget();
    void unassignAllPreviewsUnassigned();

    void connectionNeedsHostDatabaseAndUser();
    void connectionToAClosedPortSaysSoAndRemembersNothing();

private:
    std::unique_ptr<ReassignDialog> reassignDialog(
        ReassignScope scope, ReassignAction action, SenderId source = UnassignedId, qint64 conversation = 0);

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<ReassignmentController> m_controller;
    qint64 m_campaign = 0;
    SenderId m_ann = 0;
    qint64 m_annWaiting = 0;
    QVector<CampaignSender> m_senders;
};

void TestDialogs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("HandoffTests"));
    QApplication::setApplicationName(QStringLiteral("TestDialogs"));
}

void TestDialogs::init()
{
    QSettings().clear();
    // Four Not Started in Unassigned; Ann holds three Needs Reply, two Not Started, one Waiting.
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign(QStringLiteral("Spring"));
    m_ann = m_fx->sender(m_campaign, QStringLiteral("Ann Lee"));
    const SenderId bob = m_fx->sender(m_campaign, QStringLiteral("Bob Cruz"), true);
    const SenderId cy = m_fx->sender(m_campaign, QStringLiteral("Cy Ortiz"), true);
    const SenderId dee = m_fx->sender(m_campaign, QStringLiteral("Dee Park"));
    int minute = 0;
    for (int i = 0; i < 4; ++i)
        m_fx->conversation(m_campaign, UnassignedId, ConversationStatus::NotStarted, ++minute);
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, m_ann, ConversationStatus::NeedsReply, ++minute);
    for (int i = 0; i < 2; ++i)
        m_fx->conversation(m_campaign, m_ann, ConversationStatus::NotStarted, ++minute);
    m_annWaiting
        = m_fx->conversation(m_campaign, m_ann, ConversationStatus::Waiting, ++minute, QStringLiteral("Zoe"));
    m_senders
        = { { m_ann, QStringLiteral("Ann Lee"), {}, false }, { bob, QStringLiteral("Bob Cruz"), {}, true },
              { cy, QStringLiteral("Cy Ortiz"), {}, true }, { dee, QStringLiteral("Dee Park"), {}, false } };
    m_controller = std::make_unique<ReassignmentController>(m_fx->db(), QStringLiteral("tester"));
}

void TestDialogs::cleanup()
{
    m_controller.reset();
    m_fx.reset();
}

std::unique_ptr<ReassignDialog> TestDialogs::reassignDialog(
    ReassignScope scope, ReassignAction action, SenderId source, qint64 conversation)
{
    ReassignRequest base;
    base.campaignId = m_campaign;
    base.scope = scope;
    base.action = action;
    base.source = source;
    base.conversationId = conversation;
    const QString subject
        = scope == ReassignScope::Single ? QStringLiteral("Zoe") : QStringLiteral("Ann Lee");
    auto dialog = std::make_unique<ReassignDialog>(*m_controller, base, subject, m_senders);
    dialog->show();
    return dialog;
}

void TestDialogs::reassignSomePreviewsTheFairSplit()
{
    auto dialog = reassignDialog(ReassignScope::Bulk, ReassignAction::ReassignSome);
    QCOMPARE(dialog->windowTitle(), QString("Bulk Reassign Some"));
    QVERIFY2(unnamedOrUnbuddied(*dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(*dialog).join(", ")));
    auto* status = child<QComboBox>(*dialog, "statusComboBox");
    QStringList statuses;
    for (int i = 0; i < status->count(); ++i)
        statuses << status->itemText(i);
    QCOMPARE(statuses, QStringList({ "Any (10)", "Needs Reply (3)", "Not Started (6)" }));
    auto* count = child<QSpinBox>(*dialog, "countSpinBox");
    QCOMPARE(count->maximum(), 10);
    QCOMPARE(count->value(), 10);
    auto* ok = child<QPushButton>(*dialog, "okButton");
    QCOMPARE(ok->text(), QString("Reassign"));

    // Nothing ticked yet: nothing will move, and OK says why it is off.
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(*dialog), QString("Choose at least one sender to reassign to."));
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("Nothing will move yet."));

    typeNumber(count, 5);
    auto* targets = child<QListWidget>(*dialog, "targetListWidget");
    QCOMPARE(
        texts(targets), QStringList({ "Ann Lee", "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)", "Dee Park" }));
    tick(targets, "Dee");
    tick(targets, "Bob");
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("5 conversations will move:"));
    // Dealt in the order ticked: the first ticked gets the odd one.
    QCOMPARE(texts(child<QListWidget>(*dialog, "previewListWidget")),
        QStringList({ "3 → Dee Park", "2 → Bob Cruz (sweeper)" }));
    QVERIFY(ok->isEnabled());
    QCOMPARE(problemShown(*dialog), QString());
    QVERIFY(child<QLabel>(*dialog, "ruleLabel")->text().startsWith("Longest-waiting first"));

    const ReassignRequest request = dialog->request();
    QCOMPARE(request.count, 5);
    QCOMPARE(request.targets.size(), 2);
    QCOMPARE(request.targets.first(), m_senders[3].id);
    QCOMPARE(dialog->movingCount(), 5);

    // A narrower status caps the count at what matches it.
    status->setCurrentIndex(1);
    QCOMPARE(count->maximum(), 3);
    QCOMPARE(count->value(), 3);
    QCOMPARE(texts(child<QListWidget>(*dialog, "previewListWidget")),
        QStringList({ "2 → Dee Park", "1 → Bob Cruz (sweeper)" }));
}

void TestDialogs::reassignSomeRefusesABadCount()
{
    auto dialog = reassignDialog(ReassignScope::Sender, ReassignAction::ReassignSome, m_ann);
    QCOMPARE(dialog->windowTitle(), QString("Reassign Some"));
    QCOMPARE(child<QLabel>(*dialog, "headingLabel")->text(),
        QString("Move some of Ann Lee's conversations to other senders."));
    auto* targets = child<QListWidget>(*dialog, "targetListWidget");
    // The source is never offered as a target.
    QCOMPARE(texts(targets), QStringList({ "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)", "Dee Park" }));
    tick(targets, "Cy");
    auto* count = child<QSpinBox>(*dialog, "countSpinBox");
    auto* ok = child<QPushButton>(*dialog, "okButton");
    QCOMPARE(count->maximum(), 6);

    typeNumber(count, 0);
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(*dialog), QString("Choose how many to reassign, from 1 to 6."));
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("Nothing will move yet."));
    QCOMPARE(child<QListWidget>(*dialog, "previewListWidget")->count(), 0);
    QCOMPARE(dialog->movingCount(), 0);

    typeNumber(count, 1);
    QVERIFY(ok->isEnabled());
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("1 conversation will move:"));
    QCOMPARE(
        texts(child<QListWidget>(*dialog, "previewListWidget")), QStringList({ "1 → Cy Ortiz (sweeper)" }));

    // A disabled OK does nothing when clicked.
    typeNumber(count, 0);
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(dialog->isVisible());
}

void TestDialogs::reassignSelectsSweepersAndFilters()
{
    auto dialog = reassignDialog(ReassignScope::Bulk, ReassignAction::ReassignAll);
    auto* targets = child<QListWidget>(*dialog, "targetListWidget");
    QTest::mouseClick(child<QPushButton>(*dialog, "selectSweepersButton"), Qt::LeftButton);
    QCOMPARE(checkedTexts(targets), QStringList({ "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)" }));
    QCOMPARE(texts(child<QListWidget>(*dialog, "previewListWidget")),
        QStringList({ "5 → Bob Cruz (sweeper)", "5 → Cy Ortiz (sweeper)" }));

    QTest::keyClicks(child<QLineEdit>(*dialog, "targetFilterLineEdit"), "  dee ");
    QCOMPARE(shownTexts(targets), QStringList({ "Dee Park" }));
    child<QLineEdit>(*dialog, "targetFilterLineEdit")->clear();
    QCOMPARE(shownTexts(targets).size(), 4);
}

void TestDialogs::reassignAllHasNoCount()
{
    auto dialog = reassignDialog(ReassignScope::Sender, ReassignAction::ReassignAll, m_ann);
    QCOMPARE(dialog->windowTitle(), QString("Reassign All"));
    QVERIFY(!child<QSpinBox>(*dialog, "countSpinBox"));
    QVERIFY(child<QComboBox>(*dialog, "statusComboBox"));
    QVERIFY2(unnamedOrUnbuddied(*dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(*dialog).join(", ")));
    tick(child<QListWidget>(*dialog, "targetListWidget"), "Bob");
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("6 conversations will move:"));
    QCOMPARE(
        texts(child<QListWidget>(*dialog, "previewListWidget")), QStringList({ "6 → Bob Cruz (sweeper)" }));
    QVERIFY(child<QPushButton>(*dialog, "okButton")->isEnabled());
}

void TestDialogs::reassignConversationTakesOneTarget()
{
    auto dialog = reassignDialog(ReassignScope::Single, ReassignAction::Move, m_ann, m_annWaiting);
    QCOMPARE(dialog->windowTitle(), QString("Reassign Conversation"));
    QCOMPARE(child<QLabel>(*dialog, "headingLabel")->text(),
        QString("Where should the conversation with Zoe go?"));
    QVERIFY(!child<QComboBox>(*dialog, "statusComboBox"));
    QVERIFY(!child<QSpinBox>(*dialog, "countSpinBox"));
    QVERIFY(!child<QPushButton>(*dialog, "selectSweepersButton"));
    QVERIFY(!child<QLabel>(*dialog, "ruleLabel"));
    QVERIFY2(unnamedOrUnbuddied(*dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(*dialog).join(", ")));

    auto* targets = child<QListWidget>(*dialog, "targetListWidget");
    QCOMPARE(texts(targets),
        QStringList({ "Unassigned", "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)", "Dee Park" }));
    auto* ok = child<QPushButton>(*dialog, "okButton");
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(*dialog), QString("Choose one sender, or Unassigned, for the conversation."));

    // One place only: ticking another unticks the first.
    tick(targets, "Bob");
    tick(targets, "Cy");
    QCOMPARE(checkedTexts(targets), QStringList({ "Cy Ortiz (sweeper)" }));
    QCOMPARE(
        texts(child<QListWidget>(*dialog, "previewListWidget")), QStringList({ "1 → Cy Ortiz (sweeper)" }));
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog->request().targets, QVector<SenderId>({ m_senders[2].id }));

    // Alt+T, the label's shortcut, leads to the list.
    QApplication::setActiveWindow(dialog.get());
    QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
    child<QLineEdit>(*dialog, "targetFilterLineEdit")->setFocus();
    QTest::keyClick(dialog.get(), Qt::Key_T, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(targets));
}

void TestDialogs::unassignAllPreviewsUnassigned()
{
    auto dialog = reassignDialog(ReassignScope::Sender, ReassignAction::UnassignAll, m_ann);
    QCOMPARE(dialog->windowTitle(), QString("Unassign All"));
    QCOMPARE(child<QLabel>(*dialog, "headingLabel")->text(),
        QString("Move Ann Lee's matching conversations back to Unassigned."));
    QVERIFY(!child<QListWidget>(*dialog, "targetListWidget"));
    QVERIFY(!child<QLineEdit>(*dialog, "targetFilterLineEdit"));
    QVERIFY(!child<QLabel>(*dialog, "ruleLabel"));
    auto* ok = child<QPushButton>(*dialog, "okButton");
    QCOMPARE(ok->text(), QString("Unassign"));
    QCOMPARE(ok->accessibleName(), QString("Unassign"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(texts(child<QListWidget>(*dialog, "previewListWidget")), QStringList({ "6 → Unassigned" }));

    child<QComboBox>(*dialog, "statusComboBox")->setCurrentIndex(2);
    QCOMPARE(texts(child<QListWidget>(*dialog, "previewListWidget")), QStringList({ "2 → Unassigned" }));
    QCOMPARE(child<QLabel>(*dialog, "previewLabel")->text(), QString("2 conversations will move:"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
}

void TestDialogs::connectionNeedsHostDatabaseAndUser()
{
    MemoryVault vault;
    ConnectionDialog dialog(vault);
    dialog.show();
    QCOMPARE(dialog.windowTitle(), QString("Connect to Server"));
    QCOMPARE(dialog.accessibleName(), QString("Connect to Server"));
    QVERIFY2(unnamedOrUnbuddied(dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(dialog).join(", ")));
    QCOMPARE(child<QComboBox>(dialog, "savedServersComboBox")->currentText(), QString("New server"));
    QVERIFY(!child<QPushButton>(dialog, "forgetServerButton")->isEnabled());
    QCOMPARE(child<QSpinBox>(dialog, "portSpinBox")->value(), 5432);
    QCOMPARE(child<QLineEdit>(dialog, "hostLineEdit")->placeholderText(), QString("db.example.org"));
    QStringList modes;
    auto* ssl = child<QComboBox>(dialog, "sslModeComboBox");
    for (int i = 0; i < ssl->count(); ++i)
        modes << ssl->itemText(i) + QLatin1Char('=') + ssl->itemData(i).toString();
    QCOMPARE(modes,
        QStringList({ "When the server offers it=", "Required=require",
            "Required, with the server's certificate checked=verify-full", "Never=disable" }));

    auto* connectButton = child<QPushButton>(dialog, "connectButton");
    auto* message = child<QLabel>(dialog, "connectionMessageLabel");
    const QString hint = "Type the server's host, the database and your user name.";
    QVERIFY(!connectButton->isEnabled());
    QCOMPARE(message->text(), hint);
    QTest::keyClicks(child<QLineEdit>(dialog, "hostLineEdit"), "db.example.org");
    QTest::keyClicks(child<QLineEdit>(dialog, "databaseLineEdit"), "handoff");
    QVERIFY(!connectButton->isEnabled());
    QTest::keyClicks(child<QLineEdit>(dialog, "userLineEdit"), "maria");
    QVERIFY(connectButton->isEnabled());
    QCOMPARE(message->text(), QString());

    // A password can be remembered only with the server, and only once there is one.
    auto* rememberPassword = child<QCheckBox>(dialog, "rememberPasswordCheckBox");
    QVERIFY(!rememberPassword->isEnabled());
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), "secret");
    QVERIFY(rememberPassword->isEnabled());
    auto* rememberServer = child<QCheckBox>(dialog, "rememberServerCheckBox");
    rememberServer->setFocus();
    QTest::keyClick(rememberServer, Qt::Key_Space);
    QVERIFY(!rememberServer->isChecked());
    QVERIFY(!rememberPassword->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, "passwordLineEdit")->echoMode(), QLineEdit::Password);
}

void TestDialogs::connectionToAClosedPortSaysSoAndRemembersNothing()
{
    MemoryVault vault;
    ConnectionDialog dialog(vault);
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(dialog, "hostLineEdit"), "127.0.0.1");
    typeNumber(child<QSpinBox>(dialog, "portSpinBox"), PgAdmin::closedPort());
    QTest::keyClicks(child<QLineEdit>(dialog, "databaseLineEdit"), "handoff");
    QTest::keyClicks(child<QLineEdit>(dialog, "userLineEdit"), "maria");
    QTest::keyClicks(child<QLineEdit>(dialog, "passwordLineEdit"), "secret");
    QTest::mouseClick(child<QPushButton>(dialog, "connectButton"), Qt::LeftButton);

    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.takeDatabase());
    QVERIFY(!child<QLabel>(dialog, "connectionMessageLabel")->text().isEmpty());
    QVERIFY(child<QLabel>(dialog, "messageIconLabel")->isVisible());
    QVERIFY(SavedServers::all().isEmpty());
    QVERIFY(vault.entries.isEmpty());
}

QTEST_MAIN(TestDialogs)
#include "TestDialogs.moc"
