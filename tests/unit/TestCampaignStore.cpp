#include "storage/CampaignStore.h"
#include "core/Limits.h"
#include "StoreFixture.h"

#include <QTest>

using namespace Handoff;

class TestCampaignStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void campaignNamesAreHeldToTheLimit();
    void senderNamesAreHeldToTheLimit();

private:
    std::unique_ptr<StoreFixture> m_fx;
};

void TestCampaignStore::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
}

void TestCampaignStore::campaignNamesAreHeldToTheLimit()
{
    CampaignStore store(m_fx->db());
    const auto huge = store.createCampaign(QString(100000, 'x'));
    QVERIFY(!huge);
    QCOMPARE(huge.error(), QString("A campaign's name can be at most 100 characters; this one has 100000."));
    const auto nul = store.createCampaign(QString("GOTV") + QChar(0) + "Nov");
    QVERIFY(!nul);
    QCOMPARE(nul.error(), QString("A campaign's name cannot hold control characters such as NUL."));
    QVERIFY(store.campaigns().isEmpty());

    // Spaces around and inside are simplified before the length is counted.
    const auto longest = store.createCampaign("  " + QString(Limits::MaxNameLength, 'y') + "\n");
    QVERIFY2(longest, qPrintable(longest.error()));
    QCOMPARE(longest->name, QString(Limits::MaxNameLength, 'y'));
}

void TestCampaignStore::senderNamesAreHeldToTheLimit()
{
    CampaignStore store(m_fx->db());
    const auto huge = store.addToRoster(QString(10000, 'x'));
    QVERIFY(!huge);
    QCOMPARE(huge.error(), QString("A sender's name can be at most 100 characters; this one has 10000."));
    const auto nul = store.addToRoster(QString("Ana") + QChar(0) + "Ruiz");
    QVERIFY(!nul);
    QCOMPARE(nul.error(), QString("A sender's name cannot hold control characters such as NUL."));
    const auto bell = store.addToRoster(QString("Ana") + QChar(7));
    QVERIFY(!bell);
    QVERIFY(store.roster().isEmpty());

    QVERIFY(store.addToRoster(QString(Limits::MaxNameLength, 'a')));
    QCOMPARE(store.roster().size(), 1);
}

QTEST_GUILESS_MAIN(TestCampaignStore)
#include "TestCampaignStore.moc"
