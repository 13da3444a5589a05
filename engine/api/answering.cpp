#include "api/answering.h"

#include "io/audio.h"
#include "io/image.h"
#include "runtime/worker.h"
#include "tasks/shapes_answerer.h"
#include "tasks/shapes_speech.h"

#include <map>

namespace fscope::api {

namespace {

// Questions answered per pass of a shapes model: the same batches however the
// caller groups its questions, so answers never depend on the company they keep.
constexpr size_t kBatch = 64;

Answer fromShapes(tasks::ShapesAnswer shapes, int grid)
{
    Answer a;
    a.answer = std::move(shapes.answer);
    a.scores = std::move(shapes.scores);
    a.attention = std::move(shapes.attention);
    a.grid = a.attention.empty() ? 0 : grid;
    a.modalityWeights = std::move(shapes.modalityWeights);
    a.attentionGates = std::move(shapes.attentionGates);
    a.heard = std::move(shapes.heard);
    return a;
}

void reportOrStop(const AnsweringOptions& options, size_t done, size_t total)
{
    if (options.progress && !options.progress(done, total))
        throw runtime::JobCancelled();
}

} // namespace

struct Answerer::Impl {
    ModelRecord model;
    std::string resourceDir;
    std::unique_ptr<tasks::ShapesAnswerer> shapes; // FixedClasses
    std::shared_ptr<Explorer> explorer;            // CandidateAnswers

    Result<std::vector<Answer>> answerShapes(const std::vector<VqaQuestion>& questions, const AnsweringOptions& options)
    {
        if (!options.speechReader.empty())
            shapes->useSpeechReader(options.speechReader,
                                    options.speechMiniFolder.empty()
                                        ? tasks::ShapesSpeechReader::builtinMiniFolder(resourceDir)
                                        : options.speechMiniFolder);
        std::vector<Answer> out(questions.size());
        for (size_t start = 0; start < questions.size(); start += kBatch) {
            const size_t end = std::min(questions.size(), start + kBatch);
            // Each picture of the batch read once; typed and spoken questions answered apart.
            std::vector<io::ImageRgb8> images;
            std::map<std::string, size_t> imageIndex;
            std::vector<size_t> typed, spoken;
            std::vector<size_t> typedImage, spokenImage;
            std::vector<std::string> texts;
            std::vector<io::AudioClip> clips;
            for (size_t i = start; i < end; ++i) {
                const auto& q = questions[i];
                auto [at, added] = imageIndex.emplace(q.image, images.size());
                if (added) {
                    auto image = io::loadImage(q.image);
                    if (!image)
                        return image.error();
                    images.push_back(std::move(*image));
                }
                if (q.audio.empty()) {
                    typed.push_back(i);
                    typedImage.push_back(at->second);
                    texts.push_back(q.question);
                } else {
                    auto clip = io::loadAudio(q.audio);
                    if (!clip)
                        return clip.error();
                    if (clip->frames() == 0)
                        return Error{q.audio + ": a spoken question holds no sound"};
                    spoken.push_back(i);
                    spokenImage.push_back(at->second);
                    clips.push_back(std::move(*clip));
                }
            }
            if (!typed.empty()) {
                auto answered = shapes->answerMany(images, texts, typedImage);
                if (!answered)
                    return answered.error();
                for (size_t k = 0; k < typed.size(); ++k)
                    out[typed[k]] = fromShapes(std::move((*answered)[k]), shapes->grid());
            }
            if (!spoken.empty()) {
                auto answered = shapes->answerSpoken(images, clips, spokenImage);
                if (!answered) // the speech reader's error, naming its file
                    return answered.error();
                for (size_t k = 0; k < spoken.size(); ++k)
                    out[spoken[k]] = fromShapes(std::move((*answered)[k]), shapes->grid());
            }
            reportOrStop(options, end, questions.size());
        }
        return out;
    }

    Result<std::vector<Answer>> answerZeroShot(const std::vector<VqaQuestion>& questions, const AnsweringOptions& options)
    {
        const std::string templ = options.zeroShotTemplate.empty() ? defaultTemplate(model) : options.zeroShotTemplate;
        std::vector<Answer> out;
        try {
            for (size_t i = 0; i < questions.size(); ++i) {
                const auto& q = questions[i];
                if (!q.audio.empty())
                    return Error{q.audio + ": " + model.displayName + " does not hear spoken questions"};
                const auto probabilities = explorer->answerProbabilities(q.image, q.question, q.candidates, templ);
                Answer a;
                size_t best = 0;
                for (size_t k = 0; k < q.candidates.size(); ++k) {
                    a.scores.emplace_back(q.candidates[k], probabilities[k]);
                    if (probabilities[k] > probabilities[best])
                        best = k;
                }
                a.answer = q.candidates[best];
                out.push_back(std::move(a));
                reportOrStop(options, i + 1, questions.size());
            }
        } catch (const EngineError& e) {
            return Error{e.what()};
        }
        return out;
    }
};

Answerer::Answerer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Answerer::~Answerer() = default;

Result<std::unique_ptr<Answerer>> Answerer::open(const ModelRecord& model, const ModelCatalog& catalog,
                                                 const runtime::DeviceInfo& device)
{
    auto impl = std::make_unique<Impl>();
    impl->model = model;
    impl->resourceDir = catalog.resourceDir();
    switch (model.answers) {
    case AnswerStyle::FixedClasses: {
        auto shapes = tasks::ShapesAnswerer::open(model.weightsPath, catalog.resourceDir());
        if (!shapes)
            return shapes.error();
        impl->shapes = std::move(*shapes);
        break;
    }
    case AnswerStyle::CandidateAnswers: {
        auto explorer = Explorer::open(model.id, catalog.resourceDir(), device);
        if (!explorer)
            return explorer.error();
        impl->explorer = std::move(*explorer);
        break;
    }
    case AnswerStyle::GeneratedText:
    case AnswerStyle::None:
        return Error{model.displayName + " does not answer questions about pictures"};
    }
    return std::unique_ptr<Answerer>(new Answerer(std::move(impl)));
}

std::unique_ptr<Answerer> Answerer::zeroShot(std::shared_ptr<Explorer> explorer, ModelRecord model)
{
    auto impl = std::make_unique<Impl>();
    impl->model = std::move(model);
    impl->model.answers = AnswerStyle::CandidateAnswers;
    impl->explorer = std::move(explorer);
    return std::unique_ptr<Answerer>(new Answerer(std::move(impl)));
}

const ModelRecord& Answerer::model() const
{
    return m_impl->model;
}

bool Answerer::needsCandidates() const
{
    return m_impl->explorer != nullptr;
}

Result<std::vector<Answer>> Answerer::answer(const std::vector<VqaQuestion>& questions, const AnsweringOptions& options)
{
    if (m_impl->shapes)
        return m_impl->answerShapes(questions, options);
    return m_impl->answerZeroShot(questions, options);
}

std::string Answerer::defaultTemplate(const ModelRecord& model)
{
    return model.family == ModelFamily::Mini ? "{answer}" : "question: {question} answer: {answer}";
}

} // namespace fscope::api
