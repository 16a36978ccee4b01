#include "ipt/vocab/vocab_report.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <c10/core/GradMode.h>
#include <filesystem>
#include <map>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/eval/heldout_loss.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "ipt/text/sentencepiece_tokenizer.h"
#include "ipt/vocab/embedding_initializer.h"
#include "ipt/vocab/target_corpus.h"
#include "ipt/vocab/tokenizer_extension.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

struct Expansion {
    int64_t source_vocab_size = 0;
    std::vector<int32_t> ids;
    std::vector<std::string> pieces;
    std::vector<int64_t> frequency;
    std::vector<std::string> methods;  // those with a folder
};

Expansion read_expansion(const std::string& folder) {
    const fs::path path = fs::path(folder) / "expansion.json";
    if (!fs::exists(path))
        throw FileError(path.string(),
                        "not found: is " + folder + " a folder written by 'ipt vocab expand'?");
    json j = json::parse(read_text_file(path), nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw FileError(path.string(), "not valid JSON");
    Expansion e;
    try {
        e.source_vocab_size = j.at("source_vocab_size").get<int64_t>();
        for (const auto& t : j.at("new_tokens")) {
            e.ids.push_back(t.at("id").get<int32_t>());
            e.pieces.push_back(t.at("piece").get<std::string>());
            e.frequency.push_back(t.at("frequency").get<int64_t>());
        }
        for (const auto& m : j.at("methods")) {
            const std::string name = m.get<std::string>();
            if (fs::exists(fs::path(folder) / name / "config.json")) e.methods.push_back(name);
        }
    } catch (const json::exception& x) {
        throw FileError(path.string(), std::string("missing or mistyped key: ") + x.what());
    }
    if (e.methods.empty()) throw FileError(path.string(), "none of its method folders exists in " + folder);
    return e;
}

at::Tensor embeddings_of(const std::string& folder) {
    return SafetensorsCheckpoint::open(folder).tensor("model.embed_tokens.weight").to(at::kFloat);
}

at::Tensor normalized(const at::Tensor& rows) {
    return rows / rows.norm(2, 1, true).clamp_min(1e-12);
}

json pairs(const at::Tensor& xy) {
    json out = json::array();
    const at::Tensor c = xy.contiguous().to(at::kDouble);
    const double* p = c.data_ptr<double>();
    for (int64_t i = 0; i < c.size(0); ++i) out.push_back({p[2 * i], p[2 * i + 1]});
    return out;
}

json floats(const at::Tensor& v) {
    json out = json::array();
    const at::Tensor c = v.contiguous().to(at::kDouble);
    for (int64_t i = 0; i < c.numel(); ++i) out.push_back(c.data_ptr<double>()[i]);
    return out;
}

// A fixed 2-D projection: the top two principal directions of a sample of source rows.
struct Pca {
    std::vector<int64_t> ids;
    at::Tensor mean, components, source_xy;
};

Pca fit_pca(const at::Tensor& source, int64_t sample) {
    Pca p;
    const int64_t n = source.size(0), take = std::min(n, sample);
    for (int64_t i = 0; i < take; ++i) p.ids.push_back(i * n / take);
    const at::Tensor x = source.index_select(0, at::tensor(p.ids));
    p.mean = x.mean(0, true);
    const at::Tensor centred = x - p.mean;
    auto [u, s, vh] = at::linalg_svd(centred, false);
    p.components = vh.narrow(0, 0, std::min<int64_t>(2, vh.size(0))).t();  // [d, 2]
    if (p.components.size(1) < 2) p.components = at::cat({p.components, at::zeros_like(p.components)}, 1);
    p.source_xy = at::matmul(centred, p.components);
    return p;
}

}  // namespace

VocabReportSummary write_vocab_report(const VocabReportOptions& o) {
    const Expansion e = read_expansion(o.expanded);
    const std::vector<std::string> texts = read_target_corpus(o.text);
    if (texts.empty()) throw FileError(o.text, "no text to measure on");
    auto source_tok = load_tokenizer(o.source);
    auto expanded_tok = load_tokenizer(o.expanded);  // the folder's tokenizer.json or tokenizer.model
    VocabReportSummary sum;
    sum.path = o.out.empty() ? (fs::path(o.expanded) / "report.json").string() : o.out;
    sum.new_tokens = static_cast<int64_t>(e.ids.size());

    // Lengths on the held-out text.
    const auto source_ids =
        tokenize_corpus(*source_tok, texts, "tokenizing with the source tokenizer", o.threads, o.progress);
    const auto expanded_ids = tokenize_corpus(*expanded_tok, texts, "tokenizing with the expanded tokenizer",
                                              o.threads, o.progress);
    std::map<int32_t, int64_t> heldout;
    for (size_t i = 0; i < texts.size(); ++i) {
        sum.characters += utf8_length(texts[i]);
        sum.words += count_words(texts[i]);
        sum.source_tokens += int64_t(source_ids[i].size());
        sum.expanded_tokens += int64_t(expanded_ids[i].size());
        for (int32_t id : expanded_ids[i])
            if (id >= e.source_vocab_size) ++heldout[id];
    }
    if (sum.source_tokens == 0) throw FileError(o.text, "the text encodes to no tokens");
    sum.length_reduction_percent = 100.0 * (1.0 - double(sum.expanded_tokens) / double(sum.source_tokens));

    // The speed-up on the same work (the models' speed is the same for every initialisation).
    report(o.progress, "measuring the speed-up on the held-out text", 0, 1);
    {
        LoadedModel source = load_hf_model(o.source);
        LoadedModel expanded = load_hf_model((fs::path(o.expanded) / e.methods.front()).string());
        sum.speed =
            measure_speedup(*source.model, *source_tok, *expanded.model, *expanded_tok, texts, o.speed);
    }
    report(o.progress, "measuring the speed-up on the held-out text", 1, 1);

    // Held-out loss per character, per initialisation, before any adaptation.
    std::vector<std::string> source_texts;
    if (!o.source_text.empty()) {
        source_texts = read_target_corpus(o.source_text);
        if (source_texts.empty()) throw FileError(o.source_text, "no text to measure on");
    }
    const int64_t loss_models = int64_t(e.methods.size()) + 1;
    report(o.progress, "held-out loss", 0, loss_models);
    {
        LoadedModel source = load_hf_model(o.source);
        sum.source_target_loss = heldout_loss(*source.model, *source_tok, texts, o.loss);
        if (!source_texts.empty())
            sum.source_source_loss = heldout_loss(*source.model, *source_tok, source_texts, o.loss);
    }
    std::vector<std::pair<HeldoutLoss, std::optional<HeldoutLoss>>> method_losses;
    for (size_t m = 0; m < e.methods.size(); ++m) {
        report(o.progress, "held-out loss", int64_t(m) + 1, loss_models);
        LoadedModel model = load_hf_model((fs::path(o.expanded) / e.methods[m]).string());
        std::optional<HeldoutLoss> on_source;
        if (!source_texts.empty())
            on_source = heldout_loss(*model.model, *expanded_tok, source_texts, o.loss);
        method_losses.emplace_back(heldout_loss(*model.model, *expanded_tok, texts, o.loss), on_source);
    }
    report(o.progress, "held-out loss", loss_models, loss_models);

    const auto stats = [](const TimingStats& t) {
        return json{{"median", t.median}, {"min", t.min}, {"max", t.max}, {"samples", t.samples}};
    };
    const SpeedupReport& sp = sum.speed;
    json speed{
        {"characters", sum.characters},
        {"words", sum.words},
        {"source_tokens", sum.source_tokens},
        {"expanded_tokens", sum.expanded_tokens},
        {"source_tokens_per_char", double(sum.source_tokens) / double(std::max<int64_t>(1, sum.characters))},
        {"expanded_tokens_per_char",
         double(sum.expanded_tokens) / double(std::max<int64_t>(1, sum.characters))},
        {"source_tokens_per_word", double(sum.source_tokens) / double(std::max<int64_t>(1, sum.words))},
        {"expanded_tokens_per_word", double(sum.expanded_tokens) / double(std::max<int64_t>(1, sum.words))},
        {"length_reduction_percent", sum.length_reduction_percent},
        {"throughput_kind", "same_text"},
        {"repeats", sp.repeats},
        {"timed_characters", sp.source.timed_characters},
        {"source_timed_tokens", sp.source.timed_tokens},
        {"expanded_timed_tokens", sp.expanded.timed_tokens},
        {"prefill_fraction", o.speed.prefill_fraction},
        {"source_seconds_per_char", stats(sp.source.seconds_per_character)},
        {"expanded_seconds_per_char", stats(sp.expanded.seconds_per_character)},
        {"source_tokens_per_s", sp.source.tokens_per_second()},
        {"expanded_tokens_per_s", sp.expanded.tokens_per_second()},
        {"source_characters_per_s", sp.source.characters_per_second()},
        {"expanded_characters_per_s", sp.expanded.characters_per_second()},
        {"speedup_percent", sp.speedup_percent()},
        {"speedup_percent_min", sp.speedup_min_percent()},
        {"speedup_percent_max", sp.speedup_max_percent()},
        {"speedup_samples_percent", sp.speedup_samples_percent},
        {"predicted_speedup_percent", sp.predicted_speedup_percent()},
        {"timed_predicted_speedup_percent", sp.timed_predicted_speedup_percent()},
        {"generated_tokens", o.speed.generate_tokens},
        {"source_seconds_per_token", stats(sp.source.seconds_per_token)},
        {"expanded_seconds_per_token", stats(sp.expanded.seconds_per_token)},
        {"per_token_cost_ratio", sp.per_token_cost_ratio()}};

    const auto loss_json = [](const HeldoutLoss& l) {
        return json{{"bits_per_char", l.bits_per_character()},
                    {"nats_per_char", l.nats_per_character()},
                    {"nats_per_token", l.nats_per_token()},
                    {"characters", l.characters},
                    {"tokens", l.tokens},
                    {"texts", l.texts}};
    };
    json target_loss{{"text", o.text}, {"source", loss_json(sum.source_target_loss)}};
    json source_language_loss;
    if (sum.source_source_loss)
        source_language_loss = {{"text", o.source_text}, {"source", loss_json(*sum.source_source_loss)}};
    for (size_t m = 0; m < e.methods.size(); ++m) {
        target_loss["methods"][e.methods[m]] = loss_json(method_losses[m].first);
        if (method_losses[m].second)
            source_language_loss["methods"][e.methods[m]] = loss_json(*method_losses[m].second);
    }
    json loss{{"unit", "bits per character"}, {"adapted", false}, {"target", target_loss}};
    if (sum.source_source_loss) loss["source_language"] = source_language_loss;

    json tokens = json::array();
    for (size_t i = 0; i < e.ids.size(); ++i)
        tokens.push_back({{"id", e.ids[i]},
                          {"piece", e.pieces[i]},
                          {"frequency_corpus", e.frequency[i]},
                          {"frequency_heldout", heldout.count(e.ids[i]) ? heldout[e.ids[i]] : 0}});

    // Embedding geometry per method, against the source model's own rows.
    c10::NoGradGuard no_grad;
    const at::Tensor source_rows = embeddings_of(o.source).narrow(0, 0, e.source_vocab_size);
    const at::Tensor source_norms = source_rows.norm(2, 1);
    sum.source_norm_mean = source_norms.mean().item<double>();
    const at::Tensor mean_vectors =
        normalized(mean_rows(source_rows, piece_source_ids(*source_tok, e.pieces)));
    const at::Tensor source_unit = normalized(source_rows);
    const Pca pca = fit_pca(source_rows, o.pca_sample);
    if (e.ids.empty())
        throw FileError((fs::path(o.expanded) / "expansion.json").string(), "lists no new tokens");
    std::vector<int64_t> ids64(e.ids.begin(), e.ids.end());
    const at::Tensor new_index = at::tensor(ids64);
    const int64_t k_neighbours = std::min<int64_t>(o.neighbours, e.source_vocab_size);
    json methods = json::object();
    for (size_t m = 0; m < e.methods.size(); ++m) {
        report(o.progress, "embedding geometry", int64_t(m), int64_t(e.methods.size()));
        const std::string& name = e.methods[m];
        const at::Tensor all = embeddings_of((fs::path(o.expanded) / name).string());
        if (all.size(0) <= new_index.max().item<int64_t>())
            throw FileError((fs::path(o.expanded) / name).string(),
                            "fewer embedding rows than the new token ids");
        const at::Tensor rows = all.index_select(0, new_index);
        const at::Tensor norms = rows.norm(2, 1);
        const at::Tensor cosine = (normalized(rows) * mean_vectors).sum(1);
        // Blocks of new rows, so that k new tokens against a large vocabulary never need a k x V matrix.
        const at::Tensor unit_rows = normalized(rows);
        std::vector<at::Tensor> best_blocks, id_blocks;
        constexpr int64_t kBlock = 512;
        for (int64_t start = 0; start < unit_rows.size(0); start += kBlock) {
            const int64_t n = std::min(kBlock, unit_rows.size(0) - start);
            auto [values, indices] =
                at::matmul(unit_rows.narrow(0, start, n), source_unit.t()).topk(k_neighbours, 1);
            best_blocks.push_back(values);
            id_blocks.push_back(indices);
        }
        const at::Tensor best = at::cat(best_blocks), best_ids = at::cat(id_blocks);
        json neighbours = json::array();
        for (int64_t i = 0; i < rows.size(0); ++i) {
            json list = json::array();
            for (int64_t j = 0; j < k_neighbours; ++j) {
                const auto id = best_ids[i][j].item<int64_t>();
                list.push_back({{"id", id},
                                {"piece", source_tok->piece(int32_t(id))},
                                {"cosine", best[i][j].item<double>()}});
            }
            neighbours.push_back(list);
        }
        methods[name] = {{"norms", floats(norms)},
                         {"source_norm_mean", sum.source_norm_mean},
                         {"source_norm_std", source_norms.std().item<double>()},
                         {"cosine_to_mean", floats(cosine)},
                         {"neighbours", neighbours},
                         {"pca",
                          {{"source", pairs(pca.source_xy)},
                           {"source_ids", pca.ids},
                           {"new", pairs(at::matmul(rows - pca.mean, pca.components))}}}};
        sum.methods.push_back({name, norms.mean().item<double>(), cosine.mean().item<double>(),
                               method_losses[m].first, method_losses[m].second});
    }
    json j{{"version", 1},     {"source", o.source},   {"expanded", o.expanded}, {"text", o.text},
           {"speedup", speed}, {"heldout_loss", loss}, {"new_tokens", tokens},   {"methods", methods}};
    write_file_atomically(sum.path, j.dump(1) + "\n");
    return sum;
}

}  // namespace ipt
