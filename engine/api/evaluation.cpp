#include "api/evaluation.h"

#include "data/collection.h"
#include "metrics/retrieval.h"
#include "runtime/worker.h"

#include <algorithm>
#include <filesystem>

namespace fscope::api {

namespace {

// One side of a direction: a modality, and for texts a language.
struct Side {
    ItemKind kind;
    std::string language;
    bool matches(const PairedItem& p) const
    {
        return p.item.kind == kind && (kind != ItemKind::Text || p.language == language);
    }
};

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

std::string RetrievalDirection::name() const
{
    std::string from = itemKindName(this->from);
    if (!fromLanguage.empty())
        from += " (" + fromLanguage + ")";
    return from + " -> " + itemKindName(to);
}

Result<std::vector<PairedItem>> readPairedItems(const std::string& collection, std::vector<std::string>* problems)
{
    auto loaded = data::loadCollection(collection);
    if (!loaded)
        return loaded.error();
    if (problems)
        *problems = loaded->problems;
    std::error_code ec;
    const bool manifest = std::filesystem::is_regular_file(collection, ec);
    std::vector<PairedItem> items;
    for (size_t line = 0; line < loaded->items.size(); ++line) {
        const auto& source = loaded->items[line];
        const std::string group = manifest ? "line " + std::to_string(line + 1) : std::string();
        auto add = [&](ItemKind kind, std::string content, std::string language = {}) {
            items.push_back({int(items.size()), {kind, std::move(content)}, group, std::move(language)});
        };
        if (!source.image.empty())
            add(ItemKind::Image, source.image);
        if (source.hasText)
            add(ItemKind::Text, trimmed(source.text));
        if (source.fields.isObject())
            for (const auto& [key, value] : source.fields.asObject())
                if (key.rfind("text_", 0) == 0 && value.isString() && !value.asString().empty())
                    add(ItemKind::Text, value.asString(), key.substr(5));
        if (!source.audio.empty())
            add(ItemKind::Audio, source.audio);
    }
    return items;
}

std::vector<RetrievalDirection> planRetrievalDirections(const std::vector<PairedItem>& items)
{
    // The sides present among paired items, in the order they first appear.
    std::vector<Side> sides;
    for (const auto& p : items) {
        if (p.group.empty())
            continue;
        const Side side{p.item.kind, p.item.kind == ItemKind::Text ? p.language : std::string()};
        if (std::none_of(sides.begin(), sides.end(),
                         [&](const Side& s) { return s.kind == side.kind && s.language == side.language; }))
            sides.push_back(side);
    }
    std::vector<RetrievalDirection> plans;
    for (const auto& from : sides)
        for (const auto& to : sides) {
            if (from.kind == to.kind || (to.kind == ItemKind::Text && !to.language.empty()))
                continue; // texts as targets: the untagged (usually English) ones
            RetrievalDirection plan;
            plan.from = from.kind;
            plan.fromLanguage = from.language;
            plan.to = to.kind;
            std::map<std::string, std::vector<size_t>> galleryOfGroup;
            for (const auto& p : items)
                if (to.matches(p)) {
                    if (!p.group.empty())
                        galleryOfGroup[p.group].push_back(plan.galleryIds.size());
                    plan.galleryIds.push_back(p.id);
                }
            for (const auto& p : items)
                if (from.matches(p) && galleryOfGroup.count(p.group)) {
                    plan.queryIds.push_back(p.id);
                    plan.relevant.push_back(galleryOfGroup[p.group]);
                }
            if (!plan.queryIds.empty())
                plans.push_back(std::move(plan));
        }
    return plans;
}

std::vector<RetrievalDirection> evaluateRetrieval(Explorer& explorer, const std::vector<PairedItem>& items,
                                                  const std::function<bool(int, int)>& progress)
{
    auto plans = planRetrievalDirections(items);
    if (plans.empty())
        return plans;
    std::vector<ExplorerItem> embedded;
    std::map<int, int> rowOfId;
    for (const auto& p : items) {
        rowOfId.emplace(p.id, int(embedded.size()));
        embedded.push_back(p.item);
    }
    const FloatGrid space = explorer.embed(embedded, progress);
    for (auto& plan : plans) {
        if (progress && !progress(space.rows, space.rows))
            throw runtime::JobCancelled();
        const size_t q = plan.queryIds.size(), g = plan.galleryIds.size();
        std::vector<float> scores(q * g);
        for (size_t i = 0; i < q; ++i) {
            const int a = rowOfId.at(plan.queryIds[i]);
            for (size_t j = 0; j < g; ++j) {
                const int b = rowOfId.at(plan.galleryIds[j]);
                double dot = 0;
                for (int k = 0; k < space.columns; ++k)
                    dot += double(space.at(a, k)) * space.at(b, k);
                scores[i * g + j] = float(dot);
            }
        }
        const auto stats = metrics::rankingStats(scores, q, g, plan.relevant);
        plan.ranks = stats.ranks;
        plan.recallAtK = stats.recallAtK;
        plan.medianRank = stats.medianRank;
        plan.meanRank = stats.meanRank;
        for (size_t i = 0; i < q; ++i) {
            std::vector<int> ids;
            for (const size_t j : metrics::topK(scores.data() + i * g, g, 10))
                ids.push_back(plan.galleryIds[j]);
            plan.bestIds.push_back(ids.front());
            plan.topIds.push_back(std::move(ids));
        }
    }
    return plans;
}

Result<QuestionSetEvaluation> evaluateQuestionSet(Answerer& answerer, const std::vector<VqaQuestion>& questions,
                                                  const AnsweringOptions& options)
{
    auto answered = answerer.answer(questions, options);
    if (!answered)
        return answered.error();
    QuestionSetEvaluation out;
    std::vector<std::string> predicted;
    for (const auto& a : *answered)
        predicted.push_back(a.answer);
    try {
        out.scores = scoreVqaAnswers(predicted, questions);
    } catch (const EngineError& e) {
        return Error{e.what()};
    }
    out.answers = std::move(*answered);
    return out;
}

} // namespace fscope::api
