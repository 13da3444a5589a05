#include "tasks/shapes_answerer.h"

#include "data/shapes_world.h"
#include "models/builtin.h"
#include "models/shapes_vqa.h"

#include <filesystem>

namespace fscope::tasks {

ShapesAnswerer::~ShapesAnswerer() = default;

Result<std::unique_ptr<ShapesAnswerer>> ShapesAnswerer::open(const std::string& model, const std::string& resourceDir)
{
    std::string path = model;
    if (models::isBuiltinName(model)) {
        path.clear();
        for (const auto& builtin : models::builtinModels(resourceDir)) {
            if (builtin.name != model)
                continue;
            if (builtin.name.rfind("builtin:shapes-", 0) != 0)
                return Error{model + " is not a shapes VQA model (builtin:shapes-early, late, xattn or gated)"};
            if (!builtin.installed)
                return Error{model + " is not installed: " + builtin.weightsPath + " is missing"};
            path = builtin.weightsPath;
        }
        if (path.empty())
            return Error{"unknown built-in model '" + model + "'"};
    }
    auto loaded = models::loadShapesVqaModel(path);
    if (!loaded)
        return loaded.error();
    std::unique_ptr<ShapesAnswerer> answerer(new ShapesAnswerer());
    answerer->m_model = loaded->ptr();
    answerer->m_path = path;
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
    torch::NoGradGuard noGrad;
    try {
        std::vector<torch::Tensor> pixels;
        for (const auto& image : images)
            pixels.push_back(models::shapesPixels(image));
        std::vector<torch::Tensor> ids, masks;
        std::vector<int64_t> rows;
        for (size_t i = 0; i < questions.size(); ++i) {
            if (imageOf[i] >= images.size())
                return Error{"answerMany: question " + std::to_string(i) + " names a missing picture"};
            auto [id, mask] = models::encodeShapesQuestion(questions[i], m_model->config().maxQuestionTokens);
            ids.push_back(id);
            masks.push_back(mask);
            rows.push_back(int64_t(imageOf[i]));
        }
        const auto mask = torch::cat(masks);
        const auto imageTokens = m_model->encodeImage(torch::stack(pixels)).index_select(0, torch::tensor(rows));
        const auto probs = torch::softmax(m_model->fuse(imageTokens, torch::cat(ids), mask), -1);
        const auto seen = m_model->fusionModule()->inspect();
        torch::Tensor attention;
        if (!seen.attention.empty()) {
            const auto last = seen.attention.back().mean(1); // [B, Tq, grid^2]
            const auto m = mask.narrow(1, 0, last.size(1)).to(torch::kFloat).unsqueeze(-1);
            attention = (last * m).sum(1) / m.sum(1).clamp_min(1);
        }
        const auto& names = data::shapesAnswers();
        std::vector<ShapesAnswer> out(questions.size());
        const auto p = probs.accessor<float, 2>();
        for (size_t i = 0; i < questions.size(); ++i) {
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
        return Error{m_path + ": " + e.what()};
    }
}

} // namespace fscope::tasks
