#pragma once
// One split of the shapes pack in memory, for training and evaluating the
// shapes VQA models: every scene's picture as uint8 [N, 3, 75, 75], and every
// question as the scene it is about, its type, its colour and the index of its
// answer. A question's words and its speech follow from (type, colour):
// data::shapesQuestionText() and the pack's audio/<voice>/<type>-<colour>.ogg.
//
//   auto split = fscope::train::loadShapesSplit("packs/shapes", "train");
//   if (!split) return split.error();        // names the file and the line
//   split->questions[0].answer;               // index into data::shapesAnswers()
//
// Thread-safety: the loader is a pure function; any thread.

#include "data/shapes_world.h"
#include "util/result.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fscope::train {

struct ShapesQuestionRecord {
    int32_t image = 0;  // row of ShapesSplit::images
    int8_t type = 0;    // data::ShapesQuestionType
    int8_t colour = 0;
    int8_t answer = 0;  // index into data::shapesAnswers()
};

struct ShapesSplit {
    std::string packDir;
    torch::Tensor images;               // [N, 3, 75, 75] uint8
    std::vector<std::string> imagePaths; // relative to packDir, one per row
    std::vector<ShapesQuestionRecord> questions;
    std::vector<data::ShapesScene> scenes; // one per row, from scenes.jsonl (where each object is)
};

// split: "train" or "test". progress(done, total) over the questions file's lines.
Result<ShapesSplit> loadShapesSplit(const std::string& packDir, const std::string& split,
                                    const std::function<void(int, int)>& progress = {});

} // namespace fscope::train
