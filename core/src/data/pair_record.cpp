#include "ipt/data/pair_record.h"

#include "ipt/common/error.h"

namespace ipt {

namespace {

const char* const kStatusNames[kPairStatusCount] = {"ok", "no_pairs", "empty_text", "truncated",
                                                    "malformed_input"};

}  // namespace

const char* pair_status_name(PairStatus status) {
    return kStatusNames[static_cast<int>(status)];
}

bool find_pair_status(const std::string& name, PairStatus* status) {
    for (int i = 0; i < kPairStatusCount; ++i)
        if (name == kStatusNames[i]) {
            *status = static_cast<PairStatus>(i);
            return true;
        }
    return false;
}

PairStatus parse_pair_status(const std::string& name, const std::string& where) {
    PairStatus status = PairStatus::Ok;
    if (!find_pair_status(name, &status)) throw FileError(where, "unknown status '" + name + "'");
    return status;
}

}  // namespace ipt
