#pragma once
// An advisory, exclusive lock on a file (flock), held for the object's lifetime: two processes that
// would write the same run directory at once (a CLI run and a Resume in the workbench) find out
// before either writes. The kernel drops the lock when the process dies, so a crash never leaves a
// stale lock behind.
#include <string>

namespace ipt {

class FileLock {
  public:
    // Creates `path` when missing and takes the lock without waiting. Throws UsageError naming
    // `what` (e.g. the run directory) when another process holds it, FileError when the file cannot
    // be opened.
    FileLock(const std::string& path, const std::string& what);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace ipt
