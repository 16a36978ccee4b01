#pragma once
// Keeping a workspace's index in step with its folder: run directories that appear under
// <workspace>/runs (a CLI run, a folder copied from a GPU node) are indexed, and a cheap signature of
// the folder tells the window when something changed and the panels should look again.
#include <QString>
#include <QStringList>

// Indexes every <workspace>/runs/<dir> holding config.toml that the store does not know by directory,
// through a RunStore of its own (safe on a job thread). Returns the names of the runs added; a folder
// that cannot be indexed is skipped and its error added to `problems`.
QStringList indexNewRunDirectories(const QString& workspace, QStringList* problems = nullptr);

// Changes when the index database, its WAL or the list of run folders changes.
QString runsSignature(const QString& workspace);
// Changes when an expansion.json or report.json (up to three folders down) appears or changes.
QString expansionsSignature(const QString& workspace);
