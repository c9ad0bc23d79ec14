#include "gui/rules/RuleDialog.h"

#include "core/DisplayText.h"
#include "rules/ui_RuleDialog.h"

#include <QPushButton>

namespace Handoff {

namespace {
constexpr int RuleSenderIdRole = Qt::UserRole + 1;

// The combo boxes list their choices in the order of these arrays.
const StatusFilter Statuses[] = {StatusFilter::NeedsReply, StatusFilter::NotStarted, StatusFilter::Any};
const SweepRule::From Sources[] = {SweepRule::From::All, SweepRule::From::NonSweepers, SweepRule::From::AwayOrDone,
                                   SweepRule::From::Idle, SweepRule::From::Unassigned};
const SweepRule::To Destinations[] = {SweepRule::To::SweepersOnShift, SweepRule::To::OnShift, SweepRule::To::Named,
                                      SweepRule::To::Unassigned};

template <typename T, std::size_t N>
int indexIn(const T (&values)[N], T value)
{
    for (std::size_t i = 0; i < N; ++i)
        if (values[i] == value)
            return int(i);
    return 0;
}

// Minutes or hours: the unit box's index 1 is hours.
qint64 seconds(int amount, int unitIndex)
{
    return qint64(amount) * (unitIndex == 1 ? 3600 : 60);
}

void showSeconds(qint64 seconds, QSpinBox* amount, QComboBox* unit)
{
    const bool hours = seconds >= 3600 && seconds % 3600 == 0;
    unit->setCurrentIndex(hours ? 1 : 0);
    amount->setValue(int(hours ? seconds / 3600 : qMax<qint64>(1, seconds / 60)));
}
} // namespace

RuleDialog::RuleDialog(const QVector<CampaignSender>& senders, Save save, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RuleDialog>())
    , m_senders(senders)
    , m_save(std::move(save))
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("ruleDialog"));
    m_ui->setupUi(this);
    setWindowTitle(tr("New Rule"));
    for (const CampaignSender& s : m_senders) {
        auto* item = new QListWidgetItem(DisplayText::visible(s.name), m_ui->targetsListWidget);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(RuleSenderIdRole, s.id);
    }
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    for (QCheckBox* box : {m_ui->waitCheckBox, m_ui->balanceCheckBox, m_ui->capCheckBox, m_ui->maxCheckBox,
                           m_ui->enabledCheckBox})
        connect(box, &QCheckBox::toggled, this, &RuleDialog::refreshState);
    for (QComboBox* box : {m_ui->statusComboBox, m_ui->waitUnitComboBox, m_ui->fromComboBox, m_ui->idleUnitComboBox,
                           m_ui->toComboBox})
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, &RuleDialog::refreshState);
    for (QSpinBox* box : {m_ui->waitSpinBox, m_ui->idleSpinBox, m_ui->capSpinBox, m_ui->maxSpinBox})
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &RuleDialog::refreshState);
    connect(m_ui->nameLineEdit, &QLineEdit::textChanged, this, &RuleDialog::refreshState);
    connect(m_ui->targetsListWidget, &QListWidget::itemChanged, this, &RuleDialog::refreshState);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RuleDialog::trySave);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ui->messageLabel->hide();
    refreshState();
}

RuleDialog::~RuleDialog() = default;

void RuleDialog::setRule(const SweepRule& rule)
{
    m_rule = rule;
    setWindowTitle(rule.id ? tr("Edit Rule") : tr("New Rule"));
    m_ui->nameLineEdit->setText(rule.name);
    m_ui->statusComboBox->setCurrentIndex(indexIn(Statuses, rule.status));
    m_ui->waitCheckBox->setChecked(rule.minWaitSeconds > 0);
    if (rule.minWaitSeconds > 0)
        showSeconds(rule.minWaitSeconds, m_ui->waitSpinBox, m_ui->waitUnitComboBox);
    m_ui->fromComboBox->setCurrentIndex(indexIn(Sources, rule.from));
    if (rule.idleSeconds > 0)
        showSeconds(rule.idleSeconds, m_ui->idleSpinBox, m_ui->idleUnitComboBox);
    m_ui->toComboBox->setCurrentIndex(indexIn(Destinations, rule.to));
    for (int i = 0; i < m_ui->targetsListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->targetsListWidget->item(i);
        item->setCheckState(rule.targets.contains(item->data(RuleSenderIdRole).toLongLong()) ? Qt::Checked
                                                                                              : Qt::Unchecked);
    }
    m_ui->balanceCheckBox->setChecked(rule.balance);
    m_ui->capCheckBox->setChecked(rule.cap > 0);
    if (rule.cap > 0)
        m_ui->capSpinBox->setValue(rule.cap);
    m_ui->maxCheckBox->setChecked(rule.maxPerRun > 0);
    if (rule.maxPerRun > 0)
        m_ui->maxSpinBox->setValue(rule.maxPerRun);
    m_ui->enabledCheckBox->setChecked(rule.enabled);
    refreshState();
}

SweepRule RuleDialog::rule() const
{
    SweepRule r = m_rule;
    r.name = m_ui->nameLineEdit->text().simplified();
    r.status = Statuses[m_ui->statusComboBox->currentIndex()];
    r.minWaitSeconds = m_ui->waitCheckBox->isChecked()
        ? seconds(m_ui->waitSpinBox->value(), m_ui->waitUnitComboBox->currentIndex())
        : 0;
    r.from = Sources[m_ui->fromComboBox->currentIndex()];
    r.idleSeconds = r.from == SweepRule::From::Idle
        ? seconds(m_ui->idleSpinBox->value(), m_ui->idleUnitComboBox->currentIndex())
        : 0;
    r.to = Destinations[m_ui->toComboBox->currentIndex()];
    r.targets.clear();
    if (r.to == SweepRule::To::Named)
        for (int i = 0; i < m_ui->targetsListWidget->count(); ++i)
            if (m_ui->targetsListWidget->item(i)->checkState() == Qt::Checked)
                r.targets << m_ui->targetsListWidget->item(i)->data(RuleSenderIdRole).toLongLong();
    const bool toSenders = r.to != SweepRule::To::Unassigned;
    r.balance = toSenders && m_ui->balanceCheckBox->isChecked();
    r.cap = toSenders && m_ui->capCheckBox->isChecked() ? m_ui->capSpinBox->value() : 0;
    r.maxPerRun = m_ui->maxCheckBox->isChecked() ? m_ui->maxSpinBox->value() : 0;
    r.enabled = m_ui->enabledCheckBox->isChecked();
    return r;
}

QStringList RuleDialog::targetNames(const SweepRule& rule) const
{
    QStringList names;
    for (SenderId id : rule.targets)
        for (const CampaignSender& s : m_senders)
            if (s.id == id)
                names << DisplayText::visible(s.name);
    return names;
}

void RuleDialog::refreshState()
{
    const SweepRule r = rule();
    m_ui->waitSpinBox->setEnabled(m_ui->waitCheckBox->isChecked());
    m_ui->waitUnitComboBox->setEnabled(m_ui->waitCheckBox->isChecked());
    const bool idle = r.from == SweepRule::From::Idle;
    m_ui->idleLabel->setVisible(idle);
    m_ui->idleSpinBox->setVisible(idle);
    m_ui->idleUnitComboBox->setVisible(idle);
    m_ui->targetsListWidget->setVisible(r.to == SweepRule::To::Named);
    const bool toSenders = r.to != SweepRule::To::Unassigned;
    m_ui->balanceCheckBox->setEnabled(toSenders);
    m_ui->capCheckBox->setEnabled(toSenders);
    m_ui->capSpinBox->setEnabled(toSenders && m_ui->capCheckBox->isChecked());
    m_ui->maxSpinBox->setEnabled(m_ui->maxCheckBox->isChecked());
    m_ui->descriptionLabel->setText(SweepRuleText::describe(r, targetNames(r)));
    const Outcome<Done> valid = validateRule(r);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(valid.ok());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setToolTip(valid.ok() ? QString() : valid.error());
}

void RuleDialog::trySave()
{
    const SweepRule r = rule();
    Outcome<Done> saved = validateRule(r);
    if (saved && m_save)
        saved = m_save(r);
    if (!saved) {
        m_ui->messageLabel->setText(saved.error());
        m_ui->messageLabel->show();
        return;
    }
    m_rule = r;
    accept();
}

} // namespace Handoff
