#include "gui/pulse/PulseTab.h"

#include "core/Clock.h"
#include "core/CsvWriter.h"
#include "gui/BlueDot.h"
#include "gui/FileDialog.h"
#include "gui/MessageBox.h"
#include "pulse/ui_PulseTab.h"
#include "storage/Database.h"
#include "storage/PulseStore.h"

#include <QCursor>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QSvgGenerator>
#include <QThread>
#include <QToolTip>
#include <QWheelEvent>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

namespace Handoff {

namespace {
constexpr int LoadBarHeight = 24;   // pixels per sender bar, labels included
constexpr qint64 LastShiftSeconds = 8 * 3600;

bool darkBase(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// Colours that read on the palette's base, light or dark. Needs Reply is the blue dot's.
QColor statusColour(ConversationStatus status, const QPalette& palette)
{
    const bool dark = darkBase(palette);
    switch (status) {
    case ConversationStatus::NotStarted:
        return QColor(0x9a, 0xa0, 0xa6);   // a mid grey reads on both
    case ConversationStatus::NeedsReply:
        return BlueDot::color(palette);
    case ConversationStatus::Waiting:
        return dark ? QColor(0x81, 0xc9, 0x95) : QColor(0x1e, 0x8e, 0x3e);
    case ConversationStatus::OptedOut:
        return dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xd9, 0x30, 0x25);
    }
    return {};
}

QColor repliesColour(const QPalette& palette)
{
    return darkBase(palette) ? QColor(0xfc, 0xad, 0x70) : QColor(0xe3, 0x74, 0x00);
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette)
{
    axis->setLabelsBrush(palette.brush(QPalette::Text));
    axis->setTitleBrush(palette.brush(QPalette::Text));
    axis->setLinePenColor(palette.color(QPalette::Mid));
    axis->setGridLineColor(palette.color(QPalette::Midlight).lightness() < 128 ? palette.color(QPalette::Midlight)
                                                                                : palette.color(QPalette::Mid));
}

// The chart drawn in the window's colours, so that a dark theme gives a dark chart.
void styleChart(QChart* chart, const QPalette& palette)
{
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundRoundness(0);
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    for (QAbstractAxis* axis : chart->axes())
        styleAxis(axis, palette);
}

QString loadLabel(const SenderCounts& s)
{
    QString label = s.name;
    if (s.sweeper)
        label += QStringLiteral(" ★");
    if (s.id != UnassignedId && s.presence != Presence::OnShift)
        label += QStringLiteral(" (") + presenceLabel(s.presence) + QLatin1Char(')');
    return label;
}
} // namespace

PulseTab::PulseTab(Database& db, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::PulseTab>())
    , m_db(db)
{
    setObjectName(QStringLiteral("pulseTab"));
    m_ui->setupUi(this);
    // The bottom pair shares the width; the progress chart takes a little more height.
    m_ui->pulseSplitter->setStretchFactor(0, 5);
    m_ui->pulseSplitter->setStretchFactor(1, 6);
    m_ui->pulseBottomSplitter->setStretchFactor(0, 3);
    m_ui->pulseBottomSplitter->setStretchFactor(1, 2);

    const struct
    {
        QTableView* view;
        QStandardItemModel** model;
    } tables[] = {{m_ui->progressTableView, &m_progressModel},
                  {m_ui->waitTableView, &m_waitModel},
                  {m_ui->loadTableView, &m_loadModel}};
    for (const auto& t : tables) {
        *t.model = new QStandardItemModel(this);
        t.view->setModel(*t.model);
        t.view->verticalHeader()->hide();
        t.view->horizontalHeader()->setStretchLastSection(true);
    }
    const struct
    {
        QCheckBox* box;
        QStackedWidget* stack;
    } toggles[] = {{m_ui->progressTableCheckBox, m_ui->progressStack},
                   {m_ui->waitTableCheckBox, m_ui->waitStack},
                   {m_ui->loadTableCheckBox, m_ui->loadStack}};
    for (const auto& t : toggles)
        connect(t.box, &QCheckBox::toggled, this, [this, stack = t.stack](bool table) {
            stack->setCurrentIndex(table ? 1 : 0);
            fillShownTables();
        });

    for (Chart chart : {Chart::Progress, Chart::ReplyWait, Chart::Load})
        setUpChart(chart);

    connect(m_ui->granularityComboBox, qOverload<int>(&QComboBox::activated), this, [this] {
        m_autoGranularity = false;
        refresh();
    });
    connect(m_ui->waitRangeComboBox, qOverload<int>(&QComboBox::activated), this, &PulseTab::refresh);
    connect(m_ui->loadScrollBar, &QScrollBar::valueChanged, this, [this](int value) {
        m_loadOffset = value;
        drawLoadWindow();
    });
    m_ui->loadChartView->viewport()->installEventFilter(this);
}

PulseTab::~PulseTab()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void PulseTab::setUpChart(Chart chart)
{
    QChartView* view = chartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(chart == Chart::Progress ? 180 : 220);
    auto* exportMenu = new QMenu(this);
    const QString stem = chart == Chart::Progress ? QStringLiteral("progress")
                         : chart == Chart::ReplyWait ? QStringLiteral("wait")
                                                     : QStringLiteral("load");
    QAction* png = exportMenu->addAction(tr("Chart as &PNG…"), this, [this, chart] { exportImage(chart, false); });
    QAction* svg = exportMenu->addAction(tr("Chart as &SVG…"), this, [this, chart] { exportImage(chart, true); });
    QAction* csv = exportMenu->addAction(tr("Numbers as &CSV…"), this, [this, chart] { exportCsv(chart); });
    png->setObjectName(stem + QStringLiteral("ExportPngAction"));
    svg->setObjectName(stem + QStringLiteral("ExportSvgAction"));
    csv->setObjectName(stem + QStringLiteral("ExportCsvAction"));
    QToolButton* button = chart == Chart::Progress ? m_ui->progressExportButton
                          : chart == Chart::ReplyWait ? m_ui->waitExportButton
                                                      : m_ui->loadExportButton;
    button->setMenu(exportMenu);
}

QChartView* PulseTab::chartView(Chart chart) const
{
    switch (chart) {
    case Chart::Progress:
        return m_ui->progressChartView;
    case Chart::ReplyWait:
        return m_ui->waitChartView;
    case Chart::Load:
        return m_ui->loadChartView;
    }
    return nullptr;
}

void PulseTab::setCampaign(qint64 campaignId)
{
    if (campaignId == m_campaignId)
        return;
    m_campaignId = campaignId;
    m_autoGranularity = true;
    m_loadOffset = 0;
    m_series = PulseSeries();
    ++m_presentation;   // what a drawing under way would draw is another campaign's
    m_drawing = false;
    m_stale = true;
    refresh();
}

void PulseTab::setSenderSort(SenderSort sort)
{
    if (sort == m_senderSort)
        return;
    m_senderSort = sort;
    // The counts are the same: only the bars' order changes, from the top of the list.
    sortLikeSenderList(m_series.load, m_senderSort);
    m_loadOffset = 0;
    drawLoadWindow();
    m_tablesFilled[std::size_t(Chart::Load)] = false;
    fillShownTables();
}

void PulseTab::refresh()
{
    m_stale = true;
    if (!isVisible() || !m_campaignId)
        return;
    if (m_worker) {
        m_pending = true;
        return;
    }
    start();
}

void PulseTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void PulseTab::start()
{
    m_stale = false;
    m_pending = false;
    const QString url = m_db.url();
    const qint64 campaign = m_campaignId;
    const QDateTime now = Clock::nowUtc();
    std::optional<PulseGranularity> granularity;
    if (!m_autoGranularity)
        granularity = m_ui->granularityComboBox->currentIndex() == 1 ? PulseGranularity::Day : PulseGranularity::Hour;
    const QDateTime waitSince = m_ui->waitRangeComboBox->currentIndex() == 1 ? now.addSecs(-LastShiftSeconds)
                                                                              : QDateTime();
    auto result = std::make_shared<std::optional<Outcome<PulseSeries>>>();
    m_worker = QThread::create([=] {
        auto db = Database::open(url);
        if (!db) {
            result->emplace(Outcome<PulseSeries>::failure(db.error()));
            return;
        }
        result->emplace(PulseStore(**db).series(campaign, now, QDateTime(), granularity, waitSince));
    });
    m_worker->setObjectName(QStringLiteral("pulseWorker"));
    connect(m_worker, &QThread::finished, this, [this, result, campaign] {
        m_worker->deleteLater();
        m_worker = nullptr;
        if (campaign == m_campaignId && result->has_value()) {
            if (result->value())
                present(*result->value());
            else
                emit statusMessage(tr("The Pulse charts could not be read: %1").arg(result->value().error()));
        }
        if (m_pending || (m_stale && isVisible()))
            refresh();
    });
    m_worker->start(QThread::LowPriority);
}

void PulseTab::present(const PulseSeries& series)
{
    m_series = series;
    sortLikeSenderList(m_series.load, m_senderSort);
    if (m_autoGranularity)
        m_ui->granularityComboBox->setCurrentIndex(series.granularity == PulseGranularity::Day ? 1 : 0);
    m_tablesFilled = {false, false, false};
    // One chart per turn of the event loop, each painted before the next is built: the
    // window never waits for the three at once (handoff-bench 7e, 7f).
    const int presentation = ++m_presentation;
    m_drawing = true;
    drawProgress();
    QMetaObject::invokeMethod(
        this,
        [this, presentation] {
            if (presentation != m_presentation)
                return;
            drawReplyWait();
            QMetaObject::invokeMethod(
                this,
                [this, presentation] {
                    if (presentation != m_presentation)
                        return;
                    drawLoad();
                    fillShownTables();
                    m_drawing = false;
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void PulseTab::fillShownTables()
{
    // A table is filled when it shows: 2,000 senders make 16,000 cells the charts never need.
    const struct
    {
        QCheckBox* box;
        QStandardItemModel* model;
        Chart chart;
    } tables[] = {{m_ui->progressTableCheckBox, m_progressModel, Chart::Progress},
                  {m_ui->waitTableCheckBox, m_waitModel, Chart::ReplyWait},
                  {m_ui->loadTableCheckBox, m_loadModel, Chart::Load}};
    for (const auto& t : tables) {
        bool& filled = m_tablesFilled[std::size_t(t.chart)];
        if (t.box->isChecked() && !filled) {
            fillTable(t.model, table(t.chart));
            filled = true;
        }
    }
}

void PulseTab::fillTable(QStandardItemModel* model, const PulseTable& table)
{
    model->clear();
    model->setHorizontalHeaderLabels(table.header);
    for (const QStringList& row : table.rows) {
        QList<QStandardItem*> items;
        for (const QString& cell : row) {
            auto* item = new QStandardItem(cell);
            bool number = false;
            cell.toInt(&number);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            items << item;
        }
        model->appendRow(items);
    }
}

void PulseTab::drawProgress()
{
    const QPalette& pal = palette();
    auto* chart = new QChart;
    chart->legend()->setVisible(true);
    const struct
    {
        QString name;
        QColor colour;
        int ProgressPoint::*value;
    } lines[] = {{tr("First texts"), statusColour(ConversationStatus::Waiting, pal), &ProgressPoint::firstTexts},
                 {tr("Replies received"), repliesColour(pal), &ProgressPoint::repliesReceived},
                 {tr("Replies waiting"), BlueDot::color(pal), &ProgressPoint::repliesWaiting}};
    auto* xAxis = new QDateTimeAxis;
    auto* yAxis = new QValueAxis;
    const bool day = m_series.granularity == PulseGranularity::Day;
    xAxis->setFormat(day ? QStringLiteral("MMM d") : QStringLiteral("HH:mm"));
    yAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    int top = 0;
    for (const auto& l : lines) {
        auto* series = new QLineSeries;
        series->setName(l.name);
        series->setPen(QPen(l.colour, 2));
        series->setPointsVisible(m_series.progress.size() < 30);
        // Each count sits in the middle of its hour or day; the ticks are the boundaries.
        const qint64 half = bucketWidthMs(m_series.granularity) / 2;
        for (const ProgressPoint& p : m_series.progress) {
            series->append(double(p.start.toMSecsSinceEpoch() + half), p.*l.value);
            top = std::max(top, p.*l.value);
        }
        chart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    }
    auto* markers = new QScatterSeries;
    markers->setName(tr("Actions"));
    markers->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    markers->setMarkerSize(12);
    markers->setColor(pal.color(QPalette::Text));
    markers->setBorderColor(pal.color(QPalette::Base));
    for (const PulseMarker& m : m_series.markers)
        markers->append(double(m.at.toMSecsSinceEpoch()), 0);
    chart->addSeries(markers);
    markers->attachAxis(xAxis);
    markers->attachAxis(yAxis);
    connect(markers, &QScatterSeries::hovered, this, [this](const QPointF& point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        QStringList texts;
        for (const PulseMarker& m : m_series.markers)
            if (double(m.at.toMSecsSinceEpoch()) == point.x())
                texts << markerToolTip(m, m_series.granularity);
        QToolTip::showText(QCursor::pos(), texts.join(QLatin1Char('\n')), m_ui->progressChartView);
    });
    if (!m_series.progress.isEmpty()) {
        xAxis->setRange(m_series.progress.first().start,
                        m_series.progress.last().start.addMSecs(bucketWidthMs(m_series.granularity)));
        xAxis->setTickCount(std::clamp(int(m_series.progress.size()) + 1, 2, 9));
    }
    yAxis->setRange(0, std::max(top, 4) * 1.05);
    yAxis->applyNiceNumbers();
    styleChart(chart, pal);
    QChart* old = m_ui->progressChartView->chart();
    m_ui->progressChartView->setChart(chart);
    delete old;
    m_ui->progressChartView->setToolTip(tr("Hover a triangle for the action it marks"));
}

void PulseTab::drawReplyWait()
{
    const QPalette& pal = palette();
    const ReplyWaitSeries& w = m_series.replyWait;
    auto* chart = new QChart;
    auto* answered = new QBarSet(tr("Answered"));
    auto* waiting = new QBarSet(tr("Waiting now"));
    answered->setColor(statusColour(ConversationStatus::Waiting, pal));
    waiting->setColor(BlueDot::color(pal));
    answered->setBorderColor(answered->color());
    waiting->setBorderColor(waiting->color());
    answered->setLabelColor(pal.color(QPalette::Text));
    waiting->setLabelColor(pal.color(QPalette::Text));
    QStringList categories;
    const int medianBin = w.medianSeconds >= 0 ? waitBinIndex(w.medianSeconds) : -1;
    const int p95Bin = w.p95Seconds >= 0 ? waitBinIndex(w.p95Seconds) : -1;
    int top = 0;
    for (qsizetype i = 0; i < w.bins.size(); ++i) {
        answered->append(w.bins.at(i).answered);
        waiting->append(w.bins.at(i).waiting);
        top = std::max({top, w.bins.at(i).answered, w.bins.at(i).waiting});
        QString label = waitBinLabel(int(i));
        // The bins of the median and the 95th percentile carry their mark in the axis.
        // (The axis draws its labels as rich text, which is how a mark gets a line of its own.)
        if (i == medianBin)
            label += QStringLiteral("<br>") + tr("▲ median");
        if (i == p95Bin)
            label += QStringLiteral("<br>") + tr("▲ 95%");
        categories << label;
    }
    auto* series = new QBarSeries;
    series->append(answered);
    series->append(waiting);
    chart->addSeries(series);
    auto* xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    // Nine bins share the width: a size smaller keeps "30 min–1 h" whole.
    QFont small = xAxis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    xAxis->setLabelsFont(small);
    auto* yAxis = new QValueAxis;
    yAxis->setLabelFormat(QStringLiteral("%d"));
    yAxis->setRange(0, std::max(top, 4) * 1.05);
    yAxis->applyNiceNumbers();
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    styleChart(chart, pal);
    QChart* old = m_ui->waitChartView->chart();
    m_ui->waitChartView->setChart(chart);
    delete old;
    m_ui->waitSummaryLabel->setText(tr("Median %1 · 95th percentile %2 · waiting now: %3, oldest %4")
                                        .arg(waitText(w.medianSeconds), waitText(w.p95Seconds))
                                        .arg(w.waitingNow)
                                        .arg(waitText(w.oldestWaitingSeconds)));
}

void PulseTab::drawLoad()
{
    const QPalette& pal = palette();
    auto* chart = new QChart;
    m_loadSets.clear();
    auto* series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.7);
    for (ConversationStatus status : {ConversationStatus::NotStarted, ConversationStatus::NeedsReply,
                                      ConversationStatus::Waiting, ConversationStatus::OptedOut}) {
        auto* set = new QBarSet(statusLabel(status));
        set->setColor(statusColour(status, pal));
        set->setBorderColor(statusColour(status, pal));
        series->append(set);
        m_loadSets << set;
    }
    chart->addSeries(series);
    auto* yAxis = new QBarCategoryAxis;
    // Names come in after the chart's first layout (the bars are drawn a window at a time):
    // the axis would keep the width it had then and cut every name to "...".
    yAxis->setTruncateLabels(false);
    auto* xAxis = new QValueAxis;
    xAxis->setLabelFormat(QStringLiteral("%d"));
    int top = 0;
    for (const SenderCounts& s : m_series.load)
        top = std::max(top, s.counts.total());
    // One scale for every window of bars, so that scrolling compares like with like.
    xAxis->setRange(0, std::max(top, 4));
    xAxis->applyNiceNumbers();
    chart->addAxis(yAxis, Qt::AlignLeft);
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(yAxis);
    series->attachAxis(xAxis);
    connect(series, &QHorizontalStackedBarSeries::clicked, this, [this](int index, QBarSet*) {
        const QVector<SenderId> visible = visibleLoadSenders();
        // Category 0 is drawn at the bottom; the list reads from the top.
        const int row = int(visible.size()) - 1 - index;
        if (row >= 0 && row < visible.size())
            emit senderActivated(visible.at(row));
    });
    styleChart(chart, pal);
    QChart* old = m_ui->loadChartView->chart();
    m_ui->loadChartView->setChart(chart);
    delete old;
    drawLoadWindow();
}

int PulseTab::loadWindowSize() const
{
    // What fits the view, less the axis and legend.
    return std::max(3, (m_ui->loadChartView->height() - 90) / LoadBarHeight);
}

QVector<SenderId> PulseTab::visibleLoadSenders() const
{
    QVector<SenderId> ids;
    const int end = std::min(int(m_series.load.size()), m_loadOffset + loadWindowSize());
    for (int i = m_loadOffset; i < end; ++i)
        ids << m_series.load.at(i).id;
    return ids;
}

void PulseTab::drawLoadWindow()
{
    QChart* chart = m_ui->loadChartView->chart();
    if (!chart || m_loadSets.size() != 4)
        return;
    const int window = loadWindowSize();
    const int count = int(m_series.load.size());
    {
        const QSignalBlocker blocker(m_ui->loadScrollBar);
        m_ui->loadScrollBar->setRange(0, std::max(0, count - window));
        m_ui->loadScrollBar->setPageStep(window);
        m_loadOffset = std::clamp(m_loadOffset, 0, m_ui->loadScrollBar->maximum());
        m_ui->loadScrollBar->setValue(m_loadOffset);
    }
    m_ui->loadScrollBar->setVisible(count > window);
    // Only the bars that fit are drawn: a window of the list, bottom to top.
    const int end = std::min(count, m_loadOffset + window);
    QStringList categories;
    QVector<QList<qreal>> values(4);
    for (int i = end - 1; i >= m_loadOffset; --i) {
        const SenderCounts& s = m_series.load.at(i);
        categories << loadLabel(s);
        values[0] << s.counts.notStarted;
        values[1] << s.counts.needsReply;
        values[2] << s.counts.waiting;
        values[3] << s.counts.optedOut;
    }
    for (int k = 0; k < 4; ++k) {
        QBarSet* set = m_loadSets.at(k);
        set->remove(0, set->count());
        set->append(values.at(k));
    }
    const auto axes = chart->axes(Qt::Vertical);
    if (auto* axis = axes.isEmpty() ? nullptr : qobject_cast<QBarCategoryAxis*>(axes.first()))
        axis->setCategories(categories);
}

void PulseTab::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    drawLoadWindow();
}

bool PulseTab::eventFilter(QObject* watched, QEvent* event)
{
    // The wheel over the sender bars scrolls them, as over a list.
    if (watched == m_ui->loadChartView->viewport() && event->type() == QEvent::Wheel) {
        const int steps = static_cast<QWheelEvent*>(event)->angleDelta().y() / 120;
        m_ui->loadScrollBar->setValue(m_ui->loadScrollBar->value() - steps * 3);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

PulseTable PulseTab::table(Chart chart) const
{
    switch (chart) {
    case Chart::Progress:
        return progressTable(m_series);
    case Chart::ReplyWait:
        return replyWaitTable(m_series);
    case Chart::Load:
        return loadTable(m_series);
    }
    return {};
}

QString PulseTab::chartFileStem(Chart chart) const
{
    switch (chart) {
    case Chart::Progress:
        return tr("progress");
    case Chart::ReplyWait:
        return tr("reply-wait");
    case Chart::Load:
        return tr("sender-load");
    }
    return {};
}

void PulseTab::exportImage(Chart chart, bool svg)
{
    const QString suffix = svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    const QString file = FileDialog::getSaveFileName(
        this, svg ? tr("Export Chart as SVG") : tr("Export Chart as PNG"), chartFileStem(chart) + suffix,
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    QChartView* view = chartView(chart);
    // The chart page may be behind the table: draw it at a readable size all the same.
    const QSize size = view->isVisible() ? view->size() : QSize(900, 500);
    bool ok = false;
    if (svg) {
        QSvgGenerator generator;
        generator.setFileName(file);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(view->accessibleName());
        generator.setDescription(view->accessibleDescription());
        QPainter painter;
        ok = painter.begin(&generator);
        if (ok) {
            view->chart()->scene()->render(&painter, QRectF(QPoint(0, 0), size), view->chart()->sceneBoundingRect());
            ok = painter.end();
        }
        ok = ok && QFile::exists(file);
    } else {
        if (!view->isVisible())
            view->resize(size);
        ok = view->grab().save(file, "PNG");
    }
    if (!ok) {
        MessageBox::warning(this, tr("Export Chart"), tr("The chart could not be written to %1.").arg(file));
        return;
    }
    emit statusMessage(tr("Chart saved to %1.").arg(file));
}

void PulseTab::exportCsv(Chart chart)
{
    const QString file = FileDialog::getSaveFileName(this, tr("Export Numbers as CSV"),
                                                     chartFileStem(chart) + QStringLiteral(".csv"),
                                                     tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    QFile out(file);
    const PulseTable t = table(chart);
    bool ok = out.open(QIODevice::WriteOnly | QIODevice::Truncate);
    QString error = out.errorString();
    if (ok) {
        CsvWriter writer(&out);
        ok = writer.writeRecord(t.header);
        for (const QStringList& row : t.rows)
            ok = ok && writer.writeRecord(row);
        if (!ok)
            error = writer.errorString();
    }
    if (!ok) {
        MessageBox::warning(this, tr("Export Numbers"), tr("%1 could not be written: %2").arg(file, error));
        return;
    }
    emit statusMessage(tr("Numbers saved to %1.").arg(file));
}

} // namespace Handoff
