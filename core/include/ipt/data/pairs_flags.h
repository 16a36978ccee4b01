#pragma once
// Flags set in the pairs browser live beside the pairs file, so the pairs file is never rewritten.
#include <set>
#include <string>

namespace ipt {

// The flags file beside a pairs file: `<pairs file>.flags.json`, {"version":1, "flagged":[ids]}.
std::string pairs_flags_path(const std::string& pairs_file);
// An absent flags file is no flags. Throws FileError naming the file when it is malformed.
std::set<std::string> read_pairs_flags(const std::string& pairs_file);
void write_pairs_flags(const std::string& pairs_file, const std::set<std::string>& flagged);

}  // namespace ipt
