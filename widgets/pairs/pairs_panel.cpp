#include "pairs/pairs_panel.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cstdint>

#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "common/local_path.h"
#include "common/recent_list.h"
#include "ipt/common/error.h"
#include "ipt/data/pairs_flags.h"
#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"
#include "ipt/text/tokenizer.h"
#include "pairs/flag_command.h"
#include "pairs/histogram_view.h"
#include "pairs/pairs_detail_view.h"
#include "pairs/pairs_filter_bar.h"
#include "pairs/pairs_table_model.h"
#include "pairs/search_highlight_delegate.h"

namespace {

constexpr int kHistogramBins = 40;
constexpr qint64 kHistogramRefreshMs = 500;  // while indexing: redrawing on every batch costs too much
constexpr int kSearchDelayMs = 300;

}  // namespace

PairsPanel::PairsPanel(QWidget* parent) : QWidget(parent) {
    indexBridge_ = new JobBridge(this);
    workBridge_ = new JobBridge(this);
    model_ = new PairsTableModel(this);
    undo_ = new QUndoStack(this);
    recentMenu_ = new QMenu(tr("Open Recent Pairs"), this);
    recentMenu_->setObjectName("recentPairsMenu");
    recent_ = new RecentList(
        recentMenu_, "recentFiles", [this](const QString& file) { openFile(file); }, this);
    buildLayout();
    createActions();

    connect(model_, &PairsTableModel::flagsChanged, this, [this] {
        saveFlags();
        updateSummary();
        table_->viewport()->update();
    });
    connect(model_, &PairsTableModel::rowsChanged, this, [this] {
        updateSummary();
        syncDetail();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) showRecordAt(current.row());
            });
    connect(filters_, &PairsFilterBar::filtersChanged, this, &PairsPanel::applyFilters);
    connect(pairsHistogram_, &HistogramView::binSelected, this,
            [this](int, quint32 low, quint32 high) { filters_->setPairsRange(low, high); });
    connect(pairsHistogram_, &HistogramView::selectionCleared, this,
            [this] { filters_->setPairsRange(0, UINT32_MAX); });
    connect(lengthHistogram_, &HistogramView::binSelected, this, &PairsPanel::applyFilters);
    connect(lengthHistogram_, &HistogramView::selectionCleared, this, &PairsPanel::applyFilters);

    auto* searchDelay = new QTimer(this);
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(kSearchDelayMs);
    connect(search_, &QLineEdit::textEdited, searchDelay, qOverload<>(&QTimer::start));
    connect(searchDelay, &QTimer::timeout, this, [this] { search(search_->text()); });
    connect(search_, &QLineEdit::returnPressed, this, [this, searchDelay] {
        searchDelay->stop();
        search(search_->text());
    });
    // The clear button empties the field without an edit signal of its own.
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty() && !searchWanted_.isEmpty()) search(QString());
    });

    connect(openButton_, &QPushButton::clicked, this, &PairsPanel::browseForFile);
    connect(clearButton_, &QPushButton::clicked, this, &PairsPanel::clearFilters);
    connect(exportButton_, &QPushButton::clicked, this, &PairsPanel::browseForExport);
    connect(tokenizerButton_, &QPushButton::clicked, this, &PairsPanel::browseForTokenizer);
    connect(countButton_, &QPushButton::clicked, this, &PairsPanel::countTokens);

    connect(indexBridge_, &JobBridge::failed, this, [this](const QString& message) { showError(message); });
    connect(indexBridge_, &JobBridge::cancelled, this, [this] {
        if (pendingOpen_.isEmpty())
            emit statusMessage(tr("Indexing cancelled: the rows indexed so far stay shown"));
    });
    connect(indexBridge_, &JobBridge::idle, this, [this] {
        updateActions();
        updateSummary();
        if (!pendingOpen_.isEmpty()) {
            const QString next = pendingOpen_;
            pendingOpen_.clear();
            openFile(next);
        }
    });
    connect(workBridge_, &JobBridge::failed, this, [this](const QString& message) { showError(message); });
    connect(workBridge_, &JobBridge::cancelled, this, [this] {
        if (!countingTokens_ || cancellingWork_) return;
        // The user stopped the count: it stays stopped, also for the next file, until asked again.
        autoCount_ = false;
        const qint64 counted = partialCounts_ ? qint64(partialCounts_->rows) : 0;  // the job has ended
        emit statusMessage(tr("Token count stopped after %1 of %2 records; Count Tokens resumes it")
                               .arg(QLocale().toString(counted), QLocale().toString(recordCount())));
    });
    connect(workBridge_, &JobBridge::idle, this, [this] {
        countingTokens_ = false;
        cancellingWork_ = false;
        refreshHistograms();  // the length histogram's label says whether a count is running
        searchRunning_.clear();
        updateActions();
        updateSummary();
        startNextWork();
    });
    updateActions();
    updateSummary();
}

PairsPanel::~PairsPanel() {
    // Stop the jobs before any member goes: their threads post calls that name this panel.
    delete workBridge_;
    delete indexBridge_;
}

void PairsPanel::buildLayout() {
    openButton_ = new QPushButton(tr("Open…"), this);
    openButton_->setObjectName("openPairs");
    openButton_->setToolTip(tr("Open a pairs file (JSONL written by ipt synth)"));
    fileLabel_ = new QLabel(tr("No pairs file open"), this);
    fileLabel_->setObjectName("pairsFile");
    fileLabel_->setTextFormat(Qt::PlainText);
    fileLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    search_ = new QLineEdit(this);
    search_->setObjectName("pairsSearch");
    search_->setPlaceholderText(tr("Search ids, texts, questions and answers (Ctrl+F)"));
    search_->setClearButtonEnabled(true);
    tokenizerButton_ = new QPushButton(tr("Tokenizer…"), this);
    tokenizerButton_->setObjectName("pairsTokenizer");
    tokenizerButton_->setToolTip(
        tr("Count pair lengths in tokens of a tokenizer (tokenizer.json or tokenizer.model) instead of "
           "whitespace-separated words"));
    countButton_ = new QPushButton(tr("Count Tokens"), this);
    countButton_->setObjectName("countPairTokens");
    countButton_->setToolTip(
        tr("Count the pair tokens of this file with the tokenizer set (resumes a stopped count)"));
    exportButton_ = new QPushButton(tr("Export…"), this);
    exportButton_->setObjectName("exportPairs");
    exportButton_->setToolTip(tr("Write the rows shown to a JSONL file (Ctrl+Shift+E)"));

    auto* topRow = new QHBoxLayout;
    topRow->addWidget(openButton_);
    topRow->addWidget(fileLabel_, 1);
    topRow->addWidget(search_, 2);
    topRow->addWidget(tokenizerButton_);
    topRow->addWidget(countButton_);
    topRow->addWidget(exportButton_);

    filters_ = new PairsFilterBar(this);
    filters_->setObjectName("pairsFilters");
    clearButton_ = new QPushButton(tr("Clear Filters"), this);
    clearButton_->setObjectName("clearPairsFilters");
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filters_, 1);
    filterRow->addWidget(clearButton_);

    errorLabel_ = new ErrorBanner(this);

    table_ = new QTableView(this);
    table_->setObjectName("pairsTable");
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setSectionResizeMode(PairsTableModel::TextColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setStretchLastSection(false);
    const int digit = table_->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const std::pair<int, int> widths[] = {
        {PairsTableModel::LineColumn, 9},    {PairsTableModel::IdColumn, 12},
        {PairsTableModel::PairsColumn, 6},   {PairsTableModel::CharsColumn, 8},
        {PairsTableModel::MethodColumn, 12}, {PairsTableModel::StatusColumn, 12},
        {PairsTableModel::FlagColumn, 5}};
    // Wide enough for the digits they hold and for their (translated) header: "Markierung" does not
    // fit five digits.
    for (const auto& [column, digits] : widths)
        table_->setColumnWidth(column,
                               std::max(digit * digits, table_->horizontalHeader()->sectionSizeHint(column)));
    highlighter_ = new SearchHighlightDelegate(table_);
    table_->setItemDelegateForColumn(PairsTableModel::TextColumn, highlighter_);
    table_->setItemDelegateForColumn(PairsTableModel::IdColumn, highlighter_);

    summary_ = new QLabel(this);
    summary_->setObjectName("pairsSummary");
    summary_->setTextFormat(Qt::PlainText);

    auto* tableBox = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(table_, 1);
    tableLayout->addWidget(summary_);

    detail_ = new PairsDetailView(this);
    detail_->setObjectName("pairsDetail");

    horizontal_ = new QSplitter(Qt::Horizontal, this);
    horizontal_->setObjectName("pairsTableDetailSplitter");
    horizontal_->addWidget(tableBox);
    horizontal_->addWidget(detail_);
    horizontal_->setStretchFactor(0, 3);
    horizontal_->setStretchFactor(1, 2);
    horizontal_->setChildrenCollapsible(false);

    pairsHistogram_ = new HistogramView(tr("Pairs per text"), this);
    pairsHistogram_->setObjectName("pairsPerTextHistogram");
    pairsHistogram_->setToolTip(
        tr("Click a bar to show only texts with that many pairs; click it again to clear"));
    lengthHistogram_ = new HistogramView(tr("Pair lengths"), this);
    lengthHistogram_->setObjectName("tokensPerPairHistogram");
    lengthHistogram_->setToolTip(
        tr("Click a bar to show only texts with a pair of that length; click it again to clear"));
    auto* histograms = new QWidget(this);
    auto* histogramLayout = new QHBoxLayout(histograms);
    histogramLayout->setContentsMargins(0, 0, 0, 0);
    histogramLayout->addWidget(pairsHistogram_);
    histogramLayout->addWidget(lengthHistogram_);

    vertical_ = new QSplitter(Qt::Vertical, this);
    vertical_->setObjectName("pairsHistogramSplitter");
    vertical_->addWidget(horizontal_);
    vertical_->addWidget(histograms);
    vertical_->setStretchFactor(0, 3);
    vertical_->setStretchFactor(1, 1);
    vertical_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(topRow);
    layout->addLayout(filterRow);
    layout->addWidget(errorLabel_);
    layout->addWidget(vertical_, 1);
}

void PairsPanel::createActions() {
    auto add = [this](const QString& text, const QString& name, QList<QKeySequence> keys, auto slot) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        // Only while the panel (its tab) has the focus: other panels keep their own keys.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        actions_.append(action);
        return action;
    };
    add(tr("Find in Pairs"), "pairsFindAction", {QKeySequence::Find}, [this] {
        search_->setFocus(Qt::ShortcutFocusReason);
        search_->selectAll();
    });
    add(tr("Next Record"), "pairsNextAction", {QKeySequence(Qt::Key_J), QKeySequence(Qt::ALT | Qt::Key_Down)},
        [this] { nextRecord(); });
    add(tr("Previous Record"), "pairsPreviousAction",
        {QKeySequence(Qt::Key_K), QKeySequence(Qt::ALT | Qt::Key_Up)}, [this] { previousRecord(); });
    flagAction_ = add(tr("Flag or Unflag"), "pairsFlagAction", {QKeySequence(Qt::Key_F)},
                      [this] { toggleFlagOnSelection(); });
    QAction* undo = undo_->createUndoAction(this, tr("Undo"));
    undo->setObjectName("pairsUndoAction");
    undo->setShortcuts(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undo);
    actions_.append(undo);
    QAction* redo = undo_->createRedoAction(this, tr("Redo"));
    redo->setObjectName("pairsRedoAction");
    redo->setShortcuts(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(redo);
    actions_.append(redo);
    add(tr("Export Shown Rows…"), "pairsExportAction", {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
        [this] { browseForExport(); });
}

QList<QAction*> PairsPanel::browseActions() const {
    return actions_;
}

bool PairsPanel::isIndexing() const {
    return indexBridge_->isRunning();
}

qint64 PairsPanel::recordCount() const {
    return model_->pairsIndex() ? qint64(model_->pairsIndex()->size()) : 0;
}

bool PairsPanel::isIndexComplete() const {
    return model_->pairsIndex() && model_->pairsIndex()->complete();
}

QString PairsPanel::errorMessage() const {
    return errorLabel_->message();
}

QStringList PairsPanel::recentFiles() const {
    return recent_->paths();
}

qint64 PairsPanel::countedRecords() const {
    if (tokenCounts_) return recordCount();
    // While a count runs its job owns the partial counts.
    return !countingTokens_ && partialCounts_ ? qint64(partialCounts_->rows) : 0;
}

void PairsPanel::browseForFile() {
    const QString start = path_.isEmpty() ? QDir::homePath() : QFileInfo(path_).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Pairs File"), start,
                                                      tr("Pairs files (*.jsonl *.json);;All files (*)"));
    if (!file.isEmpty()) openFile(file);
}

void PairsPanel::reload() {
    if (!path_.isEmpty()) openFile(path_);
}

void PairsPanel::openFile(const QString& path) {
    if (indexBridge_->isRunning()) {
        // One index at a time: the new file opens once the old job has stopped.
        pendingOpen_ = path;
        indexBridge_->cancel();
        cancelWork();
        return;
    }
    cancelWork();
    pendingExport_.clear();
    pendingTokens_ = false;
    clearError();
    const QString cleaned = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    std::shared_ptr<ipt::PairsIndex> index;
    try {
        index = ipt::PairsIndex::open(localPath(cleaned));
    } catch (const std::exception& e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    std::set<std::string> flagged;
    flagsWritable_ = true;
    try {
        flagged = ipt::read_pairs_flags(localPath(cleaned));
    } catch (const std::exception& e) {
        flagsWritable_ = false;
        showError(tr("%1 (flags are not saved for this file until it is fixed)")
                      .arg(QString::fromStdString(e.what())));
    }

    table_->setSortingEnabled(false);
    undo_->clear();
    detail_->clear();
    shownRecord_ = -1;
    tokenCounts_.reset();
    partialCounts_.reset();
    pairsHistogram_->setHistogram({}, tr("Pairs per text"));
    lengthHistogram_->setHistogram({}, lengthLabel());
    resetHistogramCounts();
    model_->setIndex(index, flagged);
    applyFilters();
    path_ = cleaned;
    fileLabel_->setText(QDir::toNativeSeparators(cleaned));
    fileLabel_->setToolTip(QDir::toNativeSeparators(cleaned));
    recent_->add(cleaned);
    lastHistogramMs_ = -1;
    searchPartial_ = true;
    if (!searchWanted_.isEmpty()) pendingSearch_ = true;
    // Counted by itself only while the user has not stopped a count (then Count Tokens asks again).
    pendingTokens_ = tokenizer_ && autoCount_;

    JobBridge* bridge = indexBridge_;
    auto work = [this, index, flagged, bridge](const ipt::ProgressSink& progress,
                                               const ipt::CancelToken& cancel) {
        // Only the index and values are touched here; the panel only inside calls posted to its thread.
        ipt::PairsIndex::BuildOptions options;
        options.progress = progress;
        options.flagged = flagged;
        options.on_records = [this, bridge](size_t) { bridge->post([this] { onRecordsAvailable(); }); };
        index->build(options, cancel);
    };
    indexBridge_->start(tr("Indexing %1").arg(QFileInfo(cleaned).fileName()), work, [this] { onIndexed(); });
    updateActions();
    emit fileOpened(cleaned);
    emit statusMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(cleaned)));
}

void PairsPanel::onRecordsAvailable() {
    const bool first = model_->rowCount() == 0;
    model_->updateRows();
    if (first && model_->rowCount() > 0 && !table_->currentIndex().isValid()) selectRow(0);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (lastHistogramMs_ < 0 || now - lastHistogramMs_ >= kHistogramRefreshMs) {
        lastHistogramMs_ = now;
        refreshHistograms();
    }
}

void PairsPanel::onIndexed() {
    onRecordsAvailable();
    refreshHistograms();
    // Sorting now that no rows arrive any more; in file order until a header is clicked.
    table_->horizontalHeader()->setSortIndicator(PairsTableModel::LineColumn, Qt::AscendingOrder);
    table_->setSortingEnabled(true);
    if (!searchWanted_.isEmpty() && searchPartial_) pendingSearch_ = true;
    const qint64 records = recordCount();
    emit statusMessage(
        tr("Indexed %1 records of %2").arg(QLocale().toString(records), QFileInfo(path_).fileName()));
    emit indexingFinished(records);
    startNextWork();
}

void PairsPanel::search(const QString& query) {
    if (search_->text() != query) search_->setText(query);
    searchWanted_ = query;
    detail_->setSearchQuery(query);
    highlighter_->setQuery(query);
    if (query.isEmpty()) {
        pendingSearch_ = false;
        if (!searchRunning_.isEmpty()) cancelWork();
        model_->setSearch(QString(), nullptr);
        table_->viewport()->update();
        return;
    }
    pendingSearch_ = true;
    if (!searchRunning_.isEmpty())
        cancelWork();  // the idle that follows starts the new search
    else
        startNextWork();
}

void PairsPanel::startNextWork() {
    if (workBridge_->isRunning() || !model_->pairsIndex()) return;
    if (!pendingExport_.isEmpty()) {
        const QString path = pendingExport_;
        pendingExport_.clear();
        startExport(path);
    } else if (pendingTokens_ && tokenizer_ && model_->pairsIndex()->complete()) {
        startTokenCount();
    } else if (pendingSearch_ && !searchWanted_.isEmpty()) {
        startSearch(searchWanted_);
    }
}

void PairsPanel::startSearch(const QString& query) {
    pendingSearch_ = false;
    std::shared_ptr<ipt::PairsIndex> index = model_->pairsIndex();
    const size_t rows = index->size();
    searchPartial_ = !index->complete();
    searchRunning_ = query;
    auto hits = std::make_shared<std::vector<uint8_t>>();
    const std::string needle = query.toStdString();
    auto work = [index, rows, needle, hits](const ipt::ProgressSink& progress,
                                            const ipt::CancelToken& cancel) {
        *hits = ipt::search_pairs(*index, rows, needle, progress, cancel);
    };
    workBridge_->start(tr("Searching"), work, [this, index, query, hits] {
        if (index != model_->pairsIndex() || query != searchWanted_)
            return;  // a newer file or query took over
        model_->setSearch(query, hits);
        table_->viewport()->update();
        qint64 count = 0;
        for (uint8_t hit : *hits) count += hit;
        emit statusMessage(tr("%1 records contain \"%2\"").arg(QLocale().toString(count), query));
        emit searchFinished(query, count);
    });
    updateActions();
    updateSummary();
}

void PairsPanel::startTokenCount() {
    pendingTokens_ = false;
    std::shared_ptr<ipt::PairsIndex> index = model_->pairsIndex();
    std::shared_ptr<const ipt::Tokenizer> tokenizer = tokenizer_;
    // A stopped count of this index and tokenizer goes on from where it stopped.
    std::shared_ptr<ipt::PairTokenCounts> counts =
        partialCounts_ ? partialCounts_ : std::make_shared<ipt::PairTokenCounts>();
    partialCounts_ = counts;
    countingTokens_ = true;
    auto work = [index, tokenizer, counts](const ipt::ProgressSink& progress,
                                           const ipt::CancelToken& cancel) {
        // The same batched, threaded path as `ipt data prepare`: every core, records parsed in parallel.
        ipt::count_pair_tokens(*index, index->size(), *tokenizer, *counts, ipt::PairTokenOptions{}, progress,
                               cancel);
    };
    workBridge_->start(tr("Counting tokens"), work, [this, index, tokenizer, counts] {
        if (index != model_->pairsIndex() || tokenizer != tokenizer_) return;
        partialCounts_.reset();
        auto done = std::make_shared<const std::vector<uint32_t>>(std::move(counts->tokens));
        tokenCounts_ = done;
        resetHistogramCounts();
        model_->setPairTokens(done);
        lengthHistogram_->clearSelection();
        refreshHistograms();
        applyFilters();
        emit tokenCountsReady();
    });
    refreshHistograms();
    updateActions();
}

void PairsPanel::countTokens() {
    if (!tokenizer_) {
        browseForTokenizer();
        return;
    }
    if (!model_->pairsIndex() || tokenCounts_ || countingTokens_) return;
    autoCount_ = true;  // asked for: later files are counted too, until the next cancel
    pendingTokens_ = true;
    startNextWork();
    if (!countingTokens_) emit statusMessage(tr("Tokens are counted once the file is indexed"));
}

void PairsPanel::cancelWork() {
    if (!workBridge_->isRunning()) return;
    cancellingWork_ = true;
    workBridge_->cancel();
}

void PairsPanel::startExport(const QString& path) {
    std::shared_ptr<ipt::PairsIndex> index = model_->pairsIndex();
    const std::vector<uint32_t> rows = model_->visibleRecords();
    auto written = std::make_shared<size_t>(0);
    const std::string target = localPath(path);
    auto work = [index, rows, target, written](const ipt::ProgressSink& progress,
                                               const ipt::CancelToken& cancel) {
        *written = ipt::export_pairs_rows(*index, rows, target, progress, cancel);
    };
    const size_t shown = rows.size();
    workBridge_->start(tr("Exporting"), work, [this, path, written, shown] {
        QString message = tr("Wrote %1 records to %2")
                              .arg(QLocale().toString(qint64(*written)), QDir::toNativeSeparators(path));
        if (*written < shown)
            message += tr(" (%1 malformed lines left out)").arg(QLocale().toString(qint64(shown - *written)));
        emit statusMessage(message);
        emit exportFinished(path, qint64(*written));
    });
    updateActions();
}

void PairsPanel::exportShownRows(const QString& path) {
    if (!model_->pairsIndex()) {
        showError(tr("Open a pairs file first."));
        return;
    }
    pendingExport_ = path;
    startNextWork();
}

void PairsPanel::browseForExport() {
    if (!model_->pairsIndex()) return;
    const QFileInfo info(path_);
    const QString suggestion =
        info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral("-filtered.jsonl"));
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export Shown Rows"), suggestion, tr("JSONL files (*.jsonl)"));
    if (!file.isEmpty()) exportShownRows(file);
}

void PairsPanel::setTokenizer(std::shared_ptr<const ipt::Tokenizer> tokenizer, const QString& name,
                              const QString& path) {
    if (countingTokens_) cancelWork();
    tokenizer_ = std::move(tokenizer);
    tokenizerName_ = name;
    tokenizerPath_ = tokenizer_ ? path : QString();
    tokenCounts_.reset();
    partialCounts_.reset();
    resetHistogramCounts();
    model_->setPairTokens(nullptr);
    lengthHistogram_->clearSelection();
    applyFilters();
    refreshHistograms();
    // Choosing a tokenizer is asking for its counts.
    autoCount_ = true;
    pendingTokens_ = tokenizer_ != nullptr;
    startNextWork();
    updateActions();
}

bool PairsPanel::loadTokenizer(const QString& path) {
    try {
        // A tokenizer loads in well under a second; no job needed. A model folder names its tokenizer.
        std::shared_ptr<const ipt::Tokenizer> tokenizer = ipt::load_tokenizer(localPath(path));
        const QFileInfo info(path);
        setTokenizer(tokenizer, info.isDir() ? info.fileName() + "/" : info.fileName(),
                     QDir::cleanPath(info.absoluteFilePath()));
        clearError();
        return true;
    } catch (const std::exception& e) {
        showError(tr("Could not load the tokenizer %1: %2")
                      .arg(QDir::toNativeSeparators(path), QString::fromStdString(e.what())));
        return false;
    }
}

void PairsPanel::browseForTokenizer() {
    const QString start =
        tokenizerPath_.isEmpty() ? QDir::homePath() : QFileInfo(tokenizerPath_).absolutePath();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Choose a Tokenizer"), start,
        tr("Tokenizers (*.model *.json);;SentencePiece models (*.model);;All files (*)"));
    if (!file.isEmpty()) loadTokenizer(file);
}

QString PairsPanel::lengthLabel() const {
    if (tokenCounts_) return tr("Tokens per pair (question + answer, tokenizer %1)").arg(tokenizerName_);
    if (countingTokens_)
        return tr("Words per pair (question + answer); counting tokens with %1…").arg(tokenizerName_);
    if (tokenizer_ && !countingTokens_ && partialCounts_ && partialCounts_->rows > 0)
        return tr("Words per pair (question + answer); token count stopped at %1 of %2 records")
            .arg(QLocale().toString(qint64(partialCounts_->rows)), QLocale().toString(recordCount()));
    return tr("Words per pair (question + answer, split at whitespace)");
}

void PairsPanel::refreshHistograms() {
    const std::shared_ptr<ipt::PairsIndex>& index = model_->pairsIndex();
    if (!index) return;
    // Counted incrementally: each refresh while the index grows costs only the new rows.
    const size_t rows = index->size();
    ipt::count_pairs_per_text(*index, histogramRows_, rows, pairsByValue_);
    ipt::count_pair_lengths(*index, histogramRows_, rows, tokenCounts_.get(), lengthsByValue_);
    histogramRows_ = rows;
    pairsHistogram_->setHistogram(ipt::bin_value_counts(pairsByValue_, kHistogramBins), tr("Pairs per text"));
    lengthHistogram_->setHistogram(ipt::bin_value_counts(lengthsByValue_, kHistogramBins), lengthLabel());
}

void PairsPanel::resetHistogramCounts() {
    pairsByValue_.clear();
    lengthsByValue_.clear();
    histogramRows_ = 0;
}

void PairsPanel::applyFilters() {
    ipt::PairsFilter filter = filters_->filter();
    // The pairs histogram shows its bar selected only while the spin boxes still say that bin.
    const int bin = pairsHistogram_->selectedBin();
    if (bin >= 0) {
        const uint32_t width = pairsHistogram_->histogram().width;
        if (filter.min_pairs != uint32_t(bin) * width || filter.max_pairs != uint32_t(bin + 1) * width - 1)
            pairsHistogram_->clearSelection();
    }
    const int lengthBin = lengthHistogram_->selectedBin();
    if (lengthBin >= 0) {
        const uint32_t width = lengthHistogram_->histogram().width;
        filter.pair_length_on = true;
        filter.min_pair_length = uint32_t(lengthBin) * width;
        filter.max_pair_length = uint32_t(lengthBin + 1) * width - 1;
    }
    model_->setFilter(filter);
}

void PairsPanel::clearFilters() {
    pairsHistogram_->clearSelection();
    lengthHistogram_->clearSelection();
    filters_->reset();
    if (!search_->text().isEmpty()) search(QString());
}

void PairsPanel::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const QModelIndex index = model_->index(row, PairsTableModel::TextColumn);
    table_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(index);
}

void PairsPanel::nextRecord() {
    const int row = table_->currentIndex().isValid() ? table_->currentIndex().row() + 1 : 0;
    selectRow(std::min(row, model_->rowCount() - 1));
}

void PairsPanel::previousRecord() {
    const int row = table_->currentIndex().isValid() ? table_->currentIndex().row() - 1 : 0;
    selectRow(std::max(row, 0));
}

void PairsPanel::showRecordAt(int row) {
    if (!model_->pairsIndex() || row < 0 || row >= model_->rowCount()) return;
    shownRecord_ = qint64(model_->recordAt(row));
    detail_->showRecord(*model_->pairsIndex(), model_->recordAt(row));
}

// After the rows changed (filter, search, sort, growth): the record shown stays selected when it is
// still a row, else the detail goes to the first row, or empties. It never shows a record the table
// does not.
void PairsPanel::syncDetail() {
    if (!model_->pairsIndex()) return;
    const int row = shownRecord_ >= 0 ? model_->rowOfRecord(size_t(shownRecord_)) : -1;
    if (row >= 0) {
        if (!table_->currentIndex().isValid() || table_->currentIndex().row() != row) {
            const QSignalBlocker quiet(table_->selectionModel());
            table_->selectionModel()->setCurrentIndex(
                model_->index(row, PairsTableModel::TextColumn),
                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
        return;
    }
    if (shownRecord_ < 0 && model_->rowCount() == 0) return;
    detail_->clear();
    shownRecord_ = -1;
    if (model_->rowCount() > 0) selectRow(0);
}

std::vector<size_t> PairsPanel::selectedRecords() const {
    std::vector<size_t> records;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows())
        records.push_back(model_->recordAt(index.row()));
    if (records.empty() && table_->currentIndex().isValid())
        records.push_back(model_->recordAt(table_->currentIndex().row()));
    return records;
}

void PairsPanel::toggleFlagOnSelection() {
    std::vector<size_t> records;
    bool allFlagged = true;
    for (size_t record : selectedRecords()) {
        if (!model_->canFlag(record)) continue;
        records.push_back(record);
        allFlagged = allFlagged && model_->isFlagged(record);
    }
    if (records.empty()) {
        emit statusMessage(
            tr("Nothing to flag: malformed lines and records without an id cannot be flagged"));
        return;
    }
    setFlagged(records, !allFlagged);
}

void PairsPanel::setFlagged(const std::vector<size_t>& records, bool flagged) {
    if (!model_->pairsIndex() || records.empty()) return;
    undo_->push(new FlagCommand(model_, records, flagged));
}

void PairsPanel::saveFlags() {
    if (path_.isEmpty()) return;
    if (!flagsWritable_) {
        showError(tr("Flags are not saved: %1 could not be read; fix or remove it and open the file again")
                      .arg(QString::fromStdString(ipt::pairs_flags_path(localPath(path_)))));
        return;
    }
    try {
        ipt::write_pairs_flags(localPath(path_), model_->flaggedIds());
        emit flagsSaved(QString::fromStdString(ipt::pairs_flags_path(localPath(path_))));
    } catch (const std::exception& e) {
        showError(QString::fromStdString(e.what()));
    }
}

void PairsPanel::updateSummary() {
    const std::shared_ptr<ipt::PairsIndex>& index = model_->pairsIndex();
    if (!index) {
        summary_->setText(tr("Open a pairs file to browse its records."));
        return;
    }
    const QLocale locale;
    QString text =
        tr("%1 shown of %2 records · %3 flagged")
            .arg(locale.toString(qint64(model_->rowCount())), locale.toString(qint64(index->size())),
                 locale.toString(qint64(model_->flaggedIds().size())));
    if (!index->complete()) {
        const double share =
            index->file_size() == 0 || index->size() == 0
                ? 0
                : 100.0 * double(index->summary(index->size() - 1).offset) / double(index->file_size());
        text += indexBridge_->isRunning() ? tr(" · indexing, %1% read").arg(share, 0, 'f', 0)
                                          : tr(" · indexing stopped at %1%").arg(share, 0, 'f', 0);
    }
    if (!searchRunning_.isEmpty()) text += tr(" · searching…");
    summary_->setText(text);
}

void PairsPanel::updateActions() {
    const bool open = model_->pairsIndex() != nullptr;
    exportButton_->setEnabled(open);
    countButton_->setEnabled(open && tokenizer_ && !tokenCounts_ && !countingTokens_);
    // (partialCounts_ belongs to the job while it counts: read only when none runs.)
    countButton_->setText(!countingTokens_ && partialCounts_ && partialCounts_->rows > 0
                              ? tr("Resume Token Count")
                              : tr("Count Tokens"));
    for (QAction* action : actions_)
        if (action->objectName() == "pairsExportAction") action->setEnabled(open);
}

void PairsPanel::showError(const QString& message) {
    errorLabel_->showMessage(message);
}

void PairsPanel::clearError() {
    errorLabel_->clearMessage();
}

void PairsPanel::saveSettings(QSettings& settings) const {
    recent_->save(settings);
    settings.setValue("file", path_);
    settings.setValue("tokenizer", tokenizerPath_);
    settings.setValue("countTokens", autoCount_);
    settings.setValue("vertical", vertical_->saveState());
    settings.setValue("horizontal", horizontal_->saveState());
    settings.setValue("header", table_->horizontalHeader()->saveState());
    settings.setValue("rawView", detail_->mode() == PairsDetailView::Mode::Raw);
    settings.setValue("minimumQuoteLength", detail_->minimumQuoteLength());
}

void PairsPanel::restoreSettings(QSettings& settings) {
    recent_->restore(settings);
    vertical_->restoreState(settings.value("vertical").toByteArray());
    horizontal_->restoreState(settings.value("horizontal").toByteArray());
    table_->horizontalHeader()->restoreState(settings.value("header").toByteArray());
    // A layout saved in another language may be too narrow for this one's headers.
    for (int column = 0; column < PairsTableModel::ColumnCount; ++column)
        if (column != PairsTableModel::TextColumn &&
            table_->columnWidth(column) < table_->horizontalHeader()->sectionSizeHint(column))
            table_->setColumnWidth(column, table_->horizontalHeader()->sectionSizeHint(column));
    detail_->setMode(settings.value("rawView", false).toBool() ? PairsDetailView::Mode::Raw
                                                               : PairsDetailView::Mode::Rendered);
    detail_->setMinimumQuoteLength(
        settings.value("minimumQuoteLength", detail_->minimumQuoteLength()).toInt());
    // The session as it was left: the tokenizer (whose count, if it was stopped, stays stopped) and the
    // file, reopened when it is still there.
    const QString tokenizer = settings.value("tokenizer").toString();
    if (!tokenizer.isEmpty() && loadTokenizer(tokenizer))
        autoCount_ = settings.value("countTokens", true).toBool();
    const QString file = settings.value("file").toString();
    if (!file.isEmpty() && QFileInfo::exists(file)) {
        pendingTokens_ = false;
        openFile(file);
    } else if (!file.isEmpty()) {
        showError(tr("The pairs file of the last session, %1, is gone.").arg(QDir::toNativeSeparators(file)));
    }
}

void PairsPanel::showWorkspace(const std::shared_ptr<ipt::Workspace>&) {
    clearError();
}
