#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "gui/history/HistoryTab.h"
#include "models/HistoryTableModel.h"
#include "gui/MessageBox.h"
#include "models/SenderListModel.h"
#include "WindowTestCase.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QProgressDialog>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Handoff;

// The History tab: past actions, their moves, and undo, small and large.
class TestHistoryTab : public WindowTestCase
{
    Q_OBJECT

private slots:
    void historyShowsActionsAndTheirMoves();
    void undoFromHistoryTab();
    void ctrlZFromHistoryTabShowsItUndone();
    void undoSaysWhatItCouldNotRestore();
    void largeUndoRunsOnWorkerThread();
    void cancellingALargeUndoRestoresNothing();

private:
    void selectLargeActionInHistory();
    void checkLargeActionUndone();
};

void TestHistoryTab::historyShowsActionsAndTheirMoves()
{
    DialogScript s;
    s.status = 1;
    s.count = 3;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    clickSender("Ben Okafor");
    runNextDialog({});
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerFromDropdown("senderReassignButton", "unassignAllAction");

    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->rowCount(), 2);
    auto row = [&](int r) {
        QStringList values;
        for (int c = HistoryTableModel::WhoColumn; c <= HistoryTableModel::UndoColumn; ++c)
            values << history->model()->index(r, c).data().toString();
        return values;
    };
    const QString me = MainWindow::managerName();
    QCOMPARE(row(0), QStringList({me, "Sender: Ben Okafor", "Unassign All", "Any", "1 → Unassigned", "0", ""}));
    QCOMPARE(row(1),
        QStringList({ me, "Bulk", "Reassign Some", "Needs Reply", "2 → Cruz Lee, 1 → Dee Park", "0", "" }));
    QCOMPARE(child<QLabel>("movesLabel")->text(), QString("Select an action to see its conversations."));
    QVERIFY(!child<QAction>("undoSelectedAction")->isEnabled());

    const QModelIndex bulk = history->model()->index(1, HistoryTableModel::ActionColumn);
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualRect(bulk).center());
    auto* moves = child<QTableView>("movesTableView");
    QStringList fromTo;
    for (int r = 0; r < moves->model()->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < moves->model()->columnCount(); ++c)
            cells << moves->model()->index(r, c).data().toString();
        fromTo << cells.join(" | ");
    }
    QCOMPARE(fromTo, QStringList({"Amy Test | +14152300001 | Ana Ruiz | Cruz Lee",
                                  "Arlo Test | +14152300002 | Ana Ruiz | Cruz Lee",
                                  "Bea Test | +14152300006 | Ben Okafor | Dee Park"}));
    QVERIFY(child<QLabel>("movesLabel")->text().contains("moved 3 conversations"));
    QVERIFY(child<QAction>("undoSelectedAction")->isEnabled());
}

void TestHistoryTab::undoFromHistoryTab()
{
    DialogScript s;
    s.status = 1;
    s.count = 3;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    // A later action does not stop an earlier one from being undone.
    clickSender("Eli Stone");
    runNextDialog({});
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerFromDropdown("senderReassignButton", "unassignAllAction");

    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    const QModelIndex bulk = history->model()->index(1, HistoryTableModel::ActionColumn);
    const qint64 bulkId = bulk.data(HistoryTableModel::ActionIdRole).toLongLong();
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualRect(bulk).center());
    QTest::mouseClick(child<QToolButton>("undoSelectedButton"), Qt::LeftButton);
    QCOMPARE(m_fx->ownerOf(m_a1), m_ana);
    QCOMPARE(m_fx->ownerOf(m_a2), m_ana);
    QCOMPARE(m_fx->ownerOf(m_b1), m_ben);
    QCOMPARE(m_fx->ownerOf(m_e1), UnassignedId);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Undone. Restored 3 conversations: 2 → Ana Ruiz, 1 → Ben Okafor."));

    // Newest first: the undo, then the unassign, then the undone bulk action.
    QCOMPARE(history->model()->rowCount(), 3);
    QCOMPARE(history->model()->index(0, HistoryTableModel::ActionColumn).data().toString(), QString("Undo"));
    QCOMPARE(history->model()->index(0, HistoryTableModel::UndoColumn).data().toString(),
             QStringLiteral("Undoes #%1").arg(bulkId));
    QVERIFY(history->model()->index(2, 0).data(HistoryTableModel::UndoneRole).toBool());
    QVERIFY(history->model()->index(2, HistoryTableModel::UndoColumn).data().toString().startsWith("Undone by #"));
    // The undo is selected, and an undo cannot be undone.
    QCOMPARE(m_window->historyTab()->selectedActionId(),
             std::optional<qint64>(history->model()->index(0, 0).data(HistoryTableModel::ActionIdRole).toLongLong()));
    QVERIFY(!child<QAction>("undoSelectedAction")->isEnabled());
    // The other tabs show it.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(senderIndex("Cruz Lee").data(SenderListModel::NeedsReplyRole).toInt(), 0);
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::NeedsReplyRole).toInt(), 3);
}

void TestHistoryTab::ctrlZFromHistoryTabShowsItUndone()
{
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Eli Stone"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->rowCount(), 1);
    QVERIFY(history->model()->index(0, HistoryTableModel::UndoColumn).data().toString().isEmpty());

    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_fx->ownerOf(m_u1), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(history->model()->rowCount(), 2);
    QCOMPARE(history->model()->index(0, HistoryTableModel::ActionColumn).data().toString(), QString("Undo"));
    QVERIFY(history->model()->index(1, 0).data(HistoryTableModel::UndoneRole).toBool());
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Undone. Restored 5 conversations: 1 → Ana Ruiz, 1 → Ben Okafor, 3 → Unassigned."));

    // It reads the stored history, so it still works in a window opened afterwards.
    runNextDialog(s);
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QCOMPARE(m_fx->ownerOf(m_u1), m_eli);
    m_window.reset();
    auto db = Database::open(m_fx->url());
    QVERIFY(db);
    MainWindow again(std::move(*db));
    again.show();
    QApplication::setActiveWindow(&again);
    QVERIFY(QTest::qWaitForWindowActive(&again));
    QTest::keyClick(&again, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_fx->ownerOf(m_u1), UnassignedId);
    QTest::keyClick(&again, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(again.statusBar()->currentMessage(), QString("There is nothing to undo in this campaign."));
}

void TestHistoryTab::undoSaysWhatItCouldNotRestore()
{
    DialogScript s;
    s.targets = QStringList{"Dee Park"};
    clickSender("Ben Okafor");
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_fx->ownerOf(m_b1), m_dee);
    // Bea moves on from Dee before the undo, and Ben leaves the campaign.
    clickSender("Dee Park");
    openConversation(m_b1);
    DialogScript single;
    single.targets = QStringList{"Eli Stone"};
    runNextDialog(single);
    QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
    QVERIFY(CampaignStore(m_fx->db()).removeFromCampaign(m_campaign, m_ben));
    m_window->reloadCampaigns();

    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    history->selectRow(1);
    MessageBox::setNextAnswer(QMessageBox::Ok);
    triggerAction("undoSelectedAction");
    QCOMPARE(MessageBox::lastText(),
             QString("Undone. Restored 0 conversations. Could not restore 2: 1 moved by someone else, 1 whose "
                     "sender left the campaign."));
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_b2), m_dee);
    QCOMPARE(history->model()->index(0, HistoryTableModel::SkippedColumn).data().toString(), QString("2"));
}

void TestHistoryTab::largeUndoRunsOnWorkerThread()
{
    selectLargeActionInHistory();
    HistoryTab* tab = m_window->historyTab();
    // Another writer holds the store, so the undo is still running while we look.
    QVERIFY(m_fx->db().exec("BEGIN IMMEDIATE"));
    QTest::mouseClick(child<QToolButton>("undoSelectedButton"), Qt::LeftButton);
    QVERIFY(tab->isBusy());
    QVERIFY(m_window->isBusy());
    auto* progress = tab->findChild<QProgressDialog*>("taskProgressDialog");
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible());
    QCOMPARE(progress->windowTitle(), QString("Undoing"));
    QCOMPARE(progress->labelText(), QString("Restoring 5 conversations…"));
    QCOMPARE(progress->windowModality(), Qt::WindowModal);
    QVERIFY(!child<QAction>("undoSelectedAction")->isEnabled());
    QVERIFY(!child<QAction>("undoAction")->isEnabled());
    // The window keeps handling events while the worker waits.
    bool ticked = false;
    QTimer::singleShot(50, m_window.get(), [&ticked] { ticked = true; });
    QTRY_VERIFY(ticked);
    QVERIFY(tab->isBusy());
    for (qint64 id : {m_a3, m_b2, m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), m_dee);

    QVERIFY(m_fx->db().exec("COMMIT"));
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isBusy(), 15000);
    QVERIFY(!m_window->isBusy());
    QTRY_VERIFY(!tab->findChild<QProgressDialog*>("taskProgressDialog"));
    checkLargeActionUndone();
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->rowCount(), 2);
    QCOMPARE(history->model()->index(0, HistoryTableModel::ActionColumn).data().toString(), QString("Undo"));
    QVERIFY(history->model()->index(1, 0).data(HistoryTableModel::UndoneRole).toBool());
    QVERIFY(child<QAction>("undoAction")->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(senderIndex("Dee Park").data(SenderListModel::AssignedRole).toInt(), 0);
}

void TestHistoryTab::cancellingALargeUndoRestoresNothing()
{
    selectLargeActionInHistory();
    HistoryTab* tab = m_window->historyTab();
    const QMap<qint64, SenderId> before = m_fx->owners(m_campaign);
    const QString lastBox = MessageBox::lastText();
    QVERIFY(m_fx->db().exec("BEGIN IMMEDIATE"));
    QTest::mouseClick(child<QToolButton>("undoSelectedButton"), Qt::LeftButton);
    auto* progress = tab->findChild<QProgressDialog*>("taskProgressDialog");
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible());
    auto* cancel = progress->findChild<QPushButton*>();
    QVERIFY(cancel);
    QCOMPARE(cancel->text(), QString("Cancel"));
    cancel->click();
    // Up until the undo has rolled back.
    QCOMPARE(progress->labelText(), QString("Cancelling…"));
    QVERIFY(progress->isVisible());
    QVERIFY(tab->isBusy());
    QVERIFY(m_fx->db().exec("COMMIT"));
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isBusy(), 15000);
    QVERIFY(!m_window->isBusy());

    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Cancelled: nothing was undone."));
    QCOMPARE(MessageBox::lastText(), lastBox);
    QCOMPARE(m_fx->owners(m_campaign), before);
    for (qint64 id : {m_a3, m_b2, m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), m_dee);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->rowCount(), 1);
    QVERIFY(history->model()->index(0, 0).data(HistoryTableModel::UndoableRole).toBool());
    QVERIFY(history->model()->index(0, HistoryTableModel::UndoColumn).data().toString().isEmpty());
    QVERIFY(child<QAction>("undoSelectedAction")->isEnabled());

    // Still undoable, by Ctrl+Z too, which runs on the worker the same way.
    // A desktop gives the window its focus back when the progress dialog goes; offscreen, we do.
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(tab->isBusy());
    QVERIFY(tab->findChild<QProgressDialog*>("taskProgressDialog"));
    QTRY_VERIFY_WITH_TIMEOUT(!tab->isBusy(), 15000);
    checkLargeActionUndone();
}

// The five Not Started conversations go to Dee Park; the History tab then shows the
// action selected, with a threshold that makes even this undo a large one.
void TestHistoryTab::selectLargeActionInHistory()
{
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    for (qint64 id : {m_a3, m_b2, m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), m_dee);
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    m_window->historyTab()->setBackgroundThreshold(5);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->rowCount(), 1);
    const QModelIndex action = history->model()->index(0, HistoryTableModel::ActionColumn);
    QTest::mouseClick(history->viewport(), Qt::LeftButton, {}, history->visualRect(action).center());
    QVERIFY(child<QAction>("undoSelectedAction")->isEnabled());
}

// Each of the five back with the sender it had before, and the status bar says so.
void TestHistoryTab::checkLargeActionUndone()
{
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_b2), m_ben);
    for (qint64 id : {m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), UnassignedId);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Undone. Restored 5 conversations: 1 → Ana Ruiz, 1 → Ben Okafor, 3 → Unassigned."));
}

QTEST_MAIN(TestHistoryTab)
#include "TestHistoryTab.moc"
