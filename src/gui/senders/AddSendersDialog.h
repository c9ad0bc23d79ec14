#pragma once

#include "core/Campaign.h"

#include <QDialog>

#include <memory>

namespace Handoff {

namespace Ui {
class AddSendersDialog;
}

// Add Senders: tick any of the organisation's roster who are not on the campaign
// yet (the list filters as you type), or create new senders with a name and an
// email and the number they text from. It only collects the choice; the Senders tab adds them.
class AddSendersDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddSendersDialog)

public:
    // roster is everyone in the organisation; members are already on the campaign.
    AddSendersDialog(const QVector<Sender>& roster, const QVector<CampaignSender>& members,
                     QWidget* parent = nullptr);
    ~AddSendersDialog() override;

    // Roster senders ticked, in roster order.
    QVector<SenderId> chosenRosterSenders() const;
    // New senders to create, in the order they were entered (id 0).
    QVector<Sender> newSenders() const { return m_newSenders; }
    bool asSweepers() const;

private:
    void filterRoster(const QString& text);
    void addNewSender();
    void removeNewSender();
    void refreshState();
    QString newSenderProblem() const;

    QVector<Sender> m_roster;          // who can be ticked: not on the campaign yet
    QVector<Sender> m_allSenders;      // the whole roster, for the numbers they text from
    QStringList m_memberNames;
    QVector<Sender> m_newSenders;
    QString m_problem;
    std::unique_ptr<Ui::AddSendersDialog> m_ui;
};

} // namespace Handoff
