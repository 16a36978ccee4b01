#include "results/results_panel.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

#include "common/error_banner.h"
#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "ipt/runs/run_store.h"
#include "results/results_model.h"

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
    model_ = new ResultsModel(this);
    buildLayout();
    connect(metricBox_, &QComboBox::currentIndexChanged, this, [this] {
        wantedMetric_ = metric();
        rebuildTable();
    });
    connect(baselineBox_, &QComboBox::currentIndexChanged, this, [this] {
        wantedBaseline_ = baseline();
        rebuildTable();
    });
    connect(stderrBox_, &QCheckBox::toggled, model_, &ResultsModel::setShowStderr);
}

ResultsPanel::~ResultsPanel() = default;

void ResultsPanel::buildLayout() {
    metricBox_ = new QComboBox(this);
    metricBox_->setObjectName("resultsMetric");
    metricBox_->setMinimumContentsLength(10);
    baselineBox_ = new QComboBox(this);
    baselineBox_->setObjectName("baseline");
    baselineBox_->setMinimumContentsLength(12);
    stderrBox_ = new QCheckBox(tr("± stderr"), this);
    stderrBox_->setObjectName("showStderr");
    stderrBox_->setChecked(true);
    auto* importButton = new QPushButton(tr("Import lm-eval Results…"), this);
    importButton->setObjectName("importResults");
    importButton->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    importButton->setToolTip(
        tr("Add an lm-evaluation-harness results JSON to the workspace under a run name"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName("refreshResults");
    refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    auto* csvButton = new QPushButton(tr("CSV…"), this);
    csvButton->setObjectName("exportResultsCsv");
    csvButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    csvButton->setToolTip(tr("Export the table as CSV"));
    auto* pngButton = new QPushButton(tr("PNG…"), this);
    pngButton->setObjectName("exportResultsPng");
    pngButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    pngButton->setToolTip(tr("Export the bar chart as a PNG image"));
    connect(importButton, &QPushButton::clicked, this, &ResultsPanel::browseForResults);
    connect(refreshButton, &QPushButton::clicked, this, &ResultsPanel::refresh);
    connect(csvButton, &QPushButton::clicked, this, &ResultsPanel::browseCsv);
    connect(pngButton, &QPushButton::clicked, this, &ResultsPanel::browsePng);

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Metric:"), this));
    row->addWidget(metricBox_);
    row->addWidget(new QLabel(tr("Baseline:"), this));
    row->addWidget(baselineBox_);
    row->addWidget(stderrBox_);
    row->addStretch(1);
    row->addWidget(importButton);
    row->addWidget(refreshButton);
    row->addWidget(csvButton);
    row->addWidget(pngButton);

    errorLabel_ = new ErrorBanner(this);
    emptyLabel_ = new QLabel(this);
    emptyLabel_->setObjectName("resultsEmpty");
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setForegroundRole(QPalette::PlaceholderText);

    table_ = new QTableView(this);
    table_->setObjectName("resultsTable");
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setAlternatingRowColors(true);

    chart_ = new QCustomPlot(this);
    chart_->setObjectName("resultsChart");
    chart_->setMinimumHeight(200);
    setUpInteractivePlot(chart_);
    chart_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    chart_->axisRect()->setRangeDrag(Qt::Horizontal);
    chart_->axisRect()->setRangeZoom(Qt::Horizontal);
    chart_->legend->setVisible(true);

    split_ = new QSplitter(Qt::Vertical, this);
    split_->setObjectName("resultsSplitter");
    split_->addWidget(table_);
    split_->addWidget(chart_);
    split_->setChildrenCollapsible(false);
    split_->setStretchFactor(0, 2);
    split_->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(errorLabel_);
    layout->addWidget(emptyLabel_);
    layout->addWidget(split_, 1);
}

void ResultsPanel::setWorkspace(const QString& folder, std::shared_ptr<ipt::RunStore> store) {
    workspace_ = folder;
    store_ = std::move(store);
    refresh();
}

QString ResultsPanel::metric() const {
    return metricBox_->currentData().toString();
}

void ResultsPanel::setMetric(const QString& metric) {
    wantedMetric_ = metric;
    const int index = metricBox_->findData(metric);
    if (index >= 0) metricBox_->setCurrentIndex(index);
}

QString ResultsPanel::baseline() const {
    return baselineBox_->currentData().toString();
}

void ResultsPanel::setBaseline(const QString& run) {
    wantedBaseline_ = run;
    const int index = baselineBox_->findData(run);
    if (index >= 0) baselineBox_->setCurrentIndex(index);
}

QString ResultsPanel::resultsSignature() const {
    QString signature;
    if (store_)
        for (const ipt::RunInfo& run : store_->list_runs())
            if (run.result_rows > 0)
                signature += QString::fromStdString(run.name) + ':' + QString::number(run.result_rows) + ';';
    return signature;
}

void ResultsPanel::refreshIfChanged() {
    try {
        if (resultsSignature() == shown_) return;
    } catch (const std::exception&) {
        // refresh() reports what is wrong with the index.
    }
    refresh();
}

void ResultsPanel::refresh() {
    clearError();
    try {
        shown_ = resultsSignature();
    } catch (const std::exception&) {
        shown_.clear();
    }
    std::set<std::string> metrics;
    QStringList runs;
    try {
        if (store_)
            for (const ipt::RunInfo& run : store_->list_runs()) {
                if (run.result_rows == 0) continue;
                runs << QString::fromStdString(run.name);
                for (const ipt::ResultRow& row : store_->results(run.name)) metrics.insert(row.metric);
            }
    } catch (const std::exception& e) {
        showError(tr("Could not read the workspace's results: %1").arg(QString::fromUtf8(e.what())));
    }
    const QString keepMetric = wantedMetric_, keepBaseline = wantedBaseline_;
    {
        const QSignalBlocker quietMetric(metricBox_), quietBaseline(baselineBox_);
        metricBox_->clear();
        for (const std::string& m : metrics)
            metricBox_->addItem(QString::fromStdString(m), QString::fromStdString(m));
        // acc is what most tables report; otherwise the first metric in order.
        int index = metricBox_->findData(keepMetric);
        if (index < 0) index = metricBox_->findData(QStringLiteral("acc"));
        metricBox_->setCurrentIndex(index < 0 ? 0 : index);
        baselineBox_->clear();
        baselineBox_->addItem(tr("(none)"), QString());
        for (const QString& run : runs) baselineBox_->addItem(run, run);
        const int baselineIndex = baselineBox_->findData(keepBaseline);
        baselineBox_->setCurrentIndex(baselineIndex < 0 ? 0 : baselineIndex);
    }
    wantedMetric_ = keepMetric;
    wantedBaseline_ = keepBaseline;
    rebuildTable();
}

void ResultsPanel::rebuildTable() {
    ResultsSummary summary;
    const QString name = metric();
    if (store_ && !name.isEmpty()) {
        try {
            summary =
                summarizeResults(store_->results_table({}, name.toStdString(), baseline().toStdString()));
        } catch (const std::exception& e) {
            showError(QString::fromUtf8(e.what()));
        }
    }
    model_->setSummary(std::move(summary));
    if (!store_)
        emptyLabel_->setText(tr("Open a workspace to compare its evaluation results."));
    else if (model_->rowCount() == 0)
        emptyLabel_->setText(
            tr("No evaluation results in this workspace yet: run ipt eval, or import "
               "lm-evaluation-harness results."));
    emptyLabel_->setVisible(model_->rowCount() == 0);
    rebuildChart();
}

void ResultsPanel::rebuildChart() {
    chart_->clearPlottables();
    const ResultsSummary& s = model_->summary();
    if (s.table.runs.empty()) {
        chart_->replot();
        return;
    }
    const int groups = s.columnCount();  // tasks, then the average
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < groups; ++c)
        ticker->addTick(
            c + 1, c == s.averageColumn() ? tr("Average") : QString::fromStdString(s.table.tasks[size_t(c)]));
    chart_->xAxis->setTicker(ticker);
    chart_->xAxis->setTickLabelRotation(s.table.tasks.size() > 6 ? 30 : 0);
    chart_->xAxis->grid()->setVisible(false);
    chart_->yAxis->setLabel(QString::fromStdString(s.table.metric));

    auto* group = new QCPBarsGroup(chart_);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(1);
    const double width = 0.8 / double(s.table.runs.size());
    double low = 0, high = 0;
    for (size_t r = 0; r < s.table.runs.size(); ++r) {
        auto* bars = new QCPBars(chart_->xAxis, chart_->yAxis);
        bars->setName(QString::fromStdString(s.table.runs[r]));
        const QColor color = seriesColor(int(r));
        bars->setPen(QPen(color.darker(130)));
        bars->setBrush(color);
        bars->setWidth(width);
        bars->setBarsGroup(group);
        auto* errors = new QCPErrorBars(chart_->xAxis, chart_->yAxis);
        errors->removeFromLegend();
        errors->setDataPlottable(bars);
        errors->setPen(QPen(QColor(60, 60, 60)));
        QVector<double> keys, values, spreads;
        for (int c = 0; c < groups; ++c) {
            const std::optional<double> value = s.value(int(r), c);
            if (!value) continue;
            keys << c + 1;
            values << *value;
            spreads << s.stderrOf(int(r), c).value_or(0.0);
            low = std::min(low, *value);
            high = std::max(high, *value + spreads.back());
        }
        bars->setData(keys, values);
        errors->setData(spreads);
    }
    chart_->xAxis->setRange(0.4, groups + 0.6);
    chart_->yAxis->setRange(low, high > low ? high * 1.08 : low + 1);
    chart_->replot();
}

bool ResultsPanel::importResults(const QString& file, const QString& run) {
    clearError();
    if (!store_) {
        showError(tr("Open a workspace first (File > Open Workspace…): results are filed in it."));
        return false;
    }
    if (run.trimmed().isEmpty()) {
        showError(tr("Give a run name to file the results under."));
        return false;
    }
    try {
        const ipt::RunInfo info = store_->import_results(localPath(file), run.trimmed().toStdString());
        emit statusMessage(tr("Imported %1 into %2 (%3 results)")
                               .arg(QDir::toNativeSeparators(file), QString::fromStdString(info.name))
                               .arg(info.result_rows));
    } catch (const std::exception& e) {
        showError(
            tr("Could not import %1: %2").arg(QDir::toNativeSeparators(file), QString::fromUtf8(e.what())));
        return false;
    }
    refresh();
    return true;
}

void ResultsPanel::browseForResults() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import lm-evaluation-harness Results"),
                                                      workspace_, tr("JSON files (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    bool ok = false;
    const QString run = QInputDialog::getText(this, tr("Import Results"), tr("Run name for these results:"),
                                              QLineEdit::Normal, QFileInfo(file).completeBaseName(), &ok);
    if (ok) importResults(file, run);
}

void ResultsPanel::exportCsv(const QString& file) const {
    ipt::write_csv(localPath(file), toTextTable(model_->summary()));
}

void ResultsPanel::exportPng(const QString& file) {
    savePlotPng(chart_, file);
}

void ResultsPanel::browseCsv() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Results as CSV"), "results-" + metric() + ".csv", tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    try {
        exportCsv(file);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void ResultsPanel::browsePng() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Chart as PNG"), "results-" + metric() + ".png", tr("PNG images (*.png)"));
    if (file.isEmpty()) return;
    try {
        exportPng(file);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

QString ResultsPanel::errorMessage() const {
    return errorLabel_->message();
}

void ResultsPanel::showError(const QString& message) {
    errorLabel_->showMessage(message);
    emit statusMessage(message);
    emit errorOccurred(message);
}

void ResultsPanel::clearError() {
    errorLabel_->clearMessage();
}

void ResultsPanel::saveSettings(QSettings& settings) const {
    settings.setValue("metric", wantedMetric_);
    settings.setValue("baseline", wantedBaseline_);
    settings.setValue("showStderr", stderrBox_->isChecked());
    settings.setValue("split", split_->saveState());
}

void ResultsPanel::restoreSettings(QSettings& settings) {
    setMetric(settings.value("metric").toString());
    setBaseline(settings.value("baseline").toString());
    stderrBox_->setChecked(settings.value("showStderr", true).toBool());
    split_->restoreState(settings.value("split").toByteArray());
}
