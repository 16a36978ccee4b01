#include "pipeline.h"

#include <algorithm>

#include "ipt/common/error.h"
#include "unicode_text.h"

namespace ipt::hf {
namespace {

json parse_json(const std::string& text, const std::string& name) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw FileError(name, std::string("invalid JSON: ") + e.what());
    }
}

// A special token as the configs spell it: "<s>" or {"content": "<s>", ...}; empty when absent.
std::string token_name(const json& config, const char* key) {
    if (!config.is_object()) return {};
    auto it = config.find(key);
    if (it == config.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    return {};
}

// The TemplateProcessing post-processor (possibly inside a Sequence), or null.
const json* template_processor(const json& processor) {
    if (!processor.is_object()) return nullptr;
    const std::string type = processor.value("type", "");
    if (type == "TemplateProcessing") return &processor;
    if (type == "Sequence" && processor.contains("processors") && processor["processors"].is_array())
        for (const json& p : processor["processors"])
            if (const json* t = template_processor(p)) return t;
    return nullptr;
}

}  // namespace

Pipeline::Pipeline(const std::string& tokenizer_json, const std::string& tokenizer_config,
                   const std::string& special_tokens_map, const std::string& name)
    : name_(name) {
    const json j = parse_json(tokenizer_json, name);
    const JsonPlace root{name, ""};
    if (!j.is_object()) root.fail("expected a JSON object (a tokenizer.json)");
    for (const char* key : {"model"})
        if (!j.contains(key)) root.fail(std::string("missing key '") + key + "'");
    if (j.contains("truncation") && !j["truncation"].is_null())
        root.at("truncation").fail("truncation is not supported here (the workbench truncates itself)");
    normalizer_ = make_normalizer(j.value("normalizer", json()), root.at("normalizer"));
    pre_tokenizer_ = make_pre_tokenizer(j.value("pre_tokenizer", json()), root.at("pre_tokenizer"));
    byte_level_ = pre_tokenizer_ && pre_tokenizer_->byte_level();
    model_ = std::make_unique<BpeModel>(j["model"], byte_level_, root.at("model"));
    decoder_ = make_decoder(j.value("decoder", json()), root.at("decoder"));
    vocab_size_ = model_->size();

    const JsonPlace added_place = root.at("added_tokens");
    const json added = j.value("added_tokens", json::array());
    if (!added.is_array()) added_place.fail("expected an array");
    added_.reserve(added.size());
    for (size_t i = 0; i < added.size(); ++i) {
        const json& a = added[i];
        const JsonPlace here = added_place.at(i);
        if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || a["id"].get<int64_t>() < 0)
            here.fail("expected {\"id\": N, \"content\": ...}");
        AddedToken t;
        t.id = static_cast<int32_t>(a["id"].get<int64_t>());
        t.content = json_string(a, "content", here);
        t.special = json_bool(a, "special", false, here);
        t.single_word = json_bool(a, "single_word", false, here);
        t.lstrip = json_bool(a, "lstrip", false, here);
        t.rstrip = json_bool(a, "rstrip", false, here);
        t.normalized = json_bool(a, "normalized", !t.special, here);
        t.match = t.content;
        if (t.normalized && normalizer_) normalizer_->apply(&t.match);
        if (t.content.empty()) continue;  // the library ignores empty added tokens
        added_by_content_[t.content] = t.id;
        vocab_size_ = std::max(vocab_size_, t.id + 1);
        added_.push_back(std::move(t));
    }
    std::vector<const AddedToken*> raw, normalized;
    for (size_t i = 0; i < added_.size(); ++i) {
        added_by_id_[added_[i].id] = i;
        (added_[i].normalized ? normalized : raw).push_back(&added_[i]);
    }
    raw_matcher_ = AddedTokenMatcher(raw);
    normalized_matcher_ = AddedTokenMatcher(normalized);
    read_specials(j, tokenizer_config, special_tokens_map);
}

void Pipeline::read_specials(const json& tokenizer, const std::string& config_text,
                             const std::string& map_text) {
    const json config = config_text.empty() ? json() : parse_json(config_text, "tokenizer_config.json");
    const json map = map_text.empty() ? json() : parse_json(map_text, "special_tokens_map.json");
    auto named = [&](const char* key) {
        std::string n = token_name(config, key);
        return n.empty() ? token_name(map, key) : n;
    };
    auto id_of = [&](const std::string& n, const char* key) {
        if (n.empty()) return -1;
        const int32_t id = find(n);
        if (id < 0)
            throw FileError(config.is_object() && !token_name(config, key).empty()
                                ? "tokenizer_config.json"
                                : "special_tokens_map.json",
                            std::string("key '") + key + "': '" + n + "' is not a token of " + name_);
        return id;
    };
    bos = id_of(named("bos_token"), "bos_token");
    eos = id_of(named("eos_token"), "eos_token");
    pad = id_of(named("pad_token"), "pad_token");

    // Without configs: the post-processor's template, then the usual spellings.
    const json post_processor = tokenizer.value("post_processor", json());
    const json* tmpl = template_processor(post_processor);
    bool template_bos = false;
    if (tmpl && tmpl->contains("single") && (*tmpl)["single"].is_array()) {
        bool seen_sequence = false;
        for (const json& piece : (*tmpl)["single"]) {
            if (piece.contains("Sequence")) {
                seen_sequence = true;
                continue;
            }
            if (!piece.contains("SpecialToken") || !piece["SpecialToken"].is_object()) continue;
            const int32_t id = find(piece["SpecialToken"].value("id", ""));
            if (!seen_sequence) {
                if (bos < 0) bos = id;
                if (id >= 0 && id == bos) template_bos = true;
            } else if (eos < 0) {
                eos = id;
            }
        }
    }
    auto first_of = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (find(n) >= 0) return find(n);
        return -1;
    };
    if (bos < 0 && !config.is_object()) bos = first_of({"<|begin_of_text|>", "<s>", "<bos>"});
    if (eos < 0 && !config.is_object()) eos = first_of({"<|end_of_text|>", "</s>", "<|endoftext|>", "<eos>"});
    if (config.is_object() && config.contains("add_bos_token") && config["add_bos_token"].is_boolean())
        adds_bos = config["add_bos_token"].get<bool>();
    else
        adds_bos = template_bos;
    adds_bos = adds_bos && bos >= 0;
}

const std::string* Pipeline::token(int32_t id) const {
    auto it = added_by_id_.find(id);
    if (it != added_by_id_.end()) return &added_[it->second].content;
    if (id >= 0 && id < model_->size() && !model_->token(id).empty()) return &model_->token(id);
    return nullptr;
}

int32_t Pipeline::find(const std::string& token) const {
    auto it = added_by_content_.find(token);
    if (it != added_by_content_.end()) return it->second;
    return model_->find(token);
}

const AddedToken* Pipeline::added(int32_t id) const {
    auto it = added_by_id_.find(id);
    return it == added_by_id_.end() ? nullptr : &added_[it->second];
}

void Pipeline::encode(const std::string& text, bool specials, bool continuation,
                      std::vector<int32_t>* out) const {
    std::vector<Segment> segments;
    raw_matcher_.split(text.data(), text.size(), specials, &segments);
    for (const Segment& s : segments) {
        if (s.token >= 0) {
            out->push_back(s.token);
            continue;
        }
        if (s.span.second > s.span.first)
            encode_text(text.substr(s.span.first, s.span.second - s.span.first), s.span.first == 0, specials,
                        continuation, out);
    }
}

void Pipeline::pre_tokenize(const std::string& text, std::vector<std::string>* pieces) const {
    std::vector<Segment> segments;
    raw_matcher_.split(text.data(), text.size(), true, &segments);
    for (const Segment& s : segments)
        if (s.token < 0 && s.span.second > s.span.first)
            encode_text(text.substr(s.span.first, s.span.second - s.span.first), s.span.first == 0, true,
                        false, nullptr, pieces);
}

void Pipeline::encode_piece(const std::string& piece, std::vector<int32_t>* out) const {
    std::string bytes;
    if (byte_level_ && byte_level_bytes(piece, &bytes))
        model_->encode(bytes, out);
    else
        model_->encode(piece, out);
}

void Pipeline::encode_text(const std::string& raw, bool origin, bool specials, bool continuation,
                           std::vector<int32_t>* out, std::vector<std::string>* collected) const {
    std::string text = raw;
    if (normalizer_) normalizer_->apply(&text, origin && continuation);
    std::vector<Segment> segments;
    normalized_matcher_.split(text.data(), text.size(), specials, &segments);
    Pieces pieces;
    for (const Segment& s : segments) {
        if (s.token >= 0) {
            if (out) out->push_back(s.token);
            continue;
        }
        if (s.span.second <= s.span.first) continue;
        pieces.text.assign(text, s.span.first, s.span.second - s.span.first);
        pieces.spans.assign(1, {0, pieces.text.size()});
        pieces.at_origin.assign(1, origin && s.span.first == 0);
        pieces.continuation = continuation;
        if (pre_tokenizer_) pre_tokenizer_->apply(&pieces);
        const std::string_view view(pieces.text);
        for (const Span& span : pieces.spans) {
            const std::string_view piece = view.substr(span.first, span.second - span.first);
            if (collected)
                collected->emplace_back(piece);
            else
                model_->encode(piece, out);
        }
    }
}

std::string Pipeline::decode(const std::vector<int32_t>& ids) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (int32_t id : ids) {
        if (const AddedToken* a = added(id)) {
            // A normalised added token decodes from its normalised spelling (the library's cache).
            tokens.push_back(a->normalized ? a->match : a->content);
            continue;
        }
        const std::string* t = token(id);
        if (!t)
            throw UsageError(name_ + ": token id " + std::to_string(id) +
                             " is outside the vocabulary (size " + std::to_string(vocab_size_) + ")");
        tokens.push_back(*t);
    }
    if (!decoder_) {
        std::string joined;
        for (size_t i = 0; i < tokens.size(); ++i) joined += (i ? " " : "") + tokens[i];
        return joined;
    }
    decoder_->apply(&tokens);
    std::string joined;
    for (const auto& t : tokens) joined += t;
    return joined;
}

}  // namespace ipt::hf
