#pragma once
// Each command registers its flags on a CLI11 subcommand and calls one core entry point.
#include <CLI/CLI.hpp>

namespace ipt::cli {

void add_model_commands(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_data_commands(CLI::App& app);
void add_train_command(CLI::App& app);
void add_selftest_command(CLI::App& app);
void add_runs_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_speedup_command(CLI::App& app);
void add_synth_commands(CLI::App& app);
void add_vocab_commands(CLI::App& app);
void add_serve_command(CLI::App& app);

}  // namespace ipt::cli
