#pragma once
// Loads imported CLIP checkpoints into the native ClipModel (clip_model.h). Usage:
//
//   auto model = fscope::models::loadHuggingFaceClip("/models/clip-vit-base-patch32");
//   if (!model) return model.error(); // ".../model.safetensors: 2 problems with the CLIP weights: ..."
//   const fscope::models::ClipConfig& config = (*model)->config();
//   auto openai = fscope::models::loadOpenAiClip("/models/ViT-B-32.pt");
//
// A Hugging Face CLIPModel folder holds config.json and model.safetensors. The
// architecture is read from the tensor shapes (widths, layer counts, patch size,
// resolution = sqrt(positions - 1) * patch); config.json supplies what shapes cannot
// tell: head counts (else width / 64), layer_norm_eps and hidden_act. Every tensor is
// then checked against the names and shapes that config implies, and all missing,
// unexpected or mis-shaped tensors are reported together in one error, each with its
// expected and found shape. int64 `*.position_ids` buffers of older files are ignored.
// Weights of any float dtype are converted to float32; the model is in eval mode.
//
// An OpenAI .pt file is a TorchScript archive; only its parameters are read (no
// method of it is ever run). Its names are ClipModel's own; the architecture comes
// from the shapes as in OpenAI's build_model (heads = width / 64), float16 matrices
// become float32, and the same one-line report lists missing, unexpected or
// mis-shaped tensors. ResNet image towers (RN50...) are not supported.
// Thread-safety: touches no shared state, but the returned model belongs to the
// engine thread (see clip_model.h); call from the engine thread.

#include "models/clip_model.h"
#include "util/result.h"

#include <string>

namespace fscope::models {

Result<ClipModel> loadHuggingFaceClip(const std::string& folder);
Result<ClipModel> loadOpenAiClip(const std::string& path);
// A folder is read as Hugging Face, a file as an OpenAI .pt archive.
Result<ClipModel> loadClipCheckpoint(const std::string& path);

} // namespace fscope::models
