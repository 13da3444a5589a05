// Forward and forward+backward latency of each fusion strategy at a realistic
// size (ViT-B/32-like token counts, width 512), printed as JSON. A benchmark,
// not a timed test: compare figures measured in the same run.
//
//   bench_fusion [--iterations N] [--batch B] [--threads T] [--blas-threads T]

#include "fusion/fusion.h"
#include "runtime/device.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace fscope::fusion;

namespace {

double medianMs(const std::function<void()>& run, int iterations)
{
    run();  // warm-up
    std::vector<double> times;
    for (int i = 0; i < iterations; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    int iterations = 10;
    int64_t batch = 16;
    int threads = 0;
    int blasThreads = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--iterations"))
            iterations = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--batch"))
            batch = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads"))
            threads = std::max(0, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--blas-threads"))
            blasThreads = std::atoi(argv[i + 1]);
    }
    const int usedThreads = fscope::runtime::applyThreadSettings({threads, blasThreads});
    torch::manual_seed(0);

    FusionConfig config;
    config.inputDims = {768, 512, 384};  // image patches, text tokens, audio frames
    config.width = 512;
    config.outputDim = 512;
    config.heads = 8;
    config.layers = 2;
    FusionInput input;
    input.set(Modality::Image, {torch::randn({batch, 50, 768}), {}, {}});
    input.set(Modality::Text, {torch::randn({batch, 16, 512}), torch::ones({batch, 16}, torch::kBool), {}});
    input.set(Modality::Audio, {torch::randn({batch, 100, 384}), {}, {}});

    std::printf("{\"batch\": %lld, \"threads\": %d, \"blas_threads\": %d, \"iterations\": %d, \"strategies\": {",
                static_cast<long long>(batch), usedThreads, fscope::runtime::currentBlasThreadCount(), iterations);
    bool first = true;
    for (auto strategy : allStrategies()) {
        auto strategyConfig = config;
        if (strategy == Strategy::Contrastive)
            strategyConfig.inputDims[static_cast<int>(Modality::Audio)] = 0;
        auto module = makeFusion(strategy, strategyConfig);
        const double forwardMs = medianMs([&] {
            c10::InferenceMode inference;
            module->forward(input);
        }, iterations);
        const double trainMs = medianMs([&] {
            module->zero_grad();
            auto out = module->forward(input);
            auto loss = out.fused.pow(2).mean();
            if (auto aligned = module->alignmentLoss(out); aligned.defined())
                loss = loss + aligned;
            loss.backward();
        }, iterations);
        std::printf("%s\"%s\": {\"forward_ms\": %.3f, \"train_step_ms\": %.3f}", first ? "" : ", ",
                    strategyName(strategy).c_str(), forwardMs, trainMs);
        first = false;
    }
    std::printf("}}\n");
    return 0;
}
