#include "api/model_catalog.h"

#include "io/safetensors.h"
#include "util/json.h"
#include "util/text_file.h"

#include <filesystem>

namespace fscope::api {

namespace fs = std::filesystem;

namespace {

const char* const kMiniLimits =
    "Knows the emoji it was trained on; for photos, open a CLIP checkpoint.";
const char* const kClipLimits =
    "Images and English text of up to 77 tokens; its probabilities are a softmax over the texts compared, "
    "not beliefs about each text alone.";
const char* const kShapesLimits =
    "Answers the six question templates about shapes scenes (six coloured squares and circles); "
    "other pictures are squeezed to 75 x 75 pixels and other questions are beyond it.";

ModelRecord miniRecord()
{
    ModelRecord r;
    r.family = ModelFamily::Mini;
    r.strategy = FusionStrategy::Unified;
    r.embeds = {true, true, true};
    r.explains.attentionPerHead = true;
    r.explains.rollout = true;
    r.explains.relevancy = true;
    r.answers = AnswerStyle::CandidateAnswers;
    r.limits = kMiniLimits;
    return r;
}

ModelRecord clipRecord()
{
    ModelRecord r;
    r.family = ModelFamily::Clip;
    r.strategy = FusionStrategy::Contrastive;
    r.embeds = {true, true, false};
    r.explains.attentionPerHead = true;
    r.explains.rollout = true;
    r.explains.relevancy = true;
    r.answers = AnswerStyle::CandidateAnswers;
    r.limits = kClipLimits;
    return r;
}

ModelRecord shapesRecord(FusionStrategy strategy)
{
    ModelRecord r;
    r.family = ModelFamily::ShapesVqa;
    r.strategy = strategy;
    r.explains.crossAttention = strategy == FusionStrategy::CrossAttention || strategy == FusionStrategy::GatedCrossAttention;
    r.explains.modalityWeights = strategy == FusionStrategy::Late;
    r.explains.gates = strategy == FusionStrategy::GatedCrossAttention;
    r.answers = AnswerStyle::FixedClasses;
    r.hearsSpokenQuestions = true;
    r.limits = kShapesLimits;
    return r;
}

struct BuiltinEntry {
    const char* name; // the pinned model names of the command line (DESIGN.md)
    const char* description;
    const char* relativePath;
    ModelRecord (*make)();
};

const BuiltinEntry kBuiltins[] = {
    {"builtin:mini", "tri-modal image/text/audio space trained on the emoji pack", "models/mini/mini.safetensors",
     [] { return miniRecord(); }},
    {"builtin:shapes-early", "shapes VQA, early fusion", "models/shapes/shapes-early.safetensors",
     [] { return shapesRecord(FusionStrategy::Early); }},
    {"builtin:shapes-late", "shapes VQA, late fusion", "models/shapes/shapes-late.safetensors",
     [] { return shapesRecord(FusionStrategy::Late); }},
    {"builtin:shapes-xattn", "shapes VQA, cross-modal attention", "models/shapes/shapes-xattn.safetensors",
     [] { return shapesRecord(FusionStrategy::CrossAttention); }},
    {"builtin:shapes-gated", "shapes VQA, gated cross-attention", "models/shapes/shapes-gated.safetensors",
     [] { return shapesRecord(FusionStrategy::GatedCrossAttention); }},
};

bool isFile(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

// A folder a mini training run wrote (what the mini session opens).
bool isMiniFolder(const fs::path& folder)
{
    return isFile(folder / "mini.safetensors") && isFile(folder / "config.json");
}

// The model_type of a Hugging Face folder's config.json; "" when it has none or cannot be read.
std::string huggingFaceModelType(const fs::path& folder)
{
    auto text = readTextFile((folder / "config.json").string());
    if (!text)
        return {};
    auto config = json::parse(*text);
    if (!config || !config->isObject())
        return {};
    const auto* type = config->find("model_type");
    return type && type->isString() ? type->asString() : std::string();
}

// A shapes VQA weights file: its strategy from the metadata, or nothing.
std::optional<FusionStrategy> shapesStrategyOf(const std::string& path)
{
    auto file = safetensors::File::open(path);
    if (!file)
        return std::nullopt;
    const auto& metadata = file->metadata();
    const auto format = metadata.find("format");
    const auto config = metadata.find("config");
    if (format == metadata.end() || format->second != "fusionscope-shapes-vqa" || config == metadata.end())
        return std::nullopt;
    auto parsed = json::parse(config->second);
    if (!parsed || !parsed->isObject())
        return std::nullopt;
    const auto* strategy = parsed->find("strategy");
    if (!strategy || !strategy->isString())
        return std::nullopt;
    return fusionStrategyFromId(strategy->asString());
}

ModelRecord withPath(ModelRecord record, const fs::path& path, const std::string& description)
{
    record.id = path.string();
    record.displayName = path.filename().string();
    record.description = description;
    record.weightsPath = path.string();
    return record;
}

} // namespace

const std::vector<FusionStrategy>& allFusionStrategies()
{
    static const std::vector<FusionStrategy> all = {FusionStrategy::Early,       FusionStrategy::Late,
                                                    FusionStrategy::CrossAttention, FusionStrategy::GatedCrossAttention,
                                                    FusionStrategy::Contrastive, FusionStrategy::Unified};
    return all;
}

std::string fusionStrategyId(FusionStrategy strategy)
{
    switch (strategy) {
    case FusionStrategy::Early: return "early";
    case FusionStrategy::Late: return "late";
    case FusionStrategy::CrossAttention: return "xattn";
    case FusionStrategy::GatedCrossAttention: return "gated";
    case FusionStrategy::Contrastive: return "contrastive";
    case FusionStrategy::Unified: return "unified";
    }
    return "unified";
}

std::optional<FusionStrategy> fusionStrategyFromId(const std::string& id)
{
    for (const auto strategy : allFusionStrategies())
        if (fusionStrategyId(strategy) == id)
            return strategy;
    return std::nullopt;
}

std::string modelFamilyName(ModelFamily family)
{
    switch (family) {
    case ModelFamily::Mini: return "mini";
    case ModelFamily::Clip: return "clip";
    case ModelFamily::ShapesVqa: return "shapes-vqa";
    }
    return "mini";
}

std::string answerStyleName(AnswerStyle style)
{
    switch (style) {
    case AnswerStyle::None: return "none";
    case AnswerStyle::FixedClasses: return "fixed-classes";
    case AnswerStyle::CandidateAnswers: return "candidate-answers";
    case AnswerStyle::GeneratedText: return "generated-text";
    }
    return "none";
}

ModelCatalog::ModelCatalog(std::string resourceDir) : m_resourceDir(std::move(resourceDir))
{
    for (const auto& entry : kBuiltins) {
        ModelRecord record = entry.make();
        record.id = entry.name;
        record.displayName = entry.name;
        record.description = entry.description;
        record.builtin = true;
        const auto path = fs::path(m_resourceDir) / entry.relativePath;
        record.weightsPath = path.lexically_normal().string();
        record.installed = !m_resourceDir.empty() && isFile(path);
        m_builtins.push_back(std::move(record));
    }
}

bool ModelCatalog::isBuiltinName(const std::string& model)
{
    return model.rfind("builtin:", 0) == 0;
}

const ModelRecord* ModelCatalog::builtinFor(FusionStrategy strategy) const
{
    for (const auto& record : m_builtins)
        if (record.strategy == strategy)
            return &record;
    return nullptr;
}

const ModelRecord& ModelCatalog::defaultModel() const
{
    return m_builtins.front(); // builtin:mini: every page has something to show offline
}

std::vector<ModelRecord> ModelCatalog::installedAnswerers() const
{
    std::vector<ModelRecord> out;
    for (const auto& record : m_builtins)
        if (record.installed && record.answers == AnswerStyle::FixedClasses)
            out.push_back(record);
    return out;
}

Result<ModelRecord> ModelCatalog::describe(const std::string& model) const
{
    if (model.empty())
        return Error{"no model named"};
    if (isBuiltinName(model)) {
        for (const auto& record : m_builtins)
            if (record.id == model) {
                if (!record.installed)
                    return Error{model + " is not installed: " + record.weightsPath + " is missing"};
                return record;
            }
        std::string known;
        for (const auto& record : m_builtins)
            known += (known.empty() ? "" : ", ") + record.id;
        return Error{"unknown built-in model '" + model + "' (built-in models: " + known + ")"};
    }

    const fs::path path(model);
    std::error_code ec;
    if (!fs::exists(path, ec))
        return Error{model + ": no such file or folder"};
    if (fs::is_directory(path, ec)) {
        if (isMiniFolder(path))
            return withPath(miniRecord(), path, "tri-modal image/text/audio space (a mini training run)");
        const std::string type = huggingFaceModelType(path);
        if (!type.empty() && type != "clip")
            return Error{path.string() + ": a Hugging Face \"" + type
                         + "\" model; FusionScope opens CLIP checkpoints (OpenAI .pt files and Hugging Face CLIP "
                           "folders) and its own models"};
        // A Hugging Face CLIP folder; its loader names any missing or mis-shaped tensor.
        return withPath(clipRecord(), path, "CLIP, Hugging Face folder");
    }
    if (path.extension() == ".pt")
        return withPath(clipRecord(), path, "CLIP, OpenAI checkpoint");
    if (path.extension() == ".safetensors") {
        if (const auto strategy = shapesStrategyOf(path.string()))
            return withPath(shapesRecord(*strategy), path, "shapes VQA, " + fusionStrategyId(*strategy));
    }
    // A file of a model folder (the file dialog picks files): the folder is the model.
    const fs::path folder = fs::absolute(path, ec).lexically_normal().parent_path();
    if (isMiniFolder(folder) || isFile(folder / "config.json"))
        return describe(folder.string());
    if (path.extension() == ".safetensors")
        return Error{path.string() + ": not a shapes VQA model (its metadata lacks format \"fusionscope-shapes-vqa\" "
                                     "and a config) and not in a model folder"};
    // Anything else is read as an OpenAI archive, whose loader says what is wrong with it.
    return withPath(clipRecord(), path, "CLIP, OpenAI checkpoint");
}

} // namespace fscope::api
