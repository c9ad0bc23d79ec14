#pragma once

#include "core/Pulse.h"
#include "core/SenderOrder.h"

#include <QWidget>

#include <array>
#include <memory>

class QBarSet;
class QChart;
class QChartView;
class QStandardItemModel;
class QTableView;
class QThread;

namespace Handoff {

namespace Ui {
class PulseTab;
}
class Database;

// The Pulse tab: the campaign's progress over time, how long replies wait, and each
// sender's load, drawn with Qt Charts, each also a table and an export. The series
// come from PulseStore on a worker thread with its own connection, so that a million
// conversations never stall the window; a refresh asked for meanwhile runs after it.
class PulseTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PulseTab)

public:
    explicit PulseTab(Database& db, QWidget* parent = nullptr);
    ~PulseTab() override;

    void setCampaign(qint64 campaignId);
    // The sender-load chart's order: the sender list's (Unassigned first).
    void setSenderSort(SenderSort sort);
    // Reads the series again: now while the tab shows, else when it shows next.
    void refresh();
    // A computation is under way or waiting to start, or its charts are being drawn.
    bool isComputing() const { return m_worker != nullptr || m_pending || m_drawing; }
    const PulseSeries& series() const { return m_series; }
    // The senders of the load chart's visible bars, top to bottom.
    QVector<SenderId> visibleLoadSenders() const;

    enum class Chart {
        Progress,
        ReplyWait,
        Load,
    };
    // What each chart's Export menu does: asks for a file and writes it.
    void exportImage(Chart chart, bool svg);
    void exportCsv(Chart chart);

signals:
    // A sender's bar was clicked.
    void senderActivated(Handoff::SenderId id);
    void statusMessage(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setUpChart(Chart chart);
    void start();
    void present(const PulseSeries& series);
    void drawProgress();
    void drawReplyWait();
    void drawLoad();
    void drawLoadWindow();
    int loadWindowSize() const;
    void fillTable(QStandardItemModel* model, const PulseTable& table);
    void fillShownTables();
    PulseTable table(Chart chart) const;
    QChartView* chartView(Chart chart) const;
    QString chartFileStem(Chart chart) const;

    std::unique_ptr<Ui::PulseTab> m_ui;
    Database& m_db;
    qint64 m_campaignId = 0;
    PulseSeries m_series;
    QThread* m_worker = nullptr;
    bool m_pending = false;
    bool m_drawing = false;
    int m_presentation = 0;   // which series the queued drawing belongs to
    bool m_stale = true;
    // The bucket width follows the campaign's span until the manager picks one.
    bool m_autoGranularity = true;
    QStandardItemModel* m_progressModel = nullptr;
    QStandardItemModel* m_waitModel = nullptr;
    QStandardItemModel* m_loadModel = nullptr;
    std::array<bool, 3> m_tablesFilled{};   // by Chart: holds the shown series
    QVector<QBarSet*> m_loadSets;
    int m_loadOffset = 0;
    SenderSort m_senderSort = SenderSort::Name;
};

} // namespace Handoff
