#pragma once
// How good synthesized pairs are (the method's quality analysis): pair quality as token-level F1
// between generated and gold pairs, response accuracy (the synthesizer answers gold questions about
// the text, zero-shot or with gold demonstrations), and statistics of a pairs corpus.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ipt/common/progress.h"
#include "ipt/data/pair_record.h"

namespace ipt {

class SynthesisModel;

// Token F1 (SQuAD normalisation) between the pairs as rendered text, questions and answers in order.
double pair_quality_f1(const std::vector<Pair>& generated, const std::vector<Pair>& gold);

struct CorpusStatistics {
    size_t records = 0, texts_with_pairs = 0, pairs = 0, duplicate_pairs = 0;
    double pairs_per_text = 0;                 // over prompted texts: status ok, no_pairs or truncated
    double tokens_per_pair = 0;                // whitespace words of question + answer
    double duplicate_rate = 0;                 // pairs seen before (question and answer, case-insensitive)
    std::map<std::string, size_t> categories;  // by question form
    std::map<std::string, size_t> statuses;
};
CorpusStatistics corpus_statistics(const std::vector<PairRecord>& records);

struct PairQualityReport {
    size_t matched = 0, unmatched = 0;  // predicted records with / without a gold record of that id
    double f1 = 0;                      // mean over matched records
};
PairQualityReport score_pair_quality(const std::vector<PairRecord>& predicted,
                                     const std::vector<PairRecord>& gold);

struct ResponseAccuracyReport {
    size_t questions = 0;
    int shots = 0;
    double exact_match = 0, f1 = 0;  // of the answers against the gold answers, normalised
};
// For every gold pair: prompt "<s> <CON> text </CON>\n\n<QUE> q <ANS>" (after `shots` gold examples
// of other records as demonstrations) and generate up to "</END>".
ResponseAccuracyReport response_accuracy(SynthesisModel& model, const std::vector<PairRecord>& gold,
                                         int shots, int64_t max_new_tokens = 64, size_t batch = 8,
                                         const ProgressSink& progress = {});

}  // namespace ipt
