#include "core/Clock.h"
#include "gui/FileDialog.h"
#include "gui/conversations/ConversationsTab.h"
#include "gui/pulse/PulseTab.h"
#include "models/SenderListModel.h"
#include "storage/ConversationStore.h"
#include "WindowTestCase.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QListView>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

using namespace Handoff;

namespace {
QDateTime at(int hour, int minute)
{
    return QDateTime(QDate(2026, 11, 20), QTime(hour, minute), Qt::UTC);
}
QString local(int hour)
{
    return at(hour, 0).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

// The Pulse tab over the shared campaign (each test fixes the clock; the shared
// fixture's messages are all before that "now"): seven contacts texted between 9:01 and 9:29,
// five replies, one of them (Amy's) answered after 12 minutes; "now" is 11:00.
class TestPulseTab : public WindowTestCase
{
    Q_OBJECT

private slots:
    void ctrl5OpensPulseWithItsTables();
    void clickingASendersBarSelectsThemOnConversations();
    void exportsWriteTheChartsAndTheirNumbers();
    void followsChangesLikeTheRestOfTheWindow();
    void manySendersScrollThroughAWindowOfBars();
    void senderLoadFollowsTheSenderListsSort();

private:
    void openPulse();
    QStringList row(const char* table, int row) const;
    bool record(qint64 conversation, MessageDirection direction, const QDateTime& when);
    PulseTab* m_pulse = nullptr;
};

bool TestPulseTab::record(qint64 conversation, MessageDirection direction, const QDateTime& when)
{
    ConversationStore store(m_fx->db());
    const QString phone = store.conversation(conversation)->phone;
    return bool(store.recordMessage(m_campaign, phone, direction, QStringLiteral("Sure"), when,
                                    direction == MessageDirection::Outbound ? m_ana : UnassignedId));
}

void TestPulseTab::openPulse()
{
    Clock::setFixedNow(at(11, 0));
    QVERIFY(record(m_a1, MessageDirection::Outbound, at(9, 22)));
    QTest::keyClick(m_window.get(), Qt::Key_5, Qt::ControlModifier);
    m_pulse = m_window->pulseTab();
    QVERIFY(m_pulse);
    QCOMPARE(child<QTabWidget>("mainTabWidget")->currentWidget(), m_pulse);
    QTRY_VERIFY(!m_pulse->isComputing() && !m_pulse->series().progress.isEmpty());
}

QStringList TestPulseTab::row(const char* table, int r) const
{
    const QAbstractItemModel* model = child<QTableView>(table)->model();
    QStringList cells;
    for (int c = 0; c < model->columnCount(); ++c)
        cells << model->index(r, c).data().toString();
    return cells;
}

void TestPulseTab::ctrl5OpensPulseWithItsTables()
{
    openPulse();
    for (const char* name : {"progressChartView", "waitChartView", "loadChartView"}) {
        const auto* view = child<QChartView>(name);
        QVERIFY(view && view->isVisible());
        QVERIFY(!view->accessibleName().isEmpty());
        QVERIFY(!view->accessibleDescription().isEmpty());
    }

    // Show as table: the same numbers, a row per hour.
    child<QCheckBox>("progressTableCheckBox")->click();
    QVERIFY(child<QTableView>("progressTableView")->isVisible());
    QVERIFY(!child<QChartView>("progressChartView")->isVisible());
    QCOMPARE(child<QTableView>("progressTableView")->model()->rowCount(), 3);
    QCOMPARE(row("progressTableView", 0), (QStringList{local(9), "7", "5", "4", ""}));
    QCOMPARE(row("progressTableView", 1), (QStringList{local(10), "0", "0", "4", ""}));
    QCOMPARE(row("progressTableView", 2), (QStringList{local(11), "0", "0", "4", ""}));

    child<QCheckBox>("waitTableCheckBox")->click();
    QCOMPARE(row("waitTableView", 1), (QStringList{"5–15 min", "1", "0"}));   // Amy: 12 minutes
    QCOMPARE(row("waitTableView", 4), (QStringList{"1–2 h", "0", "4"}));      // 90 to 105 minutes
    QCOMPARE(row("waitTableView", 9), (QStringList{"Median", "12 min", ""}));
    QCOMPARE(row("waitTableView", 10), (QStringList{"95th percentile", "12 min", ""}));
    QCOMPARE(row("waitTableView", 11), (QStringList{"Oldest waiting", "", "1 h 45 min"}));

    child<QCheckBox>("loadTableCheckBox")->click();
    QCOMPARE(row("loadTableView", 0), (QStringList{"Unassigned", "", "", "3", "0", "0", "0", "3"}));
    QCOMPARE(row("loadTableView", 1), (QStringList{"Ana Ruiz", "", "On shift", "1", "2", "2", "0", "5"}));
    QCOMPARE(row("loadTableView", 4), (QStringList{"Dee Park", "yes", "On shift", "0", "0", "0", "0", "0"}));

    // Off again: the chart, each bar named in full.
    child<QCheckBox>("loadTableCheckBox")->click();
    QVERIFY(child<QChartView>("loadChartView")->isVisible());
    const auto axes = child<QChartView>("loadChartView")->chart()->axes(Qt::Vertical);
    auto* names = axes.isEmpty() ? nullptr : qobject_cast<QBarCategoryAxis*>(axes.first());
    QVERIFY(names);
    QVERIFY(names->categories().contains(QStringLiteral("Ana Ruiz")));
    QVERIFY(!names->labelsTruncated());
}

void TestPulseTab::clickingASendersBarSelectsThemOnConversations()
{
    openPulse();
    auto* view = child<QChartView>("loadChartView");
    const QVector<SenderId> visible = m_pulse->visibleLoadSenders();
    const int r = int(visible.indexOf(m_ben));
    QVERIFY(r >= 0);
    QAbstractSeries* series = view->chart()->series().first();
    // Ben's bar: his one Not Started conversation, the first segment; category 0 is at the bottom.
    const QPointF inChart = view->chart()->mapToPosition(QPointF(0.5, double(visible.size() - 1 - r)), series);
    const QPoint point = view->mapFromScene(view->chart()->mapToScene(inChart));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
    QTRY_COMPARE(child<QTabWidget>("mainTabWidget")->currentWidget(), m_tab);
    QCOMPARE(m_tab->selectedSender(), std::optional<SenderId>(m_ben));
}

void TestPulseTab::exportsWriteTheChartsAndTheirNumbers()
{
    openPulse();
    const QString csv = writeFile("progress.csv", {});
    FileDialog::setNextFileName(csv);
    triggerAction("progressExportCsvAction");
    QCOMPARE(QString::fromUtf8(readFile(csv)),
             QStringLiteral("Hour,First texts,Replies received,Replies waiting,Actions\r\n") + local(9)
                 + QStringLiteral(",7,5,4,\r\n") + local(10) + QStringLiteral(",0,0,4,\r\n") + local(11)
                 + QStringLiteral(",0,0,4,\r\n"));

    const QString png = writeFile("load.png", {});
    FileDialog::setNextFileName(png);
    triggerAction("loadExportPngAction");
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100 && image.height() > 100);

    const QString svg = writeFile("wait.svg", {});
    FileDialog::setNextFileName(svg);
    triggerAction("waitExportSvgAction");
    const QString drawn = QString::fromUtf8(readFile(svg));
    QVERIFY(drawn.contains("<svg"));
    QVERIFY2(drawn.contains("Reply Wait Chart"), qPrintable(drawn.left(400)));
    QVERIFY(drawn.contains("5–15 min"));
}

void TestPulseTab::followsChangesLikeTheRestOfTheWindow()
{
    openPulse();
    child<QCheckBox>("progressTableCheckBox")->click();
    // Another manager's gateway records Axel's reply at 10:30.
    QVERIFY(record(m_a4, MessageDirection::Inbound, at(10, 30)));
    QTRY_COMPARE_WITH_TIMEOUT(row("progressTableView", 1), (QStringList{local(10), "0", "1", "5", ""}), 10000);
}

void TestPulseTab::manySendersScrollThroughAWindowOfBars()
{
    for (int i = 0; i < 60; ++i)
        QVERIFY(m_fx->sender(m_campaign, QStringLiteral("Zed %1").arg(i, 2, 10, QLatin1Char('0'))));
    m_window->pulseTab()->refresh();
    openPulse();
    QCOMPARE(m_pulse->series().load.size(), 66);
    const QVector<SenderId> first = m_pulse->visibleLoadSenders();
    // Only the bars that fit are drawn.
    QVERIFY(first.size() >= 3 && first.size() < 40);
    QCOMPARE(first.first(), UnassignedId);
    auto* scroll = child<QScrollBar>("loadScrollBar");
    QVERIFY(scroll->isVisible());
    QCOMPARE(scroll->maximum(), 66 - int(first.size()));
    scroll->setValue(scroll->maximum());
    const QVector<SenderId> last = m_pulse->visibleLoadSenders();
    QCOMPARE(last.size(), first.size());
    QCOMPARE(last.last(), m_pulse->series().load.last().id);
    QCOMPARE(m_pulse->series().load.last().name, QStringLiteral("Zed 59"));
}

void TestPulseTab::senderLoadFollowsTheSenderListsSort()
{
    openPulse();
    auto loadOrder = [this] {
        QVector<SenderId> ids;
        for (const SenderCounts& s : m_pulse->series().load)
            ids << s.id;
        return ids;
    };
    auto senderListOrder = [this] {
        const QAbstractItemModel* model = child<QListView>("senderListView")->model();
        QVector<SenderId> ids;
        for (int r = 0; r < model->rowCount(); ++r)
            ids << model->index(r, 0).data(SenderListModel::SenderIdRole).toLongLong();
        return ids;
    };
    // A to Z, as the sender list starts.
    QCOMPARE(loadOrder(), (QVector<SenderId>{UnassignedId, m_ana, m_ben, m_cruz, m_dee, m_eli}));
    child<QCheckBox>("loadTableCheckBox")->click();
    QCOMPARE(row("loadTableView", 2).first(), QStringLiteral("Ben Okafor"));

    // On the Conversations tab the manager sorts the sender list by Needs Reply (the last
    // key of its sort box): Ana has 2, Ben and Eli 1 each (then A to Z), Cruz and Dee none.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    auto* sort = child<QComboBox>("senderSortComboBox");
    sort->setFocus();
    QTest::keyClick(sort, Qt::Key_End);
    QCOMPARE(sort->currentIndex(), 2);
    const QVector<SenderId> byNeedsReply{UnassignedId, m_ana, m_ben, m_eli, m_cruz, m_dee};
    QCOMPARE(senderListOrder(), byNeedsReply);
    QTest::keyClick(m_window.get(), Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(loadOrder(), byNeedsReply);
    QCOMPARE(m_pulse->visibleLoadSenders(), byNeedsReply.mid(0, m_pulse->visibleLoadSenders().size()));
    QCOMPARE(row("loadTableView", 2), (QStringList{"Ben Okafor", "", "On shift", "1", "1", "0", "0", "2"}));
    QCOMPARE(row("loadTableView", 3).first(), QStringLiteral("Eli Stone"));
    QCOMPARE(row("loadTableView", 4).first(), QStringLiteral("Cruz Lee"));

    // By progress (most assigned, then most started): Cruz and Eli hold one each, both
    // started, so A to Z; Dee holds none. A refresh keeps the order.
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    sort->setFocus();
    QTest::keyClick(sort, Qt::Key_Up);
    QCOMPARE(sort->currentIndex(), 1);
    const QVector<SenderId> byProgress{UnassignedId, m_ana, m_ben, m_cruz, m_eli, m_dee};
    QCOMPARE(senderListOrder(), byProgress);
    QTest::keyClick(m_window.get(), Qt::Key_5, Qt::ControlModifier);
    QCOMPARE(loadOrder(), byProgress);
    m_pulse->refresh();
    QTRY_VERIFY(!m_pulse->isComputing());
    QCOMPARE(loadOrder(), byProgress);
    QCOMPARE(row("loadTableView", 5).first(), QStringLiteral("Dee Park"));
}

QTEST_MAIN(TestPulseTab)
#include "TestPulseTab.moc"
