#include "ipt/data/quoted_spans.h"

#include <map>

namespace ipt {
namespace {

// Suffix automaton of the text: every substring of the text is a path from the root, so walking a
// quote through it gives, at each position, the longest suffix of the quote so far that the text holds.
class SuffixAutomaton {
  public:
    explicit SuffixAutomaton(std::u32string_view text) {
        states_.reserve(2 * text.size() + 1);
        states_.push_back(State{});
        for (size_t i = 0; i < text.size(); ++i) extend(text[i], i);
    }

    struct State {
        size_t length = 0;
        int link = -1;
        size_t first_end = 0;  // end position (inclusive) of the first occurrence in the text
        std::map<char32_t, int> next;
    };

    const State& state(int s) const { return states_[size_t(s)]; }
    int step(int s, char32_t c) const {
        auto it = states_[size_t(s)].next.find(c);
        return it == states_[size_t(s)].next.end() ? -1 : it->second;
    }

  private:
    void extend(char32_t c, size_t position) {
        const int current = int(states_.size());
        states_.push_back(State{states_[size_t(last_)].length + 1, -1, position, {}});
        int p = last_;
        while (p != -1 && !states_[size_t(p)].next.count(c)) {
            states_[size_t(p)].next[c] = current;
            p = states_[size_t(p)].link;
        }
        if (p == -1) {
            states_[size_t(current)].link = 0;
        } else {
            const int q = states_[size_t(p)].next[c];
            if (states_[size_t(p)].length + 1 == states_[size_t(q)].length) {
                states_[size_t(current)].link = q;
            } else {
                const int clone = int(states_.size());
                State copy = states_[size_t(q)];
                copy.length = states_[size_t(p)].length + 1;
                states_.push_back(std::move(copy));
                while (p != -1 && states_[size_t(p)].next[c] == q) {
                    states_[size_t(p)].next[c] = clone;
                    p = states_[size_t(p)].link;
                }
                states_[size_t(q)].link = clone;
                states_[size_t(current)].link = clone;
            }
        }
        last_ = current;
    }

    std::vector<State> states_;
    int last_ = 0;
};

}  // namespace

std::vector<QuotedSpan> find_quoted_spans(std::u32string_view text, std::u32string_view quote,
                                          size_t min_length) {
    std::vector<QuotedSpan> spans;
    if (text.empty() || quote.empty() || min_length == 0) return spans;
    const SuffixAutomaton automaton(text);
    int state = 0;
    size_t length = 0;
    for (size_t i = 0; i < quote.size(); ++i) {
        const char32_t c = quote[i];
        while (state != 0 && automaton.step(state, c) < 0) {
            state = automaton.state(state).link;
            length = automaton.state(state).length;
        }
        const int next = automaton.step(state, c);
        if (next >= 0) {
            state = next;
            ++length;
        } else {
            state = 0;
            length = 0;
        }
        // The match ending here is maximal when the next character does not extend it.
        const bool extends = i + 1 < quote.size() && automaton.step(state, quote[i + 1]) >= 0;
        if (length >= min_length && !extends) {
            const size_t text_end = automaton.state(state).first_end;
            spans.push_back(QuotedSpan{text_end + 1 - length, i + 1 - length, length});
        }
    }
    return spans;
}

}  // namespace ipt
