#pragma once
// The red banner a panel shows above its content when something the user asked for went wrong: plain
// text (core's messages quote file contents, which may look like HTML), selectable so it can be
// copied, hidden while there is nothing to say.
#include <QLabel>

class ErrorBanner : public QLabel {
    Q_OBJECT

  public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showMessage(const QString& message);
    void clearMessage();
    // The shown message; empty while hidden.
    QString message() const;
};
