#include "explain/mini_explain.h"

#include "explain/attention_maps.h"
#include "util/result.h"

#include <string>

namespace fscope::explain {

namespace {

std::vector<torch::Tensor> gradsOrZeros(const std::vector<torch::Tensor>& grads, const std::vector<torch::Tensor>& like)
{
    std::vector<torch::Tensor> out;
    for (size_t i = 0; i < grads.size(); ++i)
        out.push_back(grads[i].defined() ? firstSampleOnCpu({grads[i]}).front() : torch::zeros_like(like[i]));
    return out;
}

// The read-out of a [T, T] map as the model pools: one row, or the mean of all rows.
torch::Tensor readOut(const torch::Tensor& map, bool meanPooled)
{
    return meanPooled ? map.mean(0) : map[0];
}

} // namespace

MiniPairExplanation explainMiniPair(models::MiniModel& model, const MiniQuery& query, const torch::Tensor& pixels)
{
    const auto& config = model->config();
    if (!pixels.defined() || pixels.dim() != 4 || pixels.size(0) != 1)
        throw EngineError("explain: the image must be one picture, [1, 3, S, S]");
    torch::AutoGradMode withGradients(true);
    const torch::Device device = model->image_pos.device();

    std::vector<torch::Tensor> imageLayers, queryLayers;
    const torch::Tensor image = model->encodeImage(pixels.to(device), &imageLayers);
    torch::Tensor encoded;
    switch (query.kind) {
    case MiniQuery::Kind::Text: {
        if (query.ids.size() < 2 || static_cast<int64_t>(query.ids.size()) > config.textContext)
            throw EngineError("explain: the text needs 2 to " + std::to_string(config.textContext)
                              + " token ids, got " + std::to_string(query.ids.size()));
        const auto n = static_cast<int64_t>(query.ids.size());
        const auto ids = torch::tensor(query.ids, torch::kLong).reshape({1, n}).to(device);
        encoded = model->encodeText(ids, torch::ones({1, n}, torch::kBool).to(device), &queryLayers);
        break;
    }
    case MiniQuery::Kind::Audio:
        if (!query.mel.defined() || query.mel.dim() != 3 || query.mel.size(0) != 1 || query.mel.size(1) < 8)
            throw EngineError("explain: the speech must be one clip of at least 8 frames, [1, F, bins]");
        encoded = model->encodeAudio(query.mel.to(device),
                                     torch::ones({1, query.mel.size(1)}, torch::kBool).to(device), &queryLayers);
        break;
    case MiniQuery::Kind::Image:
        if (!query.pixels.defined() || query.pixels.dim() != 4)
            throw EngineError("explain: the query image must be one picture, [1, 3, S, S]");
        encoded = model->encodeImage(query.pixels.to(device), &queryLayers);
        break;
    }
    const auto a = torch::nn::functional::normalize(image, torch::nn::functional::NormalizeFuncOptions().dim(-1));
    const auto b = torch::nn::functional::normalize(encoded, torch::nn::functional::NormalizeFuncOptions().dim(-1));
    const auto cosine = (a * b).sum();
    const auto logit = model->logitScale() * cosine;

    std::vector<torch::Tensor> inputs = imageLayers;
    inputs.insert(inputs.end(), queryLayers.begin(), queryLayers.end());
    const auto grads = torch::autograd::grad({logit}, inputs, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                             /*allow_unused=*/true);
    MiniPairExplanation out;
    out.logit = logit.item<double>();
    out.cosine = cosine.item<double>();
    out.grid = config.imageSize / config.patchSize;
    out.imageAttention = firstSampleOnCpu(imageLayers);
    out.queryAttention = firstSampleOnCpu(queryLayers);
    const auto imageGrads = gradsOrZeros({grads.begin(), grads.begin() + static_cast<long>(imageLayers.size())},
                                         out.imageAttention);
    const auto queryGrads = gradsOrZeros({grads.begin() + static_cast<long>(imageLayers.size()), grads.end()},
                                         out.queryAttention);

    const int64_t g = out.grid;
    out.imageRollout = attentionRollout(out.imageAttention)[0].slice(0, 1).reshape({g, g});
    out.imageRelevancy = gradientRelevancy(out.imageAttention, imageGrads)[0].slice(0, 1).reshape({g, g});
    const bool meanPooled = query.kind == MiniQuery::Kind::Audio;
    out.queryRollout = readOut(attentionRollout(out.queryAttention), meanPooled);
    out.queryRelevancy = readOut(gradientRelevancy(out.queryAttention, queryGrads), meanPooled);
    if (query.kind == MiniQuery::Kind::Image) {
        out.queryRollout = out.queryRollout.slice(0, 1).reshape({g, g});
        out.queryRelevancy = out.queryRelevancy.slice(0, 1).reshape({g, g});
    }
    return out;
}

torch::Tensor miniImageAttentionMap(const MiniPairExplanation& explanation, int64_t layer, int64_t head)
{
    if (layer < 0 || layer >= static_cast<int64_t>(explanation.imageAttention.size()))
        throw EngineError("explain: layer " + std::to_string(layer) + " outside 0.."
                          + std::to_string(explanation.imageAttention.size() - 1));
    const int64_t g = explanation.grid;
    return attentionRow(explanation.imageAttention[static_cast<size_t>(layer)], 0, head).slice(0, 1).reshape({g, g});
}

} // namespace fscope::explain
