#include "ReassignDialog.h"

#include "FairSplit.h"
#include "ReassignmentController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Handoff {

namespace {
constexpr int SenderIdRole = Qt::UserRole + 1;
constexpr int SweeperRole = Qt::UserRole + 2;

QString actionTitle(const ReassignRequest& r)
{
    const bool bulk = r.scope == ReassignScope::Bulk;
    switch (r.action) {
    case ReassignAction::ReassignSome:
        return bulk ? ReassignDialog::tr("Bulk Reassign Some") : ReassignDialog::tr("Reassign Some");
    case ReassignAction::ReassignAll:
        return bulk ? ReassignDialog::tr("Bulk Reassign All") : ReassignDialog::tr("Reassign All");
    case ReassignAction::UnassignAll:
        return bulk ? ReassignDialog::tr("Bulk Unassign All") : ReassignDialog::tr("Unassign All");
    default:
        return ReassignDialog::tr("Reassign Conversation");
    }
}
} // namespace

ReassignDialog::ReassignDialog(const ReassignmentController& controller, const ReassignRequest& base,
                               const QString& subject, const QVector<CampaignSender>& senders, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_base(base)
{
    setObjectName(QStringLiteral("reassignDialog"));
    setWindowTitle(actionTitle(base));
    setAccessibleName(actionTitle(base));

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(this);
    heading->setObjectName(QStringLiteral("headingLabel"));
    heading->setWordWrap(true);
    QString headingText;
    if (base.scope == ReassignScope::Single) {
        headingText = tr("Where should the conversation with %1 go?").arg(subject);
    } else if (base.action == ReassignAction::UnassignAll) {
        headingText = base.scope == ReassignScope::Bulk
            ? tr("Move every sender's matching conversations back to Unassigned.")
            : tr("Move %1's matching conversations back to Unassigned.").arg(subject);
    } else if (base.scope == ReassignScope::Bulk) {
        headingText = base.action == ReassignAction::ReassignSome
            ? tr("Move some conversations, from across the campaign, to the senders you choose.")
            : tr("Move every matching conversation of the campaign to the senders you choose.");
    } else {
        headingText = base.action == ReassignAction::ReassignSome
            ? tr("Move some of %1's conversations to other senders.").arg(subject)
            : tr("Move all of %1's matching conversations to other senders.").arg(subject);
    }
    heading->setText(headingText);
    layout->addWidget(heading);

    auto* form = new QFormLayout;
    if (choosesStatus()) {
        m_statusCombo = new QComboBox(this);
        m_statusCombo->setObjectName(QStringLiteral("statusComboBox"));
        m_statusCombo->setAccessibleName(tr("Status"));
        for (StatusFilter f : {StatusFilter::Any, StatusFilter::NeedsReply, StatusFilter::NotStarted})
            m_statusCombo->addItem(statusFilterLabel(f), int(f));
        form->addRow(tr("&Status:"), m_statusCombo);
        connect(m_statusCombo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
            refreshCounts();
        });
    }
    if (choosesCount()) {
        m_countSpin = new QSpinBox(this);
        m_countSpin->setObjectName(QStringLiteral("countSpinBox"));
        m_countSpin->setAccessibleName(tr("How many"));
        m_countSpin->setGroupSeparatorShown(true);
        form->addRow(tr("&How many:"), m_countSpin);
        connect(m_countSpin, qOverload<int>(&QSpinBox::valueChanged), this, &ReassignDialog::refreshState);
    }
    if (form->rowCount() > 0)
        layout->addLayout(form);

    if (choosesTargets()) {
        auto* targetsLabel = new QLabel(
            base.scope == ReassignScope::Single ? tr("Move &to:") : tr("Reassign &to (tick one or more senders):"),
            this);
        layout->addWidget(targetsLabel);
        auto* filterRow = new QHBoxLayout;
        m_targetFilter = new QLineEdit(this);
        m_targetFilter->setObjectName(QStringLiteral("targetFilterLineEdit"));
        m_targetFilter->setAccessibleName(tr("Filter senders"));
        m_targetFilter->setPlaceholderText(tr("Filter senders"));
        m_targetFilter->setClearButtonEnabled(true);
        filterRow->addWidget(m_targetFilter, 1);
        if (base.scope != ReassignScope::Single) {
            m_sweepersButton = new QPushButton(tr("Select s&weepers"), this);
            m_sweepersButton->setObjectName(QStringLiteral("selectSweepersButton"));
            m_sweepersButton->setAccessibleName(tr("Select sweepers"));
            m_sweepersButton->setAutoDefault(false);
            filterRow->addWidget(m_sweepersButton);
            connect(m_sweepersButton, &QPushButton::clicked, this, &ReassignDialog::selectSweepers);
        }
        layout->addLayout(filterRow);
        m_targetList = new QListWidget(this);
        m_targetList->setObjectName(QStringLiteral("targetListWidget"));
        m_targetList->setAccessibleName(tr("Reassign to"));
        m_targetList->setMinimumHeight(160);
        targetsLabel->setBuddy(m_targetList);
        layout->addWidget(m_targetList, 1);
        buildTargets(senders);
        connect(m_targetFilter, &QLineEdit::textChanged, this, &ReassignDialog::filterTargets);
        connect(m_targetList, &QListWidget::itemChanged, this, &ReassignDialog::onTargetChanged);
    }

    if (base.scope != ReassignScope::Single && base.action != ReassignAction::UnassignAll) {
        auto* rule = new QLabel(
            tr("Longest-waiting first: the conversations with the oldest last activity go first, dealt in turn "
               "to each chosen sender in the order you ticked them, so each gets a fair share."),
            this);
        rule->setObjectName(QStringLiteral("ruleLabel"));
        rule->setWordWrap(true);
        layout->addWidget(rule);
    }

    m_previewLabel = new QLabel(this);
    m_previewLabel->setObjectName(QStringLiteral("previewLabel"));
    m_previewLabel->setWordWrap(true);
    layout->addWidget(m_previewLabel);
    m_previewList = new QListWidget(this);
    m_previewList->setObjectName(QStringLiteral("previewListWidget"));
    m_previewList->setAccessibleName(tr("Preview"));
    m_previewList->setSelectionMode(QAbstractItemView::NoSelection);
    m_previewList->setMaximumHeight(110);
    layout->addWidget(m_previewList);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setAccessibleName(tr("Problem"));
    m_messageLabel->setWordWrap(true);
    QPalette warn = m_messageLabel->palette();
    const bool dark = warn.color(QPalette::Window).lightness() < 128;
    warn.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20));
    m_messageLabel->setPalette(warn);
    layout->addWidget(m_messageLabel);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(base.action == ReassignAction::UnassignAll ? tr("Unassign") : tr("Reassign"));
    ok->setAccessibleName(ok->text());
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    refreshCounts();
    if (m_countSpin)
        m_countSpin->setValue(m_countSpin->maximum());
    resize(460, sizeHint().height());
}

bool ReassignDialog::choosesCount() const
{
    return m_base.scope != ReassignScope::Single && m_base.action == ReassignAction::ReassignSome;
}

bool ReassignDialog::choosesStatus() const
{
    return m_base.scope != ReassignScope::Single;
}

bool ReassignDialog::choosesTargets() const
{
    return m_base.scope == ReassignScope::Single || m_base.action != ReassignAction::UnassignAll;
}

void ReassignDialog::buildTargets(const QVector<CampaignSender>& senders)
{
    auto addItem = [this](SenderId id, const QString& text, bool sweeper) {
        auto* item = new QListWidgetItem(text, m_targetList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, id);
        item->setData(SweeperRole, sweeper);
    };
    const bool single = m_base.scope == ReassignScope::Single;
    // A conversation can go back to the pool; whole groups go there with Unassign All.
    if (single && m_base.source != UnassignedId)
        addItem(UnassignedId, tr("Unassigned"), false);
    for (const CampaignSender& s : senders) {
        if ((single || m_base.scope == ReassignScope::Sender) && s.id == m_base.source)
            continue;
        addItem(s.id, s.sweeper ? tr("%1 (sweeper)").arg(s.name) : s.name, s.sweeper);
    }
    if (m_targetList->count() > 0)
        m_targetList->setCurrentRow(0);
}

void ReassignDialog::onTargetChanged(QListWidgetItem* item)
{
    if (m_updatingChecks)
        return;
    const SenderId id = item->data(SenderIdRole).toLongLong();
    if (item->checkState() == Qt::Checked) {
        if (m_base.scope == ReassignScope::Single) {
            // One place only: ticking a sender unticks the one before.
            m_updatingChecks = true;
            for (int i = 0; i < m_targetList->count(); ++i)
                if (m_targetList->item(i) != item)
                    m_targetList->item(i)->setCheckState(Qt::Unchecked);
            m_updatingChecks = false;
            m_chosen.clear();
        }
        if (!m_chosen.contains(id))
            m_chosen << id;
    } else {
        m_chosen.removeAll(id);
    }
    // At bulk scope, what the chosen senders already hold is not taken.
    if (m_base.scope == ReassignScope::Bulk)
        refreshCounts();
    else
        refreshState();
}

void ReassignDialog::selectSweepers()
{
    m_updatingChecks = true;
    for (int i = 0; i < m_targetList->count(); ++i) {
        QListWidgetItem* item = m_targetList->item(i);
        if (!item->data(SweeperRole).toBool())
            continue;
        item->setCheckState(Qt::Checked);
        const SenderId id = item->data(SenderIdRole).toLongLong();
        if (!m_chosen.contains(id))
            m_chosen << id;
    }
    m_updatingChecks = false;
    refreshCounts();
}

void ReassignDialog::filterTargets(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_targetList->count(); ++i) {
        QListWidgetItem* item = m_targetList->item(i);
        item->setHidden(!needle.isEmpty() && !item->text().contains(needle, Qt::CaseInsensitive));
    }
}

StatusFilter ReassignDialog::chosenStatus() const
{
    return m_statusCombo ? StatusFilter(m_statusCombo->currentData().toInt()) : StatusFilter::Any;
}

QString ReassignDialog::targetName(SenderId id) const
{
    if (id == UnassignedId)
        return tr("Unassigned");
    for (int i = 0; m_targetList && i < m_targetList->count(); ++i)
        if (m_targetList->item(i)->data(SenderIdRole).toLongLong() == id)
            return m_targetList->item(i)->text();
    return {};
}

ReassignRequest ReassignDialog::request() const
{
    ReassignRequest r = m_base;
    r.status = chosenStatus();
    r.count = m_countSpin ? m_countSpin->value() : 0;
    r.targets = m_base.action == ReassignAction::UnassignAll && m_base.scope != ReassignScope::Single
        ? QVector<SenderId>{}
        : m_chosen;
    return r;
}

void ReassignDialog::refreshCounts()
{
    if (choosesStatus()) {
        m_available = m_controller.available(request());
        const StatusFilter filters[] = {StatusFilter::Any, StatusFilter::NeedsReply, StatusFilter::NotStarted};
        for (int i = 0; i < m_statusCombo->count(); ++i)
            m_statusCombo->setItemText(
                i, tr("%1 (%2)").arg(statusFilterLabel(filters[i]), QLocale().toString(m_available.matching(filters[i]))));
    }
    if (m_countSpin) {
        // Capped at what matches; 0 stays reachable so that "none" is refused clearly.
        m_countSpin->setRange(0, m_available.matching(chosenStatus()));
    }
    refreshState();
}

void ReassignDialog::refreshState()
{
    const ReassignRequest r = request();
    const int available = m_available.matching(r.status);
    const QString statusName = statusFilterLabel(r.status);
    m_problem.clear();
    int moving = 0;
    if (m_base.scope == ReassignScope::Single) {
        moving = 1;
        if (r.targets.size() != 1)
            m_problem = tr("Choose one sender, or Unassigned, for the conversation.");
    } else {
        moving = r.action == ReassignAction::ReassignSome ? r.count : available;
        if (available == 0)
            m_problem = tr("No conversations match \"%1\" here; there is nothing to move.").arg(statusName);
        else if (r.action == ReassignAction::ReassignSome && (r.count < 1 || r.count > available))
            m_problem = tr("Choose how many to reassign, from 1 to %1.").arg(QLocale().toString(available));
        else if (choosesTargets() && r.targets.isEmpty())
            m_problem = tr("Choose at least one sender to reassign to.");
    }

    m_moving = m_problem.isEmpty() ? moving : 0;
    m_previewList->clear();
    QVector<SenderId> targets = r.targets;
    if (r.action == ReassignAction::UnassignAll && m_base.scope != ReassignScope::Single)
        targets = {UnassignedId};
    if (m_problem.isEmpty()) {
        const QVector<int> split = fairSplitCounts(moving, int(targets.size()));
        for (int i = 0; i < targets.size(); ++i)
            m_previewList->addItem(tr("%1 → %2").arg(QLocale().toString(split[i]), targetName(targets[i])));
        m_previewLabel->setText(moving == 1 ? tr("1 conversation will move:")
                                            : tr("%1 conversations will move:").arg(QLocale().toString(moving)));
    } else {
        m_previewLabel->setText(tr("Nothing will move yet."));
    }
    m_messageLabel->setText(m_problem);
    m_messageLabel->setVisible(!m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
