#include "playground/generation_settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

#include <limits>

#include "common/settings_values.h"

namespace {

enum Decoding { Greedy = 0, Sampling = 1 };

}  // namespace

GenerationSettingsForm::GenerationSettingsForm(QWidget* parent) : QWidget(parent) {
    maxNewTokens_ = new QSpinBox(this);
    maxNewTokens_->setObjectName("maxNewTokens");
    maxNewTokens_->setRange(1, 1000000);
    maxNewTokens_->setValue(64);
    maxNewTokens_->setToolTip(tr("Generation stops after this many new tokens at the latest"));

    decoding_ = new QComboBox(this);
    decoding_->setObjectName("decoding");
    decoding_->addItem(tr("Greedy (most likely token)"));
    decoding_->addItem(tr("Sampling"));

    temperature_ = new QDoubleSpinBox(this);
    temperature_->setObjectName("temperature");
    temperature_->setRange(0.01, 10.0);
    temperature_->setSingleStep(0.05);
    temperature_->setValue(0.8);
    temperature_->setToolTip(tr("Below 1 sharpens the distribution, above 1 flattens it"));

    topK_ = new QSpinBox(this);
    topK_->setObjectName("topK");
    topK_->setRange(0, 1000000);
    topK_->setSpecialValueText(tr("off"));
    topK_->setValue(40);
    topK_->setToolTip(tr("Sample among the k most likely tokens"));

    topP_ = new QDoubleSpinBox(this);
    topP_->setObjectName("topP");
    topP_->setRange(0.01, 1.0);
    topP_->setSingleStep(0.05);
    topP_->setValue(0.95);
    topP_->setToolTip(
        tr("Sample among the most likely tokens that together hold this probability mass (1: off)"));

    repetitionPenalty_ = new QDoubleSpinBox(this);
    repetitionPenalty_->setObjectName("repetitionPenalty");
    repetitionPenalty_->setRange(0.5, 5.0);
    repetitionPenalty_->setSingleStep(0.05);
    repetitionPenalty_->setValue(1.0);
    repetitionPenalty_->setToolTip(tr("Above 1 discourages tokens already in the text (1: off)"));

    seed_ = new QSpinBox(this);
    seed_->setObjectName("seed");
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setToolTip(tr("The same seed and settings give the same text"));

    stopStrings_ = new QLineEdit(this);
    stopStrings_->setObjectName("stopStrings");
    stopStrings_->setPlaceholderText(tr("e.g. </END>, \\n\\n"));
    stopStrings_->setToolTip(tr("Comma-separated; write \\n for a newline and \\, for a comma"));

    stopAtEos_ = new QCheckBox(tr("Stop at end of sequence"), this);
    stopAtEos_->setObjectName("stopAtEos");
    stopAtEos_->setChecked(true);

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Max new tokens:"), maxNewTokens_);
    form->addRow(tr("Decoding:"), decoding_);
    form->addRow(tr("Temperature:"), temperature_);
    form->addRow(tr("Top-k:"), topK_);
    form->addRow(tr("Top-p:"), topP_);
    form->addRow(tr("Repetition penalty:"), repetitionPenalty_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Stop strings:"), stopStrings_);
    form->addRow(QString(), stopAtEos_);

    connect(decoding_, &QComboBox::currentIndexChanged, this, &GenerationSettingsForm::updateEnabled);
    updateEnabled();
}

ipt::GenerationOptions GenerationSettingsForm::options() const {
    ipt::GenerationOptions options;
    options.max_new_tokens = maxNewTokens_->value();
    options.sampling.greedy = greedy();
    options.sampling.temperature = static_cast<float>(temperature_->value());
    options.sampling.top_k = topK_->value();
    options.sampling.top_p = static_cast<float>(topP_->value());
    options.sampling.repetition_penalty = static_cast<float>(repetitionPenalty_->value());
    options.sampling.seed = static_cast<uint64_t>(seed_->value());
    options.stop_at_eos = stopAtEos_->isChecked();
    if (stopStringsAvailable_)
        for (const QString& stop : stopStrings()) options.stop_strings.push_back(stop.toStdString());
    return options;
}

int GenerationSettingsForm::maxNewTokens() const {
    return maxNewTokens_->value();
}
void GenerationSettingsForm::setMaxNewTokens(int tokens) {
    maxNewTokens_->setValue(tokens);
}
bool GenerationSettingsForm::greedy() const {
    return decoding_->currentIndex() == Greedy;
}
void GenerationSettingsForm::setGreedy(bool greedy) {
    decoding_->setCurrentIndex(greedy ? Greedy : Sampling);
}
void GenerationSettingsForm::setStopAtEos(bool stop) {
    stopAtEos_->setChecked(stop);
}

void GenerationSettingsForm::setStopStringsAvailable(bool available) {
    stopStringsAvailable_ = available;
    updateEnabled();
}

void GenerationSettingsForm::setStopAtEosAvailable(bool available) {
    stopAtEosAvailable_ = available;
    updateEnabled();
}

QStringList GenerationSettingsForm::stopStrings() const {
    return parseStopStrings(stopStrings_->text());
}

void GenerationSettingsForm::saveSettings(QSettings& settings) const {
    settings.setValue("maxNewTokens", maxNewTokens_->value());
    settings.setValue("greedy", greedy());
    settings.setValue("temperature", temperature_->value());
    settings.setValue("topK", topK_->value());
    settings.setValue("topP", topP_->value());
    settings.setValue("repetitionPenalty", repetitionPenalty_->value());
    settings.setValue("seed", seed_->value());
    settings.setValue("stopStrings", stopStrings_->text());
    settings.setValue("stopAtEos", stopAtEos_->isChecked());
}

void GenerationSettingsForm::restoreSettings(const QSettings& settings) {
    restoreValue(settings, "maxNewTokens", maxNewTokens_);
    setGreedy(settings.value("greedy", greedy()).toBool());
    restoreValue(settings, "temperature", temperature_);
    restoreValue(settings, "topK", topK_);
    restoreValue(settings, "topP", topP_);
    restoreValue(settings, "repetitionPenalty", repetitionPenalty_);
    restoreValue(settings, "seed", seed_);
    stopStrings_->setText(settings.value("stopStrings", stopStrings_->text()).toString());
    stopAtEos_->setChecked(settings.value("stopAtEos", stopAtEos_->isChecked()).toBool());
}

QStringList GenerationSettingsForm::parseStopStrings(const QString& text) {
    // Split on unescaped commas first and trim the raw pieces: spaces around separators are layout,
    // while an escaped newline must survive, so unescaping comes last.
    QStringList raw;
    QString current;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == '\\' && i + 1 < text.size()) {
            current += c;
            current += text.at(++i);
        } else if (c == ',') {
            raw << current;
            current.clear();
        } else {
            current += c;
        }
    }
    raw << current;

    QStringList result;
    for (const QString& piece : raw) {
        const QString trimmed = piece.trimmed();
        QString item;
        for (int i = 0; i < trimmed.size(); ++i) {
            const QChar c = trimmed.at(i);
            if (c != '\\' || i + 1 == trimmed.size()) {
                item += c;
                continue;
            }
            const QChar next = trimmed.at(++i);
            item += next == 'n' ? QChar('\n') : next == 't' ? QChar('\t') : next;
        }
        if (!item.isEmpty()) result << item;
    }
    return result;
}

void GenerationSettingsForm::updateEnabled() {
    const bool sampling = !greedy();
    temperature_->setEnabled(sampling);
    topK_->setEnabled(sampling);
    topP_->setEnabled(sampling);
    seed_->setEnabled(sampling);
    stopStrings_->setEnabled(stopStringsAvailable_);
    stopStrings_->setToolTip(stopStringsAvailable_
                                 ? tr("Comma-separated; write \\n for a newline and \\, for a comma")
                                 : tr("Stop strings need a tokenizer (tokenizer.json or tokenizer.model)"));
    stopAtEos_->setEnabled(stopAtEosAvailable_);
    stopAtEos_->setToolTip(stopAtEosAvailable_ ? QString()
                                               : tr("A completions server always stops at the end of "
                                                    "sequence; the API has no setting for it"));
}
