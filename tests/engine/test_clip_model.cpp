#include "check.h"
#include "temp_dir.h"

#include "io/safetensors.h"
#include "models/clip_arch.h"
#include "models/clip_loader.h"
#include "models/clip_model.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
namespace st = fscope::safetensors;
using fscope::models::ClipModel;

namespace {

std::string fixture(const std::string& rel)
{
    return (fs::path(fscope::check::requiredFixturesDir()) / "clip-tiny" / rel).string();
}

using fscope::check::TempDir;

using Named = std::vector<std::pair<std::string, torch::Tensor>>;

void removeTensor(Named& tensors, const std::string& name)
{
    tensors.erase(std::remove_if(tensors.begin(), tensors.end(), [&](const auto& t) { return t.first == name; }),
                  tensors.end());
}

// Copies the fixture's Hugging Face folder into `dir`, letting `edit` change the tensor list first.
void writeEditedCopy(const TempDir& dir, const std::function<void(Named&)>& edit)
{
    auto file = st::File::open(fixture("hf/model.safetensors"));
    FS_REQUIRE(file.ok());
    Named tensors;
    for (const auto& info : file->tensors())
        tensors.emplace_back(info.name, file->tensor(info.name));
    edit(tensors);
    FS_REQUIRE(st::write(dir.str() + "/model.safetensors", tensors).ok());
    fs::copy_file(fixture("hf/config.json"), dir.str() + "/config.json");
}

ClipModel loadFixture()
{
    auto model = fscope::models::loadHuggingFaceClip(fixture("hf"));
    if (!model.ok())
        std::fprintf(stderr, "load failed: %s\n", model.error().message.c_str());
    FS_REQUIRE(model.ok());
    return *model;
}

// Max |a - b| after checking that the shapes agree; prints it so runs show the margin.
double maxAbsDiff(const std::string& what, const torch::Tensor& got, const torch::Tensor& want)
{
    FS_REQUIRE(got.sizes() == want.sizes());
    const double diff = (got.to(torch::kDouble) - want.to(torch::kDouble)).abs().max().item<double>();
    std::printf("  %-20s max abs diff %.3g\n", what.c_str(), diff);
    return diff;
}

} // namespace

FS_TEST(clip_model, hf_config_inferred_from_shapes)
{
    ClipModel model = loadFixture();
    const auto& c = model->config();
    FS_CHECK_EQ(c.embedDim, 32);
    FS_CHECK_EQ(c.visionWidth, 128);
    FS_CHECK_EQ(c.visionLayers, 2);
    FS_CHECK_EQ(c.visionHeads, 2);
    FS_CHECK_EQ(c.visionPatchSize, 8);
    FS_CHECK_EQ(c.imageResolution, 32);
    FS_CHECK_EQ(c.visionMlpWidth, 512);
    FS_CHECK_EQ(c.textWidth, 128);
    FS_CHECK_EQ(c.textLayers, 2);
    FS_CHECK_EQ(c.textHeads, 2);
    FS_CHECK_EQ(c.textMlpWidth, 512);
    FS_CHECK_EQ(c.contextLength, 77);
    FS_CHECK_EQ(c.vocabSize, 49408);
    FS_CHECK(c.quickGelu);
    FS_CHECK_NEAR(c.layerNormEps, 1e-5, 1e-12);
    FS_CHECK_NEAR(std::exp(model->logitScale().item<double>()), 100.0, 1e-3);
}

FS_TEST(clip_model, parameter_names_mirror_openai)
{
    ClipModel model = loadFixture();
    const auto params = model->named_parameters();
    for (const char* name :
         {"visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding", "visual.ln_pre.weight",
          "visual.transformer.resblocks.1.attn.in_proj_weight", "visual.transformer.resblocks.1.attn.in_proj_bias",
          "visual.transformer.resblocks.0.attn.out_proj.weight", "visual.transformer.resblocks.0.mlp.c_fc.weight",
          "visual.transformer.resblocks.0.mlp.c_proj.bias", "visual.transformer.resblocks.0.ln_2.bias",
          "visual.ln_post.bias", "visual.proj", "transformer.resblocks.1.attn.in_proj_weight",
          "token_embedding.weight", "positional_embedding", "ln_final.weight", "text_projection", "logit_scale"})
        FS_CHECK(params.find(name) != nullptr);
    // OpenAI layouts: proj is [width, embed], in_proj packs q, k, v row-wise.
    FS_CHECK(params["visual.proj"].sizes().vec() == std::vector<int64_t>({128, 32}));
    FS_CHECK(params["visual.transformer.resblocks.1.attn.in_proj_weight"].sizes().vec()
             == std::vector<int64_t>({384, 128}));
    // Vision: conv1, class and positional embeddings, 2 norms x 2, proj (8); text: token and
    // positional embeddings, ln_final x 2, text_projection, logit_scale (6); 12 per block x 4.
    FS_CHECK_EQ(params.size(), size_t(8 + 6 + 4 * 12));
}

FS_TEST(clip_model, golden_embeddings_and_logits)
{
    ClipModel model = loadFixture();
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    c10::InferenceMode guard;
    const torch::Tensor image = model->encodeImage(golden->tensor("pixel_values"));
    const torch::Tensor text = model->encodeText(golden->tensor("input_ids"));
    FS_CHECK(maxAbsDiff("image_embeds", image, golden->tensor("image_embeds")) < 1e-4);
    FS_CHECK(maxAbsDiff("text_embeds", text, golden->tensor("text_embeds")) < 1e-4);
    FS_CHECK(maxAbsDiff("logits_per_image", model->logitsPerImage(image, text), golden->tensor("logits_per_image"))
             < 1e-4);
}

FS_TEST(clip_model, golden_attention_probabilities)
{
    ClipModel model = loadFixture();
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    c10::InferenceMode guard;
    std::vector<torch::Tensor> visionAttn, textAttn;
    const torch::Tensor image = model->encodeImage(golden->tensor("pixel_values"), &visionAttn);
    const torch::Tensor text = model->encodeText(golden->tensor("input_ids"), &textAttn);
    FS_REQUIRE(visionAttn.size() == 2);
    FS_REQUIRE(textAttn.size() == 2);
    for (int layer = 0; layer < 2; ++layer) {
        const std::string v = "vision_attn_probs." + std::to_string(layer);
        const std::string t = "text_attn_probs." + std::to_string(layer);
        FS_CHECK(maxAbsDiff(v, visionAttn[layer], golden->tensor(v)) < 1e-4);
        FS_CHECK(maxAbsDiff(t, textAttn[layer], golden->tensor(t)) < 1e-4);
        // Causal rows: nothing above the diagonal, every row a distribution.
        FS_CHECK_EQ(textAttn[layer].triu(1).abs().max().item<float>(), 0.0f);
        FS_CHECK(textAttn[layer].sum(-1).sub(1).abs().max().item<float>() < 1e-5);
    }
    // Recording attention must not change the features.
    FS_CHECK(maxAbsDiff("image (recording)", image, golden->tensor("image_embeds")) < 1e-4);
    FS_CHECK(maxAbsDiff("text (recording)", text, golden->tensor("text_embeds")) < 1e-4);
}

FS_TEST(clip_model, shorter_text_rows_match_padded_ones)
{
    // Causal attention: truncating the zero padding after the last end token leaves the features unchanged.
    ClipModel model = loadFixture();
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    c10::InferenceMode guard;
    const torch::Tensor ids = golden->tensor("input_ids");
    const int64_t longest = ids.argmax(-1).max().item<int64_t>() + 1;
    const torch::Tensor full = model->encodeText(ids);
    const torch::Tensor shorter = model->encodeText(ids.slice(1, 0, longest));
    FS_CHECK(maxAbsDiff("truncated text", shorter, full) < 1e-5);
}

FS_TEST(clip_model, packed_inference_path_matches_autograd_path)
{
    // Inference runs oneDNN products with packed weights, a QuickGELU loop, the class
    // token alone in the last image layer and texts cut after their end token; with
    // gradients recorded every one of those falls back to plain LibTorch operations.
    ClipModel model = loadFixture();
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    const torch::Tensor pixels = golden->tensor("pixel_values");
    const torch::Tensor ids = golden->tensor("input_ids");
    torch::Tensor fastImage, fastText;
    {
        c10::InferenceMode guard;
        fastImage = model->encodeImage(pixels);
        fastText = model->encodeText(ids);
    }
    const torch::Tensor slowImage = model->encodeImage(pixels);
    const torch::Tensor slowText = model->encodeText(ids);
    FS_CHECK(slowImage.requires_grad());
    FS_CHECK(maxAbsDiff("image fast vs autograd", fastImage, slowImage.detach()) < 1e-5);
    FS_CHECK(maxAbsDiff("text fast vs autograd", fastText, slowText.detach()) < 1e-5);
    // A model built inside InferenceMode (inference-tensor weights) takes the same path.
    c10::InferenceMode guard;
    ClipModel inner(model->config());
    FS_CHECK(inner->encodeImage(pixels).sizes() == fastImage.sizes());
}

FS_TEST(clip_model, bad_inputs_throw)
{
    ClipModel model = loadFixture();
    c10::InferenceMode guard;
    FS_CHECK_THROWS(model->encodeImage(torch::zeros({1, 3, 48, 48})));
    FS_CHECK_THROWS(model->encodeImage(torch::zeros({3, 32, 32})));
    FS_CHECK_THROWS(model->encodeText(torch::zeros({1, 78}, torch::kLong)));
    FS_CHECK_THROWS(model->encodeText(torch::zeros({77}, torch::kLong)));
}

FS_TEST(clip_model, missing_tensor_named_with_expected_shape)
{
    TempDir dir;
    writeEditedCopy(dir, [](Named& tensors) {
        removeTensor(tensors, "text_model.encoder.layers.1.self_attn.k_proj.bias");
    });
    auto model = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!model.ok());
    FS_CHECK_CONTAINS(model.error().message, "model.safetensors");
    FS_CHECK_CONTAINS(model.error().message, "1 problem with the CLIP weights");
    FS_CHECK_CONTAINS(model.error().message,
                      "missing 'text_model.encoder.layers.1.self_attn.k_proj.bias' (expected [128])");
}

FS_TEST(clip_model, misshaped_and_unexpected_tensors_listed_together)
{
    TempDir dir;
    writeEditedCopy(dir, [](Named& tensors) {
        for (auto& [name, tensor] : tensors) {
            if (name == "vision_model.encoder.layers.1.mlp.fc2.weight")
                tensor = torch::zeros({128, 256});
        }
        tensors.emplace_back("vision_model.extra.weight", torch::zeros({4}));
    });
    auto model = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!model.ok());
    FS_CHECK_CONTAINS(model.error().message, "2 problems");
    FS_CHECK_CONTAINS(model.error().message,
                      "'vision_model.encoder.layers.1.mlp.fc2.weight' has shape [128, 256], expected [128, 512]");
    FS_CHECK_CONTAINS(model.error().message, "unexpected 'vision_model.extra.weight' [4]");
}

FS_TEST(clip_model, position_ids_buffers_ignored)
{
    TempDir dir;
    writeEditedCopy(dir, [](Named& tensors) {
        tensors.emplace_back("vision_model.embeddings.position_ids", torch::arange(17).unsqueeze(0));
        tensors.emplace_back("text_model.embeddings.position_ids", torch::arange(77).unsqueeze(0));
    });
    auto model = fscope::models::loadHuggingFaceClip(dir.str());
    if (!model.ok())
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
    FS_CHECK(model.ok());
}

FS_TEST(clip_model, missing_folder_or_files_explained)
{
    auto none = fscope::models::loadHuggingFaceClip("/nonexistent/clip-folder");
    FS_REQUIRE(!none.ok());
    FS_CHECK_CONTAINS(none.error().message, "/nonexistent/clip-folder: no such folder");

    TempDir dir;
    auto noConfig = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!noConfig.ok());
    FS_CHECK_CONTAINS(noConfig.error().message, "config.json: missing");

    fs::copy_file(fixture("hf/config.json"), dir.str() + "/config.json");
    auto noWeights = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!noWeights.ok());
    FS_CHECK_CONTAINS(noWeights.error().message, "model.safetensors: missing");
}

FS_TEST(clip_model, missing_key_tensor_stops_inference_with_its_name)
{
    TempDir dir;
    writeEditedCopy(dir, [](Named& tensors) {
        removeTensor(tensors, "visual_projection.weight");
    });
    auto model = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!model.ok());
    FS_CHECK_CONTAINS(model.error().message, "'visual_projection.weight' is missing");
}

FS_TEST(clip_model, openai_archive_matches_hugging_face_weights)
{
    auto openai = fscope::models::loadOpenAiClip(fixture("openai-jit.pt"));
    if (!openai.ok())
        std::fprintf(stderr, "load failed: %s\n", openai.error().message.c_str());
    FS_REQUIRE(openai.ok());
    ClipModel hf = loadFixture();
    const auto& c = (*openai)->config();
    FS_CHECK_EQ(c.embedDim, 32);
    FS_CHECK_EQ(c.visionWidth, 128);
    FS_CHECK_EQ(c.visionLayers, 2);
    FS_CHECK_EQ(c.visionHeads, 2);
    FS_CHECK_EQ(c.visionPatchSize, 8);
    FS_CHECK_EQ(c.imageResolution, 32);
    FS_CHECK_EQ(c.textLayers, 2);
    FS_CHECK_EQ(c.textHeads, 2);
    FS_CHECK_EQ(c.contextLength, 77);
    // Same names and shapes; values agree up to the float16 storage of the matrices
    // (relative rounding <= 2^-11, absolute <= 2^-25 for float16 subnormals).
    const auto hfParams = hf->named_parameters();
    const auto openaiParams = (*openai)->named_parameters();
    FS_REQUIRE(hfParams.size() == openaiParams.size());
    double worst = 0;
    for (const auto& p : openaiParams) {
        const torch::Tensor* other = hfParams.find(p.key());
        FS_REQUIRE(other != nullptr);
        FS_REQUIRE(other->sizes() == p.value().sizes());
        const torch::Tensor excess = (*other - p.value()).abs() - (other->abs() * 4.9e-4 + 6e-8);
        worst = std::max(worst, excess.max().item<double>());
        if (excess.max().item<double>() > 0)
            std::fprintf(stderr, "%s differs beyond float16 rounding\n", p.key().c_str());
    }
    FS_CHECK(worst <= 0);
}

FS_TEST(clip_model, openai_archive_golden)
{
    auto model = fscope::models::loadOpenAiClip(fixture("openai-jit.pt"));
    FS_REQUIRE(model.ok());
    auto golden = st::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    c10::InferenceMode guard;
    std::vector<torch::Tensor> visionAttn, textAttn;
    const torch::Tensor image = (*model)->encodeImage(golden->tensor("pixel_values"), &visionAttn);
    const torch::Tensor text = (*model)->encodeText(golden->tensor("input_ids"), &textAttn);
    // The golden outputs come from the float32 weights; the archive stores matrices in
    // float16, so compare directions and allow the rounding's effect on the rest.
    auto minCosine = [](const torch::Tensor& a, const torch::Tensor& b) {
        return torch::cosine_similarity(a, b, -1).min().item<double>();
    };
    const double imageCos = minCosine(image, golden->tensor("image_embeds"));
    const double textCos = minCosine(text, golden->tensor("text_embeds"));
    std::printf("  openai image cosine %.8f, text cosine %.8f\n", imageCos, textCos);
    FS_CHECK(imageCos > 0.99999);
    FS_CHECK(textCos > 0.99999);
    FS_CHECK(maxAbsDiff("openai logits", (*model)->logitsPerImage(image, text), golden->tensor("logits_per_image"))
             < 0.05);
    FS_REQUIRE(visionAttn.size() == 2 && textAttn.size() == 2);
    for (int layer = 0; layer < 2; ++layer) {
        const std::string v = "vision_attn_probs." + std::to_string(layer);
        const std::string t = "text_attn_probs." + std::to_string(layer);
        FS_CHECK(maxAbsDiff("openai " + v, visionAttn[layer], golden->tensor(v)) < 1e-3);
        FS_CHECK(maxAbsDiff("openai " + t, textAttn[layer], golden->tensor(t)) < 1e-3);
    }
}

FS_TEST(clip_model, openai_bad_files_explained)
{
    auto none = fscope::models::loadOpenAiClip("/nonexistent/ViT-B-32.pt");
    FS_REQUIRE(!none.ok());
    FS_CHECK_CONTAINS(none.error().message, "/nonexistent/ViT-B-32.pt: no such file");

    // A safetensors file is not a TorchScript archive.
    auto wrong = fscope::models::loadOpenAiClip(fixture("golden.safetensors"));
    FS_REQUIRE(!wrong.ok());
    FS_CHECK_CONTAINS(wrong.error().message, "golden.safetensors: not a TorchScript archive");
}

FS_TEST(clip_model, missing_last_layer_reported_not_truncated)
{
    TempDir dir;
    writeEditedCopy(dir, [](Named& tensors) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& t) {
                                         return t.first.rfind("vision_model.encoder.layers.1.", 0) == 0;
                                     }),
                      tensors.end());
    });
    auto model = fscope::models::loadHuggingFaceClip(dir.str());
    FS_REQUIRE(!model.ok());
    FS_CHECK_CONTAINS(model.error().message, "16 problems");
    FS_CHECK_CONTAINS(model.error().message, "missing 'vision_model.encoder.layers.1.self_attn.q_proj.weight'");
    FS_CHECK_CONTAINS(model.error().message, "and 4 more");
}

FS_TEST(clip_model, named_architectures_have_the_published_sizes)
{
    // Parameter counts of the released OpenAI checkpoints (sum of numel over the state dict's
    // parameters). ViT-L/14 (427,616,513) differs from L/14@336px only in its position table.
    const std::pair<const char*, int64_t> known[] = {
        {"ViT-B/32", 151277313}, {"ViT-B/16", 149620737}, {"ViT-L/14@336px", 427944193}};
    for (const auto& [name, count] : known) {
        auto config = fscope::models::clipArchitecture(name);
        FS_REQUIRE(config.ok());
        ClipModel model(*config);
        int64_t total = 0;
        for (const auto& p : model->parameters())
            total += p.numel();
        std::printf("  %-15s %lld parameters\n", name, static_cast<long long>(total));
        FS_CHECK_EQ(total, count);
        FS_CHECK(fscope::models::clipArchitectureName(*config) == name);
        if (std::string(name) == "ViT-B/16") {
            // 14 x 14 patches + class token; the text tower at its full context.
            c10::InferenceMode guard;
            std::vector<torch::Tensor> attention;
            const auto image = model->encodeImage(torch::randn({1, 3, 224, 224}), &attention);
            FS_CHECK(image.sizes() == torch::IntArrayRef({1, 512}));
            FS_CHECK(attention.size() == 12 && attention[0].sizes() == torch::IntArrayRef({1, 12, 197, 197}));
        }
    }
    FS_CHECK(!fscope::models::clipArchitecture("ViT-H/14").ok());
}
