// lab --task shapes --strategies early,late,xattn,gated [--epochs N] [--limit IMAGES]
//     [--pack DIR] [--work DIR] [--seed N]
// Trains and compares fusion strategies on the same shapes data
// (train/shapes_lab.h); --json prints every figure, otherwise a table.
#include "cli/commands.h"

#include "fusion/fusion.h"
#include "runtime/device.h"
#include "api/fusion_lab.h"
#include "util/json.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace fscope::cli {

int runLab(const ParsedArgs& args, const GlobalOptions& options)
{
    const std::string task = args.value("--task", "shapes");
    if (task != "shapes")
        throw CommandError{"lab: --task shapes is the task the lab compares strategies on (got '" + task + "')"};
    api::FusionLabOptions lab;
    std::istringstream names(args.value("--strategies", "early,late,xattn,gated"));
    for (std::string name; std::getline(names, name, ',');) {
        const auto strategy = fusion::parseStrategy(name);
        if (!strategy || !fusion::fusesIntoAnswer(*strategy))
            throw CommandError{"lab: --strategies takes early, late, xattn and gated, separated by commas (got '" + name
                               + "')"};
        lab.strategies.push_back(fusion::strategyName(*strategy));
    }
    const std::string epochs = args.value("--epochs", "1");
    try {
        lab.epochs = std::stod(epochs);
    } catch (const std::exception&) {
        lab.epochs = -1;
    }
    if (!(lab.epochs > 0 && lab.epochs <= 1000))
        throw CommandError{"lab: --epochs takes a number above 0, got '" + epochs + "'"};
    lab.limitImages = intOption(args, "--limit", int(lab.limitImages), 1, 1000000);
    lab.seed = uint64_t(intOption(args, "--seed", int(lab.seed), 0, 1 << 30));
    lab.packDir = args.value("--pack");
    lab.workDir = args.value("--work", (std::filesystem::temp_directory_path() / "fusionscope-lab").string());
    requireDevice(options);
    if (options.threads == 0)
        runtime::applyThreadSettings({});

    auto results = api::runFusionLab(lab, [&](const api::FusionLabProgress& p) {
        if (p.point)
            std::fprintf(stderr, "%s: step %lld/%lld  loss %.4f  test %.4f\n", p.strategy.c_str(), (long long)p.step,
                         (long long)p.steps, p.point->loss, p.point->testAccuracy);
        return true;
    });
    if (!results)
        throw CommandError{"lab: " + results.error().message};
    if (options.json) {
        const json::Value out = api::fusionLabDocument(*results, lab.epochs, lab.limitImages);
        std::cout << json::serialize(out, 2) << "\n";
        return 0;
    }
    std::printf("%-8s %9s %8s %8s %8s %8s %10s %10s\n", "strategy", "params", "overall", "relat.", "non-rel", "ms/q",
                "no image", "no question");
    for (const auto& r : *results)
        std::printf("%-8s %9lld %8.4f %8.4f %8.4f %8.3f %10.4f %10.4f\n", r.strategy.c_str(), (long long)r.parameters,
                    r.overall, r.relational, r.nonRelational, r.millisecondsPerQuestion, r.imageDroppedAccuracy,
                    r.questionDroppedAccuracy);
    return 0;
}

} // namespace fscope::cli
