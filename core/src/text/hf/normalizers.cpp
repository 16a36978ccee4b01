// tokenizer.json normalisers: NFC, NFD, NFKC, NFKD (ICU), Prepend, Replace, Strip and Sequence.
#include "components.h"
#include "unicode_text.h"

namespace ipt::hf {
namespace {

class UnicodeForm : public Normalizer {
  public:
    explicit UnicodeForm(NormalForm form) : form_(form) {}
    void apply(std::string* text, bool continued) const override { *text = normalize_unicode(*text, form_); }

  private:
    NormalForm form_;
};

class Prepend : public Normalizer {
  public:
    explicit Prepend(std::string prefix) : prefix_(std::move(prefix)) {}
    void apply(std::string* text, bool continued) const override {
        if (!text->empty() && !continued) text->insert(0, prefix_);
    }

  private:
    std::string prefix_;
};

class Replace : public Normalizer {
  public:
    Replace(std::unique_ptr<UnicodeRegex> pattern, std::string content, bool regex)
        : pattern_(std::move(pattern)), content_(std::move(content)) {
        // A rule anchored at the start of the text (transformers' "\A▁" -> "▁▁", SentencePiece's dummy
        // prefix) marks a word start there; text that continues earlier text has none.
        const std::string& p = pattern_->pattern();
        at_start_ = regex && (p.rfind("\\A", 0) == 0 || p.rfind("^", 0) == 0);
    }
    void apply(std::string* text, bool continued) const override {
        if (continued && at_start_) return;
        std::vector<Span> matches;
        pattern_->find_all(text->data(), text->size(), &matches);
        if (matches.empty()) return;
        std::string out;
        out.reserve(text->size());
        size_t at = 0;
        for (const auto& [begin, end] : matches) {
            out.append(*text, at, begin - at);
            out += content_;
            at = end;
        }
        out.append(*text, at, std::string::npos);
        *text = std::move(out);
    }

  private:
    std::unique_ptr<UnicodeRegex> pattern_;
    std::string content_;
    bool at_start_ = false;
};

// Removes leading and/or trailing White_Space characters.
class Strip : public Normalizer {
  public:
    Strip(bool left, bool right) : left_(left), right_(right) {}
    void apply(std::string* text, bool continued) const override {
        size_t begin = 0, end = text->size();
        if (left_) {
            while (begin < end) {
                size_t length = 0;
                if (!is_white_space(decode_utf8(text->data(), end, begin, &length))) break;
                begin += length;
            }
        }
        if (right_) {
            while (end > begin) {
                size_t start = end - 1;
                while (start > begin && (static_cast<unsigned char>((*text)[start]) & 0xC0) == 0x80) --start;
                size_t length = 0;
                if (!is_white_space(decode_utf8(text->data(), end, start, &length))) break;
                end = start;
            }
        }
        *text = text->substr(begin, end - begin);
    }

  private:
    bool left_, right_;
};

class Sequence : public Normalizer {
  public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> stages) : stages_(std::move(stages)) {}
    void apply(std::string* text, bool continued) const override {
        for (const auto& stage : stages_) stage->apply(text, continued);
    }

  private:
    std::vector<std::unique_ptr<Normalizer>> stages_;
};

}  // namespace

std::unique_ptr<Normalizer> make_normalizer(const json& j, const JsonPlace& place) {
    if (j.is_null()) return nullptr;
    if (!j.is_object()) place.fail("expected a normalizer object");
    const std::string type = json_string(j, "type", place);
    if (type == "NFC") return std::make_unique<UnicodeForm>(NormalForm::NFC);
    if (type == "NFD") return std::make_unique<UnicodeForm>(NormalForm::NFD);
    if (type == "NFKC") return std::make_unique<UnicodeForm>(NormalForm::NFKC);
    if (type == "NFKD") return std::make_unique<UnicodeForm>(NormalForm::NFKD);
    if (type == "Prepend") return std::make_unique<Prepend>(json_string(j, "prepend", place));
    if (type == "Replace")
        return std::make_unique<Replace>(
            json_pattern(j, "pattern", place), json_string(j, "content", place),
            j.contains("pattern") && j["pattern"].is_object() && j["pattern"].contains("Regex"));
    if (type == "Strip")
        return std::make_unique<Strip>(json_bool(j, "strip_left", false, place),
                                       json_bool(j, "strip_right", false, place));
    if (type == "Sequence") {
        const JsonPlace list = place.at("normalizers");
        auto it = j.find("normalizers");
        if (it == j.end() || !it->is_array()) list.fail("expected an array of normalizers");
        std::vector<std::unique_ptr<Normalizer>> stages;
        for (size_t i = 0; i < it->size(); ++i)
            if (auto stage = make_normalizer((*it)[i], list.at(i))) stages.push_back(std::move(stage));
        return std::make_unique<Sequence>(std::move(stages));
    }
    place.at("type").fail("normalizer '" + type +
                          "' is not supported (NFC, NFD, NFKC, NFKD, Prepend, Replace, Strip, Sequence)");
}

}  // namespace ipt::hf
