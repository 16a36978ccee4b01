#pragma once
// The pairs browser: open a pairs file of any size (indexed on a background job, rows shown while the
// index grows), filter and search its records, read one in full with the text spans its pairs quote,
// see histograms of pairs per text and of pair lengths that filter when a bar is clicked, flag records
// (undoable; stored in the flags file beside the pairs file) and export the rows shown. Pair lengths are
// whitespace-separated words until a tokenizer is chosen; then its tokens, counted on a background job
// through the core tokenizer's batch encode on every core. A cancelled count keeps what it counted and
// resumes from there only when asked (Count Tokens); opening another file does not restart it.
#include <QString>
#include <QStringList>
#include <QWidget>

#include "common/panel.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

class ErrorBanner;
class HistogramView;
class JobBridge;
class PairsDetailView;
class PairsFilterBar;
class PairsTableModel;
class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSettings;
class QSplitter;
class QTableView;
class QUndoStack;
class RecentList;
class SearchHighlightDelegate;

namespace ipt {
class PairsIndex;
class Tokenizer;
struct PairTokenCounts;
}  // namespace ipt

class PairsPanel : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit PairsPanel(QWidget* parent = nullptr);
    ~PairsPanel() override;

    // The open file; empty while none is open.
    QString filePath() const { return path_; }
    bool isIndexing() const;
    // Records indexed so far, and whether that is all of them.
    qint64 recordCount() const;
    bool isIndexComplete() const;
    // The error shown in the panel; empty when there is none.
    QString errorMessage() const;
    // Counts pair lengths with `tokenizer` from now on (a background job; asking for it), `path` being
    // where it was loaded from (remembered between sessions); null goes back to words.
    void setTokenizer(std::shared_ptr<const ipt::Tokenizer> tokenizer, const QString& name,
                      const QString& path = QString());
    // Loads the tokenizer file (or model folder) at `path` and sets it; false after showing why not.
    bool loadTokenizer(const QString& path);
    bool hasTokenizer() const { return tokenizer_ != nullptr; }
    QString tokenizerPath() const { return tokenizerPath_; }
    // Whether pair lengths are tokens now (else words), and how many records a stopped count covered
    // (0 while a count runs).
    bool hasTokenCounts() const { return tokenCounts_ != nullptr; }
    qint64 countedRecords() const;
    bool isCountingTokens() const { return countingTokens_; }
    // The record the detail view shows; -1 when none.
    qint64 shownRecord() const { return shownRecord_; }

    PairsTableModel* model() const { return model_; }
    QTableView* tableView() const { return table_; }
    PairsDetailView* detailView() const { return detail_; }
    PairsFilterBar* filterBar() const { return filters_; }
    HistogramView* pairsHistogram() const { return pairsHistogram_; }
    HistogramView* lengthHistogram() const { return lengthHistogram_; }
    QLineEdit* searchField() const { return search_; }
    QUndoStack* undoStack() const { return undo_; }
    // Indexing runs on jobBridge(); search, token counting and export on workBridge().
    JobBridge* jobBridge() const { return indexBridge_; }
    JobBridge* workBridge() const { return workBridge_; }
    // Recently opened pairs files, newest first, kept up to date in recentFilesMenu().
    QStringList recentFiles() const;
    QMenu* recentFilesMenu() const { return recentMenu_; }
    // The panel's actions (open, search, next/previous, flag, undo/redo, export), for menus.
    QList<QAction*> browseActions() const;

    // Reads and writes the keys under the settings' current group.
    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    // Clears the banner: what it said was about the workspace shown before. The open file stays.
    void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) override;

  public slots:
    // Opens `path`, replacing the file shown; indexing starts at once.
    void openFile(const QString& path);
    void browseForFile();
    // Opens the current file again (e.g. after a synthesis run appended to it).
    void reload();
    void search(const QString& query);
    void clearFilters();
    void nextRecord();
    void previousRecord();
    void showRecordAt(int row);
    // Flags the selected records, or unflags them when all are flagged already.
    void toggleFlagOnSelection();
    void setFlagged(const std::vector<size_t>& records, bool flagged);
    // Writes the rows shown (malformed lines left out) to `path` as JSONL, on a background job.
    void exportShownRows(const QString& path);
    void browseForExport();
    void browseForTokenizer();
    // Counts the open file's pair tokens with the tokenizer set, resuming a stopped count.
    void countTokens();

  signals:
    void fileOpened(const QString& path);
    void indexingFinished(qint64 records);
    void searchFinished(const QString& query, qint64 hits);
    void exportFinished(const QString& path, qint64 written);
    void tokenCountsReady();
    void flagsSaved(const QString& flagsFile);
    // One-line news for a status bar.
    void statusMessage(const QString& message);

  private:
    void buildLayout();
    void createActions();
    void startIndexing();
    void onRecordsAvailable();
    void onIndexed();
    void startNextWork();
    void startSearch(const QString& query);
    void startTokenCount();
    void startExport(const QString& path);
    void applyFilters();
    void refreshHistograms();
    void resetHistogramCounts();
    QString lengthLabel() const;
    void saveFlags();
    void cancelWork();
    void syncDetail();
    void updateSummary();
    void updateActions();
    void showError(const QString& message);
    void clearError();
    std::vector<size_t> selectedRecords() const;
    void selectRow(int row);

    QPushButton* openButton_;
    QLabel* fileLabel_;
    QLineEdit* search_;
    PairsFilterBar* filters_;
    QPushButton* clearButton_;
    QPushButton* exportButton_;
    QPushButton* tokenizerButton_;
    QPushButton* countButton_;
    ErrorBanner* errorLabel_;
    QLabel* summary_;
    QTableView* table_;
    SearchHighlightDelegate* highlighter_;
    PairsDetailView* detail_;
    HistogramView* pairsHistogram_;
    HistogramView* lengthHistogram_;
    QSplitter* vertical_;
    QSplitter* horizontal_;
    QMenu* recentMenu_;
    RecentList* recent_;
    QUndoStack* undo_;
    PairsTableModel* model_;
    JobBridge* indexBridge_;
    JobBridge* workBridge_;
    QList<QAction*> actions_;
    QAction* flagAction_ = nullptr;

    QString path_;
    QString pendingOpen_;
    bool flagsWritable_ = true;  // false when the flags file could not be read: never overwrite it
    qint64 lastHistogramMs_ = -1;
    // Counts by value behind the two histograms, and how many records they cover.
    std::vector<uint64_t> pairsByValue_;
    std::vector<uint64_t> lengthsByValue_;
    size_t histogramRows_ = 0;
    // Work waiting for the work bridge, in this order of priority.
    QString pendingExport_;
    bool pendingTokens_ = false;
    bool pendingSearch_ = false;
    QString searchWanted_;
    QString searchRunning_;       // the query of the search job in flight
    bool searchPartial_ = false;  // the last search ran before the index was complete
    std::shared_ptr<const ipt::Tokenizer> tokenizer_;
    QString tokenizerName_, tokenizerPath_;
    std::shared_ptr<const std::vector<uint32_t>> tokenCounts_;
    // A count stopped part-way, for the open index and the tokenizer set; Count Tokens resumes it.
    std::shared_ptr<ipt::PairTokenCounts> partialCounts_;
    // Counting starts by itself (a file opened, the index complete) until the user cancels a count.
    bool autoCount_ = true;
    bool countingTokens_ = false;
    bool cancellingWork_ = false;  // the panel cancels the work job itself (not the user)
    qint64 shownRecord_ = -1;
};
