#include "cli/vqa_helpers.h"

#include "cli/clip_helpers.h"
#include "io/image.h"
#include "tasks/explorer.h"
#include "tasks/shapes_answerer.h"

#include <filesystem>
#include <fstream>

namespace fscope::cli {

namespace {

std::vector<std::string> stringList(const json::Value& value, const std::string& where, const std::string& name)
{
    if (value.isString())
        return {value.asString()};
    if (!value.isArray())
        throw CommandError{where + "'" + name + "' must be a string or an array of strings"};
    std::vector<std::string> out;
    for (const auto& item : value.asArray()) {
        if (!item.isString())
            throw CommandError{where + "'" + name + "' must be a string or an array of strings"};
        out.push_back(item.asString());
    }
    return out;
}

std::vector<VqaPrediction> answerWithShapesModel(const std::string& model, const GlobalOptions& options,
                                                 const std::vector<VqaQuestion>& questions,
                                                 const std::function<void(size_t, const VqaPrediction&)>& onAnswer)
{
    auto answerer = tasks::ShapesAnswerer::open(model, resourceDir(options));
    if (!answerer)
        throw CommandError{answerer.error().message};
    std::vector<VqaPrediction> out;
    for (size_t i = 0; i < questions.size(); ++i) {
        const auto& q = questions[i];
        auto image = io::loadImage(q.image);
        if (!image)
            throw CommandError{image.error().message};
        auto a = (*answerer)->answer(*image, q.question);
        if (!a)
            throw CommandError{a.error().message};
        out.push_back({a->answer, a->scores});
        if (onAnswer)
            onAnswer(i, out.back());
    }
    return out;
}

std::vector<VqaPrediction> answerWithClip(const ParsedArgs& args, const GlobalOptions& options,
                                          const std::vector<VqaQuestion>& questions,
                                          const std::function<void(size_t, const VqaPrediction&)>& onAnswer)
{
    const std::string templ = args.value("--template", "question: {question} answer: {answer}");
    auto clip = openClipModel(args, options, "vqa");
    std::vector<VqaPrediction> out;
    try {
        for (size_t i = 0; i < questions.size(); ++i) {
            const auto& q = questions[i];
            std::vector<std::string> captions;
            for (const auto& answer : q.candidates)
                captions.push_back(tasks::fillQuestionTemplate(templ, q.question, answer));
            const torch::Tensor probs =
                torch::softmax(clip.logits(clip.embedImageFiles({q.image}), clip.embedTexts(captions)), -1)[0];
            VqaPrediction p;
            int64_t best = 0;
            for (size_t a = 0; a < q.candidates.size(); ++a) {
                p.scores.emplace_back(q.candidates[a], probs[int64_t(a)].item<double>());
                if (p.scores.back().second > p.scores[size_t(best)].second)
                    best = int64_t(a);
            }
            p.answer = q.candidates[size_t(best)];
            out.push_back(std::move(p));
            if (onAnswer)
                onAnswer(i, out.back());
        }
    } catch (const EngineError& e) {
        throw CommandError{e.what()};
    }
    return out;
}

} // namespace

bool isShapesModel(const std::string& model)
{
    if (model.rfind("builtin:shapes-", 0) == 0)
        return true;
    return std::filesystem::path(model).extension() == ".safetensors";
}

std::vector<VqaQuestion> readVqaQuestions(const std::string& path, const std::vector<std::string>& defaultCandidates,
                                          bool needCandidates, bool needReferences)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw CommandError{path + ": cannot open"};
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
            throw CommandError{where + doc.error().message};
        const json::Value* image = doc->isObject() ? doc->find("image") : nullptr;
        const json::Value* question = doc->isObject() ? doc->find("question") : nullptr;
        if (doc->isObject() && doc->find("audio") && !question)
            throw CommandError{where + "spoken questions are not supported by this model; it reads text"};
        if (!image || !image->isString() || !question || !question->isString())
            throw CommandError{where + "expected {\"image\": path, \"question\": text}"};
        VqaQuestion q;
        q.image = (base / image->asString()).lexically_normal().string();
        q.question = question->asString();
        q.candidates = defaultCandidates;
        if (const json::Value* answers = doc->find("answers"))
            q.candidates = stringList(*answers, where, "answers");
        if (const json::Value* answer = doc->find("answer"))
            q.references = stringList(*answer, where, "answer");
        if (const json::Value* references = doc->find("references"))
            q.references = stringList(*references, where, "references");
        if (const json::Value* type = doc->find("type"); type && type->isString())
            q.type = type->asString();
        if (needCandidates && q.candidates.size() < 2)
            throw CommandError{where + "needs at least two candidate answers (--answer A --answer B, or an "
                                       "'answers' array on the line)"};
        if (needReferences && q.references.empty())
            throw CommandError{where + "needs the right answer (\"answer\" or \"references\") to be scored"};
        questions.push_back(std::move(q));
    }
    if (questions.empty())
        throw CommandError{path + ": holds no questions"};
    return questions;
}

std::vector<VqaPrediction> answerVqaQuestions(const ParsedArgs& args, const GlobalOptions& options,
                                              const std::vector<VqaQuestion>& questions,
                                              const std::function<void(size_t, const VqaPrediction&)>& onAnswer)
{
    const std::string model = args.value("--model");
    if (isShapesModel(model))
        return answerWithShapesModel(model, options, questions, onAnswer);
    return answerWithClip(args, options, questions, onAnswer);
}

} // namespace fscope::cli
