#include "ipt/train/train_config.h"

#include <toml++/toml.h>

#include <limits>
#include <set>
#include <sstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/checked_number.h"
#include "ipt/common/error.h"

namespace ipt {
namespace {

// Reads one table, remembering which keys were used so the rest can be reported as unknown.
class Table {
  public:
    Table(const toml::table* table, std::string name, std::string where)
        : table_(table), name_(std::move(name)), where_(std::move(where)) {}

    bool has(const char* key) const { return table_ && table_->contains(key); }
    // For keys read by hand (arrays of tables, pairs).
    void mark_used(const char* key) { used_.insert(key); }

    template <typename T>
    void get(const char* key, T* out, bool required = false) {
        used_.insert(key);
        const toml::node* node = table_ ? table_->get(key) : nullptr;
        if (!node) {
            if (required) fail(key, "missing key");
            return;
        }
        if constexpr (std::is_same_v<T, double>) {
            if (auto v = node->value<double>()) {
                // TOML spells inf and nan; no setting here means either.
                *out = checked_real(*v, -std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::max(), qualified(key), where_);
                return;
            }
        } else if constexpr (std::is_same_v<T, bool>) {
            if (auto v = node->value_exact<bool>()) {
                *out = *v;
                return;
            }
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (auto v = node->value_exact<std::string>()) {
                *out = *v;
                return;
            }
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            if (const toml::array* a = node->as_array()) {
                out->clear();
                for (const auto& item : *a) {
                    auto v = item.value_exact<std::string>();
                    if (!v) fail(key, "expected an array of strings");
                    out->push_back(*v);
                }
                return;
            }
        }
        fail(key, "has the wrong type");
    }

    // An integer in `range`, checked before anything computes with it (products of batch sizes, steps).
    void integer(const char* key, int64_t* out, IntegerRange range, bool required = false) {
        used_.insert(key);
        const toml::node* node = table_ ? table_->get(key) : nullptr;
        if (!node) {
            if (required) fail(key, "missing key");
            return;
        }
        if (auto v = node->value_exact<int64_t>()) {
            *out = checked_integer(*v, range, qualified(key), where_);
            return;
        }
        if (auto v = node->value_exact<double>()) {
            *out = checked_integer(*v, range, qualified(key), where_);
            return;
        }
        fail(key, "has the wrong type");
    }

    std::string qualified(const char* key) const { return (name_.empty() ? "" : name_ + ".") + key; }

    void check_unknown() const {
        if (!table_) return;
        for (const auto& [key, node] : *table_)
            if (!used_.count(std::string(key.str()))) fail(std::string(key.str()).c_str(), "unknown key");
    }

    [[noreturn]] void fail(const char* key, const std::string& problem) const {
        throw FileError(where_, problem + " '" + qualified(key) + "'");
    }

  private:
    const toml::table* table_;
    std::string name_, where_;
    std::set<std::string> used_;
};

const toml::table* subtable(const toml::table& root, const char* name, const std::string& where) {
    const toml::node* node = root.get(name);
    if (!node) return nullptr;
    if (!node->is_table())
        throw FileError(where, std::string("'") + name + "' must be a table ([" + name + "])");
    return node->as_table();
}

// Far beyond any run, and small enough that their products (tokens per pass, steps x batch) fit.
constexpr int64_t kMaxCount = int64_t(1) << 40;
constexpr IntegerRange kPositive{1, kMaxCount};
constexpr IntegerRange kNonNegative{0, kMaxCount};
constexpr IntegerRange kSequenceLengths{2, int64_t(1) << 24};
constexpr IntegerRange kMicroBatches{1, int64_t(1) << 20};

}  // namespace

int64_t TrainConfig::accumulation(int world) const {
    std::optional<int64_t> per_pass_or = checked_product(sequence_length, micro_batch);
    if (per_pass_or) per_pass_or = checked_product(*per_pass_or, int64_t(world));
    if (!per_pass_or || *per_pass_or <= 0)
        throw UsageError("data.sequence_length (" + std::to_string(sequence_length) +
                         ") x batch.micro_batch (" + std::to_string(micro_batch) + ") x processes (" +
                         std::to_string(world) +
                         ") must be a positive number of tokens that fits in 64 bits");
    const int64_t per_pass = *per_pass_or;
    if (global_batch_tokens % per_pass != 0)
        throw UsageError("batch.global_batch_tokens (" + std::to_string(global_batch_tokens) +
                         ") must be a multiple of data.sequence_length x batch.micro_batch x processes (" +
                         std::to_string(per_pass) + ")");
    return global_batch_tokens / per_pass;
}

void TrainConfig::validate() const {
    auto fail = [](const std::string& what) { throw UsageError(what); };
    if (preset.empty() == from.empty())
        fail("model: give exactly one of 'preset' (from scratch) and 'from' (a model folder)");
    if (vocab_size && !from.empty()) fail("model.vocab_size applies to a preset only");
    if (sources.empty()) fail("data.sources: at least one dataset is needed");
    for (const auto& s : sources)
        if (!(s.weight > 0)) fail("data.sources: weight of '" + s.path + "' must be positive");
    if (sequence_length <= 1) fail("data.sequence_length must be > 1");
    if (global_batch_tokens <= 0) fail("batch.global_batch_tokens must be positive");
    if (micro_batch <= 0) fail("batch.micro_batch must be positive");
    if (vocab_size && (*vocab_size <= 0 || *vocab_size > (int64_t(1) << 24)))
        fail("model.vocab_size must be in [1, 16777216], got " + std::to_string(*vocab_size));
    accumulation(1);
    if (!(lr > 0) || !(min_lr >= 0) || min_lr > lr) fail("optimizer: need lr > 0 and 0 <= min_lr <= lr");
    if (warmup_steps < 0) fail("optimizer.warmup_steps must be >= 0");
    if (decay != "cosine" && decay != "linear" && decay != "constant")
        fail("optimizer.decay must be cosine, linear or constant, got '" + decay + "'");
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) fail("optimizer.betas must be in [0, 1)");
    if (!(eps > 0)) fail("optimizer.eps must be positive");
    if (!(weight_decay >= 0)) fail("optimizer.weight_decay must be >= 0");
    if (!(grad_clip >= 0)) fail("optimizer.grad_clip must be >= 0 (0: off)");
    if (!(hidden_dropout >= 0 && hidden_dropout < 1 && attention_dropout >= 0 && attention_dropout < 1))
        fail("model: dropout probabilities must be in [0, 1)");
    if (steps <= 0) fail("train.steps must be positive");
    if (precision != "fp32" && precision != "bf16")
        fail("train.precision must be fp32 or bf16, got '" + precision + "'");
    if (on_nonfinite != "stop" && on_nonfinite != "skip")
        fail("train.on_nonfinite must be stop or skip, got '" + on_nonfinite + "'");
    if (log_every <= 0) fail("train.log_every must be positive");
    if (zero < 0 || zero > 2) fail("train.zero must be 0, 1 or 2, got " + std::to_string(zero));
    if (weight_dtype != "fp32" && weight_dtype != "bf16")
        fail("train.weight_dtype must be fp32 or bf16, got '" + weight_dtype + "'");
    if (keep_checkpoints <= 0) fail("train.keep_checkpoints must be positive");
    if (lora && (lora->rank <= 0 || !(lora->alpha > 0) || !(lora->dropout >= 0 && lora->dropout < 1)))
        fail("lora: rank and alpha must be positive and dropout in [0, 1)");
}

TrainConfig train_config_from_toml(const std::string& text, const std::string& where) {
    toml::table root;
    try {
        root = toml::parse(text, where);
    } catch (const toml::parse_error& e) {
        std::ostringstream message;
        message << "line " << e.source().begin.line << ": " << e.description();
        throw FileError(where, message.str());
    }
    for (const auto& [key, node] : root) {
        static const std::set<std::string> known{"model", "data", "batch", "optimizer", "train", "lora"};
        if (!known.count(std::string(key.str())))
            throw FileError(where, "unknown key '" + std::string(key.str()) + "'");
    }
    TrainConfig c;
    Table model(subtable(root, "model", where), "model", where);
    model.get("preset", &c.preset);
    model.get("from", &c.from);
    if (model.has("vocab_size")) {
        int64_t v = 0;
        model.integer("vocab_size", &v, {1, int64_t(1) << 24});
        c.vocab_size = v;
    }
    model.get("tokenizer", &c.tokenizer);
    model.get("hidden_dropout", &c.hidden_dropout);
    model.get("attention_dropout", &c.attention_dropout);
    model.get("trainable", &c.trainable);
    model.check_unknown();

    if (const toml::table* lora_table = subtable(root, "lora", where)) {
        Table lora(lora_table, "lora", where);
        LoraSettings l;
        lora.integer("rank", &l.rank, {1, int64_t(1) << 12});
        lora.get("alpha", &l.alpha);
        lora.get("dropout", &l.dropout);
        lora.get("targets", &l.targets);
        lora.check_unknown();
        c.lora = l;
    }

    const toml::table* data_table = subtable(root, "data", where);
    if (!data_table) throw FileError(where, "missing table '[data]'");
    Table data(data_table, "data", where);
    data.integer("sequence_length", &c.sequence_length, kSequenceLengths, true);
    data.get("validation", &c.validation);
    data.integer("validation_tokens", &c.validation_tokens, kNonNegative);
    {
        // sources: an array of tables [[data.sources]] with path and weight.
        data.mark_used("sources");
        const toml::node* node = data_table->get("sources");
        if (!node) throw FileError(where, "missing key 'data.sources'");
        const toml::array* list = node->as_array();
        if (!list) throw FileError(where, "'data.sources' must be an array of tables ([[data.sources]])");
        for (size_t i = 0; i < list->size(); ++i) {
            const toml::table* t = (*list)[i].as_table();
            const std::string name = "data.sources[" + std::to_string(i) + "]";
            if (!t) throw FileError(where, "'" + name + "' must be a table with path and weight");
            Table source(t, name, where);
            DataSource s;
            source.get("path", &s.path, true);
            source.get("weight", &s.weight);
            source.check_unknown();
            c.sources.push_back(s);
        }
    }
    data.check_unknown();

    Table batch(subtable(root, "batch", where), "batch", where);
    batch.integer("global_batch_tokens", &c.global_batch_tokens, kPositive, true);
    batch.integer("micro_batch", &c.micro_batch, kMicroBatches);
    batch.check_unknown();

    Table opt(subtable(root, "optimizer", where), "optimizer", where);
    opt.get("lr", &c.lr, true);
    opt.get("min_lr", &c.min_lr);
    opt.integer("warmup_steps", &c.warmup_steps, kNonNegative);
    opt.get("decay", &c.decay);
    if (opt.has("betas")) {
        opt.mark_used("betas");
        const toml::array* betas = root["optimizer"]["betas"].as_array();
        if (!betas || betas->size() != 2 || !(*betas)[0].value<double>() || !(*betas)[1].value<double>())
            opt.fail("betas", "expected two numbers, e.g. [0.9, 0.95], for");
        c.beta1 = checked_real(*(*betas)[0].value<double>(), 0, 1, "optimizer.betas[0]", where);
        c.beta2 = checked_real(*(*betas)[1].value<double>(), 0, 1, "optimizer.betas[1]", where);
    }
    opt.get("eps", &c.eps);
    opt.get("weight_decay", &c.weight_decay);
    opt.get("grad_clip", &c.grad_clip);
    opt.check_unknown();

    Table train(subtable(root, "train", where), "train", where);
    train.integer("steps", &c.steps, kPositive, true);
    if (train.has("seed")) {
        int64_t seed = 0;
        train.integer("seed", &seed, {0, std::numeric_limits<int64_t>::max()});
        c.seed = static_cast<uint64_t>(seed);
    }
    train.get("device", &c.device);
    train.get("precision", &c.precision);
    train.integer("log_every", &c.log_every, kPositive);
    train.integer("eval_every", &c.eval_every, kNonNegative);
    train.integer("checkpoint_every", &c.checkpoint_every, kNonNegative);
    train.integer("keep_checkpoints", &c.keep_checkpoints, {1, 1 << 20});
    train.get("on_nonfinite", &c.on_nonfinite);
    train.get("activation_checkpointing", &c.activation_checkpointing);
    train.integer("zero", &c.zero, {0, 2});
    train.get("weight_dtype", &c.weight_dtype);
    train.check_unknown();

    try {
        c.validate();
    } catch (const UsageError& e) {
        throw FileError(where, e.what());
    }
    return c;
}

TrainConfig read_train_config(const std::string& path) {
    return train_config_from_toml(read_text_file(path, kMaxConfigBytes), path);
}

std::string train_config_to_toml(const TrainConfig& c) {
    toml::table model;
    if (!c.preset.empty()) model.insert("preset", c.preset);
    if (!c.from.empty()) model.insert("from", c.from);
    if (c.vocab_size) model.insert("vocab_size", *c.vocab_size);
    if (!c.tokenizer.empty()) model.insert("tokenizer", c.tokenizer);
    model.insert("hidden_dropout", c.hidden_dropout);
    model.insert("attention_dropout", c.attention_dropout);
    if (!c.trainable.empty()) {
        toml::array a;
        for (const auto& t : c.trainable) a.push_back(t);
        model.insert("trainable", a);
    }
    toml::table data;
    data.insert("sequence_length", c.sequence_length);
    if (!c.validation.empty()) data.insert("validation", c.validation);
    data.insert("validation_tokens", c.validation_tokens);
    toml::array sources;
    for (const auto& s : c.sources) sources.push_back(toml::table{{"path", s.path}, {"weight", s.weight}});
    data.insert("sources", sources);
    toml::table batch{{"global_batch_tokens", c.global_batch_tokens}, {"micro_batch", c.micro_batch}};
    toml::table opt{{"lr", c.lr},
                    {"min_lr", c.min_lr},
                    {"warmup_steps", c.warmup_steps},
                    {"decay", c.decay},
                    {"betas", toml::array{c.beta1, c.beta2}},
                    {"eps", c.eps},
                    {"weight_decay", c.weight_decay},
                    {"grad_clip", c.grad_clip}};
    toml::table train{{"steps", c.steps},
                      {"seed", static_cast<int64_t>(c.seed)},
                      {"device", c.device},
                      {"precision", c.precision},
                      {"log_every", c.log_every},
                      {"eval_every", c.eval_every},
                      {"checkpoint_every", c.checkpoint_every},
                      {"keep_checkpoints", c.keep_checkpoints},
                      {"on_nonfinite", c.on_nonfinite},
                      {"activation_checkpointing", c.activation_checkpointing},
                      {"zero", c.zero},
                      {"weight_dtype", c.weight_dtype}};
    toml::table root{
        {"model", model}, {"data", data}, {"batch", batch}, {"optimizer", opt}, {"train", train}};
    if (c.lora) {
        toml::array targets;
        for (const auto& t : c.lora->targets) targets.push_back(t);
        root.insert("lora", toml::table{{"rank", c.lora->rank},
                                        {"alpha", c.lora->alpha},
                                        {"dropout", c.lora->dropout},
                                        {"targets", targets}});
    }
    std::ostringstream out;
    out << root << "\n";
    return out.str();
}

}  // namespace ipt
