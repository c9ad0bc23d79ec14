#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"
#include "core/SweepRule.h"

#include <QDialog>

#include <functional>
#include <memory>

namespace Handoff {

namespace Ui {
class RuleDialog;
}

// Adds or edits one sweep rule: what, from whom, to whom, how. Says in words what the
// rule does as it is edited. OK hands the rule to save, which stores it through the
// service layer; a refusal shows in the dialog, which stays open with what was typed.
class RuleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleDialog)

public:
    using Save = std::function<Outcome<Done>(const SweepRule&)>;

    RuleDialog(const QVector<CampaignSender>& senders, Save save, QWidget* parent = nullptr);
    ~RuleDialog() override;

    // The rule to edit; without it the dialog starts a new one.
    void setRule(const SweepRule& rule);
    SweepRule rule() const;

private:
    void refreshState();
    void trySave();
    QStringList targetNames(const SweepRule& rule) const;

    std::unique_ptr<Ui::RuleDialog> m_ui;
    QVector<CampaignSender> m_senders;
    Save m_save;
    SweepRule m_rule;
};

} // namespace Handoff
