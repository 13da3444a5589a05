#include "cli/clip_helpers.h"
#include "cli/embedding_models.h"

#include "data/collection.h"
#include "data/embedding_cache.h"
#include "search/vector_index.h"

#include <iomanip>
#include <iostream>
#include <set>

namespace fscope::cli {

namespace {

struct Query {
    json::Value description; // {"text": ...} or {"image": ...}
    torch::Tensor embedding; // [E]
};

} // namespace

int runRetrieve(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"retrieve takes options only, got '" + args.positional.front() + "'"};
    const std::string collectionPath = args.value("--collection");
    if (collectionPath.empty())
        throw CommandError{"retrieve needs --collection FOLDER or MANIFEST (.jsonl, .csv, COCO .json)"};
    const std::string target = args.value("--target", "image");
    if (target != "image" && target != "text" && target != "audio")
        throw CommandError{"--target takes image, text or audio, got '" + target + "'"};
    const auto& queryTexts = args.values("--query-text");
    const auto& queryImages = args.values("--query-image");
    const auto& queryAudio = args.values("--query-audio");
    if (queryTexts.empty() && queryImages.empty() && queryAudio.empty())
        throw CommandError{"retrieve: give at least one --query-text STRING, --query-image FILE or --query-audio FILE"};
    const int k = intOption(args, "--k", 5, 1, 1000000);
    auto collection = data::loadCollection(collectionPath);
    if (!collection)
        throw CommandError{collection.error().message};
    // Skipped lines are reported and the rest is searched.
    for (const auto& problem : collection->problems)
        std::cerr << "fusionscope-cli: warning: " << problem << "\n";
    if (collection->skipped > collection->problems.size())
        std::cerr << "fusionscope-cli: warning: " << collection->skipped - collection->problems.size()
                  << " more lines skipped\n";

    auto model = openEmbeddingModel(args, options, "retrieve");
    if ((target == "audio" || !queryAudio.empty()) && !model->hasAudio())
        model->audio({}); // throws the model's "no audio encoder" message

    // The target items: one per distinct file (COCO lists an image once per caption), or every text.
    std::vector<const data::CollectionItem*> items;
    std::set<std::string> seenFiles;
    for (const auto& item : collection->items) {
        if (target == "image" && !item.image.empty() && seenFiles.insert(item.image).second)
            items.push_back(&item);
        else if (target == "audio" && !item.audio.empty() && seenFiles.insert(item.audio).second)
            items.push_back(&item);
        else if (target == "text" && item.hasText)
            items.push_back(&item);
    }
    if (items.empty())
        throw CommandError{collectionPath + ": holds no " + target + " items to rank"};

    // The collection's embeddings are cached on disk (keyed by content and model).
    const std::string cacheDir =
        args.hasFlag("--no-cache") ? std::string() : args.value("--cache", data::defaultEmbeddingCacheDir());
    torch::Tensor gallery;
    int reused = 0;
    try {
        std::vector<std::string> inputs;
        for (const auto* item : items)
            inputs.push_back(target == "image" ? item->image : target == "audio" ? item->audio : item->text);
        gallery = target == "image"   ? model->imagesCached(inputs, cacheDir, &reused)
                  : target == "audio" ? model->audioCached(inputs, cacheDir, &reused)
                                      : model->textsCached(inputs, cacheDir, &reused);
        std::vector<Query> queries;
        const auto addQueries = [&](const char* kind, const std::vector<std::string>& values, const torch::Tensor& embedded) {
            for (size_t i = 0; i < values.size(); ++i) {
                json::Value d = json::Value::object();
                d[kind] = values[i];
                queries.push_back({d, embedded[static_cast<int64_t>(i)]});
            }
        };
        if (!queryTexts.empty())
            addQueries("text", queryTexts, model->texts(queryTexts));
        if (!queryImages.empty())
            addQueries("image", queryImages, model->images(queryImages));
        if (!queryAudio.empty())
            addQueries("audio", queryAudio, model->audio(queryAudio));

        // Scores are cosine similarities in the joint space; the index keeps large
        // collections fast (int8 scan, exact re-rank of the best candidates).
        const torch::Tensor galleryUnit = normalizedRows(gallery).to(torch::kFloat).contiguous().cpu();
        const float* galleryData = galleryUnit.data_ptr<float>();
        const auto index = search::VectorIndex::build(
            std::vector<float>(galleryData, galleryData + galleryUnit.numel()), size_t(galleryUnit.size(1)));
        json::Value out = json::Value::object();
        json::Value list = json::Value::array();
        for (const auto& query : queries) {
            const torch::Tensor unit =
                normalizedRows(query.embedding.unsqueeze(0))[0].to(torch::kFloat).contiguous().cpu();
            json::Value results = json::Value::array();
            int rank = 0;
            for (const auto& hit : index.search(unit.data_ptr<float>(), size_t(k))) {
                json::Value result = json::Value::object();
                result["rank"] = ++rank;
                result["score"] = double(hit.score);
                result["item"] = items[hit.index]->fields;
                results.push(std::move(result));
            }
            json::Value entry = json::Value::object();
            entry["query"] = query.description;
            entry["results"] = results;
            list.push(std::move(entry));
        }
        out["queries"] = list;
        out["cached_items"] = reused;
        if (options.json) {
            std::cout << json::serialize(out) << "\n";
            return 0;
        }
        std::cout << "ranked " << items.size() << " " << target << " items (" << reused
                  << " embeddings reused from the cache)\n";
        for (const auto& entry : out["queries"].asArray()) {
            std::cout << "query " << json::serialize(*entry.find("query")) << "\n";
            for (const auto& result : entry.find("results")->asArray())
                std::cout << "  " << std::setw(3) << result.find("rank")->asInt() << ".  " << std::fixed
                          << std::setprecision(4) << result.find("score")->asDouble() << "  "
                          << json::serialize(*result.find("item")) << "\n";
        }
        return 0;
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }
}

int runClassify(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"classify takes options only, got '" + args.positional.front() + "'"};
    const auto& images = args.values("--image");
    const auto& labels = args.values("--label");
    if (images.empty() || labels.size() < 2)
        throw CommandError{"classify: give --image FILE and at least two --label NAME"};
    std::vector<std::string> templates = args.values("--template");
    if (templates.empty())
        templates = {"a photo of a {}."};
    const int k = intOption(args, "--k", static_cast<int>(labels.size()), 1, static_cast<int>(labels.size()));
    auto clip = openClipModel(args, options, "classify");
    try {
        // Prompt ensembling as in the CLIP paper: the mean of the normalised prompt
        // embeddings of each label, normalised again.
        std::vector<std::string> prompts;
        for (const auto& label : labels)
            for (const auto& templ : templates)
                prompts.push_back(tasks::fillTemplate(templ, label));
        const torch::Tensor promptEmbeds = normalizedRows(clip.embedTexts(prompts));
        const torch::Tensor classEmbeds = normalizedRows(
            promptEmbeds.reshape({static_cast<int64_t>(labels.size()), static_cast<int64_t>(templates.size()), -1})
                .mean(1));
        const torch::Tensor imageEmbeds = clip.embedImageFiles(images);
        const torch::Tensor logits = clip.logits(imageEmbeds, classEmbeds); // [images, labels]
        const torch::Tensor probs = torch::softmax(logits, -1);

        json::Value list = json::Value::array();
        for (size_t i = 0; i < images.size(); ++i) {
            const auto order = std::get<1>(probs[static_cast<int64_t>(i)].sort(-1, /*descending=*/true));
            json::Value ranked = json::Value::array();
            for (int64_t r = 0; r < k; ++r) {
                const int64_t c = order[r].item<int64_t>();
                json::Value entry = json::Value::object();
                entry["label"] = labels[static_cast<size_t>(c)];
                entry["probability"] = probs[static_cast<int64_t>(i)][c].item<double>();
                entry["logit"] = logits[static_cast<int64_t>(i)][c].item<double>();
                ranked.push(std::move(entry));
            }
            json::Value entry = json::Value::object();
            entry["image"] = images[i];
            entry["labels"] = ranked;
            list.push(std::move(entry));
        }
        json::Value out = json::Value::object();
        out["images"] = list;
        if (options.json) {
            std::cout << json::serialize(out) << "\n";
            return 0;
        }
        for (const auto& entry : list.asArray()) {
            std::cout << entry.find("image")->asString() << "\n";
            for (const auto& label : entry.find("labels")->asArray())
                std::cout << "  " << std::fixed << std::setprecision(1) << std::setw(5)
                          << 100 * label.find("probability")->asDouble() << "%  "
                          << label.find("label")->asString() << "\n";
        }
        return 0;
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }
}

} // namespace fscope::cli
