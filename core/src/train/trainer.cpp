#include "ipt/train/trainer.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"
#include "ipt/common/file_lock.h"
#include "ipt/common/line_reader.h"
#include "ipt/data/token_dataset.h"
#include "ipt/model/decoder.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/runtime.h"
#include "ipt/model/safetensors.h"
#include "ipt/train/autocast.h"
#include "ipt/train/data_mixture.h"
#include "ipt/train/optimizer.h"
#include "ipt/train/process_group.h"

namespace ipt {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string step_name(int64_t step) {
    std::ostringstream name;
    name << "step-" << std::setw(7) << std::setfill('0') << step;
    return name.str();
}

// Everything a run holds in memory between steps.
struct RunState {
    std::unique_ptr<Decoder> model;
    std::unique_ptr<AdamW> optimizer;
    std::unique_ptr<DataMixture> mixture;
    std::shared_ptr<TokenDataset> validation;
    int64_t step = 0;  // optimizer steps completed
    int64_t tokens = 0;
    double elapsed = 0;  // seconds of training, over all sessions
    int64_t skipped = 0;
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
    double train_step(double lr, double* grad_norm);
    double validation_loss();
    void write_metrics(const nlohmann::ordered_json& line);
    void save_checkpoint();
    void broadcast_parameters();
    void check_ranks_agree();
    bool is_writer() const { return rank_ == 0; }

    const TrainConfig& c_;
    const TrainOptions& o_;
    RunPaths paths_;
    int rank_ = 0, world_ = 1;
    int64_t accumulation_ = 1;
    at::Device device_{at::kCPU};
    RunState s_;
    std::ofstream metrics_, log_;
    std::unique_ptr<FileLock> lock_;  // the writer's hold on the run directory
    std::string last_checkpoint_;
};

void Session::log(const std::string& line) {
    if (!is_writer()) return;
    log_ << line << "\n";
    log_.flush();
    if (o_.on_log) o_.on_log(line);
}

void Session::write_metrics(const nlohmann::ordered_json& line) {
    if (!is_writer()) return;
    metrics_ << line.dump() << "\n";
    metrics_.flush();
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
    AdamW::Options options;
    options.beta1 = c_.beta1;
    options.beta2 = c_.beta2;
    options.eps = c_.eps;
    options.weight_decay = c_.weight_decay;
    s_.optimizer = std::make_unique<AdamW>(trainable, options);
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
    if (c_.sequence_length > s_.model->config().max_position_embeddings)
        throw UsageError("data.sequence_length (" + std::to_string(c_.sequence_length) +
                         ") exceeds the model's context (" +
                         std::to_string(s_.model->config().max_position_embeddings) + ")");
    at::manual_seed(c_.seed);
    build_optimizer();
    open_data();
}

void Session::start_from_checkpoint() {
    const std::string name = fs::exists(paths_.latest()) ? read_text_file(paths_.latest()) : "";
    if (name.empty()) throw FileError(paths_.latest(), "missing: this run has no checkpoint to resume from");
    const std::string dir = paths_.checkpoints() + "/" + name.substr(0, name.find_first_of("\r\n"));
    LoadOptions load;
    load.device = device_.str();
    load.dtype = at::kFloat;
    s_.model = std::move(load_hf_model(dir, load).model);
    build_optimizer();
    open_data();
    const std::string state_path = dir + "/trainer_state.json";
    json state;
    try {
        state = json::parse(read_text_file(state_path));
        s_.step = state.at("step").get<int64_t>();
        s_.tokens = state.at("tokens").get<int64_t>();
        s_.elapsed = state.at("elapsed").get<double>();
        s_.mixture->restore(state.at("data").dump(), state_path);
    } catch (const json::exception& e) {
        throw FileError(state_path, std::string("malformed trainer state: ") + e.what());
    }
    auto optimizer = SafetensorsFile::open(dir + "/optimizer.safetensors");
    s_.optimizer->load_state(*optimizer, s_.step);
    auto rng = SafetensorsFile::open(dir + "/rng.safetensors");
    at::Generator cpu = at::detail::getDefaultCPUGenerator();
    cpu.set_state(rng->tensor("cpu").clone());
    last_checkpoint_ = dir;
}

double Session::train_step(double lr, double* grad_norm) {
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
        local_count += target_mask.sum().item<double>();
        // On a GPU the batch goes through pinned memory and copies without blocking the host.
        const bool cuda = device_.is_cuda();
        auto upload = [&](const at::Tensor& x) {
            return cuda ? x.contiguous().pin_memory().to(device_, /*non_blocking=*/true) : x;
        };
        inputs.push_back(upload(tokens.narrow(1, 0, t)));
        targets.push_back(upload(tokens.narrow(1, 1, t).reshape({-1})));
        masks.push_back(upload(target_mask.reshape({-1})));
    }
    double count = local_count;
    if (o_.group) {
        std::vector<at::Tensor> c{at::full({1}, local_count, at::kDouble)};
        o_.group->all_reduce_sum(c);
        count = c[0].item<double>();
    }
    if (count <= 0)
        throw Error("step " + std::to_string(s_.step) + ": no token of the batch counts in the loss (mask)");

    s_.model->set_training(true);
    at::Tensor loss_sum = at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(device_));
    for (int64_t a = 0; a < accumulation_; ++a) {
        at::Tensor logits;
        {
            AutocastScope autocast(c_.precision == "bf16", device_);
            logits = s_.model->forward(inputs[a]);
        }
        at::Tensor per_token = at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}).to(at::kFloat),
                                                      targets[a], {}, at::Reduction::None);
        at::Tensor loss = (per_token * masks[a]).sum() / count;
        loss.backward();
        loss_sum += loss.detach().to(at::kDouble);
    }
    std::vector<at::Tensor> reduce;
    if (o_.group) {
        for (const auto& [name, p] : s_.optimizer->parameters())
            if (p.grad().defined()) reduce.push_back(p.grad());
        reduce.push_back(loss_sum);
        o_.group->all_reduce_sum(reduce);
    }
    const double loss = loss_sum.item<double>();
    *grad_norm = std::isfinite(loss) ? clip_gradients(s_.optimizer->parameters(), c_.grad_clip) : NAN;
    // A finite loss can still come with overflowing gradients; stepping on them would poison the weights.
    if (std::isfinite(loss) && std::isfinite(*grad_norm)) s_.optimizer->step(lr);
    s_.optimizer->zero_grad();
    return loss;
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
            logits = s_.model->forward(tokens.narrow(1, 0, t).to(device_));
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
    if (o_.group) o_.group->barrier();
    if (!is_writer()) return;
    const std::string name = step_name(s_.step);
    const std::string final_dir = paths_.checkpoints() + "/" + name;
    const std::string staging = paths_.checkpoints() + "/." + name + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    SaveOptions save;
    save.tokenizer_file = c_.tokenizer;
    save_hf_model(*s_.model, staging, save);
    write_safetensors(staging + "/optimizer.safetensors", s_.optimizer->state());
    write_safetensors(staging + "/rng.safetensors",
                      {{"cpu", at::detail::getDefaultCPUGenerator().get_state()}});
    json state{{"step", s_.step},
               {"tokens", s_.tokens},
               {"elapsed", s_.elapsed},
               {"skipped_steps", s_.skipped},
               {"data", json::parse(s_.mixture->state())}};
    write_file_atomically(staging + "/trainer_state.json", state.dump(2) + "\n");
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

// Keeps the metrics lines up to `step`: a run killed after its last checkpoint logged steps that the
// resumed run is about to train again.
void truncate_metrics(const std::string& path, int64_t step) {
    if (!fs::exists(path)) return;
    std::string kept;
    LineReader reader(path);
    std::string line;
    while (reader.next(&line)) {
        auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("step")) continue;  // a torn last line
        if (j["step"].get<int64_t>() <= step) kept += line + "\n";
    }
    write_file_atomically(path, kept);
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

TrainResult Session::run() {
    // Checked before anything is written: a failed resume must leave the run directory as it was.
    if (o_.resume) {
        const std::string problem = resume_problem(paths_.root);
        if (!problem.empty()) throw FileError(paths_.latest(), problem);
    }
    if (is_writer()) {
        fs::create_directories(paths_.checkpoints());
        lock_ = std::make_unique<FileLock>((fs::path(paths_.root) / ".lock").string(), "run " + paths_.root);
        for (const auto& entry : fs::directory_iterator(paths_.checkpoints()))
            if (entry.path().filename().string().rfind(".step-", 0) == 0) fs::remove_all(entry.path());
    }
    if (o_.resume) {
        start_from_checkpoint();
        if (is_writer()) truncate_metrics(paths_.metrics(), s_.step);
    } else {
        if (is_writer()) {
            if (fs::exists(paths_.latest()))
                throw UsageError(paths_.root +
                                 " already holds a run; resume it (--resume) or choose another folder");
            write_file_atomically(paths_.config(), train_config_to_toml(c_));
        }
        start_fresh();
    }
    if (o_.group) broadcast_parameters();
    if (is_writer()) {
        metrics_.open(paths_.metrics(), std::ios::app);
        log_.open(paths_.log(), std::ios::app);
        if (!metrics_ || !log_) throw FileError(paths_.root, "cannot write metrics.jsonl / log.txt");
    }
    std::ostringstream hello;
    hello << (o_.resume ? "resumed at step " + std::to_string(s_.step) : "started") << ": "
          << s_.model->parameter_count() << " parameters, " << c_.global_batch_tokens << " tokens per step ("
          << world_ << " x " << c_.micro_batch << " x " << c_.sequence_length << " x " << accumulation_
          << " accumulation), " << c_.steps << " steps, device " << c_.device << ", " << c_.precision;
    log(hello.str());

    TrainResult result;
    auto window_start = Clock::now();
    int64_t window_tokens = 0;
    while (s_.step < c_.steps) {
        const auto step_start = Clock::now();
        const double lr = learning_rate(c_, s_.step);
        double grad_norm = 0;
        const double loss = train_step(lr, &grad_norm);
        s_.elapsed += std::chrono::duration<double>(Clock::now() - step_start).count();
        ++s_.step;
        s_.tokens += c_.global_batch_tokens;
        window_tokens += c_.global_batch_tokens;
        result.last_loss = loss;
        if (!std::isfinite(loss) || !std::isfinite(grad_norm)) {
            const std::string what = !std::isfinite(loss)
                                         ? "loss (" + std::to_string(loss) + ")"
                                         : "gradient norm (" + std::to_string(grad_norm) + ")";
            log("step " + std::to_string(s_.step) + ": non-finite " + what +
                (c_.on_nonfinite == "skip" ? ", step skipped" : ""));
            if (c_.on_nonfinite == "stop")
                throw Error("non-finite " + what + " at step " + std::to_string(s_.step) +
                            " (train.on_nonfinite = \"stop\"); the last checkpoint is intact");
            ++s_.skipped;
            ++result.skipped_steps;
        }
        if (s_.step % c_.log_every == 0 || s_.step == c_.steps) {
            const double seconds = std::chrono::duration<double>(Clock::now() - window_start).count();
            nlohmann::ordered_json line{
                {"step", s_.step},
                {"tokens", s_.tokens},
                {"loss",
                 std::isfinite(loss) ? nlohmann::ordered_json(loss) : nlohmann::ordered_json(nullptr)},
                {"lr", lr},
                {"grad_norm", std::isfinite(grad_norm) ? nlohmann::ordered_json(grad_norm)
                                                       : nlohmann::ordered_json(nullptr)},
                {"tokens_per_s", seconds > 0 ? double(window_tokens) / seconds : 0.0},
                {"elapsed", s_.elapsed}};
            write_metrics(line);
            window_start = Clock::now();
            window_tokens = 0;
        }
        const bool last = s_.step == c_.steps;
        if (s_.validation && ((c_.eval_every > 0 && s_.step % c_.eval_every == 0) || last)) {
            result.last_val_loss = validation_loss();
            write_metrics(nlohmann::ordered_json{
                {"step", s_.step}, {"tokens", s_.tokens}, {"val_loss", result.last_val_loss}});
            log("step " + std::to_string(s_.step) + ": validation loss " +
                std::to_string(result.last_val_loss));
        }
        report(o_.progress, "training", s_.step, c_.steps);
        bool stop = o_.cancel.cancelled();
        if (o_.group) {
            // Ctrl-C reaches the ranks at different moments; they must agree on the step that stops.
            std::vector<at::Tensor> flag{
                at::full({1}, stop ? 1.0 : 0.0, at::TensorOptions().dtype(at::kFloat).device(device_))};
            o_.group->all_reduce_sum(flag);
            stop = flag[0].item<double>() > 0;
        }
        if (last || stop || (c_.checkpoint_every > 0 && s_.step % c_.checkpoint_every == 0))
            save_checkpoint();
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

std::string resume_problem(const std::string& run_dir) {
    const RunPaths paths(run_dir);
    if (!fs::exists(paths.latest())) return "missing: this run has no checkpoint to resume from";
    return "";
}

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
