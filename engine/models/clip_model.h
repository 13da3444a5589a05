#pragma once
// OpenAI CLIP (ViT image tower + causal text transformer) written with torch::nn so
// that every layer's attention probabilities are reachable. Usage:
//
//   auto model = fscope::models::loadHuggingFaceClip(folder);  // clip_loader.h
//   if (!model) return model.error();
//   c10::InferenceMode guard;
//   std::vector<torch::Tensor> imageAttn, textAttn;
//   torch::Tensor img = (*model)->encodeImage(pixelValues, &imageAttn); // [B, embed], [B, H, T, T] per layer
//   torch::Tensor txt = (*model)->encodeText(inputIds, &textAttn);      // [B, embed]
//   torch::Tensor logits = (*model)->logitsPerImage(img, txt);          // [B_img, B_txt]
//
// Module and parameter names mirror the OpenAI checkpoints (visual.conv1.weight,
// visual.transformer.resblocks.N.attn.in_proj_weight, transformer.resblocks.N.mlp.c_fc.weight,
// token_embedding.weight, text_projection, logit_scale, ...), so named_parameters() is
// the OpenAI state dict and every loader is a name map onto it.
// Thread-safety: none; build, load and run a model on the engine thread only.

#include "kernels/packed_linear.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace fscope::models {

using kernels::PackedLinear;

struct ClipConfig {
    int64_t embedDim = 512;        // width of the joint (projected) space
    int64_t imageResolution = 224; // input side in pixels
    int64_t visionPatchSize = 32;
    int64_t visionWidth = 768;
    int64_t visionLayers = 12;
    int64_t visionHeads = 12;
    int64_t visionMlpWidth = 3072;
    int64_t contextLength = 77;
    int64_t vocabSize = 49408;
    int64_t textWidth = 512;
    int64_t textLayers = 12;
    int64_t textHeads = 8;
    int64_t textMlpWidth = 2048;
    double layerNormEps = 1e-5;
    // OpenAI checkpoints use QuickGELU (x * sigmoid(1.702 x)); some retrained ones use exact GELU.
    bool quickGelu = true;

    int64_t visionGrid() const { return imageResolution / visionPatchSize; }
    int64_t visionTokens() const { return visionGrid() * visionGrid() + 1; } // patches + class token
};

// nn.MultiheadAttention's parameter layout (packed q, k, v), computed batch-first.
class ClipAttentionImpl : public torch::nn::Module {
public:
    ClipAttentionImpl(int64_t width, int64_t heads);
    // x [B, T, W]; additiveMask [T, T] (0 or -inf) or undefined. Stores [B, H, T, T] in *probsOut.
    // queryRows > 0 computes the outputs of the first queryRows positions only
    // (attending over all of them): [B, queryRows, W].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask, torch::Tensor* probsOut,
                          int64_t queryRows = 0);

    torch::Tensor in_proj_weight, in_proj_bias; // [3W, W], [3W]
    torch::nn::Linear out_proj{nullptr};

private:
    // Inference on the CPU: packed products around attentionCore (cpu_kernels.h).
    torch::Tensor forwardPacked(const torch::Tensor& x, const torch::Tensor& additiveMask, torch::Tensor* probsOut,
                                int64_t rows);

    int64_t m_heads;
    int64_t m_headDim;
    PackedLinear m_packedIn, m_packedOut;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
public:
    ClipMlpImpl(int64_t width, int64_t hidden, bool quickGelu);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear c_fc{nullptr}, c_proj{nullptr};

private:
    bool m_quickGelu;
    PackedLinear m_packedFc, m_packedProj;
};
TORCH_MODULE(ClipMlp);

// Pre-norm block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).
class ClipResidualBlockImpl : public torch::nn::Module {
public:
    ClipResidualBlockImpl(int64_t width, int64_t heads, int64_t mlpWidth, double eps, bool quickGelu);
    // queryRows > 0: only the first queryRows positions come out (see ClipAttention).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask, torch::Tensor* probsOut,
                          int64_t queryRows = 0);

    ClipAttention attn{nullptr};
    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    ClipMlp mlp{nullptr};
};
TORCH_MODULE(ClipResidualBlock);

class ClipTransformerImpl : public torch::nn::Module {
public:
    ClipTransformerImpl(int64_t width, int64_t layers, int64_t heads, int64_t mlpWidth, double eps, bool quickGelu);
    // Appends one [B, H, T, T] tensor per layer to *attentionOut when it is not null.
    // lastLayerQueryRows > 0: the last layer computes only the first rows (the
    // class token is all a ViT reads out), returning [B, rows, W].
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& additiveMask, std::vector<torch::Tensor>* attentionOut,
                          int64_t lastLayerQueryRows = 0);

    torch::nn::ModuleList resblocks;
};
TORCH_MODULE(ClipTransformer);

class ClipVisionTransformerImpl : public torch::nn::Module {
public:
    explicit ClipVisionTransformerImpl(const ClipConfig& config);
    // pixelValues [B, 3, R, R] (normalised) -> [B, embed]
    torch::Tensor forward(const torch::Tensor& pixelValues, std::vector<torch::Tensor>* attentionOut);

    torch::nn::Conv2d conv1{nullptr};
    torch::Tensor class_embedding;      // [W]
    torch::Tensor positional_embedding; // [grid^2 + 1, W]
    torch::nn::LayerNorm ln_pre{nullptr}, ln_post{nullptr};
    ClipTransformer transformer{nullptr};
    torch::Tensor proj; // [W, embed]

private:
    // The patch convolution is a product of non-overlapping patches with the kernel.
    PackedLinear m_packedPatches;
};
TORCH_MODULE(ClipVisionTransformer);

class ClipModelImpl : public torch::nn::Module {
public:
    explicit ClipModelImpl(const ClipConfig& config);

    // pixelValues [B, 3, R, R] float -> projected features [B, embed] before L2 normalisation.
    // When attentionOut is not null, one [B, heads, T, T] softmax tensor per layer is appended.
    torch::Tensor encodeImage(const torch::Tensor& pixelValues, std::vector<torch::Tensor>* attentionOut = nullptr);
    // inputIds [B, T<=contextLength] int64, start/end tokens included, zero padded; the
    // end-of-text token must be the largest id of each row (as in OpenAI's vocabulary).
    // Returns [B, embed] before normalisation; attention rows use the causal mask.
    torch::Tensor encodeText(const torch::Tensor& inputIds, std::vector<torch::Tensor>* attentionOut = nullptr);
    // exp(logit_scale) * normalize(image) @ normalize(text).T -> [B_img, B_txt]
    torch::Tensor logitsPerImage(const torch::Tensor& imageFeatures, const torch::Tensor& textFeatures) const;
    // The raw (log) scale parameter, a 0-d tensor.
    torch::Tensor logitScale() const { return logit_scale; }
    const ClipConfig& config() const { return m_config; }

    ClipVisionTransformer visual{nullptr};
    ClipTransformer transformer{nullptr};
    torch::nn::Embedding token_embedding{nullptr};
    torch::Tensor positional_embedding; // [contextLength, textWidth]
    torch::nn::LayerNorm ln_final{nullptr};
    torch::Tensor text_projection; // [textWidth, embed]
    torch::Tensor logit_scale;     // []

private:
    ClipConfig m_config;
};
TORCH_MODULE(ClipModel);

} // namespace fscope::models
