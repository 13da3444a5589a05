#pragma once
// Cross-modal attention: tokens of the query modality (say, question words)
// attend to tokens of the context modality (image patches, audio frames).
// Each layer: x = LayerNorm(x + MultiHeadAttention(x, context));
//             x = LayerNorm(x + FeedForward(x)).
// The fused vector is the masked mean of the updated query tokens, projected.
// inspect().attention[layer] holds [B, heads, query tokens, context tokens].

#include "fusion/attention.h"
#include "fusion/attention_fusion.h"

namespace fscope::fusion {

class CrossAttentionLayerImpl : public torch::nn::Module {
public:
    CrossAttentionLayerImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier);
    AttentionResult forward(const torch::Tensor& x, const torch::Tensor& context, const torch::Tensor& contextMask,
                            const torch::Tensor& scoreBias = {});

    MultiHeadAttention attn{nullptr};
    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    FeedForward mlp{nullptr};
};
TORCH_MODULE(CrossAttentionLayer);

class CrossAttentionFusionImpl : public AttentionFusionBase {
public:
    explicit CrossAttentionFusionImpl(const FusionConfig& config);
    Strategy strategy() const override { return Strategy::CrossAttention; }

private:
    size_t layerCount() const override { return m_layers.size(); }
    LayerResult runLayer(size_t index, const torch::Tensor& x, const torch::Tensor& context,
                         const torch::Tensor& contextMask, const torch::Tensor& queryMask,
                         const torch::Tensor& scoreBias) override;

    std::vector<CrossAttentionLayer> m_layers;
};

} // namespace fscope::fusion
