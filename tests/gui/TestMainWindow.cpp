#include "ConversationTableModel.h"
#include "ConversationsTab.h"
#include "Database.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "SenderListModel.h"
#include "StoreFixture.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Handoff;
using S = ConversationStatus;

namespace {
// What a test wants done in the next reassign dialog, and what the dialog showed.
struct DialogScript
{
    int status = -1;  // index: 0 Any, 1 Needs Reply, 2 Not Started
    int count = -1;
    QStringList targets;  // ticked in this order
    bool sweepers = false;
    bool accept = true;

    QString title;
    QStringList statusItems;
    QStringList offered;
    QStringList preview;
    QString problem;
    bool okEnabled = false;
    int countMaximum = -1;
    bool hasTargets = false;
    bool hasCount = false;
    QString rule;
};
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

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
    void optOutAndOptIn();
    void badInputMovesNothing();
    void bulkShortcuts();
    void senderShortcuts();
    void escapeInSenderListUnselects();
    void ctrlRReassignsOpenConversationAndCtrlZUndoes();
    void ctrlFAndTabShortcuts();
    void shortcutsShownInMenusAndToolTips();
    void keyboardOnlyFlow();
    void longActionRunsOnWorkerThread();
    void sortingHeaderRequeries();
    void everyInteractiveWidgetIsNamed();
    void remembersLastCampaign();
    void offersDemoOnEmptyStore();

private:
    void runNextDialog(DialogScript script);
    QModelIndex senderIndex(const QString& name) const;
    void clickSender(const QString& name);
    void openConversation(qint64 id);
    void triggerFromDropdown(const char* buttonName, const char* actionName);
    QStringList tableColumn(int column) const;
    template <typename T>
    T* child(const char* name) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(name));
    }

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<MainWindow> m_window;
    ConversationsTab* m_tab = nullptr;
    DialogScript m_script;
    int m_dialogs = 0;

    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0, m_dee = 0, m_eli = 0;
    qint64 m_a1 = 0, m_a2 = 0, m_a3 = 0, m_a4 = 0, m_a5 = 0, m_b1 = 0, m_b2 = 0, m_u1 = 0, m_u2 = 0, m_u3 = 0,
           m_c1 = 0, m_e1 = 0;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("HandoffTests");
    QApplication::setApplicationName("TestMainWindow");
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_dee = m_fx->sender(m_campaign, "Dee Park", true);
    m_eli = m_fx->sender(m_campaign, "Eli Stone");
    // The number is each one's last activity: smaller waited longer.
    m_a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 10, "Amy");
    m_a2 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 20, "Arlo");
    m_a3 = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 5, "Asha");
    m_a4 = m_fx->conversation(m_campaign, m_ana, S::Waiting, 1, "Axel");
    m_a5 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 30, "Ava");
    m_b1 = m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 15, "Bea");
    m_b2 = m_fx->conversation(m_campaign, m_ben, S::NotStarted, 2, "Bo");
    m_u1 = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 3, "Uma");
    m_u2 = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 4, "Uli");
    m_u3 = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 6, "Una");
    m_c1 = m_fx->conversation(m_campaign, m_cruz, S::Waiting, 7, "Cy");
    m_e1 = m_fx->conversation(m_campaign, m_eli, S::NeedsReply, 25, "Eve");

    auto db = Database::open(m_fx->url());
    QVERIFY2(db, qPrintable(db.error()));
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_tab = m_window->conversationsTab();
    QVERIFY(m_tab);
    QCOMPARE(m_window->currentCampaignId(), m_campaign);
    m_dialogs = 0;
    m_script = {};
    m_tab->setDialogRunner([this](QDialog& dialog) {
        DialogScript& s = m_script;
        ++m_dialogs;
        s.title = dialog.windowTitle();
        dialog.show();
        if (auto* status = dialog.findChild<QComboBox*>("statusComboBox")) {
            if (s.status >= 0)
                status->setCurrentIndex(s.status);
        }
        if (s.sweepers)
            dialog.findChild<QPushButton*>("selectSweepersButton")->click();
        auto* list = dialog.findChild<QListWidget*>("targetListWidget");
        s.hasTargets = list != nullptr;
        if (list) {
            for (int i = 0; i < list->count(); ++i)
                s.offered << list->item(i)->text();
            for (const QString& name : s.targets)
                for (int i = 0; i < list->count(); ++i)
                    if (list->item(i)->text().startsWith(name))
                        list->item(i)->setCheckState(Qt::Checked);
        }
        auto* count = dialog.findChild<QSpinBox*>("countSpinBox");
        s.hasCount = count != nullptr;
        if (count && s.count >= 0)
            count->setValue(s.count);
        if (count)
            s.countMaximum = count->maximum();
        if (auto* status = dialog.findChild<QComboBox*>("statusComboBox"))
            for (int i = 0; i < status->count(); ++i)
                s.statusItems << status->itemText(i);
        if (auto* preview = dialog.findChild<QListWidget*>("previewListWidget"))
            for (int i = 0; i < preview->count(); ++i)
                s.preview << preview->item(i)->text();
        if (auto* rule = dialog.findChild<QLabel*>("ruleLabel"))
            s.rule = rule->text();
        auto* message = dialog.findChild<QLabel*>("messageLabel");
        s.problem = message->isVisible() ? message->text() : QString();
        auto* ok = dialog.findChild<QPushButton*>("okButton");
        s.okEnabled = ok->isEnabled();
        if (s.accept)
            ok->click();  // does nothing while disabled, as for a user
        if (dialog.isVisible())
            dialog.reject();
        return dialog.result();
    });
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_fx.reset();
}

void TestMainWindow::runNextDialog(DialogScript script)
{
    m_script = std::move(script);
}

QModelIndex TestMainWindow::senderIndex(const QString& name) const
{
    auto* view = child<QListView>("senderListView");
    for (int row = 0; row < view->model()->rowCount(); ++row)
        if (view->model()->index(row, 0).data().toString() == name)
            return view->model()->index(row, 0);
    return {};
}

void TestMainWindow::clickSender(const QString& name)
{
    auto* view = child<QListView>("senderListView");
    const QModelIndex index = senderIndex(name);
    QVERIFY2(index.isValid(), qPrintable(name));
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE(child<QLabel>("selectedSenderLabel")->text(), name);
}

void TestMainWindow::openConversation(qint64 id)
{
    auto* table = child<QTableView>("conversationTableView");
    auto* model = qobject_cast<ConversationTableModel*>(table->model());
    const int row = model->rowOf(id);
    QVERIFY2(row >= 0, "the conversation is not in the table");
    const QModelIndex index = model->index(row, ConversationTableModel::ContactColumn);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    QCOMPARE(m_tab->openConversationId(), std::optional<qint64>(id));
}

void TestMainWindow::triggerFromDropdown(const char* buttonName, const char* actionName)
{
    auto* button = child<QToolButton>(buttonName);
    QVERIFY(button);
    QVERIFY2(button->isVisible(), buttonName);
    QVERIFY(button->menu());
    QAction* found = nullptr;
    for (QAction* action : button->menu()->actions())
        if (action->objectName() == QLatin1String(actionName))
            found = action;
    QVERIFY2(found, actionName);
    QVERIFY2(found->isEnabled(), actionName);
    found->trigger();
}

QStringList TestMainWindow::tableColumn(int column) const
{
    auto* table = child<QTableView>("conversationTableView");
    QStringList values;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        values << table->model()->index(row, column).data().toString();
    return values;
}

void TestMainWindow::selectingSenderSwapsBulkForUnselectLink()
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

void TestMainWindow::overviewCountsAndSenderRows()
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

void TestMainWindow::tableNarrowsByStatusAndSearch()
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

void TestMainWindow::bulkReassignSome()
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

void TestMainWindow::bulkReassignAll()
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
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 4 conversations: 2 → Eli Stone, 2 → Ben Okafor."));
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt(), 0);
}

void TestMainWindow::bulkUnassignAll()
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
    QCOMPARE(MessageBox::lastText(), QString("Move 5 of every sender's conversations (Needs Reply) back to Unassigned?"));
    for (qint64 id : {m_a1, m_a2, m_a5, m_b1, m_e1})
        QCOMPARE(m_fx->ownerOf(id), UnassignedId);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_c1), m_cruz);
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::NeedsReplyRole).toInt(), 5);
}

void TestMainWindow::bulkUnassignAllNeedsConfirmation()
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

void TestMainWindow::senderReassignSome()
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

void TestMainWindow::senderReassignAll()
{
    clickSender("Ana Ruiz");
    DialogScript s;
    s.status = 1;
    s.targets = QStringList{"Dee Park", "Eli Stone", "Cruz Lee"};
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QCOMPARE(m_script.title, QString("Reassign All"));
    QCOMPARE(m_script.preview, QStringList({"1 → Dee Park (sweeper)", "1 → Eli Stone", "1 → Cruz Lee (sweeper)"}));
    QCOMPARE(m_fx->ownerOf(m_a1), m_dee);
    QCOMPARE(m_fx->ownerOf(m_a2), m_eli);
    QCOMPARE(m_fx->ownerOf(m_a5), m_cruz);
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_a4), m_ana);
    QCOMPARE(m_fx->ownerOf(m_b1), m_ben);
}

void TestMainWindow::senderUnassignAll()
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

void TestMainWindow::unassignedPoolReassignAll()
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

void TestMainWindow::singleConversationFromPane()
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

void TestMainWindow::optOutAndOptIn()
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

void TestMainWindow::badInputMovesNothing()
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

void TestMainWindow::bulkShortcuts()
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

void TestMainWindow::senderShortcuts()
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

void TestMainWindow::escapeInSenderListUnselects()
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

void TestMainWindow::ctrlRReassignsOpenConversationAndCtrlZUndoes()
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

void TestMainWindow::ctrlFAndTabShortcuts()
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

void TestMainWindow::shortcutsShownInMenusAndToolTips()
{
    const QList<QPair<const char*, QString>> expected = {
        {"reassignSomeAction", "Ctrl+Shift+S"}, {"reassignAllAction", "Ctrl+Shift+A"},
        {"unassignAllAction", "Ctrl+Shift+U"},  {"reassignConversationAction", "Ctrl+R"},
        {"undoAction", "Ctrl+Z"},               {"filterSendersAction", "Ctrl+F"},
        {"unselectSenderAction", "Esc"},        {"showConversationsAction", "Ctrl+1"},
        {"showSendersAction", "Ctrl+2"},        {"showHistoryAction", "Ctrl+3"},
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

void TestMainWindow::keyboardOnlyFlow()
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

void TestMainWindow::longActionRunsOnWorkerThread()
{
    m_tab->setBackgroundThreshold(1);
    DialogScript s;
    s.status = 2;
    s.targets = QStringList{"Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignAllAction");
    QVERIFY(m_tab->isBusy());
    QVERIFY(m_tab->findChild<QProgressDialog*>("reassignProgressDialog"));
    QVERIFY(!child<QAction>("reassignSomeAction")->isEnabled());
    QTRY_VERIFY(!m_tab->isBusy());
    for (qint64 id : {m_a3, m_b2, m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), m_dee);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString("Moved 5 conversations: 5 → Dee Park."));
    QCOMPARE(senderIndex("Dee Park").data(SenderListModel::AssignedRole).toInt(), 5);
    QVERIFY(child<QAction>("reassignSomeAction")->isEnabled());
}

void TestMainWindow::sortingHeaderRequeries()
{
    auto* table = child<QTableView>("conversationTableView");
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Axel Test"));
    table->sortByColumn(ConversationTableModel::ContactColumn, Qt::DescendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Una Test"));
    table->sortByColumn(ConversationTableModel::ContactColumn, Qt::AscendingOrder);
    QCOMPARE(tableColumn(ConversationTableModel::ContactColumn).first(), QString("Amy Test"));
}

void TestMainWindow::everyInteractiveWidgetIsNamed()
{
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    QStringList missing;
    for (QWidget* w : m_window->findChildren<QWidget*>()) {
        if (!w->isVisible() || w->focusPolicy() == Qt::NoFocus || !w->isEnabled())
            continue;
        // Parts of a composed widget are named by their owner.
        if (qobject_cast<QAbstractScrollArea*>(w->parentWidget()) || w->objectName().startsWith("qt_"))
            continue;
        if (w->objectName().isEmpty() || w->accessibleName().isEmpty())
            missing << QStringLiteral("%1 '%2'").arg(w->metaObject()->className(), w->objectName());
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    QCOMPARE(child<QToolButton>("senderReassignButton")->text(), QString("Reassign"));
    QCOMPARE(child<QLabel>("unselectSenderLink")->accessibleName(), QString("Unselect Sender"));
    QCOMPARE(child<QListView>("senderListView")->accessibleName(), QString("Senders"));
    QCOMPARE(child<QPushButton>("reassignConversationButton")->accessibleName(), QString("Reassign"));
    QCOMPARE(child<QPushButton>("optOutButton")->accessibleName(), QString("Opt-Out"));
    QCOMPARE(m_tab->accessibleName(), QString("Conversations"));
    QCOMPARE(child<QToolButton>("bulkReassignButton")->accessibleName(), QString("Bulk Reassign"));
}

void TestMainWindow::remembersLastCampaign()
{
    const qint64 second = m_fx->campaign("Runoff");
    m_window->reloadCampaigns();
    m_window->selectCampaign(second);
    QCOMPARE(m_tab->campaignId(), second);
    QVERIFY(m_window->close());
    auto db = Database::open(m_fx->url());
    QVERIFY(db);
    MainWindow again(std::move(*db));
    QCOMPARE(again.currentCampaignId(), second);
}

void TestMainWindow::offersDemoOnEmptyStore()
{
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    MainWindow window(std::move(*db));
    window.show();
    QCOMPARE(window.currentCampaignId(), 0);
    QVERIFY(!window.conversationsTab()->reassignSomeAction()->isEnabled());

    MessageBox::setNextAnswer(QMessageBox::No);
    window.offerDemoCampaign();
    QVERIFY(MessageBox::lastText().contains("demo campaign"));
    QCOMPARE(window.currentCampaignId(), 0);

    MessageBox::setNextAnswer(QMessageBox::Yes);
    window.offerDemoCampaign();
    QTRY_VERIFY_WITH_TIMEOUT(window.currentCampaignId() != 0, 20000);
    QVERIFY(window.findChild<QListView*>("senderListView")->model()->rowCount() > 2);
    QVERIFY(window.conversationsTab()->reassignSomeAction()->isEnabled());
    QVERIFY(window.statusBar()->currentMessage().startsWith("Created the demo campaign"));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
