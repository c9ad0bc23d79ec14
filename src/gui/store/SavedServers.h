#pragma once

#include "storage/ConnectionString.h"

#include <QCoreApplication>
#include <QString>
#include <QVector>

#include <optional>

namespace Handoff {

class PasswordVault;

// The PostgreSQL servers the window remembers, in the user's settings: where they
// are and who logs in, never the password (that goes to the PasswordVault, under
// the server's identity). Also which store the window opened last.
class SavedServers final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::SavedServers)

public:
    struct Server
    {
        ConnectionString address;        // without password
        bool passwordInKeychain = false;

        QString identity() const { return address.identity(); }
    };

    static QVector<Server> all();
    static std::optional<Server> find(const QString& identity);
    // Adds the server, or updates the one with the same identity; newest first.
    static void remember(const Server& server);
    static void forget(const QString& identity);
    // The server's address with the password the vault keeps for it, if it keeps one.
    static Outcome<ConnectionString> addressWithPassword(const Server& server, PasswordVault& vault);

    // The identity of the server the window last opened, or empty for the local store.
    static QString lastServer();
    static void setLastServer(const QString& identity);
    // The window opened the store with this identity: the next start opens it again
    // when it is a remembered server, else the local store.
    static void noteOpened(const QString& identity);
};

} // namespace Handoff
