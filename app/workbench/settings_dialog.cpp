#include "settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("settingsDialog");
    setWindowTitle(tr("Settings"));
    languageBox_ = new QComboBox(this);
    languageBox_->setObjectName("language");
    // Each language is named in itself, so that it can be found whatever the current one is.
    languageBox_->addItem(tr("System language"), QString());
    languageBox_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    languageBox_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    languageBox_->addItem(QStringLiteral("한국어"), QStringLiteral("ko"));
    setLanguage(savedLanguage());

    auto* note = new QLabel(tr("A new language takes effect when the workbench is started again."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), languageBox_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

QString SettingsDialog::savedLanguage() {
    return QSettings().value(kLanguageKey).toString();
}

QStringList SettingsDialog::languages() {
    return {QString(), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("ko")};
}

QString SettingsDialog::language() const {
    return languageBox_->currentData().toString();
}

void SettingsDialog::setLanguage(const QString& code) {
    const int index = languageBox_->findData(code);
    languageBox_->setCurrentIndex(index < 0 ? 0 : index);
}

void SettingsDialog::accept() {
    QSettings().setValue(kLanguageKey, language());
    QDialog::accept();
}
