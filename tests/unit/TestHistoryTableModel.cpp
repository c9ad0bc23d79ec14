#include "models/HistoryTableModel.h"
#include "controller/ReassignmentController.h"
#include "StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;
using M = HistoryTableModel;

class TestHistoryTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void columnsAndHeaders();
    void newestFirstWithWhoWhatAndResult();
    void undoneAndUndoRows();
    void skippedReasons();
    void noCampaignIsEmpty();
    void controlCharactersShowAsSymbols();

private:
    QStringList row(const QAbstractItemModel& model, int row) const;
    qint64 reassignSomeNeedsReply();

    std::unique_ptr<StoreFixture> m_fx;
    std::unique_ptr<ReassignmentController> m_controller;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0, m_cruz = 0;
    qint64 m_a1 = 0, m_a2 = 0, m_a3 = 0;
};

void TestHistoryTableModel::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_cruz = m_fx->sender(m_campaign, "Cruz Lee", true);
    m_a1 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 1);
    m_a2 = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 2);
    m_a3 = m_fx->conversation(m_campaign, m_ana, S::NotStarted, 3);
    m_controller = std::make_unique<ReassignmentController>(m_fx->db(), QStringLiteral("Maya"));
}

void TestHistoryTableModel::cleanup()
{
    m_controller.reset();
    m_fx.reset();
}

QStringList TestHistoryTableModel::row(const QAbstractItemModel& model, int row) const
{
    QStringList values;
    // Not the time: it is now, in the test machine's locale.
    for (int c = M::WhoColumn; c <= M::UndoColumn; ++c)
        values << model.index(row, c).data().toString();
    return values;
}

qint64 TestHistoryTableModel::reassignSomeNeedsReply()
{
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignSome;
    r.status = StatusFilter::NeedsReply;
    r.source = m_ana;
    r.count = 2;
    r.targets = {m_ben, m_cruz};
    const auto result = m_controller->run(r);
    return result ? result->actionId : 0;
}

void TestHistoryTableModel::columnsAndHeaders()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QStringList headers;
    for (int c = 0; c < M::ColumnCount; ++c)
        headers << model.headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers,
        QStringList({ "#", "When", "Who", "Scope", "Action", "Status Filter", "Moved", "Skipped", "Undo", "Note" }));
    QCOMPARE(model.roleNames().value(M::UndoableRole), QByteArray("undoable"));
}

void TestHistoryTableModel::newestFirstWithWhoWhatAndResult()
{
    const qint64 first = reassignSomeNeedsReply();
    QVERIFY(first);
    ReassignRequest bulk;
    bulk.campaignId = m_campaign;
    bulk.scope = ReassignScope::Bulk;
    bulk.action = ReassignAction::UnassignAll;
    bulk.status = StatusFilter::Any;
    bulk.note = QStringLiteral("End of shift");
    const auto second = m_controller->run(bulk);
    QVERIFY2(second, qPrintable(second.error()));

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, M::IdColumn).data().toString(), QStringLiteral("#%1").arg(second->actionId));
    QCOMPARE(row(model, 0), QStringList({"Maya", "Bulk", "Unassign All", "Any", "3 → Unassigned", "0", ""}));
    QCOMPARE(model.index(0, M::NoteColumn).data().toString(), QString("End of shift"));
    QCOMPARE(model.index(1, M::NoteColumn).data().toString(), QString());
    QCOMPARE(row(model, 1),
        QStringList({ "Maya", "Sender: Ana Ruiz", "Reassign Some", "Needs Reply",
            "1 → Ben Okafor, 1 → Cruz Lee", "0", "" }));
    QVERIFY(!model.index(1, M::WhenColumn).data().toString().isEmpty());
    QCOMPARE(model.index(1, 0).data(M::ActionIdRole).toLongLong(), first);
    QCOMPARE(model.index(1, 0).data(M::MovedRole).toInt(), 2);
    QCOMPARE(model.index(1, M::MovedColumn).data(Qt::ToolTipRole).toString(),
             QString("2 conversations moved\n1 → Ben Okafor, 1 → Cruz Lee"));
    QCOMPARE(model.rowOf(first), 1);
    QCOMPARE(model.entryAt(1)->id, first);
    QVERIFY(!model.entryAt(2));
}

void TestHistoryTableModel::undoneAndUndoRows()
{
    const qint64 first = reassignSomeNeedsReply();
    const auto undo = m_controller->undoLast(m_campaign);
    QVERIFY2(undo, qPrintable(undo.error()));
    QVERIFY(m_controller->removeSender(m_campaign, m_ben));

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(row(model, 0),
        QStringList({ "Maya", "Sender: Ben Okafor", "Remove Sender", "Any", "0 → Unassigned", "0", "" }));
    QCOMPARE(row(model, 1), QStringList({"Maya", "Sender: Ana Ruiz", "Undo", "Any", "2 → Ana Ruiz", "0",
                                         QStringLiteral("Undoes #%1").arg(first)}));
    QCOMPARE(row(model, 2).last(), QStringLiteral("Undone by #%1").arg(undo->actionId));
    QCOMPARE(model.index(0, 0).data(M::UndoableRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(M::UndoableRole).toBool(), false);
    QCOMPARE(model.index(2, 0).data(M::UndoableRole).toBool(), false);
    QCOMPARE(model.index(2, 0).data(M::UndoneRole).toBool(), true);
    QVERIFY(model.index(2, M::ActionColumn).data(Qt::FontRole).value<QFont>().strikeOut());
    QVERIFY(!model.index(1, M::ActionColumn).data(Qt::FontRole).isValid());
}

void TestHistoryTableModel::skippedReasons()
{
    const qint64 first = reassignSomeNeedsReply();
    // Amy went to Ben; she moves again before the undo, so the undo leaves her be and says why.
    ReassignRequest single;
    single.campaignId = m_campaign;
    single.scope = ReassignScope::Single;
    single.action = ReassignAction::Move;
    single.conversationId = m_a1;
    single.targets = {UnassignedId};
    QVERIFY(m_controller->run(single));
    const auto undone = m_controller->undo(first);
    QVERIFY2(undone, qPrintable(undone.error()));
    QCOMPARE(undone->skippedMovedElsewhere, 1);

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(model.index(0, M::SkippedColumn).data().toString(), QString("1"));
    QCOMPARE(model.index(0, M::SkippedColumn).data(Qt::ToolTipRole).toString(),
             QString("1 moved by someone else"));
    QCOMPARE(M::skippedText(*model.entryAt(0)), QString("1 moved by someone else"));
    QCOMPARE(M::skippedText(*model.entryAt(1)), QString());
}

void TestHistoryTableModel::noCampaignIsEmpty()
{
    reassignSomeNeedsReply();
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setCampaign(m_campaign);
    QCOMPARE(model.rowCount(), 1);
    model.setCampaign(0);
    QCOMPARE(model.rowCount(), 0);
}

// Who acted and whom an action moved from and to never lay out the row.
void TestHistoryTableModel::controlCharactersShowAsSymbols()
{
    const SenderId mallory = m_fx->sender(m_campaign, QStringLiteral(u"Mal\u202Eyrol"));
    ReassignmentController controller(m_fx->db(), QStringLiteral(u"Eve\x1b]0;pwned\x07"));
    ReassignRequest r;
    r.campaignId = m_campaign;
    r.scope = ReassignScope::Sender;
    r.action = ReassignAction::ReassignAll;
    r.status = StatusFilter::Any;
    r.source = m_ana;
    r.targets = {mallory};
    const auto result = controller.run(r);
    QVERIFY2(result, qPrintable(result.error()));

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCampaign(m_campaign);
    QCOMPARE(model.index(0, M::WhoColumn).data().toString(), QString("Eve␛]0;pwned␇"));
    QCOMPARE(model.index(0, M::MovedColumn).data().toString(), QString("3 → Mal\uFFFDyrol"));
}

QTEST_MAIN(TestHistoryTableModel)
#include "TestHistoryTableModel.moc"
