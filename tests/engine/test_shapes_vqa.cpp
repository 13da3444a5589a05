// The shapes VQA models: the question vocabulary covers every template, the
// pixels and shapes are right, padding does not change an answer, and each of
// the four fusion strategies can learn real shapes questions (it fits 48 of
// them from 8 scenes).
#include "check.h"

#include "data/shapes_world.h"
#include "models/shapes_vqa.h"
#include "data/shapes_pack.h"
#include "io/safetensors.h"
#include "temp_dir.h"
#include "api/model_catalog.h"
#include "tasks/shapes_answerer.h"
#include "train/shapes_eval.h"

#include <numeric>

#include <torch/torch.h>

namespace fd = fscope::data;
namespace fm = fscope::models;
using fscope::fusion::Strategy;
using fscope::check::TempDir;

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
        FS_CHECK(model->encodeImage(batch.pixels).sizes() == torch::IntArrayRef({4, 25, 64}));
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

FS_TEST(shapes_vqa, weights_round_trip_with_config_and_batch_statistics)
{
    TempDir dir;
    torch::manual_seed(3);
    fm::ShapesVqaConfig config;
    config.strategy = Strategy::GatedCrossAttention;
    fm::ShapesVqaModel model(config);
    const auto batch = realQuestions(4, 2, 5);
    model->forward(batch.pixels, batch.ids, batch.mask); // moves the BatchNorm statistics
    model->eval();
    const auto path = (dir.path() / "shapes.safetensors").string();
    FS_REQUIRE(fm::saveShapesVqaModel(path, model));
    auto loaded = fm::loadShapesVqaModel(path);
    FS_REQUIRE(loaded);
    FS_CHECK((*loaded)->config().toJson() == config.toJson());
    torch::NoGradGuard noGrad;
    const auto a = model->forward(batch.pixels, batch.ids, batch.mask);
    const auto b = (*loaded)->forward(batch.pixels, batch.ids, batch.mask);
    FS_CHECK(torch::allclose(a, b, 1e-5, 1e-6));
}

FS_TEST(shapes_vqa, bad_weights_and_configs_are_named)
{
    TempDir dir;
    const auto path = (dir.path() / "other.safetensors").string();
    FS_REQUIRE(fscope::safetensors::write(path, {{"x", torch::zeros({2})}}, {{"format", "something-else"}}));
    auto loaded = fm::loadShapesVqaModel(path);
    FS_REQUIRE(!loaded);
    FS_CHECK(loaded.error().message.find(path) != std::string::npos);
    FS_CHECK(loaded.error().message.find("not a shapes VQA model") != std::string::npos);

    auto json = fm::ShapesVqaConfig{}.toJson();
    json["strategy"] = "unified";
    FS_CHECK(!fm::ShapesVqaConfig::fromJson(json));
    json = fm::ShapesVqaConfig{}.toJson();
    json["heads"] = 3; // 64 is not a multiple of 3
    FS_CHECK(!fm::ShapesVqaConfig::fromJson(json));
}

FS_TEST(shapes_vqa, grid_cells_of_an_object)
{
    namespace ft = fscope::train;
    FS_CHECK(ft::shapesCellsOf({0, false, 7, 7}) == std::vector<int64_t>{0});
    FS_CHECK(ft::shapesCellsOf({0, false, 37, 37}) == std::vector<int64_t>{12});
    FS_CHECK((ft::shapesCellsOf({0, true, 15, 15}) == std::vector<int64_t>{0, 1, 5, 6}));
    FS_CHECK(ft::shapesCellsOf({0, true, 69, 69}) == std::vector<int64_t>{24});
}

FS_TEST(shapes_vqa, place_targets_point_at_the_objects_centres)
{
    namespace ft = fscope::train;
    fd::ShapesScene scene;
    scene.objects = {{0, false, 37, 37}, {1, true, 15, 67}};
    const auto t = ft::shapesPlaceTargets(scene, 5);
    FS_CHECK(t.sizes() == torch::IntArrayRef({25, 3}));
    // Centred in cell 12: no offset.
    FS_CHECK_EQ(t[12][2].item<float>(), 1.0f);
    FS_CHECK(t[12].narrow(0, 0, 2).abs().max().item<float>() < 1e-6f);
    // Centre at pixel 15.5, on the border of cells 20 and 21 (row 4): both point
    // at it, from their centres at x = -1 and x = -0.5 (a cell is 0.5 wide).
    const float x = (15.5f / 15 - 0.5f) * 0.5f - 1;
    FS_CHECK(std::abs(t[20][0].item<float>() - (x + 1.0f)) < 1e-5f);
    FS_CHECK(std::abs(t[21][0].item<float>() - (x + 0.5f)) < 1e-5f);
    FS_CHECK_EQ(t[20][2].item<float>(), 1.0f);
    FS_CHECK_EQ(t.select(1, 2).sum().item<float>(), 3.0f); // empty cells are not covered
}

FS_TEST(shapes_vqa, refined_places_start_at_the_cell_centres_and_attention_keeps_its_gradient)
{
    torch::manual_seed(5);
    fm::ShapesVqaConfig plainConfig;
    plainConfig.distanceBias = true;
    plainConfig.exactPlaces = true;
    fm::ShapesVqaModel plain(plainConfig);
    auto refinedConfig = plainConfig;
    refinedConfig.refinePlaces = true;
    fm::ShapesVqaModel refined(refinedConfig);
    {
        torch::NoGradGuard noGrad;
        plain->named_parameters()["fusion.distance_weights"].fill_(0.1); // as after training: distances count
        auto parameters = plain->named_parameters();
        for (auto& item : refined->named_parameters())
            if (const auto* found = parameters.find(item.key()))
                item.value().copy_(*found);
    }
    FS_CHECK(fm::ShapesVqaConfig::fromJson(refinedConfig.toJson())->refinePlaces);
    plain->eval();
    refined->eval();
    const auto batch = realQuestions(2, 3, 9);
    const auto tokens = refined->encodeImage(batch.pixels);
    FS_CHECK(torch::equal(refined->contentPlaces(tokens), refined->patchPlaces(tokens).expand({6, 25, 2})));
    const auto traced = refined->fuseTraced(tokens, batch.ids, batch.mask);
    FS_CHECK(torch::allclose(traced.logits, plain->forward(batch.pixels, batch.ids, batch.mask), 1e-5, 1e-6));
    FS_REQUIRE(traced.attention.size() == size_t(2));
    FS_CHECK(traced.attention.back().requires_grad());
    FS_CHECK(torch::allclose(traced.attention.back().detach(), refined->fusionModule()->inspect().attention.back()));
    // The answers reach the place offsets through the distance bias.
    traced.logits.sum().backward();
    FS_CHECK(refined->named_parameters()["place_offset.weight"].grad().abs().sum().item<float>() > 0);
}

FS_TEST(shapes_vqa, evaluation_counts_every_question_once)
{
    TempDir dir;
    fd::ShapesPackOptions options;
    options.outDir = dir.path().string();
    options.trainImages = 1;
    options.testImages = 3;
    options.withAudio = false;
    FS_REQUIRE(fd::buildShapesPack(options));
    auto split = fscope::train::loadShapesSplit(dir.path().string(), "test");
    FS_REQUIRE(split);
    FS_CHECK_EQ(split->scenes.size(), size_t(3));
    torch::manual_seed(1);
    fm::ShapesVqaModel model(fm::ShapesVqaConfig{});
    fscope::train::ShapesEvalOptions eval;
    eval.keepPredictions = true;
    eval.imagesPerBatch = 2;
    const auto scores = fscope::train::evaluateShapesVqa(model, *split, eval);
    int64_t total = 0;
    for (auto t : scores.total)
        total += t;
    FS_CHECK_EQ(total, int64_t(60));
    FS_CHECK_EQ(scores.attentionQuestions, int64_t(30)); // the non-relational ones
    FS_CHECK(scores.attentionShare > 0 && scores.attentionShare < 1);
    FS_CHECK(std::none_of(scores.predictions.begin(), scores.predictions.end(), [](int8_t p) { return p < 0; }));
    FS_CHECK(scores.overall() >= 0 && scores.overall() <= 1);
}

FS_TEST(shapes_vqa, the_answerer_explains_each_answer)
{
    TempDir dir;
    torch::manual_seed(4);
    for (const auto strategy : {Strategy::CrossAttention, Strategy::Late}) {
        fm::ShapesVqaConfig config;
        config.strategy = strategy;
        fm::ShapesVqaModel model(config);
        model->eval();
        const auto path = (dir.path() / (fscope::fusion::strategyName(strategy) + ".safetensors")).string();
        FS_REQUIRE(fm::saveShapesVqaModel(path, model));
        auto answerer = fscope::tasks::ShapesAnswerer::open(path, "");
        FS_REQUIRE(answerer);
        FS_CHECK_EQ((*answerer)->strategy(), fscope::fusion::strategyName(strategy));
        fd::ShapesRng rng(9);
        const auto image = fd::renderScene(fd::randomScene(rng));
        auto a = (*answerer)->answer(image, "Is the red object on the left?");
        FS_REQUIRE(a);
        FS_CHECK_EQ(a->scores.size(), size_t(10));
        double sum = 0;
        for (const auto& [name, p] : a->scores)
            sum += p;
        FS_CHECK(std::abs(sum - 1.0) < 1e-4);
        if (strategy == Strategy::CrossAttention) {
            FS_CHECK_EQ(a->attention.size(), size_t(25));
            FS_CHECK(std::abs(std::accumulate(a->attention.begin(), a->attention.end(), 0.0) - 1.0) < 1e-4);
        } else {
            FS_CHECK(a->attention.empty());
            FS_CHECK_EQ(a->modalityWeights.size(), size_t(2));
        }
    }
    // Built-ins are opened through the catalogue, which names what is missing.
    const fscope::api::ModelCatalog nowhere((dir.path() / "nowhere").string());
    auto missing = nowhere.describe("builtin:shapes-xattn");
    FS_REQUIRE(!missing);
    FS_CHECK(missing.error().message.find("not installed") != std::string::npos);
    FS_CHECK(!nowhere.describe("builtin:mini"));
    // Weights that are not a shapes model are refused by name.
    const auto other = (dir.path() / "other.safetensors").string();
    FS_REQUIRE(fscope::safetensors::write(other, {{"w", torch::zeros({2})}}));
    FS_CHECK(!fscope::tasks::ShapesAnswerer::open(other, ""));
}
