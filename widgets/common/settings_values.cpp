#include "common/settings_values.h"

#include <QDoubleSpinBox>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

void restoreValue(const QSettings& settings, const QString& key, QSpinBox* box) {
    bool ok = false;
    // Read wide, so that a number beyond int's range is clamped like any other, not dropped.
    const qlonglong value = settings.value(key).toLongLong(&ok);
    if (ok) box->setValue(int(std::clamp<qlonglong>(value, box->minimum(), box->maximum())));
}

void restoreValue(const QSettings& settings, const QString& key, QDoubleSpinBox* box) {
    bool ok = false;
    const double value = settings.value(key).toDouble(&ok);
    // "nan" and "inf" read as numbers; neither is a value a box can hold.
    if (ok && std::isfinite(value)) box->setValue(value);
}
