#pragma once
// Answering questions about pictures, with any model the catalogue says
// answers: a shapes VQA model (its ten fixed answers, typed or spoken
// questions), or an embedding model zero-shot (each candidate answer becomes a
// caption through a template; the picture's softmax over the captions ranks
// them). The Questions and Evaluation pages and the vqa and eval-vqa commands
// all answer through here, so they give the same answers.
//
//   api::ModelCatalog catalog(resourceDir);
//   auto model = catalog.describe("builtin:shapes-xattn");
//   auto answerer = api::Answerer::open(*model, catalog, device);
//   if (!answerer) return answerer.error();            // names the model and what is wrong
//   auto answers = (*answerer)->answer(questions);      // api/question_sets.h: VqaQuestion
//   if (!answers) return answers.error();               // names the picture or clip that failed
//   (*answers)[0].answer == "yes"; (*answers)[0].attention.size() == grid * grid
//
// Each picture and clip is read once per call; questions are answered in
// fixed batches, so a question gets the same answer alone or among others.
// Thread-safety: one thread at a time per answerer (the engine thread).

#include "api/explorer.h"
#include "api/model_catalog.h"
#include "api/question_sets.h"
#include "runtime/device.h"
#include "util/result.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fscope::api {

struct Answer {
    std::string answer;
    std::vector<std::pair<std::string, double>> scores; // every answer with its probability, in the model's order
    std::vector<float> attention;                        // where the question looked: grid x grid cells, row-major
    int grid = 0;                                        // cells per side of `attention`; 0 when there is none
    std::vector<double> modalityWeights;                 // late fusion: image, text
    std::vector<double> attentionGates;                  // gated cross-attention: tanh(alpha) per layer
    std::string heard;                                   // a spoken question's words as the model heard them
};

struct AnsweringOptions {
    // Zero-shot: the caption each candidate answer makes ("{question}" and
    // "{answer}" are replaced); empty for the model's default (defaultTemplate).
    std::string zeroShotTemplate;
    // Spoken questions: another speech reader and the mini folder it listens
    // with (empty: the shipped mini), instead of the shipped reader.
    std::string speechReader;
    std::string speechMiniFolder;
    // After each batch: (answered, total); returning false stops with runtime::JobCancelled.
    std::function<bool(size_t, size_t)> progress;
};

class Answerer {
public:
    // A model whose record answers (FixedClasses or CandidateAnswers).
    static Result<std::unique_ptr<Answerer>> open(const ModelRecord& model, const ModelCatalog& catalog,
                                                  const runtime::DeviceInfo& device);
    // Zero-shot with an Explorer that is already open (the app's model), sharing its embeddings.
    static std::unique_ptr<Answerer> zeroShot(std::shared_ptr<Explorer> explorer, ModelRecord model);
    ~Answerer();
    Answerer(const Answerer&) = delete;
    Answerer& operator=(const Answerer&) = delete;

    const ModelRecord& model() const;
    // True when questions need candidate answers (zero-shot).
    bool needsCandidates() const;
    // answers[i] answers questions[i]. Zero-shot questions need two or more
    // candidates; spoken questions ("audio") need a model that hears them.
    Result<std::vector<Answer>> answer(const std::vector<VqaQuestion>& questions, const AnsweringOptions& options = {});

    // The caption template a model answers zero-shot with by default: mini
    // learned names, not sentences ("{answer}"); CLIP read captions of photos.
    static std::string defaultTemplate(const ModelRecord& model);

private:
    struct Impl;
    explicit Answerer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace fscope::api
