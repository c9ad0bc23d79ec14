#include "gui/store/ConnectionDialog.h"

#include "storage/Database.h"
#include "storage/PasswordVault.h"
#include "store/ui_ConnectionDialog.h"

#include <QApplication>
#include <QStyle>

#include <iterator>

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
    , m_ui(std::make_unique<Ui::ConnectionDialog>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("connectionDialog"));
    m_ui->setupUi(this);
    // The form names the encryption modes; these are their libpq values, in the form's order.
    const QString sslModes[] = {QString(), QStringLiteral("require"), QStringLiteral("verify-full"),
                                QStringLiteral("disable")};
    for (int i = 0; i < int(std::size(sslModes)); ++i)
        m_ui->sslModeComboBox->setItemData(i, sslModes[i]);
    // The warning icon is the style's, so it is taken at run time; it shows only with an error.
    m_ui->messageIconLabel->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_ui->messageIconLabel->hide();

    // The button box makes its own buttons; name them for tests and screen readers.
    QPushButton* connectButton = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    connectButton->setText(tr("&Connect"));
    connectButton->setObjectName(QStringLiteral("connectButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    fillServers(QString());
    connect(m_ui->savedServersComboBox, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &ConnectionDialog::serverChosen);
    connect(m_ui->forgetServerButton, &QPushButton::clicked, this, &ConnectionDialog::forgetServer);
    for (QLineEdit* edit :
         { m_ui->hostLineEdit, m_ui->databaseLineEdit, m_ui->userLineEdit, m_ui->passwordLineEdit })
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::updateState);
    connect(m_ui->rememberServerCheckBox, &QCheckBox::toggled, this, &ConnectionDialog::updateState);
    // The newest remembered server is the likeliest.
    if (m_ui->savedServersComboBox->count() > 1)
        m_ui->savedServersComboBox->setCurrentIndex(1);
    updateState();
    // The form's width; the height fits the message shown.
    resize(width(), sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::fillServers(const QString& current)
{
    const QSignalBlocker blocker(m_ui->savedServersComboBox);
    m_ui->savedServersComboBox->clear();
    m_ui->savedServersComboBox->addItem(tr("New server"), QString());
    for (const SavedServers::Server& s : SavedServers::all())
        m_ui->savedServersComboBox->addItem(serverLabel(s.address), s.identity());
    const int index = m_ui->savedServersComboBox->findData(current);
    m_ui->savedServersComboBox->setCurrentIndex(index < 0 ? 0 : index);
}

void ConnectionDialog::selectServer(const QString& identity)
{
    const int index = m_ui->savedServersComboBox->findData(identity);
    if (index > 0)
        m_ui->savedServersComboBox->setCurrentIndex(index);
}

void ConnectionDialog::showError(const QString& message)
{
    m_ui->messageIconLabel->show();
    m_ui->connectionMessageLabel->setText(message);
}

void ConnectionDialog::showNote(const QString& message)
{
    m_ui->messageIconLabel->hide();
    m_ui->connectionMessageLabel->setText(message);
}

void ConnectionDialog::serverChosen()
{
    const QString identity = m_ui->savedServersComboBox->currentData().toString();
    const std::optional<SavedServers::Server> server = SavedServers::find(identity);
    showNote(QString());
    if (!server) {
        for (QLineEdit* edit :
             { m_ui->hostLineEdit, m_ui->databaseLineEdit, m_ui->userLineEdit, m_ui->passwordLineEdit })
            edit->clear();
        m_ui->portSpinBox->setValue(DefaultPort);
        m_ui->sslModeComboBox->setCurrentIndex(0);
        m_ui->rememberServerCheckBox->setChecked(true);
        m_ui->rememberPasswordCheckBox->setChecked(true);
        updateState();
        return;
    }
    m_ui->hostLineEdit->setText(server->address.host);
    m_ui->portSpinBox->setValue(server->address.port);
    m_ui->databaseLineEdit->setText(server->address.database);
    m_ui->userLineEdit->setText(server->address.user);
    const QString mode = server->address.options.section(QStringLiteral("sslmode="), 1).section(QLatin1Char(';'), 0, 0);
    const int ssl = m_ui->sslModeComboBox->findData(mode);
    m_ui->sslModeComboBox->setCurrentIndex(ssl < 0 ? 0 : ssl);
    m_ui->rememberServerCheckBox->setChecked(true);
    m_ui->rememberPasswordCheckBox->setChecked(server->passwordInKeychain);
    const Outcome<ConnectionString> address = SavedServers::addressWithPassword(*server, m_vault);
    m_ui->passwordLineEdit->setText(address ? address->password : QString());
    if (!address)
        showError(tr("%1 Type it again.").arg(address.error()));
    updateState();
}

void ConnectionDialog::forgetServer()
{
    const QString identity = m_ui->savedServersComboBox->currentData().toString();
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
    c.host = m_ui->hostLineEdit->text().trimmed();
    c.port = m_ui->portSpinBox->value();
    c.database = m_ui->databaseLineEdit->text().trimmed();
    c.user = m_ui->userLineEdit->text().trimmed();
    c.password = m_ui->passwordLineEdit->text();
    c.options = sslOption(m_ui->sslModeComboBox->currentData().toString());
    return c;
}

void ConnectionDialog::updateState()
{
    m_ui->forgetServerButton->setEnabled(!m_ui->savedServersComboBox->currentData().toString().isEmpty());
    m_ui->rememberPasswordCheckBox->setEnabled(m_ui->rememberServerCheckBox->isChecked()
                                               && !m_ui->passwordLineEdit->text().isEmpty());
    const ConnectionString c = address();
    const bool complete = !c.host.isEmpty() && !c.database.isEmpty() && !c.user.isEmpty();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(complete);
    // Why Connect is off, unless something more important is said.
    const QString hint = tr("Type the server's host, the database and your user name.");
    const QString shown = m_ui->connectionMessageLabel->text();
    if (!complete && (shown.isEmpty() || shown == hint))
        showNote(hint);
    else if (complete && shown == hint)
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
    m_ui->connectionMessageLabel->repaint();
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
    const bool keepPassword = m_ui->rememberServerCheckBox->isChecked()
        && m_ui->rememberPasswordCheckBox->isChecked() && !c.password.isEmpty();
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
    if (m_ui->rememberServerCheckBox->isChecked())
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
