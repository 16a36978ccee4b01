// tokenizer.json pre-tokenizers: Split (regex or string, every behaviour, invert), ByteLevel, Metaspace,
// Digits and Sequence, with the Hugging Face library's splitting rules (normalizer.rs `split`).
#include "components.h"
#include "unicode_text.h"

namespace ipt::hf {

SplitBehavior split_behavior(const std::string& name, const JsonPlace& place) {
    if (name == "Removed") return SplitBehavior::Removed;
    if (name == "Isolated") return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (name == "Contiguous") return SplitBehavior::Contiguous;
    place.fail("unknown split behavior '" + name +
               "' (Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous)");
}

void split_piece(size_t begin, size_t end, bool origin, const std::vector<Span>& matches,
                 SplitBehavior behavior, bool invert, Pieces* out) {
    // The piece as consecutive (span, is_match) parts covering it, as Pattern::find_matches gives.
    struct Part {
        Span span;
        bool match;
    };
    std::vector<Part> parts;
    parts.reserve(matches.size() * 2 + 1);
    size_t at = begin;
    for (const Span& m : matches) {
        if (at != m.first) parts.push_back({{at, m.first}, invert});
        parts.push_back({m, !invert});
        at = m.second;
    }
    if (at != end) parts.push_back({{at, end}, invert});

    auto emit = [&](Span s) {
        if (s.second <= s.first) return;
        out->spans.push_back(s);
        out->at_origin.push_back(origin && s.first == begin);
    };
    switch (behavior) {
        case SplitBehavior::Isolated:
            for (const Part& p : parts) emit(p.span);
            return;
        case SplitBehavior::Removed:
            for (const Part& p : parts)
                if (!p.match) emit(p.span);
            return;
        case SplitBehavior::Contiguous: {
            std::vector<Span> merged;
            bool previous = false;
            for (const Part& p : parts) {
                if (p.match == previous && !merged.empty())
                    merged.back().second = p.span.second;
                else
                    merged.push_back(p.span);
                previous = p.match;
            }
            for (const Span& s : merged) emit(s);
            return;
        }
        case SplitBehavior::MergedWithPrevious: {
            std::vector<Span> merged;
            bool previous = false;
            for (const Part& p : parts) {
                if (p.match && !previous && !merged.empty())
                    merged.back().second = p.span.second;
                else
                    merged.push_back(p.span);
                previous = p.match;
            }
            for (const Span& s : merged) emit(s);
            return;
        }
        case SplitBehavior::MergedWithNext: {
            std::vector<Span> merged;  // built back to front
            bool previous = false;
            for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
                if (it->match && !previous && !merged.empty())
                    merged.back().first = it->span.first;
                else
                    merged.push_back(it->span);
                previous = it->match;
            }
            for (auto it = merged.rbegin(); it != merged.rend(); ++it) emit(*it);
            return;
        }
    }
}

namespace {

class Split : public PreTokenizer {
  public:
    Split(std::unique_ptr<UnicodeRegex> pattern, SplitBehavior behavior, bool invert)
        : pattern_(std::move(pattern)), behavior_(behavior), invert_(invert) {}
    void apply(Pieces* pieces) const override {
        Pieces out;
        out.spans.reserve(pieces->spans.size() * 4);
        std::vector<Span> matches;
        for (size_t i = 0; i < pieces->spans.size(); ++i) {
            const auto [begin, end] = pieces->spans[i];
            matches.clear();
            pattern_->find_all(pieces->text.data() + begin, end - begin, &matches);
            for (Span& m : matches) m = {m.first + begin, m.second + begin};
            split_piece(begin, end, pieces->at_origin[i], matches, behavior_, invert_, &out);
        }
        pieces->spans = std::move(out.spans);
        pieces->at_origin = std::move(out.at_origin);
    }

  private:
    std::unique_ptr<UnicodeRegex> pattern_;
    SplitBehavior behavior_;
    bool invert_;
};

// Splits on characters with a property (Digits: Rust's char::is_numeric).
class Digits : public PreTokenizer {
  public:
    explicit Digits(bool individual) : individual_(individual) {}
    void apply(Pieces* pieces) const override {
        Pieces out;
        std::vector<Span> matches;
        const std::string& text = pieces->text;
        for (size_t i = 0; i < pieces->spans.size(); ++i) {
            const auto [begin, end] = pieces->spans[i];
            matches.clear();
            for (size_t at = begin; at < end;) {
                size_t length = 0;
                const char32_t c = decode_utf8(text.data(), end, at, &length);
                if (is_numeric(c)) matches.emplace_back(at, at + length);
                at += length;
            }
            split_piece(begin, end, pieces->at_origin[i], matches,
                        individual_ ? SplitBehavior::Isolated : SplitBehavior::Contiguous, false, &out);
        }
        pieces->spans = std::move(out.spans);
        pieces->at_origin = std::move(out.at_origin);
    }

  private:
    bool individual_;
};

// Rewrites every piece into a new buffer through `rewrite(piece text, origin, &buffer)`.
template <typename Rewrite>
void rewrite_pieces(Pieces* pieces, Rewrite rewrite) {
    std::string text;
    text.reserve(pieces->text.size() + pieces->spans.size() * 3);
    std::vector<Span> spans;
    spans.reserve(pieces->spans.size());
    for (size_t i = 0; i < pieces->spans.size(); ++i) {
        const auto [begin, end] = pieces->spans[i];
        const size_t start = text.size();
        rewrite(std::string_view(pieces->text).substr(begin, end - begin), pieces->at_origin[i] != 0, &text);
        spans.emplace_back(start, text.size());
    }
    pieces->text = std::move(text);
    pieces->spans = std::move(spans);
}

class ByteLevel : public PreTokenizer {
  public:
    ByteLevel(bool add_prefix_space, bool use_regex) : add_prefix_space_(add_prefix_space) {
        if (use_regex)
            gpt2_ = UnicodeRegex::compile(
                R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
                "the ByteLevel pre-tokenizer");
    }
    void apply(Pieces* pieces) const override {
        if (add_prefix_space_) {
            const bool skip_origin = pieces->continuation;
            rewrite_pieces(pieces, [&](std::string_view piece, bool origin, std::string* out) {
                if ((piece.empty() || piece[0] != ' ') && !(origin && skip_origin)) out->push_back(' ');
                out->append(piece);
            });
        }
        if (!gpt2_) return;
        Pieces out;
        std::vector<Span> matches;
        for (size_t i = 0; i < pieces->spans.size(); ++i) {
            const auto [begin, end] = pieces->spans[i];
            matches.clear();
            gpt2_->find_all(pieces->text.data() + begin, end - begin, &matches);
            for (Span& m : matches) m = {m.first + begin, m.second + begin};
            split_piece(begin, end, pieces->at_origin[i], matches, SplitBehavior::Isolated, false, &out);
        }
        pieces->spans = std::move(out.spans);
        pieces->at_origin = std::move(out.at_origin);
    }
    bool byte_level() const override { return true; }

  private:
    bool add_prefix_space_;
    std::unique_ptr<UnicodeRegex> gpt2_;
};

class Metaspace : public PreTokenizer {
  public:
    Metaspace(std::string replacement, PrependScheme scheme, bool split)
        : replacement_(std::move(replacement)), scheme_(scheme), split_(split) {}
    void apply(Pieces* pieces) const override {
        const bool continuation = pieces->continuation;
        rewrite_pieces(pieces, [&](std::string_view piece, bool origin, std::string* out) {
            const bool starts =
                piece.substr(0, 1) == " " || piece.substr(0, replacement_.size()) == replacement_;
            bool prepend = false;
            if (scheme_ == PrependScheme::Always) prepend = !starts && !(origin && continuation);
            if (scheme_ == PrependScheme::First) prepend = !starts && origin && !continuation;
            if (prepend) *out += replacement_;
            for (char c : piece)
                if (c == ' ')
                    *out += replacement_;
                else
                    out->push_back(c);
        });
        if (!split_) return;
        Pieces out;
        std::vector<Span> matches;
        for (size_t i = 0; i < pieces->spans.size(); ++i) {
            const auto [begin, end] = pieces->spans[i];
            matches.clear();
            for (size_t at = pieces->text.find(replacement_, begin); at != std::string::npos && at < end;
                 at = pieces->text.find(replacement_, at + replacement_.size()))
                matches.emplace_back(at, at + replacement_.size());
            split_piece(begin, end, pieces->at_origin[i], matches, SplitBehavior::MergedWithNext, false,
                        &out);
        }
        pieces->spans = std::move(out.spans);
        pieces->at_origin = std::move(out.at_origin);
    }

  private:
    std::string replacement_;
    PrependScheme scheme_;
    bool split_;
};

class Sequence : public PreTokenizer {
  public:
    explicit Sequence(std::vector<std::unique_ptr<PreTokenizer>> stages) : stages_(std::move(stages)) {}
    void apply(Pieces* pieces) const override {
        for (const auto& stage : stages_) stage->apply(pieces);
    }
    bool byte_level() const override { return !stages_.empty() && stages_.back()->byte_level(); }

  private:
    std::vector<std::unique_ptr<PreTokenizer>> stages_;
};

}  // namespace

PrependScheme prepend_scheme(const json& j, const JsonPlace& place) {
    // Older files spell it add_prefix_space (true: always, false: never).
    auto legacy = j.find("add_prefix_space");
    auto it = j.find("prepend_scheme");
    if (it == j.end() || it->is_null()) {
        if (legacy != j.end() && legacy->is_boolean())
            return legacy->get<bool>() ? PrependScheme::Always : PrependScheme::Never;
        return PrependScheme::Always;
    }
    const std::string name = json_string(j, "prepend_scheme", place);
    if (name == "always") return PrependScheme::Always;
    if (name == "first") return PrependScheme::First;
    if (name == "never") return PrependScheme::Never;
    place.at("prepend_scheme").fail("unknown prepend_scheme '" + name + "' (always, first, never)");
}

std::string metaspace_replacement(const json& j, const JsonPlace& place) {
    const std::string r = json_string(j, "replacement", place);
    size_t length = 0;
    if (r.empty() || (decode_utf8(r.data(), r.size(), 0, &length), length != r.size()))
        place.at("replacement").fail("expected a single character");
    return r;
}

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const json& j, const JsonPlace& place) {
    if (j.is_null()) return nullptr;
    if (!j.is_object()) place.fail("expected a pre-tokenizer object");
    const std::string type = json_string(j, "type", place);
    if (type == "Split") {
        auto it = j.find("behavior");
        if (it == j.end() || !it->is_string()) place.at("behavior").fail("expected a string");
        return std::make_unique<Split>(json_pattern(j, "pattern", place),
                                       split_behavior(it->get<std::string>(), place.at("behavior")),
                                       json_bool(j, "invert", false, place));
    }
    if (type == "ByteLevel")
        return std::make_unique<ByteLevel>(json_bool(j, "add_prefix_space", true, place),
                                           json_bool(j, "use_regex", true, place));
    if (type == "Metaspace") {
        PrependScheme scheme = prepend_scheme(j, place);
        return std::make_unique<Metaspace>(metaspace_replacement(j, place), scheme,
                                           json_bool(j, "split", true, place));
    }
    if (type == "Digits") return std::make_unique<Digits>(json_bool(j, "individual_digits", false, place));
    if (type == "Sequence") {
        const JsonPlace list = place.at("pretokenizers");
        auto it = j.find("pretokenizers");
        if (it == j.end() || !it->is_array()) list.fail("expected an array of pre-tokenizers");
        std::vector<std::unique_ptr<PreTokenizer>> stages;
        for (size_t i = 0; i < it->size(); ++i) {
            if (!stages.empty() && stages.back()->byte_level())
                list.at(i).fail(
                    "a pre-tokenizer after ByteLevel is not supported (it would see ByteLevel's "
                    "mapped characters)");
            if (auto stage = make_pre_tokenizer((*it)[i], list.at(i))) stages.push_back(std::move(stage));
        }
        return std::make_unique<Sequence>(std::move(stages));
    }
    place.at("type").fail("pre-tokenizer '" + type +
                          "' is not supported (Split, ByteLevel, Metaspace, Digits, Sequence)");
}

}  // namespace ipt::hf
