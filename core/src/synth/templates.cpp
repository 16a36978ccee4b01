#include "ipt/synth/templates.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <set>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/python_random.h"
#include "ipt/common/python_text.h"
#include "ipt/synth/pair_parser.h"

namespace ipt {

extern const char* const kBuiltinTemplatePools;  // template_pools_data.cpp, from resources/synth

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string format_fields(const std::string& pattern, const Fields& fields) {
    std::string out;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
            out += c;
            ++i;
            continue;
        }
        if (c == '}') throw UsageError("pattern \"" + pattern + "\": single '}'");
        if (c != '{') {
            out += c;
            continue;
        }
        const size_t close = pattern.find('}', i);
        if (close == std::string::npos) throw UsageError("pattern \"" + pattern + "\": unclosed '{'");
        const std::string name = pattern.substr(i + 1, close - i - 1);
        auto it = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == name; });
        if (it == fields.end())
            throw UsageError("pattern \"" + pattern + "\" uses {" + name + "}, which is not set here");
        out += it->second;
        i = close;
    }
    return out;
}

namespace {

using nlohmann::json;

const std::string kOptions = "\nOptions:\n- ", kOptionSeparator = "\n- ";

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

// --- the pools file -----------------------------------------------------------------------------------

// The names in braces a string uses (doubled braces are literal).
std::set<std::string> field_names(const std::string& pattern) {
    std::set<std::string> names;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') continue;
        if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
            ++i;
            continue;
        }
        const size_t close = pattern.find('}', i);
        if (close == std::string::npos) break;
        names.insert(pattern.substr(i + 1, close - i - 1));
        i = close;
    }
    return names;
}

class PoolReader {
  public:
    PoolReader(const json& root, std::string where) : root_(root), where_(std::move(where)) {}

    const json& node(const std::string& key) const {
        if (!root_.contains(key)) throw FileError(where_, "missing key '" + key + "'");
        return root_[key];
    }
    std::vector<std::string> strings(const std::string& key) const {
        const json& j = node(key);
        if (!j.is_array() || j.empty())
            throw FileError(where_, "key '" + key + "': a non-empty list of strings");
        std::vector<std::string> out;
        for (const auto& s : j) {
            if (!s.is_string())
                throw FileError(where_, "key '" + key + "': " + s.dump() + " is not a string");
            out.push_back(s.get<std::string>());
        }
        return out;
    }
    std::vector<std::vector<std::string>> string_lists(const std::string& key) const {
        const json& j = node(key);
        if (!j.is_array() || j.empty())
            throw FileError(where_, "key '" + key + "': a non-empty list of lists");
        std::vector<std::vector<std::string>> out;
        for (const auto& list : j) {
            if (!list.is_array() || list.empty() || list.size() > 26)
                throw FileError(where_, "key '" + key + "': each entry is a list of 1 to 26 strings");
            std::vector<std::string> items;
            for (const auto& s : list) {
                if (!s.is_string())
                    throw FileError(where_, "key '" + key + "': " + s.dump() + " is not a string");
                items.push_back(s.get<std::string>());
            }
            out.push_back(std::move(items));
        }
        return out;
    }
    std::vector<FewShotPattern> patterns(const std::string& key, const std::set<std::string>& allowed) const {
        const json& j = node(key);
        if (!j.is_array() || j.empty())
            throw FileError(where_, "key '" + key + "': a non-empty list of patterns");
        std::vector<FewShotPattern> out;
        for (size_t i = 0; i < j.size(); ++i) {
            const json& p = j[i];
            const std::string at = "key '" + key + "' [" + std::to_string(i) + "]";
            if (!p.is_object() || !p.contains("inputs") || !p.contains("targets"))
                throw FileError(where_, at + ": a pattern needs 'inputs' and 'targets'");
            FewShotPattern f;
            f.inputs = text(p, "inputs", at);
            f.targets = text(p, "targets", at);
            f.inputs_prefix = text(p, "inputs_prefix", at, "");
            f.targets_prefix = text(p, "targets_prefix", at, "");
            f.x_y_delimiter = text(p, "x_y_delimiter", at, "\n\n");
            f.example_separator = text(p, "example_separator", at, "\n\n\n");
            check_fields(f.example(), allowed, at);
            out.push_back(std::move(f));
        }
        return out;
    }
    std::vector<InlinePattern> inline_patterns(const std::string& key, bool explained) const {
        const json& j = node(key);
        if (!j.is_array() || j.empty())
            throw FileError(where_, "key '" + key + "': a non-empty list of patterns");
        std::vector<InlinePattern> out;
        for (size_t i = 0; i < j.size(); ++i) {
            const json& p = j[i];
            const std::string at = "key '" + key + "' [" + std::to_string(i) + "]";
            if (!p.is_object()) throw FileError(where_, at + ": not an object");
            InlinePattern f;
            f.context = text(p, "context", at);
            f.ex_input = text(p, "ex_input", at);
            f.ex_output = text(p, "ex_output", at);
            f.testing_input = text(p, "testing_input", at);
            f.testing_output = text(p, "testing_output", at);
            f.example_separator = text(p, "example_separator", at, "\n\n");
            check_fields(f.context, {"context"}, at + " context");
            std::set<std::string> ex{"ex_input", "ex_output"};
            if (explained) ex.insert("ex_explanation");
            check_fields(f.ex_input + f.ex_output + f.example_separator, ex, at);
            check_fields(f.testing_input + f.testing_output, {"input", "output"}, at);
            out.push_back(std::move(f));
        }
        return out;
    }
    std::vector<double> weights(const std::string& key, size_t n) const {
        if (!root_.contains("layout_weights")) return {};
        const json& w = root_["layout_weights"];
        if (!w.is_object() || !w.contains(key)) return {};
        std::vector<double> out;
        for (const auto& x : w[key]) {
            if (!x.is_number() || x.get<double>() < 0)
                throw FileError(where_, "key 'layout_weights." + key + "': weights are non-negative numbers");
            out.push_back(x.get<double>());
        }
        if (out.size() != n)
            throw FileError(where_,
                            "key 'layout_weights." + key + "': " + std::to_string(n) + " weights needed");
        return out;
    }
    void check_fields(const std::string& pattern, const std::set<std::string>& allowed,
                      const std::string& at) const {
        for (const std::string& name : field_names(pattern))
            if (!allowed.count(name)) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + ("{" + a + "}");
                throw FileError(where_, at + ": {" + name + "} is not a field here (" + list + ")");
            }
    }
    void check_strings(const std::vector<std::string>& pool, const std::set<std::string>& allowed,
                       const std::string& key) const {
        for (size_t i = 0; i < pool.size(); ++i)
            check_fields(pool[i], allowed, "key '" + key + "' [" + std::to_string(i) + "]");
    }

  private:
    std::string text(const json& p, const char* key, const std::string& at,
                     const char* fallback = nullptr) const {
        if (!p.contains(key)) {
            if (fallback) return fallback;
            throw FileError(where_, at + ": missing '" + key + "'");
        }
        if (!p[key].is_string()) throw FileError(where_, at + ": '" + key + "' is not a string");
        return p[key].get<std::string>();
    }

    const json& root_;
    std::string where_;
};

}  // namespace

TemplatePools parse_template_pools(const std::string& json_text, const std::string& where) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw FileError(where, std::string("invalid JSON: ") + e.what());
    }
    if (!root.is_object()) throw FileError(where, "expected a JSON object");
    PoolReader r(root, where);
    TemplatePools p;
    p.source = where;
    const std::set<std::string> basic{"question", "answer"},
        option{"question", "answer", "options_", "option_answer"};
    const std::set<std::string> basic_cot{"question", "answer", "cot"},
        option_cot{"question", "answer", "options_", "option_answer", "cot"};
    p.qa = r.patterns("qa", basic);
    p.qa_options = r.patterns("qa_options", option);
    p.qa_cot = r.patterns("qa_cot", basic_cot);
    p.qa_options_cot = r.patterns("qa_options_cot", option_cot);
    p.numbered_questions =
        r.patterns("numbered_questions", {"context", "numbered_questions", "numbered_answers"});
    p.next_turn_dialog = r.patterns("next_turn_dialog", {"dialog_", "answer"});
    p.inline_explained = r.inline_patterns("inline_explained", true);
    p.inline_plain = r.inline_patterns("inline_plain", false);
    p.read_starts = r.strings("read_starts");
    p.read_ends = r.strings("read_ends");
    p.compre_starts = r.strings("compre_starts");
    p.qa_starts = r.strings("qa_starts");
    p.qa_ends = r.strings("qa_ends");
    p.text_starts = r.strings("text_starts");
    p.option_starts = r.strings("option_starts");
    p.option_item_ends = r.strings("option_item_ends");
    p.option_item_names = r.string_lists("option_item_names");
    p.unanswerable_options = r.strings("unanswerable_options");
    p.question_item_names = r.string_lists("question_item_names");
    p.dialog_start_joiners = r.strings("dialog_start_joiners");
    p.dialog_starts = r.strings("dialog_starts");
    p.dialog_item_ends = r.strings("dialog_item_ends");
    p.dialog_turn_separators = r.strings("dialog_turn_separators");
    for (const auto& pair : r.string_lists("dialog_item_names")) {
        if (pair.size() != 2)
            throw FileError(where, "key 'dialog_item_names': each entry is [first speaker, second speaker]");
        p.dialog_item_names.emplace_back(pair[0], pair[1]);
    }
    // read_start / text_start are filled by replacing "{context}" (released: str.replace), the pairs
    // start by replacing "{QA_demos}"; nothing else may appear in braces.
    r.check_strings(p.read_starts, {"context"}, "read_starts");
    r.check_strings(p.text_starts, {"context"}, "text_starts");
    r.check_strings(p.qa_starts, {"QA_demos"}, "qa_starts");
    if (auto w = r.weights("few", 2); !w.empty()) p.weights.few = w;
    if (auto w = r.weights("many", 5); !w.empty()) p.weights.many = w;
    if (auto w = r.weights("inversion", 2); !w.empty()) p.weights.inversion = w;
    return p;
}

TemplatePools read_template_pools(const std::string& path) {
    return parse_template_pools(read_text_file(path), path);
}

const TemplatePools& builtin_template_pools() {
    static const TemplatePools pools = [] {
        TemplatePools p = parse_template_pools(kBuiltinTemplatePools, "resources/synth/template_pools.json");
        p.source = "built-in";
        return p;
    }();
    return pools;
}

// --- cook_pt_entries ------------------------------------------------------------------------------

namespace {

enum class QaMode { Basic, Option, BasicCot, OptionCot };
enum class Layout { Classic, Dialog, Numbered, Inline, NextTurn };

// A pair as the released parse_QA_list leaves it (its kw_dic).
struct Qa {
    QaMode mode = QaMode::Basic;
    Fields fields;
    bool has_cot = false;
    std::string reasoning;
};

// random.Random(seed).choice(pool): every draw of the released code starts a fresh generator.
template <typename T>
const T& choose(const std::vector<T>& pool, int64_t seed) {
    PythonRandom r(seed);
    return pool[r.choice_index(pool.size())];
}

size_t choose_weighted(const std::vector<double>& weights, int64_t seed) {
    PythonRandom r(seed);
    return r.weighted_index(weights);
}

struct Options {
    std::string start, item_end, unanswerable;
    std::vector<std::string> item_names;
};

std::vector<Qa> parse_qa_list(const std::vector<Pair>& pairs, const Options& o, int64_t seed,
                              const TemplatePools& pools, CookReport* report) {
    std::vector<Qa> out;
    for (size_t idx = 0; idx < pairs.size(); ++idx) {
        const Pair& pair = pairs[idx];
        if (report) ++report->pairs;
        auto drop = [&] {
            if (report) ++report->dropped;
        };
        ChainOfThought cot;
        std::string problem;
        const bool has_cot = parse_chain_of_thought(pair, &cot, &problem);
        if (has_cot && !problem.empty()) {
            drop();
            continue;
        }
        const std::string question = has_cot ? cot.question : pair.question;
        const std::string answer = has_cot ? cot.final_answer : pair.answer;
        Qa qa;
        qa.has_cot = has_cot;
        if (question.find(kOptions) != std::string::npos) {
            const std::vector<std::string> parts = python_split(question, kOptions);
            if (parts.size() != 2 || parts[0].empty()) {
                drop();
                continue;
            }
            // format_options: the options shuffled by random.Random(seed * index), the answer given as
            // the label of its option when the labels tell the options apart.
            std::vector<std::string> options = python_split(parts[1], kOptionSeparator);
            PythonRandom(seed * static_cast<int64_t>(idx)).shuffle(options);
            const size_t listed = std::min(options.size(), o.item_names.size());
            std::string formatted = o.start;
            for (size_t i = 0; i < listed; ++i) formatted += o.item_names[i] + options[i] + o.item_end;
            std::string option_answer;
            auto in = [](const std::vector<std::string>& list, const std::string& s) {
                return std::find(list.begin(), list.end(), s) != list.end();
            };
            if (!in(options, answer) && in(pools.unanswerable_options, answer)) {
                option_answer = o.unanswerable;
            } else {
                const std::string wanted = python_strip(answer);
                size_t match = options.size();
                for (size_t i = 0; i < options.size() && match == options.size(); ++i)
                    if (python_strip(options[i]) == wanted) match = i;
                if (match == options.size()) {
                    drop();
                    continue;
                }
                const bool abc = std::set<std::string>(o.item_names.begin(), o.item_names.end()).size() ==
                                 o.item_names.size();
                // The label of an option beyond the listed ones does not exist; the released code
                // would fail there, so such a pair is dropped.
                if (abc && match >= o.item_names.size()) {
                    drop();
                    continue;
                }
                option_answer = abc ? python_strip(o.item_names[match]) : answer;
            }
            qa.mode = has_cot ? QaMode::OptionCot : QaMode::Option;
            qa.fields = {{"question", parts[0]},
                         {"answer", answer},
                         {"options_", formatted},
                         {"option_answer", option_answer}};
        } else {
            qa.mode = has_cot ? QaMode::BasicCot : QaMode::Basic;
            qa.fields = {{"question", question}, {"answer", answer}};
        }
        if (has_cot) {
            qa.reasoning = cot.reasoning;
            qa.fields.emplace_back("cot", cot.reasoning);
        }
        out.push_back(std::move(qa));
    }
    return out;
}

// The released pattern_dict: sampled per group, and changed in place as the released code changes it.
struct PatternState {
    FewShotPattern basic, option, basic_cot, option_cot;
    Layout layout = Layout::Classic;
    bool inversion = false;
    std::string qa_start, qa_end, text_start, read_start, read_end, compre_start, dialog_start;
    FewShotPattern next_turn, numbered;
    std::vector<std::string> question_item_names;
    std::string question_item_end;
    InlinePattern inline_explained, inline_plain;

    const FewShotPattern& pattern(QaMode mode) const {
        switch (mode) {
            case QaMode::Basic:
                return basic;
            case QaMode::Option:
                return option;
            case QaMode::BasicCot:
                return basic_cot;
            default:
                return option_cot;
        }
    }
};

void sample_patterns(PatternState& s, int64_t seed, size_t min_pairs, const TemplatePools& p) {
    if (min_pairs >= 2) {
        static const Layout layouts[] = {Layout::Classic, Layout::Dialog, Layout::Numbered, Layout::Inline,
                                         Layout::NextTurn};
        s.layout = layouts[choose_weighted(p.weights.many, seed)];
    } else {
        s.layout = choose_weighted(p.weights.few, seed) == 0 ? Layout::Classic : Layout::Dialog;
    }
    s.inversion = choose_weighted(p.weights.inversion, seed) == 0;
    s.qa_start = choose(p.qa_starts, seed);
    s.qa_end = choose(p.qa_ends, seed);
    s.text_start = choose(p.text_starts, seed);
    if (s.layout == Layout::Classic) {
        s.read_start = choose(p.read_starts, seed);
        s.read_end = choose(p.read_ends, seed);
        s.compre_start = choose(p.compre_starts, seed);
    } else if (s.layout == Layout::Dialog || s.layout == Layout::NextTurn) {
        s.dialog_start = choose(p.dialog_start_joiners, seed) + choose(p.dialog_starts, seed);
        // Drawn from the reversed list, as released (so that it rarely equals the options' style).
        const size_t n = p.dialog_item_names.size();
        const auto& names = p.dialog_item_names[n - 1 - PythonRandom(seed).choice_index(n)];
        const std::string end = choose(p.dialog_item_ends, seed);
        const std::string separator = choose(p.dialog_turn_separators, seed);
        for (FewShotPattern* f : {&s.basic, &s.option, &s.basic_cot, &s.option_cot}) {
            f->inputs_prefix = names.first;
            f->targets_prefix = names.second;
            f->x_y_delimiter = end;
            f->example_separator = separator;
        }
        s.next_turn = choose(p.next_turn_dialog, seed);
    } else if (s.layout == Layout::Numbered) {
        s.question_item_names = choose(p.question_item_names, seed);
        const size_t n = p.option_item_ends.size();
        s.question_item_end = p.option_item_ends[n - 1 - PythonRandom(seed).choice_index(n)];
        s.numbered = choose(p.numbered_questions, seed);
    } else {
        s.inline_explained = choose(p.inline_explained, seed);
        s.inline_plain = choose(p.inline_plain, seed);
    }
}

const FewShotPattern& without_cot(const PatternState& s, QaMode mode) {
    return mode == QaMode::BasicCot || mode == QaMode::Basic ? s.basic : s.option;
}

std::string format_text(const std::string& context, const std::vector<Qa>& qas, PatternState& s) {
    if (s.layout == Layout::Classic || s.layout == Layout::Dialog) {
        std::vector<std::string> demos;
        for (const Qa& qa : qas) demos.push_back(format_fields(s.pattern(qa.mode).example(), qa.fields));
        const std::string separator = s.pattern(qas.back().mode).example_separator;
        const std::string pairs = join(demos, separator);
        if (s.inversion)
            return python_replace(s.qa_start, "{QA_demos}", pairs) + s.qa_end +
                   python_replace(s.text_start, "{context}", context);
        // Pairs without a text (general instruction data): the pairs alone.
        if (context.empty()) return pairs;
        std::string out;
        if (s.layout == Layout::Classic) {
            out = python_replace(s.read_start, "{context}", context);
            // No introduction line: no gap after the text either (kept for the rest of the chain).
            if (s.compre_start.empty()) s.read_end.clear();
            out += s.read_end + s.compre_start;
        } else {
            out = context + s.dialog_start;
        }
        return out + separator + pairs;
    }
    if (s.layout == Layout::NextTurn) {
        std::string dialog;
        for (size_t i = 0; i + 1 < qas.size(); ++i) {
            const FewShotPattern& f = s.pattern(qas[i].mode);
            dialog += format_fields(f.example_separator + f.example(), qas[i].fields);
        }
        const std::string answer = format_fields(s.pattern(qas.back().mode).example(), qas.back().fields);
        return context + s.next_turn.example_separator +
               format_fields(s.next_turn.example(), {{"dialog_", dialog}, {"answer", answer}});
    }
    if (s.layout == Layout::Numbered) {
        std::string questions, answers;
        const size_t n = std::min(qas.size(), s.question_item_names.size());
        for (size_t i = 0; i < n; ++i) {
            const FewShotPattern& f = s.pattern(qas[i].mode);
            questions +=
                s.question_item_names[i] + format_fields(f.inputs, qas[i].fields) + s.question_item_end;
            answers +=
                s.question_item_names[i] + format_fields(f.targets, qas[i].fields) + s.question_item_end;
        }
        return format_fields(
            s.numbered.example(),
            {{"context", context}, {"numbered_questions", questions}, {"numbered_answers", answers}});
    }
    // Inline few-shot: worked examples, then the last pair as the exercise.
    const bool all_cot = std::all_of(qas.begin(), qas.end(), [](const Qa& q) { return q.has_cot; });
    const InlinePattern& ip = all_cot ? s.inline_explained : s.inline_plain;
    std::string examples;
    for (size_t i = 0; i + 1 < qas.size(); ++i) {
        const FewShotPattern& f = without_cot(s, qas[i].mode);
        Fields ex{{"ex_input", format_fields(f.inputs, qas[i].fields)},
                  {"ex_output", format_fields(f.targets, qas[i].fields)}};
        if (qas[i].has_cot) ex.emplace_back("ex_explanation", qas[i].reasoning);
        examples += format_fields(ip.ex_input + ip.ex_output + ip.example_separator, ex);
    }
    const FewShotPattern& f = without_cot(s, qas.back().mode);
    const std::string test = format_fields(ip.testing_input + ip.testing_output,
                                           {{"input", format_fields(f.inputs, qas.back().fields)},
                                            {"output", format_fields(f.targets, qas.back().fields)}});
    return format_fields(ip.context + "{ex_example_str}{test_example}",
                         {{"context", context}, {"ex_example_str", examples}, {"test_example", test}});
}

}  // namespace

std::vector<CookedDocument> cook_chain(const std::vector<ChainEntry>& chain, int64_t seed,
                                       const TemplatePools& p, CookReport* report) {
    Options o;
    o.start = choose(p.option_starts, seed);
    o.item_names = choose(p.option_item_names, seed);
    o.item_end = choose(p.option_item_ends, seed);
    o.unanswerable = choose(p.unanswerable_options, seed);
    const std::string text_separator = choose(p.qa, seed + 1).example_separator;
    PatternState state;
    state.basic = choose(p.qa, seed);
    state.option = choose(p.qa_options, seed);
    state.basic_cot = choose(p.qa_cot, seed);
    state.option_cot = choose(p.qa_options_cot, seed);

    // From the last text back: a group closes at a text that did not inherit from its predecessor.
    std::deque<CookedDocument> out;
    std::vector<std::pair<size_t, std::vector<Qa>>> group;
    for (size_t idx = chain.size(); idx-- > 0;) {
        const ChainEntry& entry = chain[idx];
        group.insert(group.begin(), {idx, parse_qa_list(entry.pairs, o, seed, p, report)});
        if (entry.inherit_from_prev && idx > 0) continue;
        size_t min_pairs = group.front().second.size();
        for (const auto& g : group) min_pairs = std::min(min_pairs, g.second.size());
        sample_patterns(state, seed, min_pairs, p);
        std::vector<std::string> texts;
        std::vector<size_t> entries;
        for (const auto& [i, qas] : group) {
            if (qas.empty()) {
                out.push_front({chain[i].text, false, {i}});
                continue;
            }
            texts.push_back(format_text(chain[i].text, qas, state));
            entries.push_back(i);
        }
        // A group whose texts all lost their pairs leaves no instruction document (released: "").
        if (!texts.empty()) out.push_front({join(texts, text_separator), true, entries});
        group.clear();
    }
    return {out.begin(), out.end()};
}

}  // namespace ipt
