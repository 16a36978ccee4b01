#include "ipt/synth/reading_comprehension.h"

#include <algorithm>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/python_random.h"
#include "ipt/common/python_text.h"
#include "ipt/data/raw_corpus.h"
#include "ipt/synth/rule_miner.h"
#include "ipt/synth/templates.h"
#include "ipt/text/tokenizer.h"

namespace ipt {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Template = std::pair<const char*, const char*>;  // question, answer; joined by one space

// The released patterns (adaptllm/utils/read.py), matched case-insensitively. [^...] counts bytes here
// (code points there); the two agree on ASCII text.
struct Pattern {
    const char* type;
    const char* subcategory;
    std::regex regex;
};

const std::string kTwoSentences = R"(([.!?]+[\s]+)([^.!?\n,]{50,}[.!?]+)([\s]+)()";
const std::string kAfter = R"()([\s]*,[\s]+)([^.!?\n,]{50,}[.!?]+)([\s]+))";

std::regex connective(const std::string& words, bool commas_allowed = false) {
    std::string before = kTwoSentences, after = kAfter;
    if (commas_allowed) {
        before = R"(([.!?]+[\s]+)([^.!?\n]{50,}[.!?]+)([\s]+)()";
        after = R"()([\s]*,[\s]+)([^.!?\n]{50,}[.!?]+)([\s]+))";
    }
    return std::regex(before + words + after, std::regex::ECMAScript | std::regex::icase);
}

const std::vector<Pattern>& patterns() {
    static const std::vector<Pattern> all = [] {
        const auto flags = std::regex::ECMAScript | std::regex::icase;
        std::vector<Pattern> p;
        p.push_back({"nli", "Entail", connective("Yes|Therefore|Thus|Accordingly|Hence|For this reason")});
        p.push_back({"nli", "Contradict", connective("No|However|But|On the contrary|In contrast|Whereas")});
        p.push_back({"nli", "Neutral",
                     connective("Maybe|Also|Furthermore|Secondly|Additionally|Moreover|In addition")});
        p.push_back({"common_reason", "Cause-effect",
                     connective("Thus|Therefore|Accordingly|Hence|For this reason")});
        p.push_back(
            {"common_reason", "Effect-cause",
             std::regex(R"(([.!?]+[\s]+)([^.!?;\n,]{50,}[.!?]+)([\s]+)(due to|on account of|owing to)([\s]+))"
                        R"(([^.!?;\n,]{50,}[.!?]+)([\s]+))",
                        flags)});
        p.push_back(
            {"paraphrase", "Similar",
             connective("In other words|In other word|Namely|That is to say|i.e.|Scilicet|Similarly|Equally",
                        true)});
        p.push_back({"paraphrase", "Different",
                     connective("No|However|But|On the contrary|In contrast|Whereas", true)});
        p.push_back(
            {"word2text", "definition",
             std::regex(
                 R"(([\s]+)([^.!?,;\s"]{10,})([\s]+)(is defined as|'s definition is)([\s]+)([^.!?\n]{20,}[.!?]+)([\s]+))",
                 flags)});
        p.push_back(
            {"word2text", "topic",
             std::regex(
                 R"(([.!?]+[\s]+)([^.!?,;\n]{20,})([\s]+)(was about|talks about|is about|'s topic is)([\s]+))"
                 R"(([^.!?\n]{20,}[.!?]+)([\s]+))",
                 flags)});
        return p;
    }();
    return all;
}

std::string upper_first(const std::string& s) {
    if (s.empty()) return s;
    size_t n = 1;
    while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
    // str.upper() of the first character: its title-case form is the same for the letters that matter
    // here, and python_capitalize would lower the rest.
    return python_capitalize(s.substr(0, n)) + s.substr(n);
}

// Our templates (the released ones are not copied). Each type's list, per subcategory.
const std::vector<Template>& templates(const std::string& type, const std::string& subcategory,
                                       bool generate) {
    static const std::map<std::string, std::vector<Template>> table = {
        {"nli:classify",
         {{"{premise}\nDoes it follow that \"{hypothesis}\"?\n{options_}", "{answer}"},
          {"Premise: {premise}\nHypothesis: {hypothesis}\nDoes the premise support the "
           "hypothesis?\n{options_}",
           "{answer}"},
          {"First sentence: {premise}\nSecond sentence: {hypothesis}\nIs the second true, given the first?",
           "{answer}"},
          {"\"{premise}\" Given this, is it right to say \"{hypothesis}\"?", "{answer}"},
          {"Read: {premise}\nClaim: {hypothesis}\nCan the claim be drawn from the reading?\n{options_}",
           "{answer}"},
          {"Which word joins these best: Therefore, However or Moreover?\n1. {premise}\n2. {hypothesis}",
           "{connect_answer}"},
          {"Pick the connective (Therefore, However, Moreover) between \"{premise}\" and \"{hypothesis}\".",
           "{connect_answer}"},
          {"How do these relate: Entailment, Neutral or Contradiction?\nA: {premise}\nB: {hypothesis}",
           "{relation_answer}"}}},
        {"nli:Entail",
         {{"{premise} {verbalizer},", "{hypothesis}"},
          {"Continue with what follows from it: {premise}", "{hypothesis}"},
          {"{premise}\nWhat can be concluded?", "{hypothesis}"}}},
        {"nli:Neutral",
         {{"{premise} {verbalizer},", "{hypothesis}"},
          {"Add a related point to: {premise}", "{hypothesis}"}}},
        {"nli:Contradict",
         {{"{premise} {verbalizer},", "{hypothesis}"},
          {"Write a sentence that runs against this one: {premise}", "{hypothesis}"}}},
        {"common_reason:Cause-effect",
         {{"What is a likely result of the following? {cause}", "{effect}"},
          {"{cause}\nWhat happens as a consequence?", "{effect}"},
          {"Effect of \"{cause}\":", "{effect}"},
          {"What could have led to this? {effect}", "{cause}"},
          {"{cause} {verbalizer},", "{effect}"}}},
        {"common_reason:Effect-cause",
         {{"Why did this happen? {effect}", "{cause}"},
          {"{effect}\nWhat is the reason for it?", "{cause}"},
          {"{effect} {verbalizer}", "{cause}"},
          {"What follows from this? {cause}", "{effect}"}}},
        {"paraphrase:Similar",
         {{"Say this in other words: {sentence1}", "{sentence2}"},
          {"{sentence1} {verbalizer},", "{sentence2}"},
          {"Restate the sentence.\n{sentence1}", "{sentence2}"}}},
        {"paraphrase:Different",
         {{"Write a sentence that says something else than: {sentence1}", "{sentence2}"},
          {"{sentence1} {verbalizer},", "{sentence2}"}}},
        {"word2text:word2text",
         {{"Use these {domain} words in one sentence: {tripleset}", "{target}"},
          {"Keywords: {tripleset}\nWrite a sentence with all of them:", "{target}"},
          {"Write a {domain} sentence about {tripleset}.", "{target}"}}},
        {"word2text:definition",
         {{"What is the definition of {word}?", "{definition}"},
          {"Define {word}.", "{definition}"},
          {"{word} {verbalizer}", "{definition}"}}},
        {"word2text:topic",
         {{"What is this sentence about? {sentence}", "{topic}"}, {"{sentence} {verbalizer}", "{topic}"}}},
    };
    const std::string key = type == "nli" && !generate ? "nli:classify" : type + ":" + subcategory;
    return table.at(key);
}

const std::vector<std::string>& intros() {
    static const std::vector<std::string> all = {"\nAnswer these questions about the text:\n\n",
                                                 "\n\nQuestions on the {domain} text above:\n\n",
                                                 "\nCheck your reading with the following:\n\n"};
    return all;
}

// The final layouts: summary only, completion only, both, neither.
const std::vector<std::string>& layouts(int which) {
    static const std::vector<std::vector<std::string>> all = {
        {"{context_wo_title}{qa_demos}\n\nWhat is a good title for this {domain} text?\n{title}",
         "{context_wo_title}\n\nGive the text above a title: {title}{qa_demos}",
         "Write a {domain} article titled \"{title}\".\n{context_wo_title}{qa_demos}"},
        {"{context_1st_half}\nHow does the text continue?\n{context_2nd_half}{qa_demos}",
         "Continue the following {domain} text.\n{context_1st_half}\nContinuation: "
         "{context_2nd_half}{qa_demos}"},
        {"{context_1st_half}\nComplete the text.\n{context_2nd_half}{qa_demos}\n\nGive the text a title: "
         "{title}",
         "Title: {title}\nThe article begins: {context_1st_half}\nIt continues: "
         "{context_2nd_half}{qa_demos}"},
        {"{context}{qa_demos}", "Read the {domain} text.\n{context}{qa_demos}"},
    };
    return all[static_cast<size_t>(which)];
}

// re.sub("[ ]{2,}", " ", text)
std::string collapse_spaces(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i)
        if (!(text[i] == ' ' && i > 0 && text[i - 1] == ' ')) out += text[i];
    return out;
}

// random.seed(seed); random.choice(templates): the first draw of a fresh generator.
const Template& pick(const std::vector<Template>& list, int64_t seed) {
    return list[PythonRandom(seed).choice_index(list.size())];
}

std::string fill(const Template& t, const Fields& fields) {
    return format_fields(t.first, fields) + " " + format_fields(t.second, fields);
}

std::string format_example(const MinedExample& e, int64_t seed, const std::string& domain) {
    if (e.type == "nli") {
        // np.random.seed(seed); choice(['generate', 'classify'], p=[0.2, 0.8])
        const bool generate =
            PythonRandom::numpy_legacy(static_cast<uint32_t>(seed)).numpy_choice_index({0.2, 0.8}) == 0;
        const bool entail = e.subcategory == "Entail", contradict = e.subcategory == "Contradict";
        const Fields f{{"premise", e.first},
                       {"hypothesis", upper_first(e.second)},
                       {"options_", "- Yes\n- No\n- Maybe"},
                       {"verbalizer", e.verbalizer},
                       {"answer", entail       ? "Yes"
                                  : contradict ? "No"
                                               : "Maybe"},
                       {"connect_answer", entail       ? "Therefore"
                                          : contradict ? "However"
                                                       : "Moreover"},
                       {"relation_answer", entail       ? "Entailment"
                                           : contradict ? "Contradiction"
                                                        : "Neutral"}};
        return fill(pick(templates("nli", e.subcategory, generate), seed), f);
    }
    Fields f{{"verbalizer", e.verbalizer}, {"domain", domain}};
    if (e.type == "common_reason") {
        const bool forward = e.subcategory == "Cause-effect";
        f.emplace_back("cause", forward ? e.first : upper_first(e.second));
        f.emplace_back("effect", forward ? upper_first(e.second) : e.first);
    } else if (e.type == "paraphrase") {
        f.emplace_back("sentence1", e.first);
        f.emplace_back("sentence2", upper_first(e.second));
    } else if (e.subcategory == "definition") {
        f.emplace_back("word", e.first);
        f.emplace_back("definition", e.second);
    } else if (e.subcategory == "topic") {
        f.emplace_back("sentence", e.first);
        f.emplace_back("topic", e.second);
    } else {  // word2text from keywords: `first` holds them joined by ", "
        f.emplace_back("tripleset", e.first);
        f.emplace_back("target", python_strip(e.second));
    }
    return fill(pick(templates(e.type, e.subcategory, false), seed), f);
}

// Sentences holding at least three domain keywords (and at most 100 distinct pieces), two at most.
std::vector<MinedExample> keyword_sentences(std::vector<std::string> sentences, const std::string& context,
                                            const DomainKeywords& keywords) {
    std::vector<MinedExample> out;
    PythonRandom(static_cast<int64_t>(python_len(context))).shuffle(sentences);
    for (const std::string& sentence : sentences) {
        if (out.size() == 2) break;
        std::vector<std::string> pieces, found;
        for (int32_t id : keywords.domain->encode(sentence)) {
            const std::string piece = keywords.domain->piece(id);
            if (std::find(pieces.begin(), pieces.end(), piece) == pieces.end()) pieces.push_back(piece);
        }
        for (const std::string& p : pieces)
            if (keywords.pieces.count(p)) found.push_back(p.substr(3));  // the word without "▁"
        if (found.size() >= 3 && pieces.size() <= 100) {
            std::string list;
            for (size_t i = 0; i < 3; ++i) list += (i ? ", " : "") + found[i];
            out.push_back({"word2text", "word2text", "", list, sentence});
        }
    }
    return out;
}

}  // namespace

DomainKeywords domain_keywords(const Tokenizer& general, const Tokenizer& domain) {
    std::set<std::string> known;
    for (int32_t i = 0; i < general.vocab_size(); ++i) known.insert(general.piece(i));
    DomainKeywords k;
    k.domain = &domain;
    for (int32_t i = 0; i < domain.vocab_size(); ++i) {
        const std::string p = domain.piece(i);
        if (!known.count(p) && p.rfind("\xe2\x96\x81", 0) == 0 && python_len(p) > 10) k.pieces.insert(p);
    }
    return k;
}

std::vector<MinedExample> mine_released_patterns(const std::string& context) {
    std::vector<MinedExample> out;
    for (const Pattern& p : patterns())
        for (std::sregex_iterator it(context.begin(), context.end(), p.regex), end; it != end; ++it) {
            const std::smatch& m = *it;
            out.push_back({p.type, p.subcategory, m[4].str(), m[2].str(), m[6].str()});
        }
    return out;
}

ReadingComprehension reading_comprehension(const std::string& raw_text, int64_t seed,
                                           const ReadingComprehensionOptions& o) {
    // The first line is the title; a text on one line has none.
    const size_t newline = raw_text.find('\n');
    const bool has_title = newline != std::string::npos;
    const std::string title = has_title ? raw_text.substr(0, newline) : std::string();
    std::string context = has_title ? raw_text.substr(newline + 1) : raw_text;
    if (o.tokenizer) {
        TokenIds ids = o.tokenizer->encode(context);
        if (static_cast<int64_t>(ids.size()) > o.max_context_tokens) {
            ids.resize(static_cast<size_t>(o.max_context_tokens));
            context = o.tokenizer->decode(ids);
        }
    }
    const std::vector<std::string> sentences = segment_sentences(context);

    // Mined examples, per type and subcategory in the released order; two per subcategory.
    std::vector<MinedExample> mined = mine_released_patterns(context);
    if (o.keywords && o.keywords->domain) {
        for (MinedExample& e : keyword_sentences(sentences, context, *o.keywords))
            mined.push_back(std::move(e));
    }
    ReadingComprehension rc;
    std::vector<std::string> demos;
    for (const char* type : {"nli", "common_reason", "paraphrase", "word2text"}) {
        std::vector<std::string> subcategories;
        for (const MinedExample& e : mined)
            if (e.type == type &&
                std::find(subcategories.begin(), subcategories.end(), e.subcategory) == subcategories.end())
                subcategories.push_back(e.subcategory);
        std::vector<MinedExample> chosen;
        for (const std::string& sub : subcategories) {
            std::vector<MinedExample> examples;
            for (const MinedExample& e : mined)
                if (e.type == type && e.subcategory == sub) examples.push_back(e);
            PythonRandom(seed).shuffle(examples);
            for (size_t i = 0; i < examples.size() && i < 2; ++i) chosen.push_back(examples[i]);
        }
        if (chosen.empty()) continue;
        std::string demo;
        for (size_t i = 0; i < chosen.size(); ++i)
            demo += (i ? "\n\n" : "") + format_example(chosen[i], seed, o.domain);
        demos.push_back(demo);
        rc.tasks.emplace_back(type, chosen.size());
    }
    std::string qa_demos;
    if (!demos.empty()) {
        PythonRandom(seed).shuffle(demos);
        std::string intro = intros()[PythonRandom(seed).choice_index(intros().size())];
        for (size_t at = intro.find("{domain}"); at != std::string::npos; at = intro.find("{domain}"))
            intro.replace(at, 8, o.domain);
        qa_demos = intro;
        for (size_t i = 0; i < demos.size(); ++i) qa_demos += (i ? "\n\n" : "") + demos[i];
    }

    // Summary only 0.4, completion only 0.1, both 0.4, neither 0.1 (numpy, as released).
    const bool completable = sentences.size() >= 2;
    int layout = 3;
    PythonRandom numpy = PythonRandom::numpy_legacy(static_cast<uint32_t>(seed));
    if (has_title && completable) {
        layout = static_cast<int>(numpy.numpy_choice_index({0.4, 0.1, 0.4, 0.1}));
    } else if (has_title) {
        layout = numpy.numpy_choice_index({0.5, 0.5}) == 0 ? 0 : 3;
    } else if (completable) {
        layout = numpy.numpy_choice_index({0.5, 0.5}) == 0 ? 1 : 3;
    }
    auto joined = [&](size_t from, size_t to) {
        std::string s;
        for (size_t i = from; i < to; ++i) s += sentences[i];
        return python_strip(s);
    };
    Fields f{{"qa_demos", qa_demos}, {"domain", o.domain}, {"title", title}};
    if (layout == 0) {
        f.emplace_back("context_wo_title", joined(0, sentences.size()));
    } else if (layout == 1 || layout == 2) {
        const size_t cut =
            static_cast<size_t>(PythonRandom(seed).randint(1, static_cast<int64_t>(sentences.size()) - 1));
        f.emplace_back("context_1st_half", (layout == 1 && has_title ? title + "\n" : "") + joined(0, cut));
        f.emplace_back("context_2nd_half", joined(cut, sentences.size()));
    } else {
        f.emplace_back("context", (has_title ? title + "\n" : "") + joined(0, sentences.size()));
    }
    const std::vector<std::string>& choices = layouts(layout);
    rc.text = collapse_spaces(format_fields(choices[PythonRandom(seed).choice_index(choices.size())], f));
    rc.tasks.emplace_back("summarize", layout == 0 || layout == 2 ? 1 : 0);
    rc.tasks.emplace_back("text_completion", layout == 1 || layout == 2 ? 1 : 0);
    return rc;
}

ReadingComprehensionReport build_reading_comprehension_corpus(const std::string& input,
                                                              const std::string& output,
                                                              const std::string& text_field,
                                                              const ReadingComprehensionOptions& options) {
    ReadingComprehensionReport report;
    std::map<std::string, size_t> tasks;
    AtomicFile out(output);
    for_each_raw_text(input, text_field, [&](RawText&& t) {
        if (t.blank) return;
        if (!t.problem.empty()) throw FileError(t.where, t.problem);
        const ReadingComprehension rc =
            reading_comprehension(t.text, static_cast<int64_t>(report.texts), options);
        for (const auto& [type, n] : rc.tasks) tasks[type] += n;
        const nlohmann::json j = {{"text", rc.text}, {"source", "rules"}, {"ids", {t.id}}};
        out.write(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        ++report.texts;
    });
    out.commit();
    report.tasks.assign(tasks.begin(), tasks.end());
    return report;
}

}  // namespace ipt
