#pragma once

#include "core/ConversationStatus.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

namespace Handoff {

struct DemoMessage
{
    MessageDirection direction = MessageDirection::Outbound;
    QString body;
    QDateTime at; // UTC
};

struct DemoContact
{
    QString firstName;
    QString lastName;
    QString phoneE164;
    QString zip;
    // Oldest first; empty for a contact not texted yet. The status follows from these alone.
    QVector<DemoMessage> messages;
};

// Believable material for a get-out-the-vote demo campaign, the same on every run for a
// seed so that tests and screenshots can be reproduced. Contact i depends on nothing but
// the seed and i, so a campaign of any size can be generated a contact at a time.
// Roughly 20% of contacts are not started, 55% waiting, 18% need a reply and 7% opted out.
class DemoData
{
public:
    static constexpr quint32 DefaultSeed = 20261127;
    // Phone numbers are distinct for every index below this.
    static constexpr int MaxContacts = 90'000'000;

    explicit DemoData(quint32 seed = DefaultSeed);

    // count distinct full names, the same for every seed; fewer if count exceeds what the
    // name lists can make (several thousand).
    static QStringList senderNames(int count);

    // index in [0, MaxContacts). Every message is dated within the four days before now.
    DemoContact contact(int index, const QDateTime& now) const;

private:
    quint32 m_seed;
};

} // namespace Handoff
