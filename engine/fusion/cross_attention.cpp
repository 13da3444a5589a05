#include "fusion/cross_attention.h"

#include "fusion/modality_helpers.h"
#include "util/result.h"

namespace fscope::fusion {

CrossAttentionLayerImpl::CrossAttentionLayerImpl(int64_t width, int64_t heads, int64_t feedForwardMultiplier)
{
    attn = register_module("attn", MultiHeadAttention(width, heads));
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    mlp = register_module("mlp", FeedForward(width, feedForwardMultiplier));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
}

AttentionResult CrossAttentionLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                                 const torch::Tensor& contextMask)
{
    auto attended = attn(x, context, contextMask);
    auto y = ln_1(x + attended.output);
    y = ln_2(y + mlp(y));
    return {y, attended.probs};
}

CrossAttentionFusionImpl::CrossAttentionFusionImpl(const FusionConfig& config)
    : FusionModuleImpl(config.outputDim), m_query(config.query), m_context(config.context)
{
    const auto queryDim = config.inputDims[int(m_query)];
    const auto contextDim = config.inputDims[int(m_context)];
    if (m_query == m_context || queryDim <= 0 || contextDim <= 0)
        throw EngineError("cross-attention needs two different modalities with input widths: query " +
                          modalityName(m_query) + ", context " + modalityName(m_context));
    m_queryIn = register_module("query_in", torch::nn::Linear(queryDim, config.width));
    m_contextIn = register_module("context_in", torch::nn::Linear(contextDim, config.width));
    for (int64_t i = 0; i < config.layers; ++i)
        m_layers.push_back(register_module("layers_" + std::to_string(i),
                                           CrossAttentionLayer(config.width, config.heads, config.feedForwardMultiplier)));
    m_out = register_module("out", torch::nn::Linear(config.width, config.outputDim));
}

FusionOutput CrossAttentionFusionImpl::forward(const FusionInput& input)
{
    const auto* query = input.get(m_query);
    if (!query)
        throw EngineError("cross-attention needs " + modalityName(m_query) + " tokens as queries");
    const auto queryMask = keyMaskOf(*query);

    auto x = m_queryIn(query->tokens);
    const auto [context, contextMask] = projectedContext(input, m_context, m_contextIn, x);
    m_lastAttention.clear();
    for (auto& layer : m_layers) {
        auto result = layer(x, context, contextMask);
        x = result.output;
        m_lastAttention.push_back(result.probs.detach());
    }
    FusionOutput out;
    out.tokens = x;
    out.fused = m_out(maskedMean(x, queryMask));
    return out;
}

FusionInspection CrossAttentionFusionImpl::inspect() const
{
    FusionInspection seen;
    seen.attention = m_lastAttention;
    return seen;
}

} // namespace fscope::fusion
