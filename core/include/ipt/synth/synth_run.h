#pragma once
// `ipt synth run` and `ipt synth rules` as jobs on files. Synthesis is resumable: finished records are
// appended to "<out>.partial" in input order and the byte length of what is complete is recorded in
// "<out>.progress.json" after every batch; a rerun cuts the partial file back to that length (a record
// torn by a kill is dropped and made again) and goes on, and the partial file is renamed to <out> when
// every input has its record. No record is duplicated or lost across any number of interruptions.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ipt/common/cancel.h"
#include "ipt/common/job_summary.h"
#include "ipt/common/progress.h"
#include "ipt/synth/synthesizer.h"

namespace ipt {

struct SynthRunOptions {
    std::string input;   // raw corpus (.jsonl or .txt)
    std::string output;  // pairs file (one per shard: see shard_output_path)
    std::string text_field = "text";
    SynthesizerOptions synthesizer;
    int shard = 0, shards = 1;  // this process takes the shard-th of `shards` contiguous slices
    size_t max_records = 0;     // stop after this many new records (0: no limit); a rerun goes on
    std::string model_name;     // provenance
    std::string settings_json;  // provenance, recorded in every record
};

struct SynthRunReport {
    std::string output;
    size_t inputs = 0;        // texts in this shard
    size_t records = 0;       // records in the output now
    size_t resumed_from = 0;  // records found from an earlier run
    bool complete = false;    // every input has its record and the output has its final name
    bool already_complete = false;
    std::map<std::string, size_t> by_status;  // over the records made in this run
    SynthesisCounters counters;               // this run
    double seconds = 0;
};

// The settings recorded in every record and in the resume fingerprint, as JSON: a resumed run with other
// settings is refused, so that the records of one run come from one synthesizer and one sampler.
std::string synthesis_settings_json(const SynthesizerOptions& options, const SamplingOptions& sampling);

// The model a run records for a synthesizer folder: its absolute, normalised path, so that rerunning
// from another folder (or as ./models/s) still continues the run.
std::string synthesizer_model_name(const std::string& folder);
// The model a run records for an endpoint: the served model's name, not the URL, so that a run resumes
// against the same model on another host.
std::string endpoint_model_name(const std::string& served_model);

// "pairs.jsonl" for one shard; "pairs.shard-2-of-4.jsonl" for shard 2 of 4.
std::string shard_output_path(const std::string& output, int shard, int shards);
// Reads RANK / WORLD_SIZE (as torchrun sets them); false when absent.
bool shard_from_environment(int* shard, int* shards);
// Inputs of one shard: contiguous slices in input order. Malformed and empty lines become inputs
// that are not prompted. Long texts are cut later, against the model's context.
std::vector<SynthInput> read_synth_inputs(const std::string& path, const std::string& text_field, int shard,
                                          int shards);

// Throws FileError for an unreadable input or a progress file written with other settings, and
// Cancelled (after saving the state) when `cancel` fires.
SynthRunReport run_synthesis(const SynthRunOptions& options, SynthesisModel& model,
                             const ProgressSink& progress = {}, const CancelToken& cancel = {});

struct RulesRunReport {
    std::string output;
    size_t records = 0, pairs = 0, bytes = 0;
    std::map<std::string, size_t> by_status;
    double seconds = 0;
};
// Mines every text with the rule-based miner; the output appears complete or not at all.
RulesRunReport run_rule_mining(const std::string& input, const std::string& output,
                               const std::string& text_field = "text", const ProgressSink& progress = {},
                               const CancelToken& cancel = {});

// The run list's view of a synthesis or rule-mining run: input, output, settings, and the texts and
// pairs it made.
JobSummary summarize_synthesis(const SynthRunOptions& options, const SynthRunReport& report);
JobSummary summarize_rule_mining(const std::string& input, const RulesRunReport& report);

}  // namespace ipt
