#pragma once

#include "gui/reassign/BackgroundReassignment.h"
#include "core/Campaign.h"
#include "core/ConversationQuery.h"
#include "core/Outcome.h"
#include "core/Reassignment.h"
#include "core/SenderOrder.h"

#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QTimer;

namespace Handoff {

namespace Ui {
class ConversationsTab;
}
class ConversationTableModel;
class Database;
class ReassignmentController;
class SenderListModel;
class SenderSortFilterProxyModel;

// Where managers reassign: overview counts, the sender list, the conversation table
// with the Bulk Reassign or the sender's Reassign dropdown above it, and the open
// conversation. Dialogs collect each action; the controller carries it out.
class ConversationsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationsTab)

public:
    ConversationsTab(Database& db, ReassignmentController& controller, QWidget* parent = nullptr);
    ~ConversationsTab() override;

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // An archived campaign: everything shows, nothing moves and nobody is opted out.
    void setReadOnly(bool readOnly);
    // Reads counts, senders and conversations again, keeping the selection.
    void refresh();
    // What the conversation table shows, narrowed and sorted as it is: what an export writes.
    ConversationQuery currentQuery() const;

    // The sender whose conversations are shown; nullopt when none is selected (bulk).
    std::optional<SenderId> selectedSender() const;
    void selectSender(SenderId id);
    void unselectSender();
    // The conversation open in the pane, if any.
    std::optional<qint64> openConversationId() const;
    // The conversations whose rows are selected in the table, in table order.
    QVector<qint64> selectedConversationIds() const;

    // Actions that move at least this many conversations run on a worker thread.
    void setBackgroundThreshold(int conversations);
    bool isBusy() const { return m_busy; }

    QAction* reassignSomeAction() const;
    QAction* reassignAllAction() const;
    QAction* unassignAllAction() const;
    QAction* reassignConversationAction() const;
    QAction* optOutAction() const;
    QAction* holdAction() const;
    QAction* unselectSenderAction() const;
    QAction* filterSendersAction() const;

    // The sender list's order, chosen in its sort box.
    SenderSort senderSort() const;

signals:
    void statusMessage(const QString& message);
    // The manager chose another order for the sender list.
    void senderSortChanged(Handoff::SenderSort sort);
    // An action finished or the data changed otherwise: counts elsewhere may be stale.
    void campaignDataChanged();

private:
    void setUpActions();
    void setUpSenderPanel();
    void setUpConversationPanel();
    void updateScope();
    void updateQuery();
    void updateOverview();
    void updateActions();
    void openCurrentConversation();
    void startAction(ReassignAction action);
    void reassignOpenConversation();
    // Ctrl+R: the open conversation when one row is selected, else the selection.
    void reassignSelected();
    // The dialog for hand-picked conversations; target: the sender they were dropped on.
    void reassignConversations(const QVector<qint64>& ids, std::optional<SenderId> target);
    void setSenderPresence(Presence presence);
    void toggleOptOut();
    // Holds the open conversation (asking for an optional note), or releases it.
    void toggleHold();
    // With a plan (a selection), carries out exactly that plan; else plans the request anew.
    void perform(const ReassignRequest& request, int expected, const std::optional<ReassignPlan>& plan = {});
    void finish(const Outcome<ReassignResult>& outcome);

    std::unique_ptr<Ui::ConversationsTab> m_ui;
    Database& m_db;
    ReassignmentController& m_controller;
    qint64 m_campaignId = 0;
    bool m_busy = false;
    bool m_readOnly = false;
    int m_backgroundThreshold = BackgroundReassignment::DefaultThreshold;

    SenderListModel* m_senderModel = nullptr;
    SenderSortFilterProxyModel* m_senderProxy = nullptr;
    ConversationTableModel* m_conversationModel = nullptr;
    QTimer* m_searchTimer = nullptr;
};

} // namespace Handoff
