#include "Schema.h"

namespace Handoff::Schema {

// Times are milliseconds since the epoch (UTC); booleans are 0/1 integers; a NULL
// sender is the Unassigned pool. %PK% becomes the dialect's auto-numbered key.
QStringList migration(int version)
{
    switch (version) {
    case 1:
        return {
            QStringLiteral("CREATE TABLE senders ("
                           " id %PK%,"
                           " name TEXT NOT NULL UNIQUE,"
                           " email TEXT NOT NULL DEFAULT '',"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE campaigns ("
                           " id %PK%,"
                           " name TEXT NOT NULL UNIQUE,"
                           " archived INTEGER NOT NULL DEFAULT 0,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE campaign_senders ("
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " sender_id BIGINT NOT NULL REFERENCES senders(id),"
                           " sweeper INTEGER NOT NULL DEFAULT 0,"
                           " added_at BIGINT NOT NULL,"
                           " PRIMARY KEY (campaign_id, sender_id))"),
            QStringLiteral("CREATE TABLE contacts ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " phone TEXT NOT NULL,"
                           " first_name TEXT NOT NULL DEFAULT '',"
                           " last_name TEXT NOT NULL DEFAULT '',"
                           " zip TEXT NOT NULL DEFAULT '',"
                           " custom_fields TEXT NOT NULL DEFAULT '{}',"
                           " UNIQUE (campaign_id, phone))"),
            QStringLiteral("CREATE TABLE conversations ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " contact_id BIGINT NOT NULL UNIQUE REFERENCES contacts(id),"
                           " sender_id BIGINT REFERENCES senders(id),"
                           " status INTEGER NOT NULL DEFAULT 0,"
                           " opted_out INTEGER NOT NULL DEFAULT 0,"
                           " started INTEGER NOT NULL DEFAULT 0,"
                           " last_inbound INTEGER NOT NULL DEFAULT 0,"
                           " last_message TEXT NOT NULL DEFAULT '',"
                           " last_activity BIGINT NOT NULL,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE messages ("
                           " id %PK%,"
                           " conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
                           " direction INTEGER NOT NULL,"
                           " body TEXT NOT NULL,"
                           " at BIGINT NOT NULL,"
                           " sender_id BIGINT REFERENCES senders(id))"),
            QStringLiteral("CREATE INDEX messages_by_conversation ON messages (conversation_id, at)"),
            QStringLiteral("CREATE TABLE actions ("
                           " id %PK%,"
                           " campaign_id BIGINT NOT NULL REFERENCES campaigns(id),"
                           " actor TEXT NOT NULL,"
                           " at BIGINT NOT NULL,"
                           " scope TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " status_filter TEXT NOT NULL,"
                           " source_sender_id BIGINT,"
                           " requested INTEGER NOT NULL,"
                           " moved INTEGER NOT NULL DEFAULT 0,"
                           " per_target TEXT NOT NULL DEFAULT '[]',"
                           " skipped_status INTEGER NOT NULL DEFAULT 0,"
                           " skipped_moved INTEGER NOT NULL DEFAULT 0,"
                           " skipped_gone INTEGER NOT NULL DEFAULT 0,"
                           " undoes BIGINT REFERENCES actions(id),"
                           " undone_by BIGINT REFERENCES actions(id))"),
            QStringLiteral("CREATE TABLE action_moves ("
                           " action_id BIGINT NOT NULL REFERENCES actions(id),"
                           " conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
                           " from_sender_id BIGINT,"
                           " to_sender_id BIGINT,"
                           " PRIMARY KEY (action_id, conversation_id))"),
        };
    case 2:
        // Per-sender counts and "longest waiting first" selection answered from indexes,
        // not from a scan of the campaign.
        return {
            QStringLiteral("CREATE INDEX conversations_by_sender"
                           " ON conversations (campaign_id, sender_id, status, last_activity, id)"),
            QStringLiteral("CREATE INDEX conversations_by_status"
                           " ON conversations (campaign_id, status, last_activity, id)"),
            QStringLiteral("CREATE INDEX actions_by_campaign ON actions (campaign_id, id)"),
        };
    default:
        return {};
    }
}

} // namespace Handoff::Schema
