#include "ipt/synth/corpus_builder.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <random>
#include <unordered_map>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/raw_corpus.h"
#include "ipt/synth/finetune_data.h"
#include "ipt/synth/templates.h"

namespace ipt {
using nlohmann::json;

namespace {

// Records of one chain (a multi-round sequence): each linked record joins its predecessor's chain.
std::vector<std::vector<size_t>> group_chains(const std::vector<PairRecord>& records) {
    std::vector<std::vector<size_t>> groups;
    std::map<std::pair<int64_t, int>, size_t> group_of;  // (chain, round) -> group
    for (size_t i = 0; i < records.size(); ++i) {
        const PairRecord& r = records[i];
        size_t g = groups.size();
        auto previous = group_of.find({r.chain, r.round - 1});
        if (r.linked && r.chain >= 0 && previous != group_of.end()) g = previous->second;
        if (g == groups.size()) groups.emplace_back();
        groups[g].push_back(i);
        if (r.chain >= 0) group_of[{r.chain, r.round}] = g;
    }
    return groups;
}

bool has_pairs(const std::vector<PairRecord>& records, const std::vector<size_t>& group) {
    for (size_t i : group)
        if (!records[i].pairs.empty()) return true;
    return false;
}

// Evenly spreads `extra` documents through `docs`.
std::vector<CorpusDocument> interleave(std::vector<CorpusDocument> docs, std::vector<CorpusDocument> extra) {
    if (extra.empty()) return docs;
    std::vector<CorpusDocument> out;
    const size_t n = docs.size(), m = extra.size();
    size_t j = 0;
    for (size_t i = 0; i < n; ++i) {
        out.push_back(std::move(docs[i]));
        while (j < m && (j + 1) * n <= (i + 1) * m) out.push_back(std::move(extra[j++]));
    }
    while (j < m) out.push_back(std::move(extra[j++]));
    return out;
}

}  // namespace

std::vector<CorpusDocument> assemble_corpus(const CorpusInputs& in, const CorpusOptions& options,
                                            CorpusReport* report_out) {
    if (options.convert_ratio < 0 || options.convert_ratio > 1)
        throw UsageError("convert ratio must lie in [0, 1] (got " + std::to_string(options.convert_ratio) +
                         ")");
    CorpusReport report;
    const std::vector<PairRecord>& records = in.records;
    std::vector<std::pair<std::string, std::string>> raw = in.raw;
    if (raw.empty())
        for (const PairRecord& r : records)
            if (r.text.find_first_not_of(" \t\r\n") != std::string::npos) raw.emplace_back(r.id, r.text);
    std::unordered_map<std::string, size_t> raw_index;
    for (size_t i = 0; i < raw.size(); ++i)
        if (!raw_index.emplace(raw[i].first, i).second)
            // Texts are matched to their pairs by id: a repeated id would be both converted and raw.
            throw UsageError("the id '" + raw[i].first +
                             "' names two texts; give every raw text its own id (an 'id' field)");

    const std::vector<std::vector<size_t>> groups = group_chains(records);
    std::vector<size_t> candidates;
    for (size_t g = 0; g < groups.size(); ++g) {
        bool known = has_pairs(records, groups[g]);
        for (size_t i : groups[g]) known = known && raw_index.count(records[i].id);
        if (known) candidates.push_back(g);
    }
    std::vector<bool> selected(groups.size(), false);
    if (options.domain) {
        for (size_t g : candidates) selected[g] = true;
    } else {
        std::mt19937_64 rng(options.seed);
        for (size_t i = candidates.size(); i > 1; --i) std::swap(candidates[i - 1], candidates[rng() % i]);
        const size_t target = static_cast<size_t>(std::llround(options.convert_ratio * double(raw.size())));
        size_t converted = 0;
        for (size_t g : candidates) {
            if (converted + groups[g].size() > target) continue;
            selected[g] = true;
            converted += groups[g].size();
        }
    }
    // The chain a raw text belongs to, when that chain is converted.
    std::vector<int64_t> chain_of_raw(raw.size(), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        if (selected[g])
            for (size_t i : groups[g]) chain_of_raw[raw_index.at(records[i].id)] = static_cast<int64_t>(g);

    const TemplatePools& pools = options.pools ? *options.pools : builtin_template_pools();
    int64_t next_seed = options.template_seed;
    CookReport cooked;
    std::vector<CorpusDocument> docs;
    std::vector<bool> emitted(groups.size(), false);
    for (size_t t = 0; t < raw.size(); ++t) {
        const int64_t g = chain_of_raw[t];
        if (g < 0) {
            docs.push_back({raw[t].second, "raw", {raw[t].first}});
            ++report.raw_texts;
            continue;
        }
        if (emitted[static_cast<size_t>(g)]) continue;
        emitted[static_cast<size_t>(g)] = true;
        std::vector<ChainEntry> chain;
        std::vector<std::string> ids;
        for (size_t i : groups[static_cast<size_t>(g)]) {
            const PairRecord& r = records[i];
            // The full raw text, unless the synthesizer saw a cut one: the pairs are about what it saw.
            // A text inherits from its predecessor when it was prompted after it and has pairs.
            chain.push_back({r.truncated ? r.text : raw[raw_index.at(r.id)].second, r.pairs,
                             !chain.empty() && r.linked && !r.pairs.empty()});
            ids.push_back(r.id);
        }
        for (CookedDocument& d : cook_chain(chain, next_seed++, pools, &cooked)) {
            CorpusDocument doc{std::move(d.text), d.instruction ? "instruction" : "raw", {}};
            for (size_t e : d.entries) doc.ids.push_back(ids[e]);
            if (d.instruction) {
                report.converted_texts += d.entries.size();
                report.instruction_chars += doc.text.size();
            } else {
                ++report.raw_texts;
            }
            docs.push_back(std::move(doc));
        }
        ++report.chains;
    }
    // Instruction data without a chain: one text and its pairs, templated alone.
    auto cook_one = [&](const std::string& text, const std::vector<Pair>& pairs) {
        std::string out;
        for (CookedDocument& d : cook_chain({ChainEntry{text, pairs, false}}, next_seed++, pools, &cooked))
            out += (out.empty() ? "" : "\n\n") + d.text;
        return out;
    };

    std::vector<CorpusDocument> mix;
    for (size_t i = 0; i < in.mix.size(); ++i) {
        const std::string key = "mix-" + std::to_string(i);
        mix.push_back({cook_one(in.mix[i].first, in.mix[i].second), "mix", {key}});
    }
    report.mix_documents = mix.size();
    docs = interleave(std::move(docs), std::move(mix));

    if (options.domain && !in.general.empty()) {
        // 1:1 by characters: general documents follow the domain ones until they weigh as much,
        // cycling through the general data when it is the smaller.
        uint64_t domain_chars = 0;
        std::vector<CorpusDocument> mixed;
        size_t next = 0;
        for (CorpusDocument& d : docs) {
            domain_chars += d.text.size();
            mixed.push_back(std::move(d));
            while (report.general_chars < domain_chars) {
                const size_t i = next++ % in.general.size();
                const std::string key = "general-" + std::to_string(i);
                CorpusDocument g{cook_one(in.general[i].first, in.general[i].second), "general", {key}};
                if (g.text.empty()) break;
                report.general_chars += g.text.size();
                ++report.general_documents;
                mixed.push_back(std::move(g));
            }
        }
        docs = std::move(mixed);
    } else if (options.domain) {
        throw UsageError("domain mode mixes the corpus 1:1 with general instruction data: give some");
    }
    report.documents = docs.size();
    report.pairs = cooked.pairs;
    report.pairs_dropped = cooked.dropped;
    if (report_out) *report_out = report;
    return docs;
}

std::vector<std::pair<std::string, std::vector<Pair>>> read_general_instructions(const std::string& path) {
    std::vector<std::pair<std::string, std::vector<Pair>>> out;
    LineReader reader(path);
    std::string line;
    auto text_of = [](const json& j, std::initializer_list<const char*> keys) {
        for (const char* k : keys)
            if (j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
        return std::string();
    };
    while (reader.next(&line)) {
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw FileError(reader.where(), "expected a JSON object");
        std::pair<std::string, std::vector<Pair>> item;
        item.first = text_of(j, {"text", "context"});
        if (j.contains("pairs") && j["pairs"].is_array()) {
            for (const json& p : j["pairs"]) {
                if (!p.is_object()) throw FileError(reader.where(), "a pair is not a JSON object");
                Pair pair;
                pair.question = text_of(p, {"question", "instruction"});
                pair.answer = text_of(p, {"answer", "response", "output"});
                if (pair.question.empty() || pair.answer.empty())
                    throw FileError(reader.where(), "a pair needs a question and an answer");
                item.second.push_back(std::move(pair));
            }
        } else if (std::string q = text_of(j, {"instruction", "question"}); !q.empty()) {
            const std::string input = text_of(j, {"input"});
            Pair pair;
            pair.question = input.empty() ? q : q + "\n\n" + input;
            pair.answer = text_of(j, {"output", "response", "answer"});
            if (pair.answer.empty())
                throw FileError(reader.where(), "an instruction needs an output/response/answer");
            item.second.push_back(std::move(pair));
        } else if (item.first.empty()) {
            throw FileError(
                reader.where(),
                "expected 'instruction'/'question' with 'output'/'response'/'answer', 'pairs', or 'text'");
        }
        out.push_back(std::move(item));
    }
    return out;
}

CorpusReport build_corpus(const CorpusFiles& files, const CorpusOptions& options) {
    CorpusInputs in;
    int64_t chain_offset = 0;
    for (const std::string& path : files.pairs) {
        // Chains are numbered per shard file; offsets keep them apart.
        int64_t largest = -1;
        for (PairRecord& r : read_pairs_file(path)) {
            if (r.chain >= 0) {
                largest = std::max(largest, r.chain);
                r.chain += chain_offset;
            }
            in.records.push_back(std::move(r));
        }
        chain_offset += largest + 1;
    }
    if (!files.raw.empty()) {
        for_each_raw_text(files.raw, files.text_field, [&](RawText&& t) {
            if (!t.problem.empty()) throw FileError(t.where, t.problem);
            if (t.text.find_first_not_of(" \t\r\n") != std::string::npos) in.raw.emplace_back(t.id, t.text);
        });
    } else if (!options.domain) {
        throw UsageError("general mode keeps the unconverted texts raw: give the raw corpus");
    }
    if (!files.mix.empty())
        for (RcExample& e : read_rc_examples(files.mix)) in.mix.emplace_back(e.example.text, e.example.pairs);
    if (!files.general.empty()) in.general = read_general_instructions(files.general);

    CorpusReport report;
    TemplatePools pools;
    CorpusOptions with_pools = options;
    if (!files.templates.empty()) {
        pools = read_template_pools(files.templates);
        with_pools.pools = &pools;
    }
    std::vector<CorpusDocument> docs = assemble_corpus(in, with_pools, &report);
    AtomicFile out(files.output);
    for (const CorpusDocument& d : docs) {
        json j = {{"text", d.text}, {"source", d.source}, {"ids", d.ids}};
        out.write(j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
    }
    out.commit();
    return report;
}

}  // namespace ipt
