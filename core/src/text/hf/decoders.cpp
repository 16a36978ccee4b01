// tokenizer.json decoders: ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace and Sequence, each
// a step from a list of token strings to a list of strings (the library's decode_chain).
#include "components.h"
#include "unicode_text.h"

namespace ipt::hf {
namespace {

class ByteLevel : public Decoder {
  public:
    void apply(std::vector<std::string>* tokens) const override {
        std::string bytes, token_bytes;
        for (const std::string& t : *tokens) {
            // A token with a character outside the table (an added token) contributes its UTF-8 as is.
            if (byte_level_bytes(t, &token_bytes))
                bytes += token_bytes;
            else
                bytes += t;
        }
        *tokens = {utf8_lossy(bytes)};
    }
};

class Metaspace : public Decoder {
  public:
    Metaspace(std::string replacement, PrependScheme scheme)
        : replacement_(std::move(replacement)), scheme_(scheme) {}
    void apply(std::vector<std::string>* tokens) const override {
        for (size_t i = 0; i < tokens->size(); ++i) {
            std::string& t = (*tokens)[i];
            // In the first token every replacement character is dropped, as the library does.
            const std::string with = i == 0 && scheme_ != PrependScheme::Never ? "" : " ";
            std::string out;
            for (size_t at = 0; at < t.size();) {
                if (t.compare(at, replacement_.size(), replacement_) == 0) {
                    out += with;
                    at += replacement_.size();
                } else {
                    out.push_back(t[at++]);
                }
            }
            t = std::move(out);
        }
    }

  private:
    std::string replacement_;
    PrependScheme scheme_;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class ByteFallback : public Decoder {
  public:
    void apply(std::vector<std::string>* tokens) const override {
        std::vector<std::string> out;
        std::string pending;
        auto flush = [&] {
            if (pending.empty()) return;
            if (first_invalid_utf8(pending) == std::string::npos)
                out.push_back(pending);
            else
                for (size_t i = 0; i < pending.size(); ++i) out.emplace_back("\xEF\xBF\xBD");
            pending.clear();
        };
        for (std::string& t : *tokens) {
            if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>' && hex_digit(t[3]) >= 0 &&
                hex_digit(t[4]) >= 0) {
                pending.push_back(char(hex_digit(t[3]) * 16 + hex_digit(t[4])));
                continue;
            }
            flush();
            out.push_back(std::move(t));
        }
        flush();
        *tokens = std::move(out);
    }
};

class Fuse : public Decoder {
  public:
    void apply(std::vector<std::string>* tokens) const override {
        std::string joined;
        for (const auto& t : *tokens) joined += t;
        *tokens = {std::move(joined)};
    }
};

// Removes up to `start` leading and `stop` trailing copies of one character from every token.
class Strip : public Decoder {
  public:
    Strip(std::string content, size_t start, size_t stop)
        : content_(std::move(content)), start_(start), stop_(stop) {}
    void apply(std::vector<std::string>* tokens) const override {
        for (std::string& t : *tokens) {
            size_t begin = 0, end = t.size();
            for (size_t i = 0; i < start_ && t.compare(begin, content_.size(), content_) == 0 && begin < end;
                 ++i)
                begin += content_.size();
            for (size_t i = 0; i < stop_ && end >= begin + content_.size() &&
                               t.compare(end - content_.size(), content_.size(), content_) == 0;
                 ++i)
                end -= content_.size();
            t = t.substr(begin, end - begin);
        }
    }

  private:
    std::string content_;
    size_t start_, stop_;
};

class Replace : public Decoder {
  public:
    Replace(std::unique_ptr<UnicodeRegex> pattern, std::string content)
        : pattern_(std::move(pattern)), content_(std::move(content)) {}
    void apply(std::vector<std::string>* tokens) const override {
        std::vector<Span> matches;
        for (std::string& t : *tokens) {
            matches.clear();
            pattern_->find_all(t.data(), t.size(), &matches);
            if (matches.empty()) continue;
            std::string out;
            size_t at = 0;
            for (const auto& [begin, end] : matches) {
                out.append(t, at, begin - at);
                out += content_;
                at = end;
            }
            out.append(t, at, std::string::npos);
            t = std::move(out);
        }
    }

  private:
    std::unique_ptr<UnicodeRegex> pattern_;
    std::string content_;
};

class Sequence : public Decoder {
  public:
    explicit Sequence(std::vector<std::unique_ptr<Decoder>> stages) : stages_(std::move(stages)) {}
    void apply(std::vector<std::string>* tokens) const override {
        for (const auto& stage : stages_) stage->apply(tokens);
    }

  private:
    std::vector<std::unique_ptr<Decoder>> stages_;
};

size_t json_count(const json& j, const char* key, const JsonPlace& place) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) place.at(key).fail("expected a non-negative integer");
    return it->get<size_t>();
}

}  // namespace

std::unique_ptr<Decoder> make_decoder(const json& j, const JsonPlace& place) {
    if (j.is_null()) return nullptr;
    if (!j.is_object()) place.fail("expected a decoder object");
    const std::string type = json_string(j, "type", place);
    if (type == "ByteLevel") return std::make_unique<ByteLevel>();
    if (type == "Metaspace")
        return std::make_unique<Metaspace>(metaspace_replacement(j, place), prepend_scheme(j, place));
    if (type == "ByteFallback") return std::make_unique<ByteFallback>();
    if (type == "Fuse") return std::make_unique<Fuse>();
    if (type == "Strip") {
        const std::string content = json_string(j, "content", place);
        return std::make_unique<Strip>(content, json_count(j, "start", place), json_count(j, "stop", place));
    }
    if (type == "Replace")
        return std::make_unique<Replace>(json_pattern(j, "pattern", place), json_string(j, "content", place));
    if (type == "Sequence") {
        const JsonPlace list = place.at("decoders");
        auto it = j.find("decoders");
        if (it == j.end() || !it->is_array()) list.fail("expected an array of decoders");
        std::vector<std::unique_ptr<Decoder>> stages;
        for (size_t i = 0; i < it->size(); ++i)
            if (auto stage = make_decoder((*it)[i], list.at(i))) stages.push_back(std::move(stage));
        return std::make_unique<Sequence>(std::move(stages));
    }
    place.at("type").fail(
        "decoder '" + type +
        "' is not supported (ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace, Sequence)");
}

}  // namespace ipt::hf
