#include "gui/FileDialog.h"
#include "storage/PasswordVault.h"
#include "PgAdmin.h"
#include "controller/ReassignmentController.h"
#include "gui/store/SavedServers.h"
#include "StoreFixture.h"
#include "gui/WelcomePage.h"
#include "gui/senders/AddSendersDialog.h"
#include "gui/store/ConnectionDialog.h"
#include "gui/import/ImportContactsDialog.h"
#include "gui/import/ImportReportDialog.h"
#include "gui/reassign/ReassignDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
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

// An item's text up to its presence and open work: "Ann Lee" of "Ann Lee — on shift, 5 open"
// (TestSelectionAndPresence checks those parts).
QString named(const QListWidgetItem* item)
{
    return item->text().section(QStringLiteral(" — "), 0, 0);
}

QStringList texts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        all << named(list->item(i));
    return all;
}

QStringList checkedTexts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            all << named(list->item(i));
    return all;
}

QStringList shownTexts(const QListWidget* list)
{
    QStringList all;
    for (int i = 0; i < list->count(); ++i)
        if (!list->item(i)->isHidden())
            all << named(list->item(i));
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

// Where Tab goes from widget.
QWidget* nextTabStop(QWidget* widget)
{
    QWidget* next = widget->nextInFocusChain();
    while (next != widget && !(next->focusPolicy() & Qt::TabFocus))
        next = next->nextInFocusChain();
    return next;
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

    void importContactsGuessesColumnsAndPreviews();
    void importContactsRefusesABadMapping();
    void importContactsDealsToTickedSenders();
    void importContactsWithoutSendersWaitsInUnassigned();
    void importContactsSaysWhenTheFileIsUnreadable();

    void importReportListsRejectedLines();
    void importReportWithoutRejectedLines();

    void addSendersTicksFromTheFilteredRoster();
    void addSendersCreatesNewSenders();
    void addSendersRefusesBadInput();
    void addSendersWithTheWholeRosterOnTheCampaign();

    void welcomePageOffersFourWaysToStart();

private:
    QString contactFile() const;
    QVector<Sender> roster() const;
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

QString TestDialogs::contactFile() const
{
    const QString path = m_fx->dir() + QStringLiteral("/contacts.csv");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("First Name,Last Name,Cell,Zip,Team\n"
               "Ann,Lee,415-230-1001,94110,North\n"
               "Bob,Cruz,415-230-1002,94111,South\n"
               "Cy,Ortiz,415-230-1003,94112,East\n");
    return path;
}

void TestDialogs::importContactsGuessesColumnsAndPreviews()
{
    QSettings().setValue("import/region", "CA");
    ImportContactsDialog dialog(contactFile(), m_senders);
    dialog.show();
    QCOMPARE(dialog.windowTitle(), QString("Import Contacts"));
    QVERIFY2(unnamedOrUnbuddied(dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(dialog).join(", ")));
    QCOMPARE(
        child<QLabel>(dialog, "fileLabel")->text(), QString("From <b>contacts.csv</b> — the first rows:"));

    QCOMPARE(
        child<QComboBox>(dialog, "firstNameColumnComboBox")->currentText(), QString("Column 1: First Name"));
    QCOMPARE(
        child<QComboBox>(dialog, "lastNameColumnComboBox")->currentText(), QString("Column 2: Last Name"));
    QCOMPARE(child<QComboBox>(dialog, "phoneColumnComboBox")->currentText(), QString("Column 3: Cell"));
    QCOMPARE(child<QComboBox>(dialog, "zipColumnComboBox")->currentText(), QString("Column 4: Zip"));
    QCOMPARE(dialog.region(), QString("CA"));

    auto* preview = child<QTableWidget>(dialog, "previewTableWidget");
    QCOMPARE(preview->rowCount(), 3);
    QCOMPARE(preview->columnCount(), 5);
    QCOMPARE(preview->verticalHeaderItem(0)->text(), QString("Line 2"));
    QCOMPARE(preview->item(2, 2)->text(), QString("415-230-1003"));
    QCOMPARE(preview->horizontalHeaderItem(2)->text(), QString("Cell\n→ phone"));
    QCOMPARE(preview->horizontalHeaderItem(4)->text(), QString("Team\n→ custom field"));

    // Another column for the phone: the preview's header follows.
    child<QComboBox>(dialog, "phoneColumnComboBox")->setCurrentIndex(5);
    QCOMPARE(preview->horizontalHeaderItem(4)->text(), QString("Team\n→ phone"));
    QCOMPARE(preview->horizontalHeaderItem(2)->text(), QString("Cell\n→ custom field"));

    QVERIFY(child<QPushButton>(dialog, "okButton")->isEnabled());
    QCOMPARE(child<QPushButton>(dialog, "okButton")->text(), QString("Import"));
    QCOMPARE(dialog.mapping().phone, 4);
    QVERIFY(dialog.dealTo().isEmpty());
}

void TestDialogs::importContactsRefusesABadMapping()
{
    ImportContactsDialog dialog(contactFile(), m_senders);
    dialog.show();
    auto* ok = child<QPushButton>(dialog, "okButton");
    auto* phone = child<QComboBox>(dialog, "phoneColumnComboBox");
    phone->setCurrentIndex(phone->findText("(no column)"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString("Choose the column that holds the phone numbers."));

    phone->setCurrentIndex(phone->findText("Column 3: Cell"));
    auto* lastName = child<QComboBox>(dialog, "lastNameColumnComboBox");
    lastName->setCurrentIndex(lastName->findText("Column 1: First Name"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString("Column 1 cannot be both the first name and the last name."));

    lastName->setCurrentIndex(lastName->findText("(no column)"));
    QVERIFY(ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString());
}

void TestDialogs::importContactsDealsToTickedSenders()
{
    ImportContactsDialog dialog(contactFile(), m_senders);
    dialog.show();
    auto* deal = child<QCheckBox>(dialog, "dealCheckBox");
    auto* list = child<QListWidget>(dialog, "dealListWidget");
    auto* ok = child<QPushButton>(dialog, "okButton");
    QVERIFY(!deal->isChecked());
    QCOMPARE(texts(list), QStringList({ "Ann Lee", "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)", "Dee Park" }));

    // Dealing without a sender ticked says what is missing.
    deal->setFocus();
    QTest::keyClick(deal, Qt::Key_Space);
    QVERIFY(deal->isChecked());
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString("Tick the senders to deal the contacts to, or untick dealing."));

    tick(list, "Dee");
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(child<QPushButton>(dialog, "selectSweepersButton"), Qt::LeftButton);
    QCOMPARE(checkedTexts(list), QStringList({ "Bob Cruz (sweeper)", "Cy Ortiz (sweeper)", "Dee Park" }));
    QCOMPARE(dialog.dealTo(), QVector<SenderId>({ m_senders[1].id, m_senders[2].id, m_senders[3].id }));

    // Unticking dealing keeps the ticks but deals to no one.
    QTest::keyClick(deal, Qt::Key_Space);
    QVERIFY(dialog.dealTo().isEmpty());
    QVERIFY(ok->isEnabled());

    // Ticking a sender means dealing to them.
    tick(list, "Ann");
    QVERIFY(deal->isChecked());
    QCOMPARE(dialog.dealTo().size(), 4);
}

void TestDialogs::importContactsWithoutSendersWaitsInUnassigned()
{
    ImportContactsDialog dialog(contactFile(), {});
    dialog.show();
    QVERIFY(!child<QCheckBox>(dialog, "dealCheckBox")->isEnabled());
    QVERIFY(!child<QListWidget>(dialog, "dealListWidget")->isVisible());
    QVERIFY(!child<QPushButton>(dialog, "selectSweepersButton")->isVisible());
    auto* box = child<QGroupBox>(dialog, "dealGroupBox");
    QStringList shown;
    for (QLabel* label : box->findChildren<QLabel*>())
        if (label->isVisible())
            shown << label->text();
    QCOMPARE(
        shown, QStringList({ "The campaign has no senders yet: the new conversations wait in Unassigned." }));
    QVERIFY(child<QPushButton>(dialog, "okButton")->isEnabled());
}

void TestDialogs::importContactsSaysWhenTheFileIsUnreadable()
{
    const QString path = m_fx->dir() + QStringLiteral("/missing.csv");
    ImportContactsDialog dialog(path, m_senders);
    dialog.show();
    QVERIFY(!child<QPushButton>(dialog, "okButton")->isEnabled());
    QVERIFY(problemShown(dialog).startsWith(QStringLiteral("Cannot read %1: ").arg(path)));
    QCOMPARE(child<QTableWidget>(dialog, "previewTableWidget")->rowCount(), 0);
}

void TestDialogs::importReportListsRejectedLines()
{
    const QString source = m_fx->dir() + QStringLiteral("/contacts.csv");
    ImportReportDialog dialog("Import Contacts", "3 contacts imported into Spring.",
        { { 4, "invalid phone" }, { 9, "repeats the phone of line 2" } }, source);
    dialog.show();
    QCOMPARE(dialog.windowTitle(), QString("Import Contacts"));
    QCOMPARE(dialog.accessibleName(), QString("Import Contacts"));
    QVERIFY2(unnamedOrUnbuddied(dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(dialog).join(", ")));
    QCOMPARE(child<QLabel>(dialog, "summaryLabel")->text(), QString("3 contacts imported into Spring."));
    QCOMPARE(child<QLabel>(dialog, "rejectedLabel")->text(), QString("2 lines were left out:"));
    auto* table = child<QTableWidget>(dialog, "rejectedTableWidget");
    QVERIFY(table->isVisible());
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QString("Line"));
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QString("Reason"));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 0)->data(Qt::DisplayRole).toInt(), 9);
    QCOMPARE(table->item(1, 1)->text(), QString("repeats the phone of line 2"));

    const QString saved = m_fx->dir() + QStringLiteral("/report.txt");
    FileDialog::setNextFileName(saved);
    QTest::mouseClick(child<QPushButton>(dialog, "saveReportButton"), Qt::LeftButton);
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
        QString("3 contacts imported into Spring.\nFile: %1\nRejected lines:\n"
                "Line 4: invalid phone\nLine 9: repeats the phone of line 2\n")
            .arg(source));

    QTest::mouseClick(child<QPushButton>(dialog, "closeButton"), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestDialogs::importReportWithoutRejectedLines()
{
    ImportReportDialog one("Import Contacts", "1 contact imported.", { { 4, "invalid phone" } }, "one.csv");
    QCOMPARE(child<QLabel>(one, "rejectedLabel")->text(), QString("1 line was left out:"));

    ImportReportDialog dialog("Load Message Events", "12 events loaded.", {}, "events.jsonl");
    dialog.show();
    QCOMPARE(child<QLabel>(dialog, "rejectedLabel")->text(), QString("No line was rejected."));
    QVERIFY(!child<QTableWidget>(dialog, "rejectedTableWidget")->isVisible());
    QVERIFY(dialog.reportText().endsWith("No line was rejected.\n"));
}

QVector<Sender> TestDialogs::roster() const
{
    QVector<Sender> all;
    for (const CampaignSender& s : m_senders)
        all << Sender { s.id, s.name, s.email, s.number };
    all << Sender { 901, QStringLiteral("Eve Holt"), QStringLiteral("eve@example.org"), {} }
        << Sender { 902, QStringLiteral("Fay Wong"), QString(), {} };
    return all;
}

void TestDialogs::addSendersTicksFromTheFilteredRoster()
{
    AddSendersDialog dialog(roster(), m_senders.mid(0, 2));
    dialog.show();
    QCOMPARE(dialog.windowTitle(), QString("Add Senders"));
    QVERIFY2(unnamedOrUnbuddied(dialog).isEmpty(), qPrintable(unnamedOrUnbuddied(dialog).join(", ")));
    QVERIFY(!child<QLabel>(dialog, "rosterEmptyLabel")->isVisible());
    auto* list = child<QListWidget>(dialog, "rosterListWidget");
    // Who is on the campaign already is not offered.
    QCOMPARE(texts(list), QStringList({ "Cy Ortiz", "Dee Park", "Eve Holt <eve@example.org>", "Fay Wong" }));
    auto* ok = child<QPushButton>(dialog, "okButton");
    QCOMPARE(ok->text(), QString("Add"));
    QVERIFY(!ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString("Tick senders from the roster, or create new ones."));

    QTest::keyClicks(child<QLineEdit>(dialog, "rosterFilterLineEdit"), "EXAMPLE");
    QCOMPARE(shownTexts(list), QStringList({ "Eve Holt <eve@example.org>" }));
    tick(list, "Eve");
    tick(list, "Cy");
    QVERIFY(ok->isEnabled());
    QCOMPARE(problemShown(dialog), QString());
    QCOMPARE(dialog.chosenRosterSenders(), QVector<SenderId>({ m_senders[2].id, 901 }));

    auto* sweepers = child<QCheckBox>(dialog, "asSweepersCheckBox");
    sweepers->setFocus();
    QTest::keyClick(sweepers, Qt::Key_Space);
    QVERIFY(dialog.asSweepers());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestDialogs::addSendersCreatesNewSenders()
{
    AddSendersDialog dialog(roster(), m_senders);
    dialog.show();
    auto* name = child<QLineEdit>(dialog, "newSenderNameLineEdit");
    auto* email = child<QLineEdit>(dialog, "newSenderEmailLineEdit");
    auto* create = child<QPushButton>(dialog, "createSenderButton");
    auto* remove = child<QPushButton>(dialog, "removeNewSenderButton");
    auto* list = child<QListWidget>(dialog, "newSendersListWidget");
    QCOMPARE(email->placeholderText(), QString("optional"));
    QVERIFY(!create->isEnabled());

    QTest::keyClicks(name, "Hana  New");
    QVERIFY(create->isEnabled());
    QTest::keyClicks(email, "hana@example.org");
    QTest::keyClick(email, Qt::Key_Return);
    QCOMPARE(texts(list), QStringList({ "Hana New <hana@example.org>" }));
    QCOMPARE(name->text(), QString());
    QCOMPARE(email->text(), QString());
    QVERIFY(child<QPushButton>(dialog, "okButton")->isEnabled());

    QTest::keyClicks(name, "Ivo New");
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(texts(list), QStringList({ "Hana New <hana@example.org>", "Ivo New" }));

    QVERIFY(!remove->isEnabled());
    list->setCurrentRow(0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(texts(list), QStringList({ "Ivo New" }));
    QCOMPARE(dialog.newSenders().size(), 1);
    QCOMPARE(dialog.newSenders().first().name, QString("Ivo New"));

    // A name typed but not put on the list yet is added by OK.
    QTest::keyClicks(name, "Jo New");
    QTest::mouseClick(child<QPushButton>(dialog, "okButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.newSenders().size(), 2);
    QCOMPARE(dialog.newSenders().last().name, QString("Jo New"));
}

void TestDialogs::addSendersRefusesBadInput()
{
    AddSendersDialog dialog(roster(), m_senders.mid(0, 1));
    dialog.show();
    auto* name = child<QLineEdit>(dialog, "newSenderNameLineEdit");
    auto* email = child<QLineEdit>(dialog, "newSenderEmailLineEdit");
    auto* create = child<QPushButton>(dialog, "createSenderButton");
    auto* ok = child<QPushButton>(dialog, "okButton");
    const auto expect = [&](const QString& typedName, const QString& typedEmail, const QString& problem) {
        name->clear();
        email->clear();
        QTest::keyClicks(name, typedName);
        QTest::keyClicks(email, typedEmail);
        QCOMPARE(problemShown(dialog), problem);
        QVERIFY(!create->isEnabled());
        QVERIFY(!ok->isEnabled());
    };
    expect("ann lee", "", "\"ann lee\" is on this campaign already.");
    expect("Eve Holt", "", "\"Eve Holt\" is on the roster already: tick them above instead.");
    expect("Gus New", "gus at example", "\"gus at example\" is not an email address.");
    expect("", "gus@example.org", "A new sender needs a name.");
}

void TestDialogs::addSendersWithTheWholeRosterOnTheCampaign()
{
    AddSendersDialog dialog(roster().mid(0, 4), m_senders);
    dialog.show();
    QVERIFY(child<QLabel>(dialog, "rosterEmptyLabel")->isVisible());
    QCOMPARE(child<QLabel>(dialog, "rosterEmptyLabel")->text(),
        QString("Everyone on the roster is on this campaign already."));
    QVERIFY(!child<QLineEdit>(dialog, "rosterFilterLineEdit")->isVisible());
    QVERIFY(!child<QListWidget>(dialog, "rosterListWidget")->isVisible());
    QVERIFY(child<QLineEdit>(dialog, "newSenderNameLineEdit")->isVisible());
}

void TestDialogs::welcomePageOffersFourWaysToStart()
{
    WelcomePage page;
    page.show();
    QApplication::setActiveWindow(&page);
    QVERIFY(QTest::qWaitForWindowActive(&page));
    QCOMPARE(page.objectName(), QString("welcomePage"));
    QCOMPARE(page.accessibleName(), QString("Welcome"));
    QCOMPARE(child<QLabel>(page, "welcomeTitleLabel")->text(), QString("Welcome to Handoff"));
    QVERIFY(child<QLabel>(page, "welcomeTitleLabel")->font().bold());

    const struct
    {
        const char* name;
        const char* text;
        const char* accessibleName;
        void (WelcomePage::*signal)();
    } choices[] = {
        { "welcomeCreateCampaignButton", "&Create a Campaign…", "Create a Campaign",
            &WelcomePage::createCampaignClicked },
        { "welcomeImportContactsButton", "&Import Contacts…", "Import Contacts",
            &WelcomePage::importContactsClicked },
        { "welcomeOpenDemoButton", "Open the &Demo Campaign", "Open the Demo Campaign",
            &WelcomePage::openDemoClicked },
        { "welcomeConnectServerButton", "Connect to a &Team Server…", "Connect to a Team Server",
            &WelcomePage::connectServerClicked },
    };
    QWidget* previous = nullptr;
    for (const auto& choice : choices) {
        auto* button = child<QPushButton>(page, choice.name);
        QVERIFY2(button, choice.name);
        QCOMPARE(button->text(), QString(choice.text));
        QCOMPARE(button->accessibleName(), QString(choice.accessibleName));
        QVERIFY(button->minimumWidth() >= 230);
        // Tab goes through the choices in order.
        if (previous)
            QCOMPARE(nextTabStop(previous), static_cast<QWidget*>(button));
        previous = button;

        QSignalSpy clicked(&page, choice.signal);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(clicked.size(), 1);
    }

    // Each choice's shortcut, e.g. Alt+I.
    QSignalSpy imported(&page, &WelcomePage::importContactsClicked);
    QTest::keyClick(&page, Qt::Key_I, Qt::AltModifier);
    QTRY_COMPARE(imported.size(), 1);

    page.setBusy(true);
    for (const auto& choice : choices)
        QVERIFY(!child<QPushButton>(page, choice.name)->isEnabled());
    page.setBusy(false);
    for (const auto& choice : choices)
        QVERIFY(child<QPushButton>(page, choice.name)->isEnabled());
}

QTEST_MAIN(TestDialogs)
#include "TestDialogs.moc"
