#include "gui/store/SavedServers.h"

#include "storage/PasswordVault.h"

#include <QSettings>

namespace Handoff {

namespace {

const QString ArrayKey = QStringLiteral("servers");
const QString LastKey = QStringLiteral("store/lastServer");

void store(const QVector<SavedServers::Server>& servers)
{
    QSettings settings;
    settings.remove(ArrayKey);
    settings.beginWriteArray(ArrayKey, int(servers.size()));
    for (int i = 0; i < servers.size(); ++i) {
        const SavedServers::Server& s = servers.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("host"), s.address.host);
        settings.setValue(QStringLiteral("port"), s.address.port);
        settings.setValue(QStringLiteral("database"), s.address.database);
        settings.setValue(QStringLiteral("user"), s.address.user);
        settings.setValue(QStringLiteral("options"), s.address.options);
        settings.setValue(QStringLiteral("passwordInKeychain"), s.passwordInKeychain);
    }
    settings.endArray();
}

} // namespace

QVector<SavedServers::Server> SavedServers::all()
{
    QSettings settings;
    QVector<Server> servers;
    const int count = settings.beginReadArray(ArrayKey);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        Server s;
        s.address.kind = ConnectionString::Kind::Postgres;
        s.address.host = settings.value(QStringLiteral("host")).toString();
        s.address.port = settings.value(QStringLiteral("port"), 5432).toInt();
        s.address.database = settings.value(QStringLiteral("database")).toString();
        s.address.user = settings.value(QStringLiteral("user")).toString();
        s.address.options = settings.value(QStringLiteral("options")).toString();
        s.passwordInKeychain = settings.value(QStringLiteral("passwordInKeychain")).toBool();
        if (!s.address.host.isEmpty() && !s.address.database.isEmpty())
            servers << s;
    }
    settings.endArray();
    return servers;
}

std::optional<SavedServers::Server> SavedServers::find(const QString& identity)
{
    for (const Server& s : all()) {
        if (s.identity() == identity)
            return s;
    }
    return std::nullopt;
}

void SavedServers::remember(const Server& server)
{
    Server plain = server;
    plain.address.password.clear();
    QVector<Server> servers { plain };
    for (const Server& s : all()) {
        if (s.identity() != plain.identity())
            servers << s;
    }
    store(servers);
}

void SavedServers::forget(const QString& identity)
{
    QVector<Server> servers = all();
    servers.removeIf([&](const Server& s) { return s.identity() == identity; });
    store(servers);
    if (lastServer() == identity)
        setLastServer(QString());
}

Outcome<ConnectionString> SavedServers::addressWithPassword(const Server& server, PasswordVault& vault)
{
    ConnectionString address = server.address;
    if (!server.passwordInKeychain)
        return address;
    const Outcome<QString> password = vault.read(server.identity());
    if (!password)
        return Outcome<ConnectionString>::failure(
            tr("The password kept for this server could not be read: %1.").arg(password.error()));
    address.password = *password;
    return address;
}

void SavedServers::noteOpened(const QString& identity)
{
    setLastServer(find(identity) ? identity : QString());
}

QString SavedServers::lastServer()
{
    return QSettings().value(LastKey).toString();
}

void SavedServers::setLastServer(const QString& identity)
{
    QSettings().setValue(LastKey, identity);
}

} // namespace Handoff
