// handoff-bench-window STORE-URL CAMPAIGN-ID SWEEPER-IDS CONTACTS-CSV: the real
// MainWindow on the generated campaign (run it with QT_QPA_PLATFORM=offscreen). Prints
// JSON: how long the campaign takes to show, the resident memory while the conversation
// table scrolls from its first row to its last, and the longest stall of the UI thread
// while a Bulk Reassign All Needs Reply runs, while it is undone, and while the contact
// file is imported into a new campaign. handoff-bench runs it in its own process, so
// that the memory is the window's alone.

#include "storage/CampaignStore.h"
#include "models/ConversationTableModel.h"
#include "gui/conversations/ConversationsTab.h"
#include "gui/store/DailyBackup.h"
#include "storage/Database.h"
#include "gui/DialogRunner.h"
#include "gui/FileDialog.h"
#include "gui/history/HistoryTab.h"
#include "gui/pulse/PulseTab.h"
#include "gui/MainWindow.h"
#include "Measure.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <functional>

#include <malloc.h>

using namespace Handoff;
using Handoff::Bench::elapsedMs;
using Handoff::Bench::procStatusKb;

namespace {

[[noreturn]] void die(const QString& message)
{
    std::fprintf(stderr, "handoff-bench-window: %s\n", qPrintable(message));
    std::exit(1);
}

// The longest gap between ticks of a 5 ms timer on the UI thread while busy() holds:
// how long the window could not answer the user.
class StallProbe
{
public:
    explicit StallProbe(std::function<bool()> busy)
        : m_busy(std::move(busy))
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_busy())
                m_stall = std::max(m_stall, elapsedMs(m_sinceTick));
            m_sinceTick.restart();
        });
    }
    void start()
    {
        m_stall = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return m_stall;
    }

private:
    std::function<bool()> m_busy;
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    double m_stall = 0;
};

std::unique_ptr<MainWindow> openWindow(const QString& url)
{
    auto db = Database::open(url);
    if (!db)
        die(db.error());
    auto window = std::make_unique<MainWindow>(std::move(*db));
    window->show();
    return window;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("HandoffBenchmarks"));
    QApplication::setApplicationName(QStringLiteral("handoff-bench-window"));
    QSettings().clear();
    // A copy of the million-conversation store would run under the timings.
    QSettings().setValue(DailyBackup::enabledKey(), false);
    const QStringList args = QApplication::arguments();
    if (args.size() != 5)
        die(QStringLiteral("usage: handoff-bench-window STORE-URL CAMPAIGN-ID SWEEPER-IDS CONTACTS-CSV"));
    const QString url = args[1];
    const qint64 campaign = args[2].toLongLong();

    QJsonObject result;

    // 7a: from choosing the campaign to its first screen painted, the counts included.
    QJsonArray openMs;
    std::unique_ptr<MainWindow> window;
    for (int run = 0; run < 5; ++run) {
        window.reset();
        QElapsedTimer timer;
        timer.start();
        window = openWindow(url);
        window->selectCampaign(campaign);
        window->grab();   // paints every widget once, as the first frame on screen
        openMs.append(elapsedMs(timer));
        if (window->currentCampaignId() != campaign)
            die(QStringLiteral("the window did not open campaign %1").arg(campaign));
    }
    result.insert(QStringLiteral("openMs"), openMs);
    QApplication::processEvents();

    // 7: scroll the whole campaign from the first row to the last, a page at a time so that
    // every page is read and painted once, as a user dragging down through it would.
    auto* table = window->findChild<QTableView*>(QStringLiteral("conversationTableView"));
    if (!table)
        die(QStringLiteral("no conversationTableView"));
    QAbstractItemModel* model = table->model();
    result.insert(QStringLiteral("rssOpenKb"), procStatusKb("VmRSS"));
    result.insert(QStringLiteral("rowsAtOpen"), model->rowCount());
    const int total = CampaignStore(*Database::open(url).value()).campaignCounts(campaign).total();
    QElapsedTimer scroll;
    scroll.start();
    qint64 quarterKb = -1;
    qint64 halfKb = -1;
    // rowCount() is read each time round: a table that fetches as it scrolls grows here.
    for (int row = 0; row < model->rowCount(); row += ConversationTableModel::PageSize) {
        table->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
        QApplication::processEvents();
        if (quarterKb < 0 && row >= total / 4)
            quarterKb = procStatusKb("VmRSS");
        if (halfKb < 0 && row >= total / 2)
            halfKb = procStatusKb("VmRSS");
    }
    table->scrollToBottom();
    QApplication::processEvents();
    // The last screen, painted.
    table->viewport()->repaint();
    result.insert(QStringLiteral("scrollMs"), elapsedMs(scroll));
    result.insert(QStringLiteral("rows"), model->rowCount());
    result.insert(QStringLiteral("rssQuarterKb"), quarterKb);
    result.insert(QStringLiteral("rssHalfKb"), halfKb);
    result.insert(QStringLiteral("rssEndKb"), procStatusKb("VmRSS"));
    result.insert(QStringLiteral("peakKb"), procStatusKb("VmHWM"));
    result.insert(QStringLiteral("sections"), table->verticalHeader()->count());
    // What of it is memory the allocator kept after the pages were freed.
    malloc_trim(0);
    result.insert(QStringLiteral("rssTrimmedKb"), procStatusKb("VmRSS"));

    // 7b: Bulk Reassign All Needs Reply to the sweepers from the window. A timer on the
    // UI thread notes the longest gap between its ticks while the worker moves the
    // conversations; then the refresh that shows the result is timed on its own.
    ConversationsTab* tab = window->conversationsTab();
    tab->unselectSender();
    QElapsedTimer action;
    StallProbe probe([tab] { return tab->isBusy(); });
    DialogRunner::setHandler([&](QDialog& dialog) {
        auto* status = dialog.findChild<QComboBox*>(QStringLiteral("statusComboBox"));
        for (int i = 0; status && i < status->count(); ++i)
            if (status->itemText(i).startsWith(QLatin1String("Needs Reply")))
                status->setCurrentIndex(i);
        if (auto* sweepers = dialog.findChild<QPushButton*>(QStringLiteral("selectSweepersButton")))
            sweepers->click();
        auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("okButton"));
        if (!ok || !ok->isEnabled()) {
            auto* message = dialog.findChild<QLabel*>(QStringLiteral("messageLabel"));
            die(QStringLiteral("the reassign dialog refused: %1").arg(message ? message->text() : QString()));
        }
        // OK pressed: from here on the window must keep answering.
        action.start();
        probe.start();
        return int(QDialog::Accepted);
    });
    QString outcome;
    double workerMs = -1;
    QObject::connect(tab, &ConversationsTab::statusMessage, [&](const QString& message) {
        outcome = message;
        workerMs = elapsedMs(action);
    });
    tab->reassignAllAction()->trigger();
    // The result arrives in one call that then refreshes the counts and the table.
    while (workerMs < 0)
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double refreshMs = elapsedMs(action) - workerMs;
    result.insert(QStringLiteral("stallMs"), probe.stop());
    result.insert(QStringLiteral("actionMs"), workerMs);
    result.insert(QStringLiteral("refreshMs"), refreshMs);
    result.insert(QStringLiteral("actionResult"), outcome.left(60));

    // 7c: Edit ▸ Undo Last Action on that bulk reassign, as Ctrl+Z does it.
    HistoryTab* history = window->historyTab();
    StallProbe undoProbe([history] { return history->isBusy(); });
    QString undone;
    QObject::connect(history, &HistoryTab::statusMessage, [&](const QString& message) { undone = message; });
    action.start();
    undoProbe.start();
    window->findChild<QAction*>(QStringLiteral("undoAction"))->trigger();
    while (undone.isEmpty())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    result.insert(QStringLiteral("undoStallMs"), undoProbe.stop());
    result.insert(QStringLiteral("undoMs"), elapsedMs(action));
    result.insert(QStringLiteral("undoResult"), undone.left(60));

    // 7e: View ▸ Pulse (Ctrl+5): the three charts computed on their worker and drawn;
    // then 7f, the refresh that follows a bulk action (that undo moved conversations and
    // wrote no message). The probe runs until the tab has painted its charts.
    PulseTab* pulse = window->pulseTab();
    bool drawing = false;
    StallProbe pulseProbe([&drawing] { return drawing; });
    auto waitForPulse = [&] {
        while (pulse->isComputing())
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        QElapsedTimer paint;
        paint.start();
        while (paint.elapsed() < 200)
            QApplication::processEvents(QEventLoop::AllEvents, 20);
    };
    drawing = true;
    action.start();
    pulseProbe.start();
    window->findChild<QAction*>(QStringLiteral("showPulseAction"))->trigger();
    while (pulse->isComputing())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    result.insert(QStringLiteral("pulseMs"), elapsedMs(action));
    waitForPulse();
    result.insert(QStringLiteral("pulseStallMs"), pulseProbe.stop());
    result.insert(QStringLiteral("pulseSenders"), int(pulse->series().load.size()));
    action.start();
    pulseProbe.start();
    pulse->refresh();
    while (pulse->isComputing())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    result.insert(QStringLiteral("pulseRefreshMs"), elapsedMs(action));
    waitForPulse();
    drawing = false;
    result.insert(QStringLiteral("pulseRefreshStallMs"), pulseProbe.stop());
    // 7d as before: from the Conversations tab.
    window->findChild<QAction*>(QStringLiteral("showConversationsAction"))->trigger();

    // 7d: File ▸ Import Contacts… of the whole contact file into a new campaign.
    DialogRunner::setHandler([](QDialog& dialog) {
        if (auto* input = qobject_cast<QInputDialog*>(&dialog)) {
            input->setTextValue(QStringLiteral("Imported in the window"));
            return int(QDialog::Accepted);
        }
        // The import dialog with what it detected, then the report.
        if (auto* ok = dialog.findChild<QPushButton*>(QStringLiteral("okButton")); ok && ok->isEnabled())
            return int(QDialog::Accepted);
        return int(QDialog::Rejected);
    });
    if (!window->newCampaign())
        die(QStringLiteral("the window did not create a campaign for the import"));
    StallProbe importProbe([&window] { return window->isBusy(); });
    FileDialog::setNextFileName(args[4]);
    action.start();
    importProbe.start();
    // What File ▸ Import Contacts… does.
    window->findChild<QAction*>(QStringLiteral("importContactsAction"))->trigger();
    while (window->isBusy())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    result.insert(QStringLiteral("importStallMs"), importProbe.stop());
    result.insert(QStringLiteral("importMs"), elapsedMs(action));
    result.insert(QStringLiteral("importResult"), window->statusBar()->currentMessage().left(60));

    window.reset();
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
