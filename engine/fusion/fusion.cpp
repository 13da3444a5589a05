#include "fusion/fusion.h"

#include "fusion/aligned_space.h"
#include "fusion/cross_attention.h"
#include "fusion/early_fusion.h"
#include "fusion/gated_cross_attention.h"
#include "fusion/late_fusion.h"
#include "fusion/modality_helpers.h"
#include "util/result.h"

namespace fscope::fusion {

std::string modalityName(Modality modality)
{
    switch (modality) {
    case Modality::Image: return "image";
    case Modality::Text: return "text";
    case Modality::Audio: return "audio";
    }
    return "unknown";
}

std::string strategyName(Strategy strategy)
{
    switch (strategy) {
    case Strategy::Early: return "early";
    case Strategy::Late: return "late";
    case Strategy::CrossAttention: return "xattn";
    case Strategy::GatedCrossAttention: return "gated";
    case Strategy::Contrastive: return "contrastive";
    case Strategy::Unified: return "unified";
    }
    return "unknown";
}

bool fusesIntoAnswer(Strategy strategy)
{
    return strategy != Strategy::Contrastive && strategy != Strategy::Unified;
}

std::vector<Strategy> answerStrategies()
{
    std::vector<Strategy> out;
    for (const auto strategy : allStrategies())
        if (fusesIntoAnswer(strategy))
            out.push_back(strategy);
    return out;
}

std::vector<Strategy> allStrategies()
{
    return {Strategy::Early,       Strategy::Late,        Strategy::CrossAttention,
            Strategy::GatedCrossAttention, Strategy::Contrastive, Strategy::Unified};
}

std::optional<Strategy> parseStrategy(const std::string& name)
{
    for (auto strategy : allStrategies())
        if (strategyName(strategy) == name)
            return strategy;
    return std::nullopt;
}

FusionInput& FusionInput::set(Modality modality, ModalityFeatures features)
{
    modalities[static_cast<size_t>(modality)] = std::move(features);
    return *this;
}

const ModalityFeatures* FusionInput::get(Modality modality) const
{
    const auto& slot = modalities[static_cast<size_t>(modality)];
    return slot ? &*slot : nullptr;
}

int64_t FusionInput::batchSize() const
{
    int64_t batch = -1;
    for (int i = 0; i < kModalityCount; ++i) {
        const auto* features = get(static_cast<Modality>(i));
        if (!features)
            continue;
        if (batch < 0)
            batch = features->tokens.defined() ? features->tokens.size(0) : -1;
        checkFeatures(*features, static_cast<Modality>(i), /*expectedDim=*/0, batch);
    }
    if (batch < 0)
        throw EngineError("fusion input has no modality");
    return batch;
}

torch::Device FusionInput::device() const
{
    for (const auto& slot : modalities)
        if (slot && slot->tokens.defined())
            return slot->tokens.device();
    return torch::kCPU;
}

FusionModule makeFusion(Strategy strategy, const FusionConfig& config)
{
    if (config.width <= 0 || config.outputDim <= 0 || config.layers <= 0 || config.heads <= 0)
        throw EngineError("fusion widths, heads and layers must be positive");
    switch (strategy) {
    case Strategy::Early: return std::make_shared<EarlyFusionImpl>(config);
    case Strategy::Late: return std::make_shared<LateFusionImpl>(config);
    case Strategy::CrossAttention: return std::make_shared<CrossAttentionFusionImpl>(config);
    case Strategy::GatedCrossAttention: return std::make_shared<GatedCrossAttentionFusionImpl>(config);
    case Strategy::Contrastive:
    case Strategy::Unified: return std::make_shared<AlignedSpaceImpl>(config, strategy);
    }
    throw EngineError("unknown fusion strategy");
}

torch::Tensor modalityContributions(FusionModuleImpl& module, const FusionInput& input,
                                    const std::function<torch::Tensor(const FusionOutput&)>& target)
{
    const auto batch = input.batchSize();
    torch::AutoGradMode enableGrad(true);
    FusionInput tracked = input;
    std::vector<std::pair<int, torch::Tensor>> leaves;
    for (int i = 0; i < kModalityCount; ++i) {
        auto& slot = tracked.modalities[i];
        if (!slot)
            continue;
        slot->tokens = slot->tokens.detach().clone().set_requires_grad(true);
        leaves.emplace_back(i, slot->tokens);
    }
    const auto scores = target(module.forward(tracked));
    if (scores.dim() != 1 || scores.size(0) != batch)
        throw EngineError("contribution target must give one score per sample");
    std::vector<torch::Tensor> inputs;
    for (auto& leaf : leaves)
        inputs.push_back(leaf.second);
    // Samples are independent, so the gradient of the sum gives each sample's own gradient.
    const auto grads = torch::autograd::grad({scores.sum()}, inputs, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                             /*create_graph=*/false, /*allow_unused=*/true);
    auto result = torch::zeros({batch, kModalityCount});
    for (size_t i = 0; i < leaves.size(); ++i) {
        if (!grads[i].defined())
            continue;
        const auto& features = *tracked.modalities[leaves[i].first];
        auto product = (grads[i] * leaves[i].second).detach();
        const auto mask = keyMaskOf(features).to(product.scalar_type()).unsqueeze(-1);
        product = product * mask;
        result.select(1, leaves[i].first).copy_(product.flatten(1).norm(2, 1).cpu());
    }
    return result;
}

torch::Tensor symmetricInfoNce(const torch::Tensor& logits)
{
    if (logits.dim() != 2 || logits.size(0) != logits.size(1))
        throw EngineError("InfoNCE needs a square [N, N] logit matrix");
    const auto targets = torch::arange(logits.size(0), torch::TensorOptions(torch::kLong).device(logits.device()));
    return 0.5 * (torch::nn::functional::cross_entropy(logits, targets) +
                  torch::nn::functional::cross_entropy(logits.t(), targets));
}

} // namespace fscope::fusion
