#include "cli/clip_helpers.h"

#include "api/explorer.h"

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
io::ImageRgb8 overlay(const io::ImageRgb8& crop, const api::FloatGrid& grid)
{
    const torch::Tensor map = torch::from_blob(const_cast<float*>(grid.values.data()), {grid.rows, grid.columns}).clone();
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

json::Value mapToJson(const api::FloatGrid& map)
{
    json::Value rows = json::Value::array();
    for (int r = 0; r < map.rows; ++r) {
        json::Value row = json::Value::array();
        for (int c = 0; c < map.columns; ++c)
            row.push(double(map.at(r, c)));
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
    const std::string audio = args.value("--audio");
    const std::string outDir = args.value("--out-dir");
    if (imagePath.empty() || text.empty() == audio.empty() || outDir.empty())
        throw CommandError{"explain needs --image FILE, --text STRING or --audio FILE, and --out-dir FOLDER"};
    auto image = io::loadImage(imagePath);
    if (!image)
        throw CommandError{image.error().message};
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        throw CommandError{outDir + ": cannot create the folder: " + ec.message()};

    // The same door and call as the app's Attention page.
    const auto model = describeModel(args, options, "explain");
    if (!model.embedsSpace())
        throw CommandError{model.id + " answers questions about pictures; explain takes a model that embeds ("
                           + model.description + "); the Questions page shows where it looks"};
    auto explorer = api::Explorer::open(args.value("--model"), resourceDir(options), requireDevice(options));
    if (!explorer)
        throw CommandError{explorer.error().message};
    api::PairExplanationData why;
    try {
        why = (*explorer)->explain(audio.empty() ? api::ExplorerItem{api::ItemKind::Text, text}
                                                 : api::ExplorerItem{api::ItemKind::Audio, audio},
                                   imagePath);
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }
    const int layers = why.layers;
    const int chosenLayer = intOption(args, "--layer", layers - 1, 0, layers - 1);

    const io::ImageRgb8 crop = io::centerCrop(io::resizeShortestSide(*image, kOverlaySize), kOverlaySize);
    const std::string base = (std::filesystem::path(outDir) / "").string();
    const auto& layerMap = why.unscaled.imageAttention[size_t(chosenLayer)];
    savePng(base + "relevancy.png", overlay(crop, why.unscaled.imageRelevancy));
    savePng(base + "rollout.png", overlay(crop, why.unscaled.imageRollout));
    savePng(base + "attention_layer" + std::to_string(chosenLayer) + ".png", overlay(crop, layerMap));

    json::Value out = json::Value::object();
    out["image"] = imagePath;
    if (audio.empty())
        out["text"] = text;
    else
        out["audio"] = audio;
    out["logit"] = why.logit;
    out["cosine"] = why.cosine;
    out["grid"] = why.grid;
    out["image_relevancy"] = mapToJson(why.unscaled.imageRelevancy);
    out["image_rollout"] = mapToJson(why.unscaled.imageRollout);
    out["image_attention_layer"] = chosenLayer;
    out["image_attention"] = mapToJson(layerMap);
    json::Value tokens = json::Value::array();
    for (size_t i = 0; i < why.queryTokens.size(); ++i) {
        json::Value token = json::Value::object();
        if (i < why.queryIds.size())
            token["id"] = why.queryIds[i];
        token["text"] = why.queryTokens[i];
        if (i < why.unscaled.queryRelevancy.size())
            token["relevancy"] = double(why.unscaled.queryRelevancy[i]);
        if (i < why.unscaled.queryRollout.size())
            token["rollout"] = double(why.unscaled.queryRollout[i]);
        if (i < why.unscaled.queryAttention.size())
            token["attention_last_layer"] = double(why.unscaled.queryAttention[i]);
        if (why.secondsPerToken > 0 && i > 0)
            token["start_seconds"] = double(i - 1) * why.secondsPerToken;
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
    // Text: the words between the start and end tokens; speech: every time step after the class token.
    const size_t first = 1, last = audio.empty() ? why.queryTokens.size() - 1 : why.queryTokens.size();
    for (size_t i = first; i < last && i < why.unscaled.queryRelevancy.size(); ++i)
        std::cout << "  " << why.queryTokens[i] << " " << why.unscaled.queryRelevancy[i];
    std::cout << "\n";
    return 0;
}

} // namespace fscope::cli
