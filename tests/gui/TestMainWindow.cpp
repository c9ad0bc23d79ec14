#include "CampaignStore.h"
#include "ConversationTableModel.h"
#include "ConversationsTab.h"
#include "CsvReader.h"
#include "Database.h"
#include "FileDialog.h"
#include "HistoryTab.h"
#include "HistoryTableModel.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "SenderListModel.h"
#include "SenderTableModel.h"
#include "SendersTab.h"
#include "StoreFixture.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QSqlQuery>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
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
    QStringList checked;  // after ticking and "Select sweepers"
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
    void campaignViewOpensConversation();
    void optOutAndOptIn();
    void paneShowsControlCharactersAsSymbols();
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
    void ctrlEndShowsTheLastConversation();
    void everyInteractiveWidgetIsNamed();
    void remembersLastCampaign();

    void sendersTabShowsCountsAndLastMessage();
    void addingSendersOffersThemAsTargets();
    void addSendersRefusesBadInput();
    void sweeperMarkingDrivesSelectSweepers();
    void removingSenderUnassignsTheirConversations();
    void historyShowsActionsAndTheirMoves();
    void undoFromHistoryTab();
    void ctrlZFromHistoryTabShowsItUndone();
    void undoSaysWhatItCouldNotRestore();
    void largeUndoRunsOnWorkerThread();
    void cancellingALargeUndoRestoresNothing();
    void managerNameIsRecorded();
    void newCampaign();
    void archivedCampaignIsReadOnly();
    void importContactsReportsEveryBadRow();
    void cancellingAnImportImportsNothing();
    void importReadsNumbersOfTheChosenCountry();
    void importMessageEventsReportsBadLines();
    void exportConversationsNeutralisesFormulas();
    void exportHistory();
    void welcomePageOnEmptyStore();
    void welcomePageImportsIntoANewCampaign();
    void welcomePageOpensTheDemo();

private:
    int runReassignDialog(QDialog& dialog);
    // The next dialog that is not a reassign dialog goes to handler, in the order queued.
    void expectDialog(std::function<void(QDialog&)> handler);
    void triggerAction(const char* name);
    QStringList unnamedWidgets() const;
    QStringList senderTableNames() const;
    void selectSendersInTable(const QStringList& names);
    QString writeFile(const QString& name, const QByteArray& content) const;
    QByteArray readFile(const QString& path) const;
    void runNextDialog(DialogScript script);
    QModelIndex senderIndex(const QString& name) const;
    void clickSender(const QString& name);
    void openConversation(qint64 id);
    void triggerFromDropdown(const char* buttonName, const char* actionName);
    void selectLargeActionInHistory();
    void checkLargeActionUndone();
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
    QList<std::function<void(QDialog&)>> m_handlers;
    QStringList m_unexpectedDialogs;

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
    m_handlers.clear();
    m_unexpectedDialogs.clear();
    m_window->setDialogRunner([this](QDialog& dialog) {
        if (dialog.objectName() == QLatin1String("reassignDialog"))
            return runReassignDialog(dialog);
        if (m_handlers.isEmpty()) {
            m_unexpectedDialogs << dialog.objectName();
            return int(QDialog::Rejected);
        }
        m_handlers.takeFirst()(dialog);
        return dialog.result();
    });
}

int TestMainWindow::runReassignDialog(QDialog& dialog)
{
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
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->checkState() == Qt::Checked)
                s.checked << list->item(i)->text();
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
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_fx.reset();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    QVERIFY2(m_unexpectedDialogs.isEmpty(), qPrintable(m_unexpectedDialogs.join(", ")));
    QVERIFY2(m_handlers.isEmpty(), "a dialog the test expected never came");
}

void TestMainWindow::expectDialog(std::function<void(QDialog&)> handler)
{
    m_handlers << std::move(handler);
}

void TestMainWindow::triggerAction(const char* name)
{
    auto* action = child<QAction>(name);
    QVERIFY2(action, name);
    QVERIFY2(action->isEnabled(), name);
    action->trigger();
}

QStringList TestMainWindow::senderTableNames() const
{
    auto* table = child<QTableView>("senderTableView");
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names << table->model()->index(row, SenderTableModel::NameColumn).data().toString();
    return names;
}

void TestMainWindow::selectSendersInTable(const QStringList& names)
{
    auto* table = child<QTableView>("senderTableView");
    table->clearSelection();
    for (const QString& name : names) {
        const int row = senderTableNames().indexOf(name);
        QVERIFY2(row >= 0, qPrintable(name));
        const QModelIndex index = table->model()->index(row, SenderTableModel::NameColumn);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ControlModifier, table->visualRect(index).center());
    }
    QCOMPARE(m_window->sendersTab()->selectedSenders().size(), names.size());
}

QString TestMainWindow::writeFile(const QString& name, const QByteArray& content) const
{
    const QString path = m_fx->dir() + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

QByteArray TestMainWindow::readFile(const QString& path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList TestMainWindow::unnamedWidgets() const
{
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
    return missing;
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
    QCOMPARE(m_window->statusBar()->currentMessage(),
        QString("Moved 4 conversations: 2 → Eli Stone, 2 → Ben Okafor."));
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
    QCOMPARE(MessageBox::lastText(),
        QString("Move 5 of every sender's conversations (Needs Reply) back to Unassigned?"));
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
    QCOMPARE(m_script.preview,
        QStringList({ "1 → Dee Park (sweeper)", "1 → Eli Stone", "1 → Cruz Lee (sweeper)" }));
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

void TestMainWindow::campaignViewOpensConversation()
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

void TestMainWindow::paneShowsControlCharactersAsSymbols()
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
    QVERIFY(m_tab->findChild<QProgressDialog*>("taskProgressDialog"));
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

void TestMainWindow::ctrlEndShowsTheLastConversation()
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

void TestMainWindow::everyInteractiveWidgetIsNamed()
{
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    // The other tabs, with something selected so that every button is enabled.
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ana Ruiz", "Cruz Lee"});
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerAction("removeSendersAction");
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    child<QTableView>("historyTableView")->selectRow(0);
    QVERIFY(child<QAction>("undoSelectedAction")->isEnabled());
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));
    QCOMPARE(m_window->sendersTab()->accessibleName(), QString("Senders"));
    QCOMPARE(m_window->historyTab()->accessibleName(), QString("History"));
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

void TestMainWindow::sendersTabShowsCountsAndLastMessage()
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
    // Sweeper, total, needs reply, not started, waiting, opted out.
    QCOMPARE(row(0), QStringList({"", "5", "3", "1", "1", "0"}));
    QCOMPARE(row(2), QStringList({"Sweeper", "1", "0", "0", "1", "0"}));
    QCOMPARE(row(3), QStringList({"Sweeper", "0", "0", "0", "0", "0"}));
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
    QCOMPARE(row(3), QStringList({"Sweeper", "5", "5", "0", "0", "0"}));
    QCOMPARE(row(0), QStringList({"", "2", "0", "1", "1", "0"}));
}

void TestMainWindow::addingSendersOffersThemAsTargets()
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

void TestMainWindow::addSendersRefusesBadInput()
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

void TestMainWindow::sweeperMarkingDrivesSelectSweepers()
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

void TestMainWindow::removingSenderUnassignsTheirConversations()
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

void TestMainWindow::historyShowsActionsAndTheirMoves()
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
        for (int c = HistoryTableModel::WhoColumn; c < HistoryTableModel::ColumnCount; ++c)
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

void TestMainWindow::undoFromHistoryTab()
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

void TestMainWindow::ctrlZFromHistoryTabShowsItUndone()
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

void TestMainWindow::undoSaysWhatItCouldNotRestore()
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
             QString("Undone. Restored 0 conversations. Could not restore 2: 1 moved again since the action, 1 whose "
                     "sender has left the campaign."));
    QCOMPARE(m_fx->ownerOf(m_b1), m_eli);
    QCOMPARE(m_fx->ownerOf(m_b2), m_dee);
    QCOMPARE(history->model()->index(0, HistoryTableModel::SkippedColumn).data().toString(), QString("2"));
}

// The five Not Started conversations go to Dee Park; the History tab then shows the
// action selected, with a threshold that makes even this undo a large one.
void TestMainWindow::selectLargeActionInHistory()
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
void TestMainWindow::checkLargeActionUndone()
{
    QCOMPARE(m_fx->ownerOf(m_a3), m_ana);
    QCOMPARE(m_fx->ownerOf(m_b2), m_ben);
    for (qint64 id : {m_u1, m_u2, m_u3})
        QCOMPARE(m_fx->ownerOf(id), UnassignedId);
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QString("Undone. Restored 5 conversations: 1 → Ana Ruiz, 1 → Ben Okafor, 3 → Unassigned."));
}

void TestMainWindow::largeUndoRunsOnWorkerThread()
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

void TestMainWindow::cancellingALargeUndoRestoresNothing()
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

void TestMainWindow::managerNameIsRecorded()
{
    QCOMPARE(child<QLabel>("managerLabel")->text(), QStringLiteral("Manager: %1").arg(MainWindow::managerName()));
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("  Maya   Lin ");
        input.accept();
    });
    triggerAction("managerNameAction");
    QCOMPARE(MainWindow::managerName(), QString("Maya Lin"));
    QCOMPARE(child<QLabel>("managerLabel")->text(), QString("Manager: Maya Lin"));
    DialogScript s;
    s.targets = QStringList{"Ben Okafor"};
    clickSender("Unassigned");
    runNextDialog(s);
    triggerFromDropdown("senderReassignButton", "reassignAllAction");
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    auto* history = child<QTableView>("historyTableView");
    QCOMPARE(history->model()->index(0, HistoryTableModel::WhoColumn).data().toString(), QString("Maya Lin"));

    // Empty goes back to the login name.
    QString shown;
    expectDialog([&](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        shown = input.textValue();
        input.setTextValue("");
        input.accept();
    });
    triggerAction("managerNameAction");
    QCOMPARE(shown, QString("Maya Lin"));
    QVERIFY(MainWindow::managerName() != QString("Maya Lin"));
    QVERIFY(!MainWindow::managerName().isEmpty());
}

void TestMainWindow::newCampaign()
{
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("Runoff December");
        input.accept();
    });
    triggerAction("newCampaignAction");
    auto* combo = child<QComboBox>("campaignComboBox");
    QCOMPARE(combo->currentText(), QString("Runoff December"));
    QCOMPARE(combo->count(), 2);
    const qint64 runoff = m_window->currentCampaignId();
    QVERIFY(runoff != m_campaign);
    QCOMPARE(m_tab->campaignId(), runoff);
    QCOMPARE(m_window->windowTitle(), QString("Runoff December — Handoff"));
    // A new campaign starts on the Senders tab, empty.
    QCOMPARE(child<QTabWidget>("mainTabWidget")->currentWidget(), m_window->sendersTab());
    QCOMPARE(senderTableNames(), QStringList());
    QVERIFY(child<QLabel>("totalCountLabel")->text().contains(">0<"));

    // A name that is taken is refused, and nothing is created.
    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("GOTV November");
        input.accept();
    });
    MessageBox::setNextAnswer(QMessageBox::Ok);
    triggerAction("newCampaignAction");
    QCOMPARE(MessageBox::lastText(), QString("A campaign named \"GOTV November\" already exists."));
    QCOMPARE(combo->count(), 2);
    QCOMPARE(m_window->currentCampaignId(), runoff);
}

void TestMainWindow::archivedCampaignIsReadOnly()
{
    auto* notice = child<QLabel>("archivedNoticeLabel");
    QVERIFY(!notice->isVisible());
    QVERIFY(!child<QAction>("unarchiveCampaignAction")->isVisible());
    MessageBox::setNextAnswer(QMessageBox::Yes);
    triggerAction("archiveCampaignAction");
    QVERIFY(MessageBox::lastText().contains("opens read-only"));
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains("is archived"));
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("GOTV November (archived)"));
    for (const char* name : {"reassignSomeAction", "reassignAllAction", "unassignAllAction", "undoAction",
                             "importContactsAction", "importMessageEventsAction", "addSendersAction",
                             "archiveCampaignAction"})
        QVERIFY2(!child<QAction>(name)->isEnabled(), name);
    QVERIFY(child<QAction>("exportConversationsAction")->isEnabled());
    QVERIFY(child<QAction>("unarchiveCampaignAction")->isVisible());

    // Nothing moves, whichever way is tried.
    const auto before = m_fx->owners(m_campaign);
    runNextDialog({});
    QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_dialogs, 0);
    clickSender("Ana Ruiz");
    openConversation(m_a1);
    QVERIFY(!child<QPushButton>("reassignConversationButton")->isEnabled());
    QVERIFY(!child<QPushButton>("optOutButton")->isEnabled());
    QVERIFY(!child<QAction>("reassignConversationAction")->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
    selectSendersInTable({"Ben Okafor"});
    QVERIFY(!child<QAction>("removeSendersAction")->isEnabled());
    QVERIFY(!child<QAction>("markSweeperAction")->isEnabled());
    QCOMPARE(m_fx->owners(m_campaign), before);

    // It opens read-only too.
    m_window.reset();
    {
        auto db = Database::open(m_fx->url());
        QVERIFY(db);
        MainWindow again(std::move(*db));
        again.show();
        QVERIFY(again.findChild<QLabel*>("archivedNoticeLabel")->isVisible());
        QVERIFY(!again.conversationsTab()->reassignSomeAction()->isEnabled());
    }
    auto db = Database::open(m_fx->url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->show();
    m_tab = m_window->conversationsTab();
    triggerAction("unarchiveCampaignAction");
    QVERIFY(!child<QLabel>("archivedNoticeLabel")->isVisible());
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("GOTV November"));
    QVERIFY(child<QAction>("reassignSomeAction")->isEnabled());
    QVERIFY(child<QAction>("undoAction")->isEnabled());
}

void TestMainWindow::importContactsReportsEveryBadRow()
{
    const QString csv = writeFile("contacts.csv", "First Name,Last Name,Mobile,Zip,Team\n"
                                                  "Zed,Alpha,(415) 230-1001,94110,North\n"
                                                  "Yara,Beta,call me,94111,South\n"
                                                  "Xeno,Gamma,,94112,North\n"
                                                  "Will,Delta,415-230-1001,94113,East\n"
                                                  "Vic,Eps,+1 415 230 1002,94114,West\n"
                                                  "Uri,Zeta,415-230-0001,94115,North\n");
    QVERIFY(!csv.isEmpty());
    FileDialog::setNextFileName(csv);
    QStringList detected;
    QStringList headers;
    int previewRows = 0;
    expectDialog([&](QDialog& dialog) {
        for (const char* name : {"firstNameColumnComboBox", "lastNameColumnComboBox", "phoneColumnComboBox",
                                 "zipColumnComboBox"})
            detected << dialog.findChild<QComboBox*>(name)->currentText();
        auto* preview = dialog.findChild<QTableWidget*>("previewTableWidget");
        previewRows = preview->rowCount();
        auto* ok = dialog.findChild<QPushButton*>("okButton");
        // Each field can be changed; without a phone column nothing can be imported.
        auto* phone = dialog.findChild<QComboBox*>("phoneColumnComboBox");
        phone->setCurrentIndex(0);
        QVERIFY(!ok->isEnabled());
        QCOMPARE(dialog.findChild<QLabel*>("messageLabel")->text(),
                 QString("Choose the column that holds the phone numbers."));
        phone->setCurrentIndex(3);
        QVERIFY(ok->isEnabled());
        auto* zip = dialog.findChild<QComboBox*>("zipColumnComboBox");
        zip->setCurrentIndex(0);
        for (int c = 0; c < preview->columnCount(); ++c)
            headers << preview->horizontalHeaderItem(c)->text();
        auto* deal = dialog.findChild<QListWidget*>("dealListWidget");
        for (int i = 0; i < deal->count(); ++i)
            if (deal->item(i)->text() == "Ana Ruiz" || deal->item(i)->text() == "Ben Okafor")
                deal->item(i)->setCheckState(Qt::Checked);
        QVERIFY(dialog.findChild<QCheckBox*>("dealCheckBox")->isChecked());
        ok->click();
    });
    QStringList rejected;
    QString summary;
    const QString reportPath = m_fx->dir() + "/report.txt";
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        auto* table = dialog.findChild<QTableWidget*>("rejectedTableWidget");
        for (int r = 0; r < table->rowCount(); ++r)
            rejected << table->item(r, 0)->text() + ": " + table->item(r, 1)->text();
        FileDialog::setNextFileName(reportPath);
        dialog.findChild<QPushButton*>("saveReportButton")->click();
        dialog.accept();
    });
    triggerAction("importContactsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QVERIFY(!m_window->isBusy());

    QCOMPARE(detected,
        QStringList({ "Column 1: First Name", "Column 2: Last Name", "Column 3: Mobile", "Column 4: Zip" }));
    QCOMPARE(previewRows, 6);
    QCOMPARE(headers, QStringList({"First Name\n→ first name", "Last Name\n→ last name", "Mobile\n→ phone",
                                   "Zip\n→ custom field", "Team\n→ custom field"}));
    QCOMPARE(summary,
             QString("Imported 2 contacts into \"GOTV November\". Dealt out: 1 → Ana Ruiz, 1 → Ben Okafor."));
    QCOMPARE(rejected, QStringList({"3: invalid phone \"call me\": not a phone number", "4: no phone number",
                                    "5: duplicate of line 2 (+14152301001)", "7: already in the campaign"}));
    QCOMPARE(QString::fromUtf8(readFile(reportPath)),
             QStringLiteral("Imported 2 contacts into \"GOTV November\". Dealt out: 1 → Ana Ruiz, 1 → Ben Okafor.\n"
                            "File: %1\n"
                            "Rejected lines:\n"
                            "Line 3: invalid phone \"call me\": not a phone number\n"
                            "Line 4: no phone number\n"
                            "Line 5: duplicate of line 2 (+14152301001)\n"
                            "Line 7: already in the campaign\n")
                 .arg(csv));
    QVERIFY(child<QLabel>("totalCountLabel")->text().contains(">14<"));
    QCOMPARE(senderIndex("Ana Ruiz").data(SenderListModel::AssignedRole).toInt(), 6);
    QCOMPARE(senderIndex("Ben Okafor").data(SenderListModel::AssignedRole).toInt(), 3);
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Imported 2 contacts"));
}

void TestMainWindow::cancellingAnImportImportsNothing()
{
    // Big enough that the import is still running when Cancel is pressed.
    QByteArray rows = "phone,first\n";
    for (int i = 0; i < 300000; ++i)
        rows += "+1617" + QByteArray::number(2300000 + i) + ",P\n";
    const QString csv = writeFile("many.csv", rows);
    const int before = senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt();
    FileDialog::setNextFileName(csv);
    expectDialog([](QDialog& dialog) { dialog.findChild<QPushButton*>("okButton")->click(); });
    triggerAction("importContactsAction");
    QProgressDialog* progress = nullptr;
    QTRY_VERIFY((progress = m_window->findChild<QProgressDialog*>("taskProgressDialog")) != nullptr);
    QPushButton* cancel = progress->findChild<QPushButton*>();
    QVERIFY(cancel);
    QCOMPARE(cancel->text(), QString("Cancel"));
    MessageBox::setNextAnswer(QMessageBox::Ok);
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), 20000);
    QCOMPARE(MessageBox::lastText(), QString("The import was cancelled; nothing was imported."));
    m_window->findChild<QAction*>("refreshAction")->trigger();
    QCOMPARE(senderIndex("Unassigned").data(SenderListModel::AssignedRole).toInt(), before);
}

void TestMainWindow::importReadsNumbersOfTheChosenCountry()
{
    // A British list: local numbers, and one American written with its country code.
    const QString csv = writeFile("uk.csv", "first,last,phone\n"
                                            "Olivia,Hart,020 7946 0958\n"
                                            "Noah,Kerr,+1 415 230 1077\n");
    auto importWith = [&](const std::function<void(QComboBox&)>& choose) {
        FileDialog::setNextFileName(csv);
        expectDialog([&](QDialog& dialog) {
            choose(*dialog.findChild<QComboBox*>("regionComboBox"));
            dialog.findChild<QPushButton*>("okButton")->click();
        });
        expectDialog([](QDialog& dialog) { dialog.accept(); });
        triggerAction("importContactsAction");
        QTRY_VERIFY(m_handlers.isEmpty());
        QTRY_VERIFY(!m_window->isBusy());
    };
    QString first;
    importWith([&](QComboBox& region) {
        first = region.currentText();
        region.setCurrentIndex(region.findData(QStringLiteral("GB")));
        QCOMPARE(region.currentText(), QString("United Kingdom (+44)"));
    });
    QCOMPARE(first, QString("United States (+1)"));
    QSqlQuery q = m_fx->db().prepare("SELECT first_name, phone FROM contacts WHERE first_name IN ('Olivia', 'Noah')"
                                     " ORDER BY first_name");
    QVERIFY(m_fx->db().exec(q));
    QStringList stored;
    while (q.next())
        stored << q.value(0).toString() + " " + q.value(1).toString();
    QCOMPARE(stored, QStringList({ "Noah +14152301077", "Olivia +442079460958" }));

    // The next import starts from the country chosen last.
    importWith([&](QComboBox& region) { first = region.currentData().toString(); });
    QCOMPARE(first, QString("GB"));
}

void TestMainWindow::importMessageEventsReportsBadLines()
{
    const QString events = writeFile(
        "events.jsonl",
        R"({"phone":"+14152300008","direction":"out","body":"Hi Uma!","at":"2026-11-21T10:00:00Z","sender":"Ana Ruiz"})"
        "\n"
        "not json\n"
        R"({"phone":"+14152309999","direction":"in","body":"hi","at":"2026-11-21T10:01:00Z"})"
        "\n"
        R"({"phone":"+14152300008","direction":"in","body":"STOP","at":"2026-11-21T10:02:00Z"})"
        "\n");
    FileDialog::setNextFileName(events);
    QStringList rejected;
    QString summary;
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        auto* table = dialog.findChild<QTableWidget*>("rejectedTableWidget");
        for (int r = 0; r < table->rowCount(); ++r)
            rejected << table->item(r, 0)->text() + ": " + table->item(r, 1)->text();
        dialog.accept();
    });
    triggerAction("importMessageEventsAction");
    QTRY_VERIFY(m_handlers.isEmpty());
    QCOMPARE(summary, QString("Recorded 2 messages in \"GOTV November\". 1 contact opted out."));
    QCOMPARE(rejected.size(), 2);
    QVERIFY2(rejected[0].startsWith("2: Not valid JSON"), qPrintable(rejected[0]));
    QCOMPARE(rejected[1], QString("3: no conversation with +14152309999 in campaign \"GOTV November\""));
    QCOMPARE(m_fx->statusOf(m_u1), S::OptedOut);
    QVERIFY(child<QLabel>("notStartedCountLabel")->text().contains(">4<"));
}

void TestMainWindow::exportConversationsNeutralisesFormulas()
{
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 40, "=HYPERLINK(\"http://evil.example\",\"Win\")");
    clickSender("Ana Ruiz");
    const QString path = m_fx->dir() + "/ana.csv";
    FileDialog::setNextFileName(path);
    triggerAction("exportConversationsAction");
    QTRY_VERIFY(!m_window->isBusy());
    // The view's columns and order; the phone stays exact, the formula is text.
    QCOMPARE(readFile(path),
             QByteArray("Contact,Phone,Status,Last Message,Last Activity,Sender\r\n"
                        "Axel Test,+14152300004,Waiting,Hi!,2026-11-20T09:01:00Z,Ana Ruiz\r\n"
                        "Asha Test,+14152300003,Not Started,,2026-11-20T09:05:00Z,Ana Ruiz\r\n"
                        "Amy Test,+14152300001,Needs Reply,Tell me more,2026-11-20T09:10:00Z,Ana Ruiz\r\n"
                        "Arlo Test,+14152300002,Needs Reply,Tell me more,2026-11-20T09:20:00Z,Ana Ruiz\r\n"
                        "Ava Test,+14152300005,Needs Reply,Tell me more,2026-11-20T09:30:00Z,Ana Ruiz\r\n"
                        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Win\"\") Test\",+14152300013,Waiting,Hi!,"
                        "2026-11-20T09:40:00Z,Ana Ruiz\r\n"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Exported 6 conversations to %1.").arg(path));

    // Narrowed by status too: exactly what the table shows.
    child<QComboBox>("statusFilterComboBox")->setCurrentIndex(3);
    FileDialog::setNextFileName(path);
    triggerAction("exportConversationsAction");
    QTRY_VERIFY(!m_window->isBusy());
    QCOMPARE(readFile(path).split('\n').size(), 4);

    // Cancelling the file dialog writes nothing.
    QFile::remove(path);
    FileDialog::setNextFileName(QString());
    triggerAction("exportConversationsAction");
    QVERIFY(!m_window->isBusy());
    QVERIFY(!QFile::exists(path));
}

void TestMainWindow::exportHistory()
{
    DialogScript s;
    s.status = 1;
    s.count = 3;
    s.targets = QStringList{"Cruz Lee", "Dee Park"};
    runNextDialog(s);
    triggerFromDropdown("bulkReassignButton", "reassignSomeAction");
    const QString path = m_fx->dir() + "/history.csv";
    FileDialog::setNextFileName(path);
    QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier);
    QTest::mouseClick(child<QToolButton>("exportHistoryButton"), Qt::LeftButton);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    CsvReader reader(&file);
    QStringList fields;
    int line = 0;
    QVERIFY(reader.readRecord(fields, line));
    QCOMPARE(fields.first(), QString("ID"));
    QVERIFY(reader.readRecord(fields, line));
    fields.removeAt(1);
    QCOMPARE(fields, QStringList({"1", MainWindow::managerName(), "Bulk", "", "Reassign Some", "Needs Reply", "3", "3",
                                  "Cruz Lee: 2; Dee Park: 1", "0", "0", "0", "", ""}));
    QVERIFY(!reader.readRecord(fields, line));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Exported 1 action to %1.").arg(path));
}

void TestMainWindow::welcomePageOnEmptyStore()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->setDialogRunner([this](QDialog& dialog) {
        m_handlers.takeFirst()(dialog);
        return dialog.result();
    });
    m_window->show();
    QVERIFY(m_window->isWelcoming());
    QVERIFY(child<QWidget>("welcomePage")->isVisible());
    QVERIFY(!child<QTabWidget>("mainTabWidget")->isVisible());
    QVERIFY(!m_window->conversationsTab()->reassignSomeAction()->isEnabled());
    QVERIFY(!child<QAction>("importContactsAction")->isEnabled());
    QVERIFY2(unnamedWidgets().isEmpty(), qPrintable(unnamedWidgets().join(", ")));

    expectDialog([](QDialog& dialog) {
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("First Campaign");
        input.accept();
    });
    QTest::mouseClick(child<QPushButton>("welcomeCreateCampaignButton"), Qt::LeftButton);
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(child<QTabWidget>("mainTabWidget")->isVisible());
    QCOMPARE(child<QComboBox>("campaignComboBox")->currentText(), QString("First Campaign"));
    QVERIFY(child<QAction>("addSendersAction")->isEnabled());
    m_window.reset();
}

void TestMainWindow::welcomePageImportsIntoANewCampaign()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->setDialogRunner([this](QDialog& dialog) {
        m_handlers.takeFirst()(dialog);
        return dialog.result();
    });
    m_window->show();
    expectDialog([](QDialog& dialog) {
        QCOMPARE(dialog.objectName(), QString("newCampaignDialog"));
        auto& input = static_cast<QInputDialog&>(dialog);
        input.setTextValue("Imported");
        input.accept();
    });
    expectDialog([](QDialog& dialog) {
        QCOMPARE(dialog.objectName(), QString("importContactsDialog"));
        // No senders yet: nothing to deal to.
        QVERIFY(!dialog.findChild<QCheckBox*>("dealCheckBox")->isEnabled());
        dialog.findChild<QPushButton*>("okButton")->click();
    });
    QString summary;
    expectDialog([&](QDialog& dialog) {
        summary = dialog.findChild<QLabel*>("summaryLabel")->text();
        QVERIFY(!dialog.findChild<QTableWidget*>("rejectedTableWidget")->isVisibleTo(&dialog));
        dialog.accept();
    });
    FileDialog::setNextFileName(writeFile("two.csv", "phone,name\n415-230-1001,Ann\n415-230-1002,Bob\n"));
    QTest::mouseClick(child<QPushButton>("welcomeImportContactsButton"), Qt::LeftButton);
    QTRY_VERIFY(m_handlers.isEmpty());
    QCOMPARE(summary, QString("Imported 2 contacts into \"Imported\". The new conversations wait in Unassigned."));
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(m_window->conversationsTab()->findChild<QLabel*>("totalCountLabel")->text().contains(">2<"));
    m_window.reset();
}

void TestMainWindow::welcomePageOpensTheDemo()
{
    m_window.reset();
    StoreFixture empty;
    QVERIFY(empty.ok());
    auto db = Database::open(empty.url());
    QVERIFY(db);
    m_window = std::make_unique<MainWindow>(std::move(*db));
    m_window->show();
    QTest::mouseClick(child<QPushButton>("welcomeOpenDemoButton"), Qt::LeftButton);
    QVERIFY(m_window->isBusy());
    QVERIFY(!child<QPushButton>("welcomeOpenDemoButton")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentCampaignId() != 0, 30000);
    QTRY_VERIFY(!m_window->isBusy());
    QVERIFY(!m_window->isWelcoming());
    QVERIFY(child<QListView>("senderListView")->model()->rowCount() > 2);
    QVERIFY(m_window->conversationsTab()->reassignSomeAction()->isEnabled());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith("Created the demo campaign"));
    m_window.reset();
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
