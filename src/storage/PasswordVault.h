#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QString>

namespace Handoff {

// Where the passwords of remembered servers are kept: the system keychain (Secret
// Service or KWallet, through QtKeychain), never a settings file. The window writes
// them (File ▸ Connect to Server…); the window and handoff-cli read them for an
// address without a password. Tests put a vault of their own in its place with
// setInstance().
class PasswordVault
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::PasswordVault)

public:
    virtual ~PasswordVault() = default;

    // The password kept under key; empty when none is kept; a failure when the
    // keychain cannot be read.
    virtual Outcome<QString> read(const QString& key) = 0;
    virtual Outcome<Done> write(const QString& key, const QString& password) = 0;
    // Forgets the password under key; forgetting one that is not kept succeeds.
    virtual Outcome<Done> remove(const QString& key) = 0;

    // The system keychain unless a test replaced it.
    static PasswordVault& instance();
    // vault stays the caller's; nullptr brings the system keychain back.
    static void setInstance(PasswordVault* vault);
};

} // namespace Handoff
