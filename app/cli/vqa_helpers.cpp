#include "cli/vqa_helpers.h"

#include "cli/clip_helpers.h"
#include "io/image.h"
#include "tasks/explorer.h"
#include "io/audio.h"
#include "tasks/shapes_answerer.h"
#include "tasks/shapes_speech.h"

#include <filesystem>

namespace fscope::cli {

namespace {

std::vector<VqaPrediction> answerWithShapesModel(const ParsedArgs& args, const GlobalOptions& options,
                                                 const std::vector<VqaQuestion>& questions,
                                                 const std::function<void(size_t, const VqaPrediction&)>& onAnswer)
{
    const std::string model = args.value("--model");
    auto answerer = tasks::ShapesAnswerer::open(model, resourceDir(options));
    if (!answerer)
        throw CommandError{answerer.error().message};
    if (!args.value("--speech-reader").empty())
        (*answerer)->useSpeechReader(args.value("--speech-reader"),
                                     args.value("--mini", tasks::ShapesSpeechReader::builtinMiniFolder(resourceDir(options))));
    std::vector<VqaPrediction> out;
    for (size_t i = 0; i < questions.size(); ++i) {
        const auto& q = questions[i];
        auto image = io::loadImage(q.image);
        if (!image)
            throw CommandError{image.error().message};
        Result<std::vector<tasks::ShapesAnswer>> a = std::vector<tasks::ShapesAnswer>{};
        if (q.audio.empty()) {
            a = (*answerer)->answerMany({*image}, {q.question}, {0});
        } else {
            auto clip = io::loadAudio(q.audio);
            if (!clip)
                throw CommandError{clip.error().message};
            a = (*answerer)->answerSpoken({*image}, {*clip}, {0});
        }
        if (!a)
            throw CommandError{q.audio.empty() ? a.error().message : q.audio + ": " + a.error().message};
        out.push_back({a->front().answer, a->front().scores, a->front().heard});
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
                                          bool needCandidates, bool needReferences, bool allowSpoken)
{
    auto questions = tasks::readVqaQuestions(path, defaultCandidates, needCandidates, needReferences, allowSpoken);
    if (!questions)
        throw CommandError{questions.error().message};
    return std::move(*questions);
}

std::vector<VqaPrediction> answerVqaQuestions(const ParsedArgs& args, const GlobalOptions& options,
                                              const std::vector<VqaQuestion>& questions,
                                              const std::function<void(size_t, const VqaPrediction&)>& onAnswer)
{
    const std::string model = args.value("--model");
    if (isShapesModel(model))
        return answerWithShapesModel(args, options, questions, onAnswer);
    return answerWithClip(args, options, questions, onAnswer);
}

} // namespace fscope::cli
