#pragma once
// Small random inputs for the fusion tests: image patches, text tokens with
// padding, audio frames, each with a different width.

#include "fusion/fusion.h"

namespace fscope::fusion::testdata {

constexpr int64_t kImageDim = 12;
constexpr int64_t kTextDim = 10;
constexpr int64_t kAudioDim = 8;

inline FusionConfig config(int64_t layers = 1)
{
    FusionConfig c;
    c.inputDims = {kImageDim, kTextDim, kAudioDim};
    c.width = 16;
    c.outputDim = 8;
    c.heads = 2;
    c.layers = layers;
    c.feedForwardMultiplier = 2;
    return c;
}

// Contrastive alignment takes exactly two modalities: image and text.
inline FusionConfig configFor(Strategy strategy, int64_t layers = 1)
{
    auto c = config(layers);
    if (strategy == Strategy::Contrastive)
        c.inputDims[static_cast<int>(Modality::Audio)] = 0;
    return c;
}

inline FusionInput input(int64_t batch, int64_t textLen = 5, int64_t patches = 4, int64_t frames = 6)
{
    FusionInput in;
    auto textMask = torch::ones({batch, textLen}, torch::kBool);
    if (batch > 1 && textLen > 2)
        textMask[batch - 1].slice(0, textLen - 2).fill_(false);  // last sample has 2 padding tokens
    in.set(Modality::Image, {torch::randn({batch, patches, kImageDim}), {}, {}});
    in.set(Modality::Text, {torch::randn({batch, textLen, kTextDim}), textMask, {}});
    in.set(Modality::Audio, {torch::randn({batch, frames, kAudioDim}), {}, {}});
    return in;
}

} // namespace fscope::fusion::testdata
