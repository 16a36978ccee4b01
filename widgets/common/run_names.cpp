#include "common/run_names.h"

#include <QCoreApplication>

QString runKindText(ipt::RunKind kind) {
    switch (kind) {
        case ipt::RunKind::train:
            return QCoreApplication::translate("RunNames", "training");
        case ipt::RunKind::synth:
            return QCoreApplication::translate("RunNames", "synthesis");
        case ipt::RunKind::vocab:
            return QCoreApplication::translate("RunNames", "vocabulary");
        case ipt::RunKind::eval:
            return QCoreApplication::translate("RunNames", "evaluation");
    }
    return QString::fromLatin1(ipt::to_string(kind));
}

QString runStatusText(ipt::RunStatus status) {
    switch (status) {
        case ipt::RunStatus::running:
            return QCoreApplication::translate("RunNames", "running");
        case ipt::RunStatus::finished:
            return QCoreApplication::translate("RunNames", "finished");
        case ipt::RunStatus::failed:
            return QCoreApplication::translate("RunNames", "failed");
        case ipt::RunStatus::stopped:
            return QCoreApplication::translate("RunNames", "stopped");
        case ipt::RunStatus::unknown:
            return QCoreApplication::translate("RunNames", "unknown");
    }
    return QString::fromLatin1(ipt::to_string(status));
}

QString trainingHereText() {
    return QCoreApplication::translate("RunNames", "training here");
}
