// Instruction synthesis: the parser, the prompt bytes, multi-round chaining with a scripted model, the
// rule-based miner, templates, corpus mixing, fine-tuning sequences, and `ipt synth` end to end.
#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "ipt/data/dataset_builder.h"
#include "ipt/data/raw_corpus.h"
#include "ipt/data/token_dataset.h"
#include "ipt/synth/corpus_builder.h"
#include "ipt/synth/finetune_data.h"
#include "ipt/synth/pair_parser.h"
#include "ipt/synth/quality.h"
#include "ipt/synth/reading_comprehension.h"
#include "ipt/synth/rule_miner.h"
#include "ipt/synth/synth_run.h"
#include "ipt/synth/synthesizer.h"
#include "ipt/synth/templates.h"
#include "ipt/text/tokenizer.h"
#include "test_support.h"

using namespace ipt;

namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

std::string words(int n, const std::string& stem) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? " " : "") + stem + std::to_string(i);
    return out;
}

// A scripted synthesizer: a token is a whitespace-separated word of the rendered prompt, and the
// generation for a text is looked up in a script. Every prompt it receives is kept.
class ScriptedModel : public SynthesisModel {
  public:
    std::map<std::string, std::string> script;
    std::vector<SynthPrompt> prompts;
    std::vector<size_t> batches;
    int64_t context = 100000;

    int64_t context_length() const override { return context; }
    int64_t prompt_tokens(const SynthPrompt& p) const override {
        return static_cast<int64_t>(split_words(render_prompt(p)).size());
    }
    std::string truncate_text(const std::string& text, int64_t max_tokens) const override {
        std::vector<std::string> w = split_words(text);
        std::string out;
        for (int64_t i = 0; i < max_tokens && i < static_cast<int64_t>(w.size()); ++i)
            out += (i ? " " : "") + w[i];
        return out;
    }
    std::vector<Output> generate(const std::vector<SynthPrompt>& batch, int64_t,
                                 const std::vector<std::string>&, const CancelToken*, size_t) override {
        batches.push_back(batch.size());
        std::vector<Output> out;
        for (const SynthPrompt& p : batch) {
            prompts.push_back(p);
            auto it = script.find(p.text);
            const std::string text = it == script.end() ? "nothing useful" : it->second;
            out.push_back({text, static_cast<int64_t>(split_words(text).size())});
        }
        return out;
    }
    const SynthPrompt* prompt_for(const std::string& text) const {
        for (const SynthPrompt& p : prompts)
            if (p.text == text) return &p;
        return nullptr;
    }
};

std::string one_pair(const std::string& tag) {
    return "<QUE> Q" + tag + "? <ANS> A" + tag + ". </END>";
}

std::vector<SynthInput> inputs_of(const std::vector<std::string>& texts) {
    std::vector<SynthInput> out;
    for (size_t i = 0; i < texts.size(); ++i)
        out.push_back({"t" + std::to_string(i), texts[i], PairStatus::Ok, {}});
    return out;
}

const Pair* find_pair(const std::vector<Pair>& pairs, const std::string& category,
                      const std::string& question) {
    for (const Pair& p : pairs)
        if (p.category == category && p.question == question) return &p;
    return nullptr;
}

void write_text(const QString& path, const std::string& text, bool append = false) {
    std::ofstream out(path.toStdString(), append ? std::ios::app | std::ios::binary : std::ios::binary);
    out << text;
}

}  // namespace

// A pools file with one string per pool (and weights that force a layout): the text is known.
std::string one_pool_json(const std::string& weights) {
    return std::string(
               "{\n"
               " \"qa\": [{\"inputs\": \"{question}\", \"targets\": \"{answer}\", \"inputs_prefix\": \"Q: "
               "\", \"targets_prefix\": \"A: \",\n"
               "         \"x_y_delimiter\": \"\\n\", \"example_separator\": \"\\n\\n\"}],\n"
               " \"qa_options\": [{\"inputs\": \"{question}{options_}\", \"targets\": \"{option_answer}\", "
               "\"inputs_prefix\": \"Q: \",\n"
               "         \"targets_prefix\": \"A: \", \"x_y_delimiter\": \"\\n\", \"example_separator\": "
               "\"\\n\\n\"}],\n"
               " \"qa_cot\": [{\"inputs\": \"{question}\", \"targets\": \"{cot}. So {answer}\", "
               "\"inputs_prefix\": \"Q: \",\n"
               "         \"targets_prefix\": \"A: \", \"x_y_delimiter\": \"\\n\", \"example_separator\": "
               "\"\\n\\n\"}],\n"
               " \"qa_options_cot\": [{\"inputs\": \"{question}{options_}\", \"targets\": \"{cot}. So "
               "{option_answer}\"}],\n"
               " \"numbered_questions\": [{\"inputs\": \"{context}{numbered_questions}\", \"targets\": "
               "\"{numbered_answers}\"}],\n"
               " \"next_turn_dialog\": [{\"inputs\": \"{dialog_}\", \"targets\": \"{answer}\"}],\n"
               " \"inline_explained\": [{\"context\": \"{context}\\n\", \"ex_input\": \"{ex_input}\", "
               "\"ex_output\": \" {ex_output} {ex_explanation}\",\n"
               "         \"testing_input\": \"{input}\", \"testing_output\": \" {output}\"}],\n"
               " \"inline_plain\": [{\"context\": \"{context}\\n\", \"ex_input\": \"{ex_input}\", "
               "\"ex_output\": \" {ex_output}\",\n"
               "         \"testing_input\": \"{input}\", \"testing_output\": \" {output}\"}],\n"
               " \"read_starts\": [\"Text: {context}\"], \"read_ends\": [\"\\n\"], \"compre_starts\": "
               "[\"Questions:\"],\n"
               " \"qa_starts\": [\"Pairs:\\n{QA_demos}\"], \"qa_ends\": [\"\\n\\n\"], \"text_starts\": "
               "[\"Text: {context}\"],\n"
               " \"option_starts\": [\" Options:\"], \"option_item_ends\": [\"\"], \"option_item_names\": "
               "[[\"\\n(A) \", \"\\n(B) \"]],\n"
               " \"unanswerable_options\": [\"none of them\"], \"question_item_names\": [[\"\\n1. \", "
               "\"\\n2. \"]],\n"
               " \"dialog_start_joiners\": [\"\\n\"], \"dialog_starts\": [\"Chat:\"], \"dialog_item_ends\": "
               "[\"\"],\n"
               " \"dialog_turn_separators\": [\"\\n\"], \"dialog_item_names\": [[\"\\nX: \", \"\\nY: \"]],\n"
               " \"layout_weights\": ") +
           weights + "}";
}

class TestSynth : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

  private slots:
    // --- parser ---------------------------------------------------------------------------------

    void parserReadsWellFormedPairs() {
        ParsedPairs p =
            parse_pairs(" <QUE> What rose? <ANS> The river. </END>\n\n<QUE> Why? <ANS> Rain. </END>");
        QCOMPARE(p.pairs.size(), size_t(2));
        QCOMPARE(p.pairs[0].question, std::string("What rose?"));
        QCOMPARE(p.pairs[0].answer, std::string("The river."));
        QCOMPARE(p.pairs[1].question, std::string("Why?"));
        QCOMPARE(p.pairs[1].category, std::string("free-form"));
        QVERIFY(p.rejected.empty());
    }

    void parserDropsTruncatedTail() {
        ParsedPairs p = parse_pairs("<QUE> Q1 <ANS> A1 </END>\n\n<QUE> Q2 <ANS> half an ans");
        QCOMPARE(p.pairs.size(), size_t(1));
        QCOMPARE(p.rejected.size(), size_t(1));
        QCOMPARE(p.rejected[0].reason, std::string("truncated"));
        QCOMPARE(p.rejected[0].fragment, std::string("<QUE> Q2 <ANS> half an ans"));
    }

    void parserDropsDuplicatesIgnoringCase() {
        ParsedPairs p = parse_pairs("<QUE> Is it wet? <ANS> Yes </END><QUE> is IT wet? <ANS> No </END>");
        QCOMPARE(p.pairs.size(), size_t(1));
        QCOMPARE(p.pairs[0].answer, std::string("Yes"));
        QCOMPARE(p.pairs[0].category, std::string("yes-no"));
        QCOMPARE(p.rejected.size(), size_t(1));
        QCOMPARE(p.rejected[0].reason, std::string("duplicate question"));
    }

    void parserRejectsMissingOrDoubleAnswers() {
        ParsedPairs p = parse_pairs(
            "<QUE> no answer marker </END><QUE> empty <ANS>   </END><QUE> two <ANS> a <ANS> b </END>"
            "<QUE> fine <ANS> ok </END>");
        QCOMPARE(p.pairs.size(), size_t(1));
        QCOMPARE(p.pairs[0].question, std::string("fine"));
        QCOMPARE(p.rejected.size(), size_t(3));
        QCOMPARE(p.rejected[0].reason, std::string("no <ANS>"));
        QCOMPARE(p.rejected[1].reason, std::string("empty answer"));
        QCOMPARE(p.rejected[2].reason, std::string("several <ANS>"));
    }

    void parserRejectsNestedAndStrayMarkers() {
        ParsedPairs p = parse_pairs(
            "<QUE> a <QUE> b <ANS> c </END><QUE> q <ANS> x <QUE> y </END>garbage <ANS> z </END>"
            "<QUE> q2 <ANS> see <CON> </END><QUE> <ANS> no question </END>");
        QCOMPARE(p.rejected.size(), size_t(4));
        QCOMPARE(p.rejected[0].reason, std::string("several <QUE>"));
        QCOMPARE(p.rejected[1].reason, std::string("<QUE> inside the answer"));
        QCOMPARE(p.rejected[2].reason, std::string("no <QUE> before <ANS>"));
        QCOMPARE(p.rejected[3].reason, std::string("stray <CON>"));
        // An empty question with an answer is a pair, as the released parser has it.
        QCOMPARE(p.pairs.size(), size_t(1));
        QCOMPARE(p.pairs[0].question, std::string());
        QCOMPARE(p.pairs[0].answer, std::string("no question"));
    }

    void parserTrimsUnicodeSpaceAndFoldsCaseLikePython() {
        // U+00A0 and U+3000 are whitespace to str.strip(); "ÉCOLE?" and "école?" are one question to
        // str.lower(); U+0130 lowers to "i" + U+0307, so it is not "i".
        ParsedPairs p = parse_pairs(
            "<QUE>\u00a0Où est l'ÉCOLE?\u3000<ANS> ici\u00a0</END>\n\n<QUE> où est l'école? <ANS> là </END>"
            "<QUE> \u0130stanbul? <ANS> a </END><QUE> istanbul? <ANS> b </END>");
        QCOMPARE(p.pairs.size(), size_t(3));
        QCOMPARE(p.pairs[0].question, std::string("Où est l'ÉCOLE?"));
        QCOMPARE(p.pairs[0].answer, std::string("ici"));
        QCOMPARE(p.rejected.size(), size_t(1));
        QCOMPARE(p.rejected[0].reason, std::string("duplicate question"));
    }

    void parserRecognisesOptions() {
        ParsedPairs p =
            parse_pairs("<QUE> Which colour is the sky?\nOptions:\n- red\n- blue\n- green <ANS> blue </END>");
        QCOMPARE(p.pairs.size(), size_t(1));
        QCOMPARE(p.pairs[0].options, (std::vector<std::string>{"red", "blue", "green"}));
        QCOMPARE(p.pairs[0].category, std::string("multiple-choice"));
        QVERIFY(!p.pairs[0].cot);
    }

    void parserRecognisesChainOfThought() {
        // The released convention: the question asks for steps, the answer ends with the conclusion.
        ParsedPairs p = parse_pairs(
            "<QUE> What colour is the sky?\nLet's think step by step. <ANS> Air scatters blue light most.\n"
            "Therefore, the answer is blue </END>");
        QCOMPARE(p.pairs.size(), size_t(1));
        QVERIFY(p.pairs[0].cot);
        QCOMPARE(p.pairs[0].category, std::string("cot"));
        QVERIFY(p.pairs[0].released_drop.empty());
        ChainOfThought parts;
        QVERIFY(parse_chain_of_thought(p.pairs[0], &parts));
        QCOMPARE(parts.question, std::string("What colour is the sky?"));
        QCOMPARE(parts.reasoning, std::string("Air scatters blue light most"));
        QCOMPARE(parts.final_answer, std::string("blue"));
        Pair plain;
        plain.question = "Why?";
        plain.answer = "Let's think step by step. Blue. Therefore, the answer is blue.";
        QVERIFY(!parse_chain_of_thought(plain));  // the old spelling is not the released convention
        // Pairs the released pipeline drops are kept, with the reason.
        p = parse_pairs(
            "<QUE> Q1?\nLet's think step by step. <ANS> r\nTherefore, the answer is a\nTherefore, the answer "
            "is b "
            "</END><QUE> Q2?\nOptions:\n- x\n- y <ANS> z </END><QUE> Q3?\nOptions:\n- x\n- y <ANS>  y "
            "</END>");
        QCOMPARE(p.pairs.size(), size_t(3));
        QVERIFY(p.pairs[0].cot);
        QVERIFY(p.pairs[0].released_drop.find("2 \"Therefore, the answer is\"") != std::string::npos);
        QCOMPARE(p.pairs[1].released_drop, std::string("options: the answer is not among the options"));
        QCOMPARE(p.pairs[2].options, (std::vector<std::string>{"x", "y"}));
        QVERIFY(p.pairs[2].released_drop.empty());
    }

    // --- prompt ---------------------------------------------------------------------------------

    void promptBytesMatchTheReleasedTemplate() {
        QCOMPARE(render_prompt(SynthPrompt{{}, "The river rose.", {}}),
                 std::string("<s> <CON> The river rose. </CON>\n\n"));
        SynthExample demo{"Bees dance.", {}};
        Pair a, b;
        a.question = "Who dances?";
        a.answer = "Bees.";
        b.question = "Do bees dance?";
        b.answer = "Yes";
        demo.pairs = {a, b};
        QCOMPARE(render_example(demo),
                 std::string("<s> <CON> Bees dance. </CON>\n\n<QUE> Who dances? <ANS> Bees. </END>\n\n"
                             "<QUE> Do bees dance? <ANS> Yes </END></s>"));
        QCOMPARE(render_prompt(SynthPrompt{{demo, demo}, "Ants march.", {}}),
                 std::string("<s> <CON> Bees dance. </CON>\n\n<QUE> Who dances? <ANS> Bees. </END>\n\n"
                             "<QUE> Do bees dance? <ANS> Yes </END></s>"
                             "<s> <CON> Bees dance. </CON>\n\n<QUE> Who dances? <ANS> Bees. </END>\n\n"
                             "<QUE> Do bees dance? <ANS> Yes </END></s>"
                             "<s> <CON> Ants march. </CON>\n\n"));
    }

    void promptTokensUseControlIds() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        Pair a;
        a.question = "Who dances?";
        a.answer = "Bees.";
        SynthPrompt prompt{{{"Bees dance.", {a}}}, "Ants march.", {}};
        const TokenIds ids = encode_prompt(*tok, prompt);
        // Second path: the tokenizer reading the control spellings itself.
        EncodeOptions special;
        special.parse_special = true;
        QCOMPARE(ids, tok->encode(render_prompt(prompt), special));
        QCOMPARE(ids.front(), tok->bos_id());
        QCOMPARE(std::count(ids.begin(), ids.end(), tok->bos_id()), 2L);
        QCOMPARE(std::count(ids.begin(), ids.end(), tok->eos_id()), 1L);
        // Pairs continue a text: their first "<" survives (it must not merge into a sentinel piece).
        EncodeOptions cont;
        cont.continuation = true;
        QCOMPARE(tok->encode("<QUE> a", cont).front(), tok->piece_id("<"));
        // Raw text that spells a control piece stays text.
        const TokenIds literal = encode_prompt(*tok, SynthPrompt{{}, "a <s> b", {}});
        QCOMPARE(std::count(literal.begin(), literal.end(), tok->bos_id()), 1L);
    }

    void releasedPromptEncodingGoesThroughTheString() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        Pair a;
        a.question = "Who dances?";
        a.answer = "Bees.";
        const SynthPrompt prompt{{{"Bees dance.", {a}}}, "Ants march.", {}};
        const TokenIds released = encode_prompt(*tok, prompt, PromptEncoding::Released);
        // vLLM's path: BOS added in front of a string that starts with "<s>" itself.
        QCOMPARE(released[0], tok->bos_id());
        QCOMPARE(released[1], tok->bos_id());
        QCOMPARE(std::count(released.begin(), released.end(), tok->bos_id()), 3L);
        QCOMPARE(std::count(released.begin(), released.end(), tok->eos_id()), 1L);
        const TokenIds pieces = encode_prompt(*tok, prompt, PromptEncoding::Pieces);
        QCOMPARE(std::count(pieces.begin(), pieces.end(), tok->bos_id()), 2L);
        QCOMPARE(parse_prompt_encoding("released"), PromptEncoding::Released);
        IPT_VERIFY_ERROR_CONTAINS(parse_prompt_encoding("vllm"), "'vllm'", "pieces or released");
    }

    void overlongTextsAreCutBetweenWords() {
        QCOMPARE(cut_at_word_boundary("The river rose quickly.", 13), std::string("The river"));
        QCOMPARE(cut_at_word_boundary("The river rose quickly.", 14), std::string("The river rose"));
        QCOMPARE(cut_at_word_boundary("The river rose quickly.", 15), std::string("The river rose"));
        QCOMPARE(cut_at_word_boundary("short", 40), std::string("short"));
        // One word longer than the limit: whole UTF-8 characters only ("é" is two bytes).
        QCOMPARE(cut_at_word_boundary("caféterrasse", 4), std::string("caf"));
        // Through the model-backed truncation: the kept text is a prefix that ends a word.
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        Decoder model = test::tiny_decoder(test::tiny_config(tok->vocab_size()));
        GeneratorSynthesisModel m(model, *tok);
        const std::string text = "Floodwaters overwhelmed embankments downstream yesterday evening.";
        const int64_t first_word = static_cast<int64_t>(tok->encode("Floodwaters").size());
        for (int64_t budget = first_word; budget < 12; ++budget) {
            const std::string cut = m.truncate_text(text, budget);
            QVERIFY(text.compare(0, cut.size(), cut) == 0);
            QVERIFY(cut.size() == text.size() || text[cut.size()] == ' ');
            QVERIFY(static_cast<int64_t>(tok->encode(cut).size()) <= budget);
        }
    }

    // --- multi-round ----------------------------------------------------------------------------

    void chainBreaksAfterATextWithoutPairs() {
        ScriptedModel model;
        model.script = {{"t zero", one_pair("0") + "\n\n" + one_pair("0b")},
                        {"t one", "<QUE> broken"},
                        {"t two", one_pair("2")}};
        SynthesizerOptions o;
        o.rounds = 2;
        o.max_new_tokens = 10;
        Synthesizer synth(model, o);
        auto inputs = inputs_of({"t zero", "t one", "t two", "t three", "t four", "t five"});
        std::vector<PairRecord> records;
        synth.run(inputs, &records, {});
        QCOMPARE(records.size(), size_t(6));
        QCOMPARE(model.batches, (std::vector<size_t>{3, 3}));  // a batch never spans two rounds
        QCOMPARE(records[0].round, 1);
        QCOMPARE(records[3].round, 2);
        QCOMPARE(records[3].chain, int64_t(0));
        QCOMPARE(records[1].status, PairStatus::NoPairs);
        QVERIFY(records[1].reason.find("truncated x1") != std::string::npos);
        QVERIFY(records[3].linked);
        QVERIFY(!records[4].linked);  // t one yielded nothing
        QVERIFY(records[5].linked);
        QCOMPARE(render_prompt(*model.prompt_for("t three")),
                 std::string(
                     "<s> <CON> t zero </CON>\n\n<QUE> Q0? <ANS> A0. </END>\n\n<QUE> Q0b? <ANS> A0b. </END>"
                     "</s><s> <CON> t three </CON>\n\n"));
        QCOMPARE(render_prompt(*model.prompt_for("t four")), std::string("<s> <CON> t four </CON>\n\n"));
    }

    void chainBreaksWhenThePromptWouldNotFit() {
        ScriptedModel model;
        model.context = 100;
        const std::string long_text = words(70, "w");
        model.script = {{"a0 a1 a2", one_pair("0")},
                        {long_text, one_pair("1")},
                        {"b0 b1 b2", one_pair("2")},
                        {"c0 c1 c2", one_pair("3")}};
        SynthesizerOptions o;
        o.rounds = 3;
        o.max_new_tokens = 10;
        o.batch = 1;
        Synthesizer synth(model, o);
        // Chains (0, 2, 4) and (1, 3, 5). Counted by hand in words of the rendered prompt:
        // text 3 after text 1: 1+1+70+1+4+1 + 1+3+1 = 83, + 10 new = 93 <= 100: linked.
        // text 5 after 1 and 3: 78 + (1+3+1+4+1) + (1+3+1) = 93, + 10 = 103 > 100: the chain breaks.
        // text 4 after 0 and 2: 11 + 10 + 5 = 26 + 10: linked, with both demonstrations.
        auto inputs = inputs_of({"a0 a1 a2", long_text, "b0 b1 b2", "c0 c1 c2", "d0 d1 d2", "e0 e1 e2"});
        std::vector<PairRecord> records;
        synth.run(inputs, &records, {});
        QVERIFY(records[3].linked);
        QCOMPARE(model.prompt_for("c0 c1 c2")->demonstrations.size(), size_t(1));
        QVERIFY(records[4].linked);
        QCOMPARE(model.prompt_for("d0 d1 d2")->demonstrations.size(), size_t(2));
        QCOMPARE(model.prompt_for("d0 d1 d2")->demonstrations[1].text, std::string("b0 b1 b2"));
        QVERIFY(!records[5].linked);
        QVERIFY(model.prompt_for("e0 e1 e2")->demonstrations.empty());
        QCOMPARE(records[5].round, 3);
        QCOMPARE(synth.inherited_chain(inputs, records, 4).size(), size_t(2));
    }

    void longTextsAreCutAndBadInputsKeepTheirSlot() {
        ScriptedModel model;
        model.context = 60;
        SynthesizerOptions o;
        o.rounds = 1;
        o.max_new_tokens = 10;
        Synthesizer synth(model, o);
        std::vector<SynthInput> inputs = inputs_of({words(200, "x"), "", "fine text"});
        inputs.push_back({"line-4", "", PairStatus::MalformedInput, "raw.jsonl:4: invalid JSON"});
        model.script[words(200, "x")] = one_pair("x");
        std::vector<PairRecord> records;
        synth.run(inputs, &records, {});
        QCOMPARE(records.size(), size_t(4));
        QVERIFY(records[0].truncated);
        // 60 - 10 new tokens - 3 words of framing ("<s>", "<CON>", "</CON>") leaves 47 words of text.
        QCOMPARE(split_words(records[0].text).size(), size_t(47));
        QVERIFY(model.prompt_tokens(*model.prompts.rbegin()) + 10 <= 60);
        QCOMPARE(records[1].status, PairStatus::EmptyText);
        QCOMPARE(records[2].status, PairStatus::NoPairs);
        QCOMPARE(records[3].status, PairStatus::MalformedInput);
        QCOMPARE(records[3].reason, std::string("raw.jsonl:4: invalid JSON"));
        QCOMPARE(model.prompts.size(), size_t(2));  // empty and malformed inputs are not prompted
    }

    void recordsRoundTripThroughJson() {
        PairRecord r;
        r.id = "doc-1";
        r.text = "Text \"quoted\"\nline";
        Pair p;
        p.question = "Q?\nOptions:\n- a\n- b";
        p.answer = "a";
        annotate_pair(&p);
        r.pairs = {p};
        r.status = PairStatus::Truncated;
        r.reason = "cut";
        r.truncated = true;
        r.raw_output = "<QUE> ...";
        r.dropped = 2;
        r.chain = 4;
        r.linked = true;
        r.round = 2;
        PairRecord back = parse_pair_record(to_json_line(r), "x:1");
        QCOMPARE(back.id, r.id);
        QCOMPARE(back.text, r.text);
        QCOMPARE(back.pairs[0].options, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(back.pairs[0].category, std::string("multiple-choice"));
        QCOMPARE(back.status, PairStatus::Truncated);
        QCOMPARE(back.round, 2);
        QVERIFY(back.linked && back.truncated);
        QCOMPARE(back.dropped, 2);
        QCOMPARE(back.chain, int64_t(4));
        IPT_VERIFY_ERROR_CONTAINS(parse_pair_record("{\"id\": 1, \"status\": \"odd\"}", "p.jsonl:3"),
                                  "p.jsonl:3", "unknown status 'odd'");
        IPT_VERIFY_ERROR_CONTAINS(parse_pair_record("{oops", "p.jsonl:9"), "p.jsonl:9", "invalid JSON");
    }

    // --- rules ----------------------------------------------------------------------------------

    void ruleMinerFindsTasksAtKnownConnectives() {
        const std::string text =
            "Photosynthesis in plants\n"
            "Plants turn light into sugar. Therefore, they grow toward the sun. However, roots grow down "
            "into "
            "the soil. Moreover, leaves release oxygen. The harvest was late due to the cold spring. A "
            "catalyst "
            "is defined as a substance that speeds up a reaction. In other words, it makes reactions faster. "
            "Copper is cheap, but silver conducts better.";
        std::vector<Pair> pairs = mine_rule_pairs(text);
        const Pair* title = find_pair(pairs, "title", "What is a good title for this text?");
        QVERIFY(title && title->answer == "Photosynthesis in plants");
        QVERIFY(find_pair(pairs, "summarize", "Summarize the text in a few words."));
        const std::string opts = "\nOptions:\n- yes\n- it is not possible to tell\n- no";
        const Pair* entail =
            find_pair(pairs, "nli",
                      "Does the sentence \"Plants turn light into sugar.\" entail the sentence "
                      "\"They grow toward the sun.\"?" +
                          opts);
        QVERIFY(entail && entail->answer == "yes");
        QCOMPARE(entail->options.size(), size_t(3));
        const Pair* contradict =
            find_pair(pairs, "nli",
                      "Does the sentence \"Therefore, they grow toward the sun.\" entail the "
                      "sentence \"Roots grow down into the soil.\"?" +
                          opts);
        QVERIFY(contradict && contradict->answer == "no");
        const Pair* neutral =
            find_pair(pairs, "nli",
                      "Does the sentence \"However, roots grow down into the soil.\" entail the "
                      "sentence \"Leaves release oxygen.\"?" +
                          opts);
        QVERIFY(neutral && neutral->answer == "it is not possible to tell");
        const Pair* inner =
            find_pair(pairs, "nli",
                      "Does the sentence \"Copper is cheap.\" entail the sentence \"Silver conducts "
                      "better.\"?" +
                          opts);
        QVERIFY(inner && inner->answer == "no");
        const Pair* effect = find_pair(
            pairs, "cause-effect", "What is a likely result of the following? Plants turn light into sugar.");
        QVERIFY(effect && effect->answer == "They grow toward the sun.");
        const Pair* cause =
            find_pair(pairs, "cause-effect", "What is the cause of the following? The harvest was late.");
        QVERIFY(cause && cause->answer == "The cold spring.");
        const Pair* definition = find_pair(pairs, "definition", "How is a catalyst defined?");
        QVERIFY(definition &&
                definition->answer == "A catalyst is defined as a substance that speeds up a reaction.");
        const Pair* paraphrase = find_pair(pairs, "paraphrase",
                                           "Paraphrase the following sentence: A catalyst is defined as a "
                                           "substance that speeds up a reaction.");
        QVERIFY(paraphrase && paraphrase->answer == "It makes reactions faster.");
        bool completion = false, word_to_text = false;
        for (const Pair& p : pairs) {
            completion = completion || p.category == "completion";
            word_to_text = word_to_text || p.category == "word-to-text";
        }
        QVERIFY(completion && word_to_text);
    }

    void ruleMinerSentencesAndKeywords() {
        QCOMPARE(
            split_sentences("Dr. Smith came at 3.5 p.m. today. He left! Why? It rained, e.g. on Monday."),
            (std::vector<std::string>{"Dr. Smith came at 3.5 p.m. today.", "He left!", "Why?",
                                      "It rained, e.g. on Monday."}));
        QCOMPARE(keywords("Rivers flood. Rivers rise when rain falls; rain feeds rivers.", 2),
                 (std::vector<std::string>{"rivers", "rain"}));
        QVERIFY(mine_rule_pairs("Short.").empty());
        // "no." ends a sentence unless a number follows ("No. 5").
        QCOMPARE(split_sentences("The answer was no. Then we left. See No. 5 for more."),
                 (std::vector<std::string>{"The answer was no.", "Then we left.", "See No. 5 for more."}));
    }

    void readingComprehensionTextsInTheReleasedStructure() {
        const std::string text =
            "Spring floods in the valley\nIt was a wet year. The river rose after three days of very heavy "
            "rain "
            "over the hills. Therefore, the ferry across the valley stopped running until the water fell "
            "again. "
            "Nobody was hurt. The old stone bridge upstream stayed open to carts and walkers all week long. "
            "However, the wooden footbridge near the mill was closed by the town council. Then spring came. ";
        const ReadingComprehension rc = reading_comprehension(text, 3);
        QCOMPARE(rc.text, reading_comprehension(text, 3).text);  // the seed decides everything
        // The mined pairs are there (entail and contradict, cause-effect, a "different" paraphrase).
        for (const char* part : {"the ferry across the valley stopped running", "the wooden footbridge"})
            QVERIFY(rc.text.find(part) != std::string::npos);
        std::map<std::string, size_t> tasks(rc.tasks.begin(), rc.tasks.end());
        QCOMPARE(tasks["nli"], size_t(2));
        QCOMPARE(tasks["common_reason"], size_t(1));
        QCOMPARE(tasks["paraphrase"], size_t(1));
        QVERIFY(rc.text.find("  ") == std::string::npos);  // runs of spaces collapsed, as released
        // The four layouts over many seeds, near 0.4 / 0.1 / 0.4 / 0.1 (numpy's draws, as released).
        size_t summary = 0, completion = 0;
        for (int64_t seed = 0; seed < 400; ++seed) {
            std::map<std::string, size_t> t;
            for (const auto& [k, v] : reading_comprehension(text, seed).tasks) t[k] = v;
            summary += t["summarize"];
            completion += t["text_completion"];
        }
        QVERIFY(summary > 260 && summary < 380);        // 0.8 of 400
        QVERIFY(completion > 140 && completion < 260);  // 0.5 of 400
        // A one-line text has no title: no summary task.
        for (int64_t seed = 0; seed < 20; ++seed)
            for (const auto& [k, v] : reading_comprehension("One line. Two sentences here. ", seed).tasks)
                if (k == "summarize") QCOMPARE(v, size_t(0));
        // The corpus command: one text per raw text.
        const QString raw = dir.filePath("rc_raw.jsonl"), out = dir.filePath("rc.jsonl");
        write_text(raw,
                   "{\"id\": \"a\", \"text\": \"Title\\nFirst sentence here. Second one.\"}\n\n"
                   "{\"id\": \"b\", \"text\": \"Only one line.\"}\n");
        const auto r =
            test::ipt_cli({"synth", "rules", "--reading-comprehension", "--input", raw, "--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QByteArray> lines = test::file_bytes(out).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].contains("\"ids\":[\"a\"]") && lines[0].contains("\"source\":\"rules\""));
    }

    // --- templates and corpora ------------------------------------------------------------------

    void templatesRenderByHandAndReproducibly() {
        Pair q, r;
        q.question = "Why?";
        q.answer = "Because.";
        r.question = "How many legs do two cats have?\nLet's think step by step.";
        r.answer = "A cat has four legs.\nTherefore, the answer is 8";
        const std::vector<ChainEntry> one{{"The sky is blue.", {q, r}, false}};
        const TemplatePools classic = parse_template_pools(
            one_pool_json("{\"few\": [1, 0], \"many\": [1, 0, 0, 0, 0], \"inversion\": [0, 1]}"),
            "pools.json");
        auto text = [&](const std::vector<ChainEntry>& chain, const TemplatePools& pools) {
            std::vector<std::string> out;
            for (const CookedDocument& d : cook_chain(chain, 5, pools)) out.push_back(d.text);
            return out;
        };
        QCOMPARE(text(one, classic), std::vector<std::string>{
                                         "Text: The sky is blue.\nQuestions:\n\nQ: Why?\nA: Because.\n\n"
                                         "Q: How many legs do two cats have?\nA: A cat has four legs. So 8"});
        const TemplatePools inverted = parse_template_pools(
            one_pool_json("{\"few\": [1, 0], \"many\": [1, 0, 0, 0, 0], \"inversion\": [1, 0]}"),
            "pools.json");
        QCOMPARE(
            text(one, inverted),
            std::vector<std::string>{"Pairs:\nQ: Why?\nA: Because.\n\nQ: How many legs do two "
                                     "cats have?\nA: A cat has four legs. So 8\n\nText: The sky is blue."});
        const TemplatePools numbered = parse_template_pools(
            one_pool_json("{\"few\": [1, 0], \"many\": [0, 0, 1, 0, 0], \"inversion\": [0, 1]}"),
            "pools.json");
        QCOMPARE(text(one, numbered),
                 std::vector<std::string>{"The sky is blue.\n1. Why?\n2. How many legs do two cats have?"
                                          "\n\n\n1. Because.\n2. A cat has four legs. So 8"});
        // A chain: the second text inherits (one document, texts joined by the qa separator); a text
        // without pairs comes out alone; a third, not inheriting, gets its own document.
        const std::vector<ChainEntry> chain{
            {"T1.", {q}, false}, {"T2.", {q}, true}, {"T3.", {}, false}, {"T4.", {q}, false}};
        QCOMPARE(text(chain, classic),
                 (std::vector<std::string>{"Text: T1.\nQuestions:\n\nQ: Why?\nA: Because.\n\nText: "
                                           "T2.\nQuestions:\n\nQ: Why?\nA: Because.",
                                           "T3.", "Text: T4.\nQuestions:\n\nQ: Why?\nA: Because."}));
        // Pairs the released templating drops are left out; a text that loses them all stays raw.
        Pair bad;
        bad.question = "Pick.\nOptions:\n- a\n- b";
        bad.answer = "c";
        CookReport report;
        const auto docs = cook_chain({{"Only bad.", {bad}, false}}, 5, classic, &report);
        QCOMPARE(docs.size(), size_t(1));
        QCOMPARE(docs[0].text, std::string("Only bad."));
        QVERIFY(!docs[0].instruction);
        QCOMPARE(report.dropped, size_t(1));
        // The built-in pools load, and the same seed gives the same text.
        const TemplatePools& builtin = builtin_template_pools();
        QVERIFY(builtin.qa.size() >= 50 && builtin.qa_cot.size() >= 100 &&
                builtin.qa_options_cot.size() >= 100);
        QCOMPARE(text(one, builtin), text(one, builtin));
        // Broken pools files name the key.
        IPT_VERIFY_ERROR_CONTAINS(parse_template_pools("{}", "p.json"), "p.json", "missing key 'qa'");
        std::string bad_field =
            one_pool_json("{\"few\": [1, 0], \"many\": [1, 0, 0, 0, 0], \"inversion\": [0, 1]}");
        bad_field.replace(bad_field.find("{cot}. So {answer}"), 18, "{reasoning}");
        IPT_VERIFY_ERROR_CONTAINS(parse_template_pools(bad_field, "p.json"), "p.json", "qa_cot",
                                  "{reasoning}");
    }

    void corpusConvertsTheRatioExactly() {
        CorpusInputs in;
        for (int i = 0; i < 100; ++i)
            in.raw.emplace_back("r" + std::to_string(i), "raw text " + std::to_string(i));
        for (int i = 0; i < 50; ++i) {
            PairRecord r;
            r.id = "r" + std::to_string(i);
            r.text = "raw text " + std::to_string(i);
            r.chain = i;
            Pair p;
            p.question = "Q" + std::to_string(i) + "?";
            p.answer = "A";
            r.pairs = {p};
            in.records.push_back(r);
        }
        CorpusOptions o;
        o.convert_ratio = 0.2;
        o.seed = 3;
        CorpusReport report;
        std::vector<CorpusDocument> docs = assemble_corpus(in, o, &report);
        QCOMPARE(docs.size(), size_t(100));
        size_t converted = 0;
        std::map<std::string, int> seen;
        for (const CorpusDocument& d : docs) {
            converted += d.source == "instruction";
            for (const std::string& id : d.ids) ++seen[id];
            if (d.source == "instruction")
                QVERIFY(d.text.find("A") != std::string::npos && d.text.size() > 12);
        }
        QCOMPARE(converted, size_t(20));
        QCOMPARE(report.converted_texts, size_t(20));
        QCOMPARE(seen.size(), size_t(100));
        for (const auto& [id, n] : seen) QCOMPARE(n, 1);
        // Same seed, same corpus; another seed picks other texts.
        std::vector<CorpusDocument> again = assemble_corpus(in, o, nullptr);
        for (size_t i = 0; i < docs.size(); ++i) QCOMPARE(again[i].text, docs[i].text);
        o.seed = 4;
        std::vector<CorpusDocument> other = assemble_corpus(in, o, nullptr);
        bool differs = false;
        for (size_t i = 0; i < docs.size(); ++i) differs = differs || other[i].source != docs[i].source;
        QVERIFY(differs);
    }

    void corpusKeepsChainsTogetherAndMixes() {
        CorpusInputs in;
        Pair p;
        p.question = "Q?";
        p.answer = "A.";
        auto record = [&](const std::string& id, int round, bool linked) {
            PairRecord r;
            r.id = id;
            r.text = "text " + id;
            r.round = round;
            r.chain = 0;
            r.linked = linked;
            r.pairs = {p};
            return r;
        };
        in.records = {record("a", 1, false), record("b", 2, true)};
        in.general = {{"", {p}}};
        CorpusOptions o;
        o.domain = true;
        CorpusReport report;
        std::vector<CorpusDocument> docs = assemble_corpus(in, o, &report);
        QCOMPARE(docs.front().ids, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(report.chains, size_t(1));
        QVERIFY(docs.front().text.find("text a") < docs.front().text.find("text b"));
        // 1:1 by characters: general documents weigh at least as much, and one fewer would not.
        uint64_t domain = docs.front().text.size(), general = 0, last = 0;
        for (const CorpusDocument& d : docs)
            if (d.source == "general") general += d.text.size(), last = d.text.size();
        QVERIFY(general >= domain && general - last < domain);
        o.domain = false;
        IPT_VERIFY_ERROR_CONTAINS(
            [&] {
                o.convert_ratio = 1.5;
                assemble_corpus(in, o, nullptr);
            }(),
            "convert ratio");
        // Texts are matched to pairs by id: two raw texts under one id are refused, naming the id.
        o.convert_ratio = 0.5;
        in.raw = {{"a", "text a"}, {"b", "text b"}, {"a", "another text"}};
        IPT_VERIFY_ERROR_CONTAINS(assemble_corpus(in, o, nullptr), "'a' names two texts");
    }

    // --- fine-tuning data -----------------------------------------------------------------------

    void finetuneSequencesPackAndMaskOnlyPairs() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing");
        auto tok = load_tokenizer(test::llama2_tokenizer().toStdString());
        const QString rc = dir.filePath("rc.jsonl");
        write_text(rc,
                   "{\"dataset\": \"squad\", \"context\": \"The river rose.\", \"pairs\": [{\"question\": "
                   "\"What rose?\", "
                   "\"answer\": \"The river.\"}]}\n"
                   "{\"dataset\": \"squad\", \"context\": \"Bees dance.\", \"pairs\": [{\"question\": \"Who "
                   "dances?\", "
                   "\"answer\": \"Bees.\"}]}\n"
                   "{\"dataset\": \"boolq\", \"context\": \"Ice is cold.\", \"pairs\": [{\"question\": \"Is "
                   "ice cold?\", "
                   "\"answer\": \"yes\"}]}\n");
        std::vector<RcExample> examples = read_rc_examples(rc.toStdString());
        FinetuneReport report;
        std::vector<FinetuneSequence> seqs = pack_finetune_sequences(examples, *tok, 4096, &report);
        QCOMPARE(seqs.size(), size_t(2));  // squad's two examples together, boolq alone
        QCOMPARE(seqs[0].examples + seqs[1].examples, size_t(3));
        const QString jsonl = dir.filePath("seqs.jsonl");
        std::string text;
        for (const auto& s : seqs) text += finetune_sequence_json(s) + "\n";
        write_text(jsonl, text);
        PrepareOptions prepare;
        prepare.inputs = {jsonl.toStdString()};
        prepare.output = dir.filePath("seqs").toStdString();
        prepare.loss_mask = true;
        prepare_dataset(prepare, *tok);
        auto ds = TokenDataset::open(prepare.output);
        // Second path: each example as a prompt-format token run: BOS, context and pairs, EOS.
        EncodeOptions cont;
        cont.continuation = true;
        std::vector<int64_t> expected;
        std::vector<uint8_t> expected_mask;
        const FinetuneSequence& squad = seqs[0].dataset == "squad" ? seqs[0] : seqs[1];
        QCOMPARE(squad.examples, size_t(2));
        for (int i = 0; i < 2; ++i) {
            const SynthExample& e = examples[static_cast<size_t>(i)].example;
            expected.push_back(tok->bos_id());
            expected_mask.push_back(0);
            TokenIds context = tok->encode(render_context(e.text), cont);
            TokenIds all = tok->encode(render_context(e.text) + render_pairs(e.pairs), cont);
            for (size_t k = 0; k < all.size(); ++k) {
                expected.push_back(all[k]);
                expected_mask.push_back(k >= context.size() ? 1 : 0);
            }
            expected.push_back(tok->eos_id());
            expected_mask.push_back(1);
        }
        QCOMPARE(static_cast<int64_t>(expected.size()), squad.tokens);
        const std::vector<uint64_t> starts = ds->document_starts();
        const uint64_t offset = seqs[0].dataset == "squad" ? starts[0] : starts[1];
        std::vector<int64_t> got(expected.size());
        std::vector<uint8_t> mask(expected.size());
        ds->read(offset, expected.size(), got.data(), mask.data());
        QCOMPARE(got, expected);
        QCOMPARE(mask, expected_mask);
        QCOMPARE(report.tokens, seqs[0].tokens + seqs[1].tokens);
        // A tight limit splits squad's examples and leaves out what cannot fit at all.
        FinetuneReport tight;
        std::vector<FinetuneSequence> small =
            pack_finetune_sequences(examples, *tok, squad.tokens - 1, &tight);
        QCOMPARE(small.size(), size_t(3));
        pack_finetune_sequences(examples, *tok, 5, &tight);
        QCOMPARE(tight.too_long, size_t(3));
        QVERIFY(tight.problems[0].find("rc.jsonl:1") != std::string::npos);
        write_text(rc, "{\"context\": \"x\"}\n", true);
        IPT_VERIFY_ERROR_CONTAINS(read_rc_examples(rc.toStdString()), "rc.jsonl:4", "pairs");
    }

    // --- quality --------------------------------------------------------------------------------

    void qualityScoresAndStatistics() {
        Pair a, b;
        a.question = "What rose?";
        a.answer = "The river";
        b.question = "What fell?";
        b.answer = "rain";
        // Tokens after normalisation: "what rose river" vs "what fell rain": 1 common of 3 and 3.
        QCOMPARE(pair_quality_f1({a}, {b}), 1.0 / 3.0);
        QCOMPARE(pair_quality_f1({a, b}, {a, b}), 1.0);
        PairRecord r1, r2, r3;
        r1.id = "1";
        r1.pairs = {a, b};
        r2.id = "2";
        Pair dup = a;
        dup.question = "WHAT ROSE?";
        r2.pairs = {dup};
        r3.id = "3";
        r3.status = PairStatus::NoPairs;
        CorpusStatistics s = corpus_statistics({r1, r2, r3});
        QCOMPARE(s.pairs, size_t(3));
        QCOMPARE(s.pairs_per_text, 1.0);
        QCOMPARE(s.tokens_per_pair, (4 + 3 + 4) / 3.0);  // "What rose? The river", "What fell? rain", ...
        QCOMPARE(s.duplicate_rate, 1.0 / 3.0);
        QCOMPARE(s.categories["free-form"], size_t(3));
        ScriptedModel model;
        model.script = {{"ctx", "river"}};
        PairRecord g;
        g.id = "g";
        g.text = "ctx";
        g.pairs = {a};
        ResponseAccuracyReport acc = response_accuracy(model, {g}, 0);
        QCOMPARE(acc.questions, size_t(1));
        QCOMPARE(acc.exact_match, 1.0);  // "river" == "The river" once articles are removed
        QCOMPARE(render_prompt(model.prompts[0]),
                 std::string("<s> <CON> ctx </CON>\n\n<QUE> What rose? <ANS>"));
    }

    // --- end to end -----------------------------------------------------------------------------

    void synthRunResumesWithoutDuplicatesOrLosses() {
        if (!QFile::exists(test::llama2_tokenizer())) QSKIP("fixture missing");
        const QString model = dir.filePath("tiny");
        test::CliRun r = test::ipt_cli({"model", "init", "--preset", "tiny", "--tokenizer",
                                        test::llama2_tokenizer(), "--seed", "4", "--out", model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString raw = dir.filePath("raw.jsonl");
        std::string lines;
        for (int i = 0; i < 10; ++i) {
            lines += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"Text number " + std::to_string(i) +
                     " about rivers and rain.\"}\n";
            if (i == 4) lines += "{not json\n";
            if (i == 6) lines += "{\"id\": \"empty\", \"text\": \"  \"}\n";
        }
        write_text(raw, lines);
        const QStringList common = {"synth",    "run", "--synthesizer", model, "--input",          raw,
                                    "--rounds", "2",   "--batch",       "1",   "--max-new-tokens", "12",
                                    "--group",  "1",   "--quiet"};
        const QString straight = dir.filePath("straight.jsonl"), resumed = dir.filePath("resumed.jsonl");
        r = test::ipt_cli(common + QStringList{"--out", straight});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("12 of 12 records") && r.out.contains("texts/s") && r.out.contains("pairs/s"),
                 qPrintable(r.out));
        QVERIFY(r.out.contains("malformed_input 1") && r.out.contains("empty_text 1"));

        // A real kill once the first record is on disk: the run stops in the middle.
        QProcess killed;
        killed.start(IPT_CLI, common + QStringList{"--out", resumed});
        QVERIFY(killed.waitForStarted());
        QElapsedTimer waited;
        waited.start();
        while (!test::file_bytes(resumed + ".partial").contains('\n') && waited.elapsed() < 120000)
            QTest::qWait(5);
        killed.kill();
        killed.waitForFinished();
        QVERIFY(!QFile::exists(resumed) && QFile::exists(resumed + ".partial"));
        const int kept = test::file_bytes(resumed + ".partial").count('\n');
        r = test::ipt_cli(common + QStringList{"--out", resumed, "--max-records", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("run the same command again"));
        // Records beyond what the progress file vouches for (the kill may land between the append and
        // the progress update) are made again, never kept twice.
        const int resumed_from = r.out.contains("resumed after")
                                     ? r.out.section("resumed after ", 1).section(' ', 0, 0).toInt()
                                     : 0;
        QVERIFY(resumed_from >= kept - 1 && resumed_from <= kept);
        // A kill in the middle of a write leaves a torn record behind the recorded length.
        write_text(resumed + ".partial", "{\"id\": \"d9\", \"text\": \"Text num", true);
        r = test::ipt_cli(common + QStringList{"--out", resumed, "--max-records", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("resumed after " + QString::number(resumed_from + 2) + " records"),
                 qPrintable(r.out));
        r = test::ipt_cli(common + QStringList{"--out", resumed});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(resumed) && !QFile::exists(resumed + ".partial") &&
                !QFile::exists(resumed + ".progress.json"));

        std::vector<PairRecord> records = read_pairs_file(resumed.toStdString());
        QStringList ids;
        for (const PairRecord& rec : records) ids << QString::fromStdString(rec.id);
        QCOMPARE(ids, (QStringList{"d0", "d1", "d2", "d3", "d4", "line-6", "d5", "d6", "empty", "d7", "d8",
                                   "d9"}));
        QCOMPARE(records[5].status, PairStatus::MalformedInput);
        QVERIFY(records[5].reason.find("raw.jsonl:6") != std::string::npos);
        QCOMPARE(records[8].status, PairStatus::EmptyText);
        QCOMPARE(records[7].round, 2);
        for (const PairRecord& rec : records)
            if (rec.status == PairStatus::NoPairs) QVERIFY(!rec.reason.empty());
        // Greedy and batch 1: the interrupted run wrote exactly what the straight run did.
        QCOMPARE(test::file_bytes(resumed), test::file_bytes(straight));

        r = test::ipt_cli(common + QStringList{"--out", resumed});
        QVERIFY(r.out.contains("already complete"));

        // Batched generation (left-padded prompts of different lengths) makes the same records.
        QStringList batched = common;
        batched[batched.indexOf("--batch") + 1] = "4";
        r = test::ipt_cli(batched + QStringList{"--out", dir.filePath("batched.jsonl")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        std::vector<PairRecord> four = read_pairs_file(dir.filePath("batched.jsonl").toStdString());
        QCOMPARE(four.size(), records.size());
        for (size_t i = 0; i < four.size(); ++i) {
            QCOMPARE(four[i].id, records[i].id);
            QCOMPARE(four[i].round, records[i].round);
        }

        // Sharding: two shards cover the input once.
        const QString sharded = dir.filePath("sharded.jsonl");
        size_t total = 0;
        for (const char* shard : {"0/2", "1/2"}) {
            r = test::ipt_cli(common + QStringList{"--out", sharded, "--shard", shard});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        total += read_pairs_file(dir.filePath("sharded.shard-0-of-2.jsonl").toStdString()).size();
        total += read_pairs_file(dir.filePath("sharded.shard-1-of-2.jsonl").toStdString()).size();
        QCOMPARE(total, size_t(12));
        // torchrun's variables pick the shard when --shard is absent.
        QProcess ranked;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", "1");
        env.insert("WORLD_SIZE", "3");
        ranked.setProcessEnvironment(env);
        ranked.start(IPT_CLI, common + QStringList{"--out", dir.filePath("ranked.jsonl")});
        QVERIFY(ranked.waitForFinished(120000) && ranked.exitCode() == 0);
        QCOMPARE(read_pairs_file(dir.filePath("ranked.shard-1-of-3.jsonl").toStdString()).front().id,
                 std::string("d4"));  // records 4..7 of 12
        r = test::ipt_cli(common + QStringList{"--out", sharded, "--shard", "2/2"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("not a shard"));
    }

    void rulesCorpusAndScoreCommands() {
        const QString demo = QString(IPT_SOURCE_DIR) + "/resources/demo/synth-corpus.jsonl";
        const QString pairs = dir.filePath("rules.jsonl"), corpus = dir.filePath("corpus.jsonl");
        test::CliRun r = test::ipt_cli({"synth", "rules", "--input", demo, "--out", pairs});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("MB/s"), qPrintable(r.out));
        std::vector<PairRecord> records = read_pairs_file(pairs.toStdString());
        QCOMPARE(records.size(), read_raw_corpus(demo.toStdString()).size());
        QVERIFY(corpus_statistics(records).pairs > 3 * records.size());
        QVERIFY2(r.out.contains("empty_text 1"), qPrintable(r.out));
        QCOMPARE(corpus_statistics(records).categories.size(), size_t(8));  // every rule kind fires
        r = test::ipt_cli({"synth", "corpus", "--pairs", pairs, "--raw", demo, "--convert-ratio", "0.5",
                           "--seed", "1", "--out", corpus});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("converted"), qPrintable(r.out));
        r = test::ipt_cli({"synth", "score", "--pred", pairs, "--gold", pairs});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("token F1 1.0000") && r.out.contains("pairs per text"), qPrintable(r.out));
        // Domain mode: everything converted, mixed 1:1 with general instructions.
        const QString general = dir.filePath("general.jsonl"), domain = dir.filePath("domain.jsonl");
        write_text(general,
                   "{\"instruction\": \"Name a colour.\", \"output\": \"Blue.\"}\n"
                   "{\"question\": \"What is two plus two?\", \"answer\": \"Four.\"}\n");
        r = test::ipt_cli({"synth", "corpus", "--pairs", pairs, "--domain", "--general", general, "--seed",
                           "2", "--out", domain});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("11 texts converted") && r.out.contains("general"), qPrintable(r.out));
        // Fine-tuning sequences become token shards with loss masks.
        if (QFile::exists(test::llama2_tokenizer())) {
            const QString rc = dir.filePath("rc-cli.jsonl"), seqs = dir.filePath("seqs-cli");
            write_text(
                rc,
                "{\"dataset\": \"d\", \"context\": \"Ice is cold.\", \"pairs\": [{\"question\": \"Is ice "
                "cold?\", \"answer\": \"yes\"}]}\n");
            r = test::ipt_cli({"synth", "finetune-data", "--input", rc, "--out", seqs, "--tokenizer",
                               test::llama2_tokenizer(), "--quiet"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY(QFile::exists(seqs + "/sequences.jsonl"));
            QVERIFY(TokenDataset::open(seqs.toStdString())->index().has_mask);
        }
        r = test::ipt_cli({"synth", "rules", "--input", dir.filePath("absent.jsonl"), "--out", pairs});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("absent.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestSynth)
#include "test_synth.moc"
