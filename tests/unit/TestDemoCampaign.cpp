#include "storage/CampaignStore.h"
#include "controller/DemoCampaign.h"
#include "StoreFixture.h"

#include <QTest>

using namespace Handoff;

class TestDemoCampaign : public QObject
{
    Q_OBJECT

private slots:
    void everyStatusAndAPoolToReassignFrom();
    void refusesBadSizesAndDuplicateNames();
};

void TestDemoCampaign::everyStatusAndAPoolToReassignFrom()
{
    StoreFixture fx;
    QVERIFY2(fx.ok(), qPrintable(fx.error()));
    DemoCampaignOptions options;
    options.contacts = 2000;
    options.senders = 6;
    auto campaign = DemoCampaign(fx.db()).create(options);
    QVERIFY2(campaign, qPrintable(campaign.error()));

    CampaignStore store(fx.db());
    const StatusCounts total = store.campaignCounts(campaign->id);
    QCOMPARE(total.total(), 2000);
    QVERIFY(total.notStarted > 0 && total.needsReply > 0 && total.waiting > 0 && total.optedOut > 0);

    const auto senders = store.senderCounts(campaign->id);
    QCOMPARE(senders.size(), 7);   // Unassigned and six senders
    QCOMPARE(senders[0].id, UnassignedId);
    QCOMPARE(senders[0].counts.total(), 200);
    QCOMPARE(senders[0].counts.notStarted, 200);
    int sweepers = 0;
    for (const CampaignSender& s : store.campaignSenders(campaign->id))
        sweepers += s.sweeper ? 1 : 0;
    QCOMPARE(sweepers, 1);
}

void TestDemoCampaign::refusesBadSizesAndDuplicateNames()
{
    StoreFixture fx;
    QVERIFY2(fx.ok(), qPrintable(fx.error()));
    DemoCampaignOptions options;
    options.contacts = 0;
    auto campaign = DemoCampaign(fx.db()).create(options);
    QVERIFY(!campaign);
    QCOMPARE(campaign.error(), QString("A demo campaign has between 1 and 1,000,000 contacts (asked for 0)."));
    options.contacts = 20;
    QVERIFY(DemoCampaign(fx.db()).create(options));
    campaign = DemoCampaign(fx.db()).create(options);
    QVERIFY(!campaign);
    QCOMPARE(campaign.error(), QString("A campaign named \"Demo: Neighbors Vote GOTV\" already exists."));
    QCOMPARE(CampaignStore(fx.db()).campaigns().size(), 1);
}

QTEST_GUILESS_MAIN(TestDemoCampaign)
#include "TestDemoCampaign.moc"
