#include "common/endpoint_settings_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "common/job_bridge.h"
#include "common/settings_values.h"

EndpointSettingsForm::EndpointSettingsForm(QWidget* parent) : QWidget(parent) {
    const ipt::EndpointSettings defaults;
    baseUrl_ = new QLineEdit(this);
    baseUrl_->setObjectName("endpointUrl");
    baseUrl_->setPlaceholderText(QStringLiteral("http://gpu-node:8000/v1"));
    baseUrl_->setClearButtonEnabled(true);
    baseUrl_->setToolTip(
        tr("The server's OpenAI-compatible API: vLLM, SGLang, TGI, llama.cpp's server or "
           "ipt serve"));

    model_ = new QComboBox(this);
    model_->setObjectName("endpointModel");
    model_->setEditable(true);
    model_->setInsertPolicy(QComboBox::NoInsert);
    model_->setToolTip(tr("The served model's name, as the server lists it"));
    listButton_ = new QPushButton(tr("List"), this);
    listButton_->setObjectName("listModels");
    listButton_->setToolTip(tr("Ask the server which models it serves"));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(model_, 1);
    modelRow->addWidget(listButton_);

    apiKeyEnv_ = new QLineEdit(QString::fromStdString(defaults.api_key_env), this);
    apiKeyEnv_->setObjectName("endpointKeyEnv");
    apiKeyEnv_->setToolTip(
        tr("The name of an environment variable that holds the API key; the key itself is never stored"));
    keyStatus_ = new QLabel(this);
    keyStatus_->setObjectName("endpointKeyStatus");
    keyStatus_->setForegroundRole(QPalette::PlaceholderText);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(apiKeyEnv_, 1);
    keyRow->addWidget(keyStatus_);

    concurrency_ = new QSpinBox(this);
    concurrency_->setObjectName("endpointConcurrency");
    concurrency_->setRange(1, 1024);
    concurrency_->setValue(static_cast<int>(defaults.concurrency));
    concurrency_->setToolTip(tr("Requests in flight at most"));
    retries_ = new QSpinBox(this);
    retries_->setObjectName("endpointRetries");
    retries_->setRange(0, 20);
    retries_->setValue(defaults.retries);
    retries_->setToolTip(
        tr("Attempts after a failed one (no answer, timeout, 429, 5xx), with a pause doubled "
           "each time"));
    timeout_ = new QDoubleSpinBox(this);
    timeout_->setObjectName("endpointTimeout");
    timeout_->setRange(1, 86400);
    timeout_->setDecimals(0);
    timeout_->setSuffix(tr(" s"));
    timeout_->setValue(defaults.timeout_seconds);
    timeout_->setToolTip(tr("Seconds to wait for the connection and for each piece of the answer"));

    form_ = new QFormLayout(this);
    QFormLayout* form = form_;
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Base URL:"), baseUrl_);
    form->addRow(tr("Model name:"), modelRow);
    form->addRow(tr("API key variable:"), keyRow);
    form->addRow(tr("Concurrency:"), concurrency_);
    concurrencyLabel_ = form->labelForField(concurrency_);
    form->addRow(tr("Retries:"), retries_);
    form->addRow(tr("Timeout:"), timeout_);

    bridge_ = new JobBridge(this);
    connect(listButton_, &QPushButton::clicked, this, &EndpointSettingsForm::listModels);
    connect(apiKeyEnv_, &QLineEdit::textChanged, this, &EndpointSettingsForm::updateKeyStatus);
    connect(bridge_, &JobBridge::failed, this, [this](const QString& message) {
        emit listingFailed(tr("Could not list the endpoint's models: %1").arg(message));
    });
    connect(bridge_, &JobBridge::started, this, &EndpointSettingsForm::updateActions);
    connect(bridge_, &JobBridge::idle, this, &EndpointSettingsForm::updateActions);
    updateKeyStatus();
}

EndpointSettingsForm::~EndpointSettingsForm() {
    delete bridge_;  // joins the listing before the fields it reports to go
}

ipt::EndpointSettings EndpointSettingsForm::settings() const {
    ipt::EndpointSettings s;
    s.base_url = baseUrl_->text().trimmed().toStdString();
    s.model = model_->currentText().trimmed().toStdString();
    s.api_key_env = apiKeyEnv_->text().trimmed().toStdString();
    s.concurrency = static_cast<size_t>(concurrency_->value());
    s.retries = retries_->value();
    s.timeout_seconds = timeout_->value();
    return s;
}

void EndpointSettingsForm::setSettings(const ipt::EndpointSettings& s) {
    baseUrl_->setText(QString::fromStdString(s.base_url));
    model_->setCurrentText(QString::fromStdString(s.model));
    apiKeyEnv_->setText(QString::fromStdString(s.api_key_env));
    concurrency_->setValue(static_cast<int>(s.concurrency));
    retries_->setValue(s.retries);
    timeout_->setValue(s.timeout_seconds);
}

void EndpointSettingsForm::setConcurrencyShown(bool shown) {
    concurrency_->setVisible(shown);
    if (concurrencyLabel_) concurrencyLabel_->setVisible(shown);
}

void EndpointSettingsForm::addField(const QString& label, QWidget* field) {
    form_->addRow(label, field);
}

void EndpointSettingsForm::listModels() {
    if (bridge_->isRunning()) return;
    const ipt::EndpointSettings settings = this->settings();
    try {
        settings.validate_connection();
    } catch (const std::exception& e) {
        emit listingFailed(QString::fromUtf8(e.what()));
        return;
    }
    // A person waits for the list: one attempt, and a short wait, whatever generation is allowed.
    ipt::EndpointSettings quick = settings;
    quick.timeout_seconds = std::min(quick.timeout_seconds, 30.0);
    auto names = std::make_shared<std::vector<std::string>>();
    auto work = [quick, names](const ipt::ProgressSink&, const ipt::CancelToken&) {
        *names = ipt::list_models(quick);
    };
    bridge_->start(tr("Listing models"), work, [this, names] {
        const QString typed = model_->currentText();
        QStringList listed;
        for (const std::string& name : *names) listed << QString::fromStdString(name);
        model_->clear();
        model_->addItems(listed);
        // What the user typed stays when the server serves it or lists nothing; else the first served.
        if (!typed.isEmpty() && (listed.contains(typed) || listed.isEmpty()))
            model_->setCurrentText(typed);
        else if (!listed.isEmpty())
            model_->setCurrentIndex(0);
        emit modelsListed(listed);
    });
}

void EndpointSettingsForm::saveSettings(QSettings& settings) const {
    settings.setValue("baseUrl", baseUrl_->text());
    settings.setValue("model", model_->currentText());
    settings.setValue("apiKeyEnv", apiKeyEnv_->text());
    settings.setValue("concurrency", concurrency_->value());
    settings.setValue("retries", retries_->value());
    settings.setValue("timeoutSeconds", timeout_->value());
}

void EndpointSettingsForm::restoreSettings(const QSettings& settings) {
    baseUrl_->setText(settings.value("baseUrl", baseUrl_->text()).toString());
    model_->setCurrentText(settings.value("model", model_->currentText()).toString());
    apiKeyEnv_->setText(settings.value("apiKeyEnv", apiKeyEnv_->text()).toString());
    restoreValue(settings, "concurrency", concurrency_);
    restoreValue(settings, "retries", retries_);
    restoreValue(settings, "timeoutSeconds", timeout_);
}

void EndpointSettingsForm::updateKeyStatus() {
    // Read where the requests are made, at each request; this shows what they would find now.
    const QByteArray name = apiKeyEnv_->text().trimmed().toLocal8Bit();
    const char* value = name.isEmpty() ? nullptr : std::getenv(name.constData());
    keyStatus_->setText(value && *value ? tr("set") : tr("not set: no key is sent"));
}

void EndpointSettingsForm::updateActions() {
    listButton_->setEnabled(!bridge_->isRunning());
}
