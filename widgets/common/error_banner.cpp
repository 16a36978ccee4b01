#include "common/error_banner.h"

ErrorBanner::ErrorBanner(QWidget* parent) : QLabel(parent) {
    setObjectName("errorMessage");
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(
        "QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #e8b4b0;"
        " border-radius: 3px; padding: 4px 6px; }");
    hide();
}

void ErrorBanner::showMessage(const QString& message) {
    setText(message);
    show();
}

void ErrorBanner::clearMessage() {
    clear();
    hide();
}

QString ErrorBanner::message() const {
    return isHidden() ? QString() : text();
}
