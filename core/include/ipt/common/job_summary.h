#pragma once
// What a finished job that writes a file or folder (synthesis, rule mining, vocabulary expansion) tells
// the workspace's run list: its settings as text and a few summary figures. Each job's module describes
// its own runs, so that a job launched from the command line and one launched from the workbench are
// filed alike.
#include <string>
#include <utility>
#include <vector>

namespace ipt {

struct JobSummary {
    std::string settings;                                 // TOML-like lines, `key = value`
    std::vector<std::pair<std::string, double>> figures;  // name, value
};

}  // namespace ipt
