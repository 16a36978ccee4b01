#pragma once
// The embeddings panel: how the initialisation methods of a vocabulary expansion compare. For the
// expansion's new tokens (with their frequencies): each method's nearest source-vocabulary neighbours
// of the selected token and its cosine to the Mean initialisation, a 2-D PCA scatter of source and new
// token embeddings per method, histograms of the new embeddings' norms against the source norm, and
// the speed-up measured on the same held-out text, and each method's held-out loss per character before
// adaptation (on the target text and on source-language text), with their definitions in tooltips. Everything
// is read from the expansion folder's expansion.json and report.json on a background job.
#include <QString>
#include <QStringList>
#include <QWidget>

#include "common/panel.h"

#include <memory>

#include "embeddings/expansion_report.h"

class ErrorBanner;
class JobBridge;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSettings;
class QSplitter;
class QTableWidget;

class EmbeddingsPanel : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit EmbeddingsPanel(QWidget* parent = nullptr);
    ~EmbeddingsPanel() override;

    // Offers the expansion folders found under `folder` (expansion.json up to three levels down) and
    // opens the one shown before if it is among them, else the first.
    void setWorkspace(const QString& folder);
    static QStringList findExpansions(const QString& root, int depth = 3);

    JobBridge* jobBridge() const { return bridge_; }
    const ExpansionReport* report() const { return report_.get(); }
    QString errorMessage() const;
    QTableWidget* tokenTable() const { return tokens_; }
    QTableWidget* neighbourTable() const { return neighbours_; }
    QCustomPlot* pcaPlot() const { return pca_; }
    QCustomPlot* normsPlot() const { return norms_; }
    QCustomPlot* speedupPlot() const { return speedup_; }
    QTableWidget* heldoutLossTable() const { return heldout_; }
    QString pcaMethod() const;
    void setPcaMethod(const QString& method);
    int selectedToken() const;  // row in the token table, -1 when none

    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    // Offers the workspace's expansions (setWorkspace()).
    void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) override;

  public slots:
    void openExpansion(const QString& folder);
    void browseForExpansion();
    void selectToken(int row);

  signals:
    void expansionLoaded(const QString& folder);
    void loadFailed(const QString& message);
    void statusMessage(const QString& message);

  private:
    void buildLayout();
    void install(std::shared_ptr<ExpansionReport> report);
    void fillTokens();
    void fillNeighbours();
    void drawPca();
    void drawNorms();
    void drawSpeedup();
    void fillHeldoutLoss();
    void showError(const QString& message);
    void clearError();

    JobBridge* bridge_;
    QComboBox* expansionBox_;
    QLabel* summary_;
    ErrorBanner* errorLabel_;
    QTableWidget* tokens_;
    QTableWidget* neighbours_;
    QComboBox* methodBox_;
    QCustomPlot* pca_;
    QCustomPlot* norms_;
    QCustomPlot* speedup_;
    QLabel* speedupLabel_;
    QTableWidget* heldout_;
    QSplitter* columns_;
    QSplitter* leftSplit_;
    QSplitter* rightSplit_;
    std::shared_ptr<const ExpansionReport> report_;
    QString wantedMethod_;
    QString workspace_;
};
