#pragma once
// What the workbench's launchers (synthesis, vocabulary expansion) share: the outcome a job hands back to
// the GUI thread, and filing the finished job in the workspace exactly as the command line files it
// (Workspace::record_job with the job module's summary).
#include <QString>

#include <chrono>
#include <string>

#include "ipt/runs/workspace.h"

struct LaunchedJobOutcome {
    QString output;   // the file or folder written
    QString summary;  // one line for the status bar
    QString filedAs;  // the run's name in the workspace; empty when no workspace was open
};

// On the job's thread: opens its own connection to the workspace at `root` (empty: none, nothing is
// filed) and records `job`, ending now. Returns the run's name, or "" when nothing was filed.
std::string fileFinishedJob(const std::string& root, ipt::Workspace::FinishedJob job);
