#include "models/mini_preprocess.h"

#include "io/audio_preprocess.h"
#include "io/image_preprocess.h"

#include <algorithm>
#include <cmath>

namespace fscope::models {

namespace {

constexpr float kSilenceBelowPeak = 11.5f; // natural log of power: 50 dB
constexpr int64_t kMarginFrames = 5;

} // namespace

torch::Tensor miniAudioFeatures(const std::vector<float>& mono16k, int64_t maxFrames)
{
    const io::LogMel mel = io::logMel(mono16k);
    if (mel.frames == 0)
        return torch::zeros({1, mel.bins > 0 ? mel.bins : 80});
    auto all = torch::from_blob(const_cast<float*>(mel.values.data()), {mel.frames, mel.bins}, torch::kFloat).clone();
    const auto loudness = std::get<0>(all.max(1)); // [F]
    const float peak = loudness.max().item<float>();
    const auto loud = (loudness > peak - kSilenceBelowPeak).nonzero();
    int64_t first = 0, last = mel.frames - 1;
    if (loud.size(0) > 0) {
        first = std::max<int64_t>(0, loud[0].item<int64_t>() - kMarginFrames);
        last = std::min<int64_t>(mel.frames - 1, loud[-1].item<int64_t>() + kMarginFrames);
    }
    auto speech = all.slice(0, first, std::min(last + 1, first + maxFrames));
    const auto mean = speech.mean();
    const auto std = speech.std(/*unbiased=*/false).clamp_min(1e-3);
    return ((speech - mean) / std).contiguous();
}

torch::Tensor halfRangePixels(const io::ImageRgb8& image, int64_t size)
{
    io::Normalization norm;
    norm.mean = {0.5f, 0.5f, 0.5f};
    norm.std = {0.5f, 0.5f, 0.5f};
    std::vector<float> chw = image.width == size && image.height == size
                                 ? io::toChwNormalized(image, norm)
                                 : io::clipPreprocess(image, int(size), norm, io::LongSideRule::Round);
    return torch::from_blob(chw.data(), {3, size, size}, torch::kFloat).clone();
}

torch::Tensor miniImagePixels(const io::ImageRgb8& image, int64_t size)
{
    return halfRangePixels(image, size);
}

std::pair<torch::Tensor, torch::Tensor> padAudioBatch(const std::vector<torch::Tensor>& features)
{
    int64_t frames = 1;
    for (const auto& f : features)
        frames = std::max(frames, f.size(0));
    const int64_t bins = features.empty() ? 80 : features.front().size(1);
    auto mel = torch::zeros({int64_t(features.size()), frames, bins});
    auto mask = torch::zeros({int64_t(features.size()), frames}, torch::kBool);
    for (size_t i = 0; i < features.size(); ++i) {
        mel[int64_t(i)].narrow(0, 0, features[i].size(0)).copy_(features[i]);
        mask[int64_t(i)].narrow(0, 0, features[i].size(0)).fill_(true);
    }
    return {mel, mask};
}

std::pair<torch::Tensor, torch::Tensor> padTokenBatch(const std::vector<std::vector<int64_t>>& ids)
{
    size_t length = 1;
    for (const auto& row : ids)
        length = std::max(length, row.size());
    auto out = torch::zeros({int64_t(ids.size()), int64_t(length)}, torch::kLong);
    auto mask = torch::zeros({int64_t(ids.size()), int64_t(length)}, torch::kBool);
    auto accessor = out.accessor<int64_t, 2>();
    auto maskAccessor = mask.accessor<bool, 2>();
    for (size_t i = 0; i < ids.size(); ++i)
        for (size_t j = 0; j < ids[i].size(); ++j) {
            accessor[int64_t(i)][int64_t(j)] = ids[i][j];
            maskAccessor[int64_t(i)][int64_t(j)] = true;
        }
    return {out, mask};
}

} // namespace fscope::models
