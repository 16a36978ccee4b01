#include "launch/launch_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/error_banner.h"
#include "ipt/runs/workspace.h"

LaunchDialog::LaunchDialog(QWidget* parent) : QDialog(parent) {
    error_ = new ErrorBanner(this);
    form_ = new QFormLayout;
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &LaunchDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &LaunchDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(error_);
    layout->addLayout(form_);
    layout->addWidget(buttons);
}

QString LaunchDialog::errorMessage() const {
    return error_->message();
}

void LaunchDialog::accept() {
    const QString why = problem();
    if (!why.isEmpty()) {
        error_->showMessage(why);
        return;
    }
    error_->clearMessage();
    QDialog::accept();
}

QString LaunchDialog::runNameProblem(const QString& name) {
    if (name.isEmpty()) return {};
    const std::string why = ipt::Workspace::run_name_problem(name.toStdString());
    return why.empty() ? QString() : tr("Run name: %1").arg(QString::fromStdString(why));
}
