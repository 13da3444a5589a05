#include "api/question_sets.h"

#include "metrics/text_overlap.h"
#include "metrics/vqa.h"

#include <filesystem>
#include <fstream>

namespace fscope::api {

namespace {

// A string or an array of strings; nullopt-like false when neither.
bool stringList(const json::Value& value, std::vector<std::string>& out)
{
    out.clear();
    if (value.isString()) {
        out.push_back(value.asString());
        return true;
    }
    if (!value.isArray())
        return false;
    for (const auto& item : value.asArray()) {
        if (!item.isString())
            return false;
        out.push_back(item.asString());
    }
    return true;
}

} // namespace

Result<std::vector<VqaQuestion>> readVqaQuestions(const std::string& path, const std::vector<std::string>& defaultCandidates,
                                                  bool needCandidates, bool needReferences, bool allowSpoken)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open"};
    const auto base = std::filesystem::absolute(path).parent_path();
    std::vector<VqaQuestion> questions;
    size_t lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const std::string where = path + ": line " + std::to_string(lineNo) + ": ";
        auto doc = json::parse(line);
        if (!doc)
            return Error{where + doc.error().message};
        const json::Value* image = doc->isObject() ? doc->find("image") : nullptr;
        const json::Value* question = doc->isObject() ? doc->find("question") : nullptr;
        const json::Value* audio = doc->isObject() && !question ? doc->find("audio") : nullptr;
        if (audio && !allowSpoken)
            return Error{where + "spoken questions are not supported by this model; it reads text"};
        if (audio && (!image || !image->isString() || !audio->isString()))
            return Error{where + "expected {\"image\": path, \"audio\": path}"};
        if (!audio && (!image || !image->isString() || !question || !question->isString()))
            return Error{where + "expected {\"image\": path, \"question\": text}"};
        VqaQuestion q;
        q.image = (base / image->asString()).lexically_normal().string();
        if (audio)
            q.audio = (base / audio->asString()).lexically_normal().string();
        else
            q.question = question->asString();
        q.candidates = defaultCandidates;
        const std::pair<const char*, std::vector<std::string>*> lists[] = {
            {"answers", &q.candidates}, {"answer", &q.references}, {"references", &q.references}};
        for (const auto& [name, target] : lists)
            if (const json::Value* value = doc->find(name); value && !stringList(*value, *target))
                return Error{where + "'" + name + "' must be a string or an array of strings"};
        if (const json::Value* type = doc->find("type"); type && type->isString())
            q.type = type->asString();
        if (const json::Value* relational = doc->find("relational"); relational && relational->isBool())
            q.relational = relational->asBool();
        if (needCandidates && q.candidates.size() < 2)
            return Error{where + "needs at least two candidate answers (--answer A --answer B, or an "
                                 "'answers' array on the line)"};
        if (needReferences && q.references.empty())
            return Error{where + "needs the right answer (\"answer\" or \"references\") to be scored"};
        questions.push_back(std::move(q));
    }
    if (questions.empty())
        return Error{path + ": holds no questions"};
    return questions;
}

json::Value VqaScores::toJson() const
{
    json::Value v = json::Value::object();
    v["questions"] = int64_t(count);
    v["accuracy"] = accuracy;
    json::Value perType = json::Value::object();
    for (const auto& [type, value] : accuracyByType)
        perType[type] = value;
    v["per_type"] = perType;
    v["bleu4"] = bleu4;
    v["bleu1"] = bleu1;
    v["rouge_l"] = rougeL;
    return v;
}

VqaScores scoreVqaAnswers(const std::vector<std::string>& predicted, const std::vector<VqaQuestion>& questions)
{
    if (predicted.size() != questions.size())
        throw EngineError("scoreVqaAnswers: " + std::to_string(predicted.size()) + " answers for "
                          + std::to_string(questions.size()) + " questions");
    metrics::VqaAccumulator accuracy;
    std::vector<std::vector<std::string>> candidates;
    std::vector<std::vector<std::vector<std::string>>> references;
    double rouge = 0;
    for (size_t i = 0; i < questions.size(); ++i) {
        accuracy.add(predicted[i], questions[i].references, questions[i].type);
        candidates.push_back(metrics::tokenizeForOverlap(predicted[i]));
        std::vector<std::vector<std::string>> tokenized;
        for (const auto& r : questions[i].references)
            tokenized.push_back(metrics::tokenizeForOverlap(r));
        rouge += metrics::rougeL(candidates.back(), tokenized);
        references.push_back(std::move(tokenized));
    }
    const auto summary = accuracy.summary();
    VqaScores s;
    s.count = summary.count;
    s.accuracy = summary.accuracy;
    s.accuracyByType = summary.accuracyByType;
    s.countByType = summary.countByType;
    if (!questions.empty()) {
        s.bleu4 = metrics::corpusBleu(candidates, references).bleu;
        s.bleu1 = metrics::corpusBleu(candidates, references, 1).bleu;
        s.rougeL = rouge / double(questions.size());
    }
    return s;
}

} // namespace fscope::api
