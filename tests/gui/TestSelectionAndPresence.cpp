#include "core/Clock.h"
#include "gui/conversations/ConversationsTab.h"
#include "gui/MessageBox.h"
#include "models/ConversationTableModel.h"
#include "models/SenderListModel.h"
#include "models/SenderTableModel.h"
#include "storage/MoveStore.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Handoff;

// Presence and last texted in both sender lists, waiting times, and moving hand-picked
// conversations: several rows selected, or dragged onto a sender.
class TestSelectionAndPresence : public WindowTestCase
{
    Q_OBJECT

private slots:
    void lastTextedAndPresenceInBothLists();
    void selectSweepersTakesOnlySweepersOnShift();
    void awayTargetAsksAndCancelMovesNothing();
    void waitingColumnAndOldestReply();
    void severalRowsMoveAsOneUndoableAction();
    void singleRowKeepsReassignConversation();
    void dropOnSenderMovesExactlyThose();
    void dropOnUnassigned();

private:
    // The fixture's conversations are dated in minutes after this.
    static QDateTime epoch() { return QDateTime(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC); }
    QTableView* table() const { return child<QTableView>("conversationTableView"); }
    QModelIndex rowOf(qint64 conversation) const;
    void clickRow(qint64 conversation, Qt::KeyboardModifiers modifiers = {});
    void dropOnSender(const QString& name);
    int historySize() { return m_fx->historySize(m_campaign); }
};

namespace {
// The test clock for one test; the system clock again after it, pass or fail.
struct FixedClock
{
    explicit FixedClock(const QDateTime& at) { Clock::setFixedNow(at); }
    ~FixedClock() { Clock::setFixedNow({}); }
    Q_DISABLE_COPY_MOVE(FixedClock)
};
} // namespace

QModelIndex TestSelectionAndPresence::rowOf(qint64 conversation) const
{
    auto* model = qobject_cast<ConversationTableModel*>(table()->model());
    return model->index(model->rowOf(conversation), ConversationTableModel::ContactColumn);
}

void TestSelectionAndPresence::clickRow(qint64 conversation, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex index = rowOf(conversation);
    QVERIFY(index.isValid());
    table()->scrollTo(index);
    QTest::mouseClick(table()->viewport(), Qt::LeftButton, modifiers, table()->visualRect(index).center());
}

void TestSelectionAndPresence::dropOnSender(const QString& name)
{
    // What a user's drag delivers: the table's own drag data, entering the list, moving
    // over the sender and released there.
    auto* view = child<QListView>("senderListView");
    const QModelIndex target = senderIndex(name);
    QVERIFY2(target.isValid(), qPrintable(name));
    const std::unique_ptr<QMimeData> data(
        table()->model()->mimeData(table()->selectionModel()->selectedIndexes()));
    const QPoint at = view->visualRect(target).center();
    QDragEnterEvent enter(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &enter);
    QDragMoveEvent move(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    // The list takes conversations over a sender's row.
    QVERIFY(move.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    // A drop arrives not yet accepted; the view accepts it if it takes it.
    drop.setAccepted(false);
    QApplication::sendEvent(view->viewport(), &drop);
}

void TestSelectionAndPresence::lastTextedAndPresenceInBothLists()
{
    // Ana's newest text went at minute 29 (Ava's, before her reply at 30).
    const FixedClock clock(epoch().addSecs(60 * 60));
    m_tab->refresh();
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::StatusLineRole).toString(),
             QString("On shift · texted 31 min ago"));
    QCOMPARE(senderIndex("Dee Park").data(SenderListModel::StatusLineRole).toString(),
             QString("On shift · never texted"));
    QVERIFY(senderIndex("Unassigned").data(SenderListModel::StatusLineRole).toString().isEmpty());

    // From the sender list's context menu.
    clickSender("Dee Park");
    QVERIFY(child<QListView>("senderListView")->actions().contains(child<QAction>("senderAwayAction")));
    triggerAction("senderAwayAction");
    QCOMPARE(senderIndex("Dee Park").data(SenderListModel::StatusLineRole).toString(),
             QString("Away · never texted"));
    QCOMPARE(senderIndex("Dee Park").data(Qt::AccessibleTextRole).toString(),
             QString("Dee Park: progress 0/0, needs reply 0, away, never texted"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Dee Park: Away."));

    // The Senders tab shows it in its Presence column, and changes it from its menu.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    auto* senders = child<QTableView>("senderTableView");
    auto presenceOf = [&](const QString& name) {
        const int row = senderTableNames().indexOf(name);
        return senders->model()->index(row, SenderTableModel::PresenceColumn).data().toString();
    };
    QCOMPARE(presenceOf("Dee Park"), QString("Away"));
    QCOMPARE(presenceOf("Ana Ruiz"), QString("On shift"));
    selectSendersInTable({"Ana Ruiz", "Ben Okafor"});
    QVERIFY(senders->actions().contains(child<QAction>("doneForTodayAction")));
    QVERIFY(child<QMenu>("sendersMenu")->actions().contains(child<QAction>("doneForTodayAction")));
    triggerAction("doneForTodayAction");
    QCOMPARE(presenceOf("Ana Ruiz"), QString("Done for today"));
    QCOMPARE(presenceOf("Ben Okafor"), QString("Done for today"));
    QCOMPARE(presenceOf("Eli Stone"), QString("On shift"));
    QTRY_COMPARE(senderIndex("Ana Ruiz").data(SenderListModel::StatusLineRole).toString(),
                 QString("Done for today · texted 31 min ago"));
    selectSendersInTable({"Dee Park"});
    triggerAction("onShiftAction");
    QCOMPARE(presenceOf("Dee Park"), QString("On shift"));
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    // Presence is not a move: nothing in the history.
    QCOMPARE(historySize(), 0);
}

void TestSelectionAndPresence::selectSweepersTakesOnlySweepersOnShift()
{
    clickSender("Dee Park");
    triggerAction("senderAwayAction");
    triggerAction("unselectSenderAction");

    DialogScript s;
    s.status = 1;
    s.count = 2;
    s.sweepers = true;
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_dialogs, 1);
    // Each target with presence and open work (Ana: 3 replies and 1 not started).
    QCOMPARE(m_script.offeredTexts,
             QStringList({"Ana Ruiz — on shift, 4 open", "Ben Okafor — on shift, 2 open",
                          "Cruz Lee (sweeper) — on shift, 0 open", "Dee Park (sweeper) — away, 0 open",
                          "Eli Stone — on shift, 1 open"}));
    QCOMPARE(m_script.checkedTexts, QStringList({"Cruz Lee (sweeper) — on shift, 0 open"}));
    QCOMPARE(m_script.preview, QStringList({"2 → Cruz Lee (sweeper)"}));
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_b1), m_cruz);
}

void TestSelectionAndPresence::awayTargetAsksAndCancelMovesNothing()
{
    clickSender("Dee Park");
    triggerAction("senderDoneForTodayAction");
    triggerAction("unselectSenderAction");
    const auto before = m_fx->owners(m_campaign);

    DialogScript s;
    s.status = 1;
    s.count = 2;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_dialogs, 1);
    QCOMPARE(MessageBox::lastText(),
             QString("Dee Park (sweeper) is done for today, not on shift. Move the conversations to them anyway?"));
    QCOMPARE(m_fx->owners(m_campaign), before);
    QCOMPARE(historySize(), 0);

    runNextDialog(s);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(m_dialogs, 2);
    QCOMPARE(m_fx->ownerOf(m_a1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_b1), m_dee);
    QCOMPARE(historySize(), 1);

    // Targets all on shift: no question.
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    const QString asked = MessageBox::lastText();
    s.targets = QStringList{"Eli Stone"};
    s.count = 1;
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    QCOMPARE(MessageBox::lastText(), asked);
    QCOMPARE(historySize(), 2);
}

void TestSelectionAndPresence::waitingColumnAndOldestReply()
{
    // Amy's reply (minute 10) has waited longest: at minute 144, 2 h 14 min.
    const FixedClock clock(epoch().addSecs(144 * 60));
    m_tab->refresh();
    auto* oldest = child<QLabel>("oldestReplyLabel");
    QCOMPARE(oldest->accessibleName(), QString("Oldest reply waiting: 2 h 14 min"));
    QVERIFY(oldest->text().contains(">2 h 14 min<"));
    QCOMPARE(table()->model()->headerData(ConversationTableModel::WaitingColumn, Qt::Horizontal).toString(),
             QString("Waiting For"));
    QCOMPARE(rowOf(m_a1).siblingAtColumn(ConversationTableModel::WaitingColumn).data().toString(),
             QString("2 h 14 min"));
    QCOMPARE(rowOf(m_a5).siblingAtColumn(ConversationTableModel::WaitingColumn).data().toString(),
             QString("1 h 54 min"));

    // Sorting by it puts the longest waiting first.
    table()->sortByColumn(ConversationTableModel::WaitingColumn, Qt::DescendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Axel Test"));
    table()->sortByColumn(ConversationTableModel::WaitingColumn, Qt::AscendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Ava Test"));

}

void TestSelectionAndPresence::severalRowsMoveAsOneUndoableAction()
{
    // The whole campaign, longest waiting first: Axel, Bo, Uma, Uli, Asha, Una, Cy, Amy, Bea…
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).mid(0, 9),
             QStringList({"Axel Test", "Bo Test", "Uma Test", "Uli Test", "Asha Test", "Una Test", "Cy Test",
                          "Amy Test", "Bea Test"}));
    clickRow(m_u1);
    clickRow(m_a3, Qt::ShiftModifier);   // Uma, Uli, Asha
    clickRow(m_b1, Qt::ControlModifier); // and Bea
    QCOMPARE(m_tab->selectedConversationIds(), QVector<qint64>({m_u1, m_u2, m_a3, m_b1}));
    auto* reassign = child<QAction>("reassignConversationAction");
    QCOMPARE(reassign->text(), QString("Reassign &Selected…"));
    QVERIFY(table()->actions().contains(reassign));
    QVERIFY(child<QMenu>("conversationsMenu")->actions().contains(reassign));
    const auto before = m_fx->owners(m_campaign);

    DialogScript s;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_dialogs, 1);
    QCOMPARE(m_script.title, QString("Reassign Selected"));
    QVERIFY(!m_script.hasCount);
    QCOMPARE(m_script.offered.first(), QString("Unassigned"));
    QCOMPARE(m_script.preview, QStringList({"2 → Cruz Lee (sweeper)", "2 → Dee Park (sweeper)"}));
    // Dealt in turn in table order: Uma, Asha to Cruz; Uli, Bea to Dee. Nothing else moved.
    QCOMPARE(m_fx->ownerOf(m_u1), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_u2), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a3), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_b1), m_dee);
    auto after = m_fx->owners(m_campaign);
    for (qint64 id : {m_u1, m_u2, m_a3, m_b1})
        after.remove(id);
    auto untouched = before;
    for (qint64 id : {m_u1, m_u2, m_a3, m_b1})
        untouched.remove(id);
    QCOMPARE(after, untouched);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 4 conversations: 2 → Cruz Lee, 2 → Dee Park."));
    const auto history = MoveStore(m_fx->db()).history(m_campaign);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].scope, ReassignScope::Selection);

    triggerAction("undoAction");
    QCOMPARE(m_fx->owners(m_campaign), before);
}

void TestSelectionAndPresence::singleRowKeepsReassignConversation()
{
    clickRow(m_b1);
    auto* reassign = child<QAction>("reassignConversationAction");
    QCOMPARE(reassign->text(), QString("&Reassign Conversation…"));
    DialogScript s;
    s.targets = QStringList{"Eli Stone"};
    runNextDialog(s);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_script.title, QString("Reassign Conversation"));
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign).first().scope, ReassignScope::Single);
}

void TestSelectionAndPresence::dropOnSenderMovesExactlyThose()
{
    clickRow(m_a1);
    clickRow(m_a2, Qt::ControlModifier);
    clickRow(m_u3, Qt::ControlModifier);
    const auto before = m_fx->owners(m_campaign);

    DialogScript s;  // the drop chose the target; OK as it is
    runNextDialog(s);
    dropOnSender("Eli Stone");
    QTRY_COMPARE(m_dialogs, 1);
    QCOMPARE(m_script.title, QString("Reassign Selected"));
    QCOMPARE(m_script.checkedTexts, QStringList({"Eli Stone — on shift, 1 open"}));
    QCOMPARE(m_script.preview, QStringList({"3 → Eli Stone"}));
    QCOMPARE(m_fx->ownerOf(m_u3), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a2), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a5), m_ana);
    QCOMPARE(historySize(), 1);

    // Cancel in the dialog: nothing moves.
    s.accept = false;
    runNextDialog(s);
    dropOnSender("Ben Okafor");
    QTRY_COMPARE(m_dialogs, 2);
    QCOMPARE(m_fx->ownerOf(m_a1), m_eli);
    QCOMPARE(historySize(), 1);

    triggerAction("undoAction");
    QCOMPARE(m_fx->owners(m_campaign), before);
}

void TestSelectionAndPresence::dropOnUnassigned()
{
    clickRow(m_b2);
    clickRow(m_e1, Qt::ControlModifier);
    runNextDialog(DialogScript{});
    dropOnSender("Unassigned");
    QTRY_COMPARE(m_dialogs, 1);
    QCOMPARE(m_script.checked, QStringList({"Unassigned"}));
    QCOMPARE(m_fx->ownerOf(m_b2), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_e1), UnassignedId);
    QCOMPARE(MoveStore(m_fx->db()).history(m_campaign).first().scope, ReassignScope::Selection);
}

QTEST_MAIN(TestSelectionAndPresence)
#include "TestSelectionAndPresence.moc"
