#pragma once
// The generation settings of the playground: length, greedy or sampled decoding and its knobs, stop
// conditions. Produces ipt::GenerationOptions and keeps itself in QSettings.
#include <QStringList>
#include <QWidget>

#include "ipt/model/generator.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSettings;
class QSpinBox;

class GenerationSettingsForm : public QWidget {
    Q_OBJECT

  public:
    explicit GenerationSettingsForm(QWidget* parent = nullptr);

    ipt::GenerationOptions options() const;

    int maxNewTokens() const;
    void setMaxNewTokens(int tokens);
    bool greedy() const;
    void setGreedy(bool greedy);
    void setStopAtEos(bool stop);
    // Stop strings are matched on decoded text, so they are offered only while there is a tokenizer.
    void setStopStringsAvailable(bool available);
    // A completions server always stops at its end-of-sequence token (the API has no switch for it).
    void setStopAtEosAvailable(bool available);
    QStringList stopStrings() const;

    // Reads and writes the keys under the settings' current group.
    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

    // "a, b\, c, \n" -> {"a", "b, c", "\n"}: commas separate, backslash escapes a comma, a backslash,
    // a newline (\n) or a tab (\t).
    static QStringList parseStopStrings(const QString& text);

  private:
    void updateEnabled();

    QSpinBox* maxNewTokens_;
    QComboBox* decoding_;
    QDoubleSpinBox* temperature_;
    QSpinBox* topK_;
    QDoubleSpinBox* topP_;
    QDoubleSpinBox* repetitionPenalty_;
    QSpinBox* seed_;
    QLineEdit* stopStrings_;
    QCheckBox* stopAtEos_;
    bool stopStringsAvailable_ = true;
    bool stopAtEosAvailable_ = true;
};
