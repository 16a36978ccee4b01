#pragma once
// Added tokens (tokenizer.json's "added_tokens"): cut out of the text before the model sees it,
// leftmost-longest, with the library's single_word / lstrip / rstrip rules (added_vocabulary.rs). Tokens
// with normalized=false match the raw text; the others match the normalised text, spelt normalised.
#include <cstdint>
#include <string>
#include <vector>

#include "components.h"

namespace ipt::hf {

struct AddedToken {
    int32_t id = 0;
    std::string content;
    std::string match;  // what is searched for: the content, normalised for normalized tokens
    bool special = false, single_word = false, lstrip = false, rstrip = false, normalized = true;
};

// A run of text, or an added token (token >= 0) with the span it covers (stripped spaces included).
struct Segment {
    Span span;
    int32_t token = -1;
};

class AddedTokenMatcher {
  public:
    AddedTokenMatcher() = default;
    explicit AddedTokenMatcher(std::vector<const AddedToken*> tokens);
    bool empty() const { return tokens_.empty(); }
    // Splits text[0, size) into segments covering it. Special tokens are skipped unless `specials`.
    void split(const char* text, size_t size, bool specials, std::vector<Segment>* out) const;

  private:
    std::vector<const AddedToken*> tokens_;
    std::vector<std::vector<const AddedToken*>> by_first_byte_;  // longest first
};

}  // namespace ipt::hf
