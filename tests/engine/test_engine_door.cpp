// The engine's door (engine/api/): the model catalogue recognises every model
// by its name or contents, and the command line gives the same figures as the
// door the app calls (retrieval evaluation over a manifest's pairs, question-set
// answering and scoring), run here side by side on the shipped samples.

#include "check.h"

#include "api/answering.h"
#include "api/evaluation.h"
#include "api/model_catalog.h"
#include "io/safetensors.h"
#include "models/shapes_vqa.h"
#include "temp_dir.h"
#include "util/json.h"

#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <set>

namespace api = fscope::api;
namespace fs = std::filesystem;
using fscope::check::TempDir;

namespace {

const std::string kResources = FUSIONSCOPE_SOURCE_RESOURCES;

// Runs fusionscope-cli with `arguments`; its stdout parsed as JSON.
fscope::json::Value runCli(const std::string& arguments)
{
    const std::string command = std::string(FUSIONSCOPE_CLI) + " --device cpu --json " + arguments + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return {};
    std::string out;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        out.append(buffer, n);
    const int status = ::pclose(pipe);
    if (status != 0) {
        fscope::check::recordFailure(__FILE__, __LINE__, "fusionscope-cli " + arguments + " failed");
        return {};
    }
    auto parsed = fscope::json::parse(out);
    if (!parsed) {
        fscope::check::recordFailure(__FILE__, __LINE__, "not JSON: " + out);
        return {};
    }
    return *parsed;
}

fscope::runtime::DeviceInfo cpu()
{
    return *fscope::runtime::resolveDevice(fscope::runtime::DevicePreference::Cpu);
}

} // namespace

FS_TEST(engine_door, the_catalogue_describes_every_builtin)
{
    const api::ModelCatalog catalog(kResources);
    std::set<std::string> ids;
    std::set<api::FusionStrategy> strategies;
    for (const auto& model : catalog.builtins()) {
        FS_CHECK(model.installed);
        FS_CHECK(model.builtin);
        FS_CHECK(!model.limits.empty());
        FS_CHECK(ids.insert(model.id).second);
        FS_CHECK(strategies.insert(model.strategy).second); // one built-in per strategy
        FS_CHECK(model.embedsSpace() != (model.answers == api::AnswerStyle::FixedClasses));
    }
    FS_CHECK_EQ(catalog.builtins().size(), size_t(5));
    const auto& mini = catalog.defaultModel();
    FS_CHECK(mini.embeds.image && mini.embeds.text && mini.embeds.audio);
    FS_CHECK(mini.strategy == api::FusionStrategy::Unified);
    const auto* xattn = catalog.builtinFor(api::FusionStrategy::CrossAttention);
    FS_REQUIRE(xattn);
    FS_CHECK(xattn->explains.crossAttention && xattn->hearsSpokenQuestions);
    FS_CHECK(!catalog.builtinFor(api::FusionStrategy::Contrastive)); // a CLIP checkpoint brings it
    FS_CHECK_EQ(catalog.installedAnswerers().size(), size_t(4));
    for (const auto strategy : api::allFusionStrategies())
        FS_CHECK(api::fusionStrategyFromId(api::fusionStrategyId(strategy)) == strategy);
    auto described = catalog.describe(xattn->id);
    FS_REQUIRE(described);
    FS_CHECK_EQ(described->weightsPath, xattn->weightsPath);
    auto unknown = catalog.describe("builtin:nothing");
    FS_REQUIRE(!unknown);
    FS_CHECK_CONTAINS(unknown.error().message, "builtin:mini");
}

FS_TEST(engine_door, the_catalogue_recognises_checkpoints_by_their_contents)
{
    const std::string fixtures = fscope::check::requiredFixturesDir();
    const api::ModelCatalog catalog(kResources);
    auto folder = catalog.describe(fixtures + "/clip-tiny/hf");
    FS_REQUIRE(folder);
    FS_CHECK(folder->family == api::ModelFamily::Clip);
    FS_CHECK(folder->strategy == api::FusionStrategy::Contrastive);
    FS_CHECK(folder->embeds.image && folder->embeds.text && !folder->embeds.audio);
    // Any file of a Hugging Face folder names the folder (the file dialog picks files).
    auto file = catalog.describe(fixtures + "/clip-tiny/hf/config.json");
    FS_REQUIRE(file);
    FS_CHECK_EQ(file->id, fs::absolute(fixtures + "/clip-tiny/hf").lexically_normal().string());
    auto openai = catalog.describe(fixtures + "/clip-tiny/openai-jit.pt");
    FS_REQUIRE(openai);
    FS_CHECK(openai->family == api::ModelFamily::Clip);
    auto mini = catalog.describe(kResources + "/models/mini");
    FS_REQUIRE(mini);
    FS_CHECK(mini->family == api::ModelFamily::Mini && !mini->builtin);
    // A family FusionScope does not open yet is named, not misread as CLIP.
    auto siglip = catalog.describe(fixtures + "/siglip-tiny/hf");
    FS_REQUIRE(!siglip);
    FS_CHECK_CONTAINS(siglip.error().message, "\"siglip\"");
    auto missing = catalog.describe("/nowhere/at/all");
    FS_REQUIRE(!missing);
    FS_CHECK_CONTAINS(missing.error().message, "/nowhere/at/all: no such file or folder");

    // A shapes weights file a training run wrote: its strategy from its metadata.
    TempDir dir;
    fscope::models::ShapesVqaConfig config;
    config.strategy = fscope::fusion::Strategy::Late;
    const auto path = (dir.path() / "late.safetensors").string();
    fscope::models::ShapesVqaModel late(config);
    FS_REQUIRE(fscope::models::saveShapesVqaModel(path, late));
    auto shapes = catalog.describe(path);
    FS_REQUIRE(shapes);
    FS_CHECK(shapes->family == api::ModelFamily::ShapesVqa);
    FS_CHECK(shapes->strategy == api::FusionStrategy::Late && shapes->explains.modalityWeights);
    const auto other = (dir.path() / "other.safetensors").string();
    FS_REQUIRE(fscope::safetensors::write(other, {{"w", torch::zeros({2})}}));
    auto refused = catalog.describe(other);
    FS_REQUIRE(!refused);
    FS_CHECK_CONTAINS(refused.error().message, "not a shapes VQA model");
}

FS_TEST(engine_door, eval_retrieval_on_a_manifest_equals_the_door)
{
    const std::string manifest = kResources + "/samples/emoji/manifest.jsonl";
    auto items = api::readPairedItems(manifest);
    FS_REQUIRE(items);
    auto explorer = api::Explorer::open("builtin:mini", kResources, cpu());
    FS_REQUIRE(explorer);
    const auto directions = api::evaluateRetrieval(**explorer, *items);
    // image, text, text (zh) and speech: 4 x 3 directions, less the two into Chinese text.
    FS_CHECK_EQ(directions.size(), size_t(8));

    const auto cli = runCli("eval-retrieval --collection " + manifest);
    const auto* list = cli.find("directions");
    FS_REQUIRE(list && list->isArray());
    FS_REQUIRE(list->asArray().size() == directions.size());
    for (size_t d = 0; d < directions.size(); ++d) {
        const auto& row = list->asArray()[d];
        FS_CHECK_EQ(row.find("direction")->asString(), directions[d].name());
        FS_CHECK_EQ(size_t(row.find("queries")->asInt()), directions[d].queryIds.size());
        for (const int k : {1, 5, 10})
            FS_CHECK_EQ(row.find("recall_at_" + std::to_string(k))->asDouble(), directions[d].recallAtK.at(k));
        FS_CHECK_EQ(row.find("median_rank")->asDouble(), directions[d].medianRank);
        FS_CHECK_EQ(row.find("mean_rank")->asDouble(), directions[d].meanRank);
    }
    // The shipped model knows these emoji: text -> image finds most at once.
    FS_CHECK(directions[0].recallAtK.at(10) > 0.5);
}

FS_TEST(engine_door, eval_vqa_on_a_question_set_equals_the_door)
{
    const std::string set = kResources + "/samples/shapes/test.jsonl";
    const api::ModelCatalog catalog(kResources);
    auto model = catalog.describe("builtin:shapes-xattn");
    FS_REQUIRE(model);
    auto answerer = api::Answerer::open(*model, catalog, cpu());
    FS_REQUIRE(answerer);
    auto questions = api::readVqaQuestions(set, {}, false, true);
    FS_REQUIRE(questions);
    auto scored = api::evaluateQuestionSet(**answerer, *questions);
    FS_REQUIRE(scored);

    const auto cli = runCli("eval-vqa --model builtin:shapes-xattn --input " + set);
    FS_REQUIRE(cli.find("accuracy"));
    FS_CHECK_EQ(size_t(cli.find("questions")->asInt()), questions->size());
    FS_CHECK_EQ(cli.find("accuracy")->asDouble(), scored->scores.accuracy);
    for (const auto& [type, accuracy] : scored->scores.accuracyByType)
        FS_CHECK_EQ(cli.find("per_type")->find(type)->asDouble(), accuracy);
    FS_CHECK(scored->scores.accuracy > 0.9);

    // One question alone gets the answer it gets among the others.
    auto alone = (*answerer)->answer({questions->back()});
    FS_REQUIRE(alone);
    FS_CHECK_EQ(alone->front().answer, scored->answers.back().answer);
    FS_CHECK_NEAR(alone->front().scores.front().second, scored->answers.back().scores.front().second, 1e-5);
}
