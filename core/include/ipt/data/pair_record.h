#pragma once
// The pairs-file contract: JSONL, one record per raw text, in input order. Synthesis writes these files
// and reads them back to resume; the pairs index reads them for the browser. Both read through the one
// record reader here, in one of two modes:
//   strict   (synthesis, the corpus builder): a record that breaks the contract is an error naming the
//            line and the field, because what is built from it must be trusted;
//   lenient  (the browser, which shows any file, also one written by other tools): what can be read is
//            read, a field of the wrong type is left at its default.
// Both tolerate unknown fields and missing optional ones.
#include <cstdint>
#include <string>
#include <string_view>
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
constexpr int kPairStatusCount = 5;

// "ok", "no_pairs", "empty_text", "truncated", "malformed_input".
const char* pair_status_name(PairStatus status);
// Throws FileError naming `where` for a name not in the table.
PairStatus parse_pair_status(const std::string& name, const std::string& where);
// false for a name not in the table.
bool find_pair_status(const std::string& name, PairStatus* status);

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

// A record read leniently: the contract's fields as far as they could be read, and what the strict
// reader would have refused outright.
struct LenientPairRecord : PairRecord {
    std::string status_name;  // the status as the file spells it ("" when absent), also one outside the table
    // Why the line is no record at all (not JSON, not an object, over the limits); then nothing else is set.
    std::string problem;
};

// One line of JSON (no newline).
std::string to_json_line(const PairRecord& record);
// Strict: throws FileError naming `where` ("file:line") and the field when the line is not a pairs record.
PairRecord parse_pair_record(std::string_view line, const std::string& where);
// Lenient: never throws for what the line holds.
LenientPairRecord parse_pair_record_leniently(std::string_view line, const std::string& where);
// Every record of a pairs file, read strictly. Throws FileError at the first malformed line.
std::vector<PairRecord> read_pairs_file(const std::string& path);

}  // namespace ipt
