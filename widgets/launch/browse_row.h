#pragma once
// A line edit with a "Browse…" button beside it, as one row of a launcher's form.
#include <QWidget>

#include <functional>

class QLineEdit;

QWidget* browseRow(QLineEdit* edit, QWidget* parent, const std::function<void()>& browse);
