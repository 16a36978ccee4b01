#pragma once
// The released synthesizer's text format, byte for byte (it was fixed during the synthesizer's
// fine-tuning; any deviation at inference costs quality):
//   <s> <CON> {text} </CON>\n\n<QUE> {q1} <ANS> {a1} </END>\n\n<QUE> {q2} <ANS> {a2} </END></s>
// and the next example follows directly with "<s> <CON> ...". "<s>" and "</s>" are the tokenizer's
// BOS and EOS tokens, never their spellings: raw text containing "<s>" stays text.
#include <string>
#include <vector>

#include "ipt/data/pair_record.h"
#include "ipt/text/tokenizer.h"

namespace ipt {

// A text and its pairs: a demonstration in a prompt, or a finished example.
struct SynthExample {
    std::string text;
    std::vector<Pair> pairs;
};

// A prompt for one text: the chain's earlier examples, then the text whose pairs are wanted.
struct SynthPrompt {
    std::vector<SynthExample> demonstrations;
    std::string text;
    // Written after the context, e.g. "<QUE> {question} <ANS>" to ask for one answer.
    std::string continuation;
};

extern const char* const kBosSpelling;  // "<s>"
extern const char* const kEosSpelling;  // "</s>"

// " <CON> {text} </CON>\n\n"
std::string render_context(const std::string& text);
// "<QUE> {question} <ANS> {answer} </END>"
std::string render_pair(const Pair& pair);
// Pairs joined by blank lines.
std::string render_pairs(const std::vector<Pair>& pairs);
// "<s>" + context + pairs + "</s>": an example as a demonstration.
std::string render_example(const SynthExample& example);
// The whole prompt as text: demonstrations, then "<s>" + context.
std::string render_prompt(const SynthPrompt& prompt);

// How a prompt becomes token ids.
enum class PromptEncoding {
    // Control pieces as the tokenizer's BOS / EOS ids, the text between them encoded as a continuation
    // (one word-start marker for the leading space): the format as the synthesizer saw it in training,
    // whatever the spelling of the control tokens.
    Pieces,
    // The released inference path (read_compre.py's prompt strings given to vLLM): the whole prompt
    // string, "<s>" and "</s>" spelled out, encoded by the tokenizer with BOS added and the spellings
    // parsed as special tokens; the prompt therefore starts with two BOS ids.
    Released,
};
const char* prompt_encoding_name(PromptEncoding encoding);      // "pieces", "released"
PromptEncoding parse_prompt_encoding(const std::string& name);  // throws UsageError

// A piece of a rendered prompt: text, or one of the control tokens.
struct PromptPiece {
    enum Kind { Text, Bos, Eos } kind = Text;
    std::string text;  // for Text
};
std::vector<PromptPiece> prompt_pieces(const SynthPrompt& prompt);
// Token ids of the prompt: control pieces as the tokenizer's BOS / EOS ids, text after them encoded
// as a continuation (the leading space becomes one word-start marker, as for "<s> Hello").
TokenIds encode_prompt(const Tokenizer& tokenizer, const SynthPrompt& prompt,
                       PromptEncoding encoding = PromptEncoding::Pieces);

// The longest prefix of `text` of at most `max_bytes` bytes that ends at a word boundary (before
// whitespace, trailing whitespace dropped), so that an over-long text is never cut inside a word; a
// text whose first word alone is longer is cut at the last whole UTF-8 character.
std::string cut_at_word_boundary(const std::string& text, size_t max_bytes);

}  // namespace ipt
