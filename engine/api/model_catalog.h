#pragma once
// The model catalogue: every model FusionScope can open, described by one
// record. The app's pickers and pages, and the command line's --model and
// `info`, ask the catalogue what a model is and what it can do; nothing else
// knows models by their names.
//
//   api::ModelCatalog catalog(resourceDir);
//   for (const api::ModelRecord& m : catalog.builtins()) ...      // shipped models, installed or not
//   auto model = catalog.describe("/models/clip-vit-base-patch32");  // recognised by its contents
//   if (!model) return model.error();      // names the path and why it is not a model FusionScope opens
//   if (model->embedsSpace()) explorer = api::Explorer::open(model->id, ...);
//   const api::ModelRecord* xattn = catalog.builtinFor(api::FusionStrategy::CrossAttention);
//
// A model is named by a built-in name ("builtin:mini", "builtin:shapes-xattn"),
// or by a path: an OpenAI CLIP .pt file, a Hugging Face CLIP folder (or any
// file inside it), a folder a mini training run wrote, or a shapes VQA weights
// file a training run wrote.
// Thread-safety: a catalogue is immutable after construction; describe() only
// reads files. Any thread.

#include "util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace fscope::api {

enum class ModelFamily {
    Mini,      // the built-in tri-modal space, or a folder its trainer wrote
    Clip,      // OpenAI .pt or Hugging Face CLIPModel
    ShapesVqa, // the built-in shapes question answering models
};

// The fusion strategies of DESIGN.md, as the app names and shows them.
enum class FusionStrategy { Early, Late, CrossAttention, GatedCrossAttention, Contrastive, Unified };

// Every strategy, in the order the app lists them.
const std::vector<FusionStrategy>& allFusionStrategies();
// "early", "late", "xattn", "gated", "contrastive", "unified"
std::string fusionStrategyId(FusionStrategy strategy);
std::optional<FusionStrategy> fusionStrategyFromId(const std::string& id);

std::string modelFamilyName(ModelFamily family); // "mini", "clip", "shapes-vqa"

struct ModalitySet {
    bool image = false;
    bool text = false;
    bool audio = false;
    bool any() const { return image || text || audio; }
};

// What a model's explanations can show.
struct ExplanationSet {
    bool attentionPerHead = false; // self-attention of every layer and head over patches / tokens / frames
    bool rollout = false;          // attention rollout (Abnar and Zuidema 2020)
    bool relevancy = false;        // gradient relevancy (Chefer et al. 2021)
    bool crossAttention = false;   // where the question looked over the image, per layer
    bool modalityWeights = false;  // late fusion's learned weights
    bool gates = false;            // tanh(alpha) of gated cross-attention, per layer
};

enum class AnswerStyle {
    None,             // does not answer questions
    FixedClasses,     // a classifier over the answers it was trained on
    CandidateAnswers, // zero-shot: ranks candidate answers turned into captions
    GeneratedText,    // writes the answer word by word
};

std::string answerStyleName(AnswerStyle style); // "none", "fixed-classes", "candidate-answers", "generated-text"

struct ModelRecord {
    std::string id;          // what opens it: a built-in name or the path (as given, or its folder's)
    std::string displayName; // the built-in name, or the checkpoint's file or folder name
    std::string description; // one phrase: "tri-modal image/text/audio space trained on the emoji pack"
    ModelFamily family = ModelFamily::Mini;
    FusionStrategy strategy = FusionStrategy::Unified;
    ModalitySet embeds;      // what it puts into one shared space (none: it answers, it does not embed)
    ExplanationSet explains;
    AnswerStyle answers = AnswerStyle::None;
    bool hearsSpokenQuestions = false;
    std::string limits;      // one sentence a person reads before trusting it
    bool builtin = false;
    bool installed = true;   // built-ins: the weights are in the resource folder
    std::string weightsPath; // the file or folder the weights are read from

    bool embedsSpace() const { return embeds.any(); }
};

class ModelCatalog {
public:
    // resourceDir: the folder holding models/ (runtime/resources.h finds it); may be empty.
    explicit ModelCatalog(std::string resourceDir);

    const std::string& resourceDir() const { return m_resourceDir; }
    // The shipped models, in a stable order, installed or not.
    const std::vector<ModelRecord>& builtins() const { return m_builtins; }
    // The built-in that fuses with `strategy` (installed or not); nullptr when none does.
    const ModelRecord* builtinFor(FusionStrategy strategy) const;
    // The model the app opens on first launch.
    const ModelRecord& defaultModel() const;
    // The installed built-ins that answer questions with fixed classes, one per strategy.
    std::vector<ModelRecord> installedAnswerers() const;

    // What `model` is: a built-in name, or a path recognised by its contents. A
    // built-in that is not installed is an error naming the missing file.
    Result<ModelRecord> describe(const std::string& model) const;

    static bool isBuiltinName(const std::string& model); // "builtin:..."

private:
    std::string m_resourceDir;
    std::vector<ModelRecord> m_builtins;
};

} // namespace fscope::api
