// The connection string that chooses the store: typed in, remembered, passed with --db
// or $HANDOFF_DB, possibly from someone else.
#include "ConnectionString.h"
#include "FuzzCheck.h"
#include "KnownDefects.h"

#include <QDir>
#include <QSet>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
// What Qt's PostgreSQL driver hands libpq after the fields it quotes itself: the
// options, each ';' made a space. Returns the keys, or nothing when libpq could not
// read the string at all.
std::optional<QStringList> libpqKeys(const QString& options)
{
    const QString conninfo = QString(options).replace(QLatin1Char(';'), QLatin1Char(' '));
    QStringList keys;
    qsizetype i = 0;
    const auto skipSpaces = [&] {
        while (i < conninfo.size() && conninfo.at(i).isSpace())
            ++i;
    };
    for (;;) {
        skipSpaces();
        if (i == conninfo.size())
            return keys;
        QString key;
        while (i < conninfo.size() && conninfo.at(i) != QLatin1Char('=') && !conninfo.at(i).isSpace())
            key += conninfo.at(i++);
        skipSpaces();
        if (i == conninfo.size() || conninfo.at(i) != QLatin1Char('='))
            return std::nullopt;
        ++i;
        skipSpaces();
        if (i < conninfo.size() && conninfo.at(i) == QLatin1Char('\'')) {
            for (++i;; ++i) {
                if (i >= conninfo.size())
                    return std::nullopt;
                if (conninfo.at(i) == QLatin1Char('\\'))
                    ++i;
                else if (conninfo.at(i) == QLatin1Char('\''))
                    break;
            }
            ++i;
        } else {
            while (i < conninfo.size() && !conninfo.at(i).isSpace()) {
                if (conninfo.at(i) == QLatin1Char('\\'))
                    ++i;
                ++i;
            }
        }
        keys << key;
    }
}

// Keys that would send the connection, and the password, somewhere other than the
// host, port, user and database the address shows.
const QSet<QString> redirectingKeys = { QStringLiteral("host"), QStringLiteral("hostaddr"), QStringLiteral("port"),
    QStringLiteral("dbname"), QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("passfile"),
    QStringLiteral("service"), QStringLiteral("requirepeer") };

// Options as key=value;key=value, with nothing in a key or value that needs quoting for
// libpq or encoding in a URL (toUrl() reads a '%' in a value as an escape).
bool isPlain(const QString& options)
{
    if (options.isEmpty())
        return true;
    for (const QString& item : options.split(QLatin1Char(';'))) {
        if (item.count(QLatin1Char('=')) != 1 || item.startsWith(QLatin1Char('=')))
            return false;
        for (const QChar ch : item) {
            if (ch.isSpace() || ch == QLatin1Char('\'') || ch == QLatin1Char('\\') || ch == QLatin1Char('%'))
                return false;
        }
    }
    return true;
}

bool sameFields(const ConnectionString& a, const ConnectionString& b)
{
    return a.kind == b.kind && a.path == b.path && a.host == b.host && a.port == b.port && a.user == b.user
        && a.password == b.password && a.database == b.database && a.options == b.options;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const Outcome<ConnectionString> parsed = ConnectionString::parse(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().isEmpty(), QStringLiteral("\"%1\" refused without a reason").arg(text));
        return 0;
    }
    const ConnectionString& c = *parsed;

    if (c.kind == ConnectionString::Kind::Sqlite) {
        FUZZ_CHECK(!c.path.isEmpty() && QDir::isAbsolutePath(c.path),
            QStringLiteral("\"%1\" names the SQLite file \"%2\"").arg(text, c.path));
    } else {
        FUZZ_CHECK(!c.host.isEmpty() && !c.database.isEmpty(),
            QStringLiteral("\"%1\" read as host \"%2\", database \"%3\"").arg(text, c.host, c.database));
        FUZZ_CHECK(c.port >= 0 && c.port <= 65535, QStringLiteral("\"%1\" read as port %2").arg(text).arg(c.port));
    }

    // What messages and logs show, and what keys remembered settings, never reveal the
    // password: they read the same whatever it is.
    ConnectionString otherPassword = c;
    otherPassword.password = c.password.isEmpty() ? QString() : c.password + QStringLiteral("-other");
    FUZZ_CHECK(c.displayString() == otherPassword.displayString(),
        QStringLiteral("\"%1\" shows its password: %2").arg(text, c.displayString()));
    FUZZ_CHECK(c.identity() == otherPassword.identity(),
        QStringLiteral("\"%1\" keys settings by its password: %2").arg(text, c.identity()));

    if (!KnownDefects::ConnectOptionsUnquoted || isPlain(c.options)) {
        // What is remembered reads back as what was typed.
        const Outcome<ConnectionString> again = ConnectionString::parse(c.toUrl());
        FUZZ_CHECK(again && sameFields(*again, c),
            QStringLiteral("\"%1\" remembered as \"%2\" reads back differently%3")
                .arg(text, c.toUrl(), again ? QString() : QStringLiteral(": ") + again.error()));
        // Nothing in the options takes the connection elsewhere.
        const std::optional<QStringList> keys = libpqKeys(c.options);
        FUZZ_CHECK(keys, QStringLiteral("\"%1\" gives libpq unreadable options \"%2\"").arg(text, c.options));
        for (const QString& key : *keys)
            FUZZ_CHECK(!redirectingKeys.contains(key),
                QStringLiteral("\"%1\" passes %2= to libpq: \"%3\"").arg(text, key, c.options));
    }
    return 0;
}
