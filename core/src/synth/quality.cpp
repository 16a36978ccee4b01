#include "ipt/synth/quality.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <unordered_map>

#include "ipt/common/error.h"
#include "ipt/eval/metrics.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/synth/synthesizer.h"

namespace ipt {
namespace {

std::string pairs_text(const std::vector<Pair>& pairs) {
    std::string out;
    for (const Pair& p : pairs) out += p.question + " " + p.answer + " ";
    return out;
}

size_t words(const std::string& s) {
    std::istringstream in(s);
    std::string w;
    size_t n = 0;
    while (in >> w) ++n;
    return n;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

}  // namespace

double pair_quality_f1(const std::vector<Pair>& generated, const std::vector<Pair>& gold) {
    return token_f1(pairs_text(generated), pairs_text(gold));
}

CorpusStatistics corpus_statistics(const std::vector<PairRecord>& records) {
    CorpusStatistics s;
    size_t prompted = 0, pair_words = 0;
    std::set<std::string> seen;  // question and answer, case-insensitive
    for (const PairRecord& r : records) {
        ++s.records;
        ++s.statuses[pair_status_name(r.status)];
        if (r.status == PairStatus::Ok || r.status == PairStatus::NoPairs ||
            r.status == PairStatus::Truncated)
            ++prompted;
        if (!r.pairs.empty()) ++s.texts_with_pairs;
        for (const Pair& p : r.pairs) {
            ++s.pairs;
            pair_words += words(p.question) + words(p.answer);
            ++s.categories[p.category.empty() ? categorize_pair(p) : p.category];
            if (!seen.insert(lower(p.question) + '\x1f' + lower(p.answer)).second) ++s.duplicate_pairs;
        }
    }
    s.pairs_per_text = prompted ? double(s.pairs) / double(prompted) : 0;
    s.tokens_per_pair = s.pairs ? double(pair_words) / double(s.pairs) : 0;
    s.duplicate_rate = s.pairs ? double(s.duplicate_pairs) / double(s.pairs) : 0;
    return s;
}

PairQualityReport score_pair_quality(const std::vector<PairRecord>& predicted,
                                     const std::vector<PairRecord>& gold) {
    std::unordered_map<std::string, const PairRecord*> by_id;
    for (const PairRecord& g : gold) by_id.emplace(g.id, &g);
    PairQualityReport report;
    std::vector<double> scores;
    for (const PairRecord& p : predicted) {
        auto it = by_id.find(p.id);
        if (it == by_id.end()) {
            ++report.unmatched;
            continue;
        }
        ++report.matched;
        scores.push_back(pair_quality_f1(p.pairs, it->second->pairs));
    }
    report.f1 = mean(scores);
    return report;
}

ResponseAccuracyReport response_accuracy(SynthesisModel& model, const std::vector<PairRecord>& gold,
                                         int shots, int64_t max_new_tokens, size_t batch,
                                         const ProgressSink& progress) {
    struct Question {
        SynthPrompt prompt;
        std::string answer;
    };
    std::vector<Question> questions;
    std::vector<size_t> with_pairs;
    for (size_t i = 0; i < gold.size(); ++i)
        if (!gold[i].pairs.empty()) with_pairs.push_back(i);
    for (size_t k = 0; k < with_pairs.size(); ++k) {
        const PairRecord& r = gold[with_pairs[k]];
        std::vector<SynthExample> demos;
        // Demonstrations: the gold examples that follow this one (cyclically), never itself.
        for (int s = 1; s <= shots && static_cast<size_t>(s) < with_pairs.size(); ++s) {
            const PairRecord& d = gold[with_pairs[(k + static_cast<size_t>(s)) % with_pairs.size()]];
            demos.push_back({d.text, d.pairs});
        }
        for (const Pair& p : r.pairs)
            questions.push_back({SynthPrompt{demos, r.text, "<QUE> " + p.question + " <ANS>"}, p.answer});
    }
    if (batch == 0) throw UsageError("the batch must hold at least one question");
    ResponseAccuracyReport report;
    report.shots = shots;
    report.questions = questions.size();
    std::vector<double> em, f1;
    for (size_t b = 0; b < questions.size(); b += batch) {
        std::vector<SynthPrompt> prompts;
        for (size_t i = b; i < std::min(questions.size(), b + batch); ++i)
            prompts.push_back(questions[i].prompt);
        std::vector<SynthesisModel::Output> out =
            model.generate(prompts, max_new_tokens, {"</END>"}, nullptr, 0);
        for (size_t i = 0; i < out.size(); ++i) {
            em.push_back(exact_match(out[i].text, questions[b + i].answer));
            f1.push_back(token_f1(out[i].text, questions[b + i].answer));
        }
        ipt::report(progress, "answering", static_cast<int64_t>(b + prompts.size()),
                    static_cast<int64_t>(questions.size()));
    }
    report.exact_match = mean(em);
    report.f1 = mean(f1);
    return report;
}

}  // namespace ipt
