// The connection string that chooses the store: typed in, remembered, passed with --db
// or $HANDOFF_DB, possibly from someone else.
#include "storage/ConnectionString.h"
#include "FuzzCheck.h"

#include <QDir>
#include <QSet>
#include <algorithm>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
// Reads the options as libpq would, after Qt's PostgreSQL driver has made each ';' a
// space. Returns the keys, or nothing when libpq could not read the string at all.
std::optional<QStringList> libpqKeys(const QString& driverOptions)
{
    const QString conninfo = QString(driverOptions).replace(QLatin1Char(';'), QLatin1Char(' '));
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
const QSet<QString> redirectingKeys = { QStringLiteral("host"), QStringLiteral("hostaddr"),
    QStringLiteral("port"), QStringLiteral("dbname"), QStringLiteral("user"), QStringLiteral("password"),
    QStringLiteral("passfile"), QStringLiteral("service"), QStringLiteral("requirepeer") };

bool hasControlCharacter(const QString& text)
{
    return std::any_of(
        text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
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
        FUZZ_CHECK(
            c.port >= 1 && c.port <= 65535, QStringLiteral("\"%1\" read as port %2").arg(text).arg(c.port));
    }

    // What messages and logs show, and what keys remembered settings, never reveal the
    // password: they read the same whatever it is.
    ConnectionString otherPassword = c;
    otherPassword.password = c.password.isEmpty() ? QString() : c.password + QStringLiteral("-other");
    FUZZ_CHECK(c.displayString() == otherPassword.displayString(),
        QStringLiteral("\"%1\" shows its password: %2").arg(text, c.displayString()));
    FUZZ_CHECK(c.identity() == otherPassword.identity(),
        QStringLiteral("\"%1\" keys settings by its password: %2").arg(text, c.identity()));

    // A NUL ends a path or a value where C code reads it.
    for (const QString& part : { c.path, c.host, c.user, c.password, c.database, c.options })
        FUZZ_CHECK(!hasControlCharacter(part), QStringLiteral("\"%1\" keeps a control character").arg(text));

    // What is remembered reads back as what was typed.
    const Outcome<ConnectionString> again = ConnectionString::parse(c.toUrl());
    FUZZ_CHECK(again && sameFields(*again, c),
        QStringLiteral("\"%1\" remembered as \"%2\" reads back differently%3")
            .arg(text, c.toUrl(), again ? QString() : QStringLiteral(": ") + again.error()));

    // Nothing in the options takes the connection elsewhere: libpq reads exactly the
    // accepted options the address gave, one value each.
    const std::optional<QStringList> keys = libpqKeys(c.driverOptions());
    FUZZ_CHECK(
        keys, QStringLiteral("\"%1\" gives libpq unreadable options: %2").arg(text, c.driverOptions()));
    const QStringList given = c.options.isEmpty() ? QStringList() : c.options.split(QLatin1Char(';'));
    FUZZ_CHECK(keys->size() == given.size(),
        QStringLiteral("\"%1\": libpq reads %2 options from %3")
            .arg(text)
            .arg(keys->size())
            .arg(c.driverOptions()));
    for (const QString& key : *keys) {
        FUZZ_CHECK(!redirectingKeys.contains(key) && ConnectionString::acceptedOptions().contains(key),
            QStringLiteral("\"%1\" passes %2= to libpq: %3").arg(text, key, c.driverOptions()));
    }
    return 0;
}
