#include "ipt/eval/evaluator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "ipt/common/atomic_file.h"
#include "ipt/common/python_text.h"
#include "ipt/eval/metrics.h"
#include "ipt/eval/scorer.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"

namespace ipt {
using nlohmann::ordered_json;

namespace {

size_t argmax(const std::vector<double>& v) {
    return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

TaskResult evaluate_task(const Decoder& model, const Tokenizer& tokenizer, const TaskDefinition& task,
                         const EvalOptions& options) {
    std::vector<TaskItem> items = load_task_items(task);
    TaskResult result;
    result.task = task.name;
    result.samples = static_cast<int64_t>(items.size());
    result.num_fewshot = task.num_fewshot;
    std::map<std::string, std::vector<double>> per_item;

    if (task.type == "multiple_choice") {
        LoglikelihoodScorer scorer(model, tokenizer);
        for (size_t i = 0; i < items.size(); ++i) {
            options.cancel.throw_if_cancelled();
            const TaskItem& item = items[i];
            std::vector<double> ll;
            if (task.partial())
                ll = scorer.score_pairs(
                    item.contexts, std::vector<std::string>(item.contexts.size(), item.continuations[0]));
            else
                ll = scorer.score_shared(item.contexts[0], item.continuations);
            // As the harness: divided by len(choice) (characters) and by its UTF-8 bytes, the choice
            // text without the delimiter in front of it.
            std::vector<double> by_chars(ll.size()), by_bytes(ll.size());
            for (size_t c = 0; c < ll.size(); ++c) {
                by_chars[c] = ll[c] / double(python_len(item.choice_texts[c]));
                by_bytes[c] = ll[c] / double(item.choice_texts[c].size());
            }
            const double acc = argmax(ll) == size_t(item.gold) ? 1.0 : 0.0;
            const double acc_norm = argmax(by_chars) == size_t(item.gold) ? 1.0 : 0.0;
            const double acc_bytes = argmax(by_bytes) == size_t(item.gold) ? 1.0 : 0.0;
            per_item["acc"].push_back(acc);
            per_item["acc_norm"].push_back(acc_norm);
            per_item["acc_bytes"].push_back(acc_bytes);
            if (options.log_samples)
                result.sample_log.push_back(ordered_json{
                    {"doc_id", item.id},
                    {"target", item.gold},
                    {"loglikelihoods", ll},
                    {"acc", acc},
                    {"acc_norm", acc_norm},
                    {"acc_bytes", acc_bytes}}.dump());
            report(options.progress, task.name, static_cast<int64_t>(i + 1), result.samples);
        }
    } else {
        Generator generator(model, &tokenizer);
        GenerationOptions g;
        g.max_new_tokens = task.max_new_tokens;
        g.stop_strings = task.until;
        const size_t batch = static_cast<size_t>(std::max<int64_t>(1, options.generation_batch));
        for (size_t start = 0; start < items.size(); start += batch) {
            options.cancel.throw_if_cancelled();
            const size_t end = std::min(items.size(), start + batch);
            std::vector<TokenIds> prompts;
            EncodeOptions bos;
            bos.add_bos = true;
            for (size_t i = start; i < end; ++i) {
                TokenIds ids = tokenizer.encode(items[i].contexts[0], bos);
                // Keep the end of an overlong prompt and room to answer.
                const int64_t room = model.config().max_position_embeddings - task.max_new_tokens;
                if (room > 0 && static_cast<int64_t>(ids.size()) > room)
                    ids.erase(ids.begin(), ids.end() - room);
                prompts.push_back(ids);
            }
            auto outputs = generator.generate(prompts, g, {}, &options.cancel);
            for (size_t i = start; i < end; ++i) {
                // The response without surrounding whitespace (the harness's remove_whitespace filter).
                const std::string answer = python_strip(outputs[i - start].text);
                double em = 0, f1 = 0, rl = 0;
                for (const auto& ref : items[i].references) {
                    em = std::max(em, exact_match(answer, ref, task.units));
                    f1 = std::max(f1, token_f1(answer, ref, task.units));
                    rl = std::max(rl, rouge_l(answer, ref, task.units));
                }
                per_item["exact_match"].push_back(em);
                per_item["f1"].push_back(f1);
                per_item["rougeL"].push_back(rl);
                if (options.log_samples)
                    result.sample_log.push_back(ordered_json{
                        {"doc_id", items[i].id},
                        {"target", items[i].references},
                        {"response", answer},
                        {"exact_match", em},
                        {"f1", f1},
                        {"rougeL", rl}}.dump());
            }
            report(options.progress, task.name, static_cast<int64_t>(end), result.samples);
        }
    }
    for (const auto& name : task.metrics) {
        const auto& values = per_item[name];
        result.metrics[name] = MetricValue{mean(values), mean_stderr(values)};
    }
    return result;
}

void write_results(const std::string& path, const std::vector<TaskResult>& results,
                   const std::vector<TaskDefinition>& tasks, const std::string& model) {
    ordered_json out;
    ordered_json r = ordered_json::object(), shots = ordered_json::object(), samples = ordered_json::object(),
                 configs = ordered_json::object(), versions = ordered_json::object();
    for (size_t i = 0; i < results.size(); ++i) {
        const TaskResult& t = results[i];
        ordered_json metrics{{"alias", t.task}};
        for (const auto& [name, value] : t.metrics) {
            metrics[name + ",none"] = value.value;
            metrics[name + "_stderr,none"] = value.stderr_;
        }
        r[t.task] = metrics;
        shots[t.task] = t.num_fewshot;
        samples[t.task] = {{"original", t.samples}, {"effective", t.samples}};
        versions[t.task] = 1.0;
        if (i < tasks.size()) {
            const TaskDefinition& d = tasks[i];
            configs[t.task] = {{"task", d.name},
                               {"dataset_path", d.data},
                               {"output_type", d.type == "generate" ? "generate_until" : "multiple_choice"},
                               {"doc_to_text", d.prompt},
                               {"num_fewshot", d.num_fewshot},
                               {"metric_list", d.metrics}};
        }
        if (!t.sample_log.empty()) {
            std::string lines;
            for (const auto& s : t.sample_log) lines += s + "\n";
            const auto dir = std::filesystem::path(path).parent_path();
            remove_stale_temporaries(dir / ("samples_" + t.task + ".jsonl"));
            write_file_atomically(dir / ("samples_" + t.task + ".jsonl"), lines);
        }
    }
    out["results"] = r;
    out["configs"] = configs;
    out["versions"] = versions;
    out["n-shot"] = shots;
    out["n-samples"] = samples;
    out["config"] = {{"model", "ipt"}, {"model_args", "pretrained=" + model}};
    out["date"] = static_cast<double>(std::time(nullptr));
    remove_stale_temporaries(path);  // what an evaluation killed while writing left beside its results
    write_file_atomically(path, out.dump(2) + "\n");
}

}  // namespace ipt
