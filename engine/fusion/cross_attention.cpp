#include "fusion/cross_attention.h"


namespace fscope::fusion {

CrossAttentionLayerImpl::CrossAttentionLayerImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier)
{
    attn = register_module("attn", MultiHeadAttention(width, heads));
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    mlp = register_module("mlp", FeedForward(width, feedForwardMultiplier));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
}

AttentionResult CrossAttentionLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                 const torch::Tensor& contextMask, const torch::Tensor& scoreBias)
{
    auto attended = attn(x, context, contextMask, false, scoreBias);
    auto y = ln_1(x + attended.output);
    y = ln_2(y + mlp(y));
    return {y, attended.probs};
}

CrossAttentionFusionImpl::CrossAttentionFusionImpl(const FusionConfig& config)
    : AttentionFusionBase(config, "cross-attention")
{
    for (int64_t i = 0; i < config.layers; ++i)
        m_layers.push_back(register_module("layers_" + std::to_string(i),
                                           CrossAttentionLayer(config.width, config.heads, config.feedForwardMultiplier)));
}

AttentionFusionBase::LayerResult CrossAttentionFusionImpl::runLayer(size_t index, const torch::Tensor& x,
                                                                    const torch::Tensor& context,
                                                                    const torch::Tensor& contextMask,
                                                                    const torch::Tensor& /*queryMask*/,
                                                                    const torch::Tensor& scoreBias)
{
    auto result = m_layers[index](x, context, contextMask, scoreBias);
    return {result.output, result.probs};
}

} // namespace fscope::fusion
