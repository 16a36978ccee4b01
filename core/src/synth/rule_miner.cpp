#include "ipt/synth/rule_miner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ipt {
namespace {

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// ASCII only: the connectives and markers are ASCII, and std::tolower's locale lookup dominated the
// miner's profile.
char lower_char(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string s) {
    for (char& c : s) c = lower_char(c);
    return s;
}

std::string capitalize(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// "A prime number" -> "a prime number" inside a question; names keep their capitals.
std::string lower_article(std::string s) {
    for (const char* article : {"A ", "An ", "The "})
        if (s.compare(0, std::char_traits<char>::length(article), article) == 0)
            s[0] = static_cast<char>(std::tolower(s[0]));
    return s;
}

std::string strip_end_punctuation(std::string s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';' || s.back() == ' '))
        s.pop_back();
    return s;
}

size_t word_count(const std::string& s) {
    size_t n = 0;
    bool in_word = false;
    for (unsigned char c : s) {
        const bool space = std::isspace(c);
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

bool ends_sentence_here(const std::string& text, size_t i) {
    static const std::unordered_set<std::string> abbreviations = {"mr",  "mrs", "ms",  "dr", "prof", "st",
                                                                  "e.g", "i.e", "etc", "vs", "inc",  "ltd",
                                                                  "jr",  "sr",  "fig", "cf", "al"};
    const char c = text[i];
    if (c != '.' && c != '!' && c != '?') return false;
    size_t next = i + 1;
    while (next < text.size() && (text[next] == '"' || text[next] == '\'' || text[next] == ')')) ++next;
    if (next < text.size() && !std::isspace(static_cast<unsigned char>(text[next]))) return false;
    if (c != '.') return true;
    size_t start = i;
    while (start > 0 && !std::isspace(static_cast<unsigned char>(text[start - 1]))) --start;
    const std::string word = lower(text.substr(start, i - start));
    if (abbreviations.count(word)) return false;
    // "No. 5" abbreviates number; "the answer was no." ends a sentence.
    if (word == "no" && next + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[next + 1])))
        return false;
    if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) return false;  // an initial
    size_t after = next;
    while (after < text.size() && std::isspace(static_cast<unsigned char>(text[after]))) ++after;
    // "... e.g. the river" : a lower-case word after the period continues the sentence.
    return after >= text.size() || !std::islower(static_cast<unsigned char>(text[after]));
}

// Connective at the start of a sentence ("However, x" / "But x"): the rest, capitalised, or empty.
std::string after_leading_connective(const std::string& sentence, const std::string& low,
                                     const std::string& connective) {
    if (sentence.size() <= connective.size() + 1) return {};
    if (low.compare(0, connective.size(), connective) != 0) return {};
    const char next = sentence[connective.size()];
    if (next != ',' && next != ' ') return {};
    std::string rest = trim(sentence.substr(connective.size() + 1));
    return word_count(rest) >= 2 ? capitalize(rest) : std::string();
}

// Clause joined inside a sentence ("x, but y" / "x; therefore, y"): the two clauses, or false.
bool split_on_inner_connective(const std::string& sentence, const std::string& low,
                               const std::string& connective, std::string* left, std::string* right) {
    for (const char* joint : {", ", "; "}) {
        const std::string needle = joint + connective;
        size_t at = low.find(needle);
        if (at == std::string::npos) continue;
        const size_t after = at + needle.size();
        if (after >= low.size() || (low[after] != ' ' && low[after] != ',')) continue;
        *left = trim(sentence.substr(0, at));
        *right = trim(sentence.substr(after + 1));
        if (!right->empty() && (*right)[0] == ',') *right = trim(right->substr(1));
        if (word_count(*left) >= 2 && word_count(*right) >= 2) {
            *left = strip_end_punctuation(*left) + ".";
            *right = capitalize(strip_end_punctuation(*right)) + ".";
            return true;
        }
    }
    return false;
}

Pair make(std::string question, std::string answer, const char* category) {
    Pair p;
    p.question = std::move(question);
    p.answer = std::move(answer);
    p.category = category;
    return p;
}

const char* const kNliOptions = "\nOptions:\n- yes\n- it is not possible to tell\n- no";

Pair nli_pair(const std::string& premise, const std::string& hypothesis, const char* answer) {
    Pair p = make(
        "Does the sentence \"" + premise + "\" entail the sentence \"" + hypothesis + "\"?" + kNliOptions,
        answer, "nli");
    p.options = {"yes", "it is not possible to tell", "no"};
    return p;
}

struct Miner {
    std::vector<Pair> nli, cause_effect, paraphrase;

    void connect(const std::string& first, const std::string& second, const std::string& family,
                 const std::string& connective) {
        if (family == "entail") {
            nli.push_back(nli_pair(first, second, "yes"));
            cause_effect.push_back(
                make("What is a likely result of the following? " + first, second, "cause-effect"));
        } else if (family == "contradict") {
            nli.push_back(nli_pair(first, second, "no"));
        } else if (family == "neutral") {
            nli.push_back(nli_pair(first, second, "it is not possible to tell"));
        } else if (family == "paraphrase") {
            const char* how = connective == "similarly" ? "Write a sentence similar to the following: "
                                                        : "Paraphrase the following sentence: ";
            paraphrase.push_back(make(how + first, second, "paraphrase"));
        }
    }
};

const std::vector<std::pair<std::string, const std::vector<std::string>*>>& families() {
    static const std::vector<std::pair<std::string, const std::vector<std::string>*>> all = {
        {"entail", &Connectives::entail()},
        {"contradict", &Connectives::contradict()},
        {"neutral", &Connectives::neutral()},
        {"paraphrase", &Connectives::paraphrase()}};
    return all;
}

void mine_connectives(const std::vector<std::string>& sentences, const std::vector<std::string>& lows,
                      Miner* miner) {
    for (size_t i = 0; i < sentences.size(); ++i) {
        bool joined = false;
        for (const auto& [family, words] : families()) {
            for (const std::string& c : *words) {
                if (i > 0 && !joined) {
                    const std::string rest = after_leading_connective(sentences[i], lows[i], c);
                    if (!rest.empty()) {
                        miner->connect(sentences[i - 1], rest, family, c);
                        joined = true;
                    }
                }
                std::string left, right;
                // "also" inside a clause is too common to mean "in addition"; only at a sentence start.
                if (c != "also" && lows[i].find(c) != std::string::npos &&
                    split_on_inner_connective(sentences[i], lows[i], c, &left, &right))
                    miner->connect(left, right, family, c);
            }
        }
    }
}

void mine_causes(const std::vector<std::string>& sentences, const std::vector<std::string>& lows,
                 std::vector<Pair>* out) {
    for (size_t k = 0; k < sentences.size(); ++k) {
        const std::string& s = sentences[k];
        const std::string& low = lows[k];
        for (const std::string& c : Connectives::cause()) {
            if (low.compare(0, c.size() + 1, c + " ") == 0) {  // "Due to the rain, the match was delayed."
                const size_t comma = s.find(',', c.size());
                if (comma == std::string::npos) continue;
                const std::string cause = trim(s.substr(c.size() + 1, comma - c.size() - 1));
                const std::string effect = capitalize(strip_end_punctuation(trim(s.substr(comma + 1))));
                if (word_count(cause) >= 1 && word_count(effect) >= 2)
                    out->push_back(make("What is the cause of the following? " + effect + ".",
                                        capitalize(strip_end_punctuation(cause)) + ".", "cause-effect"));
                break;
            }
            const size_t at = low.find(" " + c + " ");
            if (at == std::string::npos) continue;
            const std::string effect = strip_end_punctuation(trim(s.substr(0, at)));
            const std::string cause = strip_end_punctuation(trim(s.substr(at + c.size() + 2)));
            if (word_count(effect) >= 2 && word_count(cause) >= 1)
                out->push_back(make("What is the cause of the following? " + effect + ".",
                                    capitalize(cause) + ".", "cause-effect"));
            break;
        }
    }
}

void mine_definitions(const std::vector<std::string>& sentences, const std::vector<std::string>& lows,
                      std::vector<Pair>* out) {
    for (size_t k = 0; k < sentences.size(); ++k) {
        const std::string& s = sentences[k];
        const std::string& low = lows[k];
        if (low.find(" defined as ") == std::string::npos) continue;
        for (const char* marker : {" is defined as ", " are defined as ", " can be defined as "}) {
            const size_t at = low.find(marker);
            if (at == std::string::npos) continue;
            const std::string term = trim(s.substr(0, at));
            if (term.empty() || word_count(term) > 8) continue;
            out->push_back(make("How is " + lower_article(term) + " defined?", s, "definition"));
            break;
        }
    }
}

// Whether `word` (lower case, letters) occurs in `low` as a whole word.
bool has_word(const std::string& low, const std::string& word) {
    for (size_t at = low.find(word); at != std::string::npos; at = low.find(word, at + 1)) {
        const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(low[at - 1]));
        const size_t end = at + word.size();
        if (starts && (end == low.size() || !std::isalpha(static_cast<unsigned char>(low[end])))) return true;
    }
    return false;
}

void mine_word_to_text(const std::string& body, const std::vector<std::string>& sentences,
                       const std::vector<std::string>& lows, std::vector<Pair>* out) {
    const std::vector<std::string> top = keywords(body, 10);
    if (top.size() < 2) return;
    size_t best = sentences.size(), best_hits = 1;
    std::vector<std::string> best_words;
    for (size_t i = 0; i < sentences.size(); ++i) {
        std::vector<std::string> hits;
        for (const std::string& k : top)
            if (hits.size() < 3 && has_word(lows[i], k)) hits.push_back(k);
        if (hits.size() > best_hits) best = i, best_hits = hits.size(), best_words = hits;
    }
    if (best == sentences.size()) return;
    std::string list;
    for (size_t i = 0; i < best_words.size(); ++i) list += (i ? ", " : "") + best_words[i];
    out->push_back(
        make("Write a sentence that uses these words: " + list + ".", sentences[best], "word-to-text"));
}

}  // namespace

const std::vector<std::string>& Connectives::entail() {
    static const std::vector<std::string> words = {"therefore", "thus", "hence", "accordingly",
                                                   "for this reason"};
    return words;
}
const std::vector<std::string>& Connectives::contradict() {
    static const std::vector<std::string> words = {"however", "but", "in contrast", "on the contrary",
                                                   "whereas"};
    return words;
}
const std::vector<std::string>& Connectives::neutral() {
    static const std::vector<std::string> words = {"moreover", "furthermore", "in addition", "also"};
    return words;
}
const std::vector<std::string>& Connectives::cause() {
    static const std::vector<std::string> words = {"due to", "owing to", "on account of"};
    return words;
}
const std::vector<std::string>& Connectives::paraphrase() {
    static const std::vector<std::string> words = {"in other words", "namely", "that is to say", "similarly"};
    return words;
}

std::vector<std::string> split_sentences(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    auto flush = [&](size_t end) {
        std::string s = trim(text.substr(start, end - start));
        if (!s.empty()) out.push_back(std::move(s));
        start = end;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            flush(i);
        } else if (ends_sentence_here(text, i)) {
            size_t end = i + 1;
            while (end < text.size() && (text[end] == '"' || text[end] == '\'' || text[end] == ')')) ++end;
            flush(end);
            i = end - 1;
        }
    }
    flush(text.size());
    return out;
}

std::vector<std::string> segment_sentences(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && !ends_sentence_here(text, i)) continue;
        size_t end = i + 1;
        while (end < text.size() && (text[end] == '"' || text[end] == '\'' || text[end] == ')')) ++end;
        while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end]))) ++end;
        out.push_back(text.substr(start, end - start));
        start = end;
        i = end - 1;
    }
    if (start < text.size()) out.push_back(text.substr(start));
    return out;
}

std::vector<std::string> keywords(const std::string& text, size_t count) {
    static const std::unordered_set<std::string> stop = {
        "about", "above",   "after",     "again",   "against", "also",     "because", "been",   "before",
        "being", "below",   "between",   "both",    "could",   "does",     "doing",   "down",   "during",
        "each",  "from",    "further",   "have",    "having",  "here",     "into",    "itself", "just",
        "more",  "most",    "much",      "must",    "only",    "other",    "over",    "same",   "should",
        "some",  "such",    "than",      "that",    "their",   "them",     "then",    "there",  "these",
        "they",  "this",    "those",     "through", "under",   "until",    "very",    "were",   "what",
        "when",  "where",   "which",     "while",   "whom",    "will",     "with",    "would",  "your",
        "many",  "made",    "make",      "like",    "used",    "uses",     "using",   "well",   "even",
        "every", "however", "therefore", "thus",    "hence",   "moreover", "whereas"};
    std::unordered_map<std::string, std::pair<size_t, size_t>> seen;  // count, first position
    std::string w;
    size_t position = 0;
    for (char c : text + " ") {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            w += lower_char(c);
            continue;
        }
        if (w.size() >= 4 && !stop.count(w)) {
            auto [it, fresh] = seen.emplace(w, std::make_pair(size_t{0}, position));
            ++it->second.first;
        }
        if (!w.empty()) ++position;
        w.clear();
    }
    std::vector<std::pair<std::string, std::pair<size_t, size_t>>> ranked(seen.begin(), seen.end());
    const size_t keep = std::min(count, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(keep), ranked.end(),
                      [](const auto& a, const auto& b) {
                          return a.second.first != b.second.first ? a.second.first > b.second.first
                                                                  : a.second.second < b.second.second;
                      });
    std::vector<std::string> out;
    for (size_t i = 0; i < ranked.size() && i < count; ++i) out.push_back(ranked[i].first);
    return out;
}

std::vector<Pair> mine_rule_pairs(const std::string& text) {
    std::vector<Pair> pairs;
    std::string body = text;
    // A short first line without end punctuation, followed by more text, reads as a title.
    const size_t newline = text.find('\n');
    if (newline != std::string::npos) {
        const std::string first = trim(text.substr(0, newline));
        const std::string rest = trim(text.substr(newline + 1));
        if (!first.empty() && !rest.empty() && word_count(first) <= 15 &&
            std::string(".!?,;:").find(first.back()) == std::string::npos) {
            pairs.push_back(make("What is a good title for this text?", first, "title"));
            pairs.push_back(make("Summarize the text in a few words.", first, "summarize"));
            body = rest;
        }
    }
    const std::vector<std::string> sentences = split_sentences(body);
    std::vector<std::string> lows;
    lows.reserve(sentences.size());
    for (const std::string& s : sentences) lows.push_back(lower(s));
    mine_word_to_text(body, sentences, lows, &pairs);
    Miner miner;
    mine_connectives(sentences, lows, &miner);
    mine_causes(sentences, lows, &miner.cause_effect);
    pairs.insert(pairs.end(), miner.nli.begin(), miner.nli.end());
    pairs.insert(pairs.end(), miner.cause_effect.begin(), miner.cause_effect.end());
    pairs.insert(pairs.end(), miner.paraphrase.begin(), miner.paraphrase.end());
    mine_definitions(sentences, lows, &pairs);
    if (sentences.size() >= 2) {
        const size_t k = sentences.size() / 2;
        std::string start;
        for (size_t i = 0; i < k; ++i) start += (i ? " " : "") + sentences[i];
        pairs.push_back(make("How would the following text continue? " + start, sentences[k], "completion"));
    }
    // Questions are unique within a text, as for synthesized pairs.
    std::unordered_set<std::string> questions;
    std::vector<Pair> unique;
    for (Pair& p : pairs)
        if (questions.insert(lower(p.question)).second) unique.push_back(std::move(p));
    return unique;
}

}  // namespace ipt
