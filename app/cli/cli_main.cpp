// fusionscope-cli: the headless command line. Pinned interface (DESIGN.md):
// subcommands print JSON with --json and exit non-zero with a one-line message
// on stderr on any bad input.

#include "cli/commands.h"

#include "runtime/device.h"
#include "util/result.h"

#include <iostream>
#include <stdexcept>

namespace {

constexpr const char* kUsage =
    "usage: fusionscope-cli [--version] [--device auto|cpu|cuda] [--threads N] [--json] <command> [options]\n"
    "commands:\n"
    "  info    versions, compute device and built-in models\n";

int fail(const std::string& message)
{
    std::cerr << "fusionscope-cli: " << message << "\n";
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace fscope;
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        const auto parsed = cli::parseArgs(args, {"--device", "--threads"});
        if (parsed.hasFlag("--version")) {
            std::cout << "fusionscope-cli " << FUSIONSCOPE_VERSION << "\n";
            return 0;
        }
        if (parsed.hasFlag("--help") || parsed.command.empty()) {
            (parsed.command.empty() && !parsed.hasFlag("--help") ? std::cerr : std::cout) << kUsage;
            return parsed.hasFlag("--help") ? 0 : 2;
        }
        cli::GlobalOptions options;
        options.executablePath = argc > 0 ? argv[0] : "";
        options.json = parsed.hasFlag("--json");
        const auto device = runtime::parseDevicePreference(parsed.value("--device", "auto"));
        if (!device)
            return fail(device.error().message);
        options.device = *device;
        const auto threadsText = parsed.value("--threads", "0");
        try {
            size_t used = 0;
            options.threads = std::stoi(threadsText, &used);
            if (used != threadsText.size() || options.threads < 0)
                throw std::invalid_argument("threads");
        } catch (const std::exception&) {
            return fail("--threads takes a number >= 0, got '" + threadsText + "'");
        }
        runtime::applyThreadSettings({options.threads});

        for (const auto& flag : parsed.flags)
            if (flag != "--json")
                return fail("unknown option " + flag);
        if (parsed.command == "info")
            return cli::runInfo(parsed, options);
        return fail("unknown command '" + parsed.command + "' (see --help)");
    } catch (const cli::CommandError& e) {
        return fail(e.message);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    } catch (...) {
        return fail(describeCurrentException());
    }
}
