#include "embeddings/embeddings_panel.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "ipt/runs/workspace.h"

namespace {

constexpr int kHistogramBins = 20;

// Whole numbers are stored as numbers, so that their columns sort numerically; fractions are shown
// with a fixed number of decimals (their tables are not sorted).
QTableWidgetItem* numberItem(double value, int decimals) {
    auto* item = new QTableWidgetItem;
    if (decimals < 0)
        item->setData(Qt::DisplayRole, qint64(value));
    else
        item->setText(std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("–"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem* textItem(const QString& text) {
    return new QTableWidgetItem(text);
}

void setUpTable(QTableWidget* table, const QStringList& headers) {
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
}

}  // namespace

EmbeddingsPanel::EmbeddingsPanel(QWidget* parent) : QWidget(parent) {
    bridge_ = new JobBridge(this);
    buildLayout();
    connect(bridge_, &JobBridge::failed, this, [this](const QString& message) {
        showError(tr("Could not read the expansion: %1").arg(message));
        emit loadFailed(message);
    });
    connect(tokens_, &QTableWidget::currentCellChanged, this, [this](int row) {
        fillNeighbours();
        drawPca();
        Q_UNUSED(row);
    });
    connect(methodBox_, &QComboBox::currentIndexChanged, this, [this] {
        if (methodBox_->count() > 0) wantedMethod_ = pcaMethod();
        drawPca();
    });
    connect(expansionBox_, &QComboBox::activated, this,
            [this](int index) { openExpansion(expansionBox_->itemData(index).toString()); });
}

EmbeddingsPanel::~EmbeddingsPanel() = default;

void EmbeddingsPanel::buildLayout() {
    expansionBox_ = new QComboBox(this);
    expansionBox_->setObjectName("expansionFolder");
    expansionBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    expansionBox_->setMinimumContentsLength(30);
    auto* openButton = new QPushButton(tr("Open Expansion…"), this);
    openButton->setObjectName("openExpansion");
    openButton->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    openButton->setToolTip(tr("Open a folder written by ipt vocab expand (expansion.json, report.json)"));
    connect(openButton, &QPushButton::clicked, this, &EmbeddingsPanel::browseForExpansion);
    summary_ = new QLabel(this);
    summary_->setObjectName("expansionSummary");
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Expansion:"), this));
    top->addWidget(expansionBox_, 1);
    top->addWidget(openButton);

    errorLabel_ = new ErrorBanner(this);

    tokens_ = new QTableWidget(this);
    tokens_->setObjectName("newTokens");
    setUpTable(tokens_, {tr("Id"), tr("Piece"), tr("Frequency"), tr("Held-out")});
    tokens_->setSortingEnabled(true);
    neighbours_ = new QTableWidget(this);
    neighbours_->setObjectName("neighbours");
    setUpTable(neighbours_,
               {tr("Method"), tr("Cosine to Mean"), tr("Norm"), tr("Nearest source tokens (cosine)")});

    methodBox_ = new QComboBox(this);
    methodBox_->setObjectName("pcaMethod");
    pca_ = new QCustomPlot(this);
    pca_->setObjectName("pcaPlot");
    pca_->setMinimumSize(300, 220);
    setUpInteractivePlot(pca_);
    pca_->legend->setVisible(true);
    placeLegendAbove(pca_);
    pca_->xAxis->setLabel(tr("PC 1"));
    pca_->yAxis->setLabel(tr("PC 2"));
    auto* pcaBox = new QWidget(this);
    auto* pcaLayout = new QVBoxLayout(pcaBox);
    pcaLayout->setContentsMargins(0, 0, 0, 0);
    auto* pcaRow = new QHBoxLayout;
    pcaRow->addWidget(new QLabel(tr("PCA of the embeddings, method:"), this));
    pcaRow->addWidget(methodBox_);
    pcaRow->addStretch(1);
    pcaLayout->addLayout(pcaRow);
    pcaLayout->addWidget(pca_, 1);

    norms_ = new QCustomPlot(this);
    norms_->setObjectName("normsPlot");
    norms_->setMinimumSize(260, 180);
    setUpInteractivePlot(norms_);
    norms_->legend->setVisible(true);
    placeLegendAbove(norms_);  // inside the axes it would cover the bars
    norms_->xAxis->setLabel(tr("Norm of the new embeddings"));
    norms_->yAxis->setLabel(tr("New tokens"));

    speedup_ = new QCustomPlot(this);
    speedup_->setObjectName("speedupPlot");
    speedup_->setMinimumSize(260, 180);
    speedupLabel_ = new QLabel(this);
    speedupLabel_->setObjectName("speedupSummary");
    speedupLabel_->setTextFormat(Qt::PlainText);
    speedupLabel_->setWordWrap(true);
    speedupLabel_->setToolTip(
        tr("Speed-up on the same work: both models process the same held-out characters, each through "
           "its own tokenizer, as a generation of that text would (a prefill of the first quarter of the "
           "tokens, then one decoding step per token with the text's own token fed back: teacher forcing). "
           "Speed-up = "
           "source seconds per character / expanded seconds per character - 1, from the medians of "
           "repeated timings (the two models alternating); the range is the lowest and highest repeat.\n"
           "Token reduction: how many fewer tokens the expanded tokenizer needs for the whole held-out "
           "text. At equal per-token cost the timed text's token counts predict a speed-up of source tokens "
           "/ expanded tokens - 1.\n"
           "Per-token cost ratio: expanded / source seconds per token, generating a fixed number of "
           "tokens from prompts of equal length; a few new vocabulary rows should leave it near 1."));
    heldout_ = new QTableWidget(this);
    heldout_->setObjectName("heldoutLoss");
    setUpTable(heldout_, {tr("Model"), tr("Target text"), tr("Source-language text")});
    const QString lossDefinition =
        tr("Held-out loss per character before any adaptation: the negative log-likelihood of the held-out "
           "text, each token predicted from the text's start, summed and divided by the text's characters, "
           "in bits (log base 2). Per character, not per token, so that the source model and the expanded "
           "models compare although their tokenizers cut the text differently. Lower is better.");
    heldout_->setToolTip(lossDefinition);
    heldout_->horizontalHeaderItem(1)->setToolTip(
        lossDefinition + QLatin1Char('\n') +
        tr("On the target-language text: how good each initialisation is as a starting point."));
    heldout_->horizontalHeaderItem(2)->setToolTip(
        lossDefinition + QLatin1Char('\n') +
        tr("On source-language text: what the expansion costs there (the new rows take probability mass)."));
    auto* speedBox = new QWidget(this);
    auto* speedLayout = new QVBoxLayout(speedBox);
    speedLayout->setContentsMargins(0, 0, 0, 0);
    speedLayout->addWidget(speedup_, 1);
    speedLayout->addWidget(speedupLabel_);
    speedLayout->addWidget(heldout_);

    auto* figures = new QSplitter(Qt::Horizontal, this);
    figures->addWidget(norms_);
    figures->addWidget(speedBox);

    leftSplit_ = new QSplitter(Qt::Vertical, this);
    leftSplit_->setObjectName("embeddingsLeft");
    leftSplit_->addWidget(tokens_);
    leftSplit_->addWidget(neighbours_);
    rightSplit_ = new QSplitter(Qt::Vertical, this);
    rightSplit_->setObjectName("embeddingsRight");
    rightSplit_->addWidget(pcaBox);
    rightSplit_->addWidget(figures);
    columns_ = new QSplitter(Qt::Horizontal, this);
    columns_->setObjectName("embeddingsColumns");
    columns_->addWidget(leftSplit_);
    columns_->addWidget(rightSplit_);
    columns_->setStretchFactor(0, 2);
    columns_->setStretchFactor(1, 3);
    for (QSplitter* split : {leftSplit_, rightSplit_, columns_, figures})
        split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(summary_);
    layout->addWidget(errorLabel_);
    layout->addWidget(columns_, 1);
}

QStringList EmbeddingsPanel::findExpansions(const QString& root, int depth) {
    QStringList found;
    for (const std::filesystem::path& folder : ipt::find_expansion_folders(localPath(root), depth))
        found << QDir::cleanPath(QString::fromStdString(folder.string()));
    return found;
}

void EmbeddingsPanel::setWorkspace(const QString& folder) {
    if (folder != workspace_) clearError();  // it was about the workspace shown before
    workspace_ = folder;
    const QStringList expansions = findExpansions(folder);
    expansionBox_->clear();
    for (const QString& path : expansions)
        expansionBox_->addItem(QDir::toNativeSeparators(QDir(folder).relativeFilePath(path)), path);
    if (expansions.isEmpty()) return;
    // Looking again (the workspace changed on disk) keeps the expansion being looked at.
    const QString current = report_ ? report_->folder : QString();
    openExpansion(expansions.contains(current) ? current : expansions.first());
}

void EmbeddingsPanel::browseForExpansion() {
    const QString start = report_ ? report_->folder : QDir::homePath();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Expansion Folder"), start);
    if (!folder.isEmpty()) openExpansion(folder);
}

void EmbeddingsPanel::openExpansion(const QString& folder) {
    if (bridge_->isRunning()) {
        showError(tr("Still reading an expansion; try again in a moment."));
        return;
    }
    clearError();
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    if (expansionBox_->findData(path) < 0) expansionBox_->addItem(QDir::toNativeSeparators(path), path);
    expansionBox_->setCurrentIndex(expansionBox_->findData(path));
    auto result = std::make_shared<ExpansionReport>();
    bridge_->start(
        tr("Reading expansion"),
        [path, result](const ipt::ProgressSink&, const ipt::CancelToken&) {
            *result = readExpansionReport(path);
        },
        [this, result] { install(result); });
}

void EmbeddingsPanel::install(std::shared_ptr<ExpansionReport> report) {
    report_ = std::move(report);
    const ExpansionReport& r = *report_;
    QString text = tr("%1 new tokens (vocabulary %2 → %3), methods: %4")
                       .arg(r.tokens.size())
                       .arg(r.sourceVocabSize)
                       .arg(r.vocabSize)
                       .arg(r.methods.join(", "));
    if (!r.sourceModel.isEmpty()) text += tr("; source model %1").arg(r.sourceModel);
    if (!r.hasReport)
        text += tr(". No report.json yet: run ipt vocab report to see neighbours, PCA and norms.");
    summary_->setText(text);
    {
        const QSignalBlocker quiet(methodBox_);
        methodBox_->clear();
        for (const MethodReport& m : r.methodReports) methodBox_->addItem(m.name, m.name);
        const int wanted = methodBox_->findData(wantedMethod_);
        methodBox_->setCurrentIndex(wanted >= 0 ? wanted : 0);
    }
    fillTokens();
    drawNorms();
    drawSpeedup();
    fillHeldoutLoss();
    selectToken(r.tokens.isEmpty() ? -1 : 0);
    drawPca();
    emit statusMessage(tr("Read %1").arg(QDir::toNativeSeparators(r.folder)));
    emit expansionLoaded(r.folder);
}

void EmbeddingsPanel::fillTokens() {
    tokens_->setSortingEnabled(false);
    tokens_->clearContents();
    tokens_->setRowCount(int(report_->tokens.size()));
    for (int i = 0; i < report_->tokens.size(); ++i) {
        const NewToken& t = report_->tokens[i];
        QTableWidgetItem* id = numberItem(double(t.id), -1);
        id->setData(Qt::UserRole, i);  // the token's index in the report, stable under sorting
        tokens_->setItem(i, 0, id);
        tokens_->setItem(i, 1, textItem(t.piece));
        tokens_->setItem(i, 2, numberItem(double(t.frequency), -1));
        tokens_->setItem(i, 3,
                         t.heldout ? numberItem(double(*t.heldout), -1) : textItem(QStringLiteral("–")));
    }
    tokens_->resizeColumnsToContents();
    tokens_->setSortingEnabled(true);
}

int EmbeddingsPanel::selectedToken() const {
    const int row = tokens_->currentRow();
    if (row < 0 || !tokens_->item(row, 0)) return -1;
    return tokens_->item(row, 0)->data(Qt::UserRole).toInt();
}

void EmbeddingsPanel::selectToken(int index) {
    for (int row = 0; row < tokens_->rowCount(); ++row)
        if (tokens_->item(row, 0) && tokens_->item(row, 0)->data(Qt::UserRole).toInt() == index) {
            tokens_->setCurrentCell(row, 1);
            return;
        }
    fillNeighbours();
}

void EmbeddingsPanel::fillNeighbours() {
    neighbours_->clearContents();
    neighbours_->setRowCount(0);
    const int token = selectedToken();
    if (!report_ || token < 0) return;
    neighbours_->setRowCount(int(report_->methodReports.size()));
    for (int row = 0; row < report_->methodReports.size(); ++row) {
        const MethodReport& m = report_->methodReports[row];
        neighbours_->setItem(row, 0, textItem(m.name));
        neighbours_->setItem(row, 1, numberItem(m.cosineToMean.value(token, qQNaN()), 4));
        neighbours_->setItem(row, 2, numberItem(m.norms.value(token, qQNaN()), 4));
        QStringList listed;
        for (const Neighbour& n : m.neighbours.value(token))
            listed << QStringLiteral("%1 (%2)").arg(n.piece).arg(n.cosine, 0, 'f', 3);
        neighbours_->setItem(row, 3, textItem(listed.join(QStringLiteral(", "))));
    }
    neighbours_->resizeColumnsToContents();
}

QString EmbeddingsPanel::pcaMethod() const {
    return methodBox_->currentData().toString();
}

void EmbeddingsPanel::setPcaMethod(const QString& method) {
    wantedMethod_ = method;
    const int index = methodBox_->findData(method);
    if (index >= 0) methodBox_->setCurrentIndex(index);
}

void EmbeddingsPanel::drawPca() {
    pca_->clearGraphs();
    pca_->clearItems();
    const MethodReport* m = report_ ? report_->method(pcaMethod()) : nullptr;
    if (!m || m->pcaNew.isEmpty()) {
        pca_->replot();
        return;
    }
    auto scatter = [this](const QVector<QPointF>& points, const QString& name, QCPScatterStyle style) {
        QCPGraph* graph = pca_->addGraph();
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(style);
        // Not in key order: setData() sorts them (a scatter has no line, so the order means nothing),
        // and every point is drawn, not a sample of those that share a pixel column.
        graph->setAdaptiveSampling(false);
        QVector<double> xs, ys;
        for (const QPointF& p : points) {
            xs << p.x();
            ys << p.y();
        }
        graph->setData(xs, ys);
        return graph;
    };
    scatter(m->pcaSource, tr("source tokens"),
            QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(150, 150, 150, 120), 3));
    const QColor newColor = seriesColor(1);
    scatter(m->pcaNew, tr("new tokens"), QCPScatterStyle(QCPScatterStyle::ssCircle, newColor, 6));
    const int token = selectedToken();
    if (token >= 0 && token < m->pcaNew.size()) {
        QCPGraph* chosen = scatter({m->pcaNew[token]}, report_->tokens[token].piece,
                                   QCPScatterStyle(QCPScatterStyle::ssStar, QColor(0xd6, 0x27, 0x28), 14));
        chosen->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
        auto* label = new QCPItemText(pca_);
        label->position->setCoords(m->pcaNew[token]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setText(report_->tokens[token].piece);
        label->setFont(QFont(font().family(), font().pointSize(), QFont::Bold));
    }
    pca_->rescaleAxes();
    // A margin, so that the points on the edges are drawn whole.
    for (QCPAxis* axis : {pca_->xAxis, pca_->yAxis}) axis->scaleRange(1.08, axis->range().center());
    pca_->replot();
}

void EmbeddingsPanel::drawNorms() {
    norms_->clearGraphs();
    norms_->clearItems();
    if (!report_ || report_->methodReports.isEmpty()) {
        norms_->replot();
        return;
    }
    double low = qInf(), high = -qInf();
    for (const MethodReport& m : report_->methodReports)
        for (double norm : m.norms)
            if (std::isfinite(norm)) {
                low = std::min(low, norm);
                high = std::max(high, norm);
            }
    std::optional<double> sourceMean;
    for (const MethodReport& m : report_->methodReports)
        if (m.sourceNormMean) sourceMean = m.sourceNormMean;
    if (sourceMean) {
        low = std::min(low, *sourceMean);
        high = std::max(high, *sourceMean);
    }
    if (!std::isfinite(low)) {
        norms_->replot();
        return;
    }
    const double width = high > low ? (high - low) / kHistogramBins : 1.0;
    int colour = 0;
    for (const MethodReport& m : report_->methodReports) {
        QVector<double> counts(kHistogramBins, 0.0), centres(kHistogramBins);
        for (int b = 0; b < kHistogramBins; ++b) centres[b] = low + (b + 0.5) * width;
        for (double norm : m.norms)
            if (std::isfinite(norm))
                counts[std::clamp(int((norm - low) / width), 0, kHistogramBins - 1)] += 1;
        QCPGraph* graph = norms_->addGraph();
        graph->setName(m.name);
        graph->setLineStyle(QCPGraph::lsStepCenter);
        graph->setPen(QPen(seriesColor(colour++), 2));
        graph->setData(centres, counts, true);
    }
    if (sourceMean) {
        auto* line = new QCPItemStraightLine(norms_);
        line->point1->setCoords(*sourceMean, 0);
        line->point2->setCoords(*sourceMean, 1);
        line->setPen(QPen(Qt::black, 1, Qt::DashLine));
        auto* label = new QCPItemText(norms_);
        label->position->setType(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(0.02, 0.02);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setText(tr("dashed: mean source norm %1").arg(*sourceMean, 0, 'f', 3));
    }
    norms_->rescaleAxes();
    norms_->xAxis->setRange(low - width, high + width);
    norms_->yAxis->setRangeLower(0);
    norms_->yAxis->setRangeUpper(norms_->yAxis->range().upper * 1.1 + 0.5);
    norms_->replot();
}

void EmbeddingsPanel::fillHeldoutLoss() {
    heldout_->setRowCount(0);
    if (!report_ || report_->heldoutLoss.isEmpty()) {
        heldout_->setVisible(false);
        return;
    }
    heldout_->setVisible(true);
    heldout_->horizontalHeaderItem(1)->setText(tr("Target text (%1)").arg(report_->heldoutUnit));
    heldout_->horizontalHeaderItem(2)->setText(tr("Source-language text (%1)").arg(report_->heldoutUnit));
    for (const HeldoutLossRow& r : report_->heldoutLoss) {
        const int row = heldout_->rowCount();
        heldout_->insertRow(row);
        heldout_->setItem(row, 0, new QTableWidgetItem(r.model));
        heldout_->setItem(row, 1, new QTableWidgetItem(QString::number(r.targetBitsPerChar, 'f', 3)));
        heldout_->setItem(row, 2,
                          new QTableWidgetItem(r.sourceLanguageBitsPerChar
                                                   ? QString::number(*r.sourceLanguageBitsPerChar, 'f', 3)
                                                   : tr("—")));
    }
}

void EmbeddingsPanel::drawSpeedup() {
    speedup_->plotLayout()->clear();
    speedup_->clearPlottables();
    speedupLabel_->clear();
    if (!report_ || !report_->speedup) {
        speedup_->plotLayout()->addElement(0, 0,
                                           new QCPTextElement(speedup_, tr("No speed-up measured yet")));
        speedup_->replot();
        return;
    }
    const Speedup& s = *report_->speedup;
    struct Panel {
        QString title;
        double source, expanded;
    };
    QVector<Panel> panels{{tr("Tokens per character"), s.sourceTokensPerChar, s.expandedTokensPerChar},
                          {tr("Tokens per word"), s.sourceTokensPerWord, s.expandedTokensPerWord}};
    if (s.sourceTokensPerS && s.expandedTokensPerS)
        panels.push_back({s.throughputKind == "same_text"    ? tr("Tokens/s, same text")
                          : s.throughputKind == "generation" ? tr("Generated tokens/s")
                                                             : tr("Encoded tokens/s"),
                          *s.sourceTokensPerS, *s.expandedTokensPerS});
    for (int i = 0; i < panels.size(); ++i) {
        auto* rect = new QCPAxisRect(speedup_);
        speedup_->plotLayout()->addElement(1, i, rect);
        speedup_->plotLayout()->addElement(0, i, new QCPTextElement(speedup_, panels[i].title));
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTick(1, tr("source"));
        ticker->addTick(2, tr("expanded"));
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        x->setTicker(ticker);
        x->grid()->setVisible(false);
        x->setRange(0.4, 2.6);
        for (int b = 0; b < 2; ++b) {
            auto* bars = new QCPBars(x, y);
            const QColor color = seriesColor(b);
            bars->setBrush(color);
            bars->setPen(QPen(color.darker(130)));
            bars->setWidth(0.6);
            bars->addData(b + 1, b == 0 ? panels[i].source : panels[i].expanded);
        }
        y->setRange(0, std::max(panels[i].source, panels[i].expanded) * 1.15 + 1e-9);
    }
    QString text =
        tr("Sequences are %1% shorter with the expanded tokenizer (%2 → %3 tokens on %4 characters).")
            .arg(s.lengthReductionPercent, 0, 'f', 1)
            .arg(qint64(s.sourceTokens))
            .arg(qint64(s.expandedTokens))
            .arg(qint64(s.characters));
    if (s.speedupPercent) {
        if (s.throughputKind == "same_text") {
            text += QLatin1Char(' ') + tr("Speed-up on the same text: %1%").arg(*s.speedupPercent, 0, 'f', 1);
            if (s.speedupMinPercent && s.speedupMaxPercent && s.repeats)
                text += tr(" (median of %1 repeats, %2% to %3%)")
                            .arg(qint64(*s.repeats))
                            .arg(*s.speedupMinPercent, 0, 'f', 1)
                            .arg(*s.speedupMaxPercent, 0, 'f', 1);
            text += QLatin1Char('.');
            if (s.predictedSpeedupPercent)
                text += QLatin1Char(' ') + tr("The timed text's token counts alone predict %1%.")
                                               .arg(*s.predictedSpeedupPercent, 0, 'f', 1);
            if (s.perTokenCostRatio)
                text += QLatin1Char(' ') +
                        tr("Per-token cost, expanded / source: %1.").arg(*s.perTokenCostRatio, 0, 'f', 3);
        } else {
            text += QLatin1Char(' ') + tr("Speed-up: %1%.").arg(*s.speedupPercent, 0, 'f', 1);
        }
    }
    speedupLabel_->setText(text);
    speedup_->replot();
}

QString EmbeddingsPanel::errorMessage() const {
    return errorLabel_->message();
}

void EmbeddingsPanel::showError(const QString& message) {
    errorLabel_->showMessage(message);
    emit statusMessage(message);
}

void EmbeddingsPanel::clearError() {
    errorLabel_->clearMessage();
}

void EmbeddingsPanel::saveSettings(QSettings& settings) const {
    settings.setValue("method", wantedMethod_);
    settings.setValue("columns", columns_->saveState());
    settings.setValue("left", leftSplit_->saveState());
    settings.setValue("right", rightSplit_->saveState());
}

void EmbeddingsPanel::restoreSettings(QSettings& settings) {
    setPcaMethod(settings.value("method").toString());
    columns_->restoreState(settings.value("columns").toByteArray());
    leftSplit_->restoreState(settings.value("left").toByteArray());
    rightSplit_->restoreState(settings.value("right").toByteArray());
}

void EmbeddingsPanel::showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) {
    if (workspace) {
        setWorkspace(QString::fromStdString(workspace->root().string()));
        return;
    }
    clearError();
    workspace_.clear();
}
