#pragma once

#include "Campaign.h"

#include <QWidget>

#include <functional>

class QAction;
class QDialog;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace Handoff {

class Database;
class ReassignmentController;
class SenderTableModel;

// The campaign's senders with their counts, sortable by any column: add senders from
// the roster or new ones, mark or unmark sweepers, remove senders from the campaign
// (their conversations go to Unassigned, as one recorded, undoable action).
class SendersTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendersTab)

public:
    using DialogRunner = std::function<int(QDialog&)>;

    SendersTab(Database& db, ReassignmentController& controller, QWidget* parent = nullptr);

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // An archived campaign: the senders show, nothing changes.
    void setReadOnly(bool readOnly);
    // Reads senders and counts again, now when shown, else when next shown: the last
    // message times take a pass over the campaign's messages.
    void refresh();

    // The senders selected in the table, in table order.
    QVector<CampaignSender> selectedSenders() const;
    void selectSenders(const QVector<SenderId>& ids);

    void setDialogRunner(DialogRunner runner);

    QAction* addSendersAction() const { return m_addAction; }
    QAction* markSweeperAction() const { return m_markSweeperAction; }
    QAction* unmarkSweeperAction() const { return m_unmarkSweeperAction; }
    QAction* removeSendersAction() const { return m_removeAction; }

    void addSenders();
    void setSweeper(bool sweeper);
    void removeSelected();

signals:
    void statusMessage(const QString& message);
    // Senders joined, left or changed: the sender list and counts elsewhere are stale.
    void sendersChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void reload();
    void updateActions();

    Database& m_db;
    ReassignmentController& m_controller;
    qint64 m_campaignId = 0;
    bool m_readOnly = false;
    bool m_stale = false;
    DialogRunner m_runDialog;

    SenderTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_summaryLabel = nullptr;

    QAction* m_addAction = nullptr;
    QAction* m_markSweeperAction = nullptr;
    QAction* m_unmarkSweeperAction = nullptr;
    QAction* m_removeAction = nullptr;
};

} // namespace Handoff
