#pragma once

#include "gui/store/SavedServers.h"

#include <QDialog>

#include <memory>

namespace Handoff {

namespace Ui {
class ConnectionDialog;
}

class Database;
class PasswordVault;

// Connect to Server: the team's PostgreSQL server, typed in or picked from the ones
// remembered. Connect opens the store there and, only when that worked, remembers
// the server (settings) and its password (the vault, never a settings file); a
// failure stays in the dialog, said plainly, with nothing remembered.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)

public:
    explicit ConnectionDialog(PasswordVault& vault, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    // Shows a remembered server, its password read from the vault.
    void selectServer(const QString& identity);
    // Shows why the last attempt failed, e.g. when a remembered server did not answer at start.
    void showError(const QString& message);

    // The store opened by Connect; empty until then.
    std::unique_ptr<Database> takeDatabase();
    // What went wrong after connecting (the keychain refused the password), for the window to say.
    QString notice() const { return m_notice; }

    void accept() override;

private:
    void serverChosen();
    void forgetServer();
    void updateState();
    void showNote(const QString& message);
    ConnectionString address() const;
    void fillServers(const QString& current);

    PasswordVault& m_vault;
    std::unique_ptr<Database> m_db;
    QString m_notice;
    std::unique_ptr<Ui::ConnectionDialog> m_ui;
};

} // namespace Handoff
