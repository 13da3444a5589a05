#pragma once
// Early fusion: project each modality's pooled features to a common width,
// concatenate them with a presence flag per modality, and mix with an MLP.
// A missing modality contributes a learned "missing" vector and a 0 flag, so
// the MLP can tell absence from data. Its explanation is the per-modality
// contribution (gradient x input, see modalityContributions in fusion.h).

#include "fusion/fusion.h"

namespace fscope::fusion {

class EarlyFusionImpl : public FusionModuleImpl {
public:
    explicit EarlyFusionImpl(const FusionConfig& config);
    Strategy strategy() const override { return Strategy::Early; }
    FusionOutput forward(const FusionInput& input) override;
    FusionInspection inspect() const override { return {}; }

private:
    std::vector<Modality> m_used;
    std::vector<torch::nn::Linear> m_projections;
    torch::Tensor m_missing;  // [M, width]
    torch::nn::Sequential m_mlp{nullptr};
    int64_t m_width;
};

} // namespace fscope::fusion
