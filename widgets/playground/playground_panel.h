#pragma once
// The model playground: open a Hugging Face model folder, see what it is, and generate from a prompt
// on a background job while the tokens stream into the output as they are produced.
#include <QString>
#include <QWidget>

#include "common/panel.h"

#include <memory>

class ErrorBanner;
class GenerationSettingsForm;
class JobBridge;
class ModelInfoTable;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSplitter;

namespace ipt {
class Decoder;
class Tokenizer;
}  // namespace ipt

class PlaygroundPanel : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit PlaygroundPanel(QWidget* parent = nullptr);
    ~PlaygroundPanel() override;

    bool hasModel() const { return model_ != nullptr; }
    bool hasTokenizer() const { return tokenizer_ != nullptr; }
    // The loaded model's folder; empty while none is loaded.
    QString modelFolder() const { return folder_; }
    bool isBusy() const;

    QString outputText() const;
    // The error shown in the panel; empty when there is none.
    QString errorMessage() const;
    qint64 tokensGenerated() const { return tokensGenerated_; }
    // Core's name for why the last generation stopped ("max_tokens", "eos", "stop_string",
    // "context_full", "cancelled"); empty before the first one ends.
    QString stopReason() const { return stopReason_; }
    void setPrompt(const QString& text);

    JobBridge* jobBridge() const { return bridge_; }
    GenerationSettingsForm* generationSettings() const { return settings_; }
    ModelInfoTable* modelInfo() const { return info_; }

    // Reads and writes the keys under the settings' current group.
    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    // The loaded model stays; an error shown before goes.
    void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) override;

  public slots:
    void openModel(const QString& folder);
    void browseForModel();
    void generate();
    void cancel();

  signals:
    void modelLoaded(const QString& folder);
    void modelLoadFailed(const QString& message);
    void tokenStreamed(qint64 count);
    void generationFinished(const QString& stopReason);
    // One-line news for a status bar.
    void statusMessage(const QString& message);

  private:
    enum class Activity { Idle, Loading, Generating };
    struct LoadResult;
    struct GenerationRun;

    void buildLayout();
    void installModel(const QString& folder, const LoadResult& loaded);
    void appendStreamed(const QString& delta, qint64 count, double seconds);
    void finishGeneration(const QString& reason, const GenerationRun& run);
    void onJobFailed(const QString& message);
    void onJobCancelled();
    void showError(const QString& message);
    void clearError();
    void showStats(qint64 tokens, double seconds, const QString& reason);
    void updateActions();

    QLineEdit* folderEdit_;
    QPushButton* browseButton_;
    QPushButton* openButton_;
    ErrorBanner* errorLabel_;
    ModelInfoTable* info_;
    GenerationSettingsForm* settings_;
    QPlainTextEdit* prompt_;
    QLabel* promptHint_;
    QPushButton* generateButton_;
    QPushButton* cancelButton_;
    QPlainTextEdit* output_;
    QLabel* statsLabel_;
    QSplitter* columns_;
    QSplitter* promptOutput_;
    JobBridge* bridge_;

    Activity activity_ = Activity::Idle;
    QString loadingFolder_;
    QString pendingFolder_;  // opened once the load under way has stopped
    std::shared_ptr<ipt::Decoder> model_;
    std::shared_ptr<ipt::Tokenizer> tokenizer_;
    QString folder_;
    std::shared_ptr<GenerationRun> run_;
    qint64 tokensGenerated_ = 0;
    QString stopReason_;
};
