#include "common/settings_values.h"

#include <QDoubleSpinBox>
#include <QSettings>
#include <QSpinBox>

void restoreValue(const QSettings& settings, const QString& key, QSpinBox* box) {
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    if (ok) box->setValue(value);
}

void restoreValue(const QSettings& settings, const QString& key, QDoubleSpinBox* box) {
    bool ok = false;
    const double value = settings.value(key).toDouble(&ok);
    if (ok) box->setValue(value);
}
