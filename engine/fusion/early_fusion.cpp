#include "fusion/early_fusion.h"

#include "fusion/attention.h"
#include "fusion/modality_helpers.h"

namespace fscope::fusion {

EarlyFusionImpl::EarlyFusionImpl(const FusionConfig& config)
    : FusionModuleImpl(config.outputDim), m_used(usedModalities(config, 1)), m_width(config.width)
{
    for (auto modality : m_used) {
        const auto name = "project_" + modalityName(modality);
        m_projections.push_back(register_module(name, torch::nn::Linear(config.inputDims[int(modality)], m_width)));
    }
    const auto count = static_cast<int64_t>(m_used.size());
    m_missing = register_parameter("missing", torch::randn({count, m_width}) * 0.02);
    m_mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(count * m_width + count, m_width),
                                                         torch::nn::GELU(),
                                                         torch::nn::Linear(m_width, config.outputDim)));
}

FusionOutput EarlyFusionImpl::forward(const FusionInput& input)
{
    const auto batch = input.batchSize();
    const auto device = input.device();
    std::vector<torch::Tensor> parts;
    std::vector<torch::Tensor> flags;
    for (size_t i = 0; i < m_used.size(); ++i) {
        const auto present = presenceOf(input, m_used[i], batch, device);  // [B] bool
        const auto missing = m_missing[static_cast<int64_t>(i)].expand({batch, m_width});
        torch::Tensor projected = missing;
        if (const auto* features = input.get(m_used[i])) {
            const auto pooled = pooledFeatures(*features);
            projected = torch::where(present.unsqueeze(1), m_projections[i](pooled), missing);
        }
        parts.push_back(projected);
        flags.push_back(present.to(projected.scalar_type()).unsqueeze(1));
    }
    parts.insert(parts.end(), flags.begin(), flags.end());
    FusionOutput out;
    out.fused = m_mlp->forward(torch::cat(parts, 1));
    return out;
}

} // namespace fscope::fusion
