#include "cli/clip_helpers.h"

#include "explain/clip_explain.h"
#include "io/image.h"
#include "io/image_preprocess.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace fscope::cli {

namespace {

constexpr int kOverlaySize = 448;

// Black -> red -> yellow -> white: a heat ramp for a map value in [0, 1].
std::array<float, 3> heat(float v)
{
    const float r = std::clamp(3.f * v, 0.f, 1.f);
    const float g = std::clamp(3.f * v - 1.f, 0.f, 1.f);
    const float b = std::clamp(3.f * v - 2.f, 0.f, 1.f);
    return {255.f * r, 255.f * g, 255.f * b};
}

// The model's view of the image (the center crop) at overlay size, tinted by `map` [g, g].
io::ImageRgb8 overlay(const io::ImageRgb8& crop, const torch::Tensor& map)
{
    const torch::Tensor up = explain::upsampleMap(map, kOverlaySize).contiguous();
    const float* m = up.data_ptr<float>();
    io::ImageRgb8 out = crop;
    for (int i = 0; i < kOverlaySize * kOverlaySize; ++i) {
        const auto color = heat(m[i]);
        const float alpha = 0.25f + 0.5f * m[i];
        for (int c = 0; c < 3; ++c) {
            const float dim = 0.35f + 0.65f * m[i]; // irrelevant regions fade
            const float v = (1 - alpha) * dim * crop.pixels[3 * i + c] + alpha * color[c];
            out.pixels[3 * i + c] = static_cast<uint8_t>(std::clamp(v + 0.5f, 0.f, 255.f));
        }
    }
    return out;
}

json::Value mapToJson(const torch::Tensor& map)
{
    json::Value rows = json::Value::array();
    const torch::Tensor m = map.to(torch::kDouble).contiguous();
    for (int64_t r = 0; r < m.size(0); ++r) {
        json::Value row = json::Value::array();
        for (int64_t c = 0; c < m.size(1); ++c)
            row.push(m[r][c].item<double>());
        rows.push(std::move(row));
    }
    return rows;
}

void savePng(const std::string& path, const io::ImageRgb8& image)
{
    auto saved = io::saveImagePng(path, image);
    if (!saved)
        throw CommandError{saved.error().message};
}

} // namespace

int runExplain(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"explain takes options only, got '" + args.positional.front() + "'"};
    const std::string imagePath = args.value("--image");
    const std::string text = args.value("--text");
    const std::string outDir = args.value("--out-dir");
    if (imagePath.empty() || text.empty() || outDir.empty())
        throw CommandError{"explain needs --image FILE --text STRING --out-dir FOLDER"};
    auto image = io::loadImage(imagePath);
    if (!image)
        throw CommandError{image.error().message};
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        throw CommandError{outDir + ": cannot create the folder: " + ec.message()};

    auto clip = openClipModel(args, options, "explain");
    const int layers = static_cast<int>(clip.model()->config().visionLayers);
    const int chosenLayer = intOption(args, "--layer", layers - 1, 0, layers - 1);
    const std::vector<int64_t> ids = clip.tokenizer().encodeWithSpecial(text, clip.model()->config().contextLength);
    explain::ClipPairExplanation why;
    try {
        why = explain::explainClipPair(clip.model(), clip.pixels(*image), ids);
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }

    const io::ImageRgb8 crop = io::centerCrop(io::resizeShortestSide(*image, kOverlaySize), kOverlaySize);
    const std::string base = (std::filesystem::path(outDir) / "").string();
    const torch::Tensor layerMap = explain::imageAttentionMap(why, chosenLayer, -1);
    savePng(base + "relevancy.png", overlay(crop, why.imageRelevancy));
    savePng(base + "rollout.png", overlay(crop, why.imageRollout));
    savePng(base + "attention_layer" + std::to_string(chosenLayer) + ".png", overlay(crop, layerMap));

    json::Value out = json::Value::object();
    out["image"] = imagePath;
    out["text"] = text;
    out["logit"] = why.logit;
    out["cosine"] = why.cosine;
    out["grid"] = why.grid;
    out["image_relevancy"] = mapToJson(why.imageRelevancy);
    out["image_rollout"] = mapToJson(why.imageRollout);
    out["image_attention_layer"] = chosenLayer;
    out["image_attention"] = mapToJson(layerMap);
    const auto pieces = clip.tokenizer().tokenStrings(ids);
    const torch::Tensor textAttention = explain::textAttentionMap(why, static_cast<int64_t>(why.textAttention.size()) - 1, -1);
    json::Value tokens = json::Value::array();
    for (size_t i = 0; i < ids.size(); ++i) {
        json::Value token = json::Value::object();
        token["id"] = ids[i];
        token["text"] = pieces[i];
        token["relevancy"] = why.textRelevancy[static_cast<int64_t>(i)].item<double>();
        token["rollout"] = why.textRollout[static_cast<int64_t>(i)].item<double>();
        token["attention_last_layer"] = textAttention[static_cast<int64_t>(i)].item<double>();
        tokens.push(std::move(token));
    }
    out["tokens"] = tokens;
    writeFileAtomically(base + "explanation.json", json::serialize(out, 2) + "\n");
    if (options.json) {
        std::cout << json::serialize(out) << "\n";
        return 0;
    }
    std::cout << "logit " << why.logit << " (cosine " << why.cosine << ")\n"
              << "wrote " << base << "relevancy.png, rollout.png, attention_layer" << chosenLayer
              << ".png and explanation.json\n"
              << "token relevancy:";
    for (size_t i = 1; i + 1 < ids.size(); ++i)
        std::cout << "  " << pieces[i] << " " << why.textRelevancy[static_cast<int64_t>(i)].item<double>();
    std::cout << "\n";
    return 0;
}

} // namespace fscope::cli
