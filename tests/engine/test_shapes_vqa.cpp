// The shapes VQA models: the question vocabulary covers every template, the
// pixels and shapes are right, padding does not change an answer, and each of
// the four fusion strategies can learn real shapes questions (it fits 48 of
// them from 8 scenes).
#include "check.h"

#include "data/shapes_world.h"
#include "models/shapes_vqa.h"

#include <torch/torch.h>

namespace fd = fscope::data;
namespace fm = fscope::models;
using fscope::fusion::Strategy;

namespace {

struct Batch {
    torch::Tensor pixels, ids, mask, answers;
};

Batch realQuestions(int scenes, int perScene, uint64_t seed)
{
    fd::ShapesRng rng(seed);
    std::vector<torch::Tensor> pixels, ids, masks;
    std::vector<int64_t> answers;
    const auto& valid = fd::shapesAnswers();
    for (int s = 0; s < scenes; ++s) {
        const auto scene = fd::randomScene(rng);
        const auto image = fm::shapesPixels(fd::renderScene(scene));
        auto questions = fd::questionsFor(scene, rng);
        for (int q = 0; q < perScene; ++q) {
            const auto& question = questions[size_t(q * 20 / perScene)]; // both kinds
            auto [id, mask] = fm::encodeShapesQuestion(question.text, 16);
            pixels.push_back(image);
            ids.push_back(id);
            masks.push_back(mask);
            answers.push_back(int64_t(std::find(valid.begin(), valid.end(), question.answer) - valid.begin()));
        }
    }
    return {torch::stack(pixels), torch::cat(ids), torch::cat(masks), torch::tensor(answers)};
}

double fitAccuracy(Strategy strategy)
{
    torch::manual_seed(7);
    fm::ShapesVqaConfig config;
    config.strategy = strategy;
    fm::ShapesVqaModel model(config);
    const auto batch = realQuestions(8, 6, 11);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(2e-3));
    double accuracy = 0;
    for (int step = 0; step < 400 && accuracy < 1.0; ++step) {
        optimizer.zero_grad();
        const auto logits = model->forward(batch.pixels, batch.ids, batch.mask);
        torch::nn::functional::cross_entropy(logits, batch.answers).backward();
        optimizer.step();
        accuracy = logits.argmax(1).eq(batch.answers).to(torch::kDouble).mean().item<double>();
    }
    return accuracy;
}

} // namespace

FS_TEST(shapes_vqa, the_vocabulary_covers_every_question)
{
    for (int type = 0; type < fd::kShapesQuestionTypes; ++type)
        for (int colour = 0; colour < fd::kShapesColours; ++colour) {
            const auto text = fd::shapesQuestionText(fd::ShapesQuestionType(type), colour);
            auto [ids, mask] = fm::encodeShapesQuestion(text, 16);
            FS_CHECK(mask.sum().item<int64_t>() >= 6);
            FS_CHECK((ids.masked_select(mask) > 1).all().item<bool>()); // no [UNK]
        }
    auto [ids, mask] = fm::encodeShapesQuestion("What is the shape of the purple object?", 16);
    FS_CHECK_EQ(ids[0][6].item<int64_t>(), 1); // "purple" is unknown
}

FS_TEST(shapes_vqa, pixels_and_output_shapes)
{
    fd::ShapesScene scene;
    const auto pixels = fm::shapesPixels(fd::renderScene(scene)); // empty: all white
    FS_CHECK(pixels.sizes() == torch::IntArrayRef({3, 75, 75}));
    FS_CHECK(pixels.min().item<float>() == 1.0f);
    for (auto strategy : {Strategy::Early, Strategy::Late, Strategy::CrossAttention, Strategy::GatedCrossAttention}) {
        fm::ShapesVqaConfig config;
        config.strategy = strategy;
        fm::ShapesVqaModel model(config);
        model->eval();
        const auto batch = realQuestions(2, 2, 3);
        torch::NoGradGuard noGrad;
        FS_CHECK(model->encodeImage(batch.pixels).sizes() == torch::IntArrayRef({4, 25, 34}));
        const auto logits = model->forward(batch.pixels, batch.ids, batch.mask);
        FS_CHECK(logits.sizes() == torch::IntArrayRef({4, 10}));
        // Padding is masked: the question alone gives the same answer scores.
        const int64_t real = batch.mask[0].sum().item<int64_t>();
        const auto alone = model->forward(batch.pixels.narrow(0, 0, 1), batch.ids.narrow(0, 0, 1).narrow(1, 0, real),
                                          batch.mask.narrow(0, 0, 1).narrow(1, 0, real));
        FS_CHECK((alone - logits.narrow(0, 0, 1)).abs().max().item<float>() < 1e-4f);
    }
}

FS_TEST(shapes_vqa, early_fusion_learns) { FS_CHECK_EQ(fitAccuracy(Strategy::Early), 1.0); }
FS_TEST(shapes_vqa, late_fusion_learns) { FS_CHECK_EQ(fitAccuracy(Strategy::Late), 1.0); }
FS_TEST(shapes_vqa, cross_attention_learns) { FS_CHECK_EQ(fitAccuracy(Strategy::CrossAttention), 1.0); }
FS_TEST(shapes_vqa, gated_cross_attention_learns) { FS_CHECK_EQ(fitAccuracy(Strategy::GatedCrossAttention), 1.0); }
