#include "storage/Database.h"
#include "models/HistoryMoveTableModel.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Handoff;
using S = ConversationStatus;
using M = HistoryMoveTableModel;

class TestHistoryMoveTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void columnsAndHeaders();
    void fromAndToPerConversation();
    void everyMoveFromTheStartReadAPageAtATime();
    void testerWalksEveryPage();
    void noActionIsEmpty();

private:
    qint64 reassignAll(SenderId from, QVector<SenderId> to);

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<ReassignmentController> m_controller;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0;
};

void TestHistoryMoveTableModel::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee");
    m_controller = std::make_unique<ReassignmentController>(m_fx->db(), QStringLiteral("Maya"));
}

void TestHistoryMoveTableModel::cleanup()
{
    m_controller.reset();
    m_fx.reset();
}

qint64 TestHistoryMoveTableModel::reassignAll(SenderId from, QVector<SenderId> to)
{
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignAll;
    r.source = from;
    r.targets = std::move(to);
    const auto result = m_controller->run(r);
    return result ? result->actionId : 0;
}

void TestHistoryMoveTableModel::columnsAndHeaders()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList headers;
    for (int c = 0; c < M::ColumnCount; ++c)
        headers << model.headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, QStringList({"Contact", "Phone", "From", "To"}));
    QCOMPARE(model.roleNames().value(M::ToIdRole), QByteArray("toId"));
}

void TestHistoryMoveTableModel::fromAndToPerConversation()
{
    const qint64 amy = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1, "Amy");
    const qint64 uma = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 2, "Uma");
    const qint64 action = reassignAll(m_ana, {m_ben});
    QVERIFY(action);
    const qint64 pool = reassignAll(UnassignedId, {m_cruz});

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAction(action);
    QCOMPARE(model.actionId(), action);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, M::ContactColumn).data().toString(), QString("Amy Test"));
    QCOMPARE(model.index(0, M::PhoneColumn).data().toString(), QString("+14152300001"));
    QCOMPARE(model.index(0, M::FromColumn).data().toString(), QString("Ana Ruiz"));
    QCOMPARE(model.index(0, M::ToColumn).data().toString(), QString("Ben Okafor"));
    QCOMPARE(model.index(0, 0).data(M::ConversationIdRole).toLongLong(), amy);
    QCOMPARE(model.index(0, 0).data(M::FromIdRole).toLongLong(), m_ana);
    QCOMPARE(model.index(0, 0).data(M::ToIdRole).toLongLong(), m_ben);

    model.setAction(pool);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, M::FromColumn).data().toString(), QString("Unassigned"));
    QCOMPARE(model.index(0, 0).data(M::FromIdRole).toLongLong(), UnassignedId);
    QCOMPARE(model.index(0, 0).data(M::ConversationIdRole).toLongLong(), uma);
}

void TestHistoryMoveTableModel::everyMoveFromTheStartReadAPageAtATime()
{
    QVector<qint64> anas;
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 2 * M::PageSize + 17; ++i)
            anas << m_fx->conversation(m_campaign, m_ana, S::NotStarted, i);
        QVERIFY(tx.commit());
    }
    const qint64 action = reassignAll(m_ana, {m_ben, m_cruz});
    QVERIFY(action);
    M model(m_fx->db());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setAction(action);
    // Counted at once: the view sizes itself once, and nothing is fetched later.
    QCOMPARE(model.rowCount(), 2 * M::PageSize + 17);
    QCOMPARE(inserted.count(), 0);
    // The last row first, as Ctrl+End shows it, then every row from the top: each
    // conversation once, in conversation order.
    std::sort(anas.begin(), anas.end());
    QCOMPARE(model.index(model.rowCount() - 1, 0).data(M::ConversationIdRole).toLongLong(), anas.last());
    QVector<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(M::ConversationIdRole).toLongLong();
    QCOMPARE(ids, anas);
    QCOMPARE(model.index(M::PageSize, M::FromColumn).data().toString(), QString("Ana Ruiz"));
    // Back at the top after the pages there were let go.
    QCOMPARE(model.index(0, 0).data(M::ConversationIdRole).toLongLong(), anas.first());
}

void TestHistoryMoveTableModel::testerWalksEveryPage()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < M::PageSize + 3; ++i)
            m_fx->conversation(m_campaign, m_ana, S::NotStarted, i);
        QVERIFY(tx.commit());
    }
    const qint64 action = reassignAll(m_ana, {m_ben});
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAction(action);
    QCOMPARE(model.rowCount(), M::PageSize + 3);
    QCOMPARE(model.index(M::PageSize + 2, M::ToColumn).data().toString(), QString("Ben Okafor"));
}

void TestHistoryMoveTableModel::noActionIsEmpty()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setAction(0);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestHistoryMoveTableModel)
#include "TestHistoryMoveTableModel.moc"
