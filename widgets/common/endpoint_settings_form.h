#pragma once
// Where a panel generates through an OpenAI-compatible completions server (vLLM, SGLang, TGI,
// llama.cpp's server, `ipt serve`): base URL, served model name (listed from the server on request),
// the name of the environment variable that holds the API key, concurrency, retries and timeout.
// The key itself is never typed here nor stored: only the variable's name is, as in the CLI's
// --api-key-env. Validation is core's (EndpointSettings::validate); the form only collects values.
#include <QStringList>
#include <QWidget>

#include "ipt/serve/completions_client.h"

class JobBridge;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

class EndpointSettingsForm : public QWidget {
    Q_OBJECT

  public:
    explicit EndpointSettingsForm(QWidget* parent = nullptr);
    // Joins a model listing still under way.
    ~EndpointSettingsForm() override;

    // The fields as they are, not validated (callers validate where they start work, through core).
    ipt::EndpointSettings settings() const;
    void setSettings(const ipt::EndpointSettings& settings);
    // Whether the concurrency field means anything to the panel (one request at a time: no).
    void setConcurrencyShown(bool shown);
    // A panel's own field among the form's, aligned with them (e.g. the synthesizer's tokenizer).
    void addField(const QString& label, QWidget* field);

    JobBridge* jobBridge() const { return bridge_; }

    // Reads and writes the keys under the settings' current group; never an API key.
    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

  public slots:
    // Asks the server for its models on a job thread; the answer fills the model field's choices.
    void listModels();

  signals:
    void modelsListed(const QStringList& models);
    // A listing that could not be made, in words for the panel's error banner.
    void listingFailed(const QString& message);

  private:
    void updateKeyStatus();
    void updateActions();

    QLineEdit* baseUrl_;
    QComboBox* model_;
    QPushButton* listButton_;
    QLineEdit* apiKeyEnv_;
    QLabel* keyStatus_;
    QSpinBox* concurrency_;
    QSpinBox* retries_;
    QDoubleSpinBox* timeout_;
    QWidget* concurrencyLabel_;
    QFormLayout* form_;
    JobBridge* bridge_;
};
