#include "models/clip_bench.h"

#include "util/result.h"

#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace fscope::models {

namespace {

// Waits for queued GPU work so that wall time covers the whole call.
void synchronizeIfCuda(const torch::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index());
}

double medianMs(const std::function<void()>& call, int repeats, const torch::Device& device)
{
    call(); // warm-up: first-call allocations and lazy initialisation
    synchronizeIfCuda(device);
    std::vector<double> times;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        const auto start = std::chrono::steady_clock::now();
        call();
        synchronizeIfCuda(device);
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

ClipBenchFigures benchmarkClip(ClipModel& model, const ClipBenchOptions& options)
{
    const ClipConfig& config = model->config();
    if (options.captionTokens < 2 || options.captionTokens > config.contextLength)
        throw EngineError("benchmark: a caption needs 2 to " + std::to_string(config.contextLength) + " tokens");
    const torch::Device device = model->positional_embedding.device();
    torch::manual_seed(options.seed);
    c10::InferenceMode guard;
    model->eval();
    const auto floatOptions = torch::TensorOptions().device(device);
    const torch::Tensor image1 = torch::randn({1, 3, config.imageResolution, config.imageResolution}, floatOptions);
    const torch::Tensor image16 = torch::randn({16, 3, config.imageResolution, config.imageResolution}, floatOptions);

    // Start token = vocab - 2 and end token = vocab - 1, as in OpenAI's vocabulary.
    const int64_t endToken = config.vocabSize - 1;
    torch::Tensor ids = torch::zeros({16, config.contextLength}, torch::kLong);
    const int64_t n = options.captionTokens;
    ids.slice(1, 0, n).copy_(torch::randint(1, std::max<int64_t>(2, endToken - 400), {16, n}, torch::kLong));
    ids.select(1, 0).fill_(endToken - 1);
    ids.select(1, n - 1).fill_(endToken);
    ids = ids.to(device);
    const torch::Tensor ids1 = ids.slice(0, 0, 1);

    ClipBenchFigures figures;
    figures.imageB1Ms = medianMs([&] { model->encodeImage(image1); }, options.repeatsBatch1, device);
    figures.imageB16MsPerImage = medianMs([&] { model->encodeImage(image16); }, options.repeatsBatch16, device) / 16;
    figures.textB1Ms = medianMs([&] { model->encodeText(ids1); }, options.repeatsBatch1, device);
    figures.textB16MsPerText = medianMs([&] { model->encodeText(ids); }, options.repeatsBatch16, device) / 16;
    return figures;
}

} // namespace fscope::models
