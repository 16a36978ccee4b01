#pragma once
// An instruction-response pair and the pairs file: JSONL, one record per raw text, in input order
// (the contract shared with the pairs browser). Readers tolerate unknown fields and missing optional
// ones, so records written by other tools load too.
#include <cstdint>
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"  // Pair, PairStatus and the status names

namespace ipt {

struct PairRecord {
    std::string id;
    std::string text;
    std::vector<Pair> pairs;
    std::string method = "synthesizer";  // or "rules"
    int round = 1;                       // 1-based multi-round index
    PairStatus status = PairStatus::Ok;
    std::string reason;  // why, when status is not Ok (and for truncated texts)
    bool truncated = false;
    std::string raw_output;  // the synthesizer's generation as produced
    int dropped = 0;         // fragments the parser rejected
    // Multi-round chaining: records of one chain share `chain`; `linked` is set when the record was
    // prompted with its predecessor (same chain, previous round) as a demonstration.
    int64_t chain = -1;
    bool linked = false;
    std::string model;
    std::string settings_json;  // provenance, a JSON object as text (empty: none)
};

// One line of JSON (no newline).
std::string to_json_line(const PairRecord& record);
// Throws FileError naming `where` ("file:line") when the line is not a pairs record.
PairRecord parse_pair_record(const std::string& line, const std::string& where);
// Every record of a pairs file. Throws FileError at the first malformed line.
std::vector<PairRecord> read_pairs_file(const std::string& path);

}  // namespace ipt
