#include "gui/senders/AddSendersDialog.h"

#include "senders/ui_AddSendersDialog.h"

#include "controller/CampaignService.h"

#include <algorithm>

namespace Handoff {

namespace {
constexpr int SenderIdRole = Qt::UserRole + 1;

QString shown(const QString& name, const QString& email, const QString& number = {})
{
    const QString who = email.isEmpty() ? name : AddSendersDialog::tr("%1 <%2>").arg(name, email);
    return number.isEmpty() ? who : AddSendersDialog::tr("%1, texts from %2").arg(who, number);
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
    , m_ui(std::make_unique<Ui::AddSendersDialog>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("addSendersDialog"));
    m_ui->setupUi(this);
    m_allSenders = roster;
    for (const CampaignSender& m : members)
        m_memberNames << m.name;
    for (const Sender& s : roster) {
        const bool member = std::any_of(members.cbegin(), members.cend(),
                                        [&](const CampaignSender& m) { return m.id == s.id; });
        if (!member)
            m_roster << s;
    }

    for (const Sender& s : std::as_const(m_roster)) {
        auto* item = new QListWidgetItem(shown(s.name, s.email, s.number), m_ui->rosterListWidget);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, s.id);
    }
    // With no one left to tick, the roster box only says so.
    m_ui->rosterEmptyLabel->setVisible(m_roster.isEmpty());
    m_ui->rosterFilterLineEdit->setVisible(!m_roster.isEmpty());
    m_ui->rosterListWidget->setVisible(!m_roster.isEmpty());

    // The button box makes its own buttons; name them for tests and screen readers.
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("Add"));
    ok->setAccessibleName(tr("Add"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    connect(m_ui->rosterFilterLineEdit, &QLineEdit::textChanged, this, &AddSendersDialog::filterRoster);
    connect(m_ui->rosterListWidget, &QListWidget::itemChanged, this, &AddSendersDialog::refreshState);
    connect(m_ui->newSenderNameLineEdit, &QLineEdit::textChanged, this, &AddSendersDialog::refreshState);
    connect(m_ui->newSenderEmailLineEdit, &QLineEdit::textChanged, this, &AddSendersDialog::refreshState);
    connect(m_ui->newSenderNumberLineEdit, &QLineEdit::textChanged, this, &AddSendersDialog::refreshState);
    connect(m_ui->newSenderNumberLineEdit, &QLineEdit::returnPressed, this, &AddSendersDialog::addNewSender);
    connect(m_ui->newSenderNameLineEdit, &QLineEdit::returnPressed, this, &AddSendersDialog::addNewSender);
    connect(m_ui->newSenderEmailLineEdit, &QLineEdit::returnPressed, this, &AddSendersDialog::addNewSender);
    connect(m_ui->createSenderButton, &QPushButton::clicked, this, &AddSendersDialog::addNewSender);
    connect(m_ui->removeNewSenderButton, &QPushButton::clicked, this, &AddSendersDialog::removeNewSender);
    connect(m_ui->newSendersListWidget, &QListWidget::currentRowChanged, this,
            &AddSendersDialog::refreshState);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        // A name typed but not yet put on the list is surely meant to be added too.
        if (!m_ui->newSenderNameLineEdit->text().trimmed().isEmpty())
            addNewSender();
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refreshState();
    // The form's width; the height fits the roster shown.
    resize(width(), sizeHint().height());
}

AddSendersDialog::~AddSendersDialog() = default;

QVector<SenderId> AddSendersDialog::chosenRosterSenders() const
{
    QVector<SenderId> chosen;
    for (int i = 0; i < m_ui->rosterListWidget->count(); ++i)
        if (m_ui->rosterListWidget->item(i)->checkState() == Qt::Checked)
            chosen << m_ui->rosterListWidget->item(i)->data(SenderIdRole).toLongLong();
    return chosen;
}

bool AddSendersDialog::asSweepers() const
{
    return m_ui->asSweepersCheckBox->isChecked();
}

void AddSendersDialog::filterRoster(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_ui->rosterListWidget->count(); ++i) {
        QListWidgetItem* item = m_ui->rosterListWidget->item(i);
        item->setHidden(!needle.isEmpty() && !item->text().contains(needle, Qt::CaseInsensitive));
    }
}

QString AddSendersDialog::newSenderProblem() const
{
    const QString name = m_ui->newSenderNameLineEdit->text().simplified();
    const QString email = m_ui->newSenderEmailLineEdit->text().trimmed();
    const QString typedNumber = m_ui->newSenderNumberLineEdit->text().trimmed();
    if (name.isEmpty())
        return email.isEmpty() && typedNumber.isEmpty() ? QString() : tr("A new sender needs a name.");
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
    const auto number = CampaignService::textingNumber(typedNumber);
    if (!number)
        return number.error();
    if (!number->isEmpty()) {
        // A number belongs to one sender: the store says so too, but here before Add.
        auto sameNumber = [&](const Sender& s) { return s.number == *number; };
        auto holder = std::find_if(m_allSenders.cbegin(), m_allSenders.cend(), sameNumber);
        if (holder != m_allSenders.cend())
            return tr("%1 is already the texting number of \"%2\".").arg(*number, holder->name);
        holder = std::find_if(m_newSenders.cbegin(), m_newSenders.cend(), sameNumber);
        if (holder != m_newSenders.cend())
            return tr("%1 is already the texting number of \"%2\".").arg(*number, holder->name);
    }
    return {};
}

void AddSendersDialog::addNewSender()
{
    const QString name = m_ui->newSenderNameLineEdit->text().simplified();
    if (name.isEmpty() || !newSenderProblem().isEmpty()) {
        refreshState();
        return;
    }
    const QString email = m_ui->newSenderEmailLineEdit->text().trimmed();
    const auto typedNumber = CampaignService::textingNumber(m_ui->newSenderNumberLineEdit->text());
    const QString number = typedNumber ? *typedNumber : QString();
    m_newSenders << Sender{UnassignedId, name, email, number};
    m_ui->newSendersListWidget->addItem(shown(name, email, number));
    m_ui->newSenderNameLineEdit->clear();
    m_ui->newSenderEmailLineEdit->clear();
    m_ui->newSenderNumberLineEdit->clear();
    m_ui->newSenderNameLineEdit->setFocus();
    refreshState();
}

void AddSendersDialog::removeNewSender()
{
    const int row = m_ui->newSendersListWidget->currentRow();
    if (row < 0)
        return;
    m_newSenders.removeAt(row);
    delete m_ui->newSendersListWidget->takeItem(row);
    refreshState();
}

void AddSendersDialog::refreshState()
{
    m_problem = newSenderProblem();
    const bool typing = !m_ui->newSenderNameLineEdit->text().trimmed().isEmpty();
    if (m_problem.isEmpty() && chosenRosterSenders().isEmpty() && m_newSenders.isEmpty() && !typing)
        m_problem = tr("Tick senders from the roster, or create new ones.");
    m_ui->createSenderButton->setEnabled(typing && newSenderProblem().isEmpty());
    m_ui->removeNewSenderButton->setEnabled(m_ui->newSendersListWidget->currentRow() >= 0);
    m_ui->messageLabel->setText(m_problem);
    m_ui->messageLabel->setVisible(!m_problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
