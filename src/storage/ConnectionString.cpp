#include "ConnectionString.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace Handoff {

Outcome<ConnectionString> ConnectionString::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    ConnectionString c;
    if (trimmed.startsWith(QLatin1String("sqlite://"))) {
        c.kind = Kind::Sqlite;
        c.path = QUrl::fromPercentEncoding(trimmed.mid(int(qstrlen("sqlite://"))).toUtf8());
        if (c.path.isEmpty() || !QDir::isAbsolutePath(c.path))
            return Outcome<ConnectionString>::failure(
                ConnectionString::tr("A SQLite store needs an absolute path, as in sqlite:///home/me/handoff.db (got \"%1\").")
                    .arg(text));
        return c;
    }
    if (trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return Outcome<ConnectionString>::failure(
                ConnectionString::tr("Cannot read the PostgreSQL address \"…%1\"; write it as postgresql://user:password@host:port/database.")
                    .arg(text.section(QLatin1Char('@'), -1)));
        c.kind = Kind::Postgres;
        c.host = url.host();
        c.port = url.port(5432);
        c.user = url.userName(QUrl::FullyDecoded);
        c.password = url.password(QUrl::FullyDecoded);
        c.database = url.path(QUrl::FullyDecoded).mid(1);
        if (c.database.isEmpty())
            return Outcome<ConnectionString>::failure(
                ConnectionString::tr("The PostgreSQL address names no database; add it after the host, as in postgresql://host/handoff."));
        QStringList opts;
        const QUrlQuery query(url);
        for (const auto& item : query.queryItems(QUrl::FullyDecoded))
            opts << item.first + QLatin1Char('=') + item.second;
        c.options = opts.join(QLatin1Char(';'));
        return c;
    }
    return Outcome<ConnectionString>::failure(
        ConnectionString::tr("Unknown store \"%1\": use sqlite:///absolute/path.db or postgresql://user:password@host:port/database.")
            .arg(text));
}

QString ConnectionString::defaultUrl()
{
    const QString env = qEnvironmentVariable("HANDOFF_DB");
    return env.isEmpty() ? localUrl() : env;
}

QString ConnectionString::localUrl()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/handoff");
    return QStringLiteral("sqlite://") + QDir(dir).absoluteFilePath(QStringLiteral("handoff.db"));
}

QString ConnectionString::driverName() const
{
    return kind == Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString ConnectionString::displayString() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite://") + path;
    QString s = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        s += user + (password.isEmpty() ? QString() : QStringLiteral(":***")) + QLatin1Char('@');
    return s + host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + database;
}

QString ConnectionString::toUrl() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite://") + QString::fromUtf8(QUrl::toPercentEncoding(path, "/"));
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(QLatin1Char('/') + database);
    if (!options.isEmpty()) {
        QUrlQuery query;
        for (const QString& item : options.split(QLatin1Char(';'), Qt::SkipEmptyParts))
            query.addQueryItem(item.section(QLatin1Char('='), 0, 0), item.section(QLatin1Char('='), 1));
        url.setQuery(query);
    }
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectionString::identity() const
{
    ConnectionString plain = *this;
    plain.password.clear();
    plain.options.clear();
    return plain.toUrl();
}

} // namespace Handoff
