#pragma once

#include "core/Campaign.h"
#include "core/Reassignment.h"

#include <QDialog>

#include <memory>
#include <optional>

class QListWidgetItem;

namespace Handoff {

namespace Ui {
class ReassignDialog;
}

class ReassignmentController;

// The one dialog behind every reassign action: Reassign Some, Reassign All and
// Unassign All at bulk or sender scope, and moving a single conversation. It only
// collects a ReassignRequest; the controller checks it again and acts. A hand-picked
// selection (rows selected, or dropped on a sender) is moved with it too.
class ReassignDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReassignDialog)

public:
    // base carries campaign, scope, action and source (Sender scope) or conversation
    // (Single scope). subject names the source sender or the single contact.
    // senders are the campaign's senders, the possible targets.
    ReassignDialog(const ReassignmentController& controller, const ReassignRequest& base, const QString& subject,
                   const QVector<CampaignSender>& senders, QWidget* parent = nullptr);
    ~ReassignDialog() override;

    ReassignRequest request() const;
    // Why OK is disabled, or empty when the input is good.
    QString problem() const { return m_problem; }
    // How many conversations the request moves, as the preview shows.
    int movingCount() const { return m_moving; }
    // What the preview leaves where it is: held ones, and what the cap keeps back.
    int heldLeftOut() const { return m_heldLeftOut; }
    int leftByCap() const { return m_leftByCap; }
    // Selection scope: the plan the preview shows, which OK carries out as it is, so
    // that a conversation moved elsewhere since is skipped, not taken from its new sender.
    const std::optional<ReassignPlan>& plan() const { return m_plan; }
    // Ticks a target as the user would (a drop onto a sender chose it already).
    void chooseTarget(SenderId id);

private:
    void dropUnaskedParts();
    void buildTargets(const QVector<CampaignSender>& senders);
    void onTargetChanged(QListWidgetItem* item);
    void selectSweepers();
    void filterTargets(const QString& text);
    void refreshCounts();
    void refreshState();
    StatusFilter chosenStatus() const;
    bool choosesCount() const;
    bool choosesStatus() const;
    bool choosesTargets() const;
    QString targetName(SenderId id) const;
    // The chosen targets who are away or done for today; OK asks about them first.
    bool confirmAbsentTargets();

    const ReassignmentController& m_controller;
    ReassignRequest m_base;
    QVector<SenderId> m_chosen;  // in the order they were ticked: the order of the deal
    StatusCounts m_available;
    std::optional<ReassignPlan> m_plan;
    QString m_problem;
    int m_moving = 0;
    int m_heldLeftOut = 0;
    int m_leftByCap = 0;
    bool m_updatingChecks = false;
    std::unique_ptr<Ui::ReassignDialog> m_ui;
};

} // namespace Handoff
