#include "models/mini_model.h"

#include "models/module_weights.h"

#include "io/safetensors.h"

#include <cmath>
#include <map>

namespace fscope::models {

namespace {

torch::Tensor positionTable(torch::nn::Module& module, const std::string& name, int64_t tokens, int64_t width)
{
    return module.register_parameter(name, torch::randn({tokens, width}) * 0.02);
}

// Prepends a learned [CLS] row to [B, T, D] tokens.
torch::Tensor withCls(const torch::Tensor& cls, const torch::Tensor& tokens)
{
    return torch::cat({cls.view({1, 1, -1}).expand({tokens.size(0), 1, tokens.size(2)}), tokens}, 1);
}

// A token after a stride-2 convolution (kernel 3, padding 1) is real when a
// frame under it is: ceil(L / 2) entries.
torch::Tensor halveFrameMask(const torch::Tensor& valid)
{
    return torch::max_pool1d(torch::constant_pad_nd(valid, {0, valid.size(2) % 2}), 2, 2);
}

torch::Tensor prependTrue(const torch::Tensor& mask)
{
    return torch::cat({torch::ones({mask.size(0), 1}, mask.options()), mask}, 1);
}

} // namespace

json::Value MiniConfig::toJson() const
{
    json::Value v = json::Value::object();
    v["width"] = width;
    v["heads"] = heads;
    v["mlp_ratio"] = mlpRatio;
    v["embed_dim"] = embedDim;
    v["image_size"] = imageSize;
    v["patch_size"] = patchSize;
    v["image_layers"] = imageLayers;
    v["vocabulary_size"] = vocabularySize;
    v["text_context"] = textContext;
    v["text_layers"] = textLayers;
    v["mel_bins"] = melBins;
    v["audio_layers"] = audioLayers;
    v["audio_max_tokens"] = audioMaxTokens;
    return v;
}

Result<MiniConfig> MiniConfig::fromJson(const json::Value& value)
{
    MiniConfig c;
    const std::vector<std::pair<const char*, int64_t*>> fields = {
        {"width", &c.width}, {"heads", &c.heads}, {"mlp_ratio", &c.mlpRatio}, {"embed_dim", &c.embedDim},
        {"image_size", &c.imageSize}, {"patch_size", &c.patchSize}, {"image_layers", &c.imageLayers},
        {"vocabulary_size", &c.vocabularySize}, {"text_context", &c.textContext}, {"text_layers", &c.textLayers},
        {"mel_bins", &c.melBins}, {"audio_layers", &c.audioLayers}, {"audio_max_tokens", &c.audioMaxTokens}};
    try {
        for (const auto& [name, field] : fields) {
            const auto* item = value.find(name);
            if (!item)
                return Error{std::string("model config lacks \"") + name + "\""};
            *field = item->asInt();
            if (*field < 1 || *field > 1 << 20)
                return Error{std::string("model config: \"") + name + "\" is out of range"};
        }
    } catch (const EngineError& e) {
        return Error{std::string("model config: ") + e.what()};
    }
    if (c.width % c.heads != 0)
        return Error{"model config: width must be a multiple of heads"};
    if (c.imageSize % c.patchSize != 0)
        return Error{"model config: image_size must be a multiple of patch_size"};
    return c;
}

MiniBlockImpl::MiniBlockImpl(int64_t width, int64_t heads, int64_t mlpRatio)
{
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    attn = register_module("attn", fusion::MultiHeadAttention(width, heads));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    mlp = register_module("mlp", fusion::FeedForward(width, mlpRatio, fusion::FeedForwardImpl::Activation::Relu));
}

torch::Tensor MiniBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask, torch::Tensor* probs)
{
    const auto normed = ln_1(x);
    auto attended = attn(normed, normed, mask);
    if (probs)
        *probs = attended.probs;
    auto y = x + attended.output;
    return y + mlp(ln_2(y));
}

MiniEncoderImpl::MiniEncoderImpl(int64_t layers, int64_t width, int64_t heads, int64_t mlpRatio)
{
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < layers; ++i)
        blocks->push_back(MiniBlock(width, heads, mlpRatio));
    ln_final = register_module("ln_final", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
}

torch::Tensor MiniEncoderImpl::forward(torch::Tensor x, const torch::Tensor& mask, LayerAttention* attention)
{
    for (const auto& module : *blocks) {
        torch::Tensor probs;
        x = module->as<MiniBlock>()->forward(x, mask, attention ? &probs : nullptr);
        if (attention)
            attention->push_back(probs);
    }
    return ln_final(x);
}

MiniModelImpl::MiniModelImpl(const MiniConfig& config) : m_config(config)
{
    const int64_t w = config.width;
    patch_embed = register_module(
        "patch_embed", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, w, config.patchSize).stride(config.patchSize)));
    image_cls = register_parameter("image_cls", torch::randn({w}) * 0.02);
    image_pos = positionTable(*this, "image_pos", 1 + config.gridSize() * config.gridSize(), w);
    image_encoder = register_module("image_encoder", MiniEncoder(config.imageLayers, w, config.heads, config.mlpRatio));
    image_proj = register_module("image_proj", torch::nn::Linear(torch::nn::LinearOptions(w, config.embedDim).bias(false)));

    token_embed = register_module("token_embed", torch::nn::Embedding(config.vocabularySize, w));
    torch::nn::init::normal_(token_embed->weight, 0.0, 0.02);
    text_pos = positionTable(*this, "text_pos", config.textContext, w);
    text_encoder = register_module("text_encoder", MiniEncoder(config.textLayers, w, config.heads, config.mlpRatio));
    text_proj = register_module("text_proj", torch::nn::Linear(torch::nn::LinearOptions(w, config.embedDim).bias(false)));

    const auto conv = [&](int64_t in) {
        return torch::nn::Conv1d(torch::nn::Conv1dOptions(in, w, 3).stride(2).padding(1));
    };
    audio_conv1 = register_module("audio_conv1", conv(config.melBins));
    audio_conv2 = register_module("audio_conv2", conv(w));
    audio_conv3 = register_module("audio_conv3", conv(w));
    audio_cls = register_parameter("audio_cls", torch::randn({w}) * 0.02);
    audio_pos = positionTable(*this, "audio_pos", 1 + config.audioMaxTokens, w);
    audio_encoder = register_module("audio_encoder", MiniEncoder(config.audioLayers, w, config.heads, config.mlpRatio));
    audio_proj = register_module("audio_proj", torch::nn::Linear(torch::nn::LinearOptions(w, config.embedDim).bias(false)));

    // CLIP's starting temperature, 0.07.
    logit_scale = register_parameter("logit_scale", torch::full({}, std::log(1.0 / 0.07)));
}

torch::Tensor MiniModelImpl::encodeImage(const torch::Tensor& pixels, LayerAttention* attention)
{
    auto patches = patch_embed(pixels).flatten(2).transpose(1, 2); // [B, grid^2, w]
    auto x = withCls(image_cls, patches) + image_pos;
    x = image_encoder(x, torch::Tensor(), attention);
    return image_proj(x.select(1, 0));
}

torch::Tensor MiniModelImpl::encodeText(const torch::Tensor& ids, const torch::Tensor& mask, LayerAttention* attention)
{
    const int64_t length = std::min<int64_t>(ids.size(1), m_config.textContext);
    auto x = token_embed(ids.narrow(1, 0, length)) + text_pos.narrow(0, 0, length);
    x = text_encoder(x, mask.narrow(1, 0, length), attention);
    return text_proj(x.select(1, 0)); // the [BOS] row
}

torch::Tensor MiniModelImpl::audioTokenMask(const torch::Tensor& frameMask) const
{
    auto valid = frameMask.to(torch::kFloat).unsqueeze(1);
    for (int i = 0; i < 3; ++i)
        valid = halveFrameMask(valid);
    return prependTrue(valid.squeeze(1) > 0.5);
}

std::pair<torch::Tensor, torch::Tensor> MiniModelImpl::audioTokens(const torch::Tensor& mel, const torch::Tensor& frameMask,
                                                                   LayerAttention* attention)
{
    const int64_t frames = std::min<int64_t>(mel.size(1), m_config.audioMaxFrames());
    const auto input = mel.narrow(1, 0, frames);
    const auto fmask = frameMask.narrow(1, 0, frames);
    // Each stride-2 stage halves the mask too, and what lies past the end is
    // zeroed again: a clip padded in a batch gives the same result as alone.
    auto valid = fmask.to(input.scalar_type()).unsqueeze(1); // [B, 1, F]
    auto x = input.transpose(1, 2) * valid;                   // [B, bins, F]
    for (auto* conv : {&audio_conv1, &audio_conv2, &audio_conv3}) {
        valid = halveFrameMask(valid);
        x = torch::relu((*conv)(x)) * valid;
    }
    x = x.transpose(1, 2); // [B, tokens, w]
    auto tokens = withCls(audio_cls, x);
    auto mask = audioTokenMask(fmask);
    tokens = tokens + audio_pos.narrow(0, 0, tokens.size(1));
    const auto tokenMask = mask.narrow(1, 0, tokens.size(1));
    return {audio_encoder(tokens, tokenMask, attention), tokenMask};
}

torch::Tensor MiniModelImpl::encodeAudio(const torch::Tensor& mel, const torch::Tensor& frameMask, LayerAttention* attention)
{
    const auto [tokens, tokenMask] = audioTokens(mel, frameMask, attention);
    // The mean over the real tokens: gives every time step a direct gradient,
    // which a from-scratch audio encoder needs to leave its first plateau.
    return audio_proj(fusion::maskedMean(tokens, tokenMask));
}

Result<MiniModel> loadMiniModel(const std::string& weightsPath, const MiniConfig& config)
{
    auto file = safetensors::File::open(weightsPath);
    if (!file)
        return file.error();
    MiniModel model(config);
    if (auto filled = fillModule(*file, *model, false); !filled)
        return filled.error();
    model->eval();
    return model;
}

Result<void> saveMiniModel(const std::string& weightsPath, MiniModel& model, bool half)
{
    return safetensors::write(weightsPath, moduleTensors(*model, half ? torch::kHalf : torch::kFloat, false),
                              {{"format", "fusionscope-mini"}});
}

} // namespace fscope::models
