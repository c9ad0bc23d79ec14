#pragma once

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Handoff {

class Database;

// Which store the window opens with, before there is a window.
class StoreOpening final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::StoreOpening)

public:
    // Opens the store named on the command line or in HANDOFF_DB. Asks before creating a
    // SQLite store anywhere but the local store's place, where a mistyped path would
    // quietly become a new, empty store; says why when it cannot be opened; offers the
    // recovery dialog for a damaged file. Returns nothing when no store was opened.
    static std::unique_ptr<Database> openNamed(const QString& url);

    // The store to open when none is named on the command line: the team server
    // opened last, if it is remembered, its password from the keychain. When that
    // fails, the connection dialog says why and lets the user try again. Returns
    // nothing to mean the local store.
    static std::unique_ptr<Database> openRememberedServer();
};

} // namespace Handoff
