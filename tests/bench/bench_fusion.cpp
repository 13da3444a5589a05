// Forward and forward+backward latency of each fusion strategy at a realistic
// size (ViT-B/32-like token counts, width 512), printed as JSON. A benchmark,
// not a timed test: compare figures measured in the same run.
//
//   bench_fusion [--iterations N] [--batch B] [--threads T] [--blas-threads T]

#include "fusion/fusion.h"
#include "bench_timing.h"
#include "runtime/device.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace fscope::fusion;

int main(int argc, char** argv)
{
    const auto options = fscope::bench::parseBenchOptions(argc, argv, {10, 16});
    const int iterations = options.iterations;
    const int64_t batch = options.batch;
    const int usedThreads = fscope::runtime::applyThreadSettings({options.threads, options.blasThreads});
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
        const double forwardMs = fscope::bench::medianMs([&] {
            c10::InferenceMode inference;
            module->forward(input);
        }, iterations);
        const double trainMs = fscope::bench::medianMs([&] {
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
