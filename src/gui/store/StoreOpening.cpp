#include "gui/store/StoreOpening.h"

#include "gui/DialogRunner.h"
#include "gui/MessageBox.h"
#include "gui/store/ConnectionDialog.h"
#include "gui/store/SavedServers.h"
#include "gui/store/StoreRecovery.h"
#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "storage/PasswordVault.h"
#include "storage/StoreCheck.h"

#include <QFileInfo>

namespace Handoff {

std::unique_ptr<Database> StoreOpening::openNamed(const QString& url)
{
    const Outcome<ConnectionString> address = ConnectionString::parse(url);
    if (address && address->kind == ConnectionString::Kind::Sqlite && !QFileInfo::exists(address->path)
        && address->path != ConnectionString::parse(ConnectionString::localUrl())->path) {
        const MessageBox::Button answer = MessageBox::question(nullptr, tr("New Store"),
            tr("There is no store at %1. Create a new, empty store there?").arg(address->path),
            MessageBox::Buttons(QMessageBox::Yes | QMessageBox::No), QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return nullptr;
    }
    Outcome<std::unique_ptr<Database>> db = Database::open(url);
    if (!db) {
        // A damaged file is no dead end: restore a backup, start anew or open another file.
        if (StoreCheck::isDamaged(url))
            return StoreRecovery::run(url);
        MessageBox::critical(nullptr, tr("Handoff"), db.error());
        return nullptr;
    }
    return std::move(*db);
}

std::unique_ptr<Database> StoreOpening::openRememberedServer()
{
    const QString identity = SavedServers::lastServer();
    const std::optional<SavedServers::Server> server = SavedServers::find(identity);
    if (!server)
        return nullptr;
    const Outcome<ConnectionString> address = SavedServers::addressWithPassword(*server, PasswordVault::instance());
    QString problem = address.error();
    if (address) {
        Outcome<std::unique_ptr<Database>> db = Database::open(address->toUrl());
        if (db)
            return std::move(*db);
        problem = db.error();
    }
    // Say why, and let the user type the password again or pick another server;
    // Cancel opens the local store.
    ConnectionDialog dialog(PasswordVault::instance());
    dialog.selectServer(identity);
    dialog.showError(problem);
    if (DialogRunner::exec(dialog) != QDialog::Accepted)
        return nullptr;
    std::unique_ptr<Database> db = dialog.takeDatabase();
    if (db)
        SavedServers::noteOpened(db->location().identity());
    return db;
}

} // namespace Handoff
