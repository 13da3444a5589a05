#pragma once
// The built-in tri-modal model "mini" (DESIGN.md, Models 2): three small
// transformers, one per modality, each ending in a projection into one shared,
// normalised space where the training made an emoji's picture, its names and
// their speech lie close together.
//
//   image: 72 x 72 RGB -> 12 x 12 patches (6 x 6 grid) + [CLS] -> ViT -> [CLS] row
//   text:  subword ids, [BOS] ... [EOS] -> transformer -> [BOS] row
//   audio: log-mel frames (80 bins, 10 ms) -> three stride-2 convolutions
//          (one token per 80 ms) + [CLS] -> transformer -> [CLS] row
//
// Attention is bidirectional everywhere; the pooled row's attention over the
// other tokens is what the explanation pages draw. Usage:
//
//   fscope::models::MiniModel model(config);
//   auto image = model->encodeImage(pixels);                    // [B, embed], not normalised
//   auto text = model->encodeText(ids, mask);
//   auto audio = model->encodeAudio(mel, frameMask);
//
// Missing inputs are expressed by masks (padding tokens and frames are masked,
// never attended to). Engine-internal; used on the engine thread only.

#include "fusion/attention.h"
#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace fscope::models {

struct MiniConfig {
    int64_t width = 192;
    int64_t heads = 4;
    int64_t mlpRatio = 4;
    int64_t embedDim = 256;
    int64_t imageSize = 72;
    int64_t patchSize = 12;
    int64_t imageLayers = 4;
    int64_t vocabularySize = 4000;
    int64_t textContext = 32;
    int64_t textLayers = 3;
    int64_t melBins = 80;
    int64_t audioLayers = 4;
    int64_t audioMaxTokens = 80; // 6.4 s of speech at one token per 80 ms

    int64_t gridSize() const { return imageSize / patchSize; }
    static constexpr int64_t kAudioSubsampling = 8; // frames per audio token
    int64_t audioMaxFrames() const { return audioMaxTokens * kAudioSubsampling; }

    json::Value toJson() const;
    static Result<MiniConfig> fromJson(const json::Value& value);
};

// Attention probabilities of every layer, [B, heads, T, T] each, when asked for.
using LayerAttention = std::vector<torch::Tensor>;

class MiniBlockImpl : public torch::nn::Module {
public:
    MiniBlockImpl(int64_t width, int64_t heads, int64_t mlpRatio);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask, torch::Tensor* probs);

    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    fusion::MultiHeadAttention attn{nullptr};
    fusion::FeedForward mlp{nullptr};
};
TORCH_MODULE(MiniBlock);

class MiniEncoderImpl : public torch::nn::Module {
public:
    MiniEncoderImpl(int64_t layers, int64_t width, int64_t heads, int64_t mlpRatio);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask, LayerAttention* attention);

    torch::nn::ModuleList blocks{nullptr};
    torch::nn::LayerNorm ln_final{nullptr};
};
TORCH_MODULE(MiniEncoder);

class MiniModelImpl : public torch::nn::Module {
public:
    explicit MiniModelImpl(const MiniConfig& config);

    // pixels [B, 3, S, S], normalised (see miniImageNormalization).
    torch::Tensor encodeImage(const torch::Tensor& pixels, LayerAttention* attention = nullptr);
    // ids [B, T] (int64), mask [B, T] bool (true = token).
    torch::Tensor encodeText(const torch::Tensor& ids, const torch::Tensor& mask, LayerAttention* attention = nullptr);
    // mel [B, F, bins] (normalised per utterance), frameMask [B, F] bool.
    torch::Tensor encodeAudio(const torch::Tensor& mel, const torch::Tensor& frameMask,
                              LayerAttention* attention = nullptr);
    // The audio tower's output tokens before pooling: {[B, 1 + tokens, width]
    // ([CLS] first, after the final LayerNorm), their mask [B, 1 + tokens]}.
    std::pair<torch::Tensor, torch::Tensor> audioTokens(const torch::Tensor& mel, const torch::Tensor& frameMask,
                                                        LayerAttention* attention = nullptr);
    // The token mask after subsampling, [B, 1 + tokens] with the [CLS] slot.
    torch::Tensor audioTokenMask(const torch::Tensor& frameMask) const;
    torch::Tensor logitScale() const { return logit_scale.exp().clamp_max(100.0); }

    const MiniConfig& config() const { return m_config; }

    // image
    torch::nn::Conv2d patch_embed{nullptr};
    torch::Tensor image_cls, image_pos;
    MiniEncoder image_encoder{nullptr};
    torch::nn::Linear image_proj{nullptr};
    // text
    torch::nn::Embedding token_embed{nullptr};
    torch::Tensor text_pos;
    MiniEncoder text_encoder{nullptr};
    torch::nn::Linear text_proj{nullptr};
    // audio
    torch::nn::Conv1d audio_conv1{nullptr}, audio_conv2{nullptr}, audio_conv3{nullptr};
    torch::Tensor audio_cls, audio_pos;
    MiniEncoder audio_encoder{nullptr};
    torch::nn::Linear audio_proj{nullptr};

    torch::Tensor logit_scale;

private:
    MiniConfig m_config;
};
TORCH_MODULE(MiniModel);

// Mean 0.5, std 0.5 per channel: pixels / 255 mapped to -1..1.
inline constexpr float kMiniPixelMean = 0.5f;
inline constexpr float kMiniPixelStd = 0.5f;

// Reads weights (safetensors, F16 or F32) into a model built from `config`; an
// error names the tensor that is missing or has the wrong shape.
Result<MiniModel> loadMiniModel(const std::string& weightsPath, const MiniConfig& config);
// Writes the weights, as float16 when `half` (the shipped file) else float32.
Result<void> saveMiniModel(const std::string& weightsPath, MiniModel& model, bool half);

} // namespace fscope::models
