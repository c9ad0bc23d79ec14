#pragma once

#include "core/Campaign.h"
#include "core/ConversationQuery.h"
#include "core/Outcome.h"
#include "core/Reassignment.h"

#include <QCoreApplication>
#include <QSet>
#include <QVariant>
#include <QVector>

#include <functional>
#include <optional>

namespace Handoff {

class Database;

// New contacts made ready for the store on any thread (the one reading the file), so
// that the connection's thread does little more than send them: on PostgreSQL each
// row's COPY text but for its ids. Only their senders can still change (the fair split
// and the texters of an export are dealt on the connection's thread).
class PreparedContacts
{
public:
    PreparedContacts() = default;
    PreparedContacts(const Database& db, QVector<NewContact> contacts);

    const QVector<NewContact>& contacts() const { return m_contacts; }
    void setSender(qsizetype contact, SenderId sender) { m_contacts[contact].sender = sender; }

private:
    friend class ConversationStore;
    QVector<NewContact> m_contacts;
    // PostgreSQL: phone, first and last name, zip and custom fields of each row, each
    // row ending in a tab; rowEnds[i] is where row i ends.
    QByteArray m_copyText;
    QVector<qsizetype> m_rowEnds;
};

// A place in the conversation table: the sort values and id of one row. The rows
// after it are read from the sort's index directly, however deep the row is.
struct ConversationCursor
{
    QVariantList sortValues;
    qint64 id = 0;
};

class ConversationStore
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::ConversationStore)

public:
    explicit ConversationStore(Database& db) : m_db(db) { }

    QVector<Conversation> conversations(const ConversationQuery& query, int offset, int limit) const;
    // The limit rows that follow `after` in the query's order; from the first row when
    // there is no cursor. Paging this way costs the same on the last page as on the first.
    QVector<Conversation> conversationsAfter(const ConversationQuery& query,
                                             const std::optional<ConversationCursor>& after, int limit) const;
    static ConversationCursor cursorAt(const ConversationQuery& query, const Conversation& row);
    // The same rows from one forward-only query, handed to visit one at a time: a listing
    // of the whole campaign without holding it, or sorting it once a page. limit < 0 takes all.
    void forEach(const ConversationQuery& query, int limit,
                 const std::function<void(const Conversation&)>& visit) const;
    int count(const ConversationQuery& query) const;
    // Whether count() answers from the maintained counts, at once; a search is counted
    // by reading every conversation of the campaign (seconds on a million).
    static bool countsAtOnce(const ConversationQuery& query);
    std::optional<Conversation> conversation(qint64 id) const;
    QVector<Message> messages(qint64 conversationId) const;

    int countCandidates(const ConversationSource& source) const;
    // The held conversations the source would take if it included held ones.
    int countHeld(const ConversationSource& source) const;
    // Longest waiting first: oldest last activity, ties by id. limit < 0 takes all.
    // open, when given, says of each whether it is open work (Not Started or Needs Reply).
    QVector<PlannedMove> candidates(const ConversationSource& source, int limit, QVector<bool>* open = nullptr) const;

    // Holds or releases the campaign's conversations ids, inside the caller's transaction.
    // Fails (the caller rolls back) on an id the campaign does not have.
    Outcome<int> setHeld(qint64 campaignId, const QVector<qint64>& ids, bool held, const QString& note,
                         const QString& actor);

    // Inside the caller's transaction. Returns how many were added.
    Outcome<int> addContacts(qint64 campaignId, const QVector<NewContact>& contacts);
    Outcome<int> addContacts(qint64 campaignId, const PreparedContacts& contacts);
    // How many contacts an import hands to addContacts at a time: enough that the
    // per-statement work (round trips, statement triggers) is small beside the rows'.
    int contactsPerBatch() const;
    // Opts out the campaign's contacts with these phones (E.164) as they come in from an
    // export that says so; inside the caller's transaction. Returns how many changed.
    Outcome<int> optOutByPhone(qint64 campaignId, const QVector<QString>& phones);
    // Every phone of the campaign as phoneKey(): for checking a whole file at once.
    QSet<quint64> phoneKeys(qint64 campaignId) const;
    // An E.164 number's digits as one number (at most 15 digits): a compact set key.
    static quint64 phoneKey(const QString& e164);

    // Records one message on the campaign's conversation with that phone and derives
    // its status again. Returns false when the campaign has no such contact. A message
    // with a providerId that conversation already has is not recorded again; then
    // alreadyThere, if given, is set (and the result is true). A failed message (one the
    // provider could not deliver) is kept for the thread but changes no status, last
    // message or activity.
    Outcome<bool> recordMessage(qint64 campaignId, const QString& phone, MessageDirection direction,
                                const QString& body, const QDateTime& at, SenderId sender,
                                const QString& providerId = {}, bool* alreadyThere = nullptr,
                                bool failed = false);
    Outcome<Done> setOptedOut(qint64 conversationId, bool optedOut);

private:
    Outcome<int> addContactsPostgres(qint64 campaignId, const PreparedContacts& contacts);
    Outcome<int> addContactsSqlite(qint64 campaignId, const QVector<NewContact>& contacts);
    QVector<Conversation> page(const ConversationQuery& query, const std::optional<ConversationCursor>& after,
                               int offset, int limit) const;

    Database& m_db;
};

} // namespace Handoff
