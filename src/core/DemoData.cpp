#include "core/DemoData.h"

#include <QRandomGenerator>
#include <QSet>
#include <array>
#include <iterator>
#include <numeric>

namespace Handoff {

// Names and messages are demo content, like contact data, not interface text: they are
// not offered for translation.
namespace {

constexpr const char* FirstNames[]
    = { "Maria", "Jose", "Carmen", "Luis", "Sofia", "Diego", "Lucia", "Alejandro", "Guadalupe", "Rafael",
          "Wei", "Mei", "Hiroshi", "Yuki", "Min-jun", "Ji-woo", "Priya", "Arjun", "Linh", "Minh", "Mai",
          "Rohan", "Jamal", "Aaliyah", "DeShawn", "Imani", "Malik", "Keisha", "Tyrone", "Jasmine", "Darnell",
          "Ebony", "Andre", "Tanisha", "Emily", "James", "Sarah", "Michael", "Olivia", "William", "Emma",
          "Daniel", "Hannah", "Matthew", "Grace", "Patrick", "Katherine", "Thomas", "Megan", "Ryan", "Claire",
          "Nathan", "Fatima", "Omar", "Ayesha", "Yusuf", "Leila", "Amir", "Kwame", "Ngozi" };

constexpr const char* LastNames[]
    = { "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez",
          "Torres", "Flores", "Rivera", "Nguyen", "Tran", "Kim", "Park", "Lee", "Chen", "Wang", "Li", "Patel",
          "Shah", "Yamamoto", "Tanaka", "Singh", "Wu", "Washington", "Jackson", "Johnson", "Williams",
          "Brown", "Jones", "Davis", "Robinson", "Harris", "Thompson", "Mensah", "Okonkwo", "Smith", "Miller",
          "Wilson", "Anderson", "Taylor", "Moore", "Martin", "Clark", "Lewis", "Walker", "Murphy", "O'Brien",
          "Sullivan", "Kowalski", "Novak", "Schmidt", "Rossi", "Russo", "Khan", "Haddad", "Ali", "Rahman" };

// The first senders every demo shows, so screenshots name the same people.
constexpr const char* SenderNames[]
    = { "Ana Ruiz", "Ben Okafor", "Chloe Nguyen", "David Cohen", "Elena Petrova", "Farah Siddiqui",
          "Gabe Morales", "Hana Sato", "Isaiah Brooks", "Julia Kowalski", "Kenji Watanabe", "Layla Haddad",
          "Marcus Bell", "Nina Alvarez", "Owen Fitzgerald", "Priya Raman", "Quinn Douglas", "Rosa Delgado",
          "Samuel Adeyemi", "Tara O'Connor", "Umar Farouk", "Vanessa Cruz", "Will Harper", "Ximena Soto",
          "Yusuf Demir", "Zoe Lindqvist", "Andre Baptiste", "Bianca Moretti", "Carlos Mendoza", "Diane Chu" };

// Real area codes, each with ZIP codes of the city it serves.
struct Area
{
    const char* code;
    const char* zips[6];
};

constexpr Area Areas[] = {
    { "415", { "94102", "94103", "94110", "94114", "94117", "94122" } }, // San Francisco
    { "312", { "60601", "60605", "60607", "60610", "60611", "60616" } }, // Chicago
    { "617", { "02108", "02116", "02118", "02130", "02139", "02143" } }, // Boston
    { "206", { "98101", "98103", "98105", "98112", "98118", "98122" } }, // Seattle
    { "512", { "78701", "78702", "78704", "78705", "78723", "78745" } }, // Austin
    { "305", { "33125", "33130", "33133", "33137", "33139", "33145" } }, // Miami
    { "213", { "90012", "90013", "90014", "90015", "90017", "90057" } }, // Los Angeles
    { "718", { "11201", "11215", "11368", "11373", "10451", "10458" } }, // Brooklyn, Queens, Bronx
    { "404", { "30303", "30308", "30310", "30312", "30314", "30318" } }, // Atlanta
    { "313", { "48201", "48202", "48204", "48207", "48214", "48226" } }, // Detroit
    { "602", { "85003", "85004", "85006", "85008", "85013", "85016" } }, // Phoenix
    { "215", { "19103", "19104", "19107", "19121", "19130", "19146" } }, // Philadelphia
};
constexpr int AreaCount = int(std::size(Areas));

// Exchanges 200-999 without the N11 service codes (211 ... 911) and 555, kept for fiction
// and directory services: every number made from these is a valid US number.
constexpr bool isUsableExchange(int exchange)
{
    return exchange != 555 && exchange % 100 != 11;
}

constexpr int countExchanges()
{
    int count = 0;
    for (int exchange = 200; exchange < 1000; ++exchange)
        count += isUsableExchange(exchange) ? 1 : 0;
    return count;
}
constexpr int ExchangeCount = countExchanges();

constexpr std::array<int, ExchangeCount> makeExchanges()
{
    std::array<int, ExchangeCount> exchanges {};
    int i = 0;
    for (int exchange = 200; exchange < 1000; ++exchange) {
        if (isUsableExchange(exchange))
            exchanges[i++] = exchange;
    }
    return exchanges;
}
constexpr std::array<int, ExchangeCount> Exchanges = makeExchanges();

// Every phone is a slot of [0, PhoneSpace): area code, exchange and line number.
constexpr quint32 PhoneSpace = quint32(AreaCount) * ExchangeCount * 10000;
constexpr int SlotBits = 27;
constexpr quint32 SlotMask = (1U << SlotBits) - 1;
static_assert(PhoneSpace <= SlotMask + 1, "phone slots must fit in SlotBits");
static_assert(DemoData::MaxContacts <= PhoneSpace, "too few phone numbers for MaxContacts");

struct Exchange
{
    const char* reply;
    const char* answer;
};

constexpr int ExchangesPerScript = 5;

// One line of outreach: the first text (%1 is the contact's first name), a follow-up for
// contacts who did not answer, and the replies contacts send with the sender's answers.
struct Script
{
    const char* intro;
    const char* nudge;
    Exchange exchanges[ExchangesPerScript];
};

// clang-format off
constexpr Script Scripts[] = {
    {"Hi %1, this is a volunteer with Neighbors Vote. Early voting is open through Sunday. "
     "Do you have a plan to vote?",
     "Hi %1, just checking in: early voting ends Sunday at 5pm. Let me know if you have any "
     "questions about where to vote!",
     {{"Yes, I'm going Saturday morning.",
       "That's great, thank you! Bring a photo ID, and lines are usually shortest before 10am."},
      {"Where is my polling place?",
       "You can look it up at vote.org/polling-place-locator with your home address. Most early "
       "voting sites are open 8am to 6pm."},
      {"I already voted!",
       "Thank you for voting! Could you remind two friends to vote this week too?"},
      {"Do I need to bring ID?",
       "In most states, yes: a driver's license or state ID works. Your county's website lists "
       "every accepted ID."},
      {"Can I still get a mail ballot?",
       "The request deadline has passed, but you can still vote early in person through Sunday."}}},
    {"Hi %1! I'm a volunteer with Neighbors Vote. We're knocking doors this Saturday at 10am, "
     "starting from the public library on Main St. Can you join us?",
     "Hi %1, following up about Saturday's canvass. Even an hour helps! Want me to save you a spot?",
     {{"Yes, I'll be there!",
       "Wonderful, see you Saturday! Wear comfortable shoes; we'll have water and snacks."},
      {"What time does it start?",
       "We start at 10am with a short training and wrap up around 1pm. Come for as long as you can!"},
      {"Can I bring my daughter?",
       "Of course! Volunteers 14 and up can canvass with a parent."},
      {"I can't make Saturday, sorry.",
       "No problem, thanks for letting me know! We also canvass Wednesday at 5pm if that works better."},
      {"Is there parking nearby?",
       "Yes, the library lot is free on weekends, and there's street parking on Elm Ave."}}},
    {"Hi %1, it's a volunteer with Neighbors Vote. We're hosting a phone bank Thursday at 6pm, "
     "pizza provided. Would you like to come?",
     "Hi %1, just a reminder about Thursday's phone bank at 6pm. We'd love to have you!",
     {{"Sure, where is it?",
       "It's at 120 Oak Street, 2nd floor. Just bring your phone and a charger!"},
      {"Is there a virtual option?",
       "Yes! We'll text you a Zoom link Thursday morning. Want me to sign you up?"},
      {"I've never done this before. Is there training?",
       "Absolutely, the first 20 minutes are training and you'll have a script. Most people get "
       "comfortable fast."},
      {"Count me in",
       "Thank you! I've added you to the list. See you Thursday!"},
      {"How long does it last?",
       "It runs 6 to 8pm, but stay as long as works for you."}}},
    {"Hi %1, this is a volunteer with Neighbors Vote. Election Day is Tuesday and polls are open "
     "7am to 8pm. Will you be able to vote?",
     "Hi %1, one more reminder: polls are open Tuesday 7am to 8pm. If you need a ride, just reply RIDE.",
     {{"I need a ride to the polls.",
       "We can help! What time works best for you on Tuesday, and what's your pickup address?"},
      {"Yes, after work.",
       "Great plan! If you're in line by 8pm, you can still vote."},
      {"Who should I vote for?",
       "We're nonpartisan, so we don't tell anyone how to vote. You can see a sample ballot at "
       "vote411.org."},
      {"What time do the polls close?",
       "Polls close at 8pm on Tuesday. Anyone in line by then can still vote."},
      {"Working a double that day",
       "That's tough! Early voting is still open through Sunday if you have a free hour."}}},
};
// clang-format on

// How contacts really opt out; each is one of the carrier keywords isOptOutKeyword knows.
constexpr const char* OptOutReplies[] = { "STOP", "Stop", "stop", "STOP.", "UNSUBSCRIBE", "Quit", "STOPALL" };

// Every conversation lies within this window before "now".
constexpr int WindowSeconds = 4 * 24 * 3600;
constexpr int Minute = 60;
constexpr int Hour = 3600;

// A one-to-one shuffle of [0, 2^SlotBits): each step (xor, multiply by an odd number, xorshift)
// can be undone, so distinct inputs give distinct outputs.
quint32 shuffleSlot(quint32 slot, quint32 seed)
{
    for (quint32 round = 0; round < 3; ++round) {
        slot = (slot ^ (seed * 0x9E3779B9U + round * 0x85EBCA6BU)) & SlotMask;
        slot = (slot * 0x2C1B3C6DU) & SlotMask;
        slot ^= slot >> 14;
    }
    return slot;
}

// Contact i's phone slot. Shuffling until the result falls inside PhoneSpace keeps the map
// one-to-one (cycle walking), so phones are distinct without remembering any, and
// neighbouring contacts get unrelated numbers in different cities.
quint32 phoneSlot(int index, quint32 seed)
{
    quint32 slot = quint32(index);
    do
        slot = shuffleSlot(slot, seed);
    while (slot >= PhoneSpace);
    return slot;
}

template <typename T, std::size_t N> const T& pick(QRandomGenerator& rng, const T (&items)[N])
{
    return items[rng.bounded(quint32(N))];
}

QString text(const char* latin1)
{
    return QString::fromLatin1(latin1);
}

} // namespace

DemoData::DemoData(quint32 seed)
    : m_seed(seed)
{ }

QStringList DemoData::senderNames(int count)
{
    QStringList names;
    QSet<QString> taken;
    for (const char* name : SenderNames) {
        if (names.size() >= count)
            return names;
        names.append(text(name));
        taken.insert(names.back());
    }
    // Beyond the fixed list, walk the contact name lists: block b pairs first name f with last
    // name (b + f), so each block gives every first name a surname it has not had yet.
    const int firstCount = int(std::size(FirstNames));
    const int lastCount = int(std::size(LastNames));
    for (int k = 0; k < firstCount * lastCount && names.size() < count; ++k) {
        const int first = k % firstCount;
        const int last = (k / firstCount + first) % lastCount;
        const QString name = text(FirstNames[first]) + QLatin1Char(' ') + text(LastNames[last]);
        if (!taken.contains(name)) {
            names.append(name);
            taken.insert(name);
        }
    }
    return names;
}

DemoContact DemoData::contact(int index, const QDateTime& now) const
{
    Q_ASSERT(index >= 0 && index < MaxContacts);
    Q_ASSERT(now.isValid());
    const quint32 seeds[] = { m_seed, quint32(index) };
    QRandomGenerator rng(seeds);

    DemoContact contact;
    contact.firstName = text(pick(rng, FirstNames));
    contact.lastName = text(pick(rng, LastNames));

    const quint32 slot = phoneSlot(index, m_seed);
    const Area& area = Areas[slot % AreaCount];
    const quint32 rest = slot / AreaCount;
    const int exchange = Exchanges[rest % ExchangeCount];
    const int line = int(rest / ExchangeCount);
    contact.phoneE164 = QLatin1String("+1") + QLatin1String(area.code) + QString::number(exchange)
        + QString::number(line).rightJustified(4, QLatin1Char('0'));
    contact.zip = text(pick(rng, area.zips));

    // Out of 100: 20 not started, 55 waiting, 18 needs reply, 7 opted out.
    const int statusRoll = int(rng.bounded(100));
    if (statusRoll < 20)
        return contact;
    const bool waiting = statusRoll < 75;
    const bool needsReply = !waiting && statusRoll < 93;

    const Script& script = pick(rng, Scripts);
    // A conversation never repeats a reply, so take the script's exchanges in a shuffled order.
    std::array<int, ExchangesPerScript> order {};
    std::iota(order.begin(), order.end(), 0);
    for (int i = ExchangesPerScript - 1; i > 0; --i)
        std::swap(order[i], order[rng.bounded(i + 1)]);
    int nextExchange = 0;

    auto say = [&contact](MessageDirection direction, const QString& body) {
        contact.messages.append({ direction, body, QDateTime() });
    };
    auto converse = [&](int exchanges) {
        for (int i = 0; i < exchanges; ++i) {
            const Exchange& e = script.exchanges[order[nextExchange++]];
            say(MessageDirection::Inbound, text(e.reply));
            say(MessageDirection::Outbound, text(e.answer));
        }
    };

    say(MessageDirection::Outbound, text(script.intro).arg(contact.firstName));
    if (waiting) {
        const int shape = int(rng.bounded(100));
        if (shape >= 60 && shape < 75)
            say(MessageDirection::Outbound, text(script.nudge).arg(contact.firstName));
        else if (shape >= 75)
            converse(1 + int(rng.bounded(2)));
    } else if (needsReply) {
        if (rng.bounded(100) < 30)
            say(MessageDirection::Outbound, text(script.nudge).arg(contact.firstName));
        if (rng.bounded(100) < 30)
            converse(1);
        say(MessageDirection::Inbound, text(script.exchanges[order[nextExchange]].reply));
    } else {
        if (rng.bounded(100) < 20)
            converse(1);
        say(MessageDirection::Inbound, text(pick(rng, OptOutReplies)));
    }

    // Contacts answer within minutes to hours, senders answer faster, and a follow-up comes
    // about a day after an unanswered text.
    QVector<int> gaps(contact.messages.size(), 0);
    int duration = 0;
    for (int i = 1; i < contact.messages.size(); ++i) {
        const MessageDirection previous = contact.messages.at(i - 1).direction;
        if (contact.messages.at(i).direction == MessageDirection::Inbound)
            gaps[i] = rng.bounded(2 * Minute, 6 * Hour);
        else if (previous == MessageDirection::Inbound)
            gaps[i] = rng.bounded(1 * Minute, 2 * Hour);
        else
            gaps[i] = rng.bounded(20 * Hour, 30 * Hour);
        duration += gaps[i];
    }
    // The longest conversation lasts under two days, well inside the window.
    const qint64 end = now.toSecsSinceEpoch();
    qint64 at = end - WindowSeconds + rng.bounded(WindowSeconds - duration - Minute);
    for (int i = 0; i < contact.messages.size(); ++i) {
        at += gaps[i];
        contact.messages[i].at = QDateTime::fromSecsSinceEpoch(at, Qt::UTC);
    }
    return contact;
}

} // namespace Handoff
