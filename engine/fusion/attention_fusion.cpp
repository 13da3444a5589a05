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
    m_heads = config.heads;
    if (config.distanceBias)
        m_distanceWeights = register_parameter("distance_weights", torch::zeros({config.layers, config.heads}));
}

namespace {

// Stored weights are scaled up so that Adam's steps (about the learning rate
// each) reach the tens a sharp choice among objects needs within a few
// thousand steps.
constexpr double kDistanceWeightScale = 30.0;

} // namespace

FusionOutput AttentionFusionBase::forward(const FusionInput& input)
{
    const auto* query = input.get(m_query);
    if (!query)
        throw EngineError(m_name + " needs " + modalityName(m_query) + " tokens as queries");
    const auto queryMask = keyMaskOf(*query);

    auto x = m_queryIn(query->tokens);
    const auto [context, contextMask] = projectedContext(input, m_context, m_contextIn, x);
    const auto* contextFeatures = input.get(m_context);
    const bool biased = m_distanceWeights.defined() && contextFeatures && contextFeatures->places.defined();
    m_lastAttention.clear();
    FusionOutput out;
    torch::Tensor previous; // [B, H, Tq, Tk] attention of the layer before
    for (size_t i = 0; i < layerCount(); ++i) {
        torch::Tensor bias;
        if (biased && previous.defined()) {
            // Per head: where this head looked one layer down (one head can find
            // "the red object", the same head above then looks near it).
            const auto places = contextFeatures->places.to(x.scalar_type()).expand({x.size(0), -1, 2}); // [B, Tk, 2]
            const auto centre = torch::matmul(previous, places.unsqueeze(1));                             // [B, H, Tq, 2]
            const auto distance = (places.unsqueeze(1).unsqueeze(1) - centre.unsqueeze(3)).pow(2).sum(-1); // [B, H, Tq, Tk]
            const auto weights = (kDistanceWeightScale * m_distanceWeights[int64_t(i)]).view({1, m_heads, 1, 1});
            bias = weights * distance;
        }
        auto result = runLayer(i, x, context, contextMask, queryMask, bias);
        previous = result.probs;
        x = result.tokens;
        m_lastAttention.push_back(result.probs.detach());
        out.attention.push_back(result.probs);
    }
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
