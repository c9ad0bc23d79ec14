#pragma once

#include "controller/Sweeper.h"
#include "core/SweepRule.h"

#include <QWidget>

#include <memory>
#include <optional>

class QTimer;

namespace Handoff {

namespace Ui {
class RulesTab;
}
class Database;
class ReloadWhenShown;

// A campaign's sweep rules in the order a sweep runs them, each with what it does in
// words, whether it is on, when it last fired and what it moved: add, edit, reorder,
// switch on and off, remove, and add the presets.
class RulesTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesTab)

public:
    RulesTab(Database& db, QWidget* parent = nullptr);
    ~RulesTab() override;

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // An archived campaign (or a read-only store): the rules show, nothing changes.
    void setReadOnly(bool readOnly);
    // Reads the rules again, now when shown, else when next shown.
    void refresh();

    std::optional<qint64> selectedRuleId() const;
    void selectRule(qint64 ruleId);

    // Plans every enabled rule against the campaign as it is, shows what each would move.
    void previewSweep();
    // Runs every enabled rule once now.
    void sweepNow();
    // How often the campaign is swept while the window is open and the box is ticked;
    // a minute, unless a test says otherwise.
    void setSweepInterval(int milliseconds);
    bool isSweeping() const { return m_sweeping; }

    void addRule();
    void addPresets();
    void editRule();
    void moveSelected(int by);
    void removeRule();

signals:
    void statusMessage(const QString& message);
    // A sweep moved conversations: counts elsewhere are stale.
    void campaignDataChanged();

private:
    void reload();
    void startSweep(bool dryRun, bool quietly);
    void showSweep(const SweepReport& report);
    void sweepWhileOpenToggled(bool on);
    void updateActions();
    void ruleItemChanged(int row);
    // A change through the service layer: on failure its message, in a warning.
    bool done(const Outcome<Done>& outcome, const QString& title);

    std::unique_ptr<Ui::RulesTab> m_ui;
    Database& m_db;
    ReloadWhenShown* m_reloader = nullptr;
    qint64 m_campaignId = 0;
    bool m_readOnly = false;
    bool m_filling = false;
    bool m_sweeping = false;
    QTimer* m_sweepTimer = nullptr;
    QVector<SweepRule> m_rules;
};

} // namespace Handoff
