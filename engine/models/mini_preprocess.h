#pragma once
// What the built-in model "mini" sees, from decoded media. Shared by training
// and inference so both see exactly the same thing.
//
//   auto mel = fscope::models::miniAudioFeatures(mono16k, config.audioMaxFrames()); // [F, 80]
//   auto pixels = fscope::models::miniImagePixels(image, config.imageSize);         // [3, S, S]
//
// Audio: 16 kHz mono -> log-mel (80 bins, 25 ms windows, 10 ms hops) -> the
// silence before and after the speech cut off (frames more than 50 dB below the
// loudest, keeping 5 frames of margin) -> normalised to mean 0 and standard
// deviation 1 over the whole utterance, so loudness does not matter.
// Images: shortest side resized to the model's size (antialiased bicubic),
// centre crop, values mapped to -1..1.
// Thread-safety: pure functions; any thread.

#include "io/image.h"

#include <torch/torch.h>

#include <vector>

namespace fscope::models {

inline constexpr int kMiniSampleRate = 16000;

// [frames, 80] float32; at least one frame (silence gives a single zero frame).
torch::Tensor miniAudioFeatures(const std::vector<float>& mono16k, int64_t maxFrames);

// [3, size, size] float32 in -1..1.
torch::Tensor miniImagePixels(const io::ImageRgb8& image, int64_t size);
// [3, size, size] in [-1, 1] ((v / 255 - 0.5) / 0.5); other sizes are resized
// (shortest side, then centre crop). miniImagePixels is this.
torch::Tensor halfRangePixels(const io::ImageRgb8& image, int64_t size);

// Pads [F_i, bins] features to one batch: {mel [B, F, bins], mask [B, F] bool}.
std::pair<torch::Tensor, torch::Tensor> padAudioBatch(const std::vector<torch::Tensor>& features);

// Pads token id lists to one batch: {ids [B, T] int64, mask [B, T] bool}.
std::pair<torch::Tensor, torch::Tensor> padTokenBatch(const std::vector<std::vector<int64_t>>& ids);

} // namespace fscope::models
