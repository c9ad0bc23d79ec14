#include "gui/rules/RulesTab.h"

#include "controller/RuleService.h"
#include "core/DisplayText.h"
#include "gui/BackgroundTask.h"
#include "gui/DialogRunner.h"
#include "gui/MessageBox.h"
#include "gui/ReloadWhenShown.h"
#include "gui/rules/RuleDialog.h"
#include "rules/ui_RulesTab.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/RuleStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QHeaderView>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>

namespace Handoff {

namespace {
enum Column { PositionColumn, NameColumn, DescriptionColumn, LastFiredColumn, MovedColumn };
constexpr int RuleIdRole = Qt::UserRole + 1;

QString sweepWhileOpenKey(qint64 campaignId)
{
    return QStringLiteral("rules/sweepWhileOpen/%1").arg(campaignId);
}
} // namespace

RulesTab::RulesTab(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RulesTab>())
    , m_db(db)
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("rulesTab"));
    m_ui->setupUi(this);
    m_reloader = new ReloadWhenShown(this, [this] { reload(); });
    QHeaderView* header = m_ui->rulesTreeWidget->header();
    header->setSectionResizeMode(PositionColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(DescriptionColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(LastFiredColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(MovedColumn, QHeaderView::ResizeToContents);
    header->resizeSection(NameColumn, 260);
    header->setStretchLastSection(false);
    QHeaderView* results = m_ui->sweepResultTreeWidget->header();
    results->setStretchLastSection(false);
    results->setSectionResizeMode(0, QHeaderView::Stretch);
    results->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    connect(m_ui->addRuleButton, &QPushButton::clicked, this, &RulesTab::addRule);
    connect(m_ui->addPresetsButton, &QPushButton::clicked, this, &RulesTab::addPresets);
    connect(m_ui->editRuleButton, &QPushButton::clicked, this, &RulesTab::editRule);
    connect(m_ui->moveUpButton, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_ui->moveDownButton, &QPushButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_ui->removeRuleButton, &QPushButton::clicked, this, &RulesTab::removeRule);
    connect(m_ui->previewSweepButton, &QPushButton::clicked, this, &RulesTab::previewSweep);
    connect(m_ui->sweepNowButton, &QPushButton::clicked, this, &RulesTab::sweepNow);
    m_sweepTimer = new QTimer(this);
    m_sweepTimer->setInterval(60 * 1000);
    connect(m_sweepTimer, &QTimer::timeout, this, [this] {
        if (!m_sweeping && m_campaignId && !m_readOnly)
            startSweep(false, true);
    });
    connect(m_ui->sweepWhileOpenCheckBox, &QCheckBox::toggled, this, &RulesTab::sweepWhileOpenToggled);
    connect(m_ui->rulesTreeWidget, &QTreeWidget::itemSelectionChanged, this, &RulesTab::updateActions);
    connect(m_ui->rulesTreeWidget, &QTreeWidget::itemActivated, this, [this] {
        if (!m_readOnly)
            editRule();
    });
    connect(m_ui->rulesTreeWidget, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (!m_filling && column == NameColumn)
            ruleItemChanged(m_ui->rulesTreeWidget->indexOfTopLevelItem(item));
    });
    updateActions();
}

RulesTab::~RulesTab() = default;

void RulesTab::setCampaign(qint64 campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_campaignId = campaignId;
    {
        const QSignalBlocker blocker(m_ui->sweepWhileOpenCheckBox);
        m_ui->sweepWhileOpenCheckBox->setChecked(campaignId && QSettings().value(sweepWhileOpenKey(campaignId)).toBool());
    }
    if (m_ui->sweepWhileOpenCheckBox->isChecked())
        m_sweepTimer->start();
    else
        m_sweepTimer->stop();
    m_ui->sweepResultTreeWidget->clear();
    m_ui->sweepResultLabel->setText(tr("Preview the sweep to see what each rule would move."));
    refresh();
}

void RulesTab::setSweepInterval(int milliseconds)
{
    m_sweepTimer->setInterval(milliseconds);
}

void RulesTab::sweepWhileOpenToggled(bool on)
{
    if (!m_campaignId)
        return;
    QSettings().setValue(sweepWhileOpenKey(m_campaignId), on);
    if (on) {
        m_sweepTimer->start();
        emit statusMessage(tr("Handoff sweeps this campaign every minute while this window is open."));
    } else {
        m_sweepTimer->stop();
        emit statusMessage(tr("This window no longer sweeps the campaign."));
    }
}

void RulesTab::previewSweep()
{
    if (m_campaignId && !m_sweeping)
        startSweep(true, false);
}

void RulesTab::sweepNow()
{
    if (m_campaignId && !m_sweeping && !m_readOnly)
        startSweep(false, false);
}

void RulesTab::startSweep(bool dryRun, bool quietly)
{
    m_sweeping = true;
    updateActions();
    const qint64 campaign = m_campaignId;
    auto report = std::make_shared<std::optional<Outcome<SweepReport>>>();
    auto done = [this, report, campaign](const QString& storeError) {
        m_sweeping = false;
        updateActions();
        const QString error = !storeError.isEmpty() ? storeError
            : !report->has_value()                 ? tr("The sweep stopped unexpectedly.")
                                                   : (**report).error();
        if (!error.isEmpty()) {
            emit statusMessage(tr("The sweep failed: %1").arg(error));
            return;
        }
        if (campaign != m_campaignId)
            return;
        const SweepReport& r = ***report;
        showSweep(r);
        reload();
        if (!r.dryRun && r.moved() > 0)
            emit campaignDataChanged();
        emit statusMessage(DisplayText::visible(r.summary()));
    };
    auto work = [report, campaign, dryRun](Database& db, const std::atomic<bool>* cancelled) {
        *report = Sweeper(db).sweep(campaign, dryRun, cancelled);
    };
    if (quietly) {
        // Every minute, behind the window: no progress dialog, the window keeps working.
        const QString url = m_db.url();
        QPointer<RulesTab> self(this);
        QThread* thread = QThread::create([url, work, self, done] {
            QString storeError;
            Outcome<std::unique_ptr<Database>> db = Database::open(url, Database::OpenMode::ExistingOnly);
            if (db)
                work(**db, nullptr);
            else
                storeError = db.error();
            QMetaObject::invokeMethod(qApp, [self, done, storeError] {
                if (self)
                    done(storeError);
            });
        });
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        thread->start();
        return;
    }
    BackgroundTask* task = BackgroundTask::start(this, m_db.url(), dryRun ? tr("Preview Sweep") : tr("Sweep Now"),
        dryRun ? tr("Planning each rule…") : tr("Running each rule…"),
        [work](Database& db, BackgroundTask& task) { work(db, task.cancelFlag()); });
    task->allowCancel();
    connect(task, &BackgroundTask::finished, this, done);
}

void RulesTab::showSweep(const SweepReport& report)
{
    QTreeWidget* tree = m_ui->sweepResultTreeWidget;
    tree->clear();
    const QString when = QLocale().toString(report.at.toLocalTime().time(), QLocale::ShortFormat);
    if (!report.skippedBecause.isEmpty()) {
        m_ui->sweepResultLabel->setText(tr("%1: not swept, %2.").arg(when, report.skippedBecause));
        return;
    }
    m_ui->sweepResultLabel->setText(report.rules.isEmpty() ? tr("%1: no enabled rule.").arg(when)
                                    : report.dryRun        ? tr("%1: the sweep would move %2 conversations.")
                                                          .arg(when, QLocale().toString(report.moved()))
                                                           : tr("%1: the sweep moved %2 conversations.")
                                                          .arg(when, QLocale().toString(report.moved())));
    for (const RuleSweep& r : report.rules) {
        auto* item = new QTreeWidgetItem(tree);
        item->setText(0, DisplayText::visible(r.name));
        item->setText(1, QLocale().toString(r.moved));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        QStringList notes;
        if (!r.problem.isEmpty())
            notes << r.problem;
        if (r.leftByCap > 0)
            notes << tr("%1 stay where they are: every target is at the cap").arg(QLocale().toString(r.leftByCap));
        if (r.skipped > 0)
            notes << tr("%1 changed meanwhile and stayed").arg(QLocale().toString(r.skipped));
        item->setToolTip(0, notes.isEmpty() ? r.description : r.description + QLatin1Char('\n') + notes.join(QLatin1Char('\n')));
        for (const TargetCount& t : r.perTarget) {
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, tr("→ %1").arg(DisplayText::visible(t.name)));
            child->setText(1, QLocale().toString(t.count));
            child->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        }
        for (const QString& note : notes) {
            auto* child = new QTreeWidgetItem(item);
            child->setText(0, note);
        }
    }
    tree->expandAll();
}

void RulesTab::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateActions();
}

void RulesTab::refresh()
{
    m_reloader->request();
}

std::optional<qint64> RulesTab::selectedRuleId() const
{
    const QTreeWidgetItem* item = m_ui->rulesTreeWidget->currentItem();
    if (!item || !item->isSelected())
        return std::nullopt;
    return item->data(PositionColumn, RuleIdRole).toLongLong();
}

void RulesTab::selectRule(qint64 ruleId)
{
    for (int i = 0; i < m_ui->rulesTreeWidget->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_ui->rulesTreeWidget->topLevelItem(i);
        if (item->data(PositionColumn, RuleIdRole).toLongLong() == ruleId) {
            m_ui->rulesTreeWidget->setCurrentItem(item);
            return;
        }
    }
}

void RulesTab::reload()
{
    const std::optional<qint64> selected = selectedRuleId();
    m_rules = m_campaignId ? RuleStore(m_db).rules(m_campaignId) : QVector<SweepRule>{};
    QHash<SenderId, QString> names;
    if (m_campaignId)
        for (const CampaignSender& s : CampaignStore(m_db).campaignSenders(m_campaignId))
            names.insert(s.id, DisplayText::visible(s.name));
    m_filling = true;
    QTreeWidget* tree = m_ui->rulesTreeWidget;
    tree->clear();
    for (const SweepRule& r : std::as_const(m_rules)) {
        QStringList targets;
        for (SenderId id : r.targets)
            targets << names.value(id, tr("(no longer on the campaign)"));
        auto* item = new QTreeWidgetItem(tree);
        item->setText(PositionColumn, QLocale().toString(r.position));
        item->setData(PositionColumn, RuleIdRole, r.id);
        item->setText(NameColumn, DisplayText::visible(r.name));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(NameColumn, r.enabled ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(NameColumn, DisplayText::visible(r.name) + QLatin1Char('\n')
                                         + (r.enabled ? tr("Enabled: untick to stop this rule")
                                                      : tr("Disabled: tick to run this rule")));
        item->setToolTip(DescriptionColumn, item->text(DescriptionColumn));
        item->setText(DescriptionColumn, SweepRuleText::describe(r, targets));
        item->setText(LastFiredColumn, r.lastFiredAt.isValid()
                                           ? QLocale().toString(r.lastFiredAt.toLocalTime(), QLocale::ShortFormat)
                                           : tr("never"));
        item->setText(MovedColumn, r.lastFiredAt.isValid() ? QLocale().toString(r.lastMoved) : QString());
        item->setTextAlignment(MovedColumn, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_filling = false;
    if (selected)
        selectRule(*selected);
    updateActions();
}

void RulesTab::updateActions()
{
    const bool campaign = m_campaignId != 0;
    const bool writable = campaign && !m_readOnly;
    const std::optional<qint64> selected = selectedRuleId();
    const int row = selected ? m_ui->rulesTreeWidget->indexOfTopLevelItem(m_ui->rulesTreeWidget->currentItem()) : -1;
    m_ui->addRuleButton->setEnabled(writable);
    m_ui->addPresetsButton->setEnabled(writable);
    m_ui->editRuleButton->setEnabled(writable && selected);
    m_ui->removeRuleButton->setEnabled(writable && selected);
    m_ui->moveUpButton->setEnabled(writable && selected && row > 0);
    m_ui->moveDownButton->setEnabled(writable && selected && row + 1 < m_rules.size());
    m_ui->rulesTreeWidget->setEnabled(campaign);
    m_ui->previewSweepButton->setEnabled(campaign && !m_sweeping);
    m_ui->sweepNowButton->setEnabled(writable && !m_sweeping);
    m_ui->sweepWhileOpenCheckBox->setEnabled(writable);
}

bool RulesTab::done(const Outcome<Done>& outcome, const QString& title)
{
    if (!outcome) {
        MessageBox::warning(this, title, outcome.error());
        reload();
        return false;
    }
    return true;
}

void RulesTab::addRule()
{
    if (!m_campaignId || m_readOnly)
        return;
    RuleDialog dialog(CampaignStore(m_db).campaignSenders(m_campaignId),
        [this](const SweepRule& rule) -> Outcome<Done> {
            SweepRule r = rule;
            r.campaignId = m_campaignId;
            const Outcome<SweepRule> added = RuleService(m_db).addRule(r);
            if (!added)
                return Outcome<Done>::failure(added.error());
            m_rules << *added;
            return Done{};
        },
        this);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    reload();
    if (!m_rules.isEmpty())
        selectRule(m_rules.constLast().id);
    emit statusMessage(tr("Added the rule \"%1\".").arg(DisplayText::visible(dialog.rule().name)));
}

void RulesTab::addPresets()
{
    if (!m_campaignId || m_readOnly)
        return;
    const Outcome<QVector<SweepRule>> added = RuleService(m_db).addPresets(m_campaignId);
    if (!added) {
        MessageBox::warning(this, tr("Add Presets"), added.error());
        return;
    }
    reload();
    emit statusMessage(added->isEmpty() ? tr("The campaign has every preset already.")
                       : added->size() == 1 ? tr("Added 1 preset rule.")
                                            : tr("Added %1 preset rules.").arg(added->size()));
}

void RulesTab::editRule()
{
    const std::optional<qint64> id = selectedRuleId();
    if (!id || m_readOnly)
        return;
    const std::optional<SweepRule> rule = RuleStore(m_db).rule(*id);
    if (!rule) {
        reload();
        return;
    }
    RuleDialog dialog(CampaignStore(m_db).campaignSenders(m_campaignId),
                      [this](const SweepRule& r) { return RuleService(m_db).updateRule(r); }, this);
    dialog.setRule(*rule);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return;
    reload();
    emit statusMessage(tr("Changed the rule \"%1\".").arg(DisplayText::visible(dialog.rule().name)));
}

void RulesTab::moveSelected(int by)
{
    const std::optional<qint64> id = selectedRuleId();
    if (!id || m_readOnly)
        return;
    const int row = m_ui->rulesTreeWidget->indexOfTopLevelItem(m_ui->rulesTreeWidget->currentItem());
    const int position = row + 1 + by;
    if (position < 1 || position > m_rules.size())
        return;
    if (done(RuleService(m_db).moveRule(*id, position), tr("Reorder Rules")))
        reload();
}

void RulesTab::removeRule()
{
    const std::optional<qint64> id = selectedRuleId();
    if (!id || m_readOnly)
        return;
    const QString name = m_ui->rulesTreeWidget->currentItem()->text(NameColumn);
    if (MessageBox::question(this, tr("Remove Rule"), tr("Remove the rule \"%1\"? Sweeps will no longer run it.").arg(name),
                             MessageBox::Buttons(QMessageBox::Yes | QMessageBox::No), QMessageBox::No)
        != QMessageBox::Yes)
        return;
    if (done(RuleService(m_db).removeRule(*id), tr("Remove Rule"))) {
        reload();
        emit statusMessage(tr("Removed the rule \"%1\".").arg(name));
    }
}

void RulesTab::ruleItemChanged(int row)
{
    if (row < 0 || row >= m_rules.size())
        return;
    QTreeWidgetItem* item = m_ui->rulesTreeWidget->topLevelItem(row);
    const bool enabled = item->checkState(NameColumn) == Qt::Checked;
    if (enabled == m_rules[row].enabled)
        return;
    if (m_readOnly) {
        reload();
        return;
    }
    if (done(RuleService(m_db).setEnabled(m_rules[row].id, enabled), tr("Rules"))) {
        const QString name = DisplayText::visible(m_rules[row].name);
        reload();
        emit statusMessage(enabled ? tr("The rule \"%1\" runs on every sweep.").arg(name)
                                   : tr("The rule \"%1\" is off.").arg(name));
    }
}

} // namespace Handoff
