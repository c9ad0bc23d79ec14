#include "core/DemoData.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <phonenumbers/phonenumberutil.h>

using namespace Handoff;

namespace {

const QDateTime Now(QDate(2026, 11, 27), QTime(18, 0), Qt::UTC);

// The status rule of docs/architecture.md, applied to a demo contact's messages.
ConversationStatus statusOf(const DemoContact& contact)
{
    bool started = false;
    for (const DemoMessage& message : contact.messages) {
        if (message.direction == MessageDirection::Inbound && isOptOutKeyword(message.body))
            return ConversationStatus::OptedOut;
        started = started || message.direction == MessageDirection::Outbound;
    }
    if (!started)
        return ConversationStatus::NotStarted;
    return contact.messages.constLast().direction == MessageDirection::Inbound
        ? ConversationStatus::NeedsReply
        : ConversationStatus::Waiting;
}

bool sameContact(const DemoContact& a, const DemoContact& b)
{
    if (a.firstName != b.firstName || a.lastName != b.lastName || a.phoneE164 != b.phoneE164 || a.zip != b.zip
        || a.messages.size() != b.messages.size())
        return false;
    for (int i = 0; i < a.messages.size(); ++i) {
        const DemoMessage& x = a.messages.at(i);
        const DemoMessage& y = b.messages.at(i);
        if (x.direction != y.direction || x.body != y.body || x.at != y.at)
            return false;
    }
    return true;
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameContacts_data();
    void sameSeedSameContacts();
    void otherSeedOtherContacts();
    void senderNames();
    void phonesAreUnique_data();
    void phonesAreUnique();
    void phonesAreValidUsNumbers();
    void zipMatchesAreaCode();
    void statusMix_data();
    void statusMix();
    void conversationsAreCoherent();
    void namesAreVaried();

private:
    void addSeeds();
};

void TestDemoData::addSeeds()
{
    QTest::addColumn<quint32>("seed");
    QTest::newRow("default") << DemoData::DefaultSeed;
    QTest::newRow("0") << quint32(0);
    QTest::newRow("max") << quint32(0xFFFFFFFF);
}

void TestDemoData::sameSeedSameContacts_data()
{
    addSeeds();
}

void TestDemoData::sameSeedSameContacts()
{
    QFETCH(quint32, seed);
    const DemoData first(seed);
    const DemoData second(seed);
    // Asked in another order, and by another instance, contact i is still contact i.
    for (int i = 99; i >= 0; --i)
        QVERIFY2(sameContact(first.contact(i, Now), second.contact(i, Now)), qPrintable(QString::number(i)));
    QVERIFY(sameContact(first.contact(123456, Now), DemoData(seed).contact(123456, Now)));
}

void TestDemoData::otherSeedOtherContacts()
{
    const DemoData a(1);
    const DemoData b(2);
    int differing = 0;
    for (int i = 0; i < 100; ++i)
        differing += sameContact(a.contact(i, Now), b.contact(i, Now)) ? 0 : 1;
    QCOMPARE(differing, 100);
    QCOMPARE(DemoData().contact(7, Now).phoneE164, DemoData(DemoData::DefaultSeed).contact(7, Now).phoneE164);
}

void TestDemoData::senderNames()
{
    QCOMPARE(DemoData::senderNames(3), (QStringList { "Ana Ruiz", "Ben Okafor", "Chloe Nguyen" }));
    QCOMPARE(DemoData::senderNames(0), QStringList());

    const QStringList many = DemoData::senderNames(500);
    QCOMPARE(many.size(), 500);
    QCOMPARE(QSet<QString>(many.cbegin(), many.cend()).size(), 500);
    QCOMPARE(many.mid(0, 30), DemoData::senderNames(30));
    const QRegularExpression fullName("^[A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+$");
    for (const QString& name : many)
        QVERIFY2(fullName.match(name).hasMatch(), qPrintable(name));

    // Asking for more than the lists can make gives every name there is, once.
    const QStringList all = DemoData::senderNames(1'000'000);
    QVERIFY(all.size() > 3000);
    QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), all.size());
}

void TestDemoData::phonesAreUnique_data()
{
    addSeeds();
}

void TestDemoData::phonesAreUnique()
{
    QFETCH(quint32, seed);
    const DemoData demo(seed);
    const QRegularExpression e164("^\\+1[2-9]\\d{2}[2-9]\\d{6}$");
    QSet<QString> phones;
    const int count = 20'000;
    for (int i = 0; i < count; ++i) {
        const QString phone = demo.contact(i, Now).phoneE164;
        QVERIFY2(e164.match(phone).hasMatch(), qPrintable(phone));
        const QStringView exchange = QStringView(phone).mid(5, 3);
        QVERIFY2(exchange != u"555" && !exchange.endsWith(u"11"), qPrintable(phone));
        phones.insert(phone);
    }
    QCOMPARE(phones.size(), count);
}

void TestDemoData::phonesAreValidUsNumbers()
{
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const DemoData demo;
    const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
    for (int i = 0; i < 20'000; ++i) {
        const QString phone = demo.contact(i, Now).phoneE164;
        PhoneNumber number;
        QCOMPARE(util->Parse(phone.toStdString(), "US", &number), PhoneNumberUtil::NO_PARSING_ERROR);
        QVERIFY2(util->IsValidNumber(number), qPrintable(phone));
        std::string region;
        util->GetRegionCodeForNumber(number, &region);
        QCOMPARE(region, std::string("US"));
    }
}

void TestDemoData::zipMatchesAreaCode()
{
    // The first three digits of the ZIP codes each area code serves.
    const QHash<QString, QStringList> zipPrefixes = {
        { "415", { "941" } },
        { "312", { "606" } },
        { "617", { "021" } },
        { "206", { "981" } },
        { "512", { "787" } },
        { "305", { "331" } },
        { "213", { "900" } },
        { "718", { "112", "113", "104" } },
        { "404", { "303" } },
        { "313", { "482" } },
        { "602", { "850" } },
        { "215", { "191" } },
    };
    const DemoData demo;
    QSet<QString> areasSeen;
    for (int i = 0; i < 2000; ++i) {
        const DemoContact contact = demo.contact(i, Now);
        const QString area = contact.phoneE164.mid(2, 3);
        QVERIFY2(zipPrefixes.contains(area), qPrintable(contact.phoneE164));
        QVERIFY2(zipPrefixes.value(area).contains(contact.zip.left(3)),
            qPrintable(contact.phoneE164 + " " + contact.zip));
        QCOMPARE(contact.zip.size(), 5);
        areasSeen.insert(area);
    }
    QCOMPARE(areasSeen.size(), zipPrefixes.size());
}

void TestDemoData::statusMix_data()
{
    addSeeds();
}

void TestDemoData::statusMix()
{
    QFETCH(quint32, seed);
    const DemoData demo(seed);
    const int count = 20'000;
    QHash<ConversationStatus, int> counts;
    for (int i = 0; i < count; ++i)
        ++counts[statusOf(demo.contact(i, Now))];

    const QVector<QPair<ConversationStatus, double>> expected = {
        { ConversationStatus::NotStarted, 0.20 },
        { ConversationStatus::Waiting, 0.55 },
        { ConversationStatus::NeedsReply, 0.18 },
        { ConversationStatus::OptedOut, 0.07 },
    };
    for (const auto& [status, share] : expected) {
        const double actual = double(counts.value(status)) / count;
        QVERIFY2(qAbs(actual - share) < 0.02,
            qPrintable(QStringLiteral("%1: %2").arg(statusKey(status)).arg(actual)));
    }
}

void TestDemoData::conversationsAreCoherent()
{
    const DemoData demo;
    const QDateTime windowStart = Now.addDays(-4);
    for (int i = 0; i < 5000; ++i) {
        const DemoContact contact = demo.contact(i, Now);
        const QString where = QStringLiteral("contact %1").arg(i);
        if (contact.messages.isEmpty())
            continue;

        // A sender opens every conversation, greeting the contact by name.
        QCOMPARE(contact.messages.first().direction, MessageDirection::Outbound);
        QVERIFY2(contact.messages.first().body.startsWith("Hi " + contact.firstName), qPrintable(where));

        QDateTime previous = windowStart.addSecs(-1);
        QSet<QString> bodies;
        for (const DemoMessage& message : contact.messages) {
            QCOMPARE(message.at.timeSpec(), Qt::UTC);
            QVERIFY2(message.at > previous, qPrintable(where));
            QVERIFY2(message.at < Now, qPrintable(where));
            QVERIFY2(!message.body.isEmpty(), qPrintable(where));
            QVERIFY2(!bodies.contains(message.body), qPrintable(where + ": " + message.body));
            bodies.insert(message.body);
            previous = message.at;
        }

        // Only the last message of an opted-out contact is an opt-out word.
        for (int m = 0; m + 1 < contact.messages.size(); ++m)
            QVERIFY2(!isOptOutKeyword(contact.messages.at(m).body), qPrintable(where));
    }
}

void TestDemoData::namesAreVaried()
{
    const DemoData demo;
    QSet<QString> firstNames;
    QSet<QString> lastNames;
    QSet<QString> fullNames;
    for (int i = 0; i < 2000; ++i) {
        const DemoContact contact = demo.contact(i, Now);
        firstNames.insert(contact.firstName);
        lastNames.insert(contact.lastName);
        fullNames.insert(contact.firstName + ' ' + contact.lastName);
    }
    QCOMPARE(firstNames.size(), 60);
    QCOMPARE(lastNames.size(), 60);
    QVERIFY(fullNames.size() > 1000);
    for (const char* name : { "Maria", "Wei", "Jamal", "Emily", "Priya", "Fatima" })
        QVERIFY2(firstNames.contains(name), name);
    for (const char* name : { "Garcia", "Nguyen", "Washington", "O'Brien", "Patel", "Khan" })
        QVERIFY2(lastNames.contains(name), name);
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "TestDemoData.moc"
