#include "WindowTestCase.h"

#include "gui/conversations/ConversationsTab.h"
#include "models/ConversationTableModel.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/MessageBox.h"
#include "gui/senders/SendersTab.h"
#include "models/SenderTableModel.h"
#include "StoreFixture.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Handoff;
using S = ConversationStatus;

void startWindowTests(const QObject& test)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName("HandoffTests");
    QApplication::setApplicationName(QString::fromLatin1(test.metaObject()->className()));
}

std::unique_ptr<StoreFixture> freshStore()
{
    QSettings().clear();
    return std::make_unique<StoreFixture>();
}

GotvCampaign seedGotvCampaign(StoreFixture& fx)
{
    GotvCampaign gotv;
    gotv.id = fx.campaign("GOTV November");
    gotv.ana = fx.sender(gotv.id, "Ana Ruiz");
    gotv.ben = fx.sender(gotv.id, "Ben Okafor");
    return gotv;
}

void WindowTestCase::initTestCase()
{
    startWindowTests(*this);
}

void WindowTestCase::init()
{
    m_fx = freshStore();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    const GotvCampaign gotv = seedGotvCampaign(*m_fx);
    m_campaign = gotv.id;
    m_ana = gotv.ana;
    m_ben = gotv.ben;
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
    DialogRunner::setHandler([this](QDialog& dialog) {
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

int WindowTestCase::runReassignDialog(QDialog& dialog)
{
    DialogScript& s = m_script;
    ++m_dialogs;
    s.title = dialog.windowTitle();
    dialog.show();
    if (auto* status = dialog.findChild<QComboBox*>("statusComboBox")) {
        if (s.status >= 0)
            status->setCurrentIndex(s.status);
    }
    if (auto* age = dialog.findChild<QCheckBox*>("olderThanCheckBox")) {
        s.hasAge = true;
        if (s.olderThan >= 0) {
            age->setChecked(true);
            dialog.findChild<QSpinBox*>("olderThanSpinBox")->setValue(s.olderThan);
            dialog.findChild<QComboBox*>("olderThanUnitComboBox")->setCurrentIndex(s.olderThanUnit);
        }
    }
    if (s.includeHeld)
        dialog.findChild<QCheckBox*>("includeHeldCheckBox")->setChecked(true);
    if (auto* balance = dialog.findChild<QCheckBox*>("balanceCheckBox")) {
        s.hasLoad = true;
        s.balanceChecked = balance->isChecked();
        if (s.balance >= 0)
            balance->setChecked(s.balance == 1);
        if (s.cap > 0) {
            dialog.findChild<QCheckBox*>("capCheckBox")->setChecked(true);
            dialog.findChild<QSpinBox*>("capSpinBox")->setValue(s.cap);
        }
    }
    if (!s.note.isEmpty())
        QTest::keyClicks(dialog.findChild<QLineEdit*>("noteLineEdit"), s.note);
    if (s.sweepers)
        dialog.findChild<QPushButton*>("selectSweepersButton")->click();
    auto* list = dialog.findChild<QListWidget*>("targetListWidget");
    s.hasTargets = list != nullptr;
    if (list) {
        const QString presenceAndWork = QStringLiteral(" — ");
        for (int i = 0; i < list->count(); ++i) {
            s.offeredTexts << list->item(i)->text();
            s.offered << list->item(i)->text().section(presenceAndWork, 0, 0);
        }
        for (const QString& name : s.targets)
            for (int i = 0; i < list->count(); ++i)
                if (list->item(i)->text().startsWith(name))
                    list->item(i)->setCheckState(Qt::Checked);
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->checkState() == Qt::Checked) {
                s.checkedTexts << list->item(i)->text();
                s.checked << list->item(i)->text().section(presenceAndWork, 0, 0);
            }
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
    auto* openWork = dialog.findChild<QLabel*>("openWorkLabel");
    s.openWork = openWork->isVisible() ? openWork->text() : QString();
    auto* leftOut = dialog.findChild<QLabel*>("leftOutLabel");
    s.leftOut = leftOut->isVisible() ? leftOut->text() : QString();
    auto* ok = dialog.findChild<QPushButton*>("okButton");
    s.okEnabled = ok->isEnabled();
    if (s.accept)
        ok->click();  // does nothing while disabled, as for a user
    if (dialog.isVisible())
        dialog.reject();
    return dialog.result();
}

void WindowTestCase::cleanup()
{
    m_window.reset();
    m_fx.reset();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    DialogRunner::setHandler({});
    QVERIFY2(m_unexpectedDialogs.isEmpty(), qPrintable(m_unexpectedDialogs.join(", ")));
    QVERIFY2(m_handlers.isEmpty(), "a dialog the test expected never came");
}

void WindowTestCase::expectDialog(std::function<void(QDialog&)> handler)
{
    m_handlers << std::move(handler);
}

void WindowTestCase::triggerAction(const char* name)
{
    auto* action = child<QAction>(name);
    QVERIFY2(action, name);
    QVERIFY2(action->isEnabled(), name);
    action->trigger();
}

QStringList WindowTestCase::senderTableNames() const
{
    auto* table = child<QTableView>("senderTableView");
    QStringList names;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        names << table->model()->index(row, SenderTableModel::NameColumn).data().toString();
    return names;
}

void WindowTestCase::selectSendersInTable(const QStringList& names)
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

QString WindowTestCase::writeFile(const QString& name, const QByteArray& content) const
{
    const QString path = m_fx->dir() + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

QByteArray WindowTestCase::readFile(const QString& path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList WindowTestCase::unnamedWidgets() const
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

void WindowTestCase::runNextDialog(DialogScript script)
{
    m_script = std::move(script);
}

QModelIndex WindowTestCase::senderIndex(const QString& name) const
{
    auto* view = child<QListView>("senderListView");
    for (int row = 0; row < view->model()->rowCount(); ++row)
        if (view->model()->index(row, 0).data().toString() == name)
            return view->model()->index(row, 0);
    return {};
}

void WindowTestCase::clickSender(const QString& name)
{
    auto* view = child<QListView>("senderListView");
    const QModelIndex index = senderIndex(name);
    QVERIFY2(index.isValid(), qPrintable(name));
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE(child<QLabel>("selectedSenderLabel")->text(), name);
}

void WindowTestCase::openConversation(qint64 id)
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

void WindowTestCase::triggerFromDropdown(const char* buttonName, const char* actionName)
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

QStringList WindowTestCase::tableColumn(int column) const
{
    auto* table = child<QTableView>("conversationTableView");
    QStringList values;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        values << table->model()->index(row, column).data().toString();
    return values;
}
