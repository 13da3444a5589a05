#include "models/shapes_vqa.h"

#include "models/mini_preprocess.h"
#include "models/module_weights.h"
#include "io/safetensors.h"

#include <cctype>
#include <sstream>

namespace fscope::models {

namespace {

constexpr int64_t kImageSize = 75;
constexpr int64_t kPlaceFeatures = 5;
constexpr int64_t kColours = 6; // the shapes world's (data/shapes_world.h, not linked into the core)

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

json::Value ShapesVqaConfig::toJson() const
{
    json::Value v = json::Value::object();
    v["strategy"] = fusion::strategyName(strategy);
    v["image_channels"] = imageChannels;
    v["width"] = width;
    v["heads"] = heads;
    v["layers"] = layers;
    v["output_dim"] = outputDim;
    v["max_question_tokens"] = maxQuestionTokens;
    v["answers"] = answers;
    v["question_layers"] = questionLayers;
    v["image_layers"] = imageLayers;
    v["grid"] = grid;
    v["exact_places"] = exactPlaces;
    v["distance_bias"] = distanceBias;
    v["refine_places"] = refinePlaces;
    return v;
}

Result<ShapesVqaConfig> ShapesVqaConfig::fromJson(const json::Value& value)
{
    ShapesVqaConfig c;
    const auto* strategy = value.find("strategy");
    if (!strategy || !strategy->isString())
        return Error{"shapes model config lacks \"strategy\""};
    const auto parsed = fusion::parseStrategy(strategy->asString());
    if (!parsed || !fusion::fusesIntoAnswer(*parsed))
        return Error{"shapes model config: strategy '" + strategy->asString() + "' is not early, late, xattn or gated"};
    c.strategy = *parsed;
    const std::vector<std::pair<const char*, int64_t*>> fields = {
        {"image_channels", &c.imageChannels}, {"width", &c.width}, {"heads", &c.heads}, {"layers", &c.layers},
        {"output_dim", &c.outputDim}, {"max_question_tokens", &c.maxQuestionTokens}, {"answers", &c.answers},
        {"question_layers", &c.questionLayers}, {"image_layers", &c.imageLayers}};
    try {
        for (const auto& [name, field] : fields) {
            const auto* item = value.find(name);
            if (!item)
                return Error{std::string("shapes model config lacks \"") + name + "\""};
            *field = item->asInt();
            if (*field < 0 || *field > 1 << 16)
                return Error{std::string("shapes model config: \"") + name + "\" is out of range"};
        }
    } catch (const EngineError& e) {
        return Error{std::string("shapes model config: ") + e.what()};
    }
    // Absent in the first models, which all had 5 x 5 patches.
    if (const auto* grid = value.find("grid"); grid && grid->isNumber())
        c.grid = grid->asInt();
    if (const auto* exact = value.find("exact_places"); exact && exact->isBool())
        c.exactPlaces = exact->asBool();
    if (const auto* bias = value.find("distance_bias"); bias && bias->isBool())
        c.distanceBias = bias->asBool();
    if (const auto* refine = value.find("refine_places"); refine && refine->isBool())
        c.refinePlaces = refine->asBool();
    if (c.grid != 5 && c.grid != 10 && c.grid != 19)
        return Error{"shapes model config: \"grid\" must be 5, 10 or 19"};
    if (c.heads < 1 || c.width % c.heads != 0 || c.answers != ShapesVqaConfig{}.answers)
        return Error{"shapes model config: width must be a multiple of heads, and there are 10 answers"};
    return c;
}

ShapesVqaModelImpl::ShapesVqaModelImpl(const ShapesVqaConfig& config) : m_config(config)
{
    torch::nn::Sequential convs;
    int64_t in = 3;
    // 75 -> 38 -> 19 -> 10 -> 5: each stride-2 convolution halves the side.
    const int convolutions = config.grid == 5 ? 4 : config.grid == 10 ? 3 : 2;
    for (int i = 0; i < convolutions; ++i) {
        convs->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, config.imageChannels, 3).stride(2).padding(1)));
        convs->push_back(torch::nn::BatchNorm2d(config.imageChannels));
        convs->push_back(torch::nn::ReLU());
        in = config.imageChannels;
    }
    m_convs = register_module("convs", convs);
    m_patchIn = register_module("patch_in", torch::nn::Linear(config.imageChannels + kPlaceFeatures, config.width));
    for (int64_t i = 0; i < config.imageLayers; ++i)
        m_patchLayers.push_back(register_module("patch_layers_" + std::to_string(i),
                                                fusion::SelfAttentionBlock(config.width, config.heads, 2)));
    for (int64_t i = 0; i < config.questionLayers; ++i)
        m_questionLayers.push_back(register_module("question_layers_" + std::to_string(i),
                                                   fusion::SelfAttentionBlock(config.width, config.heads, 2)));
    m_patchProbe = register_module("patch_probe", torch::nn::Linear(imageDim(), 2 * kColours));
    if (config.refinePlaces) {
        // Starts at the cells' centres (zero offsets), so a model trained
        // without refined places continues from where it was.
        m_placeOffset = register_module("place_offset", torch::nn::Linear(imageDim(), 2));
        torch::NoGradGuard noGrad;
        m_placeOffset->weight.zero_();
        m_placeOffset->bias.zero_();
    }
    m_patchNorm = register_module("patch_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})));
    m_questionNorm = register_module("question_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})));
    m_words = register_module("words", torch::nn::Embedding(int64_t(shapesQuestionVocabulary().size()), config.width));
    m_positions = register_parameter("positions", torch::randn({config.maxQuestionTokens, config.width}) * 0.02);

    fusion::FusionConfig fc;
    fc.inputDims[int(fusion::Modality::Image)] = imageDim();
    fc.inputDims[int(fusion::Modality::Text)] = config.width;
    fc.width = config.width;
    fc.outputDim = config.outputDim;
    fc.heads = config.heads;
    fc.layers = config.layers;
    fc.query = fusion::Modality::Text;
    fc.context = fusion::Modality::Image;
    // Trained from scratch: the gated model's self-attention learns too.
    fc.freezeSelfAttention = false;
    fc.distanceBias = config.distanceBias;
    m_fusion = fusion::makeFusion(config.strategy, fc);
    register_module("fusion", m_fusion);
    m_head = register_module("head", torch::nn::Sequential(torch::nn::Linear(config.outputDim, 256), torch::nn::ReLU(),
                                                           torch::nn::Linear(256, config.answers)));
}

torch::Tensor ShapesVqaModelImpl::encodeImage(const torch::Tensor& pixels)
{
    auto features = m_convs->forward(pixels);                      // [B, C, grid, grid]
    const int64_t batch = features.size(0);
    const int64_t grid = m_config.grid;
    features = features.flatten(2).transpose(1, 2);                // [B, grid^2, C]
    // Each patch knows where it is: its centre (x, y) in [-1, 1], and more.
    const auto axis = torch::linspace(-1, 1, grid, pixels.options());
    const auto ys = axis.view({grid, 1}).expand({grid, grid});
    const auto xs = axis.view({1, grid}).expand({grid, grid});
    // (x, y, x^2, y^2, x y): with the squares a dot product of a query and a key
    // can measure distance (-|p - r|^2 = 2 p.r - |p|^2 - |r|^2), which "closest"
    // and "furthest" need. Learned per-cell embeddings instead slowed learning
    // where the objects are (measured: "left" stayed at chance for 3,000 steps).
    const auto places = torch::stack({xs, ys, xs * xs, ys * ys, xs * ys}, -1)
                            .reshape({1, grid * grid, kPlaceFeatures})
                            .expand({batch, grid * grid, kPlaceFeatures});
    auto patches = m_patchIn(torch::cat({features, places}, -1));
    for (auto& layer : m_patchLayers)
        patches = layer(patches, torch::Tensor());
    // Unit-scale keys and values: without this the attention's queries and keys
    // got a hundredth of the values' gradient, and training stalled near chance.
    patches = m_patchNorm(patches);
    return m_config.exactPlaces ? torch::cat({patches, places}, -1) : patches;
}

torch::Tensor ShapesVqaModelImpl::probePatches(const torch::Tensor& imageTokens)
{
    return m_patchProbe(imageTokens);
}

int64_t ShapesVqaModelImpl::imageDim() const
{
    return m_config.width + (m_config.exactPlaces ? kPlaceFeatures : 0);
}

torch::Tensor ShapesVqaModelImpl::encodeQuestion(const torch::Tensor& ids, const torch::Tensor& mask)
{
    const int64_t length = std::min(ids.size(1), m_config.maxQuestionTokens);
    return contextualiseQuestion(m_words(ids.narrow(1, 0, length)), mask);
}

torch::Tensor ShapesVqaModelImpl::encodeQuestionWords(const torch::Tensor& wordProbs, const torch::Tensor& mask)
{
    const int64_t length = std::min(wordProbs.size(1), m_config.maxQuestionTokens);
    return contextualiseQuestion(torch::matmul(wordProbs.narrow(1, 0, length), m_words->weight), mask);
}

torch::Tensor ShapesVqaModelImpl::contextualiseQuestion(torch::Tensor words, const torch::Tensor& mask)
{
    const int64_t length = words.size(1);
    auto tokens = words + m_positions.narrow(0, 0, length);
    for (auto& layer : m_questionLayers)
        tokens = layer(tokens, mask.narrow(1, 0, length));
    return m_questionNorm(tokens);
}

torch::Tensor ShapesVqaModelImpl::patchPlaces(const torch::Tensor& like) const
{
    const int64_t grid = m_config.grid;
    const auto axis = torch::linspace(-1, 1, grid, like.options());
    const auto ys = axis.view({grid, 1}).expand({grid, grid});
    const auto xs = axis.view({1, grid}).expand({grid, grid});
    return torch::stack({xs, ys}, -1).reshape({1, grid * grid, 2});
}

torch::Tensor ShapesVqaModelImpl::placeOffsets(const torch::Tensor& imageTokens)
{
    if (!m_placeOffset)
        return {};
    // At most one cell's spacing away: an object overlapping a cell has its
    // centre within that reach.
    const double spacing = 2.0 / double(m_config.grid - 1);
    return spacing * torch::tanh(m_placeOffset(imageTokens));
}

torch::Tensor ShapesVqaModelImpl::contentPlaces(const torch::Tensor& imageTokens)
{
    const auto centres = patchPlaces(imageTokens);
    return m_placeOffset ? centres + placeOffsets(imageTokens) : centres;
}

torch::Tensor ShapesVqaModelImpl::fuse(const torch::Tensor& imageTokens, const torch::Tensor& ids, const torch::Tensor& mask,
                                       std::optional<fusion::Modality> dropped)
{
    const int64_t length = std::min(ids.size(1), m_config.maxQuestionTokens);
    return fuseQuestion(imageTokens, encodeQuestion(ids, mask), mask.narrow(1, 0, length), dropped).logits;
}

ShapesFusion ShapesVqaModelImpl::fuseTraced(const torch::Tensor& imageTokens, const torch::Tensor& ids,
                                            const torch::Tensor& mask)
{
    const int64_t length = std::min(ids.size(1), m_config.maxQuestionTokens);
    return fuseQuestion(imageTokens, encodeQuestion(ids, mask), mask.narrow(1, 0, length), std::nullopt);
}

torch::Tensor ShapesVqaModelImpl::fuseWords(const torch::Tensor& imageTokens, const torch::Tensor& wordProbs,
                                            const torch::Tensor& mask, std::optional<fusion::Modality> dropped)
{
    const int64_t length = std::min(wordProbs.size(1), m_config.maxQuestionTokens);
    return fuseQuestion(imageTokens, encodeQuestionWords(wordProbs, mask), mask.narrow(1, 0, length), dropped).logits;
}

ShapesFusion ShapesVqaModelImpl::fuseQuestion(const torch::Tensor& imageTokens, const torch::Tensor& questionTokens,
                                               const torch::Tensor& questionMask, std::optional<fusion::Modality> dropped)
{
    const auto absent = [&](fusion::Modality modality) {
        return dropped == modality ? torch::zeros({imageTokens.size(0)}, torch::TensorOptions(torch::kBool).device(imageTokens.device()))
                                   : torch::Tensor();
    };
    fusion::FusionInput input;
    input.set(fusion::Modality::Image, {imageTokens, {}, absent(fusion::Modality::Image), contentPlaces(imageTokens)});
    input.set(fusion::Modality::Text, {questionTokens, questionMask, absent(fusion::Modality::Text)});
    auto fused = m_fusion->forward(input);
    return {m_head->forward(fused.fused), std::move(fused.attention)};
}

torch::Tensor ShapesVqaModelImpl::forward(const torch::Tensor& pixels, const torch::Tensor& ids, const torch::Tensor& mask)
{
    return fuse(encodeImage(pixels), ids, mask);
}

Result<void> saveShapesVqaModel(const std::string& weightsPath, ShapesVqaModel& model)
{
    // BatchNorm's running statistics are part of the model at inference.
    return safetensors::write(weightsPath, moduleTensors(*model, torch::kFloat, true),
                              {{"format", "fusionscope-shapes-vqa"},
                               {"config", json::serialize(model->config().toJson())}});
}

Result<ShapesVqaModel> loadShapesVqaModel(const std::string& weightsPath)
{
    auto file = safetensors::File::open(weightsPath);
    if (!file)
        return file.error();
    const auto& metadata = file->metadata();
    const auto format = metadata.find("format");
    const auto configText = metadata.find("config");
    if (format == metadata.end() || format->second != "fusionscope-shapes-vqa" || configText == metadata.end())
        return Error{weightsPath + ": not a shapes VQA model (its metadata lacks format "
                                   "\"fusionscope-shapes-vqa\" and a config)"};
    auto parsed = json::parse(configText->second);
    if (!parsed)
        return Error{weightsPath + ": config: " + parsed.error().message};
    auto config = ShapesVqaConfig::fromJson(*parsed);
    if (!config)
        return Error{weightsPath + ": " + config.error().message};
    ShapesVqaModel model(*config);
    if (auto filled = fillModule(*file, *model, true); !filled)
        return filled.error();
    model->eval();
    return model;
}

} // namespace fscope::models
