#include "gui/reassign/ReassignDialog.h"

#include "core/FairSplit.h"
#include "controller/ReassignmentController.h"
#include "reassign/ui_ReassignDialog.h"

#include "gui/MessageBox.h"

#include <QHash>
#include <QLocale>
#include <QSettings>

namespace Handoff {

namespace {
constexpr int SenderIdRole = Qt::UserRole + 1;
constexpr int SweeperRole = Qt::UserRole + 2;
constexpr int NameRole = Qt::UserRole + 3;      // the name the preview uses
constexpr int PresenceRole = Qt::UserRole + 4;  // Presence as int
// Whether the manager balances by what the senders hold: remembered between dialogs.
const QString BalanceKey = QStringLiteral("reassign/balance");

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
        return r.scope == ReassignScope::Selection ? ReassignDialog::tr("Reassign Selected")
                                                   : ReassignDialog::tr("Reassign Conversation");
    }
}
} // namespace

ReassignDialog::ReassignDialog(const ReassignmentController& controller, const ReassignRequest& base,
                               const QString& subject, const QVector<CampaignSender>& senders, QWidget* parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_base(base)
    , m_ui(std::make_unique<Ui::ReassignDialog>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("reassignDialog"));
    m_ui->setupUi(this);
    dropUnaskedParts();
    setWindowTitle(actionTitle(base));
    setAccessibleName(actionTitle(base));

    QString headingText;
    if (base.scope == ReassignScope::Single) {
        headingText = tr("Where should the conversation with %1 go?").arg(subject);
    } else if (base.scope == ReassignScope::Selection) {
        headingText = base.conversationIds.size() == 1
            ? tr("Where should the chosen conversation go?")
            : tr("Move the %1 chosen conversations to the senders you choose, dealt in turn, or to Unassigned.")
                  .arg(QLocale().toString(int(base.conversationIds.size())));
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
    m_ui->headingLabel->setText(headingText);

    if (m_ui->statusComboBox) {
        for (StatusFilter f : {StatusFilter::Any, StatusFilter::NeedsReply, StatusFilter::NotStarted})
            m_ui->statusComboBox->addItem(statusFilterLabel(f), int(f));
        connect(m_ui->statusComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
            refreshCounts();
        });
    }
    if (m_ui->countSpinBox)
        connect(m_ui->countSpinBox, qOverload<int>(&QSpinBox::valueChanged), this,
                &ReassignDialog::refreshState);
    if (m_ui->olderThanCheckBox) {
        connect(m_ui->olderThanCheckBox, &QCheckBox::toggled, this, [this](bool on) {
            m_ui->olderThanSpinBox->setEnabled(on);
            m_ui->olderThanUnitComboBox->setEnabled(on);
            refreshCounts();
        });
        connect(m_ui->olderThanSpinBox, qOverload<int>(&QSpinBox::valueChanged), this, [this] { refreshCounts(); });
        connect(m_ui->olderThanUnitComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
                [this] { refreshCounts(); });
    }
    if (m_ui->includeHeldCheckBox)
        connect(m_ui->includeHeldCheckBox, &QCheckBox::toggled, this, [this] { refreshCounts(); });
    if (m_ui->balanceCheckBox) {
        m_ui->balanceCheckBox->setChecked(QSettings().value(BalanceKey, false).toBool());
        connect(m_ui->balanceCheckBox, &QCheckBox::toggled, this, [this](bool on) {
            QSettings().setValue(BalanceKey, on);
            refreshState();
        });
    }
    if (m_ui->capCheckBox) {
        connect(m_ui->capCheckBox, &QCheckBox::toggled, this, [this](bool on) {
            m_ui->capSpinBox->setEnabled(on);
            refreshState();
        });
        connect(m_ui->capSpinBox, qOverload<int>(&QSpinBox::valueChanged), this, &ReassignDialog::refreshState);
    }

    if (m_ui->targetListWidget) {
        if (base.scope == ReassignScope::Single || base.scope == ReassignScope::Selection)
            m_ui->targetsLabel->setText(tr("Move &to:"));
        if (m_ui->selectSweepersButton)
            connect(m_ui->selectSweepersButton, &QPushButton::clicked, this, &ReassignDialog::selectSweepers);
        buildTargets(senders);
        connect(m_ui->targetFilterLineEdit, &QLineEdit::textChanged, this, &ReassignDialog::filterTargets);
        connect(m_ui->targetListWidget, &QListWidget::itemChanged, this, &ReassignDialog::onTargetChanged);
    }

    // A problem reads in the palette's warning red, lighter on a dark theme.
    QPalette warn = m_ui->messageLabel->palette();
    const bool dark = warn.color(QPalette::Window).lightness() < 128;
    warn.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20));
    m_ui->messageLabel->setPalette(warn);

    // The button box makes its own buttons; name them for tests and screen readers.
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(base.action == ReassignAction::UnassignAll ? tr("Unassign") : tr("Reassign"));
    ok->setAccessibleName(ok->text());
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (m_problem.isEmpty() && confirmAbsentTargets())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    refreshCounts();
    if (m_ui->countSpinBox)
        m_ui->countSpinBox->setValue(m_ui->countSpinBox->maximum());
    // The form's width; the height fits the parts this action shows.
    resize(width(), sizeHint().height());
}

ReassignDialog::~ReassignDialog() = default;

void ReassignDialog::dropUnaskedParts()
{
    // The form holds every part any action asks for. An action's dialog keeps only its
    // own, so that neither the tab order, nor a screen reader, nor a test meets the others.
    auto drop = [](auto*& widget) {
        delete widget;
        widget = nullptr;
    };
    auto dropRow = [this](QLabel*& label, auto*& field) {
        m_ui->choiceLayout->removeRow(field);  // deletes the label and the field
        label = nullptr;
        field = nullptr;
    };
    if (!choosesStatus())
        dropRow(m_ui->statusLabel, m_ui->statusComboBox);
    if (!choosesCount())
        dropRow(m_ui->countLabel, m_ui->countSpinBox);
    auto dropField = [this](auto*& field) {
        m_ui->choiceLayout->removeRow(field);  // deletes the field
        field = nullptr;
    };
    auto dropCheckedRow = [this](QCheckBox*& check, auto*& field) {
        m_ui->choiceLayout->removeRow(field);  // deletes the check box and the field with its children
        check = nullptr;
        field = nullptr;
    };
    // Narrowing by age and holds is for groups; a single conversation is chosen by hand.
    if (m_base.scope == ReassignScope::Single) {
        m_ui->olderThanSpinBox = nullptr;
        m_ui->olderThanUnitComboBox = nullptr;
        dropCheckedRow(m_ui->olderThanCheckBox, m_ui->olderThanWidget);
        dropField(m_ui->includeHeldCheckBox);
    }
    // Balance and cap choose among senders; Unassigned and a single move have one place.
    if (m_base.scope == ReassignScope::Single || m_base.action == ReassignAction::UnassignAll) {
        dropField(m_ui->balanceCheckBox);
        dropCheckedRow(m_ui->capCheckBox, m_ui->capSpinBox);
    }
    if (!choosesTargets()) {
        drop(m_ui->targetsLabel);
        drop(m_ui->targetFilterLineEdit);
        drop(m_ui->targetListWidget);
    }
    if (!choosesTargets() || m_base.scope == ReassignScope::Single)
        drop(m_ui->selectSweepersButton);
    // Only a group's move follows the longest-waiting-first rule; a selection goes in the
    // order it was picked.
    if (m_base.scope == ReassignScope::Single || m_base.scope == ReassignScope::Selection
        || m_base.action == ReassignAction::UnassignAll)
        drop(m_ui->ruleLabel);
}

bool ReassignDialog::choosesCount() const
{
    return (m_base.scope == ReassignScope::Bulk || m_base.scope == ReassignScope::Sender)
        && m_base.action == ReassignAction::ReassignSome;
}

bool ReassignDialog::choosesStatus() const
{
    return m_base.scope == ReassignScope::Bulk || m_base.scope == ReassignScope::Sender;
}

bool ReassignDialog::choosesTargets() const
{
    return m_base.scope == ReassignScope::Single || m_base.action != ReassignAction::UnassignAll;
}

void ReassignDialog::buildTargets(const QVector<CampaignSender>& senders)
{
    // Each target with their presence and open work, so that nobody away is picked by
    // mistake and the load is in sight.
    QHash<SenderId, int> open;
    for (const SenderCounts& row : m_controller.senderLoads(m_base.campaignId))
        open.insert(row.id, row.open());
    auto addItem = [this](SenderId id, const QString& name, const QString& text, bool sweeper, Presence presence) {
        auto* item = new QListWidgetItem(text, m_ui->targetListWidget);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, id);
        item->setData(SweeperRole, sweeper);
        item->setData(NameRole, name);
        item->setData(PresenceRole, int(presence));
    };
    const bool single = m_base.scope == ReassignScope::Single;
    const bool picked = single || m_base.scope == ReassignScope::Selection;
    // A conversation can go back to the pool; whole groups go there with Unassign All.
    if (picked && !(single && m_base.source == UnassignedId))
        addItem(UnassignedId, tr("Unassigned"), tr("Unassigned"), false, Presence::OnShift);
    for (const CampaignSender& s : senders) {
        if ((single || m_base.scope == ReassignScope::Sender) && s.id == m_base.source)
            continue;
        const QString name = s.sweeper ? tr("%1 (sweeper)").arg(s.name) : s.name;
        const int openWork = open.value(s.id);
        const QString work = openWork == 1 ? tr("1 open") : tr("%1 open").arg(QLocale().toString(openWork));
        addItem(s.id, name, tr("%1 — %2, %3").arg(name, presenceLabel(s.presence).toLower(), work), s.sweeper,
                s.presence);
    }
    if (m_ui->targetListWidget->count() > 0)
        m_ui->targetListWidget->setCurrentRow(0);
}

void ReassignDialog::chooseTarget(SenderId id)
{
    for (int i = 0; m_ui->targetListWidget && i < m_ui->targetListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->targetListWidget->item(i);
        if (item->data(SenderIdRole).toLongLong() == id) {
            item->setCheckState(Qt::Checked);
            m_ui->targetListWidget->setCurrentItem(item);
        }
    }
}

bool ReassignDialog::confirmAbsentTargets()
{
    QStringList absent;
    QStringList presences;
    for (SenderId id : std::as_const(m_chosen)) {
        for (int i = 0; m_ui->targetListWidget && i < m_ui->targetListWidget->count(); ++i) {
            const QListWidgetItem* item = m_ui->targetListWidget->item(i);
            if (item->data(SenderIdRole).toLongLong() != id)
                continue;
            const auto presence = Presence(item->data(PresenceRole).toInt());
            if (presence != Presence::OnShift) {
                absent << item->data(NameRole).toString();
                presences << presenceLabel(presence).toLower();
            }
        }
    }
    if (absent.isEmpty())
        return true;
    QStringList listed;
    for (int i = 0; i < absent.size(); ++i)
        listed << tr("%1 (%2)").arg(absent.at(i), presences.at(i));
    const QString text = absent.size() == 1
        ? tr("%1 is %2, not on shift. Move the conversations to them anyway?").arg(absent.first(), presences.first())
        : tr("These senders are not on shift: %1. Move the conversations to them anyway?")
              .arg(listed.join(QStringLiteral(", ")));
    return MessageBox::question(this, windowTitle(), text, QMessageBox::Yes | QMessageBox::Cancel,
                                QMessageBox::Cancel)
        == QMessageBox::Yes;
}

void ReassignDialog::onTargetChanged(QListWidgetItem* item)
{
    if (m_updatingChecks)
        return;
    const SenderId id = item->data(SenderIdRole).toLongLong();
    const bool unassigned = id == UnassignedId;
    if (item->checkState() == Qt::Checked) {
        // Unassigned takes a selection alone: ticking it unticks the senders, and a
        // sender unticks it.
        const bool alone = m_base.scope == ReassignScope::Single || unassigned || m_chosen.contains(UnassignedId);
        if (alone) {
            // One place only: ticking a sender unticks the one before.
            m_updatingChecks = true;
            for (int i = 0; i < m_ui->targetListWidget->count(); ++i)
                if (m_ui->targetListWidget->item(i) != item)
                    m_ui->targetListWidget->item(i)->setCheckState(Qt::Unchecked);
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
    if (m_chosen.contains(UnassignedId)) {
        for (int i = 0; i < m_ui->targetListWidget->count(); ++i)
            if (m_ui->targetListWidget->item(i)->data(SenderIdRole).toLongLong() == UnassignedId)
                m_ui->targetListWidget->item(i)->setCheckState(Qt::Unchecked);
        m_chosen.removeAll(UnassignedId);
    }
    for (int i = 0; i < m_ui->targetListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->targetListWidget->item(i);
        // Sweepers on shift only: one away or done for today would leave replies waiting.
        if (!item->data(SweeperRole).toBool() || Presence(item->data(PresenceRole).toInt()) != Presence::OnShift)
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
    for (int i = 0; i < m_ui->targetListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->targetListWidget->item(i);
        item->setHidden(!needle.isEmpty() && !item->data(NameRole).toString().contains(needle, Qt::CaseInsensitive));
    }
}

StatusFilter ReassignDialog::chosenStatus() const
{
    return m_ui->statusComboBox ? StatusFilter(m_ui->statusComboBox->currentData().toInt())
                                : StatusFilter::Any;
}

QString ReassignDialog::targetName(SenderId id) const
{
    if (id == UnassignedId)
        return tr("Unassigned");
    for (int i = 0; m_ui->targetListWidget && i < m_ui->targetListWidget->count(); ++i)
        if (m_ui->targetListWidget->item(i)->data(SenderIdRole).toLongLong() == id)
            return m_ui->targetListWidget->item(i)->data(NameRole).toString();
    return {};
}

ReassignRequest ReassignDialog::request() const
{
    ReassignRequest r = m_base;
    r.status = chosenStatus();
    r.count = m_ui->countSpinBox ? m_ui->countSpinBox->value() : 0;
    r.targets = m_base.action == ReassignAction::UnassignAll && m_base.scope != ReassignScope::Single
        ? QVector<SenderId>{}
        : m_chosen;
    if (m_ui->olderThanCheckBox && m_ui->olderThanCheckBox->isChecked())
        r.olderThanSeconds = qint64(m_ui->olderThanSpinBox->value())
            * (m_ui->olderThanUnitComboBox->currentIndex() == 1 ? 3600 : 60);
    r.includeHeld = m_ui->includeHeldCheckBox && m_ui->includeHeldCheckBox->isChecked();
    r.balance = m_ui->balanceCheckBox && m_ui->balanceCheckBox->isChecked();
    r.cap = m_ui->capCheckBox && m_ui->capCheckBox->isChecked() ? m_ui->capSpinBox->value() : 0;
    r.note = m_ui->noteLineEdit->text().trimmed();
    return r;
}

void ReassignDialog::refreshCounts()
{
    if (choosesStatus()) {
        m_heldLeftOut = m_controller.heldLeftOut(request());
        m_available = m_controller.available(request());
        const StatusFilter filters[] = {StatusFilter::Any, StatusFilter::NeedsReply, StatusFilter::NotStarted};
        for (int i = 0; i < m_ui->statusComboBox->count(); ++i)
            m_ui->statusComboBox->setItemText(
                i, tr("%1 (%2)").arg(statusFilterLabel(filters[i]), QLocale().toString(m_available.matching(filters[i]))));
    }
    if (m_ui->countSpinBox) {
        // Capped at what matches; 0 stays reachable so that "none" is refused clearly.
        m_ui->countSpinBox->setRange(0, m_available.matching(chosenStatus()));
    }
    refreshState();
}

void ReassignDialog::refreshState()
{
    const ReassignRequest r = request();
    const int available = m_available.matching(r.status);
    const QString statusName = statusFilterLabel(r.status);
    m_problem.clear();
    m_plan.reset();
    int moving = 0;
    QVector<int> split;
    if (m_base.scope == ReassignScope::Selection) {
        // The exact plan: one already with the target it is dealt to stays.
        moving = int(r.conversationIds.size());
        if (r.targets.isEmpty())
            m_problem = tr("Choose at least one sender, or Unassigned.");
    } else if (m_base.scope == ReassignScope::Single) {
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

    QVector<SenderId> targets = r.targets;
    if (r.action == ReassignAction::UnassignAll && m_base.scope != ReassignScope::Single)
        targets = {UnassignedId};
    QVector<int> openBefore;
    QVector<int> openAfter;
    int leftByCap = 0;
    // Where each goes depends, with a balance or a cap, on what the targets hold and on
    // which conversations come first; with Any, so does the open work they add. The
    // controller's own plan then says exactly (a very large Any move shows only what the
    // targets hold now, rather than read every conversation at each change).
    constexpr int ExactPreviewLimit = 20000;
    const bool exact = r.balance || r.cap > 0 || m_base.scope == ReassignScope::Single
        || m_base.scope == ReassignScope::Selection || (r.status == StatusFilter::Any && moving <= ExactPreviewLimit);
    if (m_problem.isEmpty() && exact) {
        const auto plan = m_controller.plan(r);
        if (plan) {
            // A selection's OK carries out this plan as it is (exactly what the preview shows).
            if (m_base.scope == ReassignScope::Selection)
                m_plan = *plan;
            split = plan->perTarget;
            openBefore = plan->openBefore;
            openAfter = plan->openAfter;
            leftByCap = plan->leftByCap;
            moving = int(plan->moves.size());
        } else {
            m_problem = plan.error();
        }
    } else if (m_problem.isEmpty()) {
        split = fairSplitCounts(moving, int(targets.size()));
        openBefore = m_controller.openWork(r.campaignId, targets);
        // Every conversation a status filter takes is open work.
        if (r.status != StatusFilter::Any)
            for (int i = 0; i < targets.size(); ++i)
                openAfter << openBefore.value(i) + split.value(i);
    }

    m_moving = m_problem.isEmpty() ? moving : 0;
    m_ui->previewListWidget->clear();
    QStringList openWork;
    if (m_problem.isEmpty()) {
        for (int i = 0; i < targets.size(); ++i) {
            m_ui->previewListWidget->addItem(
                tr("%1 → %2").arg(QLocale().toString(split.value(i)), targetName(targets[i])));
            if (i < openAfter.size())
                openWork << tr("%1 %2 → %3")
                                .arg(targetName(targets[i]), QLocale().toString(openBefore.value(i)),
                                     QLocale().toString(openAfter.value(i)));
            else if (i < openBefore.size())
                openWork << tr("%1 %2 now").arg(targetName(targets[i]), QLocale().toString(openBefore.value(i)));
        }
        m_ui->previewLabel->setText(moving == 1 ? tr("1 conversation will move:")
                                            : tr("%1 conversations will move:").arg(QLocale().toString(moving)));
    } else {
        m_ui->previewLabel->setText(tr("Nothing will move yet."));
    }
    m_ui->openWorkLabel->setText(openWork.isEmpty() ? QString()
                                                    : tr("Open work (Not Started + Needs Reply): %1")
                                                          .arg(openWork.join(QStringLiteral(", "))));
    m_ui->openWorkLabel->setVisible(!openWork.isEmpty());
    QStringList leftOut;
    if (m_heldLeftOut > 0)
        leftOut << (m_heldLeftOut == 1 ? tr("1 held conversation is left out.")
                                       : tr("%1 held conversations are left out.").arg(QLocale().toString(m_heldLeftOut)));
    if (leftByCap > 0)
        leftOut << (leftByCap == 1
                        ? tr("1 conversation stays where it is: every chosen sender would hold more than %1 open conversations.")
                              .arg(QLocale().toString(r.cap))
                        : tr("%1 conversations stay where they are: every chosen sender would hold more than %2 open conversations.")
                              .arg(QLocale().toString(leftByCap), QLocale().toString(r.cap)));
    m_leftByCap = m_problem.isEmpty() ? leftByCap : 0;
    m_ui->leftOutLabel->setText(leftOut.join(QLatin1Char(' ')));
    m_ui->leftOutLabel->setVisible(!leftOut.isEmpty());
    m_ui->messageLabel->setText(m_problem);
    m_ui->messageLabel->setVisible(!m_problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
