#include "ipt/synth/prompt_format.h"

#include "ipt/common/error.h"
#include "ipt/common/python_text.h"

namespace ipt {

const char* const kBosSpelling = "<s>";
const char* const kEosSpelling = "</s>";

std::string render_context(const std::string& text) {
    return " <CON> " + text + " </CON>\n\n";
}

std::string render_pair(const Pair& pair) {
    return "<QUE> " + pair.question + " <ANS> " + pair.answer + " </END>";
}

std::string render_pairs(const std::vector<Pair>& pairs) {
    std::string out;
    for (size_t i = 0; i < pairs.size(); ++i) out += (i ? "\n\n" : "") + render_pair(pairs[i]);
    return out;
}

std::vector<PromptPiece> prompt_pieces(const SynthPrompt& prompt) {
    std::vector<PromptPiece> pieces;
    for (const SynthExample& demo : prompt.demonstrations) {
        pieces.push_back({PromptPiece::Bos, {}});
        pieces.push_back({PromptPiece::Text, render_context(demo.text) + render_pairs(demo.pairs)});
        pieces.push_back({PromptPiece::Eos, {}});
    }
    pieces.push_back({PromptPiece::Bos, {}});
    pieces.push_back({PromptPiece::Text, render_context(prompt.text) + prompt.continuation});
    return pieces;
}

namespace {

std::string spell(const std::vector<PromptPiece>& pieces) {
    std::string out;
    for (const PromptPiece& p : pieces)
        out += p.kind == PromptPiece::Bos ? kBosSpelling : p.kind == PromptPiece::Eos ? kEosSpelling : p.text;
    return out;
}

}  // namespace

std::string render_example(const SynthExample& example) {
    return kBosSpelling + render_context(example.text) + render_pairs(example.pairs) + kEosSpelling;
}

std::string render_prompt(const SynthPrompt& prompt) {
    return spell(prompt_pieces(prompt));
}

const char* prompt_encoding_name(PromptEncoding encoding) {
    return encoding == PromptEncoding::Released ? "released" : "pieces";
}

PromptEncoding parse_prompt_encoding(const std::string& name) {
    if (name == "pieces") return PromptEncoding::Pieces;
    if (name == "released") return PromptEncoding::Released;
    throw UsageError("prompt encoding '" + name + "' is not pieces or released");
}

TokenIds encode_prompt(const Tokenizer& tokenizer, const SynthPrompt& prompt, PromptEncoding encoding) {
    if (encoding == PromptEncoding::Released) {
        EncodeOptions options;
        options.add_bos = true;
        options.parse_special = true;
        return tokenizer.encode(render_prompt(prompt), options);
    }
    TokenIds ids;
    EncodeOptions text_options;
    text_options.continuation = true;
    for (const PromptPiece& p : prompt_pieces(prompt)) {
        if (p.kind == PromptPiece::Bos) {
            if (tokenizer.bos_id() >= 0) ids.push_back(tokenizer.bos_id());
        } else if (p.kind == PromptPiece::Eos) {
            if (tokenizer.eos_id() >= 0) ids.push_back(tokenizer.eos_id());
        } else {
            TokenIds body = tokenizer.encode(p.text, text_options);
            ids.insert(ids.end(), body.begin(), body.end());
        }
    }
    return ids;
}

std::string cut_at_word_boundary(const std::string& text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    // ASCII whitespace only: a byte inside a multi-byte character is never taken for a space.
    auto space_at = [&](size_t i) {
        const char c = text[i];
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    };
    if (space_at(max_bytes)) return python_rstrip(text.substr(0, max_bytes));
    size_t back = max_bytes;
    while (back > 0 && !space_at(back - 1)) --back;
    if (back > 0) return python_rstrip(text.substr(0, back));
    // One word longer than the limit: whole UTF-8 characters.
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

}  // namespace ipt
