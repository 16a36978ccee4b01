#pragma once
// Preferences: the interface language. Translations are installed before the first window is built,
// so a change takes effect at the next start (the dialog says so).
#include <QDialog>
#include <QString>

class QComboBox;

class SettingsDialog : public QDialog {
    Q_OBJECT

  public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    // QSettings key and values: "" follows the system locale, else "en", "de", "ko".
    static constexpr const char* kLanguageKey = "language";
    static QString savedLanguage();
    static QStringList languages();  // the codes offered, "" first

    QString language() const;
    void setLanguage(const QString& code);

  public slots:
    void accept() override;

  private:
    QComboBox* languageBox_;
};
