#pragma once
// Scores a shapes VQA model on a split of the shapes pack: accuracy per
// question type (and relational / non-relational, as Santoro et al. 2017
// report them), time per question, and, for the attention strategies, how much
// of the question's attention falls on the object it asks about.
//
//   auto split = loadShapesSplit("packs/shapes", "test");
//   ShapesVqaScores scores = evaluateShapesVqa(model, *split);
//   scores.accuracy(ShapesQuestionType::Closest); scores.relational(); scores.attentionShare;
//
// Attention share: for each non-relational question about colour c, the last
// fusion layer's attention (mean over heads and the question's tokens) summed
// over the grid cells that the c object overlaps; the mean over questions.
// Thread-safety: uses the model, so one thread at a time per model.

#include "data/shapes_world.h"
#include "models/shapes_vqa.h"
#include "models/spoken_question.h"
#include "train/shapes_dataset.h"
#include "util/json.h"

#include <array>
#include <optional>
#include <cstdint>
#include <vector>

namespace fscope::train {

struct ShapesVqaScores {
    std::array<int64_t, data::kShapesQuestionTypes> correct{}, total{};
    double attentionShare = -1;       // -1: the strategy has no attention
    int64_t attentionQuestions = 0;
    double millisecondsPerQuestion = 0;
    std::vector<int8_t> predictions;  // per question of the split (answer index), -1 where not asked; when kept

    double accuracy(data::ShapesQuestionType type) const;
    double relational() const;
    double nonRelational() const;
    double overall() const;
    json::Value toJson() const;       // {"overall", "relational", "non_relational", "per_type": {...}, ...}
};

struct ShapesEvalOptions {
    int64_t limitImages = 0;          // 0 = every image of the split
    int64_t imagesPerBatch = 50;
    bool measureAttention = true;
    bool keepPredictions = false;
    std::optional<fusion::Modality> dropped; // answer with this modality masked out
    // Spoken questions: the 36 questions as a reader heard them (row type * 6 +
    // colour, models/spoken_question.h) replace the typed words.
    const models::HeardWords* spoken = nullptr;
};

// [B, T] ids and mask for the 36 (type, colour) questions, row type * 6 + colour.
std::pair<torch::Tensor, torch::Tensor> shapesQuestionTable(int64_t maxTokens);

// Cells (row-major over the grid x grid patches) that an object's drawn square overlaps.
std::vector<int64_t> shapesCellsOf(const data::ShapesObject& object, int grid = 5);
// Where a question looked: a layer's attention [B, H, T, K] averaged over the
// heads and the question's real words (mask [B, >= T]) -> [B, K]. The attention
// share of the evaluation and the attention loss of training both use it.
torch::Tensor questionAttention(const torch::Tensor& attention, const torch::Tensor& questionMask);

// Per cell: the offset from its centre to the centre of the object covering
// most of it, in the units of ShapesVqaModelImpl::patchPlaces (x, y in -1..1
// across the cell centres), and 1 where an object covers it: [grid^2, 3].
torch::Tensor shapesPlaceTargets(const data::ShapesScene& scene, int grid = 5);

ShapesVqaScores evaluateShapesVqa(models::ShapesVqaModel& model, const ShapesSplit& split,
                                  const ShapesEvalOptions& options = {});

} // namespace fscope::train
