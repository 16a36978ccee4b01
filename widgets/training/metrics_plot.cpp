#include "training/metrics_plot.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>

#include <cmath>

#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "ipt/runs/metrics_tailer.h"
#include "ipt/runs/table.h"
#include "training/smoothing.h"

namespace {

// The metrics the trainer writes, offered before any run has logged them.
const char* const kStandardMetrics[] = {"loss", "val_loss", "lr", "grad_norm", "tokens_per_s"};
constexpr int kRawAlpha = 90;

QString metricLabel(const QString& metric) {
    if (metric == "loss") return MetricsPlot::tr("Loss");
    if (metric == "val_loss") return MetricsPlot::tr("Validation loss");
    if (metric == "lr") return MetricsPlot::tr("Learning rate");
    if (metric == "grad_norm") return MetricsPlot::tr("Gradient norm");
    if (metric == "tokens_per_s") return MetricsPlot::tr("Tokens/s");
    return metric;
}

}  // namespace

MetricsPlot::MetricsPlot(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setObjectName("metricsPlot");
    plot_->setMinimumSize(320, 220);
    setUpInteractivePlot(plot_);
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    // A drag or a wheel turn means the user chose a view: keep it while new points arrive.
    connect(plot_, &QCustomPlot::mouseWheel, this, [this] { userView_ = true; });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        if (event->buttons() != Qt::NoButton) userView_ = true;
    });
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, &MetricsPlot::fit);
    buildControls();
    updateAxisLabels();
}

void MetricsPlot::buildControls() {
    metricBox_ = new QComboBox(this);
    metricBox_->setObjectName("metric");
    for (const char* metric : kStandardMetrics) metricBox_->addItem(metricLabel(metric), QString(metric));
    axisBox_ = new QComboBox(this);
    axisBox_->setObjectName("xAxis");
    axisBox_->addItem(tr("Step"), int(XAxis::Step));
    axisBox_->addItem(tr("Tokens"), int(XAxis::Tokens));
    axisBox_->addItem(tr("Wall time (s)"), int(XAxis::WallTime));
    logBox_ = new QCheckBox(tr("Log y"), this);
    logBox_->setObjectName("logScale");
    smoothingSlider_ = new QSlider(Qt::Horizontal, this);
    smoothingSlider_->setObjectName("smoothing");
    smoothingSlider_->setRange(0, 99);
    smoothingSlider_->setValue(60);
    smoothingSlider_->setMaximumWidth(160);
    smoothingSlider_->setToolTip(
        tr("Exponential moving average weight (bias-corrected); the raw curve stays faint behind. The "
           "learning rate and validation metrics are drawn as logged."));
    smoothingLabel_ = new QLabel(this);
    smoothingLabel_->setMinimumWidth(32);
    auto* fitButton = new QPushButton(tr("Fit"), this);
    fitButton->setObjectName("fit");
    fitButton->setToolTip(tr("Show all data (also: double-click the plot)"));
    auto* csvButton = new QPushButton(tr("CSV…"), this);
    csvButton->setObjectName("exportCsv");
    csvButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    csvButton->setToolTip(tr("Export the shown curves as CSV"));
    auto* pngButton = new QPushButton(tr("PNG…"), this);
    pngButton->setObjectName("exportPng");
    pngButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    pngButton->setToolTip(tr("Export the plot as a PNG image"));

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Metric:"), this));
    row->addWidget(metricBox_);
    row->addWidget(new QLabel(tr("x:"), this));
    row->addWidget(axisBox_);
    row->addWidget(logBox_);
    row->addWidget(new QLabel(tr("Smoothing:"), this));
    row->addWidget(smoothingSlider_);
    row->addWidget(smoothingLabel_);
    row->addStretch(1);
    row->addWidget(fitButton);
    row->addWidget(csvButton);
    row->addWidget(pngButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(plot_, 1);

    connect(metricBox_, &QComboBox::currentIndexChanged, this, [this] {
        userView_ = false;
        updateAxisLabels();
        refresh();
    });
    connect(axisBox_, &QComboBox::currentIndexChanged, this, [this] {
        userView_ = false;
        updateAxisLabels();
        refresh();
    });
    connect(logBox_, &QCheckBox::toggled, this, [this](bool on) {
        plot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (on)
            plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        else
            plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        userView_ = false;
        refresh();
    });
    connect(smoothingSlider_, &QSlider::valueChanged, this, [this] {
        smoothingLabel_->setText(QString::number(smoothing(), 'f', 2));
        refresh();
    });
    smoothingLabel_->setText(QString::number(smoothing(), 'f', 2));
    connect(fitButton, &QPushButton::clicked, this, &MetricsPlot::fit);
    connect(csvButton, &QPushButton::clicked, this, &MetricsPlot::browseCsv);
    connect(pngButton, &QPushButton::clicked, this, &MetricsPlot::browsePng);
}

void MetricsPlot::addRun(const QString& run) {
    if (runs_.contains(run)) return;
    RunGraphs& graphs = runs_[run];
    graphs.colorIndex = nextColor_++;
    const QColor color = seriesColor(graphs.colorIndex);
    QColor faint = color;
    faint.setAlpha(kRawAlpha);
    graphs.raw = plot_->addGraph();
    graphs.raw->setPen(QPen(faint, 1));
    graphs.raw->removeFromLegend();
    graphs.smooth = plot_->addGraph();
    graphs.smooth->setPen(QPen(color, 2));
    graphs.smooth->setName(run);
    refresh();
}

void MetricsPlot::removeRun(const QString& run) {
    auto it = runs_.find(run);
    if (it == runs_.end()) return;
    plot_->removeGraph(it->raw);
    plot_->removeGraph(it->smooth);
    runs_.erase(it);
    refresh();
}

void MetricsPlot::appendRecords(const QString& run, const std::vector<ipt::MetricRecord>& records) {
    addRun(run);
    runs_[run].series.append(records);
    updateMetricChoices();
    fill(runs_[run]);
    if (!userView_) fit();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::clearRun(const QString& run) {
    auto it = runs_.find(run);
    if (it == runs_.end()) return;
    it->series.clear();
    refresh();
}

const RunSeries* MetricsPlot::series(const QString& run) const {
    auto it = runs_.constFind(run);
    return it == runs_.constEnd() ? nullptr : &it->series;
}

QString MetricsPlot::metric() const {
    return metricBox_->currentData().toString();
}

void MetricsPlot::setMetric(const QString& metric) {
    int index = metricBox_->findData(metric);
    if (index < 0) {
        metricBox_->addItem(metricLabel(metric), metric);
        index = metricBox_->count() - 1;
    }
    metricBox_->setCurrentIndex(index);
}

XAxis MetricsPlot::xAxis() const {
    return XAxis(axisBox_->currentData().toInt());
}

void MetricsPlot::setXAxis(XAxis axis) {
    axisBox_->setCurrentIndex(axisBox_->findData(int(axis)));
}

bool MetricsPlot::logScale() const {
    return logBox_->isChecked();
}

void MetricsPlot::setLogScale(bool on) {
    logBox_->setChecked(on);
}

double MetricsPlot::smoothing() const {
    return smoothingSlider_->value() / 100.0;
}

void MetricsPlot::setSmoothing(double weight) {
    smoothingSlider_->setValue(int(std::lround(weight * 100)));
}

void MetricsPlot::updateMetricChoices() {
    for (const RunGraphs& graphs : runs_)
        for (const QString& name : graphs.series.metrics())
            if (metricBox_->findData(name) < 0) metricBox_->addItem(metricLabel(name), name);
}

void MetricsPlot::fill(RunGraphs& graphs) const {
    const QVector<MetricPoint>& points = graphs.series.points(metric());
    const XAxis axis = xAxis();
    const bool log = logScale();
    QVector<double> xs, ys;
    xs.reserve(points.size());
    ys.reserve(points.size());
    for (const MetricPoint& point : points) {
        if (!std::isfinite(point.value) || (log && point.value <= 0)) continue;  // no place on a log axis
        xs.push_back(point.x(axis));
        ys.push_back(point.value);
    }
    // An unsmoothed metric is drawn once, as logged, in the run's colour; the faint copy would only
    // double it.
    const bool smoothed = isSmoothedMetric(metric());
    graphs.raw->setVisible(smoothed);
    graphs.raw->setData(xs, ys);
    graphs.smooth->setData(xs, smoothed ? exponentialMovingAverage(ys, smoothing()) : ys);
}

void MetricsPlot::refresh() {
    for (RunGraphs& graphs : runs_) fill(graphs);
    if (!userView_) fit();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::fit() {
    userView_ = false;
    bool any = false;
    for (const RunGraphs& graphs : runs_) any = any || !graphs.raw->data()->isEmpty();
    if (any) plot_->rescaleAxes(true);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::updateAxisLabels() {
    plot_->xAxis->setLabel(axisBox_->currentText());
    plot_->yAxis->setLabel(metricBox_->currentText());
}

QVector<QPointF> MetricsPlot::graphData(const QString& run, bool smoothed) const {
    QVector<QPointF> points;
    auto it = runs_.constFind(run);
    if (it == runs_.constEnd()) return points;
    const QCPGraph* graph = smoothed ? it->smooth : it->raw;
    for (auto p = graph->data()->constBegin(); p != graph->data()->constEnd(); ++p)
        points.push_back(QPointF(p->key, p->value));
    return points;
}

void MetricsPlot::exportCsv(const QString& file) const {
    ipt::TextTable table;
    const QString name = metric();
    table.header = {
        "run", "step", "tokens", "elapsed", name.toStdString(), (name + "_smoothed").toStdString()};
    const bool log = logScale();
    for (auto it = runs_.constBegin(); it != runs_.constEnd(); ++it) {
        // The points the plot shows (fill() drops the same ones), so the smoothed column matches it.
        QVector<MetricPoint> points;
        for (const MetricPoint& point : it->series.points(name))
            if (std::isfinite(point.value) && !(log && point.value <= 0)) points.push_back(point);
        QVector<double> values;
        for (const MetricPoint& point : points) values.push_back(point.value);
        const QVector<double> smoothed =
            isSmoothedMetric(name) ? exponentialMovingAverage(values, smoothing()) : values;
        for (int i = 0; i < points.size(); ++i)
            table.rows.push_back({it.key().toStdString(), ipt::format_number(points[i].step, 15),
                                  ipt::format_number(points[i].tokens, 15),
                                  ipt::format_number(points[i].elapsed), ipt::format_number(points[i].value),
                                  ipt::format_number(smoothed[i])});
    }
    ipt::write_csv(localPath(file), table);
}

void MetricsPlot::exportPng(const QString& file) {
    savePlotPng(plot_, file);
}

void MetricsPlot::browseCsv() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Curves as CSV"), metric() + ".csv",
                                                      tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    try {
        exportCsv(file);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void MetricsPlot::browsePng() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Plot as PNG"), metric() + ".png",
                                                      tr("PNG images (*.png)"));
    if (file.isEmpty()) return;
    try {
        exportPng(file);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
}

void MetricsPlot::saveSettings(QSettings& settings) const {
    settings.setValue("metric", metric());
    settings.setValue("xAxis", int(xAxis()));
    settings.setValue("logScale", logScale());
    settings.setValue("smoothing", smoothing());
}

void MetricsPlot::restoreSettings(QSettings& settings) {
    setMetric(settings.value("metric", "loss").toString());
    setXAxis(XAxis(settings.value("xAxis", int(XAxis::Step)).toInt()));
    setLogScale(settings.value("logScale", false).toBool());
    setSmoothing(settings.value("smoothing", 0.6).toDouble());
}
