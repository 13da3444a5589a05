#pragma once
// The published CLIP ViT architectures by name, for building a model with random
// weights (benchmarks, tests) and for naming the architecture of a loaded one.
//
//   auto config = fscope::models::clipArchitecture("ViT-B/32");
//   if (!config) return config.error(); // "unknown CLIP architecture 'ViT-X'; known: ViT-B/32, ..."
//   fscope::models::ClipModel model(*config);
//
// Figures from the CLIP paper (Radford et al. 2021, table 20): embed dim, image
// resolution, vision width/layers/patch, text width/layers; heads = width / 64.
// Thread-safety: pure functions; any thread.

#include "models/clip_model.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace fscope::models {

// "ViT-B/32", "ViT-B/16", "ViT-L/14", "ViT-L/14@336px" (also "ViT-L/14@336").
Result<ClipConfig> clipArchitecture(const std::string& name);
std::vector<std::string> clipArchitectureNames();
// The name of a known architecture with this config's shapes, or "" when none matches.
std::string clipArchitectureName(const ClipConfig& config);

} // namespace fscope::models
