#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QPair>
#include <QSet>
#include <QStringList>
#include <QVariant>
#include <QVector>

namespace Handoff {

class Database;

// One message of a batch for MessageStore::recordMessages.
struct NewMessage
{
    QString phone; // E.164, as contacts are stored
    MessageDirection direction = MessageDirection::Outbound;
    QString body;
    QDateTime at;
    SenderId sender = UnassignedId;
    // The provider's own id (Twilio's Sid); empty when the file has none.
    QString providerId;
    // The provider could not deliver it: stored for the thread, but it changes no
    // status, last message or activity (as ConversationStore::recordMessage's failed).
    bool failed = false;
};

// What became of one message of a batch.
enum class MessageFate : quint8 {
    Recorded,
    // Its provider id was on the conversation already (or earlier in the batch).
    AlreadyThere,
    // The campaign has no contact with its phone.
    NoConversation,
};

// Records messages a batch at a time, for imports of a million: the batch's phones are
// found together, its messages go in together (SQLite: by statements prepared once on
// the connection's own handle; PostgreSQL: COPY into a staging table, then one
// INSERT … SELECT), and each conversation it touched is written once, with the state
// that ConversationStore::recordMessage gives when the batch's messages are recorded
// one after another in their order (SQLite: only the columns that change).
// docs/architecture.md, "Message imports".
class MessageStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::MessageStore)

public:
    explicit MessageStore(Database& db) : m_db(db) { }
    // Gives the connection its own page cache size back (see recordMessages).
    ~MessageStore();
    Q_DISABLE_COPY_MOVE(MessageStore)

    // Inside the caller's transaction (alone, the call is its own). Returns the fate of
    // each message, in the batch's order. On failure the caller rolls back.
    Outcome<QVector<MessageFate>> recordMessages(qint64 campaignId, const QVector<NewMessage>& messages);

    // The conversation of a phone as the batch found it, and what the batch made of it.
    struct Touched
    {
        qint64 id = 0;
        bool started = false;
        bool optedOut = false;
        bool optedOutBefore = false; // as the batch found it
        bool lastInbound = false;
        // As the batch found them: what the conversation's row holds (SQLite writes only
        // the columns that change).
        bool startedBefore = false;
        bool lastInboundBefore = false;
        int statusBefore = -1;
        qint64 lastActivityBefore = 0;
        bool hasNewest = false; // it has a message not dated in the far future
        qint64 newestAt = 0;
        bool hasProviderIds = false;
        int newestMessage = -1; // the batch's message that became the newest, if any
        bool recorded = false;  // the batch recorded at least one message on it that was not failed
    };

private:
    bool findConversations(qint64 campaignId, const QStringList& phones, qint64 cutoff,
                           QHash<QString, Touched>* found);
    bool findProviderIds(const QVector<QPair<qint64, QString>>& wanted, QSet<QPair<qint64, QString>>* existing);
    bool insertMessages(const QVector<NewMessage>& messages, const QVector<int>& recorded,
                        const QVector<qint64>& conversationOf);
    bool updateConversations(const QVector<NewMessage>& messages, const QVector<const Touched*>& touched);

    Database& m_db;
    // SQLite: the connection's page cache size before the first batch raised it.
    QVariant m_cacheSize;
};

} // namespace Handoff
