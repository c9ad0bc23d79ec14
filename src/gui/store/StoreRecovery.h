#pragma once

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Handoff {

class Database;

// The way forward from a damaged store at start: asks (StoreRecoveryDialog) and does
// what the manager chose, through the same StoreBackup functions as File ▸ Restore…
// and handoff-cli restore. The damaged file is never overwritten.
class StoreRecovery
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::StoreRecovery)

public:
    // url names a damaged SQLite store (StoreCheck::isDamaged). Returns the store to open
    // the window on, or nothing when the manager quits.
    static std::unique_ptr<Database> run(const QString& url);
};

} // namespace Handoff
