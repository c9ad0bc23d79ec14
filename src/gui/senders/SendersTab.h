#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QWidget>

#include <functional>

#include <memory>

class QAction;
class QSortFilterProxyModel;

namespace Handoff {

namespace Ui {
class SendersTab;
}
class CampaignService;
class Database;
class ReassignmentController;
class SenderTableModel;

// The campaign's senders with their counts, sortable by any column: add senders from
// the roster or new ones, mark or unmark sweepers, set the numbers they text from, remove senders from the campaign
// (their conversations go to Unassigned, as one recorded, undoable action).
class SendersTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendersTab)

public:
    SendersTab(Database& db, ReassignmentController& controller, QWidget* parent = nullptr);
    ~SendersTab() override;

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // An archived campaign: the senders show, nothing changes.
    void setReadOnly(bool readOnly);
    // Reads senders and counts again, now when shown, else when next shown.
    void refresh();

    // The senders selected in the table, in table order.
    QVector<CampaignSender> selectedSenders() const;
    void selectSenders(const QVector<SenderId>& ids);

    QAction* addSendersAction() const;
    QAction* markSweeperAction() const;
    QAction* unmarkSweeperAction() const;
    QAction* removeSendersAction() const;
    // Starts editing the texting number of the current sender, in the table.
    QAction* editNumberAction() const;
    // On shift, away, done for today: for the selected senders.
    QList<QAction*> presenceActions() const;

    void addSenders();
    void setSweeper(bool sweeper);
    void removeSelected();
    void setPresence(Presence presence);
    // Gives a sender the texting number typed (empty: none), through the service layer;
    // a refusal (not a number, another sender's) is said in a message box.
    void setTextingNumber(SenderId sender, const QString& typed);

signals:
    void statusMessage(const QString& message);
    // Senders joined, left or changed: the sender list and counts elsewhere are stale.
    void sendersChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    // Changes each selected sender that differs, through the service layer; stops at the
    // first refusal and says it under title. Returns the senders it set out to change.
    QVector<CampaignSender> changeSelected(const std::function<bool(const CampaignSender&)>& differs,
        const std::function<Outcome<Done>(CampaignService&, const CampaignSender&)>& change, const QString& title);
    void setUpActions();
    void reload();
    void updateActions();

    std::unique_ptr<Ui::SendersTab> m_ui;
    Database& m_db;
    ReassignmentController& m_controller;
    qint64 m_campaignId = 0;
    bool m_readOnly = false;
    bool m_stale = false;

    SenderTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace Handoff
