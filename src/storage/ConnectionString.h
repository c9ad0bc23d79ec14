#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Handoff {

// Where the data lives, as the user writes it:
//   sqlite:///absolute/path/to/file.db
//   postgresql://user:password@host:port/database?sslmode=require
// Only the libpq options in acceptedOptions() may follow the database, each once: the
// others (host, hostaddr, port, service, passfile…) could send the password elsewhere.
struct ConnectionString
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::ConnectionString)

public:
    enum class Kind {
        Sqlite,
        Postgres,
    };

    Kind kind = Kind::Sqlite;
    QString path;       // SQLite file
    QString host;       // PostgreSQL
    int port = 5432;
    QString user;
    QString password;
    QString database;
    // PostgreSQL connect options as key=value;key=value, e.g. "sslmode=require": only
    // accepted ones, whose values hold no ';' and no control character.
    QString options;

    static Outcome<ConnectionString> parse(const QString& url);
    // HANDOFF_DB when set, else localUrl().
    static QString defaultUrl();
    // The SQLite file in the user's data directory.
    static QString localUrl();

    // The libpq options a PostgreSQL address may carry, in the order the README lists them.
    static QStringList acceptedOptions();

    QString driverName() const;
    // The options as QPSQL passes them to libpq: every value quoted, so that none can
    // add a keyword of its own.
    QString driverOptions() const;
    // The URL with any password hidden, fit for messages and logs.
    QString displayString() const;
    // The URL that parse() reads back into these same fields, password included.
    QString toUrl() const;
    // The URL without password or options: names the same server, database and user
    // whatever the password, so it keys remembered settings and the keychain entry.
    QString identity() const;
};

} // namespace Handoff
