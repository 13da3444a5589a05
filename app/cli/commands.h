#pragma once
// The subcommands of fusionscope-cli. Each returns the process exit status and
// writes its result to stdout (JSON with --json); errors go to stderr as one line.

#include "cli/cli_args.h"

#include "api/model_catalog.h"
#include "runtime/device.h"

#include <string>

namespace fscope::cli {

struct GlobalOptions {
    runtime::DevicePreference device = runtime::DevicePreference::Auto;
    int threads = 0;
    bool json = false;
    std::string executablePath;
};

// Thrown by commands for bad input; main prints "fusionscope-cli: <message>" and exits 1.
struct CommandError {
    std::string message;
};

int runInfo(const ParsedArgs& args, const GlobalOptions& options);
int runBench(const ParsedArgs& args, const GlobalOptions& options);
int runEmbed(const ParsedArgs& args, const GlobalOptions& options);
int runRetrieve(const ParsedArgs& args, const GlobalOptions& options);
int runClassify(const ParsedArgs& args, const GlobalOptions& options);
int runVqa(const ParsedArgs& args, const GlobalOptions& options);
int runExplain(const ParsedArgs& args, const GlobalOptions& options);
int runMakePack(const ParsedArgs& args, const GlobalOptions& options);
int runTrain(const ParsedArgs& args, const GlobalOptions& options);
int runEvalRetrieval(const ParsedArgs& args, const GlobalOptions& options);
int runEvalVqa(const ParsedArgs& args, const GlobalOptions& options);
int runLab(const ParsedArgs& args, const GlobalOptions& options);

std::string resourceDir(const GlobalOptions& options);
api::ModelCatalog modelCatalog(const GlobalOptions& options);
// What --model names, from the catalogue; a CommandError when it names nothing
// FusionScope opens (`command` says who needs it, for the missing-model message).
api::ModelRecord describeModel(const ParsedArgs& args, const GlobalOptions& options, const char* command);

// The resolved device, or a CommandError saying why it cannot be used.
runtime::DeviceInfo requireDevice(const GlobalOptions& options);

// An option's integer value within [low, high], or `fallback` when absent.
int intOption(const ParsedArgs& args, const std::string& option, int fallback, int low, int high);
double doubleOption(const ParsedArgs& args, const std::string& option, double fallback, double low, double high);

} // namespace fscope::cli
