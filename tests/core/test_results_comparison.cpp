// Results compared the way the papers print them: sections with their own metric, averages over the
// tasks every selected run has, lm-eval aliases, published reference rows (the shipped files checked
// against the papers' tables, typed in again here), and the Markdown / LaTeX / CSV writers, against
// tables worked out by hand.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "ipt/common/atomic_file.h"
#include "ipt/runs/results_comparison.h"
#include "ipt/runs/run_store.h"
#include "test_support.h"

using namespace ipt;

namespace {

std::string write(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out << text;
    return path.toStdString();
}

const char* kReference =
    R"({"reference": {"name": "Paper row", "source": "A paper, Table 9", "published": true},
  "results": {"arc_easy": {"acc,none": 0.6}, "piqa": {"acc,none": 0.7}, "nli": {"acc,none": 0.33}}})";

}  // namespace

class TestResultsComparison : public QObject {
    Q_OBJECT

  private slots:
    void averages_over_the_tasks_every_run_has() {
        QTemporaryDir tmp;
        RunStore store(tmp.path().toStdString());
        // lm-eval files "siqa" as "social_iqa"; run b lacks piqa.
        store.import_results(write(tmp.path() + "/a.json", R"({"results": {
            "arc_easy": {"acc,none": 0.5, "acc_stderr,none": 0.01}, "piqa": {"acc,none": 0.7},
            "social_iqa": {"acc,none": 0.4}}, "n-samples": {"arc_easy": {"original": 100, "effective": 100}}})"),
                             "a");
        store.import_results(write(tmp.path() + "/b.json", R"({"results": {
            "arc_easy": {"acc,none": 0.6}, "social_iqa": {"acc,none": 0.45}}})"),
                             "b");
        ComparisonRequest request;
        request.runs = {"a", "b"};
        request.group = "general";
        request.baseline = "a";
        request.references.push_back(parse_reference_results(kReference, "ref.json"));
        const ResultsComparison c = compare_results(store, request);
        QCOMPARE(c.rows.size(), size_t(3));
        QVERIFY(c.rows[2].reference);
        QCOMPARE(c.sections.size(), size_t(1));
        const ComparisonSection& s = c.sections[0];
        QCOMPARE(s.tasks, (std::vector<std::string>{"arc_easy", "siqa", "piqa"}));  // the group's order
        QCOMPARE(s.averaged, (std::vector<std::string>{"arc_easy", "siqa"}));
        QCOMPARE(s.left_out, (std::vector<std::string>{"piqa"}));
        // a: (0.5 + 0.4) / 2 = 0.45; b: (0.6 + 0.45) / 2 = 0.525; the paper row has no siqa and the group
        // no aggregate task: no average.
        QCOMPARE(*c.averages[0][0].value, 0.45);
        QCOMPARE(*c.averages[1][0].value, 0.525);
        QVERIFY(!c.averages[2][0].value);
        QCOMPARE(*c.cells[0][0][0].samples, int64_t(100));
        QCOMPARE(*c.cells[0][0][0].stderr_, 0.01);
        QVERIFY(std::abs(*c.cells[1][0][0].delta - 0.1) < 1e-12);
        QVERIFY(std::abs(*c.averages[1][0].delta - 0.075) < 1e-12);
        QVERIFY(std::abs(*c.cells[2][0][2].delta - 0.0) < 1e-12);  // piqa: 0.7 - 0.7
        QCOMPARE(*c.best(0, 0), 0.6);
        QCOMPARE(*c.best(0, 3), 0.525);  // the average column
        const std::vector<std::string> notes = comparison_notes(c);
        QCOMPARE(notes.size(), size_t(2));
        QCOMPARE(
            QString::fromStdString(notes[0]),
            QString(
                "Average (acc): over the 2 tasks every selected run has (arc_easy, siqa); left out: piqa."));
        QCOMPARE(QString::fromStdString(notes[1]), QString("Published: A paper, Table 9."));

        ComparisonFormat plain;
        plain.stderr_ = plain.samples = false;
        QCOMPARE(
            QString::fromStdString(comparison_markdown(c, plain)),
            QString(
                "| Run | arc\\_easy | siqa | piqa | Average |\n"
                "|---|---:|---:|---:|---:|\n"
                "| a | 0.5000 | 0.4000 | **0.7000** | 0.4500 |\n"
                "| b | **0.6000 (+0.1000)** | **0.4500 (+0.0500)** | – | **0.5250 (+0.0750)** |\n"
                "| Paper row † | **0.6000 (+0.1000)** | – | **0.7000 (+0.0000)** | – |\n"
                "\n"
                "Average (acc): over the 2 tasks every selected run has (arc_easy, siqa); left out: piqa.\n"
                "† Published: A paper, Table 9.\n"));
        const std::string latex = comparison_latex(c, ComparisonFormat{});
        QVERIFY2(latex.find("\\begin{tabular}{lrrrr}") != std::string::npos, latex.c_str());
        QVERIFY2(latex.find("a & 0.5000 $\\pm$ 0.0100 (n=100) & 0.4000 & ") != std::string::npos,
                 latex.c_str());
        QVERIFY2(latex.find("\\midrule\nPaper row$^\\dagger$ & \\textbf{0.6000 (+0.1000)} & -- & ") !=
                     std::string::npos,
                 latex.c_str());
        QVERIFY2(
            latex.find("\\caption{Average (acc): over the 2 tasks every selected run has (arc\\_easy, siqa); "
                       "left out: piqa. $^\\dagger$ Published: A paper, Table 9.}") != std::string::npos,
            latex.c_str());
        const TextTable csv = comparison_csv_table(c, ComparisonFormat{});
        QCOMPARE(csv.header.size(), size_t(1 + 3 * 4 + 2 + 1));
        QCOMPARE(QString::fromStdString(to_csv(csv)).split("\r\n").value(1),
                 QString("a,0.5,0.01,100,0,0.4,,,0,0.7,,,0,0.45,0,"));

        IPT_VERIFY_ERROR_CONTAINS(compare_results(store, ComparisonRequest{{"nope"}, "all", "acc", "", {}}),
                                  "nope");
        IPT_VERIFY_ERROR_CONTAINS(compare_results(store, ComparisonRequest{{"a"}, "mystery", "acc", "", {}}),
                                  "unknown task group 'mystery'", "general, vocab");
    }

    void sections_with_their_own_metrics_and_published_averages() {
        QTemporaryDir tmp;
        RunStore store(tmp.path().toStdString());
        store.import_results(write(tmp.path() + "/sw.json", R"({"results": {
            "nli_sw": {"acc,none": 0.4}, "nli_th": {"acc,none": 0.3}, "sum_sw": {"rougeL,none": 0.2},
            "span_sw": {"f1,none": 0.5, "exact_match,none": 0.25}}})"),
                             "sw");
        ComparisonRequest request;
        request.runs = {"sw"};
        request.group = "vocab";
        request.metric = "exact_match";  // ignored: the grid's sections have their own metrics
        request.references.push_back(parse_reference_results(kReference, "ref.json"));
        const ResultsComparison c = compare_results(store, request);
        QCOMPARE(c.sections.size(), size_t(3));
        QCOMPARE(c.sections[0].metric, std::string("acc"));
        QCOMPARE(c.sections[1].metric, std::string("rougeL"));
        QCOMPARE(c.sections[2].metric, std::string("f1"));
        QCOMPARE(c.sections[0].tasks, (std::vector<std::string>{"nli_sw", "nli_th"}));
        QCOMPARE(*c.averages[0][0].value, 0.35);
        QCOMPARE(*c.averages[0][2].value, 0.5);
        // The reference row has only the aggregate "nli": its published average, marked as such.
        QCOMPARE(*c.averages[1][0].value, 0.33);
        QVERIFY(c.published_average[1][0]);
        QVERIFY(!c.published_average[0][0]);
        QVERIFY(!c.averages[1][1].value);
    }

    void reference_files_need_their_marks() {
        IPT_VERIFY_ERROR_CONTAINS(parse_reference_results(R"({"results": {"a": {"acc": 0.5}}})", "x.json"),
                                  "x.json", "key 'reference' missing");
        IPT_VERIFY_ERROR_CONTAINS(
            parse_reference_results(
                R"({"reference": {"name": "n", "source": "s"}, "results": {"a": {"acc": 0.5}}})", "y.json"),
            "reference.published");
        IPT_VERIFY_ERROR_CONTAINS(
            parse_reference_results(
                R"({"reference": {"source": "s", "published": true}, "results": {"a": {"acc": 1}}})",
                "z.json"),
            "reference.name");
    }

    // The shipped files against the papers' tables, typed in here a second time.
    void shipped_references_are_the_papers_tables() {
        const QDir dir(QStringLiteral(IPT_SOURCE_DIR "/resources/reference"));
        const QStringList files = dir.entryList({"*.json"}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 12);
        const std::vector<std::string> general{"arc_easy", "arc_challenge", "boolq",     "siqa", "winogrande",
                                               "piqa",     "openbookqa",    "hellaswag", "mmlu"};
        const std::vector<std::pair<std::string, std::vector<double>>> ipt_table{
            {"500M Vanilla PT", {50.3, 26.4, 57.5, 44.6, 53.8, 71.1, 29.8, 47.2, 25.4}},
            {"500M Mix PT", {52.8, 26.7, 46.8, 46.6, 52.7, 70.1, 30.0, 47.0, 26.7}},
            {"500M Instruct PT", {54.8, 27.4, 62.0, 47.2, 54.8, 69.9, 30.8, 47.3, 25.3}},
            {"1.3B Vanilla PT", {58.5, 28.8, 60.3, 47.9, 54.9, 73.0, 33.6, 54.9, 25.7}},
            {"1.3B Instruct PT", {60.5, 30.9, 62.2, 49.2, 55.9, 73.6, 33.4, 54.3, 27.3}}};
        const std::vector<std::pair<std::string, std::vector<double>>> vocab_table{
            {"Llama 2 7B Source", {.31, 24.0, .24}},   {"Llama 2 7B LAPT", {.30, 23.2, .24}},
            {"Llama 2 7B + Random", {.31, 21.5, .19}}, {"Llama 2 7B + FOCUS", {.31, 21.0, .19}},
            {"Llama 2 7B + Mean", {.31, 22.7, .23}},   {"Llama 2 7B + Merge", {.31, 21.9, .22}},
            {"Llama 2 7B + Align", {.32, 22.4, .23}}};
        std::vector<ReferenceResults> read;
        for (const QString& f : files)
            read.push_back(
                parse_reference_results(read_text_file(dir.filePath(f).toStdString()), f.toStdString()));
        auto value = [](const ReferenceResults& r, const std::string& task, const std::string& metric) {
            for (const ResultEntry& e : r.entries)
                if (e.task == task && e.metric == metric) return e.value.value_or(-1);
            return -1.0;
        };
        for (size_t i = 0; i < ipt_table.size(); ++i) {
            QCOMPARE(read[i].name, ipt_table[i].first);  // in the paper's row order
            QVERIFY(read[i].source.find("Cheng et al., 2024") != std::string::npos);
            for (size_t t = 0; t < general.size(); ++t)
                QVERIFY2(std::abs(value(read[i], general[t], "acc") - ipt_table[i].second[t] / 100) < 1e-9,
                         (read[i].name + " " + general[t]).c_str());
        }
        for (size_t i = 0; i < vocab_table.size(); ++i) {
            const ReferenceResults& r = read[ipt_table.size() + i];
            QCOMPARE(r.name, vocab_table[i].first);
            QVERIFY(r.source.find("Yamaguchi et al., 2024") != std::string::npos);
            QVERIFY(std::abs(value(r, "nli", "acc") - vocab_table[i].second[0]) < 1e-9);
            QVERIFY(std::abs(value(r, "sum", "rougeL") - vocab_table[i].second[1] / 100) < 1e-9);
            QVERIFY(std::abs(value(r, "span", "f1") - vocab_table[i].second[2]) < 1e-9);
        }
    }
};

QTEST_GUILESS_MAIN(TestResultsComparison)
#include "test_results_comparison.moc"
