#include "fusion/attention_fusion.h"

#include "fusion/attention.h"
#include "fusion/modality_helpers.h"
#include "util/result.h"

namespace fscope::fusion {

AttentionFusionBase::AttentionFusionBase(const FusionConfig& config, const std::string& name)
    : FusionModuleImpl(config.outputDim), m_name(name), m_query(config.query), m_context(config.context)
{
    const auto queryDim = config.inputDims[int(m_query)];
    const auto contextDim = config.inputDims[int(m_context)];
    if (m_query == m_context || queryDim <= 0 || contextDim <= 0)
        throw EngineError(name + " needs two different modalities with input widths: query " + modalityName(m_query) +
                          ", context " + modalityName(m_context));
    m_queryIn = register_module("query_in", torch::nn::Linear(queryDim, config.width));
    m_contextIn = register_module("context_in", torch::nn::Linear(contextDim, config.width));
    m_out = register_module("out", torch::nn::Linear(config.width, config.outputDim));
}

FusionOutput AttentionFusionBase::forward(const FusionInput& input)
{
    const auto* query = input.get(m_query);
    if (!query)
        throw EngineError(m_name + " needs " + modalityName(m_query) + " tokens as queries");
    const auto queryMask = keyMaskOf(*query);

    auto x = m_queryIn(query->tokens);
    const auto [context, contextMask] = projectedContext(input, m_context, m_contextIn, x);
    m_lastAttention.clear();
    for (size_t i = 0; i < layerCount(); ++i) {
        auto result = runLayer(i, x, context, contextMask, queryMask);
        x = result.tokens;
        m_lastAttention.push_back(result.probs.detach());
    }
    FusionOutput out;
    out.tokens = x;
    out.fused = m_out(maskedMean(x, queryMask));
    return out;
}

FusionInspection AttentionFusionBase::inspect() const
{
    FusionInspection seen;
    seen.attention = m_lastAttention;
    return seen;
}

} // namespace fscope::fusion
