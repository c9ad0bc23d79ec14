#include "storage/ConnectionString.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>
#include <QVector>

#include <algorithm>

namespace Handoff {

namespace {
// The libpq options a manager may need in an address, and the values each takes (an
// empty list: any text). Anything that chooses where to connect or what to send is left
// out: host, hostaddr, port, service, passfile, options, dbname, user, password.
struct AcceptedOption
{
    const char* name;
    QStringList values;
};

const QVector<AcceptedOption>& acceptedOptionList()
{
    static const QVector<AcceptedOption> list = {
        { "sslmode",
            { QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"), QStringLiteral("require"),
                QStringLiteral("verify-ca"), QStringLiteral("verify-full") } },
        { "connect_timeout", {} },
        { "application_name", {} },
        { "sslrootcert", {} },
        { "sslcert", {} },
        { "sslkey", {} },
        { "target_session_attrs",
            { QStringLiteral("any"), QStringLiteral("read-write"), QStringLiteral("read-only"),
                QStringLiteral("primary"), QStringLiteral("standby"), QStringLiteral("prefer-standby") } },
    };
    return list;
}

bool hasControlCharacter(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

// The address as a message may show it: whatever comes before the host (user and
// password) is left out, since a mistyped address may still hold the password.
QString shownAddress(const QString& text)
{
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return text;
    return (scheme >= 0 && scheme < at ? text.left(scheme + 3) : QString()) + QStringLiteral("…") + text.mid(at);
}

Outcome<ConnectionString> refused(const QString& message)
{
    return Outcome<ConnectionString>::failure(message);
}

// Checks one option of a PostgreSQL address; an empty answer means it is fine.
QString checkOption(const QString& key, const QString& value)
{
    const auto& list = acceptedOptionList();
    const auto option = std::find_if(
        list.cbegin(), list.cend(), [&](const AcceptedOption& o) { return key == QLatin1String(o.name); });
    if (option == list.cend())
        return ConnectionString::tr("The PostgreSQL address has the option \"%1\", which Handoff does not pass on; "
                                    "it accepts %2.")
            .arg(key, ConnectionString::acceptedOptions().join(QStringLiteral(", ")));
    if (value.isEmpty())
        return ConnectionString::tr("The option %1 of the PostgreSQL address has no value.").arg(key);
    if (!option->values.isEmpty() && !option->values.contains(value))
        return ConnectionString::tr("The option %1 of the PostgreSQL address cannot be \"%2\"; it is one of %3.")
            .arg(key, value, option->values.join(QStringLiteral(", ")));
    if (key == QLatin1String("connect_timeout")
        && !QRegularExpression(QStringLiteral("^[0-9]{1,6}$")).match(value).hasMatch())
        return ConnectionString::tr("The option connect_timeout of the PostgreSQL address must be a whole number "
                                    "of seconds, not \"%1\".")
            .arg(value);
    // QPSQL turns every ';' of its options into a space, inside quotes too.
    if (value.contains(QLatin1Char(';')))
        return ConnectionString::tr("The option %1 of the PostgreSQL address cannot hold \";\".").arg(key);
    return QString();
}

// libpq's quoting of a value in a connection string.
QString quotedValue(QString value)
{
    value.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    value.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}
} // namespace

Outcome<ConnectionString> ConnectionString::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    ConnectionString c;
    if (trimmed.startsWith(QLatin1String("sqlite://"))) {
        c.kind = Kind::Sqlite;
        c.path = QUrl::fromPercentEncoding(trimmed.mid(int(qstrlen("sqlite://"))).toUtf8());
        if (c.path.isEmpty() || !QDir::isAbsolutePath(c.path))
            return refused(ConnectionString::tr("A SQLite store needs an absolute path, as in sqlite:///home/me/handoff.db (got \"%1\").")
                    .arg(shownAddress(text)));
        // A NUL would end the path where SQLite reads it: real.db%00.backup opens real.db.
        if (hasControlCharacter(c.path))
            return refused(ConnectionString::tr("The path of a SQLite store cannot hold a control character (such as "
                                                "%00 or a line break)."));
        return c;
    }
    if (trimmed.startsWith(QLatin1String("postgresql://")) || trimmed.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.hasFragment() || url.port() == 0)
            return refused(ConnectionString::tr("Cannot read the PostgreSQL address \"%1\"; write it as postgresql://user:password@host:port/database.")
                    .arg(shownAddress(text)));
        c.kind = Kind::Postgres;
        c.host = url.host();
        c.port = url.port(5432);
        c.user = url.userName(QUrl::FullyDecoded);
        c.password = url.password(QUrl::FullyDecoded);
        c.database = url.path(QUrl::FullyDecoded).mid(1);
        if (c.database.isEmpty())
            return refused(ConnectionString::tr("The PostgreSQL address names no database; add it after the host, as in postgresql://host/handoff."));
        for (const QString& part : { c.host, c.user, c.password, c.database }) {
            if (hasControlCharacter(part))
                return refused(ConnectionString::tr("The PostgreSQL address cannot hold a control character (such as "
                                                    "%00 or a line break)."));
        }
        QStringList opts;
        QStringList seen;
        // Split while still encoded, so that an escaped '&' or '=' stays inside its value.
        const QString query = url.query(QUrl::FullyEncoded);
        const QStringList items = query.isEmpty() ? QStringList() : query.split(QLatin1Char('&'));
        for (const QString& item : items) {
            const qsizetype equals = item.indexOf(QLatin1Char('='));
            const QString key = QUrl::fromPercentEncoding(item.left(equals).toUtf8());
            const QString value = equals < 0 ? QString() : QUrl::fromPercentEncoding(item.mid(equals + 1).toUtf8());
            if (hasControlCharacter(key) || hasControlCharacter(value))
                return refused(ConnectionString::tr("The PostgreSQL address cannot hold a control character (such as "
                                                    "%00 or a line break)."));
            if (equals <= 0)
                return refused(ConnectionString::tr("Cannot read the option \"%1\" of the PostgreSQL address; write "
                                                    "options as ?name=value&name=value.")
                        .arg(key));
            if (seen.contains(key))
                return refused(ConnectionString::tr("The option %1 is given twice in the PostgreSQL address.").arg(key));
            if (const QString problem = checkOption(key, value); !problem.isEmpty())
                return refused(problem);
            seen << key;
            opts << key + QLatin1Char('=') + value;
        }
        c.options = opts.join(QLatin1Char(';'));
        return c;
    }
    return refused(ConnectionString::tr("Unknown store \"%1\": use sqlite:///absolute/path.db or postgresql://user:password@host:port/database.")
            .arg(shownAddress(text)));
}

QStringList ConnectionString::acceptedOptions()
{
    QStringList names;
    for (const AcceptedOption& o : acceptedOptionList())
        names << QLatin1String(o.name);
    return names;
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

QString ConnectionString::driverOptions() const
{
    QStringList quoted;
    for (const QString& item : options.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        quoted << item.section(QLatin1Char('='), 0, 0) + QLatin1Char('=') + quotedValue(item.section(QLatin1Char('='), 1));
    return quoted.join(QLatin1Char(';'));
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
        // Encoded here, so that a value holding '&', '=' or '%' reads back whole.
        QStringList items;
        for (const QString& item : options.split(QLatin1Char(';'), Qt::SkipEmptyParts))
            items << QString::fromUtf8(QUrl::toPercentEncoding(item.section(QLatin1Char('='), 0, 0)) + '='
                + QUrl::toPercentEncoding(item.section(QLatin1Char('='), 1)));
        url.setQuery(items.join(QLatin1Char('&')), QUrl::StrictMode);
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
