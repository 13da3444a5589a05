#pragma once
// Late fusion: encode each modality on its own, then take a weighted sum with
// learned softmax weights. When a sample lacks a modality its weight is
// removed and the others renormalised, so the weights of every sample sum to 1.
// inspect().modalityWeights holds the learned weights over all used modalities.

#include "fusion/fusion.h"

namespace fscope::fusion {

class LateFusionImpl : public FusionModuleImpl {
public:
    explicit LateFusionImpl(const FusionConfig& config);
    Strategy strategy() const override { return Strategy::Late; }
    FusionOutput forward(const FusionInput& input) override;
    FusionInspection inspect() const override;

    torch::Tensor weightLogits() const { return m_weightLogits; }

private:
    std::vector<Modality> m_used;
    std::vector<torch::nn::Sequential> m_encoders;
    torch::Tensor m_weightLogits;  // [M]
};

} // namespace fscope::fusion
