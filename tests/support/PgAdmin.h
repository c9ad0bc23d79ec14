#pragma once

#include "storage/Database.h"

#include <QVariant>
#include <memory>

namespace Handoff {

// The test server's maintenance connection (HANDOFF_TEST_PG_URL): makes throw-away
// databases and plays the fault: ends another session, refuses new connections.
class PgAdmin
{
public:
    PgAdmin();

    bool ok() const { return m_db != nullptr; }
    QString error() const { return m_error; }

    bool exec(const QString& sql);
    // The first column of the first row, or an invalid QVariant.
    QVariant value(const QString& sql);

    // A new, empty database; its URL.
    QString createDatabase(const QString& prefix);
    bool dropDatabase(const QString& name);
    // Ends the sessions connected to `database` that match `where` (SQL over
    // pg_stat_activity); how many it ended.
    int terminate(const QString& database, const QString& where = QStringLiteral("TRUE"));
    // Lets no new session into `database` (as a server that is down), or lets them in again.
    bool allowConnections(const QString& database, bool allow);

    // Makes role log in with this password, and only with it (the test server trusts
    // every other local login): creates the role, puts a scram-sha-256 rule first in
    // pg_hba.conf and has the server read it again. The server applies it within a
    // moment; callers wait for a wrong password to be refused.
    bool requirePassword(const QString& role, const QString& password);

    static QString urlOf(const QString& database);
    // A loopback port nobody listens on.
    static int closedPort();
    static QString databaseOf(const QString& url);

private:
    std::unique_ptr<Database> m_db;
    QString m_error;
};

} // namespace Handoff
