#include "explain/clip_explain.h"

#include "explain/attention_maps.h"
#include "util/result.h"

#include <string>

namespace fscope::explain {

namespace {

void checkLayerIndex(int64_t layer, size_t count)
{
    if (layer < 0 || layer >= static_cast<int64_t>(count))
        throw EngineError("explain: layer " + std::to_string(layer) + " outside 0.." + std::to_string(count - 1));
}

} // namespace

ClipPairExplanation explainClipPair(models::ClipModel& model, const torch::Tensor& pixels,
                                    const std::vector<int64_t>& ids)
{
    const auto& config = model->config();
    if (ids.size() < 2 || static_cast<int64_t>(ids.size()) > config.contextLength)
        throw EngineError("explain: the text needs 2 to " + std::to_string(config.contextLength)
                          + " token ids (start and end included), got " + std::to_string(ids.size()));
    if (!pixels.defined() || pixels.dim() != 4 || pixels.size(0) != 1)
        throw EngineError("explain: pixel values must be one image, [1, 3, R, R]");

    torch::AutoGradMode withGradients(true);
    const torch::Device device = model->positional_embedding.device();
    const torch::Tensor idTensor =
        torch::tensor(ids, torch::kLong).reshape({1, static_cast<int64_t>(ids.size())}).to(device);

    std::vector<torch::Tensor> imageLayers, textLayers;
    const torch::Tensor image = model->encodeImage(pixels.to(device), &imageLayers);
    const torch::Tensor text = model->encodeText(idTensor, &textLayers);
    const torch::Tensor logit = model->logitsPerImage(image, text).reshape({});

    std::vector<torch::Tensor> inputs = imageLayers;
    inputs.insert(inputs.end(), textLayers.begin(), textLayers.end());
    const auto grads = torch::autograd::grad({logit}, inputs, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                             /*allow_unused=*/true);
    std::vector<torch::Tensor> imageGrads(grads.begin(), grads.begin() + static_cast<long>(imageLayers.size()));
    std::vector<torch::Tensor> textGrads(grads.begin() + static_cast<long>(imageLayers.size()), grads.end());
    for (auto* list : {&imageGrads, &textGrads})
        for (size_t i = 0; i < list->size(); ++i)
            (*list)[i] = (*list)[i].defined() ? firstSampleOnCpu({(*list)[i]}).front() : torch::Tensor();

    ClipPairExplanation out;
    out.logit = logit.item<double>();
    out.cosine = out.logit / model->logitScale().exp().item<double>();
    out.grid = config.visionGrid();
    out.imageAttention = firstSampleOnCpu(imageLayers);
    out.textAttention = firstSampleOnCpu(textLayers);
    // The end-of-text token has the highest id (as encodeText assumes).
    out.endTokenIndex = idTensor.argmax(-1).item<int64_t>();
    for (auto& grad : imageGrads)
        if (!grad.defined()) // a layer that cannot reach the logit (never for CLIP) contributes nothing
            grad = torch::zeros_like(out.imageAttention.front());
    for (auto& grad : textGrads)
        if (!grad.defined())
            grad = torch::zeros_like(out.textAttention.front());

    const int64_t g = out.grid;
    out.imageRollout = attentionRollout(out.imageAttention)[0].slice(0, 1).reshape({g, g});
    out.imageRelevancy = gradientRelevancy(out.imageAttention, imageGrads)[0].slice(0, 1).reshape({g, g});
    out.textRollout = attentionRollout(out.textAttention)[out.endTokenIndex];
    out.textRelevancy = gradientRelevancy(out.textAttention, textGrads)[out.endTokenIndex];
    return out;
}

torch::Tensor imageAttentionMap(const ClipPairExplanation& explanation, int64_t layer, int64_t head)
{
    checkLayerIndex(layer, explanation.imageAttention.size());
    const int64_t g = explanation.grid;
    return attentionRow(explanation.imageAttention[static_cast<size_t>(layer)], 0, head).slice(0, 1).reshape({g, g});
}

torch::Tensor textAttentionMap(const ClipPairExplanation& explanation, int64_t layer, int64_t head)
{
    checkLayerIndex(layer, explanation.textAttention.size());
    return attentionRow(explanation.textAttention[static_cast<size_t>(layer)], explanation.endTokenIndex, head);
}

torch::Tensor upsampleMap(const torch::Tensor& map, int64_t size)
{
    if (!map.defined() || map.dim() != 2 || size <= 0)
        throw EngineError("explain: upsampleMap takes a [g, g] map and a positive size");
    namespace F = torch::nn::functional;
    const torch::Tensor up = F::interpolate(
        map.detach().to(torch::kFloat).reshape({1, 1, map.size(0), map.size(1)}),
        F::InterpolateFuncOptions().size(std::vector<int64_t>{size, size}).mode(torch::kBilinear).align_corners(false));
    return normalizeMap(up.reshape({size, size}));
}

} // namespace fscope::explain
