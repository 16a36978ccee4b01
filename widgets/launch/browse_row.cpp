#include "launch/browse_row.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

QWidget* browseRow(QLineEdit* edit, QWidget* parent, const std::function<void()>& browse) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto* button = new QPushButton(QObject::tr("Browse…"), row);
    QObject::connect(button, &QPushButton::clicked, row, browse);
    layout->addWidget(button);
    return row;
}
