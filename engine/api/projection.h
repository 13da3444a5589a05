#pragma once
// Two-dimensional maps of an embedding space, for the embedding map:
//
//   FloatGrid xy = fscope::api::projectPca(space);                  // [N, 2]
//   FloatGrid xy = fscope::api::projectTsne(space, {30.0, 500, 1}); // [N, 2]
//
// PCA: the rows centred and projected on the two directions of largest
// variance (signs fixed so the largest coordinate of each axis is positive,
// for maps that do not flip between runs). t-SNE (van der Maaten and Hinton
// 2008): exact O(N^2) gradients, Gaussian affinities calibrated to the
// perplexity by bisection, early exaggeration 12 for the first quarter,
// momentum 0.5 then 0.8 with per-coordinate gains, started from the PCA map,
// so it is deterministic.
// Sizes of a few thousand points take seconds; progress may cancel.
// Thread-safety: pure functions; any thread.

#include "api/explorer.h"

#include <functional>

namespace fscope::api {

// The variance each returned axis explains, as a share of the total, in *explained (optional).
FloatGrid projectPca(const FloatGrid& rows, std::vector<double>* explained = nullptr);

struct TsneOptions {
    double perplexity = 30;
    int iterations = 500;
};

// progress(iteration, iterations) returning false stops early (runtime::JobCancelled is thrown).
FloatGrid projectTsne(const FloatGrid& rows, const TsneOptions& options = {},
                      const std::function<bool(int, int)>& progress = {});

} // namespace fscope::api
