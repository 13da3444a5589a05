#include "models/clip_model.h"

#include "util/result.h"

#include <cmath>
#include <limits>
#include <string>

namespace fscope::models {

namespace {

void requireShape(const torch::Tensor& t, int64_t dims, const char* what)
{
    if (!t.defined() || t.dim() != dims)
        throw EngineError(std::string("CLIP: ") + what + " must have " + std::to_string(dims) + " dimensions, found "
                          + (t.defined() ? std::to_string(t.dim()) : std::string("none")));
}

} // namespace

// ---------------------------------------------------------------- attention

ClipAttentionImpl::ClipAttentionImpl(int64_t width, int64_t heads)
    : m_heads(heads)
    , m_headDim(width / heads)
{
    if (heads <= 0 || width % heads != 0)
        throw EngineError("CLIP: width " + std::to_string(width) + " is not divisible by " + std::to_string(heads)
                          + " heads");
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
    out_proj = register_module("out_proj", torch::nn::Linear(width, width));
    torch::nn::init::xavier_uniform_(in_proj_weight);
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                         torch::Tensor* probsOut)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    auto qkv = torch::nn::functional::linear(x, in_proj_weight, in_proj_bias).chunk(3, -1);
    auto heads = [&](const torch::Tensor& t) {
        return t.reshape({batch, tokens, m_heads, m_headDim}).transpose(1, 2); // [B, H, T, D]
    };
    // Scale q before the product, as nn.MultiheadAttention does, to stay close to the reference rounding.
    const torch::Tensor q = heads(qkv[0]) * (1.0 / std::sqrt(static_cast<double>(m_headDim)));
    const torch::Tensor k = heads(qkv[1]);
    const torch::Tensor v = heads(qkv[2]);
    torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)); // [B, H, T, T]
    if (additiveMask.defined())
        scores = scores + additiveMask;
    const torch::Tensor probs = torch::softmax(scores, -1);
    if (probsOut)
        *probsOut = probs;
    const torch::Tensor context = torch::matmul(probs, v).transpose(1, 2).reshape({batch, tokens, m_heads * m_headDim});
    return out_proj->forward(context);
}

// ---------------------------------------------------------------- MLP and blocks

ClipMlpImpl::ClipMlpImpl(int64_t width, int64_t hidden, bool quickGelu)
    : m_quickGelu(quickGelu)
{
    c_fc = register_module("c_fc", torch::nn::Linear(width, hidden));
    c_proj = register_module("c_proj", torch::nn::Linear(hidden, width));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = c_fc->forward(x);
    h = m_quickGelu ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
    return c_proj->forward(h);
}

ClipResidualBlockImpl::ClipResidualBlockImpl(int64_t width, int64_t heads, int64_t mlpWidth, double eps,
                                             bool quickGelu)
{
    attn = register_module("attn", ClipAttention(width, heads));
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(eps)));
    mlp = register_module("mlp", ClipMlp(width, mlpWidth, quickGelu));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(eps)));
}

torch::Tensor ClipResidualBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                             torch::Tensor* probsOut)
{
    torch::Tensor y = x + attn->forward(ln_1->forward(x), additiveMask, probsOut);
    return y + mlp->forward(ln_2->forward(y));
}

ClipTransformerImpl::ClipTransformerImpl(int64_t width, int64_t layers, int64_t heads, int64_t mlpWidth, double eps,
                                         bool quickGelu)
{
    resblocks = register_module("resblocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < layers; ++i)
        resblocks->push_back(ClipResidualBlock(width, heads, mlpWidth, eps, quickGelu));
}

torch::Tensor ClipTransformerImpl::forward(torch::Tensor x, const torch::Tensor& additiveMask,
                                           std::vector<torch::Tensor>* attentionOut)
{
    for (const auto& module : *resblocks) {
        torch::Tensor probs;
        x = module->as<ClipResidualBlock>()->forward(x, additiveMask, attentionOut ? &probs : nullptr);
        if (attentionOut)
            attentionOut->push_back(probs);
    }
    return x;
}

// ---------------------------------------------------------------- vision tower

ClipVisionTransformerImpl::ClipVisionTransformerImpl(const ClipConfig& c)
{
    const int64_t w = c.visionWidth;
    const auto patch = torch::nn::Conv2dOptions(3, w, c.visionPatchSize).stride(c.visionPatchSize).bias(false);
    conv1 = register_module("conv1", torch::nn::Conv2d(patch));
    const double scale = 1.0 / std::sqrt(static_cast<double>(w));
    class_embedding = register_parameter("class_embedding", torch::randn({w}) * scale);
    positional_embedding = register_parameter("positional_embedding", torch::randn({c.visionTokens(), w}) * scale);
    ln_pre = register_module("ln_pre", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w}).eps(c.layerNormEps)));
    transformer = register_module("transformer", ClipTransformer(w, c.visionLayers, c.visionHeads, c.visionMlpWidth,
                                                                 c.layerNormEps, c.quickGelu));
    ln_post = register_module("ln_post", torch::nn::LayerNorm(torch::nn::LayerNormOptions({w}).eps(c.layerNormEps)));
    proj = register_parameter("proj", torch::randn({w, c.embedDim}) * scale);
}

torch::Tensor ClipVisionTransformerImpl::forward(const torch::Tensor& pixelValues,
                                                 std::vector<torch::Tensor>* attentionOut)
{
    requireShape(pixelValues, 4, "pixel values");
    // Inputs follow the weights' device and dtype so callers need not know where the model lives.
    const torch::Tensor pixels = pixelValues.to(positional_embedding.device(), positional_embedding.scalar_type());
    torch::Tensor x = conv1->forward(pixels); // [B, W, g, g]
    const int64_t batch = x.size(0);
    x = x.flatten(2).transpose(1, 2); // [B, g*g, W]
    if (x.size(1) + 1 != positional_embedding.size(0))
        throw EngineError("CLIP: pixel values of " + std::to_string(pixelValues.size(2)) + "x"
                          + std::to_string(pixelValues.size(3)) + " give " + std::to_string(x.size(1))
                          + " patches; the model expects " + std::to_string(positional_embedding.size(0) - 1));
    const torch::Tensor cls = class_embedding.reshape({1, 1, -1}).expand({batch, 1, x.size(2)});
    x = torch::cat({cls, x}, 1) + positional_embedding;
    x = ln_pre->forward(x);
    x = transformer->forward(x, torch::Tensor(), attentionOut);
    return torch::matmul(ln_post->forward(x.select(1, 0)), proj);
}

// ---------------------------------------------------------------- full model

ClipModelImpl::ClipModelImpl(const ClipConfig& c)
    : m_config(c)
{
    visual = register_module("visual", ClipVisionTransformer(c));
    transformer = register_module("transformer", ClipTransformer(c.textWidth, c.textLayers, c.textHeads,
                                                                 c.textMlpWidth, c.layerNormEps, c.quickGelu));
    token_embedding = register_module("token_embedding", torch::nn::Embedding(c.vocabSize, c.textWidth));
    positional_embedding =
        register_parameter("positional_embedding", torch::randn({c.contextLength, c.textWidth}) * 0.01);
    ln_final = register_module("ln_final",
                               torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.textWidth}).eps(c.layerNormEps)));
    text_projection = register_parameter(
        "text_projection", torch::randn({c.textWidth, c.embedDim}) / std::sqrt(static_cast<double>(c.textWidth)));
    logit_scale = register_parameter("logit_scale", torch::full({}, std::log(1.0 / 0.07)));
}

torch::Tensor ClipModelImpl::encodeImage(const torch::Tensor& pixelValues, std::vector<torch::Tensor>* attentionOut)
{
    return visual->forward(pixelValues, attentionOut);
}

torch::Tensor ClipModelImpl::encodeText(const torch::Tensor& inputIds, std::vector<torch::Tensor>* attentionOut)
{
    requireShape(inputIds, 2, "input ids");
    const int64_t tokens = inputIds.size(1);
    if (tokens < 1 || tokens > m_config.contextLength)
        throw EngineError("CLIP: " + std::to_string(tokens) + " tokens per text; the model takes 1 to "
                          + std::to_string(m_config.contextLength));
    const torch::Tensor ids = inputIds.to(positional_embedding.device(), torch::kLong);
    torch::Tensor x = token_embedding->forward(ids) + positional_embedding.slice(0, 0, tokens);
    // Causal: position i sees positions <= i only (-inf above the diagonal, added before softmax).
    const torch::Tensor mask =
        torch::full({tokens, tokens}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
    x = transformer->forward(x, mask, attentionOut);
    x = ln_final->forward(x);
    // The end-of-text token has the highest id, so argmax finds each row's last real position.
    const torch::Tensor eot = ids.argmax(-1);
    const torch::Tensor pooled = x.index({torch::arange(x.size(0), eot.options()), eot}); // [B, W]
    return torch::matmul(pooled, text_projection);
}

torch::Tensor ClipModelImpl::logitsPerImage(const torch::Tensor& imageFeatures, const torch::Tensor& textFeatures) const
{
    const torch::Tensor img = imageFeatures / imageFeatures.norm(2, -1, true);
    const torch::Tensor txt = textFeatures / textFeatures.norm(2, -1, true);
    return logit_scale.exp() * torch::matmul(img, txt.t());
}

} // namespace fscope::models
