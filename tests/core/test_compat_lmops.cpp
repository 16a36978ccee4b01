// The synthesis pipeline against the released Instruction Pre-Training code (microsoft/LMOps), through
// the goldens of tests/compat/lmops (made by running the released functions; see make_goldens.py).
#include <nlohmann/json.hpp>

#include <filesystem>

#include "ipt/common/atomic_file.h"
#include "ipt/common/python_random.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/synth/prompt_format.h"
#include "ipt/synth/reading_comprehension.h"
#include "ipt/synth/templates.h"
#include "test_support.h"

using namespace ipt;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kDir = IPT_SOURCE_DIR "/tests/compat/lmops";

json golden(const std::string& name) {
    return json::parse(read_text_file(kDir + "/goldens/" + name));
}

std::vector<Pair> pairs_of(const json& list) {
    std::vector<Pair> out;
    for (const auto& p : list) {
        Pair pair;
        pair.question = p["question"];
        pair.answer = p["answer"];
        out.push_back(pair);
    }
    return out;
}

}  // namespace

class TestCompatLmops : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        if (!fs::exists(kDir + "/goldens/parser.json"))
            QSKIP("tests/compat/lmops/goldens are missing (LMOPS_DIR=... scripts/compat --write lmops)");
    }

    // numpy's legacy RandomState draws, which the rule-based baseline's mixing uses.
    void numpyLegacyChoiceMatches() {
        const json draws = golden("numpy_choice.json");
        for (const auto& [seed, row] : draws.items()) {
            const uint32_t s = static_cast<uint32_t>(std::stoull(seed));
            const std::vector<std::vector<double>> ps = {{0.4, 0.1, 0.4, 0.1}, {0.2, 0.8}, {0.5, 0.5}};
            for (size_t i = 0; i < ps.size(); ++i)
                QCOMPARE(int64_t(PythonRandom::numpy_legacy(s).numpy_choice_index(ps[i])),
                         row[i].get<int64_t>());
            QCOMPARE(PythonRandom::numpy_legacy(s).random(), row[3].get<double>());
        }
    }

    // AdaptLLM's miners: the same matches of its patterns (connectives, sentence constraints) in order.
    void ruleMinersFindWhatTheReleasedOnesFind() {
        if (!fs::exists(kDir + "/goldens/adaptllm_mined.json")) QSKIP("goldens/adaptllm_mined.json missing");
        size_t found = 0;
        for (const auto& t : golden("adaptllm_mined.json")) {
            const std::vector<MinedExample> ours = mine_released_patterns(t["context"]);
            QCOMPARE(ours.size(), t["mined"].size());
            for (size_t i = 0; i < ours.size(); ++i) {
                const json& m = t["mined"][i];
                QCOMPARE(ours[i].type, m["type"].get<std::string>());
                QCOMPARE(ours[i].subcategory, m["subcategory"].get<std::string>());
                QCOMPARE(ours[i].verbalizer, m["verbalizer"].get<std::string>());
                QCOMPARE(QString::fromStdString(ours[i].first), QString::fromStdString(m["first"]));
                QCOMPARE(QString::fromStdString(ours[i].second), QString::fromStdString(m["second"]));
                ++found;
            }
        }
        QVERIFY(found >= 10);
    }

    // parse_comprehension's pairs, byte for byte, and parse_QA_list's verdict on each.
    void parserMatchesTheReleasedOne() {
        for (const auto& c : golden("parser.json")) {
            const std::string generation = c["generation"];
            const ParsedPairs parsed = parse_pairs(generation);
            const QString where = QString::fromStdString(generation.substr(0, 60));
            QVERIFY2(parsed.pairs.size() == c["pairs"].size(), qPrintable(where));
            for (size_t i = 0; i < parsed.pairs.size(); ++i) {
                const Pair& ours = parsed.pairs[i];
                const json& theirs = c["pairs"][i];
                QCOMPARE(QString::fromStdString(ours.question), QString::fromStdString(theirs["question"]));
                QCOMPARE(QString::fromStdString(ours.answer), QString::fromStdString(theirs["answer"]));
                const json& t = theirs["templated"];
                // An answer from the released "none of the above" list is accepted there by its list; the
                // parser flags it and the corpus builder decides with its own pool.
                if (t["unanswerable"].get<bool>())
                    QCOMPARE(ours.released_drop, std::string("options: the answer is not among the options"));
                else
                    QVERIFY2(ours.released_drop.empty() == t["kept"].get<bool>(),
                             qPrintable(where + ": " + QString::fromStdString(ours.released_drop)));
                if (!t["kept"].get<bool>()) continue;
                const std::string mode = t["mode"];
                QCOMPARE(ours.cot, mode.find("cot") != std::string::npos);
                ChainOfThought cot;
                if (ours.cot) {
                    QVERIFY(parse_chain_of_thought(ours, &cot));
                    QCOMPARE(QString::fromStdString(cot.reasoning), QString::fromStdString(t["reasoning"]));
                    QCOMPARE(QString::fromStdString(cot.final_answer), QString::fromStdString(t["answer"]));
                }
                if (mode.find("option") != std::string::npos)
                    QCOMPARE(ours.options, t["options"].get<std::vector<std::string>>());
                else
                    QVERIFY(ours.options.empty());
            }
        }
    }

    // get_dataset()'s prompt strings: a text alone, and a text after its predecessor with its pairs.
    void promptStringsMatchTheReleasedOnes() {
        const json g = golden("prompts.json");
        const json chains = json::parse(read_text_file(kDir + "/cases/chains.json"));
        for (size_t i = 0; i < g["round1"].size(); ++i)
            QCOMPARE(QString::fromStdString(render_prompt(SynthPrompt{{}, chains["round1"][i], {}})),
                     QString::fromStdString(g["round1"][i]));
        // The first text of round 2 follows the first of round 1 (which has pairs); the second's
        // predecessor has none, the third has no predecessor.
        SynthPrompt linked{
            {SynthExample{chains["round1"][0], pairs_of(g["round1_pairs"][0])}}, chains["round2"][0], {}};
        QCOMPARE(QString::fromStdString(render_prompt(linked)), QString::fromStdString(g["round2"][0]));
        for (size_t i = 1; i < g["round2"].size(); ++i)
            QCOMPARE(QString::fromStdString(render_prompt(SynthPrompt{{}, chains["round2"][i], {}})),
                     QString::fromStdString(g["round2"][i]));
    }

    // cook_pt_entries with the same (small) pools: every document byte for byte, for seeds that draw
    // every layout with and without the pairs-first inversion. The released code also emits an empty
    // document for a group whose pairs were all dropped; the workbench leaves that one out.
    void templatingMatchesTheReleasedOne() {
        const TemplatePools pools = read_template_pools(kDir + "/cases/pools.json");
        const json collections = json::parse(read_text_file(kDir + "/cases/collections.json"));
        const json g = golden("cooked.json");
        size_t compared = 0;
        for (const auto& [name, runs] : g.items()) {
            std::vector<ChainEntry> chain;
            for (const auto& e : collections[name]) {
                ChainEntry entry;
                entry.text = e["context"];
                for (const auto& qa : e["QA_list"]) {
                    Pair p;
                    p.question = qa["Q"];
                    p.answer = qa["A"];
                    annotate_pair(&p);
                    entry.pairs.push_back(p);
                }
                entry.inherit_from_prev = e["inherit_from_prev"];
                chain.push_back(entry);
            }
            for (const auto& run : runs) {
                const int64_t seed = run["seed"];
                std::vector<std::string> want;
                for (const auto& d : run["documents"])
                    if (!d.get<std::string>().empty()) want.push_back(d);
                std::vector<std::string> got;
                for (const CookedDocument& d : cook_chain(chain, seed, pools)) got.push_back(d.text);
                const QString where = QString::fromStdString(name) + " seed " + QString::number(seed);
                QVERIFY2(got.size() == want.size(), qPrintable(where));
                for (size_t i = 0; i < got.size(); ++i)
                    QVERIFY2(got[i] == want[i],
                             qPrintable(where + ":\n" + QString::fromStdString(got[i]) +
                                        "\n--- released ---\n" + QString::fromStdString(want[i])));
                ++compared;
            }
        }
        QVERIFY(compared > 20);
    }
};

QTEST_APPLESS_MAIN(TestCompatLmops)
#include "test_compat_lmops.moc"
