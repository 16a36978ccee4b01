#pragma once
// Errors that carry where they happened: the file, the line, the key or tensor. Every message a user
// sees names the thing that was wrong, so the constructors take that context explicitly.
#include <stdexcept>
#include <string>

namespace ipt {

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A file could not be read, was malformed, or broke a contract. `where` is a path, optionally with
// ":line" appended by the caller.
class FileError : public Error {
  public:
    FileError(const std::string& path, const std::string& problem)
        : Error(path + ": " + problem), path_(path) {}
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// The user asked for something impossible (bad flag value, prompt too long, unknown preset).
class UsageError : public Error {
  public:
    explicit UsageError(const std::string& message) : Error(message) {}
};

// Thrown by long jobs when their cancel token fires; callers treat it as a clean stop.
class Cancelled : public Error {
  public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace ipt
