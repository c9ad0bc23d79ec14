#include "storage/CampaignStore.h"
#include "controller/ReassignmentController.h"
#include "models/SenderListModel.h"
#include "models/SenderSortFilterProxyModel.h"
#include "StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;

class TestSenderListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void unassignedFirstThenSendersByName();
    void countsAndProgressPerRow();
    void noCampaignIsEmpty();
    void reloadUpdatesCountsInPlace();
    void reloadResetsWhenSendersChange();
    void proxySortsKeepingUnassignedFirst_data();
    void proxySortsKeepingUnassignedFirst();
    void proxyFiltersByNameButKeepsUnassigned();
    void controlCharactersShowAsSymbols();

private:
    QStringList names(const QAbstractItemModel& model) const;

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0;
};

void TestSenderListModel::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    // Ana: 4 assigned, 2 started, 1 needs a reply. Ben: 3 assigned, all started, 2 replies.
    // Cruz: none. Unassigned: 3 not started. Another campaign must not count.
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 1);
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 2);
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 3);
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 4);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 5);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 6);
    m_fx->conversation(m_campaign, m_ben, S::OptedOut, 7);
    for (int i = 0; i < 3; ++i)
        m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 10 + i);
    const qint64 other = m_fx->campaign("Other");
    m_fx->conversation(other, m_fx->sender(other, "Ana Ruiz"), S::NeedsReply, 1);
}

void TestSenderListModel::cleanup()
{
    m_fx.reset();
}

QStringList TestSenderListModel::names(const QAbstractItemModel& model) const
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, 0).data().toString();
    return result;
}

void TestSenderListModel::unassignedFirstThenSendersByName()
{
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(names(model), QStringList({"Unassigned", "Ana Ruiz", "Ben Okafor", "Cruz Lee"}));
    QCOMPARE(model.index(0).data(SenderListModel::IsUnassignedRole).toBool(), true);
    QCOMPARE(model.index(0).data(SenderListModel::SenderIdRole).toLongLong(), UnassignedId);
    QCOMPARE(model.index(1).data(SenderListModel::IsUnassignedRole).toBool(), false);
    QCOMPARE(model.index(1).data(SenderListModel::SenderIdRole).toLongLong(), m_ana);
    QCOMPARE(model.rowOf(m_cruz), 3);
    QCOMPARE(model.rowOf(9999), -1);
    QCOMPARE(model.roleNames().value(SenderListModel::NeedsReplyRole), QByteArray("needsReply"));
}

void TestSenderListModel::countsAndProgressPerRow()
{
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);

    struct Expected
    {
        int assigned, started, needsReply;
        QString progress;
        bool sweeper;
    };
    const QVector<Expected> expected = {
        {3, 0, 0, "0/3", false},  // Unassigned
        {4, 2, 1, "2/4", false},  // Ana
        {3, 3, 2, "3/3", false},  // Ben: the opted-out one was started too
        {0, 0, 0, "0/0", true},   // Cruz, sweeper
    };
    for (int row = 0; row < expected.size(); ++row) {
        const QModelIndex index = model.index(row);
        QCOMPARE(index.data(SenderListModel::AssignedRole).toInt(), expected[row].assigned);
        QCOMPARE(index.data(SenderListModel::StartedRole).toInt(), expected[row].started);
        QCOMPARE(index.data(SenderListModel::NeedsReplyRole).toInt(), expected[row].needsReply);
        QCOMPARE(index.data(SenderListModel::ProgressTextRole).toString(), expected[row].progress);
        QCOMPARE(index.data(SenderListModel::SweeperRole).toBool(), expected[row].sweeper);
    }
    // A sender's also says presence and when they last texted (exact in TestSelectionAndPresence).
    QVERIFY(model.index(1).data(Qt::ToolTipRole).toString().startsWith("Ana Ruiz: progress 2/4, needs reply 1, on shift, texted "));
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(), model.index(1).data(Qt::ToolTipRole).toString());
    QCOMPARE(model.index(0).data(Qt::ToolTipRole).toString(), QString("Unassigned: progress 0/3, needs reply 0"));
    QVERIFY(!model.index(1).data(Qt::DecorationRole).isValid());
}

void TestSenderListModel::noCampaignIsEmpty()
{
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setCampaign(m_campaign);
    QCOMPARE(model.rowCount(), 4);
    model.setCampaign(0);
    QCOMPARE(model.rowCount(), 0);
}

void TestSenderListModel::reloadUpdatesCountsInPlace()
{
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    ReassignmentController controller(m_fx->db(), "manager");
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignAll;
    r.status = StatusFilter::NeedsReply;
    r.source = m_ben;
    r.targets = {m_cruz};
    QVERIFY(controller.run(r));

    model.reload();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(changes.count(), 1);
    QCOMPARE(model.index(2).data(SenderListModel::NeedsReplyRole).toInt(), 0);
    QCOMPARE(model.index(2).data(SenderListModel::ProgressTextRole).toString(), QString("1/1"));
    QCOMPARE(model.index(3).data(SenderListModel::NeedsReplyRole).toInt(), 2);
    QCOMPARE(model.index(3).data(SenderListModel::ProgressTextRole).toString(), QString("2/2"));
}

void TestSenderListModel::reloadResetsWhenSendersChange()
{
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    m_fx->sender(m_campaign, "Aaron Best");
    model.reload();
    QCOMPARE(resets.count(), 1);
    QCOMPARE(names(model), QStringList({"Unassigned", "Aaron Best", "Ana Ruiz", "Ben Okafor", "Cruz Lee"}));
}

void TestSenderListModel::proxySortsKeepingUnassignedFirst_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("name") << int(SenderSortFilterProxyModel::SortKey::Name)
                          << QStringList{"Unassigned", "Ana Ruiz", "Ben Okafor", "Cruz Lee"};
    // Assigned first (Ana 4, Ben 3), then started.
    QTest::newRow("progress") << int(SenderSortFilterProxyModel::SortKey::Progress)
                              << QStringList{"Unassigned", "Ana Ruiz", "Ben Okafor", "Cruz Lee"};
    QTest::newRow("needs reply") << int(SenderSortFilterProxyModel::SortKey::NeedsReply)
                                 << QStringList{"Unassigned", "Ben Okafor", "Ana Ruiz", "Cruz Lee"};
}

void TestSenderListModel::proxySortsKeepingUnassignedFirst()
{
    QFETCH(int, key);
    QFETCH(QStringList, expected);
    SenderListModel model(m_fx->db());
    SenderSortFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setCampaign(m_campaign);
    proxy.setSortKey(SenderSortFilterProxyModel::SortKey(key));
    QCOMPARE(names(proxy), expected);

    // Progress breaks a tie in assigned by started: give Cruz 4 assigned, 4 started.
    if (SenderSortFilterProxyModel::SortKey(key) == SenderSortFilterProxyModel::SortKey::Progress) {
        for (int i = 0; i < 4; ++i)
            m_fx->conversation(m_campaign, m_cruz, S::Waiting, 20 + i);
        model.reload();
        QCOMPARE(names(proxy), QStringList({"Unassigned", "Cruz Lee", "Ana Ruiz", "Ben Okafor"}));
    }
}

void TestSenderListModel::proxyFiltersByNameButKeepsUnassigned()
{
    SenderListModel model(m_fx->db());
    SenderSortFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    model.setCampaign(m_campaign);
    proxy.setNameFilter("  OKA ");
    QCOMPARE(names(proxy), QStringList({"Unassigned", "Ben Okafor"}));
    proxy.setNameFilter("zzz");
    QCOMPARE(names(proxy), QStringList({"Unassigned"}));
    proxy.setNameFilter({});
    QCOMPARE(proxy.rowCount(), 4);
}

// A sender's name never lays out the list: an escape or a bidi override shows as a symbol.
void TestSenderListModel::controlCharactersShowAsSymbols()
{
    QVERIFY(m_fx->senderAsStored(m_campaign, QStringLiteral(u"Dee\u202E\x1b[2J Park")));
    SenderListModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    const QModelIndex dee = model.index(model.rowCount() - 1, 0);
    QCOMPARE(dee.data().toString(), QString("Dee\uFFFD␛[2J Park"));
    QCOMPARE(dee.data(Qt::ToolTipRole).toString(), QString("Dee\uFFFD␛[2J Park: progress 0/0, needs reply 0, on shift, never texted"));
}

QTEST_GUILESS_MAIN(TestSenderListModel)
#include "TestSenderListModel.moc"
