#pragma once
// What the main window asks of every panel, in one loop rather than a block per panel: keep its
// settings between sessions, and follow the workspace shown.
#include <memory>

class QSettings;

namespace ipt {
class Workspace;
}

class Panel {
  public:
    virtual ~Panel() = default;
    // Reads and writes the panel's keys under the settings' current group (the main window opens a
    // group named after the panel's object name).
    virtual void saveSettings(QSettings& settings) const = 0;
    virtual void restoreSettings(QSettings& settings) = 0;
    // The workspace shown from now on (null: none). What a panel showed about the one before, an
    // error message included, goes.
    virtual void showWorkspace(const std::shared_ptr<ipt::Workspace>& workspace) = 0;
};
