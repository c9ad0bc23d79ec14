#include "ConnectionDialog.h"

#include "Database.h"
#include "PasswordVault.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace Handoff {

namespace {
constexpr int DefaultPort = 5432;

QString sslOption(const QString& mode)
{
    return mode.isEmpty() ? QString() : QStringLiteral("sslmode=") + mode;
}

QString serverLabel(const ConnectionString& address)
{
    return ConnectionDialog::tr("%1 on %2 (%3)").arg(address.database, address.host, address.user);
}
} // namespace

ConnectionDialog::ConnectionDialog(PasswordVault& vault, QWidget* parent)
    : QDialog(parent)
    , m_vault(vault)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect to Server"));
    setAccessibleName(tr("Connect to Server"));

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The PostgreSQL server your team shares. Whoever runs it can tell you these details."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* savedRow = new QHBoxLayout;
    m_servers = new QComboBox(this);
    m_servers->setObjectName(QStringLiteral("savedServersComboBox"));
    m_servers->setAccessibleName(tr("Remembered servers"));
    savedRow->addWidget(m_servers, 1);
    m_forgetButton = new QPushButton(tr("&Forget"), this);
    m_forgetButton->setObjectName(QStringLiteral("forgetServerButton"));
    m_forgetButton->setAccessibleName(tr("Forget server"));
    m_forgetButton->setToolTip(tr("Forget this server and the password kept for it in the keychain"));
    savedRow->addWidget(m_forgetButton);
    form->addRow(tr("&Server:"), savedRow);
    static_cast<QLabel*>(form->labelForField(savedRow))->setBuddy(m_servers);

    auto* hostRow = new QHBoxLayout;
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("hostLineEdit"));
    m_host->setAccessibleName(tr("Host"));
    m_host->setPlaceholderText(tr("db.example.org"));
    hostRow->addWidget(m_host, 1);
    auto* portLabel = new QLabel(tr("P&ort:"), this);
    hostRow->addWidget(portLabel);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portSpinBox"));
    m_port->setAccessibleName(tr("Port"));
    m_port->setRange(1, 65535);
    m_port->setValue(DefaultPort);
    m_port->setGroupSeparatorShown(false);
    portLabel->setBuddy(m_port);
    hostRow->addWidget(m_port);
    form->addRow(tr("&Host:"), hostRow);
    static_cast<QLabel*>(form->labelForField(hostRow))->setBuddy(m_host);

    m_database = new QLineEdit(this);
    m_database->setObjectName(QStringLiteral("databaseLineEdit"));
    m_database->setAccessibleName(tr("Database"));
    m_database->setPlaceholderText(tr("handoff"));
    form->addRow(tr("&Database:"), m_database);

    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("userLineEdit"));
    m_user->setAccessibleName(tr("User"));
    form->addRow(tr("&User:"), m_user);

    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordLineEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Password:"), m_password);

    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(QStringLiteral("sslModeComboBox"));
    m_sslMode->setAccessibleName(tr("Encryption"));
    m_sslMode->addItem(tr("When the server offers it"), QString());
    m_sslMode->addItem(tr("Required"), QStringLiteral("require"));
    m_sslMode->addItem(tr("Required, with the server's certificate checked"), QStringLiteral("verify-full"));
    m_sslMode->addItem(tr("Never"), QStringLiteral("disable"));
    form->addRow(tr("&Encryption:"), m_sslMode);
    layout->addLayout(form);

    m_rememberServer = new QCheckBox(tr("&Remember this server"), this);
    m_rememberServer->setObjectName(QStringLiteral("rememberServerCheckBox"));
    m_rememberServer->setChecked(true);
    layout->addWidget(m_rememberServer);
    m_rememberPassword = new QCheckBox(tr("Remember the password in the system &keychain"), this);
    m_rememberPassword->setObjectName(QStringLiteral("rememberPasswordCheckBox"));
    m_rememberPassword->setToolTip(tr("The password goes to the keychain of your desktop (GNOME Keyring or KWallet), "
                                      "never into Handoff's settings"));
    m_rememberPassword->setChecked(true);
    layout->addWidget(m_rememberPassword);

    auto* messageRow = new QHBoxLayout;
    m_messageIcon = new QLabel(this);
    m_messageIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_messageIcon->setAlignment(Qt::AlignTop);
    m_messageIcon->hide();
    messageRow->addWidget(m_messageIcon);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("connectionMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageRow->addWidget(m_message, 1);
    layout->addLayout(messageRow);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("connectButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    fillServers(QString());
    connect(m_servers, qOverload<int>(&QComboBox::currentIndexChanged), this, &ConnectionDialog::serverChosen);
    connect(m_forgetButton, &QPushButton::clicked, this, &ConnectionDialog::forgetServer);
    for (QLineEdit* edit : { m_host, m_database, m_user, m_password })
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::updateState);
    connect(m_rememberServer, &QCheckBox::toggled, this, &ConnectionDialog::updateState);
    // The newest remembered server is the likeliest.
    if (m_servers->count() > 1)
        m_servers->setCurrentIndex(1);
    updateState();
    resize(480, sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::fillServers(const QString& current)
{
    const QSignalBlocker blocker(m_servers);
    m_servers->clear();
    m_servers->addItem(tr("New server"), QString());
    for (const SavedServers::Server& s : SavedServers::all())
        m_servers->addItem(serverLabel(s.address), s.identity());
    const int index = m_servers->findData(current);
    m_servers->setCurrentIndex(index < 0 ? 0 : index);
}

void ConnectionDialog::selectServer(const QString& identity)
{
    const int index = m_servers->findData(identity);
    if (index > 0)
        m_servers->setCurrentIndex(index);
}

void ConnectionDialog::showError(const QString& message)
{
    m_messageIcon->show();
    m_message->setText(message);
}

void ConnectionDialog::showNote(const QString& message)
{
    m_messageIcon->hide();
    m_message->setText(message);
}

void ConnectionDialog::serverChosen()
{
    const QString identity = m_servers->currentData().toString();
    const std::optional<SavedServers::Server> server = SavedServers::find(identity);
    showNote(QString());
    if (!server) {
        for (QLineEdit* edit : { m_host, m_database, m_user, m_password })
            edit->clear();
        m_port->setValue(DefaultPort);
        m_sslMode->setCurrentIndex(0);
        m_rememberServer->setChecked(true);
        m_rememberPassword->setChecked(true);
        updateState();
        return;
    }
    m_host->setText(server->address.host);
    m_port->setValue(server->address.port);
    m_database->setText(server->address.database);
    m_user->setText(server->address.user);
    const QString mode = server->address.options.section(QStringLiteral("sslmode="), 1).section(QLatin1Char(';'), 0, 0);
    const int ssl = m_sslMode->findData(mode);
    m_sslMode->setCurrentIndex(ssl < 0 ? 0 : ssl);
    m_rememberServer->setChecked(true);
    m_rememberPassword->setChecked(server->passwordInKeychain);
    const Outcome<ConnectionString> address = SavedServers::addressWithPassword(*server, m_vault);
    m_password->setText(address ? address->password : QString());
    if (!address)
        showError(tr("%1 Type it again.").arg(address.error()));
    updateState();
}

void ConnectionDialog::forgetServer()
{
    const QString identity = m_servers->currentData().toString();
    if (identity.isEmpty())
        return;
    const std::optional<SavedServers::Server> server = SavedServers::find(identity);
    SavedServers::forget(identity);
    fillServers(QString());
    serverChosen();
    if (server && server->passwordInKeychain) {
        if (const Outcome<Done> removed = m_vault.remove(identity); !removed) {
            showError(tr("The server is forgotten, but its password is still in the keychain: %1.")
                          .arg(removed.error()));
            return;
        }
    }
    showNote(tr("Forgot %1.").arg(server ? serverLabel(server->address) : identity));
}

ConnectionString ConnectionDialog::address() const
{
    ConnectionString c;
    c.kind = ConnectionString::Kind::Postgres;
    c.host = m_host->text().trimmed();
    c.port = m_port->value();
    c.database = m_database->text().trimmed();
    c.user = m_user->text().trimmed();
    c.password = m_password->text();
    c.options = sslOption(m_sslMode->currentData().toString());
    return c;
}

void ConnectionDialog::updateState()
{
    m_forgetButton->setEnabled(!m_servers->currentData().toString().isEmpty());
    m_rememberPassword->setEnabled(m_rememberServer->isChecked() && !m_password->text().isEmpty());
    const ConnectionString c = address();
    const bool complete = !c.host.isEmpty() && !c.database.isEmpty() && !c.user.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(complete);
    // Why Connect is off, unless something more important is said.
    const QString hint = tr("Type the server's host, the database and your user name.");
    if (!complete && (m_message->text().isEmpty() || m_message->text() == hint))
        showNote(hint);
    else if (complete && m_message->text() == hint)
        showNote(QString());
}

void ConnectionDialog::accept()
{
    const ConnectionString c = address();
    if (c.host.isEmpty() || c.database.isEmpty() || c.user.isEmpty()) {
        updateState();
        return;
    }
    showNote(tr("Connecting to %1…").arg(c.host));
    m_message->repaint();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Outcome<std::unique_ptr<Database>> opened = Database::open(c.toUrl());
    QApplication::restoreOverrideCursor();
    if (!opened) {
        showError(opened.error());
        return;
    }

    // Connected: only now is there something worth remembering.
    m_notice.clear();
    const QString identity = c.identity();
    const std::optional<SavedServers::Server> before = SavedServers::find(identity);
    const bool keepPassword = m_rememberServer->isChecked() && m_rememberPassword->isChecked() && !c.password.isEmpty();
    bool passwordKept = false;
    if (keepPassword) {
        if (const Outcome<Done> written = m_vault.write(identity, c.password); written)
            passwordKept = true;
        else
            m_notice = tr("Connected, but the password was not remembered: %1.").arg(written.error());
    } else if (before && before->passwordInKeychain) {
        if (const Outcome<Done> removed = m_vault.remove(identity); !removed)
            m_notice = tr("Connected, but the old password is still in the keychain: %1.").arg(removed.error());
    }
    if (m_rememberServer->isChecked())
        SavedServers::remember({ c, passwordKept });
    else if (before)
        SavedServers::forget(identity);

    m_db = std::move(*opened);
    QDialog::accept();
}

std::unique_ptr<Database> ConnectionDialog::takeDatabase()
{
    return std::move(m_db);
}

} // namespace Handoff
