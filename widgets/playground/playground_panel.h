#pragma once
// The model playground: open a Hugging Face model folder, see what it is, and generate from a prompt
// on a background job while the tokens stream into the output as they are produced; or generate
// through an OpenAI-compatible completions server (vLLM, SGLang, TGI, llama.cpp's server, `ipt serve`),
// its text streamed the same way.
#include <QString>
#include <QWidget>

#include "common/panel.h"

#include <memory>

class EndpointSettingsForm;
class ErrorBanner;
class GenerationSettingsForm;
class JobBridge;
class ModelInfoTable;
class QComboBox;
class QGroupBox;
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
    // What Generate runs on: the model folder loaded here, or a completions server.
    enum class Source { LocalModel, Endpoint };

    explicit PlaygroundPanel(QWidget* parent = nullptr);
    ~PlaygroundPanel() override;

    Source source() const;
    void setSource(Source source);

    bool hasModel() const { return model_ != nullptr; }
    bool hasTokenizer() const { return tokenizer_ != nullptr; }
    // The loaded model's folder; empty while none is loaded.
    QString modelFolder() const { return folder_; }
    bool isBusy() const;

    QString outputText() const;
    // The error shown in the panel; empty when there is none.
    QString errorMessage() const;
    // Through an endpoint: the completion tokens the server reported (the text pieces received while
    // it streams, and where it reports no usage).
    qint64 tokensGenerated() const { return tokensGenerated_; }
    // Core's name for why the last generation stopped ("max_tokens", "eos", "stop_string",
    // "context_full", "cancelled", "failed"; through an endpoint also "stop": end of sequence or a stop
    // string, which the API does not tell apart); empty before the first one ends.
    QString stopReason() const { return stopReason_; }
    void setPrompt(const QString& text);

    JobBridge* jobBridge() const { return bridge_; }
    GenerationSettingsForm* generationSettings() const { return settings_; }
    ModelInfoTable* modelInfo() const { return info_; }
    EndpointSettingsForm* endpointSettings() const { return endpoint_; }

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
    QWidget* buildSourceRow();
    void applySource();
    void openRememberedModel();
    void updatePromptHint();
    void startLocalGeneration();
    void startEndpointGeneration();
    void beginRun(const std::shared_ptr<GenerationRun>& run);
    void installModel(const QString& folder, const LoadResult& loaded);
    void appendStreamed(const QString& delta, qint64 count, double seconds);
    void finishGeneration(const GenerationRun& run);
    void onJobFailed(const QString& message);
    void onJobCancelled();
    void showError(const QString& message);
    void clearError();
    void showStats(qint64 tokens, double seconds, const QString& reason);
    void updateActions();

    QComboBox* source_;
    QWidget* folderRow_;
    QGroupBox* modelBox_;
    QGroupBox* endpointBox_;
    EndpointSettingsForm* endpoint_;
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
    QString pendingFolder_;     // opened once the load under way has stopped
    QString rememberedFolder_;  // the last session's model, opened when the local source is chosen
    std::shared_ptr<ipt::Decoder> model_;
    std::shared_ptr<ipt::Tokenizer> tokenizer_;
    QString folder_;
    QString tokenizerFile_;  // the loaded folder's, as the prompt hint names it
    std::shared_ptr<GenerationRun> run_;
    qint64 tokensGenerated_ = 0;
    QString stopReason_;
};
