#include "ipt/synth/templates.h"

#include <random>

#include "ipt/synth/pair_parser.h"

namespace ipt {
namespace {

// FNV-1a over the key, mixed with the seed: a stable per-chain seed on every platform.
uint64_t mix(uint64_t seed, const std::string& key) {
    uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    return h;
}

// The question without its options block; the options are laid out by the template.
std::string question_stem(const Pair& pair) {
    const size_t at = pair.question.find("\nOptions:\n");
    return at == std::string::npos ? pair.question : pair.question.substr(0, at);
}

}  // namespace

const std::vector<TemplateStyle>& template_styles() {
    static const std::vector<TemplateStyle> styles = {
        {"question-answer", "Question: ", "Answer: ", false},
        {"q-a", "Q: ", "A: ", false},
        {"problem-answer", "Problem: ", "Answer: ", false},
        {"numbered", "Question ", "Answer ", true},
        {"dialogue", "User: ", "Assistant: ", false},
        {"instruction-response", "Instruction: ", "Response: ", false},
        {"plain", "", "", false},
    };
    return styles;
}

TemplateChoice choose_template(uint64_t seed, const std::string& key) {
    std::mt19937_64 rng(mix(seed, key));  // mt19937_64's sequence is fixed by the standard
    TemplateChoice c;
    c.style = static_cast<size_t>(rng() % template_styles().size());
    c.lettered_options = rng() % 2 == 0;
    c.pairs_first = rng() % 5 == 0;  // pairs before the text one time in five
    return c;
}

std::string render_qa(const Pair& pair, const TemplateChoice& choice, size_t number) {
    const TemplateStyle& style = template_styles()[choice.style % template_styles().size()];
    const std::vector<std::string> options =
        pair.options.empty() ? parse_options(pair.question) : pair.options;
    std::string q = style.question_label, a = style.answer_label;
    if (style.numbered) {
        q += std::to_string(number) + ": ";
        a += std::to_string(number) + ": ";
    }
    std::string out = q + (options.empty() ? pair.question : question_stem(pair));
    if (!options.empty()) {
        out += "\nOptions:";
        for (size_t i = 0; i < options.size(); ++i) {
            if (choice.lettered_options && i < 26)
                out += std::string("\n(") + static_cast<char>('A' + i) + ") " + options[i];
            else
                out += "\n- " + options[i];
        }
    }
    return out + "\n" + a + pair.answer;
}

std::string render_augmented_text(const SynthExample& example, const TemplateChoice& choice) {
    if (example.pairs.empty()) return example.text;
    std::string pairs;
    for (size_t i = 0; i < example.pairs.size(); ++i)
        pairs += (i ? "\n\n" : "") + render_qa(example.pairs[i], choice, i + 1);
    if (example.text.empty()) return pairs;  // general instruction data: pairs without a text
    return choice.pairs_first ? pairs + "\n\n" + example.text : example.text + "\n\n" + pairs;
}

std::string render_chain(const std::vector<SynthExample>& chain, const TemplateChoice& choice) {
    std::string out;
    for (size_t i = 0; i < chain.size(); ++i)
        out += (i ? "\n\n" : "") + render_augmented_text(chain[i], choice);
    return out;
}

}  // namespace ipt
