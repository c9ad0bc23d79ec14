#include "storage/CampaignStore.h"
#include "models/SenderTableModel.h"
#include "StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;
using M = SenderTableModel;

class TestSenderTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void columnsAndHeaders();
    void sendersByNameWithoutUnassigned();
    void countsAndLastMessagePerRow();
    void lastTextedPerSender();
    void sortsByEveryColumn_data();
    void sortsByEveryColumn();
    void reloadUpdatesInPlaceOrResets();
    void noCampaignIsEmpty();
    void controlCharactersShowAsSymbols();
    void numberColumnShowsAndAnnouncesEdits();

private:
    QStringList column(const QAbstractItemModel& model, int column) const;

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0;
};

void TestSenderTableModel::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    // Ana: 4 conversations, texted last at minute 40 (her reply came later, at 45).
    // Ben: 3, texted last at minute 19 (the opt-out's first text). Cruz: none, never texted.
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 1);
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 2);
    m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 45);
    m_fx->conversation(m_campaign, m_ana, S::Waiting, 40);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 5);
    m_fx->conversation(m_campaign, m_ben, S::NeedsReply, 6);
    m_fx->conversation(m_campaign, m_ben, S::OptedOut, 20);
    m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 10);
    // Another campaign's messages must not count.
    const qint64 other = m_fx->campaign("Other");
    m_fx->sender(other, "Ana Ruiz");
    m_fx->conversation(other, m_ana, S::Waiting, 500);
}

void TestSenderTableModel::cleanup()
{
    m_fx.reset();
}

QStringList TestSenderTableModel::column(const QAbstractItemModel& model, int column) const
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, column).data().toString();
    return result;
}

void TestSenderTableModel::columnsAndHeaders()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QStringList headers;
    for (int c = 0; c < M::ColumnCount; ++c)
        headers << model.headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, QStringList({"Sender", "Email", "Texting Number", "Sweeper", "Presence", "Total", "Needs Reply", "Not Started", "Waiting",
                                   "Opted Out", "Last Message"}));
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    QCOMPARE(model.roleNames().value(M::SortRole), QByteArray("sortValue"));
}

void TestSenderTableModel::sendersByNameWithoutUnassigned()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(column(model, M::NameColumn), QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee"}));
    QCOMPARE(column(model, M::EmailColumn),
             QStringList({"ana ruiz@example.org", "ben okafor@example.org", "cruz lee@example.org"}));
    QCOMPARE(column(model, M::SweeperColumn), QStringList({"", "", "Sweeper"}));
    QCOMPARE(model.rowOf(m_cruz), 2);
    QCOMPARE(model.rowOf(UnassignedId), -1);
    QCOMPARE(model.senderAt(1)->id, m_ben);
    QVERIFY(!model.senderAt(3));
    QCOMPARE(model.index(2, M::NameColumn).data(M::SweeperRole).toBool(), true);
    QCOMPARE(model.index(0, M::WaitingColumn).data(M::SenderIdRole).toLongLong(), m_ana);
}

void TestSenderTableModel::countsAndLastMessagePerRow()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    auto counts = [&](int row) {
        QStringList values;
        for (int c = M::TotalColumn; c <= M::OptedOutColumn; ++c)
            values << model.index(row, c).data().toString();
        return values;
    };
    QCOMPARE(counts(0), QStringList({"4", "1", "2", "1", "0"}));
    QCOMPARE(counts(1), QStringList({"3", "2", "0", "0", "1"}));
    QCOMPARE(counts(2), QStringList({"0", "0", "0", "0", "0"}));
    QCOMPARE(model.index(0, M::NeedsReplyColumn).data(M::SortRole).toInt(), 1);
    QCOMPARE(model.index(0, M::TotalColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);

    const QDateTime epoch(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC);
    QCOMPARE(model.index(0, M::LastMessageColumn).data(M::LastMessageRole).toDateTime(), epoch.addSecs(44 * 60));
    QCOMPARE(model.index(1, M::LastMessageColumn).data(M::LastMessageRole).toDateTime(), epoch.addSecs(19 * 60));
    QVERIFY(!model.index(2, M::LastMessageColumn).data(M::LastMessageRole).toDateTime().isValid());
    QCOMPARE(model.index(2, M::LastMessageColumn).data().toString(), QString("Never"));
    QVERIFY(!model.index(0, M::LastMessageColumn).data().toString().isEmpty());
    QVERIFY(model.index(0, M::NameColumn).data(Qt::ToolTipRole).toString().contains("4 conversations"));
}

void TestSenderTableModel::lastTextedPerSender()
{
    QHash<SenderId, QDateTime> last;
    for (const CampaignSender& s : CampaignStore(m_fx->db()).campaignSenders(m_campaign))
        last.insert(s.id, s.lastTexted);
    const QDateTime epoch(QDate(2026, 11, 20), QTime(9, 0), Qt::UTC);
    QCOMPARE(last.size(), 3);
    // Outbound texts only count; the contact's reply at 45 is nobody's.
    QCOMPARE(last.value(m_ana), epoch.addSecs(44 * 60));
    QCOMPARE(last.value(m_ben), epoch.addSecs(19 * 60));
    QVERIFY(!last.value(m_cruz).isValid());
}

void TestSenderTableModel::sortsByEveryColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    QTest::newRow("name") << int(M::NameColumn) << QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee"});
    QTest::newRow("sweeper") << int(M::SweeperColumn) << QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee"});
    QTest::newRow("total") << int(M::TotalColumn) << QStringList({"Cruz Lee", "Ben Okafor", "Ana Ruiz"});
    QTest::newRow("needs reply") << int(M::NeedsReplyColumn) << QStringList({"Cruz Lee", "Ana Ruiz", "Ben Okafor"});
    QTest::newRow("opted out") << int(M::OptedOutColumn) << QStringList({"Ana Ruiz", "Cruz Lee", "Ben Okafor"});
    QTest::newRow("last message") << int(M::LastMessageColumn) << QStringList({"Cruz Lee", "Ben Okafor", "Ana Ruiz"});
}

void TestSenderTableModel::sortsByEveryColumn()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    M model(m_fx->db());
    model.setCampaign(m_campaign);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(M::SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(this->column(proxy, M::NameColumn), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    std::reverse(ascending.begin(), ascending.end());
    // Ties keep their order either way; none of the rows above tie except where equal.
    if (column != M::SweeperColumn && column != M::OptedOutColumn)
        QCOMPARE(this->column(proxy, M::NameColumn), ascending);
}

void TestSenderTableModel::reloadUpdatesInPlaceOrResets()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(CampaignStore(m_fx->db()).setSweeper(m_campaign, m_ana, true));
    model.reload();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, M::SweeperColumn).data().toString(), QString("Sweeper"));

    m_fx->sender(m_campaign, "Dee Park");
    model.reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(column(model, M::NameColumn), QStringList({"Ana Ruiz", "Ben Okafor", "Cruz Lee", "Dee Park"}));
}

void TestSenderTableModel::noCampaignIsEmpty()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setCampaign(m_campaign);
    QCOMPARE(model.rowCount(), 3);
    model.setCampaign(0);
    QCOMPARE(model.rowCount(), 0);
}

// A sender's name never lays out the row or its tool tip.
void TestSenderTableModel::controlCharactersShowAsSymbols()
{
    QVERIFY(m_fx->senderAsStored(m_campaign, QStringLiteral(u"Zed\u202E\x1b[2J")));
    SenderTableModel model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    const QModelIndex zed = model.index(model.rowCount() - 1, SenderTableModel::NameColumn);
    QCOMPARE(zed.data().toString(), QString("Zed\uFFFD␛[2J"));
    QCOMPARE(zed.data(Qt::ToolTipRole).toString(),
             QString("Zed\uFFFD␛[2J: 0 conversations, 0 need a reply, 0 not started, on shift"));
}

void TestSenderTableModel::numberColumnShowsAndAnnouncesEdits()
{
    QVERIFY(CampaignStore(m_fx->db()).setTextingNumber(m_ben, "+14155550100"));
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(column(model, M::NumberColumn), QStringList({"", "+14155550100", ""}));
    QVERIFY(model.flags(model.index(0, M::NumberColumn)) & Qt::ItemIsEditable);
    QVERIFY(!(model.flags(model.index(0, M::NameColumn)) & Qt::ItemIsEditable));
    QCOMPARE(model.index(1, M::NumberColumn).data(Qt::EditRole).toString(), QString("+14155550100"));

    // An edit is announced, not kept: the service layer makes it, and a reload shows it.
    QSignalSpy edited(&model, &M::numberEdited);
    QVERIFY(!model.setData(model.index(0, M::NumberColumn), " (415) 555-0199 "));
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.at(0).at(0).value<SenderId>(), m_ana);
    QCOMPARE(edited.at(0).at(1).toString(), QString("(415) 555-0199"));
    QCOMPARE(model.index(0, M::NumberColumn).data().toString(), QString());
    // The same number again is no edit.
    QVERIFY(!model.setData(model.index(1, M::NumberColumn), "+14155550100"));
    QCOMPARE(edited.size(), 1);
}

QTEST_MAIN(TestSenderTableModel)
#include "TestSenderTableModel.moc"
