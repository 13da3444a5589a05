#include "cli/clip_helpers.h"

#include <iomanip>
#include <iostream>

namespace fscope::cli {

int runEmbed(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"embed takes options only, got '" + args.positional.front() + "'"};
    const auto& images = args.values("--image");
    const auto& texts = args.values("--text");
    if (images.empty() && texts.empty() && args.values("--audio").empty())
        throw CommandError{"embed: give at least one --image FILE or --text STRING"};
    auto clip = openClipModel(args, options, "embed");
    if (!args.values("--audio").empty())
        throw CommandError{"embed: " + clip.source() + " is a CLIP model (images and texts); it has no audio encoder"};

    torch::Tensor imageEmbeds;
    try {
        imageEmbeds = clip.embedImageFiles(images);
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }
    std::vector<std::vector<int64_t>> ids;
    const torch::Tensor textEmbeds = clip.embedTexts(texts, &ids);

    json::Value out = json::Value::object();
    out["image_embeds"] = rowsToJson(imageEmbeds);
    out["text_embeds"] = rowsToJson(textEmbeds);
    out["audio_embeds"] = json::Value::array();
    json::Value idsJson = json::Value::array();
    for (const auto& row : ids) {
        json::Value r = json::Value::array();
        for (const int64_t id : row)
            r.push(id);
        idsJson.push(std::move(r));
    }
    out["input_ids"] = idsJson;
    out["logit_scale"] = clip.logitScaleParameter();
    if (options.json) {
        std::cout << json::serialize(out) << "\n";
        return 0;
    }
    const auto preview = [](const torch::Tensor& row) {
        std::ostringstream text;
        text << std::fixed << std::setprecision(4) << "[";
        for (int64_t i = 0; i < std::min<int64_t>(4, row.size(0)); ++i)
            text << (i ? ", " : "") << row[i].item<double>();
        text << (row.size(0) > 4 ? ", ...]" : "]");
        return text.str();
    };
    std::cout << "model: " << clip.source() << " (embedding width " << clip.model()->config().embedDim
              << ", logit scale exp(" << clip.logitScaleParameter() << "))\n";
    for (size_t i = 0; i < images.size(); ++i)
        std::cout << "image " << images[i] << ": " << preview(imageEmbeds[static_cast<int64_t>(i)]) << "\n";
    for (size_t i = 0; i < texts.size(); ++i)
        std::cout << "text \"" << texts[i] << "\" (" << ids[i].size()
                  << " tokens): " << preview(textEmbeds[static_cast<int64_t>(i)]) << "\n";
    std::cout << "(--json prints the full vectors)\n";
    return 0;
}

} // namespace fscope::cli
