#include "check.h"
#include "temp_dir.h"

#include "kernels/batched_matmul.h"
#include "models/mini_model.h"
#include "models/mini_preprocess.h"
#include "text/subword_tokenizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace fm = fscope::models;
namespace ft = fscope::text;
using fscope::check::TempDir;

namespace {

const std::vector<std::string> kCorpus = {
    "red apple", "green apple", "apple", "fruit", "red heart", "green heart", "heart", "love",
    "grinning face", "face", "grin", "smiling face with heart-eyes", "红苹果", "青苹果", "苹果", "水果",
    "红心", "爱心", "笑脸", "咧嘴笑"};

fm::MiniConfig tinyConfig()
{
    fm::MiniConfig c;
    c.width = 32;
    c.heads = 2;
    c.mlpRatio = 2;
    c.embedDim = 16;
    c.imageSize = 24;
    c.patchSize = 8;
    c.imageLayers = 2;
    c.vocabularySize = 50;
    c.textContext = 12;
    c.textLayers = 2;
    c.melBins = 80;
    c.audioLayers = 2;
    c.audioMaxTokens = 20;
    return c;
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a - b).abs().max().item<double>();
}

} // namespace

FS_TEST(mini_tokenizer, learns_merges_and_round_trips)
{
    const auto tokenizer = ft::SubwordTokenizer::train(kCorpus, {200, 2});
    FS_CHECK(tokenizer.mergeCount() > 5);
    // "apple" occurs four times: it becomes one token.
    const auto ids = tokenizer.encode("Red APPLE");
    FS_REQUIRE(ids.size() == 4);
    FS_CHECK_EQ(ids.front(), ft::SubwordTokenizer::kBegin);
    FS_CHECK_EQ(ids.back(), ft::SubwordTokenizer::kEnd);
    const auto strings = tokenizer.tokenStrings(ids);
    FS_CHECK_EQ(strings[1], std::string("red</w>"));
    FS_CHECK_EQ(strings[2], std::string("apple</w>"));
    // Chinese: a Han run is one word; 苹果 is frequent enough to merge.
    const auto zh = tokenizer.tokenStrings(tokenizer.encode("红苹果"));
    FS_CHECK(std::find(zh.begin(), zh.end(), std::string("苹果</w>")) != zh.end());
    // Unseen characters are [UNK], not dropped; punctuation is its own word.
    const auto unknown = tokenizer.encode("zebra!");
    FS_CHECK(std::find(unknown.begin(), unknown.end(), ft::SubwordTokenizer::kUnknown) != unknown.end());
    FS_CHECK_EQ(ft::SubwordTokenizer::words("smiling face: heart-eyes").size(), size_t(6));
    // Cut to the model's context, the end token kept.
    const auto cut = tokenizer.encode("red apple green apple red heart green heart", 5);
    FS_CHECK_EQ(cut.size(), size_t(5));
    FS_CHECK_EQ(cut.back(), ft::SubwordTokenizer::kEnd);

    auto again = ft::SubwordTokenizer::fromJson(tokenizer.toJson());
    FS_REQUIRE(again.ok());
    FS_CHECK(again->encode("红苹果 and red apple") == tokenizer.encode("红苹果 and red apple"));
    // Training is deterministic: the same corpus gives the same file.
    FS_CHECK(ft::SubwordTokenizer::train(kCorpus, {200, 2}).toJson() == tokenizer.toJson());
    FS_CHECK(!ft::SubwordTokenizer::fromJson("{\"format\": \"other\"}").ok());
    FS_CHECK(!ft::SubwordTokenizer::fromJson("not json").ok());
}

FS_TEST(mini_model, shapes_masks_and_attention)
{
    torch::manual_seed(3);
    fm::MiniModel model(tinyConfig());
    model->eval();
    torch::NoGradGuard noGrad;

    fm::LayerAttention attention;
    const auto image = model->encodeImage(torch::randn({2, 3, 24, 24}), &attention);
    FS_CHECK(image.sizes() == torch::IntArrayRef({2, 16}));
    FS_REQUIRE(attention.size() == 2);
    FS_CHECK(attention[0].sizes() == torch::IntArrayRef({2, 2, 10, 10})); // [CLS] + 3 x 3 patches

    // Padding never changes an embedding: the same text with and without pad tokens.
    const auto [ids, mask] = fm::padTokenBatch({{2, 7, 9, 3}, {2, 5, 3}});
    const auto both = model->encodeText(ids, mask);
    const auto [alone, aloneMask] = fm::padTokenBatch({{2, 5, 3}});
    FS_CHECK(maxDiff(both[1], model->encodeText(alone, aloneMask)[0]) < 1e-5);

    // Audio: 50 frames alone, or padded to 90 in a batch, gives the same embedding.
    const auto shortClip = torch::randn({50, 80});
    const auto [mel, frames] = fm::padAudioBatch({torch::randn({90, 80}), shortClip});
    const auto batch = model->encodeAudio(mel, frames);
    const auto [melAlone, framesAlone] = fm::padAudioBatch({shortClip});
    fm::LayerAttention audioAttention;
    const auto single = model->encodeAudio(melAlone, framesAlone, &audioAttention);
    FS_CHECK(maxDiff(batch[1], single[0]) < 1e-5);
    FS_CHECK_EQ(audioAttention[0].size(-1), int64_t(1 + 7)); // 50 frames -> 7 tokens at stride 8
    FS_CHECK_EQ(model->audioTokenMask(frames).sum(1)[1].item<int64_t>(), int64_t(1 + 7));
}

FS_TEST(mini_model, weights_round_trip_and_errors_name_the_tensor)
{
    TempDir dir;
    torch::manual_seed(4);
    fm::MiniModel model(tinyConfig());
    model->eval();
    const std::string path = dir.str() + "/mini.safetensors";
    FS_REQUIRE(fm::saveMiniModel(path, model, /*half=*/true).ok());
    auto loaded = fm::loadMiniModel(path, tinyConfig());
    FS_REQUIRE(loaded.ok());
    torch::NoGradGuard noGrad;
    const auto pixels = torch::randn({1, 3, 24, 24});
    const auto before = model->encodeImage(pixels);
    const auto after = (*loaded)->encodeImage(pixels);
    // float16 storage: cosine stays within 1e-3 of 1.
    const double cosine = torch::cosine_similarity(before, after).item<double>();
    FS_CHECK(cosine > 0.999);

    auto wider = tinyConfig();
    wider.embedDim = 24;
    auto wrong = fm::loadMiniModel(path, wider);
    FS_REQUIRE(!wrong.ok());
    FS_CHECK_CONTAINS(wrong.error().message, "image_proj.weight");
    FS_CHECK_CONTAINS(wrong.error().message, "expected [24, 32]");

    auto json = tinyConfig().toJson();
    auto parsed = fm::MiniConfig::fromJson(json);
    FS_REQUIRE(parsed.ok());
    FS_CHECK_EQ(parsed->patchSize, int64_t(8));
    json["patch_size"] = 7;
    FS_CHECK(!fm::MiniConfig::fromJson(json).ok());
}

FS_TEST(mini_preprocess, speech_is_trimmed_and_normalised)
{
    // 0.5 s of silence, 0.6 s of a 440 Hz tone, 0.7 s of silence.
    std::vector<float> samples(size_t(1.8 * 16000), 0.f);
    for (size_t i = 8000; i < 8000 + 9600; ++i)
        samples[i] = 0.3f * float(std::sin(2 * M_PI * 440.0 * double(i) / 16000.0));
    const auto features = fm::miniAudioFeatures(samples, 1000);
    FS_CHECK_EQ(features.size(1), int64_t(80));
    // 60 tone frames plus the window overlap and 5 frames of margin on each side.
    FS_CHECK(features.size(0) >= 60 && features.size(0) <= 76);
    FS_CHECK(std::abs(features.mean().item<double>()) < 1e-4);
    FS_CHECK(std::abs(features.std(false).item<double>() - 1.0) < 1e-3);
    FS_CHECK_EQ(fm::miniAudioFeatures(samples, 20).size(0), int64_t(20));
    FS_CHECK_EQ(fm::miniAudioFeatures(std::vector<float>(16000, 0.f), 100).size(0) >= 1, true);
    FS_CHECK(!torch::isnan(fm::miniAudioFeatures(std::vector<float>(16000, 0.f), 100)).any().item<bool>());
}

FS_TEST(mini_model, fast_products_match_aten_with_gradients)
{
    torch::manual_seed(5);
    // Batched product: values and both gradients against torch::matmul.
    const auto a = torch::randn({6, 5, 7}, torch::requires_grad());
    const auto b = torch::randn({6, 7, 3}, torch::requires_grad());
    const auto fast = fscope::kernels::batchedMatmul(a, b);
    const auto upstream = torch::randn({6, 5, 3});
    const auto grads = torch::autograd::grad({fast}, {a, b}, {upstream});
    const auto aRef = a.detach().clone().requires_grad_(true), bRef = b.detach().clone().requires_grad_(true);
    const auto reference = torch::matmul(aRef, bRef);
    const auto refGrads = torch::autograd::grad({reference}, {aRef, bRef}, {upstream});
    FS_CHECK(maxDiff(fast, reference) < 1e-5);
    FS_CHECK(maxDiff(grads[0], refGrads[0]) < 1e-5);
    FS_CHECK(maxDiff(grads[1], refGrads[1]) < 1e-5);
    // A transposed (non-contiguous) operand, as attention passes k^T.
    const auto k = torch::randn({4, 9, 8});
    const auto q = torch::randn({4, 9, 8});
    FS_CHECK(maxDiff(fscope::kernels::batchedMatmul(q, k.transpose(1, 2)), torch::matmul(q, k.transpose(1, 2))) < 1e-5);

    // Linear through the convolution path: values and gradients against linear().
    const auto x = torch::randn({3, 11, 16}, torch::requires_grad());
    const auto w = torch::randn({24, 16}, torch::requires_grad());
    const auto bias = torch::randn({24}, torch::requires_grad());
    const auto y = fscope::kernels::fastLinear(x, w, bias);
    FS_CHECK(y.sizes() == torch::IntArrayRef({3, 11, 24}));
    const auto up = torch::randn({3, 11, 24});
    const auto g = torch::autograd::grad({y}, {x, w, bias}, {up});
    const auto xr = x.detach().clone().requires_grad_(true), wr = w.detach().clone().requires_grad_(true),
               br = bias.detach().clone().requires_grad_(true);
    const auto yr = torch::nn::functional::linear(xr, wr, br);
    const auto gr = torch::autograd::grad({yr}, {xr, wr, br}, {up});
    FS_CHECK(maxDiff(y, yr) < 1e-4);
    for (size_t i = 0; i < 3; ++i)
        FS_CHECK(maxDiff(g[i], gr[i]) < 1e-3);
}
