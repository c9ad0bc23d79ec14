#pragma once

#include "core/Campaign.h"
#include "gui/MainWindow.h"
#include "StoreFixture.h"

#include <QModelIndex>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QDialog;

namespace Handoff {
class ConversationsTab;
}

// What every window test program does first: test-mode folders, and settings of its
// own, named after the test class.
void startWindowTests(const QObject& test);
// What every window test does first: the settings cleared and a new, empty store.
std::unique_ptr<Handoff::StoreFixture> freshStore();

// The campaign the window tests share, "GOTV November", with its first two senders.
struct GotvCampaign
{
    qint64 id = 0;
    Handoff::SenderId ana = 0;
    Handoff::SenderId ben = 0;
};
GotvCampaign seedGotvCampaign(Handoff::StoreFixture& fx);

// What a test wants done in the next reassign dialog, and what the dialog showed.
struct DialogScript
{
    int status = -1;  // index: 0 Any, 1 Needs Reply, 2 Not Started
    int count = -1;
    QStringList targets;  // ticked in this order
    bool sweepers = false;
    bool accept = true;
    int olderThan = -1;      // "Waiting at least": this many of the unit; -1 leaves it off
    int olderThanUnit = 0;   // 0 minutes, 1 hours
    int balance = -1;        // -1 leaves the remembered choice; 0 off; 1 on
    int cap = 0;             // 0 leaves the cap off
    bool includeHeld = false;
    QString note;

    QString title;
    QStringList statusItems;
    QStringList offered;  // the targets' names, as the preview names them
    QStringList checked;  // after ticking and "Select sweepers"
    QStringList offeredTexts;  // each target as the list shows it: "Ana Ruiz — on shift, 4 open"
    QStringList checkedTexts;
    QStringList preview;
    QString problem;
    bool okEnabled = false;
    int countMaximum = -1;
    bool hasTargets = false;
    bool hasCount = false;
    QString rule;
    QString openWork;        // the open work line, when shown
    QString leftOut;         // what stays where it is, when shown
    bool balanceChecked = false;
    bool hasAge = false;
    bool hasLoad = false;    // balance and cap offered
};

// The real MainWindow over a temporary store with the campaign "GOTV November" (its
// senders and conversations below), shown and driven as a user would. Each test
// program derives from it and adds its slots; its settings are its own, named after it.
class WindowTestCase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

protected:
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
    QStringList tableColumn(int column) const;
    template <typename T>
    T* child(const char* name) const
    {
        return m_window->findChild<T*>(QString::fromLatin1(name));
    }

    std::unique_ptr<Handoff::StoreFixture> m_fx;
    std::unique_ptr<Handoff::MainWindow> m_window;
    Handoff::ConversationsTab* m_tab = nullptr;
    DialogScript m_script;
    int m_dialogs = 0;
    QList<std::function<void(QDialog&)>> m_handlers;
    QStringList m_unexpectedDialogs;

    qint64 m_campaign = 0;
    Handoff::SenderId m_ana = 0, m_ben = 0, m_cruz = 0, m_dee = 0, m_eli = 0;
    qint64 m_a1 = 0, m_a2 = 0, m_a3 = 0, m_a4 = 0, m_a5 = 0, m_b1 = 0, m_b2 = 0, m_u1 = 0, m_u2 = 0, m_u3 = 0,
           m_c1 = 0, m_e1 = 0;
};
