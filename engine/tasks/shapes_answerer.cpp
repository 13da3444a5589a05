#include "tasks/shapes_answerer.h"

#include "data/shapes_world.h"
#include "models/shapes_vqa.h"
#include "tasks/shapes_speech.h"

#include <filesystem>

namespace fscope::tasks {

namespace {

// words [B, T, vocabulary] probabilities, mask [B, T]; question i is about images[imageOf[i]].
Result<std::vector<ShapesAnswer>> answerWords(models::ShapesVqaModelImpl& model, const std::string& path,
                                              const std::vector<io::ImageRgb8>& images, const torch::Tensor& words,
                                              const torch::Tensor& mask, const std::vector<size_t>& imageOf)
{
    torch::NoGradGuard noGrad;
    try {
        std::vector<torch::Tensor> pixels;
        for (const auto& image : images)
            pixels.push_back(models::shapesPixels(image));
        std::vector<int64_t> rows;
        for (size_t i = 0; i < imageOf.size(); ++i) {
            if (imageOf[i] >= images.size())
                return Error{"answerMany: question " + std::to_string(i) + " names a missing picture"};
            rows.push_back(int64_t(imageOf[i]));
        }
        const auto imageTokens = model.encodeImage(torch::stack(pixels)).index_select(0, torch::tensor(rows));
        const auto probs = torch::softmax(model.fuseWords(imageTokens, words, mask), -1);
        const auto seen = model.fusionModule()->inspect();
        torch::Tensor attention;
        if (!seen.attention.empty()) {
            const auto last = seen.attention.back().mean(1); // [B, Tq, grid^2]
            const auto m = mask.narrow(1, 0, last.size(1)).to(torch::kFloat).unsqueeze(-1);
            attention = (last * m).sum(1) / m.sum(1).clamp_min(1);
        }
        const auto& names = data::shapesAnswers();
        std::vector<ShapesAnswer> out(imageOf.size());
        const auto p = probs.accessor<float, 2>();
        for (size_t i = 0; i < imageOf.size(); ++i) {
            auto& a = out[i];
            int64_t best = 0;
            for (int64_t k = 0; k < probs.size(1); ++k) {
                a.scores.emplace_back(names[size_t(k)], p[int64_t(i)][k]);
                if (p[int64_t(i)][k] > p[int64_t(i)][best])
                    best = k;
            }
            a.answer = names[size_t(best)];
            if (attention.defined()) {
                const auto row = attention[int64_t(i)].contiguous();
                a.attention.assign(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
            }
            if (seen.modalityWeights.defined())
                for (int64_t k = 0; k < 2; ++k)
                    a.modalityWeights.push_back(seen.modalityWeights[k].item<double>());
            a.attentionGates = seen.attentionGates;
        }
        return out;
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
}

} // namespace

ShapesAnswerer::~ShapesAnswerer() = default;

Result<std::unique_ptr<ShapesAnswerer>> ShapesAnswerer::open(const std::string& path, const std::string& resourceDir)
{
    auto loaded = models::loadShapesVqaModel(path);
    if (!loaded)
        return loaded.error();
    std::unique_ptr<ShapesAnswerer> answerer(new ShapesAnswerer());
    answerer->m_model = loaded->ptr();
    answerer->m_path = path;
    answerer->m_readerPath = ShapesSpeechReader::builtinPath(resourceDir);
    answerer->m_miniFolder = ShapesSpeechReader::builtinMiniFolder(resourceDir);
    return answerer;
}

std::string ShapesAnswerer::strategy() const
{
    return fusion::strategyName(m_model->config().strategy);
}

int ShapesAnswerer::grid() const
{
    return int(m_model->config().grid);
}

Result<ShapesAnswer> ShapesAnswerer::answer(const io::ImageRgb8& image, const std::string& question)
{
    auto many = answerMany({image}, {question}, {0});
    if (!many)
        return many.error();
    return std::move(many->front());
}

Result<std::vector<ShapesAnswer>> ShapesAnswerer::answerMany(const std::vector<io::ImageRgb8>& images,
                                                             const std::vector<std::string>& questions,
                                                             const std::vector<size_t>& imageOf)
{
    if (questions.size() != imageOf.size())
        return Error{"answerMany: one picture index per question"};
    if (questions.empty())
        return std::vector<ShapesAnswer>{};
    std::vector<torch::Tensor> ids, masks;
    for (const auto& question : questions) {
        auto [id, mask] = models::encodeShapesQuestion(question, m_model->config().maxQuestionTokens);
        ids.push_back(id);
        masks.push_back(mask);
    }
    // One-hot words give exactly the typed question's embeddings.
    const auto words = torch::one_hot(torch::cat(ids), int64_t(models::shapesQuestionVocabulary().size())).to(torch::kFloat);
    return answerWords(*m_model, m_path, images, words, torch::cat(masks), imageOf);
}

void ShapesAnswerer::useSpeechReader(const std::string& readerPath, const std::string& miniFolder)
{
    m_readerPath = readerPath;
    m_miniFolder = miniFolder;
    m_speech.reset();
}

Result<std::vector<ShapesAnswer>> ShapesAnswerer::answerSpoken(const std::vector<io::ImageRgb8>& images,
                                                               const std::vector<io::AudioClip>& questions,
                                                               const std::vector<size_t>& imageOf)
{
    if (questions.size() != imageOf.size())
        return Error{"answerSpoken: one picture index per question"};
    if (questions.empty())
        return std::vector<ShapesAnswer>{};
    if (!m_speech) {
        auto opened = ShapesSpeechReader::open(m_miniFolder, m_readerPath);
        if (!opened)
            return opened.error();
        m_speech = std::move(*opened);
    }
    models::HeardWords heard;
    try {
        std::vector<std::vector<float>> mono;
        std::vector<int> rates;
        for (const auto& clip : questions) {
            if (clip.frames() == 0)
                return Error{"a spoken question holds no sound"};
            mono.push_back(clip.mono());
            rates.push_back(clip.sampleRate);
        }
        heard = m_speech->hear(mono, rates);
    } catch (const std::exception& e) {
        return Error{m_readerPath + ": " + e.what()};
    }
    auto answers = answerWords(*m_model, m_path, images, heard.probs, heard.mask, imageOf);
    if (!answers)
        return answers;
    const auto texts = models::heardText(heard);
    for (size_t i = 0; i < answers->size(); ++i)
        (*answers)[i].heard = texts[i];
    return answers;
}

} // namespace fscope::tasks
