#include "cli/clip_helpers.h"
#include "cli/embedding_models.h"

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
        throw CommandError{"embed: give at least one --image FILE, --text STRING or --audio FILE"};
    const auto& audio = args.values("--audio");
    auto model = openEmbeddingModel(args, options, "embed");
    if (!audio.empty() && !model->hasAudio())
        model->audio(audio); // throws the model's "no audio encoder" message

    torch::Tensor imageEmbeds, audioEmbeds;
    std::vector<std::vector<int64_t>> ids;
    torch::Tensor textEmbeds;
    try {
        imageEmbeds = model->images(images);
        textEmbeds = model->texts(texts, &ids);
        audioEmbeds = audio.empty() ? torch::zeros({0, model->width()}) : model->audio(audio);
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }

    json::Value out = json::Value::object();
    out["image_embeds"] = rowsToJson(imageEmbeds);
    out["text_embeds"] = rowsToJson(textEmbeds);
    out["audio_embeds"] = rowsToJson(audioEmbeds);
    json::Value idsJson = json::Value::array();
    for (const auto& row : ids) {
        json::Value r = json::Value::array();
        for (const int64_t id : row)
            r.push(id);
        idsJson.push(std::move(r));
    }
    out["input_ids"] = idsJson;
    out["logit_scale"] = model->logitScaleParameter();
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
    std::cout << "model: " << model->source() << " (embedding width " << model->width() << ", logit scale exp("
              << model->logitScaleParameter() << "))\n";
    for (size_t i = 0; i < images.size(); ++i)
        std::cout << "image " << images[i] << ": " << preview(imageEmbeds[static_cast<int64_t>(i)]) << "\n";
    for (size_t i = 0; i < texts.size(); ++i)
        std::cout << "text \"" << texts[i] << "\" (" << ids[i].size()
                  << " tokens): " << preview(textEmbeds[static_cast<int64_t>(i)]) << "\n";
    for (size_t i = 0; i < audio.size(); ++i)
        std::cout << "audio " << audio[i] << ": " << preview(audioEmbeds[static_cast<int64_t>(i)]) << "\n";
    std::cout << "(--json prints the full vectors)\n";
    return 0;
}

} // namespace fscope::cli
