#include "train/emoji_eval.h"

#include "data/emoji_pack.h"
#include "metrics/retrieval.h"
#include "train/emoji_dataset.h"

#include <filesystem>

namespace fscope::train {

namespace {

namespace fs = std::filesystem;
const std::vector<int> kKs = {1, 5, 10};

RetrievalFigures rank(const torch::Tensor& queries, const torch::Tensor& gallery,
                      const std::vector<std::vector<size_t>>& relevant)
{
    namespace F = torch::nn::functional;
    const auto q = F::normalize(queries.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
    const auto g = F::normalize(gallery.to(torch::kFloat), F::NormalizeFuncOptions().dim(1));
    const auto scores = torch::mm(q, g.t()).contiguous();
    std::vector<float> flat(scores.data_ptr<float>(), scores.data_ptr<float>() + scores.numel());
    const auto stats = metrics::rankingStats(flat, size_t(q.size(0)), size_t(g.size(0)), relevant, kKs);
    RetrievalFigures figures;
    figures.queries = stats.queries;
    figures.gallery = size_t(g.size(0));
    figures.recall = stats.recallAtK;
    figures.medianRank = stats.medianRank;
    return figures;
}

std::vector<std::vector<size_t>> identity(size_t n)
{
    std::vector<std::vector<size_t>> relevant(n);
    for (size_t i = 0; i < n; ++i)
        relevant[i] = {i};
    return relevant;
}

} // namespace

json::Value EmojiEvaluation::toJson() const
{
    json::Value out = json::Value::object();
    out["split"] = split.empty() ? json::Value("all") : json::Value(split);
    out["emoji"] = emoji;
    json::Value tasksJson = json::Value::object();
    for (const auto& [name, figures] : tasks) {
        json::Value t = json::Value::object();
        t["queries"] = figures.queries;
        t["gallery"] = figures.gallery;
        for (const auto& [k, value] : figures.recall)
            t["recall@" + std::to_string(k)] = value;
        t["median_rank"] = figures.medianRank;
        tasksJson[name] = std::move(t);
    }
    out["tasks"] = std::move(tasksJson);
    json::Value random = json::Value::object();
    for (const auto& [k, value] : randomRecall)
        random["recall@" + std::to_string(k)] = value;
    out["random_baseline"] = std::move(random);
    return out;
}

Result<EmojiEvaluation> evaluateEmojiRetrieval(tasks::MiniSession& session, const std::string& packDir, const std::string& split,
                                               const std::function<void(const std::string&)>& onStage)
{
    auto all = train::readEmojiManifest((fs::path(packDir) / "manifest.jsonl").string());
    if (!all)
        return all.error();
    std::vector<train::EmojiRecord> records;
    for (auto& r : *all)
        if (split.empty() || r.split == split)
            records.push_back(std::move(r));
    if (records.empty())
        return Error{"eval-retrieval: no emoji in split '" + split + "'"};
    const auto stage = [&](const std::string& s) {
        if (onStage)
            onStage(s);
    };

    EmojiEvaluation eval;
    eval.split = split;
    eval.emoji = records.size();
    try {
        stage("images");
        std::vector<std::string> imagePaths, en, zh;
        for (const auto& r : records) {
            imagePaths.push_back((fs::path(packDir) / r.image).string());
            en.push_back(r.text);
            zh.push_back(r.textZh);
        }
        const auto images = session.embedImageFiles(imagePaths);
        stage("texts");
        const auto enEmbeds = session.embedTexts(en);
        const auto zhEmbeds = session.embedTexts(zh);
        const auto relevant = identity(records.size());
        eval.tasks["text_en_to_image"] = rank(enEmbeds, images, relevant);
        eval.tasks["text_zh_to_image"] = rank(zhEmbeds, images, relevant);
        eval.tasks["image_to_text_en"] = rank(images, enEmbeds, relevant);
        eval.tasks["image_to_text_zh"] = rank(images, zhEmbeds, relevant);

        stage("speech");
        std::vector<std::string> clipPaths;
        std::vector<std::vector<size_t>> clipRelevant;
        for (size_t i = 0; i < records.size(); ++i)
            for (size_t a = 0; a < records[i].audio.size() && a < records[i].audioVoices.size(); ++a) {
                const auto* voice = data::findEmojiVoice(records[i].audioVoices[a]);
                if (voice && voice->heldOut) {
                    clipPaths.push_back((fs::path(packDir) / records[i].audio[a]).string());
                    clipRelevant.push_back({i});
                }
            }
        if (!clipPaths.empty())
            eval.tasks["speech_heldout_to_image"] = rank(session.embedAudioFiles(clipPaths), images, clipRelevant);
    } catch (const std::exception& e) {
        return Error{e.what()};
    }
    for (int k : kKs)
        eval.randomRecall[k] = std::min(1.0, double(k) / double(records.size()));
    return eval;
}

} // namespace fscope::train
