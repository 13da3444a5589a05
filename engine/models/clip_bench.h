#pragma once
// Times a CLIP model's two towers the way a user runs them: inference mode,
// random inputs of the real shapes, median wall time of repeated calls after
// one warm-up call. The text is a 12-token caption (start and end tokens
// included) zero padded to the context length, as a tokenizer hands it over.
//
//   fscope::models::ClipModel model(*fscope::models::clipArchitecture("ViT-B/32"));
//   auto figures = fscope::models::benchmarkClip(model, {});
//   // figures.imageB1Ms, figures.imageB16MsPerImage, figures.textB1Ms, figures.textB16MsPerText
//
// Thread-safety: runs the model; call from the thread that owns it.

#include "models/clip_model.h"

namespace fscope::models {

struct ClipBenchOptions {
    int repeatsBatch1 = 7;  // timed calls at batch 1 (median reported)
    int repeatsBatch16 = 3; // timed calls at batch 16
    int captionTokens = 12; // real tokens per text, start and end included
    uint64_t seed = 0;
};

struct ClipBenchFigures {
    double imageB1Ms = 0;
    double imageB16MsPerImage = 0;
    double textB1Ms = 0;
    double textB16MsPerText = 0;
};

ClipBenchFigures benchmarkClip(ClipModel& model, const ClipBenchOptions& options);

} // namespace fscope::models
