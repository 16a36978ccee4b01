#include "synth/synthesizer_endpoint_form.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <exception>

#include "common/endpoint_settings_form.h"
#include "common/settings_values.h"
#include "ipt/synth/synthesizer.h"

SynthesizerEndpointForm::SynthesizerEndpointForm(QWidget* parent) : QWidget(parent) {
    endpoint_ = new EndpointSettingsForm(this);
    tokenizer_ = new QLineEdit(this);
    tokenizer_->setObjectName("endpointTokenizer");
    tokenizer_->setPlaceholderText(tr("tokenizer.model, tokenizer.json or the synthesizer's model folder"));
    tokenizer_->setToolTip(
        tr("The served synthesizer's tokenizer: prompts are encoded and fitted to the "
           "context with it, exactly as for a local synthesizer"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &SynthesizerEndpointForm::browseForTokenizer);
    auto* tokenizerRow = new QWidget(this);
    auto* tokenizerLayout = new QHBoxLayout(tokenizerRow);
    tokenizerLayout->setContentsMargins(0, 0, 0, 0);
    tokenizerLayout->addWidget(tokenizer_, 1);
    tokenizerLayout->addWidget(browse);
    context_ = new QSpinBox(this);
    context_->setObjectName("endpointContext");
    context_->setRange(1, 1 << 24);
    context_->setValue(static_cast<int>(ipt::SynthesizerOptions{}.context));
    context_->setToolTip(tr("The served model's context in tokens: prompt and new tokens fit in it"));
    endpoint_->addField(tr("Tokenizer:"), tokenizerRow);
    endpoint_->addField(tr("Context:"), context_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(endpoint_);
}

QString SynthesizerEndpointForm::tokenizer() const {
    return QDir::fromNativeSeparators(tokenizer_->text().trimmed());
}

void SynthesizerEndpointForm::setTokenizer(const QString& path) {
    tokenizer_->setText(QDir::toNativeSeparators(path));
}

int SynthesizerEndpointForm::context() const {
    return context_->value();
}

void SynthesizerEndpointForm::setContext(int tokens) {
    context_->setValue(tokens);
}

QString SynthesizerEndpointForm::problem() const {
    try {
        endpoint_->settings().validate();
    } catch (const std::exception& e) {
        return tr("Endpoint: %1").arg(QString::fromUtf8(e.what()));
    }
    const QString path = tokenizer();
    if (path.isEmpty())
        return tr(
            "Tokenizer: synthesis through an endpoint needs the synthesizer's tokenizer, to fit "
            "prompts to the context: choose its tokenizer.model or tokenizer.json, or the model "
            "folder that holds it.");
    if (!QFileInfo::exists(path))
        return tr("Tokenizer: %1 does not exist.").arg(QDir::toNativeSeparators(path));
    return {};
}

void SynthesizerEndpointForm::saveSettings(QSettings& settings) const {
    endpoint_->saveSettings(settings);
    settings.setValue("tokenizer", tokenizer());
    settings.setValue("context", context_->value());
}

void SynthesizerEndpointForm::restoreSettings(const QSettings& settings) {
    endpoint_->restoreSettings(settings);
    setTokenizer(settings.value("tokenizer").toString());
    restoreValue(settings, "context", context_);
}

void SynthesizerEndpointForm::browseForTokenizer() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Synthesizer Tokenizer"), tokenizer_->text(),
        tr("Tokenizers (tokenizer.model tokenizer.json *.model *.json);;All files (*)"));
    if (!file.isEmpty()) setTokenizer(file);
}
