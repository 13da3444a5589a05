// Training-step cost of the shapes VQA models (models/shapes_vqa.h), per
// strategy and split by part: the image convolutions, the fusion module with
// the answer head, and the whole step with the optimiser. Printed as JSON; a
// benchmark, not a timed test: compare figures measured in the same run.
//
//   bench_shapes_vqa [--iterations N] [--batch B] [--threads T] [--blas-threads T]

#include "models/shapes_vqa.h"
#include "bench_timing.h"
#include "runtime/device.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using fscope::fusion::Strategy;
namespace fm = fscope::models;

int main(int argc, char** argv)
{
    const auto options = fscope::bench::parseBenchOptions(argc, argv, {5, 64});
    const int iterations = options.iterations;
    const int64_t batch = options.batch;
    const int usedThreads = fscope::runtime::applyThreadSettings({options.threads, options.blasThreads});
    torch::manual_seed(0);
    const auto pixels = torch::rand({batch, 3, 75, 75}) * 2 - 1;
    auto [id, mask] = fm::encodeShapesQuestion("What is the shape of the object closest to the red object?", 16);
    const auto ids = id.expand({batch, 16}).contiguous();
    const auto masks = mask.expand({batch, 16}).contiguous();
    const auto answers = torch::randint(10, {batch}, torch::kLong);

    std::printf("{\"batch\": %lld, \"threads\": %d, \"blas_threads\": %d, \"iterations\": %d, \"strategies\": {",
                static_cast<long long>(batch), usedThreads, fscope::runtime::currentBlasThreadCount(), iterations);
    bool first = true;
    for (auto strategy : {Strategy::Early, Strategy::Late, Strategy::CrossAttention, Strategy::GatedCrossAttention}) {
        fm::ShapesVqaConfig config;
        config.strategy = strategy;
        fm::ShapesVqaModel model(config);
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
        const double convMs = fscope::bench::medianMs([&] {
            model->zero_grad();
            model->encodeImage(pixels).sum().backward();
        }, iterations);
        const auto patches = model->encodeImage(pixels).detach();
        const double fusionMs = fscope::bench::medianMs([&] {
            model->zero_grad();
            fscope::fusion::FusionInput input;
            input.set(fscope::fusion::Modality::Image, {patches, {}, {}});
            input.set(fscope::fusion::Modality::Text, {model->encodeQuestion(ids, masks), masks, {}});
            model->fusionModule()->forward(input).fused.sum().backward();
        }, iterations);
        const double stepMs = fscope::bench::medianMs([&] {
            optimizer.zero_grad();
            torch::nn::functional::cross_entropy(model->forward(pixels, ids, masks), answers).backward();
            optimizer.step();
        }, iterations);
        std::printf("%s\"%s\": {\"conv_forward_backward_ms\": %.2f, \"fusion_forward_backward_ms\": %.2f, "
                    "\"train_step_ms\": %.2f}",
                    first ? "" : ", ", fscope::fusion::strategyName(strategy).c_str(), convMs, fusionMs, stepMs);
        first = false;
    }
    std::printf("}}\n");
    return 0;
}
