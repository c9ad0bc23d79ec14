#include "gui/conversations/ConversationsTab.h"
#include "models/ConversationTableModel.h"
#include "models/HistoryTableModel.h"
#include "gui/MessageBox.h"
#include "models/SenderListModel.h"
#include "WindowTestCase.h"

#include "controller/CampaignService.h"
#include "core/Clock.h"
#include "storage/ConversationStore.h"
#include "storage/MoveStore.h"

#include <QAction>
#include <QCheckBox>
#include <QInputDialog>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressDialog>
#include <QPushButton>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Handoff;
using S = ConversationStatus;

// The Conversations tab: the overview, the sender list, the table, the bulk and sender
// dropdowns and the open conversation.
class TestConversationsTab : public WindowTestCase
{
    Q_OBJECT

private slots:
    void selectingSenderSwapsBulkForUnselectLink();
    void overviewCountsAndSenderRows();
    void tableNarrowsByStatusAndSearch();
    void bulkReassignSome();
    void bulkReassignAll();
    void bulkUnassignAll();
    void bulkUnassignAllNeedsConfirmation();
    void senderReassignSome();
    void senderReassignAll();
    void senderUnassignAll();
    void unassignedPoolReassignAll();
    void singleConversationFromPane();
    void campaignViewOpensConversation();
    void optOutAndOptIn();
    void paneShowsControlCharactersAsSymbols();
    void badInputMovesNothing();
    void longActionRunsOnWorkerThread();
    void sortingHeaderRequeries();
    void holdButtonAndCtrlHToggleHold();
    void heldFilterAndContextMenu();
    void dialogNarrowsByAgeLeavesHeldAndCaps();
    void dialogIncludesHeldAndBalances();
};

void TestConversationsTab::selectingSenderSwapsBulkForUnselectLink()
{
    auto* bulk = child<QToolButton>("bulkReassignButton");
    auto* link = child<QLabel>("unselectSenderLink");
    auto* senderReassign = child<QToolButton>("senderReassignButton");
    QVERIFY(bulk->isVisible());
    QVERIFY(!link->isVisible());
    QVERIFY(!senderReassign->isVisible());
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).size(), 12);

    clickSender("Ana Ruiz");
    QVERIFY(!bulk->isVisible());
    QVERIFY(link->isVisible());
    QVERIFY(senderReassign->isVisible());
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ana));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn),
             QStringList({"Axel Test", "Asha Test", "Amy Test", "Arlo Test", "Ava Test"}));
    QCOMPARE(child<QAction>("reassignSomeAction")->text(), QString("Reassign &Some…"));

    // The link is blue: the palette's link colour, as the design asks.
    QVERIFY(link->text().contains("<a href"));
    QTest::mouseClick(link, Qt::LeftButton, {}, QPoint(link->width() / 2, link->height() / 2));
    QTRY_VERIFY(bulk->isVisible());
    QVERIFY(!link->isVisible());
    QVERIFY(!senderReassign->isVisible());
    QCOMPARE(m_tab->selectedSender(), std::nullopt);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).size(), 12);
    QCOMPARE(child<QAction>("reassignSomeAction")->text(), QString("Bulk Reassign &Some…"));

    clickSender("Unassigned");
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(UnassignedId));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Uma Test", "Uli Test", "Una Test"}));
    QVERIFY(!child<QAction>("unassignAllAction")->isEnabled());
}

void TestConversationsTab::overviewCountsAndSenderRows()
{
    QVERIFY(child<QLabel>("totalCountLabel")->text().contains(">12<"));
    QVERIFY(child<QLabel>("notStartedCountLabel")->text().contains(">5<"));
    QVERIFY(child<QLabel>("needsReplyCountLabel")->text().contains(">5<"));
    QCOMPARE(child<QLabel>("needsReplyCountLabel")->accessibleName(), QString("Needs Reply: 5"));
    auto* view = child<QListView>("senderListView");
    QStringList names;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        names << view->model()->index(row, 0).data().toString();
    QCOMPARE(names, QStringList({"Unassigned", "Ana Ruiz", "Ben Okafor", "Cruz Lee", "Dee Park", "Eli Stone"}));
    const QModelIndex ana = senderIndex("Ana Ruiz");
    QCOMPARE(ana.data(SenderListModel::ProgressTextRole).toString(), QString("4/5"));
    QCOMPARE(ana.data(SenderListModel::NeedsReplyRole).toInt(), 3);

    auto* sort = child<QComboBox>("senderSortComboBox");
    sort->setCurrentIndex(2);  // Needs Reply: most first, Unassigned stays on top
    names.clear();
    for (int row = 0; row < view->model()->rowCount(); ++row)
        names << view->model()->index(row, 0).data().toString();
    QCOMPARE(names, QStringList({"Unassigned", "Ana Ruiz", "Ben Okafor", "Eli Stone", "Cruz Lee", "Dee Park"}));

    QTest::keyClicks(child<QLineEdit>("senderFilterLineEdit"), "ee");
    QCOMPARE(view->model()->rowCount(), 3);  // Unassigned, Cruz Lee, Dee Park
}

void TestConversationsTab::tableNarrowsByStatusAndSearch()
{
    auto* status = child<QComboBox>("statusFilterComboBox");
    QStringList items;
    for (int i = 0; i < status->count(); ++i)
        items << status->itemText(i);
    QCOMPARE(items, QStringList({"All", "Not Started", "Needs Reply", "Waiting", "Opted Out"}));
    status->setCurrentIndex(2);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn),
             QStringList({"Amy Test", "Bea Test", "Arlo Test", "Eve Test", "Ava Test"}));
    // The blue dot comes from the model's role, on every Needs Reply row.
    auto* table = child<QTableView>("conversationTableView");
    for (int row = 0; row < table->model()->rowCount(); ++row)
        QVERIFY(table->model()->index(row, 0).data(ConversationTableModel::NeedsReplyRole).toBool());
    status->setCurrentIndex(3);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Axel Test", "Cy Test"}));
    status->setCurrentIndex(0);
    QTest::keyClicks(child<QLineEdit>("conversationSearchLineEdit"), "ar");
    QTRY_COMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Arlo Test"}));
}

void TestConversationsTab::bulkReassignSome()
{
    DialogScript s;
    s.status = 1;
    s.count = 3;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_dialogs, 1);
    QCOMPARE(m_script.title, QString("Bulk Reassign Some"));
    // Bulk: what the chosen targets hold is not counted (Cruz's waiting one).
    QCOMPARE(m_script.statusItems, QStringList({"Any (11)", "Needs Reply (5)", "Not Started (5)"}));
    QCOMPARE(m_script.countMaximum, 5);
    QCOMPARE(m_script.offered,
             QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee (sweeper)", "Dee Park (sweeper)", "Eli Stone"}));
    QCOMPARE(m_script.preview, QStringList({"2 → Cruz Lee (sweeper)", "1 → Dee Park (sweeper)"}));
    QVERIFY(m_script.rule.contains("Longest-waiting first"));
    QVERIFY(m_script.rule.contains("oldest last activity"));

    // Needs Reply, oldest first: Amy (10), Bea (15), Arlo (20); dealt Cruz, Dee, Cruz.
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_b1), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a2), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_e1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a5), m_ana);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Moved 3 conversations: 2 → Cruz Lee, 1 → Dee Park."));
    // Counts refresh at once.
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::NeedsReplyRole).toInt(), 1);
    QCOMPARE(senderIndex("Cruz Lee").data(SenderListModel::NeedsReplyRole).toInt(), 2);
    QCOMPARE(tableColumn(ConversationTableModel::SenderColumn).count("Cruz Lee"), 3);
}

void TestConversationsTab::bulkReassignAll()
{
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Eli Stone", "Ben Okafor"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QCOMPARE(m_script.title, QString("Bulk Reassign All"));
    QVERIFY(!m_script.hasCount);
    QCOMPARE(m_script.preview, QStringList({"2 → Eli Stone", "2 → Ben Okafor"}));
    // Not Started, not already Eli's or Ben's, oldest first: Uma 3, Uli 4, Asha 5, Una 6.
    QCOMPARE(m_fx->ownerOf(m_u1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_u2), m_ben);
    QCOMPARE(m_fx->ownerOf(m_a3), m_eli);
    QCOMPARE(m_fx->ownerOf(m_u3), m_ben);
    QCOMPARE(m_fx->ownerOf(m_b2), m_ben);
    QCOMPARE(m_fx->ownerOf(m_a1), m_ana);
    QCOMPARE(m_window->statusBar()->currentMessage(),
        QString("Moved 4 conversations: 2 → Eli Stone, 2 → Ben Okafor."));
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt(), 0);
}

void TestConversationsTab::bulkUnassignAll()
{
    DialogScript s;
    s.status = 1;
    runNextDialog(s);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerFromDropdown("bulkReassignButton", "unassignAllAction");
    QCOMPARE(m_script.title, QString("Bulk Unassign All"));
    QVERIFY(!m_script.hasTargets);
    QVERIFY(!m_script.hasCount);
    QCOMPARE(m_script.preview, QStringList({"5 → Unassigned"}));
    QCOMPARE(MessageBox::lastText(),
        QString("Move 5 of every sender's conversations (Needs Reply) back to Unassigned?"));
    for (qint64 id : {m_a1, m_a2, m_a5, m_b1, m_e1})
        QCOMPARE(m_fx->ownerOf(id), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_c1), m_cruz);
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::NeedsReplyRole).toInt(), 5);
}

void TestConversationsTab::bulkUnassignAllNeedsConfirmation()
{
    const auto before = m_fx->owners(m_campaign);
    runNextDialog({});
    MessageBox::setNextAnswer(QMessageBox::No);
    triggerFromDropdown("bulkReassignButton", "unassignAllAction");
    QCOMPARE(m_dialogs, 1);
    QCOMPARE(m_script.preview, QStringList({"9 → Unassigned"}));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);
}

void TestConversationsTab::senderReassignSome()
{
    clickSender("Ana Ruiz");
    DialogScript s;
    s.status = 0;
    s.count = 2;
    s.targets = QStringList{"Ben Okafor", "Cruz Lee"};
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignSomeAction");
    QCOMPARE(m_script.title, QString("Reassign Some"));
    QVERIFY(!m_script.offered.contains("Ana Ruiz"));
    QCOMPARE(m_script.statusItems, QStringList({"Any (5)", "Needs Reply (3)", "Not Started (1)"}));
    QCOMPARE(m_script.preview, QStringList({"1 → Ben Okafor", "1 → Cruz Lee (sweeper)"}));
    // Ana's, oldest first: Axel 1, Asha 5.
    QCOMPARE(m_fx->ownerOf(m_a4), m_ben);
    QCOMPARE(m_fx->ownerOf(m_a3), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_a1), m_ana);
    // Ana stays selected, with what she still holds.
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ana));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Amy Test", "Arlo Test", "Ava Test"}));
    QVERIFY(child<QLabel>("unselectSenderLink")->isVisible());
}

void TestConversationsTab::senderReassignAll()
{
    clickSender("Ana Ruiz");
    DialogScript s;
    s.status = 1;
    s.targets = QStringList{"Dee Park", "Eli Stone", "Cruz Lee"};
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.title, QString("Reassign All"));
    QCOMPARE(m_script.preview,
        QStringList({ "1 → Dee Park (sweeper)", "1 → Eli Stone", "1 → Cruz Lee (sweeper)" }));
    QCOMPARE(m_fx->ownerOf(m_a1), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a2), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a5), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_a4), m_ana);
    QCOMPARE(m_fx->ownerOf(m_b1), m_ben);
}

void TestConversationsTab::senderUnassignAll()
{
    clickSender("Ben Okafor");
    runNextDialog({});
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerFromDropdown("senderReassignButton", "unassignAllAction");
    QCOMPARE(m_script.title, QString("Unassign All"));
    QCOMPARE(m_script.preview, QStringList({"2 → Unassigned"}));
    QCOMPARE(MessageBox::lastText(), QString("Move 2 of Ben Okafor's conversations (Any) back to Unassigned?"));
    QCOMPARE(m_fx->ownerOf(m_b1), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_b2), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_a1), m_ana);
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ben));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList());
}

void TestConversationsTab::unassignedPoolReassignAll()
{
    clickSender("Unassigned");
    DialogScript s;
    s.sweepers = true;
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.preview, QStringList({"2 → Cruz Lee (sweeper)", "1 → Dee Park (sweeper)"}));
    QCOMPARE(m_fx->ownerOf(m_u1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_u2), m_dee);
    QCOMPARE(m_fx->ownerOf(m_u3), m_cruz);
}

void TestConversationsTab::singleConversationFromPane()
{
    auto* reassign = child<QPushButton>("reassignConversationButton");
    QVERIFY(!reassign->isVisible());  // no sender selected: no conversation pane
    clickSender("Ana Ruiz");
    openConversation(m_a5);
    QVERIFY(reassign->isVisible());
    QCOMPARE(child<QLabel>("contactNameLabel")->text(), QString("Ava Test"));
    QVERIFY(child<QTextBrowser>("messageThreadBrowser")->toPlainText().contains("Tell me more"));
    // Directly below the Opt-Out button.
    auto* optOut = child<QPushButton>("optOutButton");
    QVERIFY(reassign->geometry().top() >= optOut->geometry().bottom());
    QVERIFY(qAbs(reassign->geometry().left() - optOut->geometry().left()) < 2);

    DialogScript s;
    s.targets = QStringList{"Eli Stone"};
    runNextDialog(s);
    QTest::mouseClick(reassign, Qt::LeftButton);
    QCOMPARE(m_script.title, QString("Reassign Conversation"));
    QCOMPARE(m_script.offered.first(), QString("Unassigned"));
    QVERIFY(!m_script.offered.contains("Ana Ruiz"));
    QCOMPARE(m_script.preview, QStringList({"1 → Eli Stone"}));
    QCOMPARE(m_fx->ownerOf(m_a5), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a1), m_ana);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 1 conversation: 1 → Eli Stone."));
    QCOMPARE(m_tab->openConversationId(), std::nullopt);
}

void TestConversationsTab::campaignViewOpensConversation()
{
    // No sender selected: the table lists the whole campaign, and a click opens the row.
    QCOMPARE(m_tab->selectedSender(), std::nullopt);
    openConversation(m_b1);
    QVERIFY(child<QToolButton>("bulkReassignButton")->isVisible());
    QCOMPARE(child<QLabel>("contactNameLabel")->text(), QString("Bea Test"));
    QVERIFY(child<QLabel>("contactNameLabel")->isVisible());
    QVERIFY(child<QTextBrowser>("messageThreadBrowser")->toPlainText().contains("Tell me more"));

    auto* optOut = child<QPushButton>("optOutButton");
    QVERIFY(optOut->isVisible());
    QTest::mouseClick(optOut, Qt::LeftButton);
    QCOMPARE(m_fx->statusOf(m_b1), S::OptedOut);
    QCOMPARE(optOut->text(), QString("Opt In"));
    QCOMPARE(m_tab->openConversationId(), std::optional<qint64>(m_b1));
    QTest::mouseClick(optOut, Qt::LeftButton);
    QCOMPARE(m_fx->statusOf(m_b1), S::NeedsReply);

    auto* reassign = child<QPushButton>("reassignConversationButton");
    DialogScript s;
    s.targets = QStringList{"Eli Stone"};
    runNextDialog(s);
    QTest::mouseClick(reassign, Qt::LeftButton);
    QCOMPARE(m_script.title, QString("Reassign Conversation"));
    // Its own sender is not offered, as at sender level.
    QVERIFY(!m_script.offered.contains("Ben Okafor"));
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_b2), m_ben);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 1 conversation: 1 → Eli Stone."));
    // Still in the campaign view, so still in the table, open where it was.
    QCOMPARE(m_tab->selectedSender(), std::nullopt);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).count("Bea Test"), 1);

    // Ctrl+R too.
    openConversation(m_u2);
    DialogScript keys;
    keys.targets = QStringList{"Ana Ruiz"};
    runNextDialog(keys);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_script.title, QString("Reassign Conversation"));
    QCOMPARE(m_fx->ownerOf(m_u2), m_ana);
    QCOMPARE(m_dialogs, 2);
}

void TestConversationsTab::optOutAndOptIn()
{
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    auto* optOut = child<QPushButton>("optOutButton");
    QCOMPARE(optOut->text(), QString("Opt-Out"));
    QCOMPARE(optOut->accessibleName(), QString("Opt-Out"));
    QTest::mouseClick(optOut, Qt::LeftButton);
    QCOMPARE(m_fx->statusOf(m_a1), S::OptedOut);
    QCOMPARE(optOut->text(), QString("Opt In"));
    QCOMPARE(m_tab->openConversationId(), std::optional<qint64>(m_a1));
    QVERIFY(child<QLabel>("needsReplyCountLabel")->text().contains(">4<"));
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::NeedsReplyRole).toInt(), 2);
    QTest::mouseClick(optOut, Qt::LeftButton);
    QCOMPARE(m_fx->statusOf(m_a1), S::NeedsReply);
    QCOMPARE(optOut->text(), QString("Opt-Out"));
    QVERIFY(child<QLabel>("needsReplyCountLabel")->text().contains(">5<"));
}

void TestConversationsTab::paneShowsControlCharactersAsSymbols()
{
    // What came from outside: a contact's name and SMS, a sender typed on another machine.
    const SenderId mallory = m_fx->sender(m_campaign, QStringLiteral(u"Mal\u202Eyrol <m@x.org>"));
    const qint64 eve = m_fx->conversation(m_campaign, mallory, S::NeedsReply, 8, "Eve\x1b[2J");
    QSqlQuery q = m_fx->db().prepare("UPDATE messages SET body = ? WHERE conversation_id = ?");
    q.addBindValue(QStringLiteral(u"\x1b]0;pwned\x07" u"bye\r\nsee \u202Eyou"));
    q.addBindValue(eve);
    QVERIFY(q.exec());
    m_tab->refresh();

    const QString shownSender = QStringLiteral(u"Mal\uFFFDyrol <m@x.org>");
    clickSender(shownSender);
    // A name is text, never markup: the address in angle brackets shows.
    QCOMPARE(child<QLabel>("selectedSenderLabel")->textFormat(), Qt::PlainText);
    openConversation(eve);
    auto* contact = child<QLabel>("contactNameLabel");
    QCOMPARE(contact->text(), QString("Eve␛[2J Test"));
    QCOMPARE(contact->textFormat(), Qt::PlainText);
    QVERIFY2(child<QLabel>("contactDetailLabel")->text().endsWith(" · Needs Reply · " + shownSender),
             qPrintable(child<QLabel>("contactDetailLabel")->text()));
    // The SMS keeps its line break; the escapes and the override show as symbols.
    const QString thread = child<QTextBrowser>("messageThreadBrowser")->toPlainText();
    QVERIFY2(thread.contains(QStringLiteral(u"␛]0;pwned␇bye\nsee \uFFFDyou")), qPrintable(thread));
    QVERIFY2(thread.contains(QStringLiteral(u"◀ Eve␛[2J Test · ")), qPrintable(thread));

    // The result of a move names the sender the same way.
    m_tab->unselectSender();
    openConversation(m_a1);
    DialogScript s;
    s.targets = QStringList{"Mal"};
    runNextDialog(s);
    QTest::mouseClick(child<QPushButton>("reassignConversationButton"), Qt::LeftButton);
    QCOMPARE(m_fx->ownerOf(m_a1), mallory);
    QCOMPARE(m_window->statusBar()->currentMessage(), "Moved 1 conversation: 1 → " + shownSender + ".");
}

void TestConversationsTab::badInputMovesNothing()
{
    const auto before = m_fx->owners(m_campaign);
    DialogScript noTarget;
    noTarget.status = 1;
    noTarget.count = 2;
    runNextDialog(noTarget);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QVERIFY(!m_script.okEnabled);
    QCOMPARE(m_script.problem, QString("Choose at least one sender to reassign to."));
    QVERIFY(m_script.preview.isEmpty());

    DialogScript zero;
    zero.status = 1;
    zero.count = 0;
    zero.targets = QStringList{"Dee Park"};
    runNextDialog(zero);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QVERIFY(!m_script.okEnabled);
    QCOMPARE(m_script.problem, QString("Choose how many to reassign, from 1 to 5."));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(m_fx->historySize(m_campaign), 0);

    // The spin box never goes past what matches.
    DialogScript tooMany;
    tooMany.status = 2;
    tooMany.count = 99;
    tooMany.targets = QStringList{"Dee Park"};
    runNextDialog(tooMany);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_script.countMaximum, 5);
    QVERIFY(m_script.okEnabled);
    QCOMPARE(m_script.preview, QStringList({"5 → Dee Park (sweeper)"}));
    QCOMPARE(m_fx->historySize(m_campaign), 1);
    QCOMPARE(m_fx->ownerOf(m_u1), m_dee);
    QCOMPARE(m_dialogs, 3);
}

void TestConversationsTab::longActionRunsOnWorkerThread()
{
    m_tab->setBackgroundThreshold(1);
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QVERIFY(m_tab->isBusy());
    QVERIFY(m_tab->findChild<QProgressDialog*>("taskProgressDialog"));
    QVERIFY(!child<QAction>("reassignSomeAction")->isEnabled());
    QTRY_VERIFY(!m_tab->isBusy());
    for (qint64 id : {m_a3, m_b2, m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), m_dee);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 5 conversations: 5 → Dee Park."));
    QCOMPARE(senderIndex("Dee Park").data(SenderListModel::AssignedRole).toInt(), 5);
    QVERIFY(child<QAction>("reassignSomeAction")->isEnabled());
}

void TestConversationsTab::sortingHeaderRequeries()
{
    auto* table = child<QTableView>("conversationTableView");
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Axel Test"));
    table->sortByColumn(ConversationTableModel::ContactColumn, Qt::DescendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Una Test"));
    table->sortByColumn(ConversationTableModel::ContactColumn, Qt::AscendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Amy Test"));
}

void TestConversationsTab::holdButtonAndCtrlHToggleHold()
{
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    auto* hold = child<QPushButton>("holdButton");
    QCOMPARE(hold->text(), QString("Hold"));
    QCOMPARE(hold->accessibleName(), QString("Hold"));
    QVERIFY(hold->isEnabled());
    // The Hold button stands beside Opt-Out.
    QCOMPARE(hold->parentWidget(), child<QPushButton>("optOutButton")->parentWidget());
    expectDialog([](QDialog& dialog) {
        auto* input = qobject_cast<QInputDialog*>(&dialog);
        QVERIFY(input);
        QVERIFY(input->labelText().contains("Hold the conversation with Amy Test"));
        input->setTextValue("escalated to Sam");
        input->accept();
    });
    QTest::mouseClick(hold, Qt::LeftButton);
    auto held = ConversationStore(m_fx->db()).conversation(m_a1);
    QVERIFY(held->held);
    QCOMPARE(held->holdNote, QString("escalated to Sam"));
    QCOMPARE(hold->text(), QString("Release"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("The conversation with Amy Test is held."));
    QVERIFY(child<QLabel>("holdNoteLabel")->text().contains("escalated to Sam"));
    // The table shows it held: an icon with a tooltip and accessible text.
    auto* table = child<QTableView>("conversationTableView");
    QModelIndex amy;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, 0).data(ConversationTableModel::ConversationIdRole).toLongLong() == m_a1)
            amy = table->model()->index(r, ConversationTableModel::ContactColumn);
    QVERIFY(amy.isValid());
    QVERIFY(amy.data(ConversationTableModel::HeldRole).toBool());
    QVERIFY(!amy.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(amy.data(Qt::AccessibleDescriptionRole).toString(), QString("Held: escalated to Sam"));
    QCOMPARE(amy.data(Qt::ToolTipRole).toString(), QString("Held: escalated to Sam"));

    // Ctrl+H releases it (no question), and holds it again.
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier);
    QVERIFY(!ConversationStore(m_fx->db()).conversation(m_a1)->held);
    QCOMPARE(hold->text(), QString("Hold"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("The conversation with Amy Test is released."));
    expectDialog([](QDialog& dialog) { qobject_cast<QInputDialog*>(&dialog)->accept(); });
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier);
    held = ConversationStore(m_fx->db()).conversation(m_a1);
    QVERIFY(held->held);
    QCOMPARE(held->holdNote, QString());
    // Cancelling the note holds nothing.
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier);
    QVERIFY(!ConversationStore(m_fx->db()).conversation(m_a1)->held);
    expectDialog([](QDialog& dialog) { dialog.reject(); });
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier);
    QVERIFY(!ConversationStore(m_fx->db()).conversation(m_a1)->held);

    // A held conversation moved on its own moves: the manager chose it.
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {m_a1}, true));
    m_tab->refresh();
    openConversation(m_a1);
    DialogScript s;
    s.targets = QStringList{"Eli Stone"};
    runNextDialog(s);
    QTest::mouseClick(child<QPushButton>("reassignConversationButton"), Qt::LeftButton);
    QVERIFY(!m_script.hasAge);
    QVERIFY(!m_script.hasLoad);
    QCOMPARE(m_fx->ownerOf(m_a1), m_eli);
}

void TestConversationsTab::heldFilterAndContextMenu()
{
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {m_a1, m_b1}, true, "VIP"));
    m_tab->refresh();
    auto* table = child<QTableView>("conversationTableView");
    QCOMPARE(table->contextMenuPolicy(), Qt::ActionsContextMenu);
    QStringList menu;
    for (QAction* action : table->actions())
        menu << action->objectName();
    QCOMPARE(menu, QStringList({"reassignConversationAction", "holdAction", "optOutAction"}));

    auto* filter = child<QComboBox>("heldFilterComboBox");
    QCOMPARE(filter->currentText(), QString("Held or not"));
    QCOMPARE(table->model()->rowCount(), 12);
    filter->setCurrentIndex(1);
    QCOMPARE(filter->currentText(), QString("Held only"));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Amy Test", "Bea Test"}));
    filter->setCurrentIndex(2);
    QCOMPARE(table->model()->rowCount(), 10);
    QVERIFY(!tableColumn(ConversationTableModel::ContactColumn).contains("Amy Test"));

    // The context menu's Hold acts on the row it opened on: here Amy, released.
    filter->setCurrentIndex(1);
    openConversation(m_a1);
    QCOMPARE(child<QAction>("holdAction")->text(), QString("Re&lease Conversation"));
    triggerAction("holdAction");
    QVERIFY(!ConversationStore(m_fx->db()).conversation(m_a1)->held);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn), QStringList({"Bea Test"}));
}

void TestConversationsTab::dialogNarrowsByAgeLeavesHeldAndCaps()
{
    // Now is minute 40 of the fixture: Amy has waited 30 minutes, Bea 25, Arlo 20, Eve 15, Ava 10.
    Clock::setFixedNow(QDateTime(QDate(2026, 11, 20), QTime(9, 40), Qt::UTC));
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {m_b1}, true));
    m_tab->refresh();

    DialogScript s;
    s.olderThan = 20;
    s.olderThanUnit = 0;
    s.status = 1;
    s.balance = 1;
    s.cap = 1;
    s.note = "Lunch break";
    s.targets = QStringList{"Cruz Lee"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    Clock::setFixedNow(QDateTime());
    QVERIFY(m_script.hasAge);
    QVERIFY(m_script.hasLoad);
    QVERIFY(!m_script.balanceChecked);   // off by default
    // Waiting 20 minutes or more, not held, not Cruz's: Any 8, Needs Reply 2 (Amy, Arlo).
    QCOMPARE(m_script.statusItems, QStringList({"Any (8)", "Needs Reply (2)", "Not Started (5)"}));
    QCOMPARE(m_script.preview, QStringList({"1 → Cruz Lee (sweeper)"}));
    QCOMPARE(m_script.openWork, QString("Open work (Not Started + Needs Reply): Cruz Lee (sweeper) 0 → 1"));
    QCOMPARE(m_script.leftOut,
             QString("1 held conversation is left out. 1 conversation stays where it is: every chosen sender would"
                     " hold more than 1 open conversations."));
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_a2), m_ana);   // the cap kept it
    QCOMPARE(m_fx->ownerOf(m_b1), m_ben);   // held
    QCOMPARE(m_fx->ownerOf(m_e1), m_eli);   // too young
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Moved 1 conversation: 1 → Cruz Lee; 1 stays where it was: every target is at the cap."));
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign, 1).first().note, QString("Lunch break"));
    // The History tab shows the note in its own column.
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->headerData(HistoryTableModel::NoteColumn, Qt::Horizontal).toString(), QString("Note"));
    QCOMPARE(history->model()->index(0, HistoryTableModel::NoteColumn).data().toString(), QString("Lunch break"));
    QCOMPARE(history->model()->index(0, HistoryTableModel::SkippedColumn).data(Qt::ToolTipRole).toString(),
             QString("1 left where they were by the cap"));
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);

    // The balance choice is remembered.
    DialogScript again;
    again.accept = false;
    runNextDialog(again);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QVERIFY(m_script.balanceChecked);
}

void TestConversationsTab::dialogIncludesHeldAndBalances()
{
    QVERIFY(CampaignService(m_fx->db()).setHeld(m_campaign, {m_b1}, true));
    m_tab->refresh();
    clickSender("Ben Okafor");
    // Without Include held, Ben's held Bea stays.
    DialogScript s;
    s.status = 0;
    s.targets = QStringList{"Eli Stone", "Dee Park"};
    s.accept = false;
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.statusItems, QStringList({"Any (1)", "Needs Reply (0)", "Not Started (1)"}));
    QCOMPARE(m_script.leftOut, QString("1 held conversation is left out."));
    QCOMPARE(m_script.preview, QStringList({"1 → Eli Stone", "0 → Dee Park (sweeper)"}));

    // Included and balanced: Eli already holds Eve (open), Dee nothing, so Dee gets the first.
    DialogScript t;
    t.status = 0;
    t.includeHeld = true;
    t.balance = 1;
    t.targets = QStringList{"Eli Stone", "Dee Park"};
    runNextDialog(t);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.statusItems, QStringList({"Any (2)", "Needs Reply (1)", "Not Started (1)"}));
    QCOMPARE(m_script.leftOut, QString());
    QCOMPARE(m_script.preview, QStringList({"1 → Eli Stone", "1 → Dee Park (sweeper)"}));
    QCOMPARE(m_script.openWork,
             QString("Open work (Not Started + Needs Reply): Eli Stone 1 → 2, Dee Park (sweeper) 0 → 1"));
    // Bo (minute 2) first to Dee, then Bea (15) to Eli, each then holding 1 → 2 and 0 → 1.
    QCOMPARE(m_fx->ownerOf(m_b2), m_dee);
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
}

QTEST_MAIN(TestConversationsTab)
#include "TestConversationsTab.moc"
