#pragma once

#include "Outcome.h"

#include <QCoreApplication>
#include <QString>

namespace Handoff {

// Where the data lives, as the user writes it:
//   sqlite:///absolute/path/to/file.db
//   postgresql://user:password@host:port/database?sslmode=require
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
    QString options;    // PostgreSQL connect options, e.g. "sslmode=require"

    static Outcome<ConnectionString> parse(const QString& url);
    // HANDOFF_DB when set, else localUrl().
    static QString defaultUrl();
    // The SQLite file in the user's data directory.
    static QString localUrl();

    QString driverName() const;
    // The URL with any password hidden, fit for messages and logs.
    QString displayString() const;
    // The URL that parse() reads back into these same fields, password included.
    QString toUrl() const;
    // The URL without password or options: names the same server, database and user
    // whatever the password, so it keys remembered settings and the keychain entry.
    QString identity() const;
};

} // namespace Handoff
