#pragma once
// Image preprocessing for imported CLIP models, equal to the reference pipeline
// (torchvision on a PIL image): Resize(n, BICUBIC) -> CenterCrop(n) -> ToTensor
// -> Normalize(CLIP mean/std). Plain buffers: no LibTorch, no OpenCV, no Qt.
// Usage:
//
//   auto image = fscope::io::loadImage("photo.jpg");          // io/image.h
//   std::vector<float> chw = fscope::io::clipPreprocess(*image, /*resolution=*/224);
//   torch::from_blob(chw.data(), {1, 3, 224, 224}).clone();    // at the caller
//
// Why it reimplements PIL rather than using OpenCV's cv::resize: the models were
// trained and their golden outputs made on PIL's resampler, which widens the
// filter by the shrink factor (antialiasing) and rounds to 8 bits after each of
// its two passes; cv::resize(INTER_CUBIC) samples 4 taps (a = -0.75) whatever
// the shrink and differs by many levels on large ones. resizeBicubicPil follows
// Pillow's Resample.c to the bit: same taps and weights, same 22-bit fixed
// point, horizontal pass first.
//
// Alpha: the loader has already dropped it (convert("RGB") without compositing)
// before anything here runs, as the shared golden fixture does. OpenAI's own
// transform converts after the crop, so PIL resizes RGBA images there with
// premultiplied alpha; colours next to partly transparent pixels then differ.
//
// The long side: torchvision truncates int(size * long / short); the golden
// fixture (clip-tiny pixel_values) was made with it rounded instead (CLIP.png
// 2162x762 -> 91x32, not 90x32). LongSideRule selects between the two.
//
// Thread-safety: pure functions without shared state; any thread may call them
// at the same time. Invalid sizes (<= 0, or pixels not width * height * 3 bytes)
// throw fscope::EngineError.

#include "io/image.h"

#include <array>
#include <utility>
#include <vector>

namespace fscope::io {

// PIL's Image.resize(size, Image.BICUBIC) on an RGB image: bicubic (a = -0.5)
// with the filter support scaled by the shrink factor when downsampling.
// Returns a copy when the size does not change.
ImageRgb8 resizeBicubicPil(const ImageRgb8& image, int width, int height);

// How the long side's length is rounded when the short side becomes `size`.
enum class LongSideRule {
    Truncate, // int(size * long / short): torchvision Resize, Hugging Face CLIPImageProcessor
    Round,    // round(size * long / short), halves to even: the clip-tiny golden fixture
};

// The size rule of torchvision's Resize(size) with one int: the shorter side
// becomes `size`, the longer size * long / short rounded by `rule`. A square
// counts as portrait (width is the short side), as in torchvision.
// Returns {width, height}.
std::pair<int, int> shortestSideSize(int width, int height, int size,
                                     LongSideRule rule = LongSideRule::Truncate);

// torchvision Resize(size, interpolation=BICUBIC) on a PIL image.
ImageRgb8 resizeShortestSide(const ImageRgb8& image, int size, LongSideRule rule = LongSideRule::Truncate);

// torchvision CenterCrop(size): the top-left offset is int(round((h - size) / 2))
// with Python's round (halves to even); a side shorter than `size` is first
// padded with zeros, (size - h) / 2 before and the rest after.
ImageRgb8 centerCrop(const ImageRgb8& image, int size);

struct Normalization {
    std::array<float, 3> mean{0.f, 0.f, 0.f};
    std::array<float, 3> std{1.f, 1.f, 1.f};
};

// OpenAI CLIP's mean and std (also in every Hugging Face CLIP preprocessor_config.json).
Normalization clipNormalization();

// ToTensor + Normalize: [3, H, W] floats, ((v / 255) - mean[c]) / std[c] in
// float32 arithmetic, in the order torchvision computes it.
std::vector<float> toChwNormalized(const ImageRgb8& image, const Normalization& norm);

// All of the above: resizeShortestSide, centerCrop, toChwNormalized.
// Returns 3 * resolution * resolution floats.
std::vector<float> clipPreprocess(const ImageRgb8& image, int resolution,
                                  const Normalization& norm = clipNormalization(),
                                  LongSideRule rule = LongSideRule::Truncate);

} // namespace fscope::io
