#pragma once
// What the launchers' dialogs share: the form between an error banner and Start / Cancel, and Start
// refused while the launch has a problem, which names the field at fault.
#include <QDialog>
#include <QString>

class ErrorBanner;
class QFormLayout;

class LaunchDialog : public QDialog {
    Q_OBJECT

  public:
    explicit LaunchDialog(QWidget* parent = nullptr);

    // Why the launch cannot start, naming the field; empty when it can.
    virtual QString problem() const = 0;
    QString errorMessage() const;

  public slots:
    void accept() override;  // refuses, with the problem shown, while problem() is not empty

  protected:
    // The rows of the form; filled by the dialog's constructor.
    QFormLayout* form() const { return form_; }
    // The workspace's rule for run names, as a field's problem ("Run name: ..."); empty when fine.
    static QString runNameProblem(const QString& name);

  private:
    QFormLayout* form_;
    ErrorBanner* error_;
};
