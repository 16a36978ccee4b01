// An evaluation task: the first line of the input is the task file, the rest its data (JSONL). The
// task's own data paths are replaced by the fuzzer's data file, so that no input reads the machine's
// files.
#include "fuzz_support.h"
#include "ipt/eval/task.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace ipt;
    const std::string input = fuzz::as_string(data, size);
    const size_t newline = input.find('\n');
    const std::string task_text = input.substr(0, newline);
    const std::string items = newline == std::string::npos ? std::string() : input.substr(newline + 1);
    const std::string task_path = fuzz::write_scratch("task.json", task_text);
    const std::string data_path = fuzz::write_scratch("data.jsonl", items);
    TaskDefinition task;
    if (!fuzz::accepted([&] { task = read_task(task_path); })) return 0;
    task.data = data_path;
    if (!task.fewshot_data.empty()) task.fewshot_data = data_path;
    std::vector<TaskItem> loaded;
    if (!fuzz::accepted([&] { loaded = load_task_items(task); })) return 0;
    for (const TaskItem& item : loaded) {
        if (task.type == "generate") {
            IPT_FUZZ_CHECK(item.contexts.size() == 1 && !item.references.empty());
        } else {
            IPT_FUZZ_CHECK(item.gold >= 0);
            const size_t choices = task.partial() ? item.contexts.size() : item.continuations.size();
            IPT_FUZZ_CHECK(size_t(item.gold) < choices && choices >= 2);
        }
    }
    return 0;
}
