#include "ipt/synth/prompt_format.h"

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

TokenIds encode_prompt(const Tokenizer& tokenizer, const SynthPrompt& prompt) {
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

}  // namespace ipt
