#pragma once
// Restoring a spin box from QSettings. A key that is absent, or whose value is not a finite number (a
// settings file edited by hand or written by another version), leaves the box's value as it is;
// QVariant's own toInt()/toDouble() would turn such a value into 0 without a word. Out-of-range numbers,
// also those beyond int's range, are clamped to the box's range, as QSpinBox::setValue does.
#include <QString>

class QDoubleSpinBox;
class QSettings;
class QSpinBox;

void restoreValue(const QSettings& settings, const QString& key, QSpinBox* box);
void restoreValue(const QSettings& settings, const QString& key, QDoubleSpinBox* box);
