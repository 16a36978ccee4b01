#include "launch/launched_job.h"

std::string fileFinishedJob(const std::string& root, ipt::Workspace::FinishedJob job) {
    if (root.empty()) return {};
    job.ended = std::chrono::system_clock::now();
    // A workspace is only ever opened here, never created: the user opened it in the main window.
    return ipt::Workspace::open(root)->record_job(job).name;
}
