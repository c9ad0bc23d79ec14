#include "models/ConversationTableModel.h"
#include "storage/Database.h"
#include "StoreFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Handoff;
using S = ConversationStatus;
using M = ConversationTableModel;

class TestConversationTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void columnsAndHeaders();
    void displayAndRolesPerRow();
    void blueDotOnlyForNeedsReply();
    void wholeTableCountedAtOnce();
    void jumpToTheEndShowsTheLastConversations();
    void searchLoadsInPagesAsTheViewScrolls();
    void testerWalksEveryPage();
    void sortAsksTheStoreAgain_data();
    void sortAsksTheStoreAgain();
    void narrowsBySenderStatusAndSearch();
    void reloadShowsEveryRowAgain();
    void reloadKeepsWhatTheSearchLoaded();
    void everyOrderPagesWithoutGapsOrRepeats();
    void pagesScrolledAwayAreReadAgain();
    void noCampaignIsEmpty();
    void controlCharactersShowAsSymbols();

private:
    ConversationQuery query() const;
    // The ids of the query in its order, as one SQL statement gives them.
    QVector<qint64> expectedIds(const ConversationQuery& query) const;
    QStringList column(const QAbstractItemModel& model, int column) const;

    std::unique_ptr<StoreFixture> m_fx;
    qint64 m_campaign = 0;
    SenderId m_ana = 0, m_ben = 0;
    qint64 m_zoe = 0, m_yan = 0, m_xia = 0, m_will = 0;
};

void TestConversationTableModel::init()
{
    m_fx = std::make_unique<StoreFixture>();
    QVERIFY2(m_fx->ok(), qPrintable(m_fx->error()));
    m_campaign = m_fx->campaign("GOTV November");
    m_ana = m_fx->sender(m_campaign, "Ana Ruiz");
    m_ben = m_fx->sender(m_campaign, "Ben Okafor");
    m_zoe = m_fx->conversation(m_campaign, m_ana, S::NeedsReply, 30, "Zoe");
    m_yan = m_fx->conversation(m_campaign, m_ben, S::Waiting, 10, "Yan");
    m_xia = m_fx->conversation(m_campaign, UnassignedId, S::NotStarted, 20, "Xia");
    m_will = m_fx->conversation(m_campaign, m_ana, S::OptedOut, 40, "Will");
}

void TestConversationTableModel::cleanup()
{
    m_fx.reset();
}

ConversationQuery TestConversationTableModel::query() const
{
    ConversationQuery q;
    q.campaignId = m_campaign;
    return q;
}

QVector<qint64> TestConversationTableModel::expectedIds(const ConversationQuery& query) const
{
    // Only the orders and filters the tests here use: whole campaign, by activity.
    const QString dir = query.order == Qt::AscendingOrder ? "ASC" : "DESC";
    QString sql = "SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
                  " WHERE c.campaign_id = "
        + QString::number(query.campaignId);
    if (!query.search.isEmpty())
        sql += " AND LOWER(ct.first_name || ' ' || ct.last_name) LIKE '%" + query.search + "%'";
    sql += " ORDER BY c.last_activity " + dir + ", c.id " + dir;
    QSqlQuery q(m_fx->db().connection());
    if (!q.exec(sql))
        return {};
    QVector<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    return ids;
}

QStringList TestConversationTableModel::column(const QAbstractItemModel& model, int column) const
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, column).data().toString();
    return result;
}

void TestConversationTableModel::columnsAndHeaders()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    QCOMPARE(model.columnCount(), 7);
    QStringList headers;
    for (int c = 0; c < M::ColumnCount; ++c)
        headers << model.headerData(c, Qt::Horizontal).toString();
    QCOMPARE(headers, QStringList({"Contact", "Phone", "Status", "Last Message", "Last Activity", "Sender",
                                   "Waiting For"}));
}

void TestConversationTableModel::displayAndRolesPerRow()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    // Longest waiting first by default.
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Yan Test", "Xia Test", "Zoe Test", "Will Test"}));
    QCOMPARE(column(model, M::StatusColumn), QStringList({"Waiting", "Not Started", "Needs Reply", "Opted Out"}));
    QCOMPARE(column(model, M::SenderColumn), QStringList({"Ben Okafor", "Unassigned", "Ana Ruiz", "Ana Ruiz"}));
    QCOMPARE(column(model, M::LastMessageColumn), QStringList({"Hi!", "", "Tell me more", "STOP"}));
    QCOMPARE(model.index(0, M::PhoneColumn).data().toString(), QString("+14152300002"));
    QVERIFY(!model.index(0, M::LastActivityColumn).data().toString().isEmpty());

    const QModelIndex zoe = model.index(2, M::PhoneColumn);
    QCOMPARE(zoe.data(M::ConversationIdRole).toLongLong(), m_zoe);
    QCOMPARE(zoe.data(M::StatusRole).toInt(), int(S::NeedsReply));
    QCOMPARE(zoe.data(M::SenderIdRole).toLongLong(), m_ana);
    QCOMPARE(zoe.data(M::OptedOutRole).toBool(), false);
    QCOMPARE(model.index(3, 0).data(M::OptedOutRole).toBool(), true);
    QCOMPARE(model.index(1, 0).data(M::SenderIdRole).toLongLong(), UnassignedId);
    QCOMPARE(zoe.data(M::LastActivityRole).toDateTime(),
             QDateTime(QDate(2026, 11, 20), QTime(9, 30), Qt::UTC));
    QCOMPARE(model.index(2, M::LastMessageColumn).data(Qt::ToolTipRole).toString(), QString("Tell me more"));
    QCOMPARE(model.rowOf(m_will), 3);
    QCOMPARE(model.rowOf(-5), -1);
    QCOMPARE(model.conversationAt(2)->id, m_zoe);
    QVERIFY(!model.conversationAt(4));
    QCOMPARE(model.roleNames().value(M::NeedsReplyRole), QByteArray("needsReply"));
}

void TestConversationTableModel::blueDotOnlyForNeedsReply()
{
    M model(m_fx->db());
    model.setQuery(query());
    // The role is the same in every column: the delegate decides where to draw it.
    for (int row = 0; row < model.rowCount(); ++row)
        for (int c = 0; c < M::ColumnCount; ++c)
            QCOMPARE(model.index(row, c).data(M::NeedsReplyRole).toBool(),
                     model.index(row, 0).data(M::ConversationIdRole).toLongLong() == m_zoe);
}

void TestConversationTableModel::wholeTableCountedAtOnce()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 2 * M::PageSize + 46; ++i)
            m_fx->conversation(m_campaign, m_ben, i % 2 ? S::NotStarted : S::Waiting, 100 + i);
        QVERIFY(tx.commit());
    }
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setQuery(query());
    // Every row from the start: a view sizes itself once, and nothing is fetched later.
    QCOMPARE(model.rowCount(), 2 * M::PageSize + 50);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(inserted.count(), 0);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.index(row, 0).data(M::ConversationIdRole).toLongLong());
    QCOMPARE(ids.size(), model.rowCount());

    // Narrowed by sender and status, the count is exact too.
    ConversationQuery q = query();
    q.sender = m_ben;
    q.status = S::Waiting;
    model.setQuery(q);
    QCOMPARE(model.rowCount(), M::PageSize + 24);
    QVERIFY(!model.canFetchMore({}));
    q.sender = UnassignedId;
    q.status.reset();
    model.setQuery(q);
    QCOMPARE(model.rowCount(), 1);
}

void TestConversationTableModel::jumpToTheEndShowsTheLastConversations()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 5 * M::PageSize + 13; ++i)
            m_fx->conversation(m_campaign, i % 3 ? m_ben : m_ana, S::NotStarted, 100 + i % 50);
        QVERIFY(tx.commit());
    }
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        ConversationQuery q = query();
        q.order = order;
        const QVector<qint64> expected = expectedIds(q);
        QCOMPARE(expected.size(), 5 * M::PageSize + 17);
        // Ctrl+End, then scrolling back up a row at a time to the top.
        M model(m_fx->db());
        model.setQuery(q);
        QCOMPARE(model.rowCount(), int(expected.size()));
        for (int row = model.rowCount() - 1; row >= 0; --row)
            QCOMPARE(model.index(row, 0).data(M::ConversationIdRole).toLongLong(), expected[row]);
        // The scroll bar dragged to the middle, then on down and back up from there.
        M dragged(m_fx->db());
        dragged.setQuery(q);
        const int middle = 2 * M::PageSize + 77;
        for (int row = middle; row < dragged.rowCount(); ++row)
            QCOMPARE(dragged.index(row, 0).data(M::ConversationIdRole).toLongLong(), expected[row]);
        for (int row = middle; row >= 0; --row)
            QCOMPARE(dragged.index(row, 0).data(M::ConversationIdRole).toLongLong(), expected[row]);
        QCOMPARE(dragged.conversationAt(dragged.rowCount() - 1)->id, expected.constLast());
    }
}

void TestConversationTableModel::searchLoadsInPagesAsTheViewScrolls()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 2 * M::PageSize + 46; ++i)
            m_fx->conversation(m_campaign, m_ben, S::NotStarted, 100 + i);
        QVERIFY(tx.commit());
    }
    // A search is not counted up front (that reads every conversation): its rows come as
    // the view scrolls down. No tester here: it fetches more by itself, and this test
    // counts the pages.
    M model(m_fx->db());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    ConversationQuery q = query();
    q.search = "test";
    model.setQuery(q);
    QCOMPARE(model.rowCount(), M::PageSize);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * M::PageSize);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * M::PageSize + 50);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(inserted.count(), 2);
    // The pages join without a gap or a repeat, read again from the top as from the end.
    const QVector<qint64> expected = expectedIds(q);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, 0).data(M::ConversationIdRole).toLongLong(), expected[row]);
    for (int row = model.rowCount() - 1; row >= 0; --row)
        QCOMPARE(model.index(row, 0).data(M::ConversationIdRole).toLongLong(), expected[row]);
    QVERIFY(!model.canFetchMore(model.index(0, 0)));
}

void TestConversationTableModel::testerWalksEveryPage()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < 3 * M::PageSize; ++i)
            m_fx->conversation(m_campaign, m_ben, S::NotStarted, 100 + i);
        QVERIFY(tx.commit());
    }
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 3 * M::PageSize + 4);
    model.sort(M::PhoneColumn, Qt::DescendingOrder);
    QVERIFY(model.rowCount() >= M::PageSize);
}

void TestConversationTableModel::sortAsksTheStoreAgain_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<int>("order");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("contact asc") << int(M::ContactColumn) << int(Qt::AscendingOrder)
                                 << QStringList{"Will Test", "Xia Test", "Yan Test", "Zoe Test"};
    QTest::newRow("contact desc") << int(M::ContactColumn) << int(Qt::DescendingOrder)
                                  << QStringList{"Zoe Test", "Yan Test", "Xia Test", "Will Test"};
    QTest::newRow("status") << int(M::StatusColumn) << int(Qt::AscendingOrder)
                            << QStringList{"Xia Test", "Zoe Test", "Yan Test", "Will Test"};
    QTest::newRow("activity desc") << int(M::LastActivityColumn) << int(Qt::DescendingOrder)
                                   << QStringList{"Will Test", "Zoe Test", "Xia Test", "Yan Test"};
    QTest::newRow("sender") << int(M::SenderColumn) << int(Qt::AscendingOrder)
                            << QStringList{"Xia Test", "Zoe Test", "Will Test", "Yan Test"};
}

void TestConversationTableModel::sortAsksTheStoreAgain()
{
    QFETCH(int, sortColumn);
    QFETCH(int, order);
    QFETCH(QStringList, expected);
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    model.sort(sortColumn, Qt::SortOrder(order));
    QCOMPARE(column(model, M::ContactColumn), expected);
    QCOMPARE(model.query().sort, M::sortFor(sortColumn));
    QCOMPARE(int(model.query().order), order);
}

void TestConversationTableModel::narrowsBySenderStatusAndSearch()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConversationQuery q = query();
    q.sender = m_ana;
    model.setQuery(q);
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Zoe Test", "Will Test"}));
    q.sender = UnassignedId;
    model.setQuery(q);
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Xia Test"}));
    q.sender.reset();
    q.status = S::Waiting;
    model.setQuery(q);
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Yan Test"}));
    q.status.reset();
    q.search = "zo";
    model.setQuery(q);
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Zoe Test"}));
    q.search = "2300003";
    model.setQuery(q);
    QCOMPARE(column(model, M::ContactColumn), QStringList({"Xia Test"}));
}

void TestConversationTableModel::reloadShowsEveryRowAgain()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < M::PageSize + 10; ++i)
            m_fx->conversation(m_campaign, m_ben, S::NotStarted, 100 + i);
        QVERIFY(tx.commit());
    }
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    QCOMPARE(model.rowCount(), M::PageSize + 14);
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 0, "Aaron");
    model.reload();
    QCOMPARE(model.rowCount(), M::PageSize + 15);
    QCOMPARE(model.index(0, M::ContactColumn).data().toString(), QString("Aaron Test"));
    QVERIFY(!model.canFetchMore({}));
}

void TestConversationTableModel::reloadKeepsWhatTheSearchLoaded()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < M::PageSize + 10; ++i)
            m_fx->conversation(m_campaign, m_ben, S::NotStarted, 100 + i);
        QVERIFY(tx.commit());
    }
    M model(m_fx->db());
    ConversationQuery q = query();
    q.search = "test";
    model.setQuery(q);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), M::PageSize + 14);
    m_fx->conversation(m_campaign, m_ana, S::NotStarted, 0, "Aaron");
    model.reload();
    QCOMPARE(model.rowCount(), M::PageSize + 14);
    QCOMPARE(model.index(0, M::ContactColumn).data().toString(), QString("Aaron Test"));
    QVERIFY(model.canFetchMore({}));
}

void TestConversationTableModel::everyOrderPagesWithoutGapsOrRepeats()
{
    // Many rows share a last activity, a name or a status: the pages must still join
    // exactly, in every order, for the campaign, one sender and the pool.
    {
        Transaction tx(m_fx->db());
        const QStringList names = {"Ana", "Bo", "Cy", "Di"};
        const QVector<S> statuses = {S::NotStarted, S::NeedsReply, S::Waiting, S::OptedOut};
        for (int i = 0; i < 2 * M::PageSize + 60; ++i) {
            const SenderId owner = i % 3 == 0 ? UnassignedId : (i % 3 == 1 ? m_ana : m_ben);
            m_fx->conversation(m_campaign, owner, owner == UnassignedId ? S::NotStarted : statuses[i % 4], i % 7,
                               names[i % 4]);
        }
        QVERIFY(tx.commit());
    }
    const QStringList sortSql = {"ct.first_name %1, ct.last_name %1", "ct.phone %1", "c.status %1, c.last_activity %1",
                                 "c.last_message %1", "c.last_activity %1", "COALESCE(s.name, '') %1"};
    for (int column = 0; column < M::ColumnCount; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            for (const std::optional<SenderId>& sender : {std::optional<SenderId>(), std::optional<SenderId>(m_ben),
                                                           std::optional<SenderId>(UnassignedId)}) {
                // Waiting longest first is the oldest activity first: the order read the other way.
                const bool ascending = (order == Qt::AscendingOrder) != (column == M::WaitingColumn);
                const QString dir = ascending ? "ASC" : "DESC";
                QString where = "c.campaign_id = " + QString::number(m_campaign);
                if (sender)
                    where += *sender == UnassignedId ? QString(" AND c.sender_id IS NULL")
                                                     : QString(" AND c.sender_id = " + QString::number(*sender));
                QSqlQuery q(m_fx->db().connection());
                QVERIFY(q.exec("SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id"
                               " LEFT JOIN senders s ON s.id = c.sender_id WHERE " + where + " ORDER BY "
                               + sortSql[int(M::sortFor(column))].arg(dir) + ", c.id " + dir));
                QVector<qint64> expected;
                while (q.next())
                    expected << q.value(0).toLongLong();

                M model(m_fx->db());
                ConversationQuery query = this->query();
                query.sender = sender;
                model.setQuery(query);
                model.sort(column, order);
                while (model.canFetchMore({}))
                    model.fetchMore({});
                QVector<qint64> shown;
                for (int row = 0; row < model.rowCount(); ++row)
                    shown << model.index(row, 0).data(M::ConversationIdRole).toLongLong();
                const QString what = QString("column %1, %2, sender %3")
                                         .arg(column)
                                         .arg(dir)
                                         .arg(sender ? QString::number(*sender) : "any");
                QVERIFY2(shown == expected, qPrintable(what));
                // And from the last row back to the first, as after Ctrl+End.
                M fromEnd(m_fx->db());
                fromEnd.setQuery(query);
                fromEnd.sort(column, order);
                QVector<qint64> upwards(fromEnd.rowCount());
                for (int row = fromEnd.rowCount() - 1; row >= 0; --row)
                    upwards[row] = fromEnd.index(row, 0).data(M::ConversationIdRole).toLongLong();
                QVERIFY2(upwards == expected, qPrintable(what + ", upwards"));
            }
        }
    }
}

void TestConversationTableModel::pagesScrolledAwayAreReadAgain()
{
    {
        Transaction tx(m_fx->db());
        for (int i = 0; i < (M::CachedPages + 3) * M::PageSize; ++i)
            m_fx->conversation(m_campaign, m_ben, S::NotStarted, 100 + i);
        QVERIFY(tx.commit());
    }
    M model(m_fx->db());
    model.setQuery(query());
    QVector<qint64> ids;
    while (model.canFetchMore({}))
        model.fetchMore({});
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(M::ConversationIdRole).toLongLong();
    QCOMPARE(ids.size(), (M::CachedPages + 3) * M::PageSize + 4);
    // The first pages left memory long ago; asking for them reads them again, the same.
    for (int row : {0, 1, M::PageSize + 7, 2 * M::PageSize - 1, int(ids.size()) - 1, M::PageSize / 2})
        QCOMPARE(model.index(row, 0).data(M::ConversationIdRole).toLongLong(), ids[row]);
    QCOMPARE(model.conversationAt(3 * M::PageSize)->id, ids[3 * M::PageSize]);

    // Read again after a change, deep rows are found by their place, not a cursor.
    model.reload();
    QCOMPARE(model.rowCount(), int(ids.size()));
    QCOMPARE(model.index(5 * M::PageSize + 3, 0).data(M::ConversationIdRole).toLongLong(), ids[5 * M::PageSize + 3]);
    QCOMPARE(model.index(6 * M::PageSize, 0).data(M::ConversationIdRole).toLongLong(), ids[6 * M::PageSize]);
}

void TestConversationTableModel::noCampaignIsEmpty()
{
    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    model.setQuery(ConversationQuery{});
    QCOMPARE(model.rowCount(), 0);
}


// A name or an SMS from outside never lays out the view: an escape, a line break or a
// right-to-left override shows as a symbol (DisplayText), in the cell and its tool tip.
void TestConversationTableModel::controlCharactersShowAsSymbols()
{
    const SenderId mallory = m_fx->sender(m_campaign, QStringLiteral(u"Mal\u202Eyrol"));
    const qint64 eve = m_fx->conversation(m_campaign, mallory, S::NeedsReply, 5, "Eve\x1b[2J");
    QSqlQuery q(m_fx->db().connection());
    q.prepare("UPDATE conversations SET last_message = ? WHERE id = ?");
    q.addBindValue(QStringLiteral(u"\x1b]0;pwned\x07line\r\nnext \u202Eevil"));
    q.addBindValue(eve);
    QVERIFY(q.exec());

    M model(m_fx->db());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query());
    const int row = model.rowOf(eve);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, M::ContactColumn).data().toString(), QString("Eve␛[2J Test"));
    QCOMPARE(model.index(row, M::SenderColumn).data().toString(), QString("Mal\uFFFDyrol"));
    QCOMPARE(model.index(row, M::LastMessageColumn).data().toString(), QString("␛]0;pwned␇line next \uFFFDevil"));
    // The tool tip shows the whole message: its lines, and no control but the line feed.
    QCOMPARE(model.index(row, M::LastMessageColumn).data(Qt::ToolTipRole).toString(),
             QString("␛]0;pwned␇line\nnext \uFFFDevil"));
}

QTEST_GUILESS_MAIN(TestConversationTableModel)
#include "TestConversationTableModel.moc"
