#include "gui/store/StoreRecovery.h"

#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/FileDialog.h"
#include "gui/MessageBox.h"
#include "storage/StoreBackup.h"
#include "storage/StoreCheck.h"
#include "gui/store/StoreRecoveryDialog.h"

namespace Handoff {

std::unique_ptr<Database> StoreRecovery::run(const QString& url)
{
    const QString path = ConnectionString::parse(url)->path;
    // SQLite's own words, for whoever helps the manager; the dialog says the rest.
    const StoreFileReport found = StoreCheck::inspectFile(path, false);
    const QString problem = found.unreadable.isEmpty() ? found.integrityProblems.value(0) : found.unreadable;
    // Until something opens, or the manager quits: a choice that fails says why and asks again.
    for (;;) {
        StoreRecoveryDialog dialog(path, problem, StoreBackup::backups(path));
        if (DialogRunner::exec(dialog) != QDialog::Accepted)
            return nullptr;
        QString target = url;
        QString failure;
        switch (dialog.choice()) {
        case StoreRecoveryDialog::Choice::RestoreBackup:
            if (const Outcome<RestoreReport> restored = StoreBackup::restore(url, dialog.backup()); !restored)
                failure = restored.error();
            break;
        case StoreRecoveryDialog::Choice::NewStore:
            if (const Outcome<QString> aside = StoreBackup::setAside(path); !aside)
                failure = aside.error();
            break;
        case StoreRecoveryDialog::Choice::OpenOther: {
            const QString file = FileDialog::getOpenFileName(nullptr, tr("Open Store"),
                                                             tr("Handoff stores (*.db);;All files (*)"));
            if (file.isEmpty())
                continue;
            ConnectionString other;
            other.path = file;
            target = other.toUrl();
            break;
        }
        }
        if (failure.isEmpty()) {
            Outcome<std::unique_ptr<Database>> db = Database::open(target);
            if (db)
                return std::move(*db);
            failure = db.error();
        }
        MessageBox::warning(nullptr, tr("Handoff"), failure);
    }
}

} // namespace Handoff
