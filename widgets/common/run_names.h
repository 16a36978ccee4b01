#pragma once
// How the workbench shows core's run kinds and statuses (run_kind.h): the same table, in the user's
// language. A switch over each enum, so a kind or status added in core cannot go unnamed here.
#include <QString>

#include "ipt/runs/run_kind.h"

QString runKindText(ipt::RunKind kind);
QString runStatusText(ipt::RunStatus status);
// A run training in this workbench right now (the index still says "running").
QString trainingHereText();
