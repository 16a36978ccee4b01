#include "ipt/train/trainer.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/file_lock.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/token_dataset.h"
#include "ipt/model/autocast.h"
#include "ipt/model/decoder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/runtime.h"
#include "ipt/model/safetensors.h"
#include "ipt/train/data_mixture.h"
#include "ipt/train/optimizer.h"
#include "ipt/train/process_group.h"
#include "ipt/train/run_log.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// The generator state of each process: rank 0's where a single process keeps it.
std::string rng_file(int rank) {
    return rank == 0 ? "rng.safetensors" : "rng.rank-" + std::to_string(rank) + ".safetensors";
}

std::string step_name(int64_t step) {
    std::ostringstream name;
    name << "step-" << std::setw(7) << std::setfill('0') << step;
    return name.str();
}

// Everything a run holds in memory between steps. Each component's state round-trips through a
// checkpoint: the model (model.safetensors), the optimizer (optimizer state files), the data order and
// counters (trainer_state.json) and the session's random generator (rng.safetensors).
struct RunState {
    std::unique_ptr<Decoder> model;
    std::unique_ptr<Optimizer> optimizer;
    std::unique_ptr<DataMixture> mixture;
    std::shared_ptr<TokenDataset> validation;
    c10::optional<at::Generator> generator;  // every dropout mask of this run, and nothing else
    int64_t step = 0;                        // optimizer steps completed (skipped ones included)
    int64_t tokens = 0;
    double elapsed = 0;  // seconds of training, over all sessions
    int64_t skipped = 0;
};

// What one step left on the device; read back only when the loop logs, checkpoints or stops, so that
// a GPU never waits for the host between steps.
struct PendingStep {
    int64_t step = 0;
    double lr = 0;
    at::Tensor loss, grad_norm, skipped;
};

class Session {
  public:
    Session(const TrainConfig& config, const TrainOptions& options)
        : c_(config), o_(options), paths_(options.run_dir) {
        rank_ = o_.group ? o_.group->rank() : 0;
        world_ = o_.group ? o_.group->size() : 1;
        accumulation_ = c_.accumulation(world_);
        // "cuda" means each process's own GPU (cuda:LOCAL_RANK) when there are several processes.
        device_ = parse_device(o_.group ? device_for_rank(c_.device, o_.group->local_rank()) : c_.device);
    }

    TrainResult run();

  private:
    void log(const std::string& line);
    void start_fresh();
    void start_from_checkpoint();
    void open_data();
    void build_optimizer();
    PendingStep train_step(double lr);
    // Reads the pending steps back: counts and logs skipped ones (or stops the run), returns the last.
    PendingStep settle(TrainResult* result);
    double validation_loss();
    ForwardOptions forward_options() const;
    void write_metrics(const nlohmann::ordered_json& line);
    void save_checkpoint();
    void broadcast_parameters();
    void check_ranks_agree();
    void prepare_run_directory();
    bool is_writer() const { return rank_ == 0; }
    // Each process draws its own dropout masks: a seed of its own (rank 0: the run's seed), mixed with
    // the step for a process that joins a resumed run without a saved state.
    uint64_t generator_seed(int64_t step) const {
        return c_.seed ^ (uint64_t(rank_) * 0x9E3779B97F4A7C15ull) ^ (uint64_t(step) * 0xD1B54A32D192ED03ull);
    }

    const TrainConfig& c_;
    const TrainOptions& o_;
    RunPaths paths_;
    int rank_ = 0, world_ = 1;
    int64_t accumulation_ = 1;
    at::Device device_{at::kCPU};
    RunState s_;
    std::vector<PendingStep> pending_;
    AppendOnlyFile metrics_, log_;
    std::unique_ptr<FileLock> lock_;  // the writer's hold on the run directory
    std::string last_checkpoint_;
};

void Session::log(const std::string& line) {
    if (!is_writer()) return;
    if (log_.is_open()) log_.append_line(line);
    if (o_.on_log) o_.on_log(line);
}

void Session::write_metrics(const nlohmann::ordered_json& line) {
    if (!is_writer()) return;
    metrics_.append_line(line.dump());
}

ForwardOptions Session::forward_options() const {
    ForwardOptions f;
    f.generator = s_.generator;
    f.checkpoint_layers = c_.activation_checkpointing;
    return f;
}

void Session::open_data() {
    std::vector<std::shared_ptr<TokenDataset>> datasets;
    std::vector<double> weights;
    const int64_t vocab = s_.model->config().vocab_size;
    std::string fingerprint;
    for (const auto& source : c_.sources) {
        auto d = TokenDataset::open(source.path);
        if (d->index().vocab_size > vocab)
            throw FileError(source.path, "tokenized with a vocabulary of " +
                                             std::to_string(d->index().vocab_size) +
                                             " pieces; the model has vocab_size " + std::to_string(vocab));
        if (!fingerprint.empty() && d->index().tokenizer_fingerprint != fingerprint)
            throw FileError(source.path,
                            "was tokenized with another tokenizer than " + c_.sources.front().path);
        fingerprint = d->index().tokenizer_fingerprint;
        datasets.push_back(d);
        weights.push_back(source.weight);
    }
    s_.mixture = std::make_unique<DataMixture>(datasets, weights, c_.seed);
    if (!c_.validation.empty()) {
        s_.validation = TokenDataset::open(c_.validation);
        if (s_.validation->index().tokenizer_fingerprint != fingerprint)
            throw FileError(c_.validation,
                            "the validation set was tokenized with another tokenizer than the training data");
    }
}

void Session::build_optimizer() {
    if (c_.lora && !s_.model->has_lora()) s_.model->add_lora(*c_.lora, c_.seed);
    std::vector<std::pair<std::string, at::Tensor>> trainable;
    for (const auto& [name, p] : s_.model->named_parameters()) {
        // With adapters, the base stays frozen except for what `trainable` names (e.g. embeddings).
        const bool adapter = name.find(".lora_") != std::string::npos;
        bool train = adapter || (c_.trainable.empty() && !c_.lora);
        for (const auto& pattern : c_.trainable) train = train || name.find(pattern) != std::string::npos;
        p.requires_grad_(train);
        if (train) trainable.emplace_back(name, p);
    }
    if (trainable.empty()) throw UsageError("model.trainable matches no parameter");
    OptimizerSettings settings;
    settings.adamw.beta1 = c_.beta1;
    settings.adamw.beta2 = c_.beta2;
    settings.adamw.eps = c_.eps;
    settings.adamw.weight_decay = c_.weight_decay;
    settings.zero = static_cast<int>(c_.zero);
    settings.group = o_.group.get();
    s_.optimizer = make_optimizer(trainable, settings);
}

void Session::start_fresh() {
    ModelConfig config;
    if (!c_.preset.empty()) {
        config = model_preset(c_.preset);
        if (c_.vocab_size) config.vocab_size = *c_.vocab_size;
        config.hidden_dropout = c_.hidden_dropout;
        config.attention_dropout = c_.attention_dropout;
        config.max_position_embeddings = std::max(config.max_position_embeddings, c_.sequence_length);
        s_.model = std::make_unique<Decoder>(config, at::TensorOptions().dtype(at::kFloat));
        s_.model->init_weights(c_.seed);
        s_.model->to(at::TensorOptions().dtype(at::kFloat).device(device_));
    } else {
        LoadOptions load;
        load.device = device_.str();
        load.dtype = at::kFloat;
        LoadedModel loaded = load_hf_model(c_.from, load);
        config = loaded.model->config();
        config.hidden_dropout = c_.hidden_dropout;
        config.attention_dropout = c_.attention_dropout;
        s_.model = std::make_unique<Decoder>(config, at::TensorOptions().dtype(at::kFloat).device(device_));
        if (loaded.model->has_lora()) s_.model->add_lora(loaded.model->lora(), 0);
        c10::NoGradGuard no_grad;
        for (const auto& [name, p] : loaded.model->named_parameters()) s_.model->parameter(name).copy_(p);
    }
    if (c_.weight_dtype == "bf16") s_.model->to(at::TensorOptions().dtype(at::kBFloat16).device(device_));
    if (c_.sequence_length > s_.model->config().max_position_embeddings)
        throw UsageError("data.sequence_length (" + std::to_string(c_.sequence_length) +
                         ") exceeds the model's context (" +
                         std::to_string(s_.model->config().max_position_embeddings) + ")");
    s_.generator = make_generator(device_, generator_seed(0));
    build_optimizer();
    open_data();
}

void Session::start_from_checkpoint() {
    const std::string text = read_text_file(paths_.latest());
    const std::string name = text.substr(0, text.find_first_of("\r\n"));
    if (name.rfind("step-", 0) != 0) throw FileError(paths_.latest(), "does not name a checkpoint (step-N)");
    const std::string dir = paths_.checkpoints() + "/" + name;
    LoadOptions load;
    load.device = device_.str();
    load.dtype = c_.weight_dtype == "bf16" ? at::kBFloat16 : at::kFloat;
    s_.model = std::move(load_hf_model(dir, load).model);
    build_optimizer();
    open_data();
    const std::string state_path = dir + "/trainer_state.json";
    int64_t optimizer_steps = 0;
    try {
        const json state = json::parse(read_text_file(state_path));
        s_.step = state.at("step").get<int64_t>();
        s_.tokens = state.at("tokens").get<int64_t>();
        s_.elapsed = state.at("elapsed").get<double>();
        s_.skipped = state.value("skipped_steps", int64_t(0));
        // Skipped steps do not count for the bias correction; checkpoints that predate this key hold
        // the count implicitly.
        optimizer_steps = state.value("optimizer_steps", s_.step - s_.skipped);
        s_.mixture->restore(state.at("data").dump(), state_path);
    } catch (const json::exception& e) {
        throw FileError(state_path, std::string("malformed trainer state: ") + e.what());
    }
    s_.optimizer->load(dir, optimizer_steps);
    // Each process's own generator state; a process count other than the checkpoint's starts the
    // extra processes' streams afresh (dropout masks then differ from an uninterrupted run).
    const std::string rng_path = dir + "/" + rng_file(rank_);
    s_.generator = make_generator(device_, generator_seed(s_.step));
    if (rank_ > 0 && !fs::exists(rng_path)) {
        last_checkpoint_ = dir;
        return;
    }
    auto rng = SafetensorsFile::open(rng_path);
    // Older checkpoints drew dropout from the process's CPU generator and saved it as "cpu".
    const char* key = rng->contains("generator") ? "generator" : "cpu";
    if (!rng->contains(key)) throw FileError(rng_path, "has no generator state ('generator')");
    try {
        s_.generator->set_state(rng->tensor(key).clone());
    } catch (const c10::Error& e) {
        throw FileError(rng_path,
                        std::string("generator state '") + key +
                            "' does not fit this device's generator: " + e.what_without_backtrace());
    }
    last_checkpoint_ = dir;
}

PendingStep Session::train_step(double lr) {
    const int64_t t = c_.sequence_length, b = c_.micro_batch;
    std::vector<at::Tensor> inputs, targets, masks;
    double local_count = 0;
    // This process's micro-batches of the global batch; the others are skipped in the same order.
    for (int64_t a = 0; a < accumulation_; ++a) {
        at::Tensor tokens = at::empty({b, t + 1}, at::kLong);
        at::Tensor mask = at::empty({b, t + 1}, at::kByte);
        for (int r = 0; r < world_; ++r)
            for (int64_t i = 0; i < b; ++i) {
                if (r == rank_)
                    s_.mixture->next(t + 1, tokens[i].data_ptr<int64_t>(), mask[i].data_ptr<uint8_t>());
                else
                    s_.mixture->skip(t + 1);
            }
        at::Tensor target_mask = mask.narrow(1, 1, t).to(at::kFloat);
        local_count += target_mask.sum().item<double>();  // a CPU tensor: no device sync
        // On a GPU the batch goes through pinned memory and copies without blocking the host.
        const bool cuda = device_.is_cuda();
        auto upload = [&](const at::Tensor& x) {
            return cuda ? x.contiguous().pin_memory().to(device_, /*non_blocking=*/true) : x;
        };
        inputs.push_back(upload(tokens.narrow(1, 0, t)));
        targets.push_back(upload(tokens.narrow(1, 1, t).reshape({-1})));
        masks.push_back(upload(target_mask.reshape({-1})));
    }
    if (!o_.group && local_count <= 0)
        throw Error("step " + std::to_string(s_.step) + ": no token of the batch counts in the loss (mask)");
    // The tokens that count, over every process: stays on the device.
    std::vector<at::Tensor> count{
        at::full({1}, local_count, at::TensorOptions().dtype(at::kFloat).device(device_))};
    if (o_.group) o_.group->all_reduce_sum(count);

    s_.model->set_training(true);
    const ForwardOptions forward = forward_options();
    at::Tensor loss_sum = at::zeros({1}, at::TensorOptions().dtype(at::kDouble).device(device_));
    for (int64_t a = 0; a < accumulation_; ++a) {
        at::Tensor logits;
        {
            AutocastScope autocast(c_.precision == "bf16", device_);
            logits = s_.model->forward(inputs[a], forward);
        }
        at::Tensor per_token = at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}).to(at::kFloat),
                                                      targets[a], {}, at::Reduction::None);
        at::Tensor loss = (per_token * masks[a]).sum() / count[0];
        loss.backward();
        s_.optimizer->after_backward();
        loss_sum += loss.detach().to(at::kDouble);
    }
    if (o_.group) {
        std::vector<at::Tensor> reduce{loss_sum};
        o_.group->all_reduce_sum(reduce);
    }
    const StepOutcome outcome = s_.optimizer->step(lr, c_.grad_clip, loss_sum);
    s_.optimizer->zero_grad();
    return PendingStep{s_.step + 1, lr, loss_sum, outcome.grad_norm, outcome.skipped};
}

PendingStep Session::settle(TrainResult* result) {
    PendingStep last = pending_.back();
    for (const PendingStep& p : pending_) {
        if (p.skipped.item<float>() == 0) continue;
        const double loss = p.loss.item<double>(), norm = p.grad_norm.item<double>();
        const std::string what = !std::isfinite(loss) ? "loss (" + std::to_string(loss) + ")"
                                                      : "gradient norm (" + std::to_string(norm) + ")";
        log("step " + std::to_string(p.step) + ": non-finite " + what +
            (c_.on_nonfinite == "skip" ? ", step skipped" : ""));
        if (c_.on_nonfinite == "stop")
            throw Error("non-finite " + what + " at step " + std::to_string(p.step) +
                        " (train.on_nonfinite = \"stop\"); the last checkpoint is intact");
        ++s_.skipped;
        ++result->skipped_steps;
    }
    pending_.clear();
    return last;
}

double Session::validation_loss() {
    if (!s_.validation) return -1;
    c10::NoGradGuard no_grad;
    s_.model->set_training(false);
    const int64_t t = c_.sequence_length;
    const int64_t windows =
        std::max<int64_t>(1, std::min<int64_t>(c_.validation_tokens, s_.validation->size()) / t);
    double total = 0, count = 0;
    for (int64_t w = rank_; w < windows; w += world_) {
        at::Tensor tokens = at::empty({1, t + 1}, at::kLong);
        at::Tensor mask = at::empty({1, t + 1}, at::kByte);
        s_.validation->read(static_cast<uint64_t>(w * t), static_cast<uint64_t>(t + 1),
                            tokens.data_ptr<int64_t>(), mask.data_ptr<uint8_t>());
        at::Tensor logits;
        {
            AutocastScope autocast(c_.precision == "bf16", device_);
            logits = s_.model->forward(tokens.narrow(1, 0, t).to(device_), forward_options());
        }
        at::Tensor m = mask.narrow(1, 1, t).reshape({-1}).to(at::kFloat).to(device_);
        at::Tensor per_token =
            at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}).to(at::kFloat),
                                   tokens.narrow(1, 1, t).reshape({-1}).to(device_), {}, at::Reduction::None);
        total += (per_token * m).sum().item<double>();
        count += m.sum().item<double>();
    }
    if (o_.group) {
        std::vector<at::Tensor> sums{at::tensor(std::vector<double>{total, count})};
        o_.group->all_reduce_sum(sums);
        total = sums[0][0].item<double>();
        count = sums[0][1].item<double>();
    }
    return count > 0 ? total / count : -1;
}

void Session::save_checkpoint() {
    const std::string name = step_name(s_.step);
    const std::string final_dir = paths_.checkpoints() + "/" + name;
    const std::string staging = paths_.checkpoints() + "/." + name + ".partial";
    if (o_.group) o_.group->barrier();
    if (is_writer()) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        SaveOptions save;
        save.tokenizer_file = c_.tokenizer;
        save_hf_model(*s_.model, staging, save);
        json state{{"step", s_.step},
                   {"tokens", s_.tokens},
                   {"elapsed", s_.elapsed},
                   {"skipped_steps", s_.skipped},
                   {"optimizer_steps", s_.optimizer->steps_taken()},
                   {"processes", world_},
                   {"data", json::parse(s_.mixture->state())}};
        write_file_atomically(staging + "/trainer_state.json", state.dump(2) + "\n");
    }
    // A sharded optimizer's state and each process's generator are written by every process.
    if (o_.group) o_.group->barrier();
    s_.optimizer->save(staging);
    write_safetensors(staging + "/" + rng_file(rank_), {{"generator", s_.generator->get_state()}});
    if (o_.group) o_.group->barrier();
    if (!is_writer()) return;
    std::error_code ec;
    fs::remove_all(final_dir, ec);
    fs::rename(staging, final_dir);
    // `latest` moves only once the checkpoint is complete: a crash before this line leaves the previous one.
    write_file_atomically(paths_.latest(), name + "\n");
    last_checkpoint_ = final_dir;

    std::vector<std::string> all;
    for (const auto& entry : fs::directory_iterator(paths_.checkpoints())) {
        const std::string n = entry.path().filename().string();
        if (entry.is_directory() && n.rfind("step-", 0) == 0) all.push_back(n);
    }
    std::sort(all.begin(), all.end());
    for (size_t i = 0; i + static_cast<size_t>(c_.keep_checkpoints) < all.size(); ++i)
        fs::remove_all(paths_.checkpoints() + "/" + all[i], ec);
    log("checkpoint " + name);
}

// Identical seeds and checkpoints already give every rank the same weights; taking rank 0's anyway
// makes that hold even if a rank's initialisation or loading ever differs (another device's kernels).
void Session::broadcast_parameters() {
    std::vector<at::Tensor> parameters;
    for (const auto& [name, p] : s_.model->named_parameters()) parameters.push_back(p);
    o_.group->broadcast(parameters, 0);
}

// Every rank applies the same all-reduced gradients, so the weights must stay bit-identical. A sum and
// a sum of squares per rank, gathered over the group, catch a rank that drifted (one that read other
// data, a nondeterministic update) instead of letting the run continue with diverged replicas.
void Session::check_ranks_agree() {
    c10::NoGradGuard no_grad;
    at::Tensor sum = at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(device_));
    at::Tensor squares = sum.clone();
    for (const auto& [name, p] : s_.model->named_parameters()) {
        at::Tensor d = p.detach().to(at::kDouble);
        sum += d.sum();
        squares += (d * d).sum();
    }
    // Row r holds rank r's values and the other ranks add zeros to it, so the sum gathers them exactly.
    at::Tensor table = at::zeros({world_, 2}, at::kDouble);
    table.accessor<double, 2>()[rank_][0] = sum.item<double>();
    table.accessor<double, 2>()[rank_][1] = squares.item<double>();
    std::vector<at::Tensor> gathered{table};
    o_.group->all_reduce_sum(gathered);
    const auto rows = table.accessor<double, 2>();
    std::ostringstream values;
    values << std::setprecision(17);
    bool agree = true;
    for (int r = 0; r < world_; ++r) {
        agree = agree && rows[r][0] == rows[0][0] && rows[r][1] == rows[0][1];
        values << (r ? ", " : "") << "rank " << r << ": " << rows[r][0] << " / " << rows[r][1];
    }
    if (!agree)
        throw Error("step " + std::to_string(s_.step) + ": the " + std::to_string(world_) +
                    " processes hold different weights (parameter sum / sum of squares, " + values.str() +
                    ")");
    std::ostringstream line;
    line << std::setprecision(17) << "ranks agree: " << world_
         << " processes hold identical weights (parameter sum " << rows[0][0] << ", sum of squares "
         << rows[0][1] << ")";
    log(line.str());
}

// The writer's hold on the run directory, and what a killed earlier session left behind: staging
// folders of unfinished checkpoints and the temporaries of unfinished atomic writes.
void Session::prepare_run_directory() {
    fs::create_directories(paths_.checkpoints());
    lock_ = std::make_unique<FileLock>((fs::path(paths_.root) / ".lock").string(), "run " + paths_.root);
    for (const auto& entry : fs::directory_iterator(paths_.checkpoints()))
        if (entry.path().filename().string().rfind(".step-", 0) == 0) fs::remove_all(entry.path());
    remove_atomic_temporaries(paths_.root);
    remove_atomic_temporaries(paths_.checkpoints());
}

TrainResult Session::run() {
    if (is_writer()) prepare_run_directory();
    if (o_.group) o_.group->barrier();  // nobody reads the run directory before it is tidy
    const bool has_checkpoint = fs::exists(paths_.latest());
    bool restarted = false;
    if (o_.resume && has_checkpoint) {
        start_from_checkpoint();
        if (is_writer()) truncate_metrics(paths_.metrics(), s_.step);
    } else {
        if (!o_.resume && has_checkpoint)
            throw UsageError(paths_.root +
                             " already holds a run; resume it (--resume) or choose another folder");
        // An earlier session of this run that stopped before its first checkpoint starts over: its
        // metrics lines would otherwise be logged twice.
        restarted = fs::exists(paths_.metrics()) || fs::exists(paths_.config());
        if (is_writer()) {
            if (fs::exists(paths_.metrics())) write_file_atomically(paths_.metrics(), "");
            write_file_atomically(paths_.config(), train_config_to_toml(c_));
        }
        start_fresh();
    }
    if (o_.group) broadcast_parameters();
    if (is_writer()) {
        metrics_ = AppendOnlyFile(paths_.metrics());
        log_ = AppendOnlyFile(paths_.log());
    }
    std::ostringstream hello;
    hello << (s_.step > 0 ? "resumed at step " + std::to_string(s_.step)
              : restarted ? std::string("started again from step 0 (no checkpoint had been written)")
                          : std::string("started"))
          << ": " << s_.model->parameter_count() << " parameters, " << c_.global_batch_tokens
          << " tokens per step (" << world_ << " x " << c_.micro_batch << " x " << c_.sequence_length << " x "
          << accumulation_ << " accumulation), " << c_.steps << " steps, device " << c_.device << ", "
          << c_.precision << (c_.weight_dtype == "bf16" ? " (bf16 weights)" : "")
          << (c_.zero > 0 ? ", ZeRO-" + std::to_string(c_.zero) : std::string())
          << (c_.activation_checkpointing ? ", activation checkpointing" : "");
    log(hello.str());

    TrainResult result;
    auto window_start = Clock::now();  // of the training time since the last read-back
    int64_t window_tokens = 0;
    while (s_.step < c_.steps) {
        const double lr = learning_rate(c_, s_.step);
        pending_.push_back(train_step(lr));
        ++s_.step;
        s_.tokens += c_.global_batch_tokens;
        window_tokens += c_.global_batch_tokens;
        report(o_.progress, "training", s_.step, c_.steps);
        const bool last = s_.step == c_.steps;
        const bool logs = s_.step % c_.log_every == 0 || last;
        const bool validates = s_.validation && ((c_.eval_every > 0 && s_.step % c_.eval_every == 0) || last);
        bool checkpoints = last || (c_.checkpoint_every > 0 && s_.step % c_.checkpoint_every == 0);
        // Ctrl-C reaches the ranks at different moments; they agree on the step that stops when they
        // next read back anyway, which is when one process alone looks at its flag too.
        bool stop = false;
        const bool reads_back = logs || validates || checkpoints || !o_.group;
        if (reads_back) {
            stop = o_.cancel.cancelled();
            if (o_.group) {
                std::vector<at::Tensor> flag{at::full({1}, stop ? 1.0 : 0.0, at::kFloat)};
                o_.group->all_reduce_sum(flag);
                stop = flag[0].item<double>() > 0;
            }
            checkpoints = checkpoints || stop;
        }
        if (logs || validates || checkpoints) {
            const PendingStep settled = settle(&result);  // waits for the device
            const double seconds = std::chrono::duration<double>(Clock::now() - window_start).count();
            s_.elapsed += seconds;
            const double loss = settled.loss.item<double>(), grad_norm = settled.grad_norm.item<double>();
            result.last_loss = loss;
            if (logs) {
                auto number = [](double x) {
                    return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
                };
                write_metrics(nlohmann::ordered_json{
                    {"step", s_.step},
                    {"tokens", s_.tokens},
                    {"loss", number(loss)},
                    {"lr", settled.lr},
                    {"grad_norm", number(grad_norm)},
                    {"tokens_per_s", seconds > 0 ? double(window_tokens) / seconds : 0.0},
                    {"elapsed", s_.elapsed}});
                window_tokens = 0;
            }
            if (validates) {
                result.last_val_loss = validation_loss();
                write_metrics(nlohmann::ordered_json{
                    {"step", s_.step}, {"tokens", s_.tokens}, {"val_loss", result.last_val_loss}});
                log("step " + std::to_string(s_.step) + ": validation loss " +
                    std::to_string(result.last_val_loss));
            }
            if (checkpoints) save_checkpoint();
            window_start = Clock::now();
        }
        if (stop && !last) {
            log("stopped at step " + std::to_string(s_.step) +
                " on request; resume with `ipt train --resume " + paths_.root + "`");
            result.stopped_early = true;
            break;
        }
    }
    if (o_.group) check_ranks_agree();
    result.steps_done = s_.step;
    result.last_checkpoint = last_checkpoint_;
    if (!result.stopped_early)
        log("finished: " + std::to_string(s_.step) + " steps, " + std::to_string(s_.tokens) + " tokens");
    return result;
}

}  // namespace

TrainResult train(const TrainConfig& config, const TrainOptions& options) {
    config.validate();
    Session session(config, options);
    return session.run();
}

TrainResult resume_training(const TrainOptions& options) {
    RunPaths paths(options.run_dir);
    if (!fs::exists(paths.config())) throw FileError(paths.config(), "missing: not a run directory");
    TrainConfig config = read_train_config(paths.config());
    TrainOptions resumed = options;
    resumed.resume = true;
    Session session(config, resumed);
    return session.run();
}

}  // namespace ipt
