#pragma once

#include "core/Campaign.h"
#include "storage/Database.h"

#include <QMap>
#include <QTemporaryDir>

#include <memory>

namespace Handoff {

// A fresh store, and short ways to fill it with a campaign whose conversations have
// exact statuses, owners and waiting times. The store is a SQLite file in a temporary
// folder, or, when HANDOFF_TEST_BACKEND=postgres, a new database on the server that
// HANDOFF_TEST_PG_URL names (dropped again afterwards): the same tests run on both.
class StoreFixture
{
public:
    StoreFixture();
    ~StoreFixture();

    static bool onPostgres();

    bool ok() const { return m_db != nullptr; }
    QString error() const { return m_error; }
    Database& db() { return *m_db; }
    QString url() const { return m_url; }
    QString dir() const { return m_dir.path(); }

    qint64 campaign(const QString& name);
    SenderId sender(qint64 campaignId, const QString& name, bool sweeper = false);
    // A sender whose name the service would refuse (control characters), written straight
    // into the roster, as a store filled by an older Handoff or another program may hold.
    SenderId senderAsStored(qint64 campaignId, const QString& name);
    // A conversation with the given status; activity is its "last activity" in
    // minutes after a fixed epoch, which decides "longest waiting first".
    qint64 conversation(qint64 campaignId, SenderId owner, ConversationStatus status, int activity,
                        const QString& firstName = {});

    SenderId ownerOf(qint64 conversationId);
    ConversationStatus statusOf(qint64 conversationId);
    // Status, started, opted out, last inbound, last message and last activity as one
    // string ("missing" for no such conversation): what recording messages decides.
    QString stateOf(qint64 conversationId);
    // Every conversation of the campaign with its owner: what must not change when
    // an action is refused or rolled back.
    QMap<qint64, SenderId> owners(qint64 campaignId);
    int historySize(qint64 campaignId);
    // Makes writing a move to the history fail with "disk full (injected)", after the
    // conversations have moved: what an action must roll back. Undone by allowHistoryWrites.
    bool failHistoryWrites();
    bool allowHistoryWrites();

private:
    QTemporaryDir m_dir;
    QString m_url;
    std::unique_ptr<Database> m_db;
    QString m_error;
    QString m_pgDatabase;
    int m_nextPhone = 0;
};

} // namespace Handoff
