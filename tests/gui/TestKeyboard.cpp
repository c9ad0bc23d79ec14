#include "gui/conversations/ConversationsTab.h"
#include "models/ConversationTableModel.h"
#include "gui/MessageBox.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

using namespace Handoff;
using S = ConversationStatus;

// The window driven from the keyboard: shortcuts, Esc, Tab and the keys shown in menus
// and tooltips.
class TestKeyboard : public WindowTestCase
{
    Q_OBJECT

private slots:
    void bulkShortcuts();
    void senderShortcuts();
    void escapeInSenderListUnselects();
    void ctrlRReassignsOpenConversationAndCtrlZUndoes();
    void ctrlFAndTabShortcuts();
    void shortcutsShownInMenusAndToolTips();
    void keyboardOnlyFlow();
    void ctrlEndShowsTheLastConversation();
};

void TestKeyboard::bulkShortcuts()
{
    const auto before = m_fx->owners(m_campaign);
    DialogScript look;
    look.accept = false;
    runNextDialog(look);
    QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Bulk Reassign Some"));
    runNextDialog(look);
    QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Bulk Reassign All"));
    runNextDialog(look);
    QTest::keyClick(m_window.get(), Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Bulk Unassign All"));
    QCOMPARE(m_dialogs, 3);
    QCOMPARE(m_fx->owners(m_campaign), before);
}

void TestKeyboard::senderShortcuts()
{
    clickSender("Eli Stone");
    DialogScript look;
    look.accept = false;
    runNextDialog(look);
    QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Reassign Some"));
    runNextDialog(look);
    QTest::keyClick(m_window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Reassign All"));

    DialogScript unassign;
    runNextDialog(unassign);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::keyClick(m_window.get(), Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_script.title, QString("Unassign All"));
    QCOMPARE(m_fx->ownerOf(m_e1), UnassignedId);
}

void TestKeyboard::escapeInSenderListUnselects()
{
    clickSender("Ben Okafor");
    auto* view = child<QListView>("senderListView");
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Escape);
    QCOMPARE(m_tab->selectedSender(), std::nullopt);
    QVERIFY(child<QToolButton>("bulkReassignButton")->isVisible());
    QVERIFY(!child<QLabel>("unselectSenderLink")->isVisible());
    // Esc elsewhere is not taken from the fields.
    clickSender("Ben Okafor");
    auto* search = child<QLineEdit>("conversationSearchLineEdit");
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ben));
}

void TestKeyboard::ctrlRReassignsOpenConversationAndCtrlZUndoes()
{
    clickSender("Ana Ruiz");
    QVERIFY(!child<QAction>("reassignConversationAction")->isEnabled());
    openConversation(m_a2);
    QVERIFY(child<QAction>("reassignConversationAction")->isEnabled());
    DialogScript s;
    s.targets = QStringList{"Unassigned"};
    runNextDialog(s);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_script.title, QString("Reassign Conversation"));
    QCOMPARE(m_fx->ownerOf(m_a2), UnassignedId);

    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_fx->ownerOf(m_a2), m_ana);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Undone."));
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).count("Arlo Test"), 1);
    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("There is nothing to undo in this campaign."));
}

void TestKeyboard::ctrlFAndTabShortcuts()
{
    auto* tabs = child<QTabWidget>("mainTabWidget");
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 1);
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 2);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 0);
    QCOMPARE(tabs->tabText(0), QString("Conversations"));
    QCOMPARE(tabs->tabText(1), QString("Senders"));
    QCOMPARE(tabs->tabText(2), QString("History"));

    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    auto* filter = child<QLineEdit>("senderFilterLineEdit");
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, "okaf");
    QCOMPARE(child<QListView>("senderListView")->model()->rowCount(), 2);
}

void TestKeyboard::shortcutsShownInMenusAndToolTips()
{
    const QList<QPair<const char*, QString>> expected = {
        {"reassignSomeAction", "Ctrl+Shift+S"}, {"reassignAllAction", "Ctrl+Shift+A"},
        {"unassignAllAction", "Ctrl+Shift+U"},  {"reassignConversationAction", "Ctrl+R"},
        {"undoAction", "Ctrl+Z"},               {"filterSendersAction", "Ctrl+F"},
        {"unselectSenderAction", "Esc"},        {"showConversationsAction", "Ctrl+1"},
        {"showSendersAction", "Ctrl+2"},        {"showHistoryAction", "Ctrl+3"},
        {"newCampaignAction", "Ctrl+N"},        {"importContactsAction", "Ctrl+I"},
        {"exportConversationsAction", "Ctrl+E"}, {"addSendersAction", "Ctrl+Shift+N"},
        {"markSweeperAction", "Ctrl+Shift+W"},  {"removeSendersAction", "Del"},
    };
    QList<QAction*> inMenus;
    for (QMenu* menu : m_window->menuBar()->findChildren<QMenu*>())
        inMenus += menu->actions();
    for (const auto& [name, keys] : expected) {
        auto* action = child<QAction>(name);
        QVERIFY2(action, name);
        QCOMPARE(action->shortcut().toString(), keys);
        QVERIFY2(inMenus.contains(action), name);
        if (QByteArray(name).startsWith("show"))
            continue;
        QVERIFY2(action->toolTip().contains(keys), qPrintable(action->toolTip()));
    }
}

void TestKeyboard::keyboardOnlyFlow()
{
    // Down through the sender list to Ana, Tab into the table, Down to a conversation,
    // Ctrl+R to move it, Esc back in the sender list.
    auto* view = child<QListView>("senderListView");
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Home);
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ana));
    auto* table = child<QTableView>("conversationTableView");
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Down);
    QVERIFY(m_tab->openConversationId().has_value());
    const qint64 open = *m_tab->openConversationId();
    DialogScript s;
    s.targets = QStringList{"Ben Okafor"};
    runNextDialog(s);
    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_fx->ownerOf(open), m_ben);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Escape);
    QCOMPARE(m_tab->selectedSender(), std::nullopt);
}

void TestKeyboard::ctrlEndShowsTheLastConversation()
{
    // Several pages of conversations arrive (another manager's import); the newest
    // activity sorts last in "longest waiting first".
    qint64 newest = 0;
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 3 * ConversationTableModel::PageSize; ++i)
            newest = m_fx->conversation(m_campaign, m_eli, S::Waiting, 100 + i);
        QVERIFY(tx.commit());
    }
    m_tab->refresh();
    auto* table = child<QTableView>("conversationTableView");
    const int total = 12 + 3 * ConversationTableModel::PageSize;
    // All of them at once, before any scrolling: the scroll bar spans the whole table.
    QCOMPARE(table->model()->rowCount(), total);
    QVERIFY(!table->model()->canFetchMore({}));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(table->currentIndex().row(), total - 1);
    QCOMPARE(m_tab->openConversationId(), std::optional<qint64>(newest));
    QVERIFY(table->viewport()->rect().contains(table->visualRect(table->currentIndex())));
    QCOMPARE(table->verticalScrollBar()->value(), table->verticalScrollBar()->maximum());
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(table->currentIndex().row(), 0);
    QCOMPARE(m_tab->openConversationId(), std::optional<qint64>(m_a4));
    QCOMPARE(table->currentIndex().siblingAtColumn(ConversationTableModel::ContactColumn).data().toString(),
             QString("Axel Test"));
}

QTEST_MAIN(TestKeyboard)
#include "TestKeyboard.moc"
