#include "storage/CampaignStore.h"
#include "models/HistoryTableModel.h"
#include "gui/MessageBox.h"
#include "models/SenderListModel.h"
#include "gui/senders/SendersTab.h"
#include "models/SenderTableModel.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace Handoff;

// The Senders tab: counts, adding senders, sweepers and removing senders.
class TestSendersTab : public WindowTestCase
{
    Q_OBJECT

private slots:
    void sendersTabShowsCountsAndLastMessage();
    void addingSendersOffersThemAsTargets();
    void addSendersRefusesBadInput();
    void sweeperMarkingDrivesSelectSweepers();
    void removingSenderUnassignsTheirConversations();
    void textingNumbersInTheDialogAndTheTab();
};

void TestSendersTab::sendersTabShowsCountsAndLastMessage()
{
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    auto* table = child<QTableView>("senderTableView");
    QVERIFY(table->isVisible());
    QCOMPARE(senderTableNames(), QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee", "Dee Park", "Eli Stone"}));
    auto row = [&](int r) {
        QStringList values;
        for (int c = SenderTableModel::SweeperColumn; c <= SenderTableModel::OptedOutColumn; ++c)
            values << table->model()->index(r, c).data().toString();
        return values;
    };
    // Sweeper, presence, total, needs reply, not started, waiting, opted out.
    QCOMPARE(row(0), QStringList({"", "On shift", "5", "3", "1", "1", "0"}));
    QCOMPARE(row(2), QStringList({"Sweeper", "On shift", "1", "0", "0", "1", "0"}));
    QCOMPARE(row(3), QStringList({"Sweeper", "On shift", "0", "0", "0", "0", "0"}));
    // Ana last texted Ava at minute 29; Dee never texted.
    QCOMPARE(table->model()
                 ->index(0, SenderTableModel::LastMessageColumn)
                 .data(SenderTableModel::LastMessageRole)
                 .toDateTime(),
        QDateTime(QDate(2026, 11, 20), QTime(9, 29), Qt::UTC));
    QCOMPARE(table->model()->index(3, SenderTableModel::LastMessageColumn).data().toString(), QString("Never"));
    QCOMPARE(child<QLabel>("sendersSummaryLabel")->text(), QString("5 senders · 2 sweepers"));

    // Sortable: a click on Needs Reply sorts by it, a second click turns it around.
    QHeaderView* header = table->horizontalHeader();
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
        QPoint(
            header->sectionViewportPosition(SenderTableModel::NeedsReplyColumn) + 5, header->height() / 2));
    QCOMPARE(senderTableNames().first(), QString("Cruz Lee"));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
        QPoint(
            header->sectionViewportPosition(SenderTableModel::NeedsReplyColumn) + 5, header->height() / 2));
    QCOMPARE(senderTableNames().first(), QString("Ana Ruiz"));
    table->sortByColumn(SenderTableModel::LastMessageColumn, Qt::DescendingOrder);
    QCOMPARE(senderTableNames(), QStringList({"Ana Ruiz", "Eli Stone", "Ben Okafor", "Cruz Lee", "Dee Park"}));

    // Counts follow the actions of the Conversations tab.
    DialogScript s;
    s.status = 1;
    s.targets = QStringList{"Dee Park"};
    runNextDialog(s);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    table->sortByColumn(SenderTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(row(3), QStringList({"Sweeper", "On shift", "5", "5", "0", "0", "0"}));
    QCOMPARE(row(0), QStringList({"", "On shift", "2", "0", "1", "1", "0"}));
}

void TestSendersTab::addingSendersOffersThemAsTargets()
{
    m_fx->sender(0, "Fay Roster");
    m_fx->sender(0, "Gil Roster");
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QStringList roster;
    expectDialog([&](QDialog& dialog) {
        auto* list = dialog.findChild<QListWidget*>("rosterListWidget");
        for (int i = 0; i < list->count(); ++i)
            roster << list->item(i)->text();
        // The filter narrows the roster as you type.
        QTest::keyClicks(dialog.findChild<QLineEdit*>("rosterFilterLineEdit"), "fay");
        QVERIFY(!list->item(0)->isHidden());
        QVERIFY(list->item(1)->isHidden());
        list->item(0)->setCheckState(Qt::Checked);
        QTest::keyClicks(dialog.findChild<QLineEdit*>("newSenderNameLineEdit"), "Hana New");
        QTest::keyClicks(dialog.findChild<QLineEdit*>("newSenderEmailLineEdit"), "hana@example.org");
        dialog.findChild<QPushButton*>("createSenderButton")->click();
        auto* created = dialog.findChild<QListWidget*>("newSendersListWidget");
        QCOMPARE(created->count(), 1);
        QCOMPARE(created->item(0)->text(), QString("Hana New <hana@example.org>"));
        // Typed but not put on the list with Create: added all the same.
        QTest::keyClicks(dialog.findChild<QLineEdit*>("newSenderNameLineEdit"), "Ivo New");
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    triggerAction("addSendersAction");
    // Only who is not on the campaign yet is offered.
    QCOMPARE(roster, QStringList({"Fay Roster <fay roster@example.org>", "Gil Roster <gil roster@example.org>"}));
    QCOMPARE(senderTableNames(),
        QStringList({ "Ana Ruiz", "Ben Okafor", "Cruz Lee", "Dee Park", "Eli Stone", "Fay Roster", "Hana New",
            "Ivo New" }));
    QCOMPARE(m_window->sendersTab()->selectedSenders().size(), 3);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Added 3 senders to the campaign: Fay Roster, Hana New, Ivo New."));
    const auto hana = CampaignStore(m_fx->db()).senderByName("Hana New");
    QVERIFY(hana);
    QCOMPARE(hana->email, QString("hana@example.org"));

    // At once in the sender list and in the reassign dialogs.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(senderIndex("Fay Roster").isValid());
    QVERIFY(senderIndex("Hana New").isValid());
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Hana New", "Fay Roster"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QVERIFY(m_script.offered.contains("Fay Roster"));
    QVERIFY(m_script.offered.contains("Hana New"));
    QVERIFY(m_script.offered.contains("Ivo New"));
    QVERIFY(!m_script.offered.contains("Gil Roster"));
    QCOMPARE(m_script.preview, QStringList({"3 → Hana New", "2 → Fay Roster"}));
    QCOMPARE(senderIndex("Hana New").data(SenderListModel::AssignedRole).toInt(), 3);
}

void TestSendersTab::addSendersRefusesBadInput()
{
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QStringList problems;
    expectDialog([&](QDialog& dialog) {
        auto* ok = dialog.findChild<QPushButton*>("okButton");
        auto* message = dialog.findChild<QLabel*>("messageLabel");
        auto* name = dialog.findChild<QLineEdit*>("newSenderNameLineEdit");
        auto* email = dialog.findChild<QLineEdit*>("newSenderEmailLineEdit");
        problems << message->text();
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(name, "ana ruiz");
        problems << message->text();
        QVERIFY(!ok->isEnabled());
        name->clear();
        QTest::keyClicks(name, "Jo New");
        QTest::keyClicks(email, "not an email");
        problems << message->text();
        QVERIFY(!ok->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton*>("createSenderButton")->isEnabled());
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        dialog.reject();
    });
    triggerAction("addSendersAction");
    QCOMPARE(problems, QStringList({"Tick senders from the roster, or create new ones.",
                                    "\"ana ruiz\" is on this campaign already.",
                                    "\"not an email\" is not an email address."}));
    QCOMPARE(senderTableNames().size(), 5);
}

void TestSendersTab::sweeperMarkingDrivesSelectSweepers()
{
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ana Ruiz", "Ben Okafor"});
    QVERIFY(child<QAction>("markSweeperAction")->isEnabled());
    QVERIFY(!child<QAction>("unmarkSweeperAction")->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Ana Ruiz, Ben Okafor are sweepers now."));
    selectSendersInTable({"Cruz Lee", "Ben Okafor"});
    triggerAction("unmarkSweeperAction");
    auto* table = child<QTableView>("senderTableView");
    QStringList sweepers;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        sweepers << table->model()->index(row, SenderTableModel::SweeperColumn).data().toString();
    QCOMPARE(sweepers, QStringList({"Sweeper", "", "", "Sweeper", ""}));
    QCOMPARE(child<QLabel>("sendersSummaryLabel")->text(), QString("5 senders · 2 sweepers"));

    // "Select sweepers" picks exactly Ana and Dee now, in bulk and at sender level.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    DialogScript look;
    look.sweepers = true;
    look.accept = false;
    runNextDialog(look);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_script.checked, QStringList({"Ana Ruiz (sweeper)", "Dee Park (sweeper)"}));
    clickSender("Eli Stone");
    runNextDialog(look);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.checked, QStringList({"Ana Ruiz (sweeper)", "Dee Park (sweeper)"}));
    QVERIFY(senderIndex("Ana Ruiz").data(SenderListModel::SweeperRole).toBool());
    QVERIFY(!senderIndex("Cruz Lee").data(SenderListModel::SweeperRole).toBool());
}

void TestSendersTab::removingSenderUnassignsTheirConversations()
{
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ana Ruiz"});
    MessageBox::setNextAnswer(QMessageBox::No);
    triggerAction("removeSendersAction");
    QCOMPARE(MessageBox::lastText(), QString("Remove Ana Ruiz from the campaign? Their 5 conversations will go to "
                                             "Unassigned. Edit ▸ Undo puts them back."));
    QCOMPARE(senderTableNames().size(), 5);
    QCOMPARE(m_fx->historySize(m_campaign), 0);

    // Delete on the table does the same, and Yes goes through.
    auto* table = child<QTableView>("senderTableView");
    table->setFocus();
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(senderTableNames(), QStringList({"Ben Okafor", "Cruz Lee", "Dee Park", "Eli Stone"}));
    for (qint64 id : {m_a1, m_a2, m_a3, m_a4, m_a5})
        QCOMPARE(m_fx->ownerOf(id), UnassignedId);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Removed Ana Ruiz; 5 conversations went to Unassigned."));

    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(!senderIndex("Ana Ruiz").isValid());
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt(), 8);
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::NeedsReplyRole).toInt(), 3);
    DialogScript look;
    look.accept = false;
    runNextDialog(look);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QVERIFY(!m_script.offered.contains("Ana Ruiz"));

    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->index(0, HistoryTableModel::ActionColumn).data().toString(), QString("Remove Sender"));
    QCOMPARE(history->model()->index(0, HistoryTableModel::MovedColumn).data().toString(), QString("5 → Unassigned"));

    // Several at once: one confirmation that adds up their conversations.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ben Okafor", "Cruz Lee"});
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerAction("removeSendersAction");
    QCOMPARE(MessageBox::lastText(), QString("Remove 2 senders (Ben Okafor, Cruz Lee) from the campaign? Their 3 "
                                             "conversations will go to Unassigned. Edit ▸ Undo puts them back."));
    QCOMPARE(senderTableNames(), QStringList({"Dee Park", "Eli Stone"}));
}

void TestSendersTab::textingNumbersInTheDialogAndTheTab()
{
    const SenderId gil = m_fx->sender(0, "Gil Roster");
    QVERIFY(CampaignStore(m_fx->db()).setTextingNumber(gil, "+14155550100"));
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QStringList roster;
    QStringList problems;
    QStringList created;
    expectDialog([&](QDialog& dialog) {
        auto* list = dialog.findChild<QListWidget*>("rosterListWidget");
        for (int i = 0; i < list->count(); ++i)
            roster << list->item(i)->text();
        auto* ok = dialog.findChild<QPushButton*>("okButton");
        auto* message = dialog.findChild<QLabel*>("messageLabel");
        auto* number = dialog.findChild<QLineEdit*>("newSenderNumberLineEdit");
        QCOMPARE(number->accessibleName(), QString("New sender's texting number"));
        QTest::keyClicks(dialog.findChild<QLineEdit*>("newSenderNameLineEdit"), "Hana New");
        // Gil's number, written another way; then no number at all.
        QTest::keyClicks(number, "+1 415 555 0100");
        problems << message->text();
        QVERIFY(!ok->isEnabled());
        number->clear();
        QTest::keyClicks(number, "call me");
        problems << message->text();
        QVERIFY(!ok->isEnabled());
        number->clear();
        QTest::keyClicks(number, "(415) 555-0142");
        QVERIFY(ok->isEnabled());
        dialog.findChild<QPushButton*>("createSenderButton")->click();
        QCOMPARE(number->text(), QString());
        auto* createdList = dialog.findChild<QListWidget*>("newSendersListWidget");
        for (int i = 0; i < createdList->count(); ++i)
            created << createdList->item(i)->text();
        ok->click();
    });
    triggerAction("addSendersAction");
    QCOMPARE(roster, QStringList({"Gil Roster <gil roster@example.org>, texts from +14155550100"}));
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems[0], QString("+14155550100 is already the texting number of \"Gil Roster\"."));
    QVERIFY2(problems[1].startsWith("\"call me\" is not a texting number: "), qPrintable(problems[1]));
    QCOMPARE(created, QStringList({"Hana New, texts from +14155550142"}));
    QCOMPARE(CampaignStore(m_fx->db()).senderByName("Hana New")->number, QString("+14155550142"));

    // The tab shows each sender's number, and takes a new one typed in place.
    auto* table = child<QTableView>("senderTableView");
    auto numberOf = [&](const QString& name) {
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, SenderTableModel::NameColumn).data().toString() == name)
                return table->model()->index(r, SenderTableModel::NumberColumn).data().toString();
        return QString("(no row)");
    };
    QCOMPARE(numberOf("Hana New"), QString("+14155550142"));
    QCOMPARE(numberOf("Ana Ruiz"), QString());
    m_window->sendersTab()->selectSenders({CampaignStore(m_fx->db()).senderByName("Ana Ruiz")->id});
    triggerAction("editNumberAction");
    auto* editor = table->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    QTest::keyClicks(editor, "415 555 0143");
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(numberOf("Ana Ruiz"), QString("+14155550143"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Ana Ruiz texts from +14155550143."));
    QCOMPARE(CampaignStore(m_fx->db()).senderByName("Ana Ruiz")->number, QString("+14155550143"));

    // Hana's number for Ben: refused, said, nothing changes.
    MessageBox::setNextAnswer(QMessageBox::Ok);
    m_window->sendersTab()->selectSenders({CampaignStore(m_fx->db()).senderByName("Ben Okafor")->id});
    triggerAction("editNumberAction");
    editor = table->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    QTest::keyClicks(editor, "+14155550142");
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(MessageBox::lastText(), QString("+14155550142 is already the texting number of \"Hana New\"."));
    QCOMPARE(numberOf("Ben Okafor"), QString());
    QCOMPARE(CampaignStore(m_fx->db()).senderByName("Ben Okafor")->number, QString());
}

QTEST_MAIN(TestSendersTab)
#include "TestSendersTab.moc"
