#include "AddSendersDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Handoff {

namespace {
constexpr int SenderIdRole = Qt::UserRole + 1;

QString shown(const QString& name, const QString& email)
{
    return email.isEmpty() ? name : AddSendersDialog::tr("%1 <%2>").arg(name, email);
}

// Enough to catch a name typed into the wrong field; the gateway checks the rest.
bool looksLikeEmail(const QString& email)
{
    const qsizetype at = email.indexOf(QLatin1Char('@'));
    return at > 0 && at < email.size() - 1 && !email.contains(QLatin1Char(' '));
}
} // namespace

AddSendersDialog::AddSendersDialog(const QVector<Sender>& roster, const QVector<CampaignSender>& members,
                                   QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("addSendersDialog"));
    setWindowTitle(tr("Add Senders"));
    setAccessibleName(tr("Add Senders"));
    for (const CampaignSender& m : members)
        m_memberNames << m.name;
    for (const Sender& s : roster) {
        const bool member = std::any_of(members.cbegin(), members.cend(),
                                        [&](const CampaignSender& m) { return m.id == s.id; });
        if (!member)
            m_roster << s;
    }

    auto* layout = new QVBoxLayout(this);

    auto* rosterBox = new QGroupBox(tr("From the organisation's roster"), this);
    auto* rosterLayout = new QVBoxLayout(rosterBox);
    m_rosterFilter = new QLineEdit(rosterBox);
    m_rosterFilter->setObjectName(QStringLiteral("rosterFilterLineEdit"));
    m_rosterFilter->setAccessibleName(tr("Filter roster"));
    m_rosterFilter->setPlaceholderText(tr("Filter by name or email"));
    m_rosterFilter->setClearButtonEnabled(true);
    rosterLayout->addWidget(m_rosterFilter);
    m_rosterList = new QListWidget(rosterBox);
    m_rosterList->setObjectName(QStringLiteral("rosterListWidget"));
    m_rosterList->setAccessibleName(tr("Roster"));
    m_rosterList->setMinimumHeight(160);
    for (const Sender& s : std::as_const(m_roster)) {
        auto* item = new QListWidgetItem(shown(s.name, s.email), m_rosterList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, s.id);
    }
    if (m_roster.isEmpty()) {
        auto* none = new QLabel(tr("Everyone on the roster is on this campaign already."), rosterBox);
        none->setObjectName(QStringLiteral("rosterEmptyLabel"));
        none->setWordWrap(true);
        rosterLayout->addWidget(none);
        m_rosterFilter->hide();
        m_rosterList->hide();
    }
    rosterLayout->addWidget(m_rosterList, 1);
    layout->addWidget(rosterBox, 1);

    auto* newBox = new QGroupBox(tr("New senders"), this);
    auto* newLayout = new QVBoxLayout(newBox);
    auto* form = new QFormLayout;
    m_nameEdit = new QLineEdit(newBox);
    m_nameEdit->setObjectName(QStringLiteral("newSenderNameLineEdit"));
    m_nameEdit->setAccessibleName(tr("New sender's name"));
    form->addRow(tr("&Name:"), m_nameEdit);
    m_emailEdit = new QLineEdit(newBox);
    m_emailEdit->setObjectName(QStringLiteral("newSenderEmailLineEdit"));
    m_emailEdit->setAccessibleName(tr("New sender's email"));
    m_emailEdit->setPlaceholderText(tr("optional"));
    form->addRow(tr("&Email:"), m_emailEdit);
    newLayout->addLayout(form);
    auto* newButtons = new QHBoxLayout;
    m_addNewButton = new QPushButton(tr("&Create"), newBox);
    m_addNewButton->setObjectName(QStringLiteral("createSenderButton"));
    m_addNewButton->setAccessibleName(tr("Create sender"));
    m_addNewButton->setToolTip(tr("Put this new sender on the list to add"));
    m_addNewButton->setAutoDefault(false);
    m_removeNewButton = new QPushButton(tr("Re&move"), newBox);
    m_removeNewButton->setObjectName(QStringLiteral("removeNewSenderButton"));
    m_removeNewButton->setAccessibleName(tr("Remove new sender"));
    m_removeNewButton->setAutoDefault(false);
    newButtons->addWidget(m_addNewButton);
    newButtons->addWidget(m_removeNewButton);
    newButtons->addStretch(1);
    newLayout->addLayout(newButtons);
    m_newList = new QListWidget(newBox);
    m_newList->setObjectName(QStringLiteral("newSendersListWidget"));
    m_newList->setAccessibleName(tr("New senders"));
    m_newList->setMaximumHeight(90);
    newLayout->addWidget(m_newList);
    layout->addWidget(newBox);

    m_sweeperCheck = new QCheckBox(tr("Add them as s&weepers (they answer replies)"), this);
    m_sweeperCheck->setObjectName(QStringLiteral("asSweepersCheckBox"));
    m_sweeperCheck->setAccessibleName(tr("Add as sweepers"));
    layout->addWidget(m_sweeperCheck);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setAccessibleName(tr("Problem"));
    m_messageLabel->setWordWrap(true);
    layout->addWidget(m_messageLabel);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("Add"));
    ok->setAccessibleName(tr("Add"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(m_buttons);

    connect(m_rosterFilter, &QLineEdit::textChanged, this, &AddSendersDialog::filterRoster);
    connect(m_rosterList, &QListWidget::itemChanged, this, &AddSendersDialog::refreshState);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &AddSendersDialog::refreshState);
    connect(m_emailEdit, &QLineEdit::textChanged, this, &AddSendersDialog::refreshState);
    connect(m_nameEdit, &QLineEdit::returnPressed, this, &AddSendersDialog::addNewSender);
    connect(m_emailEdit, &QLineEdit::returnPressed, this, &AddSendersDialog::addNewSender);
    connect(m_addNewButton, &QPushButton::clicked, this, &AddSendersDialog::addNewSender);
    connect(m_removeNewButton, &QPushButton::clicked, this, &AddSendersDialog::removeNewSender);
    connect(m_newList, &QListWidget::currentRowChanged, this, &AddSendersDialog::refreshState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        // A name typed but not yet put on the list is surely meant to be added too.
        if (!m_nameEdit->text().trimmed().isEmpty())
            addNewSender();
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refreshState();
    resize(440, sizeHint().height());
}

QVector<SenderId> AddSendersDialog::chosenRosterSenders() const
{
    QVector<SenderId> chosen;
    for (int i = 0; i < m_rosterList->count(); ++i)
        if (m_rosterList->item(i)->checkState() == Qt::Checked)
            chosen << m_rosterList->item(i)->data(SenderIdRole).toLongLong();
    return chosen;
}

bool AddSendersDialog::asSweepers() const
{
    return m_sweeperCheck->isChecked();
}

void AddSendersDialog::filterRoster(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_rosterList->count(); ++i) {
        QListWidgetItem* item = m_rosterList->item(i);
        item->setHidden(!needle.isEmpty() && !item->text().contains(needle, Qt::CaseInsensitive));
    }
}

QString AddSendersDialog::newSenderProblem() const
{
    const QString name = m_nameEdit->text().simplified();
    const QString email = m_emailEdit->text().trimmed();
    if (name.isEmpty())
        return email.isEmpty() ? QString() : tr("A new sender needs a name.");
    // Names are unique in the organisation: the roster and the command line find senders by name.
    auto sameName = [&](const Sender& s) { return s.name.compare(name, Qt::CaseInsensitive) == 0; };
    if (m_memberNames.contains(name, Qt::CaseInsensitive))
        return tr("\"%1\" is on this campaign already.").arg(name);
    if (std::any_of(m_roster.cbegin(), m_roster.cend(), sameName))
        return tr("\"%1\" is on the roster already: tick them above instead.").arg(name);
    if (std::any_of(m_newSenders.cbegin(), m_newSenders.cend(), sameName))
        return tr("\"%1\" is on the list of new senders already.").arg(name);
    if (!email.isEmpty() && !looksLikeEmail(email))
        return tr("\"%1\" is not an email address.").arg(email);
    return {};
}

void AddSendersDialog::addNewSender()
{
    const QString name = m_nameEdit->text().simplified();
    if (name.isEmpty() || !newSenderProblem().isEmpty()) {
        refreshState();
        return;
    }
    const QString email = m_emailEdit->text().trimmed();
    m_newSenders << Sender{UnassignedId, name, email};
    m_newList->addItem(shown(name, email));
    m_nameEdit->clear();
    m_emailEdit->clear();
    m_nameEdit->setFocus();
    refreshState();
}

void AddSendersDialog::removeNewSender()
{
    const int row = m_newList->currentRow();
    if (row < 0)
        return;
    m_newSenders.removeAt(row);
    delete m_newList->takeItem(row);
    refreshState();
}

void AddSendersDialog::refreshState()
{
    m_problem = newSenderProblem();
    const bool typing = !m_nameEdit->text().trimmed().isEmpty();
    if (m_problem.isEmpty() && chosenRosterSenders().isEmpty() && m_newSenders.isEmpty() && !typing)
        m_problem = tr("Tick senders from the roster, or create new ones.");
    m_addNewButton->setEnabled(typing && newSenderProblem().isEmpty());
    m_removeNewButton->setEnabled(m_newList->currentRow() >= 0);
    m_messageLabel->setText(m_problem);
    m_messageLabel->setVisible(!m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
