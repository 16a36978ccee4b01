// `ipt`: the workbench's command line. Everything the GUI does, this does through the same core calls.
#include <c10/util/Exception.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"
#include "ipt/common/error.h"
#include "ipt/model/runtime.h"

int main(int argc, char** argv) {
    CLI::App app{"ipt: Instruction Pre-Training and vocabulary expansion workbench"};
    app.require_subcommand(1);
    int threads = 0;
    app.add_option("--threads", threads, "CPU threads for tensor ops (default: all cores)");
    ipt::cli::add_model_commands(app);
    ipt::cli::add_generate_command(app);
    ipt::cli::add_data_commands(app);
    ipt::cli::add_train_command(app);
    ipt::cli::add_selftest_command(app);
    ipt::cli::add_runs_command(app);
    ipt::cli::add_eval_command(app);
    ipt::cli::add_speedup_command(app);
    ipt::cli::add_synth_commands(app);
    ipt::cli::add_vocab_commands(app);
    ipt::cli::add_serve_command(app);
    app.parse_complete_callback([&] { ipt::init_torch_threads(threads); });
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const ipt::Cancelled&) {
        return 130;
    } catch (const ipt::Error& e) {
        std::cerr << "ipt: error: " << e.what() << "\n";
        return 1;
    } catch (const c10::Error& e) {
        std::cerr << "ipt: error: " << e.what_without_backtrace() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "ipt: error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
