#pragma once

#include "core/Campaign.h"
#include "core/Outcome.h"

#include <QCoreApplication>
#include <QVector>

namespace Handoff {

class Database;

// Every change to a campaign that is not a move of conversations: the campaign
// itself, its senders, its contacts' opt-outs. The window and handoff-cli both call
// it; neither writes to a store or opens a transaction itself. Moves (reassign,
// undo, removing a sender with their conversations) are ReassignmentController's.
class CampaignService final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CampaignService)

public:
    // What a write would change in a campaign; it names the refusal of an archived one.
    enum class Change { Conversations, Senders, Contacts, Messages, OptOut, Holds, Rules };

    explicit CampaignService(Database& db) : m_db(db) { }

    // The one archived rule: the campaign when it exists and may change, else why
    // not. Every write of the controller layer asks it first.
    Outcome<Campaign> writableCampaign(qint64 campaignId, Change change) const;

    Outcome<Campaign> createCampaign(const QString& name);
    // Archiving is the one change an archived campaign takes (unarchiving it).
    Outcome<Done> setArchived(qint64 campaignId, bool archived);

    // Adds one sender by roster name; a name the roster does not know joins it
    // (with email and texting number) in the same transaction. A number given for a
    // sender already on the roster becomes theirs.
    Outcome<Sender> addSender(qint64 campaignId, const QString& name, const QString& email, bool sweeper,
                              const QString& number = {});
    // Adds new roster senders (each with its number, as typed) and roster senders to the
    // campaign: all of them or none. Returns the ids that joined, new ones first.
    Outcome<QVector<SenderId>> addSenders(qint64 campaignId, const QVector<Sender>& newSenders,
                                          const QVector<SenderId>& rosterSenders, bool sweepers);
    // Sets the number a roster sender texts from, as typed ("(415) 230-9001", "+44 …");
    // empty clears it. Refused when it is no phone number or another sender has it.
    Outcome<Sender> setTextingNumber(SenderId sender, const QString& number);
    // A texting number as typed, in E.164 (a number without a country code is read as
    // a US one); empty stays empty; nothing, with why, when it is no phone number.
    static Outcome<QString> textingNumber(const QString& typed);
    Outcome<Done> setSweeper(qint64 campaignId, SenderId sender, bool sweeper);
    // On shift, away or done for today; moves never change it, the manager does.
    Outcome<Done> setPresence(qint64 campaignId, SenderId sender, Presence presence);

    Outcome<Done> setOptedOut(qint64 conversationId, bool optedOut);

    // Holds (or releases) the campaign's conversations ids: all of them or, on an id the
    // campaign does not have, none. A held conversation stays out of bulk and sender
    // actions unless they include held ones; note says why ("escalated"). actor: who.
    // Returns how many changed.
    Outcome<int> setHeld(qint64 campaignId, const QVector<qint64>& conversationIds, bool held,
                         const QString& note = {}, const QString& actor = {});

private:
    Database& m_db;
};

} // namespace Handoff
