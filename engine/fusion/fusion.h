#pragma once
// The six fusion strategies behind one interface: per-modality features in,
// fused features out, plus what makes each one inspectable (attention
// probabilities, gate values, modality weights, the contrastive temperature).
//
//   using namespace fscope::fusion;
//   FusionConfig config;
//   config.inputDims = {768, 512, 0};            // image, text, no audio
//   auto module = makeFusion(Strategy::CrossAttention, config);
//   FusionInput input;
//   input.set(Modality::Text, {textTokens, textMask});   // [B,T,512], [B,T] bool
//   input.set(Modality::Image, {patchTokens});            // [B,P,768]
//   FusionOutput out = module->forward(input);            // out.fused: [B, outputDim]
//   FusionInspection seen = module->inspect();            // seen.attention[layer]: [B,H,Tq,Tk]
//
// Missing data is masked, never zero-filled: `tokenMask` marks padding tokens,
// `present` marks samples that lack a modality, and a modality left unset is
// missing for the whole batch.
// Thread-safety: a module is used by one thread at a time (the engine thread);
// inspect() returns what the last forward() on that thread recorded.

#include <torch/torch.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace fscope::fusion {

enum class Modality { Image = 0, Text = 1, Audio = 2 };
constexpr int kModalityCount = 3;
std::string modalityName(Modality modality);

enum class Strategy { Early, Late, CrossAttention, GatedCrossAttention, Contrastive, Unified };
std::string strategyName(Strategy strategy);           // "early", "late", "xattn", "gated", "contrastive", "unified"
std::optional<Strategy> parseStrategy(const std::string& name);
std::vector<Strategy> allStrategies();
// The strategies that fuse a question with a picture into one answer (early,
// late, xattn, gated), as the shapes models and the lab use them; the other two
// align the modalities in one space instead.
bool fusesIntoAnswer(Strategy strategy);
std::vector<Strategy> answerStrategies();

struct ModalityFeatures {
    torch::Tensor tokens;     // [B, T, D] float; pooled features are T = 1
    torch::Tensor tokenMask;  // [B, T] bool, true = real token; undefined = all real
    torch::Tensor present;    // [B] bool, false = sample lacks this modality; undefined = all present
    torch::Tensor places;     // [B or 1, T, 2] where each token sits (image patches: x, y in [-1, 1]); optional
};

struct FusionInput {
    std::array<std::optional<ModalityFeatures>, kModalityCount> modalities;

    FusionInput& set(Modality modality, ModalityFeatures features);
    const ModalityFeatures* get(Modality modality) const;
    int64_t batchSize() const;                  // throws when no modality is set
    torch::Device device() const;
};

struct FusionOutput {
    torch::Tensor fused;                                   // [B, outputDim]
    torch::Tensor tokens;                                  // [B, Tq, width] (attention strategies)
    std::array<torch::Tensor, kModalityCount> embeddings;  // [B, E] per modality where the strategy has them
    torch::Tensor modalityWeights;                         // [B, M] weights used per sample (late fusion)
    torch::Tensor logitScale;                              // scalar exp(log_scale) (contrastive, unified)
    std::vector<torch::Tensor> attention;                  // per layer [B, H, Tq, Tk] (attention strategies), with
                                                           // gradient: training can supervise where it looks
};

struct FusionInspection {
    std::vector<torch::Tensor> attention;       // per layer [B, H, Tq, Tk], detached
    std::vector<double> attentionGates;         // per layer tanh(alpha) of the cross-attention (gated)
    std::vector<double> feedForwardGates;       // per layer tanh(alpha) of the gated feed-forward (gated)
    torch::Tensor modalityWeights;              // [M] learned softmax weights (late), 0 for unused modalities
    double logitScale = 0;                      // contrastive, unified
};

struct FusionConfig {
    std::array<int64_t, kModalityCount> inputDims{0, 0, 0};  // per modality; 0 = not used
    int64_t width = 64;          // the common width inside the module
    int64_t outputDim = 64;      // size of FusionOutput::fused
    int64_t heads = 4;
    int64_t layers = 1;
    int64_t feedForwardMultiplier = 4;
    Modality query = Modality::Text;     // attention strategies: tokens of this modality...
    Modality context = Modality::Image;  // ...attend to tokens of this one
    double initialTemperature = 0.07;    // contrastive, unified: logit scale starts at 1 / T
    double maxLogitScale = 100;          // CLIP clamps exp(logit_scale) at 100
    bool freezeSelfAttention = true;     // gated: the interleaved self-attention layers stay frozen
    // Attention strategies, with context places: from the second layer on, each
    // head's scores gain w * |place - c|^2, c being where the same head looked in
    // the layer before (its attention-weighted centroid) and w a learned weight per
    // layer and head (negative: near it, positive: far from it). Dot products of
    // positions would need very large weights to pick the nearest of several
    // objects sharply; this is one weight per head.
    bool distanceBias = false;
};

class FusionModuleImpl : public torch::nn::Module {
public:
    virtual ~FusionModuleImpl() = default;
    virtual Strategy strategy() const = 0;
    virtual FusionOutput forward(const FusionInput& input) = 0;
    virtual FusionInspection inspect() const = 0;
    // The training objective the strategy defines on its own (symmetric InfoNCE
    // for contrastive and unified), or an undefined tensor.
    virtual torch::Tensor alignmentLoss(const FusionOutput& output) const { return {}; }
    int64_t outputDim() const { return m_outputDim; }

protected:
    explicit FusionModuleImpl(int64_t outputDim) : m_outputDim(outputDim) {}

private:
    int64_t m_outputDim;
};

using FusionModule = std::shared_ptr<FusionModuleImpl>;

// Throws fscope::EngineError for configurations the strategy cannot use
// (e.g. cross-attention without a query or context modality).
FusionModule makeFusion(Strategy strategy, const FusionConfig& config);

// Gradient x input attribution: for each sample, the L2 norm of
// d(target)/d(tokens) * tokens per modality, [B, M]; 0 where a modality is
// missing. `target` maps the module's output to one scalar per sample [B].
torch::Tensor modalityContributions(FusionModuleImpl& module, const FusionInput& input,
                                    const std::function<torch::Tensor(const FusionOutput&)>& target);

// Symmetric InfoNCE (CLIP): mean of the cross-entropies of the rows and the
// columns of `logits` [N, N], whose diagonal holds the matching pairs.
torch::Tensor symmetricInfoNce(const torch::Tensor& logits);

} // namespace fscope::fusion
