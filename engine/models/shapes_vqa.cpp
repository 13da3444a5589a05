#include "models/shapes_vqa.h"

#include "models/mini_preprocess.h"

#include <cctype>
#include <sstream>

namespace fscope::models {

namespace {

constexpr int64_t kImageSize = 75;
constexpr int64_t kGrid = 5; // 75 -> 38 -> 19 -> 10 -> 5

} // namespace

const std::vector<std::string>& shapesQuestionVocabulary()
{
    static const std::vector<std::string> words = {
        "[PAD]", "[UNK]", "what", "is", "the", "shape", "of", "object", "on", "left", "at", "top", "closest", "to",
        "furthest", "from", "how", "many", "objects", "have", "same", "as", "red", "green", "blue", "orange",
        "gray", "yellow"};
    return words;
}

std::pair<torch::Tensor, torch::Tensor> encodeShapesQuestion(const std::string& question, int64_t length)
{
    std::string cleaned;
    for (const char c : question)
        cleaned += std::isalpha(static_cast<unsigned char>(c)) ? char(std::tolower(static_cast<unsigned char>(c))) : ' ';
    const auto& vocabulary = shapesQuestionVocabulary();
    std::vector<int64_t> ids;
    std::istringstream words(cleaned);
    for (std::string word; words >> word && int64_t(ids.size()) < length;) {
        const auto at = std::find(vocabulary.begin(), vocabulary.end(), word);
        ids.push_back(at == vocabulary.end() ? 1 : int64_t(at - vocabulary.begin()));
    }
    auto idTensor = torch::zeros({1, length}, torch::kLong);
    auto mask = torch::zeros({1, length}, torch::kBool);
    for (size_t i = 0; i < ids.size(); ++i) {
        idTensor[0][int64_t(i)] = ids[i];
        mask[0][int64_t(i)] = true;
    }
    return {idTensor, mask};
}

torch::Tensor shapesPixels(const io::ImageRgb8& image)
{
    return halfRangePixels(image, kImageSize);
}

ShapesVqaModelImpl::ShapesVqaModelImpl(const ShapesVqaConfig& config) : m_config(config)
{
    torch::nn::Sequential convs;
    int64_t in = 3;
    for (int i = 0; i < 4; ++i) {
        convs->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, config.imageChannels, 3).stride(2).padding(1)));
        convs->push_back(torch::nn::BatchNorm2d(config.imageChannels));
        convs->push_back(torch::nn::ReLU());
        in = config.imageChannels;
    }
    m_convs = register_module("convs", convs);
    m_words = register_module("words", torch::nn::Embedding(int64_t(shapesQuestionVocabulary().size()), config.width));
    m_positions = register_parameter("positions", torch::randn({config.maxQuestionTokens, config.width}) * 0.02);

    fusion::FusionConfig fc;
    fc.inputDims[int(fusion::Modality::Image)] = config.imageChannels + 2;
    fc.inputDims[int(fusion::Modality::Text)] = config.width;
    fc.width = config.width;
    fc.outputDim = config.outputDim;
    fc.heads = config.heads;
    fc.layers = config.layers;
    fc.query = fusion::Modality::Text;
    fc.context = fusion::Modality::Image;
    // Trained from scratch: the gated model's self-attention learns too.
    fc.freezeSelfAttention = false;
    m_fusion = fusion::makeFusion(config.strategy, fc);
    register_module("fusion", m_fusion);
    m_head = register_module("head", torch::nn::Sequential(torch::nn::Linear(config.outputDim, 256), torch::nn::ReLU(),
                                                           torch::nn::Linear(256, config.answers)));
}

torch::Tensor ShapesVqaModelImpl::encodeImage(const torch::Tensor& pixels)
{
    auto features = m_convs->forward(pixels);                      // [B, C, 5, 5]
    const int64_t batch = features.size(0);
    features = features.flatten(2).transpose(1, 2);                // [B, 25, C]
    // Each patch knows where it is: (x, y) of its centre in [-1, 1].
    const auto axis = torch::linspace(-1, 1, kGrid, pixels.options());
    const auto ys = axis.view({kGrid, 1}).expand({kGrid, kGrid});
    const auto xs = axis.view({1, kGrid}).expand({kGrid, kGrid});
    const auto coords = torch::stack({xs, ys}, -1).reshape({1, kGrid * kGrid, 2}).expand({batch, kGrid * kGrid, 2});
    return torch::cat({features, coords}, -1);
}

torch::Tensor ShapesVqaModelImpl::encodeQuestion(const torch::Tensor& ids)
{
    const int64_t length = std::min(ids.size(1), m_config.maxQuestionTokens);
    return m_words(ids.narrow(1, 0, length)) + m_positions.narrow(0, 0, length);
}

torch::Tensor ShapesVqaModelImpl::forward(const torch::Tensor& pixels, const torch::Tensor& ids, const torch::Tensor& mask)
{
    fusion::FusionInput input;
    input.set(fusion::Modality::Image, {encodeImage(pixels), {}, {}});
    const int64_t length = std::min(ids.size(1), m_config.maxQuestionTokens);
    input.set(fusion::Modality::Text, {encodeQuestion(ids), mask.narrow(1, 0, length), {}});
    return m_head->forward(m_fusion->forward(input).fused);
}

} // namespace fscope::models
