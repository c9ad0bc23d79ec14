#pragma once

#include "core/ConversationStatus.h"
#include "core/Presence.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QVector>

namespace Handoff {

using SenderId = qint64;
// The Unassigned pool is addressed like a sender everywhere in the API.
constexpr SenderId UnassignedId = 0;

struct Campaign
{
    qint64 id = 0;
    QString name;
    bool archived = false;
    QDateTime createdAt;
};

struct Sender
{
    SenderId id = UnassignedId;
    QString name;
    QString email;
    // The number they text from, in E.164; empty when none is known.
    QString number;
};

struct CampaignSender
{
    SenderId id = UnassignedId;
    QString name;
    QString email;
    bool sweeper = false;
    Presence presence = Presence::OnShift;
    QDateTime lastTexted;   // their newest outbound message in this campaign; invalid: never
    QDateTime addedAt;      // when they joined the campaign
    QString number;         // the number they text from (E.164); empty: none known
};

struct StatusCounts
{
    int notStarted = 0;
    int needsReply = 0;
    int waiting = 0;
    int optedOut = 0;

    int total() const { return notStarted + needsReply + waiting + optedOut; }
    // Progress: conversations that got their first text.
    int started() const { return total() - notStarted; }
    int matching(StatusFilter filter) const
    {
        switch (filter) {
        case StatusFilter::Any:
            return total();
        case StatusFilter::NeedsReply:
            return needsReply;
        case StatusFilter::NotStarted:
            return notStarted;
        }
        return 0;
    }
    void add(ConversationStatus status, int n)
    {
        switch (status) {
        case ConversationStatus::NotStarted:
            notStarted += n;
            break;
        case ConversationStatus::NeedsReply:
            needsReply += n;
            break;
        case ConversationStatus::Waiting:
            waiting += n;
            break;
        case ConversationStatus::OptedOut:
            optedOut += n;
            break;
        }
    }
    StatusCounts& operator+=(const StatusCounts& o)
    {
        notStarted += o.notStarted;
        needsReply += o.needsReply;
        waiting += o.waiting;
        optedOut += o.optedOut;
        return *this;
    }
    bool operator==(const StatusCounts& o) const
    {
        return notStarted == o.notStarted && needsReply == o.needsReply && waiting == o.waiting
            && optedOut == o.optedOut;
    }
};

// One row of the sender list: the Unassigned pool (id 0) or a campaign's sender.
struct SenderCounts
{
    SenderId id = UnassignedId;
    QString name;
    bool sweeper = false;
    StatusCounts counts;
    Presence presence = Presence::OnShift;
    QDateTime lastTexted;   // invalid: never texted (and for the Unassigned pool)
    int held = 0;           // held conversations among counts
    int open() const { return counts.notStarted + counts.needsReply; }
};

struct Conversation
{
    qint64 id = 0;
    qint64 campaignId = 0;
    qint64 contactId = 0;
    QString firstName;
    QString lastName;
    QString phone;
    QString zip;
    QJsonObject customFields;
    ConversationStatus status = ConversationStatus::NotStarted;
    bool optedOut = false;
    QString lastMessage;
    QDateTime lastActivity;
    SenderId senderId = UnassignedId;
    QString senderName;
    bool held = false;      // kept out of bulk and sender actions unless they include held ones
    QString holdNote;

    QString contactName() const
    {
        if (lastName.isEmpty())
            return firstName;
        if (firstName.isEmpty())
            return lastName;
        return firstName + QLatin1Char(' ') + lastName;
    }
};

// A contact as an import adds it: its conversation starts with this sender.
struct NewContact
{
    QString firstName;
    QString lastName;
    QString phone;   // E.164
    QString zip;
    QJsonObject customFields;
    SenderId sender = UnassignedId;
};

struct Message
{
    qint64 id = 0;
    MessageDirection direction = MessageDirection::Outbound;
    QString body;
    QDateTime at;
    QString senderName;
    // An outbound message the provider could not deliver: shown, but it counts for nothing.
    bool failed = false;
};

// The status after a conversation's messages and opt-out: docs/architecture.md, "Conversation status".
inline ConversationStatus deriveStatus(bool optedOut, bool started, bool lastInbound)
{
    if (optedOut)
        return ConversationStatus::OptedOut;
    if (!started)
        return ConversationStatus::NotStarted;
    return lastInbound ? ConversationStatus::NeedsReply : ConversationStatus::Waiting;
}

} // namespace Handoff
