#pragma once
// What synthesis through an OpenAI-compatible endpoint needs, as one form: the endpoint's settings
// (EndpointSettingsForm), the served synthesizer's tokenizer and its context. Prompts go to the server
// as token ids of that tokenizer, fitted to that context, so the text the server generates from is the
// one a local synthesizer would run (core's open_synthesis_backend). The synthesis playground and the
// synthesis launcher both use it, so the two ask for the same things in the same words.
#include <QWidget>

#include "ipt/serve/completions_client.h"

class EndpointSettingsForm;
class QLineEdit;
class QSettings;
class QSpinBox;

class SynthesizerEndpointForm : public QWidget {
    Q_OBJECT

  public:
    explicit SynthesizerEndpointForm(QWidget* parent = nullptr);

    EndpointSettingsForm* endpoint() const { return endpoint_; }
    // The tokenizer as typed (trimmed, '/' separators): a tokenizer.model, a tokenizer.json or the
    // synthesizer's folder, which core resolves as it does for local generation.
    QString tokenizer() const;
    void setTokenizer(const QString& path);
    int context() const;
    void setContext(int tokens);

    // What keeps a run from starting, naming the field ("Endpoint: …", "Tokenizer: …"); empty when
    // nothing does. The endpoint's rules are core's (EndpointSettings::validate).
    QString problem() const;

    // The endpoint's keys, the tokenizer and the context, under the settings' current group.
    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

  private:
    void browseForTokenizer();

    EndpointSettingsForm* endpoint_;
    QLineEdit* tokenizer_;
    QSpinBox* context_;
};
