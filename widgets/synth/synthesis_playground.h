#pragma once
// The synthesis playground: paste a text, pick the rule-based miner, a synthesizer model folder or a
// synthesizer served by an OpenAI-compatible completions server (vLLM, SGLang, TGI, llama.cpp's server,
// `ipt serve`), and see the instruction-response pairs it yields — with the synthesizer's raw output
// and the fragments its parser rejected, so a prompt or a model can be judged before a corpus-sized run.
#include <QString>
#include <QWidget>

#include "common/panel.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"

class EndpointSettingsForm;
class SynthesizerEndpointForm;
class ErrorBanner;
class JobBridge;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QTextBrowser;

namespace ipt {
struct LoadedSynthesizer;
class CancelToken;
class SynthesisModel;
}  // namespace ipt

class SynthesisPlayground : public QWidget, public Panel {
    Q_OBJECT

  public:
    explicit SynthesisPlayground(QWidget* parent = nullptr);
    ~SynthesisPlayground() override;

    void setText(const QString& text);
    // "" selects the rule-based miner; otherwise a synthesizer model folder (loaded on first use).
    void setSynthesizer(const QString& folder);
    // The selected synthesizer folder; "" for the miner and for an endpoint.
    QString synthesizer() const;
    // Generates through the endpoint of endpointSettings(), prompts encoded with the tokenizer of
    // setEndpointTokenizer() and fitted to setEndpointContext(), as `ipt synth run --endpoint
    // --tokenizer --context` does.
    void useEndpoint();
    bool usesEndpoint() const;
    EndpointSettingsForm* endpointSettings() const;
    // The synthesizer's tokenizer: a tokenizer.model or tokenizer.json, or a model folder holding one.
    void setEndpointTokenizer(const QString& path);
    void setEndpointContext(int tokens);

    // What the last run produced.
    const std::vector<ipt::Pair>& pairs() const { return pairs_; }
    QString rawOutput() const { return raw_; }
    QStringList rejected() const { return rejected_; }
    QString errorMessage() const { return error_; }

    JobBridge* jobBridge() const { return bridge_; }
    QTextBrowser* resultView() const { return result_; }

    void saveSettings(QSettings& settings) const override;
    void restoreSettings(QSettings& settings) override;
    // Nothing of the playground belongs to a workspace.
    void showWorkspace(const std::shared_ptr<ipt::Workspace>&) override {}

  public slots:
    void synthesize();
    void browseForSynthesizer();

  signals:
    void statusMessage(const QString& message);
    void finished(int pairs);

  private:
    struct Result;
    // One text through `model`, as `ipt synth run` runs it; the local and the endpoint runs share it.
    static void synthesizeWith(ipt::SynthesisModel& model, const std::string& text, int64_t maxNewTokens,
                               int64_t context, const ipt::CancelToken& cancel, Result* result);
    QWidget* buildEndpointBox();
    void startEndpointRun(const std::string& text, int64_t maxNewTokens);
    void updateSource();
    void showResult(const Result& result);
    void showError(const QString& message);
    void updateActions();

    QPlainTextEdit* text_;
    QComboBox* source_;
    QSpinBox* maxNewTokens_;
    QWidget* endpointBox_;
    SynthesizerEndpointForm* endpoint_;
    QPushButton* run_;
    QPushButton* cancel_;
    QLabel* summary_;
    ErrorBanner* errorLabel_;
    QTextBrowser* result_;
    JobBridge* bridge_;

    // Loaded on the job thread on first use, reused while the folder stays the same.
    std::shared_ptr<ipt::LoadedSynthesizer> loaded_;
    std::vector<ipt::Pair> pairs_;
    QString raw_, error_;
    QStringList rejected_;
};
