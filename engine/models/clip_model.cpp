#include "models/clip_model.h"

#include "kernels/cpu_kernels.h"
#include "kernels/quick_gelu.h"
#include "runtime/cpu_tuning.h"
#include "util/result.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>
#include <string>

namespace fscope::models {

using kernels::attentionCore;
using kernels::attentionCoreAvailable;
using kernels::AttentionShape;
using kernels::quickGelu;

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
                                         torch::Tensor* probsOut, int64_t queryRows)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const int64_t rows = queryRows > 0 ? std::min(queryRows, tokens) : tokens;
    if (PackedLinear::packedPathFor(x, in_proj_weight) && attentionCoreAvailable())
        return forwardPacked(x, additiveMask, probsOut, rows);
    const int64_t width = m_heads * m_headDim;
    auto qkv = m_packedIn.forward(x, in_proj_weight, in_proj_bias).chunk(3, -1);
    auto heads = [&](const torch::Tensor& t) {
        return t.reshape({batch, t.size(1), m_heads, m_headDim}).transpose(1, 2); // [B, H, T, D]
    };
    // Scale q before the product, as nn.MultiheadAttention does, to stay close to the reference rounding.
    const torch::Tensor q = heads(qkv[0].slice(1, 0, rows)) * (1.0 / std::sqrt(static_cast<double>(m_headDim)));
    torch::Tensor scores = torch::matmul(q, heads(qkv[1]).transpose(-2, -1)); // [B, H, rows, T]
    if (additiveMask.defined())
        scores = scores + additiveMask.slice(0, 0, rows);
    const torch::Tensor probs = torch::softmax(scores, -1);
    if (probsOut)
        *probsOut = probs;
    const torch::Tensor context = torch::matmul(probs, heads(qkv[2])).transpose(1, 2).reshape({batch, rows, width});
    return m_packedOut.forward(context, out_proj->weight, out_proj->bias);
}

torch::Tensor ClipAttentionImpl::forwardPacked(const torch::Tensor& x, const torch::Tensor& additiveMask,
                                               torch::Tensor* probsOut, int64_t rows)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const int64_t width = m_heads * m_headDim;
    // [3W, B*T] from the packed product, read as [3, H, D, B, T]: each head's q, k and v
    // are [D, T] blocks, contiguous at batch 1.
    const torch::Tensor qkvT = m_packedIn.forwardFeatureMajor(x.reshape({-1, width}).t(), in_proj_weight, in_proj_bias)
                                   .reshape({3, m_heads, m_headDim, batch, tokens})
                                   .contiguous();
    const torch::Tensor mask = additiveMask.defined() ? additiveMask.to(torch::kFloat).contiguous() : torch::Tensor();
    torch::Tensor probs = torch::empty({batch, m_heads, rows, tokens}, x.options());
    torch::Tensor contextT = torch::empty({m_heads, m_headDim, batch, rows}, x.options()); // = [W, B*rows]
    AttentionShape shape;
    shape.heads = m_heads;
    shape.headDim = m_headDim;
    shape.batch = batch;
    shape.tokens = tokens;
    shape.rows = rows;
    attentionCore(qkvT.data_ptr<float>(), mask.defined() ? mask.data_ptr<float>() : nullptr,
                  static_cast<float>(1.0 / std::sqrt(static_cast<double>(m_headDim))), shape, probs.data_ptr<float>(),
                  contextT.data_ptr<float>());
    if (probsOut)
        *probsOut = probs;
    return m_packedOut.forwardFeatureMajor(contextT.reshape({width, batch * rows}), out_proj->weight, out_proj->bias)
        .t()
        .reshape({batch, rows, width});
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
    torch::Tensor h = m_packedFc.forward(x, c_fc->weight, c_fc->bias);
    h = m_quickGelu ? quickGelu(h) : torch::gelu(h);
    return m_packedProj.forward(h, c_proj->weight, c_proj->bias);
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
                                             torch::Tensor* probsOut, int64_t queryRows)
{
    const torch::Tensor residual = queryRows > 0 ? x.slice(1, 0, queryRows) : x;
    torch::Tensor y = residual + attn->forward(ln_1->forward(x), additiveMask, probsOut, queryRows);
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
                                           std::vector<torch::Tensor>* attentionOut, int64_t lastLayerQueryRows)
{
    const size_t layers = resblocks->size();
    for (size_t i = 0; i < layers; ++i) {
        torch::Tensor probs;
        const int64_t rows = i + 1 == layers ? lastLayerQueryRows : 0;
        x = resblocks[i]->as<ClipResidualBlock>()->forward(x, additiveMask, attentionOut ? &probs : nullptr, rows);
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
    const int64_t patch = conv1->options.kernel_size()->at(0);
    const int64_t grid =
        static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(positional_embedding.size(0) - 1))));
    if (pixelValues.size(1) != 3 || pixelValues.size(2) != grid * patch || pixelValues.size(3) != grid * patch)
        throw EngineError("CLIP: pixel values of " + std::to_string(pixelValues.size(1)) + "x"
                          + std::to_string(pixelValues.size(2)) + "x" + std::to_string(pixelValues.size(3))
                          + "; the model expects 3x" + std::to_string(grid * patch) + "x"
                          + std::to_string(grid * patch));
    // Inputs follow the weights' device and dtype so callers need not know where the model lives.
    const torch::Tensor pixels = pixelValues.to(positional_embedding.device(), positional_embedding.scalar_type());
    const int64_t batch = pixels.size(0);
    const int64_t width = positional_embedding.size(1);
    // conv1 (kernel = stride = patch, no bias) as one product: [B*g*g, 3*p*p] x [3*p*p, W].
    const torch::Tensor patches = pixels.reshape({batch, 3, grid, patch, grid, patch})
                                      .permute({0, 2, 4, 1, 3, 5})
                                      .reshape({batch, grid * grid, 3 * patch * patch});
    torch::Tensor x = m_packedPatches.forward(patches, conv1->weight.reshape({width, -1}), torch::Tensor());
    const torch::Tensor cls = class_embedding.reshape({1, 1, -1}).expand({batch, 1, width});
    x = torch::cat({cls, x}, 1) + positional_embedding;
    x = ln_pre->forward(x);
    // Without attention maps to report, the last layer computes the class token only.
    x = transformer->forward(x, torch::Tensor(), attentionOut, attentionOut ? 0 : 1);
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

namespace {

// Dense CPU kernels get the whole CPU while a tower runs (runtime/cpu_tuning.h).
bool wantsDenseScope(const torch::Tensor& weights)
{
    return weights.device().is_cpu() && runtime::oneDnnAvailable() && !torch::GradMode::is_enabled();
}

} // namespace

torch::Tensor ClipModelImpl::encodeImage(const torch::Tensor& pixelValues, std::vector<torch::Tensor>* attentionOut)
{
    runtime::DenseComputeScope scope(wantsDenseScope(positional_embedding));
    return visual->forward(pixelValues, attentionOut);
}

torch::Tensor ClipModelImpl::encodeText(const torch::Tensor& inputIds, std::vector<torch::Tensor>* attentionOut)
{
    requireShape(inputIds, 2, "input ids");
    if (inputIds.size(1) < 1 || inputIds.size(1) > m_config.contextLength)
        throw EngineError("CLIP: " + std::to_string(inputIds.size(1)) + " tokens per text; the model takes 1 to "
                          + std::to_string(m_config.contextLength));
    runtime::DenseComputeScope scope(wantsDenseScope(positional_embedding));
    torch::Tensor ids = inputIds.to(positional_embedding.device(), torch::kLong);
    // The end-of-text token has the highest id, so argmax finds each row's last real position.
    torch::Tensor eot = ids.argmax(-1);
    // The mask is causal: positions after the last end token change nothing that is read
    // out, so they are not computed unless their attention rows were asked for.
    if (!attentionOut && ids.size(0) > 0) {
        const int64_t used = eot.max().item<int64_t>() + 1;
        if (used < ids.size(1))
            ids = ids.slice(1, 0, used);
    }
    const int64_t tokens = ids.size(1);
    torch::Tensor x = token_embedding->forward(ids) + positional_embedding.slice(0, 0, tokens);
    // Causal: position i sees positions <= i only (-inf above the diagonal, added before softmax).
    const torch::Tensor mask =
        torch::full({tokens, tokens}, -std::numeric_limits<float>::infinity(), x.options()).triu(1);
    x = transformer->forward(x, mask, attentionOut);
    x = ln_final->forward(x);
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
