#pragma once
// An instruction-response pair and the pairs file: JSONL, one record per raw text, in input order
// (the contract shared with the pairs browser). Readers tolerate unknown fields and missing optional
// ones, so records written by other tools load too.
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

struct Pair {
    std::string question;              // as generated; carries "\nOptions:\n- ..." when it has options
    std::string answer;                // as generated; a chain of thought when `cot`
    std::vector<std::string> options;  // the options listed in the question, if any
    bool cot = false;                  // "...\nLet's think step by step." / "...\nTherefore, the answer is X"
    std::string category;              // free-form, multiple-choice, yes-no, cot, or a rule task kind
    // Why the released Instruction Pre-Training pipeline would drop this pair when templating it (a
    // chain of thought without exactly one "Therefore, the answer is", an answer that is none of the
    // options); empty when it would keep it. The pair is kept here, with the reason.
    std::string released_drop;
};

// What happened to a raw text. Every input line gets a record, whatever went wrong with it.
enum class PairStatus { Ok, NoPairs, EmptyText, Truncated, MalformedInput };
const char* pair_status_name(PairStatus status);
PairStatus parse_pair_status(const std::string& name, const std::string& where);

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
