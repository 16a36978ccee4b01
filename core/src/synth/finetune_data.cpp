#include "ipt/synth/finetune_data.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
using nlohmann::json;

namespace {

std::string string_of(const json& j, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        if (auto it = j.find(k); it != j.end() && it->is_string()) return it->get<std::string>();
    return {};
}

int64_t example_tokens(const Tokenizer& tokenizer, const SynthExample& e) {
    EncodeOptions options;
    options.continuation = true;
    // BOS + text + EOS, as each example stands in the sequence.
    return 2 + static_cast<int64_t>(
                   tokenizer.encode(render_context(e.text) + render_pairs(e.pairs), options).size());
}

}  // namespace

std::vector<RcExample> read_rc_examples(const std::string& path) {
    std::vector<RcExample> out;
    LineReader reader(path);
    std::string line;
    while (reader.next(&line)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string where = reader.where();
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw FileError(where, "expected a JSON object");
        RcExample e;
        e.where = where;
        e.dataset = string_of(j, {"dataset", "source"});
        e.example.text = string_of(j, {"context", "text"});
        if (e.example.text.empty()) throw FileError(where, "missing a string 'context' (or 'text')");
        const json* pairs = j.contains("pairs") ? &j["pairs"] : j.contains("qas") ? &j["qas"] : nullptr;
        if (!pairs || !pairs->is_array() || pairs->empty())
            throw FileError(where, "missing a non-empty array 'pairs' (or 'qas')");
        for (size_t i = 0; i < pairs->size(); ++i) {
            const json& p = (*pairs)[i];
            Pair pair;
            if (p.is_object()) {
                pair.question = string_of(p, {"question", "Q"});
                pair.answer = string_of(p, {"answer", "A"});
            }
            if (pair.question.empty() || pair.answer.empty())
                throw FileError(where,
                                "pairs[" + std::to_string(i) + "] needs a string 'question' and 'answer'");
            annotate_pair(&pair);
            e.example.pairs.push_back(std::move(pair));
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<FinetuneSequence> pack_finetune_sequences(const std::vector<RcExample>& examples,
                                                      const Tokenizer& tokenizer, int64_t max_tokens,
                                                      FinetuneReport* report_out) {
    FinetuneReport report;
    std::vector<FinetuneSequence> done;
    std::map<std::string, FinetuneSequence> open;  // the sequence being filled, per dataset
    auto close = [&](FinetuneSequence& s) {
        if (s.examples > 0) done.push_back(std::move(s));
        s = FinetuneSequence{};
    };
    for (const RcExample& e : examples) {
        ++report.examples;
        const int64_t n = example_tokens(tokenizer, e.example);
        if (n > max_tokens) {
            ++report.too_long;
            report.problems.push_back(e.where + ": example of " + std::to_string(n) +
                                      " tokens exceeds the limit of " + std::to_string(max_tokens));
            continue;
        }
        FinetuneSequence& s = open[e.dataset];
        if (s.tokens + n > max_tokens) close(s);
        s.dataset = e.dataset;
        if (s.examples == 0) {
            // The dataset builder starts a record with BOS and encodes its first text with
            // SentencePiece's word-start marker, which stands for the space of " <CON>"; spelling the
            // space too would add a second marker.
            s.segments.push_back({render_context(e.example.text).substr(1), false, false});
        } else {
            s.segments.push_back({kEosSpelling, true, true});  // the model learns to end its pairs
            s.segments.push_back({kBosSpelling, false, true});
            s.segments.push_back({render_context(e.example.text), false, false});
        }
        s.segments.push_back({render_pairs(e.example.pairs), true, false});
        s.tokens += n;
        ++s.examples;
    }
    for (auto& [name, s] : open) close(s);
    for (const FinetuneSequence& s : done) {
        report.tokens += s.tokens;
        EncodeOptions options;
        options.continuation = true;
        for (const SequenceSegment& seg : s.segments)
            if (seg.loss)
                report.loss_tokens +=
                    seg.special ? 1 : static_cast<int64_t>(tokenizer.encode(seg.text, options).size());
        report.loss_tokens += 1;  // the final EOS
    }
    report.sequences = done.size();
    if (report_out) *report_out = report;
    return done;
}

std::string finetune_sequence_json(const FinetuneSequence& s) {
    json segments = json::array();
    for (const SequenceSegment& seg : s.segments) {
        json j = {{"text", seg.text}, {"loss", seg.loss}};
        if (seg.special) j["special"] = true;
        segments.push_back(std::move(j));
    }
    json j = {{"dataset", s.dataset}, {"examples", s.examples}, {"segments", segments}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

FinetuneDataReport write_finetune_data(const FinetuneDataOptions& o, const Tokenizer& tokenizer,
                                       const ProgressSink& progress, const CancelToken& cancel) {
    FinetuneDataReport r;
    const std::vector<FinetuneSequence> sequences =
        pack_finetune_sequences(read_rc_examples(o.input), tokenizer, o.max_tokens, &r.packing);
    std::filesystem::create_directories(o.output);
    r.sequences_file = (std::filesystem::path(o.output) / "sequences.jsonl").string();
    std::string text;
    for (const FinetuneSequence& s : sequences) text += finetune_sequence_json(s) + "\n";
    write_file_atomically(r.sequences_file, text);
    if (!o.prepare) return r;
    PrepareOptions prepare;
    prepare.inputs = {r.sequences_file};
    prepare.output = o.output;
    prepare.loss_mask = true;
    r.shards = prepare_dataset(prepare, tokenizer, progress, cancel);
    return r;
}

}  // namespace ipt
