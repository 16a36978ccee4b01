#include "results/results_panel.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

#include "common/error_banner.h"
#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "common/run_names.h"
#include "ipt/common/atomic_file.h"
#include "ipt/runs/run_store.h"
#include "ipt/runs/workspace.h"
#include "results/results_model.h"

namespace {

constexpr int kNameRole = Qt::UserRole;
constexpr int kKindRole = Qt::UserRole + 1;  // a core run kind name, or "reference"
const QString kReference = QStringLiteral("reference");

QString groupTitle(const QString& id) {
    if (id == "all") return ResultsPanel::tr("All tasks");
    if (id == "general") return ResultsPanel::tr("General benchmarks (Instruction PT, Table 1)");
    if (id == "vocab") return ResultsPanel::tr("NLI / SUM / SPAN × language (vocabulary expansion, Table 1)");
    return id;
}

}  // namespace

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
    model_ = new ResultsModel(this);
    proxy_ = new ResultsSortProxy(this);
    proxy_->setSourceModel(model_);
    buildLayout();
    connect(groupBox_, &QComboBox::currentIndexChanged, this, [this] {
        metricBox_->setEnabled(taskGroup() != "vocab");  // its sections have their own metrics
        rebuildTable();
    });
    connect(metricBox_, &QComboBox::currentIndexChanged, this, [this] {
        if (!filling_) wantedMetric_ = metric();
        rebuildTable();
    });
    connect(baselineBox_, &QComboBox::currentIndexChanged, this, [this] {
        if (!filling_) wantedBaseline_ = baseline();
        rebuildTable();
    });
    auto format = [this] {
        ipt::ComparisonFormat f;
        f.stderr_ = stderrBox_->isChecked();
        f.samples = samplesBox_->isChecked();
        model_->setFormat(f);
        table_->resizeColumnsToContents();
    };
    connect(stderrBox_, &QCheckBox::toggled, this, format);
    connect(samplesBox_, &QCheckBox::toggled, this, format);
    connect(runFilter_, &QLineEdit::textChanged, this, &ResultsPanel::applyListFilter);
    connect(kindBox_, &QComboBox::currentIndexChanged, this, &ResultsPanel::applyListFilter);
    connect(runs_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item) {
        if (filling_) return;
        const QString name = item->data(0, kNameRole).toString();
        const bool checked = item->checkState(0) == Qt::Checked;
        if (item->data(0, kKindRole).toString() == kReference) {
            checkedReferences_.removeAll(name);
            if (checked) checkedReferences_ << name;
        } else {
            uncheckedRuns_.removeAll(name);
            if (!checked) uncheckedRuns_ << name;
        }
        fillMetricsAndBaselines();
        rebuildTable();
    });
}

ResultsPanel::~ResultsPanel() = default;

const std::vector<ipt::ReferenceResults>& ResultsPanel::publishedReferences() {
    static const std::vector<ipt::ReferenceResults> references = [] {
        std::vector<ipt::ReferenceResults> out;
        const QDir dir(QStringLiteral(":/reference"));
        for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly)) continue;
            try {
                out.push_back(ipt::parse_reference_results(file.readAll().toStdString(),
                                                           dir.filePath(name).toStdString()));
            } catch (const std::exception& e) {
                qWarning("%s", e.what());  // a broken file shipped with the build: its test fails too
            }
        }
        return out;
    }();
    return references;
}

void ResultsPanel::buildLayout() {
    groupBox_ = new QComboBox(this);
    groupBox_->setObjectName("taskGroup");
    for (const ipt::TaskGroup& group : ipt::task_groups()) {
        const QString id = QString::fromStdString(group.id);
        groupBox_->addItem(groupTitle(id), id);
    }
    metricBox_ = new QComboBox(this);
    metricBox_->setObjectName("resultsMetric");
    metricBox_->setMinimumContentsLength(10);
    metricBox_->setToolTip(tr("The metric of sections without one of their own"));
    baselineBox_ = new QComboBox(this);
    baselineBox_->setObjectName("baseline");
    baselineBox_->setMinimumContentsLength(12);
    stderrBox_ = new QCheckBox(tr("± stderr"), this);
    stderrBox_->setObjectName("showStderr");
    stderrBox_->setChecked(true);
    samplesBox_ = new QCheckBox(tr("n"), this);
    samplesBox_->setObjectName("showSamples");
    samplesBox_->setToolTip(tr("Show the number of examples each score was computed on"));
    samplesBox_->setChecked(true);
    auto* importButton = new QPushButton(tr("Import lm-eval Results…"), this);
    importButton->setObjectName("importResults");
    importButton->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    importButton->setToolTip(
        tr("Add an lm-evaluation-harness results JSON to the workspace under a run name"));
    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName("refreshResults");
    refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    auto* exportButton = new QToolButton(this);
    exportButton->setObjectName("exportResults");
    exportButton->setText(tr("Export"));
    exportButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Table as CSV…"), this, [this] {
        exportAs(tr("Export Results as CSV"), ".csv", tr("CSV files (*.csv)"), &ResultsPanel::exportCsv);
    });
    exportMenu->addAction(tr("Table as Markdown…"), this, [this] {
        exportAs(tr("Export Results as Markdown"), ".md", tr("Markdown files (*.md)"),
                 &ResultsPanel::exportMarkdown);
    });
    exportMenu->addAction(tr("Table as LaTeX…"), this, [this] {
        exportAs(tr("Export Results as LaTeX"), ".tex", tr("LaTeX files (*.tex)"),
                 &ResultsPanel::exportLatex);
    });
    exportMenu->addAction(tr("Chart as PNG…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export Chart as PNG"), "results.png",
                                                          tr("PNG images (*.png)"));
        if (file.isEmpty()) return;
        try {
            exportPng(file);
        } catch (const std::exception& e) {
            showError(QString::fromUtf8(e.what()));
        }
    });
    exportButton->setMenu(exportMenu);
    connect(importButton, &QPushButton::clicked, this, &ResultsPanel::browseForResults);
    connect(refreshButton, &QPushButton::clicked, this, &ResultsPanel::refresh);

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Tasks:"), this));
    row->addWidget(groupBox_);
    row->addWidget(new QLabel(tr("Metric:"), this));
    row->addWidget(metricBox_);
    row->addWidget(new QLabel(tr("Baseline:"), this));
    row->addWidget(baselineBox_);
    row->addWidget(stderrBox_);
    row->addWidget(samplesBox_);
    row->addStretch(1);
    row->addWidget(importButton);
    row->addWidget(refreshButton);
    row->addWidget(exportButton);

    runFilter_ = new QLineEdit(this);
    runFilter_->setObjectName("resultsRunFilter");
    runFilter_->setPlaceholderText(tr("Filter runs by name"));
    runFilter_->setClearButtonEnabled(true);
    kindBox_ = new QComboBox(this);
    kindBox_->setObjectName("resultsKindFilter");
    kindBox_->addItem(tr("All kinds"), QString());
    for (ipt::RunKind kind : ipt::all_run_kinds())
        kindBox_->addItem(runKindText(kind), QString::fromLatin1(ipt::to_string(kind)));
    kindBox_->addItem(tr("Published (papers)"), kReference);
    runs_ = new QTreeWidget(this);
    runs_->setObjectName("resultsRuns");
    runs_->setRootIsDecorated(false);
    runs_->setHeaderLabels({tr("Run"), tr("Kind"), tr("Results")});
    // Names whole (the papers' rows are long); the list scrolls sideways rather than cutting them.
    runs_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runs_->header()->setStretchLastSection(false);
    runs_->setToolTip(tr("Checked rows that pass the filters are compared"));
    auto* all = new QPushButton(tr("All"), this);
    all->setObjectName("checkAllRuns");
    auto* none = new QPushButton(tr("None"), this);
    none->setObjectName("checkNoRuns");
    auto checkShown = [this](bool checked) {
        for (int i = 0; i < runs_->topLevelItemCount(); ++i)
            if (!runs_->topLevelItem(i)->isHidden())
                setRowChecked(runs_->topLevelItem(i)->data(0, kNameRole).toString(), checked);
    };
    connect(all, &QPushButton::clicked, this, [checkShown] { checkShown(true); });
    connect(none, &QPushButton::clicked, this, [checkShown] { checkShown(false); });
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(runFilter_, 1);
    filterRow->addWidget(kindBox_);
    auto* checkRow = new QHBoxLayout;
    checkRow->addWidget(all);
    checkRow->addWidget(none);
    checkRow->addStretch(1);
    auto* runBox = new QWidget(this);
    auto* runLayout = new QVBoxLayout(runBox);
    runLayout->setContentsMargins(0, 0, 0, 0);
    runLayout->addLayout(filterRow);
    runLayout->addWidget(runs_, 1);
    runLayout->addLayout(checkRow);

    errorLabel_ = new ErrorBanner(this);
    emptyLabel_ = new QLabel(this);
    emptyLabel_->setObjectName("resultsEmpty");
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setForegroundRole(QPalette::PlaceholderText);

    table_ = new QTableView(this);
    table_->setObjectName("resultsTable");
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // the runs' order until a header is clicked
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->setAlternatingRowColors(true);
    noteLabel_ = new QLabel(this);
    noteLabel_->setObjectName("resultsNote");
    noteLabel_->setWordWrap(true);
    noteLabel_->setTextFormat(Qt::PlainText);
    noteLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    noteLabel_->setForegroundRole(QPalette::PlaceholderText);
    auto* tableBox = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(table_, 1);
    tableLayout->addWidget(noteLabel_);

    chart_ = new QCustomPlot(this);
    chart_->setObjectName("resultsChart");
    chart_->setMinimumHeight(200);
    setUpInteractivePlot(chart_);
    chart_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    chart_->axisRect()->setRangeDrag(Qt::Horizontal);
    chart_->axisRect()->setRangeZoom(Qt::Horizontal);
    chart_->legend->setVisible(true);
    placeLegendAbove(chart_);  // inside the axes it covered the last group of bars

    split_ = new QSplitter(Qt::Vertical, this);
    split_->setObjectName("resultsSplitter");
    split_->addWidget(tableBox);
    split_->addWidget(chart_);
    split_->setChildrenCollapsible(false);
    split_->setStretchFactor(0, 2);
    split_->setStretchFactor(1, 3);
    columns_ = new QSplitter(Qt::Horizontal, this);
    columns_->setObjectName("resultsColumns");
    columns_->addWidget(runBox);
    columns_->addWidget(split_);
    columns_->setStretchFactor(0, 1);
    columns_->setStretchFactor(1, 4);
    columns_->setChildrenCollapsible(false);
    runBox->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 36);
    columns_->setSizes({fontMetrics().horizontalAdvance(QLatin1Char('x')) * 44, 1000});
    groupBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(errorLabel_);
    layout->addWidget(emptyLabel_);
    layout->addWidget(columns_, 1);
}

void ResultsPanel::setWorkspace(std::shared_ptr<ipt::Workspace> workspace) {
    workspace_ = std::move(workspace);
    clearError();
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

QString ResultsPanel::taskGroup() const {
    return groupBox_->currentData().toString();
}

void ResultsPanel::setTaskGroup(const QString& id) {
    const int index = groupBox_->findData(id);
    if (index >= 0) groupBox_->setCurrentIndex(index);
}

void ResultsPanel::setRunFilter(const QString& text) {
    runFilter_->setText(text);
}

void ResultsPanel::setKindFilter(const QString& kind) {
    const int index = kindBox_->findData(kind);
    kindBox_->setCurrentIndex(index < 0 ? 0 : index);
}

void ResultsPanel::setShowStderr(bool on) {
    stderrBox_->setChecked(on);
}

void ResultsPanel::setShowSamples(bool on) {
    samplesBox_->setChecked(on);
}

QString ResultsPanel::note() const {
    return noteLabel_->text();
}

QStringList ResultsPanel::listedRuns() const {
    QStringList out;
    for (int i = 0; i < runs_->topLevelItemCount(); ++i)
        out << runs_->topLevelItem(i)->data(0, kNameRole).toString();
    return out;
}

bool ResultsPanel::rowPasses(const QTreeWidgetItem* item) const {
    const QString kind = kindBox_->currentData().toString();
    if (!kind.isEmpty() && item->data(0, kKindRole).toString() != kind) return false;
    const QString text = runFilter_->text().trimmed();
    return text.isEmpty() || item->data(0, kNameRole).toString().contains(text, Qt::CaseInsensitive);
}

QStringList ResultsPanel::comparedRows() const {
    QStringList runs, references;
    for (int i = 0; i < runs_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = runs_->topLevelItem(i);
        if (item->checkState(0) != Qt::Checked || !rowPasses(item)) continue;
        (item->data(0, kKindRole).toString() == kReference ? references : runs)
            << item->data(0, kNameRole).toString();
    }
    return runs + references;
}

void ResultsPanel::setRowChecked(const QString& name, bool checked) {
    for (int i = 0; i < runs_->topLevelItemCount(); ++i)
        if (runs_->topLevelItem(i)->data(0, kNameRole).toString() == name)
            runs_->topLevelItem(i)->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
}

QString ResultsPanel::resultsSignature() const {
    QString signature;
    if (workspace_)
        for (const ipt::RunInfo& run : workspace_->store().list_runs())
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
    std::vector<std::pair<QString, QString>> runs;  // name, kind
    try {
        shown_ = resultsSignature();
        if (workspace_)
            for (const ipt::RunInfo& run : workspace_->store().list_runs())
                if (run.result_rows > 0)
                    runs.emplace_back(QString::fromStdString(run.name),
                                      QString::fromLatin1(ipt::to_string(run.kind)));
    } catch (const std::exception& e) {
        shown_.clear();
        showError(tr("Could not read the workspace's results: %1").arg(QString::fromUtf8(e.what())));
    }
    fillRunList(runs);
    fillMetricsAndBaselines();
    rebuildTable();
}

void ResultsPanel::fillRunList(const std::vector<std::pair<QString, QString>>& runs) {
    filling_ = true;
    runs_->clear();
    auto add = [this](const QString& name, const QString& kind, const QString& kindText, const QString& count,
                      bool checked, const QString& tooltip) {
        auto* item = new QTreeWidgetItem(runs_);
        item->setText(0, name);
        item->setData(0, kNameRole, name);
        item->setData(0, kKindRole, kind);
        item->setText(1, kindText);
        item->setText(2, count);
        item->setToolTip(0, tooltip);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
    };
    for (const auto& [name, kind] : runs) {
        int results = 0;
        try {
            results = int(workspace_->store().run(name.toStdString()).result_rows);
        } catch (const std::exception&) {
        }
        const auto parsed = ipt::parse_run_kind(kind.toStdString());
        add(name, kind, parsed ? runKindText(*parsed) : kind, QString::number(results),
            !uncheckedRuns_.contains(name), QString());
    }
    for (const ipt::ReferenceResults& r : publishedReferences()) {
        const QString name = QString::fromStdString(r.name);
        QFont italic;
        add(name, kReference, tr("published"), QString::number(r.entries.size()),
            checkedReferences_.contains(name), tr("Published: %1").arg(QString::fromStdString(r.source)));
        QTreeWidgetItem* item = runs_->topLevelItem(runs_->topLevelItemCount() - 1);
        italic.setItalic(true);
        item->setFont(0, italic);
    }
    filling_ = false;
    applyListFilter();
}

void ResultsPanel::applyListFilter() {
    for (int i = 0; i < runs_->topLevelItemCount(); ++i)
        runs_->topLevelItem(i)->setHidden(!rowPasses(runs_->topLevelItem(i)));
    if (filling_) return;
    fillMetricsAndBaselines();
    rebuildTable();
}

void ResultsPanel::fillMetricsAndBaselines() {
    const QStringList rows = comparedRows();
    std::set<std::string> metrics;
    try {
        for (const QString& row : rows) {
            if (workspace_ && workspace_->store().find_run(row.toStdString()))
                for (const ipt::ResultRow& r : workspace_->store().results(row.toStdString()))
                    metrics.insert(r.metric);
            for (const ipt::ReferenceResults& ref : publishedReferences())
                if (QString::fromStdString(ref.name) == row)
                    for (const ipt::ResultEntry& e : ref.entries) metrics.insert(e.metric);
        }
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
    filling_ = true;
    metricBox_->clear();
    for (const std::string& m : metrics)
        metricBox_->addItem(QString::fromStdString(m), QString::fromStdString(m));
    // acc is what most tables report; otherwise the first metric in order.
    int index = metricBox_->findData(wantedMetric_);
    if (index < 0) index = metricBox_->findData(QStringLiteral("acc"));
    metricBox_->setCurrentIndex(index < 0 ? 0 : index);
    baselineBox_->clear();
    baselineBox_->addItem(tr("(none)"), QString());
    for (const QString& row : rows) baselineBox_->addItem(row, row);
    const int baselineIndex = baselineBox_->findData(wantedBaseline_);
    baselineBox_->setCurrentIndex(baselineIndex < 0 ? 0 : baselineIndex);
    filling_ = false;
}

void ResultsPanel::rebuildTable() {
    if (filling_) return;
    ipt::ResultsComparison comparison;
    const QStringList rows = comparedRows();
    if (workspace_ && !rows.isEmpty()) {
        ipt::ComparisonRequest request;
        request.group = taskGroup().toStdString();
        request.metric = metric().toStdString();
        request.baseline = baseline().toStdString();
        for (const QString& row : rows) {
            bool reference = false;
            for (const ipt::ReferenceResults& r : publishedReferences())
                if (QString::fromStdString(r.name) == row) {
                    request.references.push_back(r);
                    reference = true;
                }
            if (!reference) request.runs.push_back(row.toStdString());
        }
        try {
            comparison = ipt::compare_results(workspace_->store(), request);
        } catch (const std::exception& e) {
            showError(QString::fromUtf8(e.what()));
        }
    }
    model_->setComparison(std::move(comparison));
    table_->resizeColumnsToContents();
    QStringList notes;
    for (const std::string& n : ipt::comparison_notes(model_->comparison()))
        notes << QString::fromStdString(n);
    noteLabel_->setText(notes.join('\n'));
    noteLabel_->setVisible(!notes.isEmpty());
    if (!workspace_)
        emptyLabel_->setText(tr("Open a workspace to compare its evaluation results."));
    else if (runs_->topLevelItemCount() == int(publishedReferences().size()))
        emptyLabel_->setText(
            tr("No evaluation results in this workspace yet: run ipt eval, or import "
               "lm-evaluation-harness results. The papers' published rows can be checked meanwhile."));
    else
        emptyLabel_->setText(tr("Check runs on the left to compare them."));
    emptyLabel_->setVisible(model_->rowCount() == 0);
    rebuildChart();
}

void ResultsPanel::rebuildChart() {
    chart_->clearPlottables();
    const ipt::ResultsComparison& c = model_->comparison();
    const int columns = model_->columnCount() - 1;  // tasks and averages; column 0 is the run
    if (c.rows.empty() || columns <= 0) {
        chart_->replot();
        return;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int k = 0; k < columns; ++k)
        ticker->addTick(k + 1, model_->headerData(k + 1, Qt::Horizontal, Qt::DisplayRole).toString());
    chart_->xAxis->setTicker(ticker);
    chart_->xAxis->setTickLabelRotation(columns > 6 ? 30 : 0);
    chart_->xAxis->grid()->setVisible(false);
    QStringList metrics;
    for (const auto& s : c.sections) metrics << QString::fromStdString(s.metric);
    metrics.removeDuplicates();
    chart_->yAxis->setLabel(metrics.join(" / "));

    // Each group holds bars only for the rows with a value there, centred on the group's tick: no empty
    // slot for a row that lacks the task, so every bar stays under its own label.
    std::vector<std::vector<size_t>> present(static_cast<size_t>(columns));
    size_t widest = 1;
    for (int k = 0; k < columns; ++k) {
        const ResultsModel::Column col = model_->columnAt(k + 1);
        for (size_t r = 0; r < c.rows.size(); ++r)
            if (c.cell(r, col.section, col.index).value) present[size_t(k)].push_back(r);
        widest = std::max(widest, present[size_t(k)].size());
    }
    const double width = 0.8 / double(widest);
    double low = 0, high = 0;
    for (size_t r = 0; r < c.rows.size(); ++r) {
        auto* bars = new QCPBars(chart_->xAxis, chart_->yAxis);
        bars->setName(QString::fromStdString(c.rows[r].name) +
                      (c.rows[r].reference ? QStringLiteral(" †") : QString()));
        const QColor color = seriesColor(int(r));
        bars->setPen(QPen(color.darker(130)));
        bars->setBrush(c.rows[r].reference ? QBrush(color, Qt::Dense3Pattern) : QBrush(color));
        bars->setWidth(width);
        auto* errors = new QCPErrorBars(chart_->xAxis, chart_->yAxis);
        errors->removeFromLegend();
        errors->setDataPlottable(bars);
        errors->setPen(QPen(QColor(60, 60, 60)));
        QVector<double> keys, values, spreads;
        for (int k = 0; k < columns; ++k) {
            const std::vector<size_t>& here = present[size_t(k)];
            const auto at = std::find(here.begin(), here.end(), r);
            if (at == here.end()) continue;
            const ResultsModel::Column col = model_->columnAt(k + 1);
            const ipt::ComparisonCell& cell = c.cell(r, col.section, col.index);
            const double slot = double(at - here.begin()) - (double(here.size()) - 1) / 2;
            keys << k + 1 + slot * width;
            values << *cell.value;
            spreads << cell.stderr_.value_or(0.0);
            low = std::min(low, *cell.value);
            high = std::max(high, *cell.value + spreads.back());
        }
        bars->setData(keys, values, true);
        errors->setData(spreads);
    }
    chart_->xAxis->setRange(0.4, columns + 0.6);
    chart_->yAxis->setRange(low, high > low ? high * 1.08 : low + 1);
    chart_->replot();
}

bool ResultsPanel::importResults(const QString& file, const QString& run) {
    clearError();
    if (!workspace_) {
        showError(tr("Open a workspace first (File > Open Workspace…): results are filed in it."));
        return false;
    }
    if (run.trimmed().isEmpty()) {
        showError(tr("Give a run name to file the results under."));
        return false;
    }
    try {
        const ipt::RunInfo info =
            workspace_->store().import_results(localPath(file), run.trimmed().toStdString());
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
    const QString start = workspace_ ? QString::fromStdString(workspace_->root().string()) : QString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Import lm-evaluation-harness Results"), start,
                                                      tr("JSON files (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    bool ok = false;
    const QString run = QInputDialog::getText(this, tr("Import Results"), tr("Run name for these results:"),
                                              QLineEdit::Normal, QFileInfo(file).completeBaseName(), &ok);
    if (ok) importResults(file, run);
}

void ResultsPanel::exportCsv(const QString& file) const {
    ipt::write_csv(localPath(file), ipt::comparison_csv_table(model_->comparison(), model_->format()));
}

void ResultsPanel::exportMarkdown(const QString& file) const {
    ipt::write_file_atomically(localPath(file),
                               ipt::comparison_markdown(model_->comparison(), model_->format()));
}

void ResultsPanel::exportLatex(const QString& file) const {
    ipt::write_file_atomically(localPath(file),
                               ipt::comparison_latex(model_->comparison(), model_->format()));
}

void ResultsPanel::exportPng(const QString& file) {
    savePlotPng(chart_, file);
}

void ResultsPanel::exportAs(const QString& title, const QString& suffix, const QString& filter,
                            void (ResultsPanel::*write)(const QString&) const) {
    const QString file = QFileDialog::getSaveFileName(this, title, "results-" + taskGroup() + suffix, filter);
    if (file.isEmpty()) return;
    try {
        (this->*write)(file);
        emit statusMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(file)));
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
    settings.setValue("group", taskGroup());
    settings.setValue("metric", wantedMetric_);
    settings.setValue("baseline", wantedBaseline_);
    settings.setValue("showStderr", stderrBox_->isChecked());
    settings.setValue("showSamples", samplesBox_->isChecked());
    settings.setValue("uncheckedRuns", uncheckedRuns_);
    settings.setValue("checkedReferences", checkedReferences_);
    settings.setValue("runFilter", runFilter_->text());
    settings.setValue("kindFilter", kindBox_->currentData().toString());
    settings.setValue("split", split_->saveState());
    settings.setValue("columns", columns_->saveState());
}

void ResultsPanel::restoreSettings(QSettings& settings) {
    uncheckedRuns_ = settings.value("uncheckedRuns").toStringList();
    checkedReferences_ = settings.value("checkedReferences").toStringList();
    setTaskGroup(settings.value("group", "all").toString());
    setMetric(settings.value("metric").toString());
    setBaseline(settings.value("baseline").toString());
    stderrBox_->setChecked(settings.value("showStderr", true).toBool());
    samplesBox_->setChecked(settings.value("showSamples", true).toBool());
    runFilter_->setText(settings.value("runFilter").toString());
    setKindFilter(settings.value("kindFilter").toString());
    split_->restoreState(settings.value("split").toByteArray());
    columns_->restoreState(settings.value("columns").toByteArray());
    refresh();
}
