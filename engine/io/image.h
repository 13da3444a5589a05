#pragma once
// Image files in and out as plain 8-bit RGB buffers (no LibTorch, no Qt), so the
// UI and the engine share one decoder. Usage:
//
//   auto image = fscope::io::loadImage("photo.jpg");
//   if (!image) showError(image.error().message);   // "photo.jpg: empty file"
//   use(image->width, image->height, image->pixels);  // RGB, row-major
//
// What the decoder does, and why:
//  - The header's width x height is checked against ImageLoadOptions::maxPixels
//    before anything is decoded, so a 60000x60000 PNG costs a few bytes of
//    parsing, not gigabytes. Formats whose size peekImageSize cannot read are
//    checked right after decoding (OpenCV refuses more than 2^30 pixels itself).
//  - Alpha is dropped, never composited: CLIP's reference preprocessing calls
//    PIL's convert("RGB"), which discards the alpha channel. hadAlpha tells the
//    UI that it happened.
//  - 16-bit samples keep their high byte (v >> 8): exact, and what PIL does when
//    it opens a 16-bit RGB(A) PNG.
//  - EXIF orientation is not applied, as in PIL's Image.open (the reference the
//    models are compared with).
//  - Grey and palette images become RGB; the first frame of multi-page files.
//
// Every function is reentrant: any thread may call them at the same time
// (they share no state). Errors are one line starting with the path as given.

#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fscope::io {

struct ImageRgb8 {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; // RGB, row-major, width * height * 3 bytes
    bool hadAlpha = false;       // the file had an alpha channel (now dropped)
};

struct ImageLoadOptions {
    // Larger images are refused before decoding (width * height > maxPixels).
    int64_t maxPixels = 100'000'000;
};

// Reads and decodes an image file: PNG, JPEG, BMP, WebP or TIFF. Other formats
// are refused before OpenCV sees them, even those its build could decode: some
// of Debian's decoders (DICOM through GDCM) abort the process on a bad file.
Result<ImageRgb8> loadImage(const std::string& path, const ImageLoadOptions& options = {});

// Decodes an encoded image held in memory; nameForErrors starts every message.
Result<ImageRgb8> decodeImage(const std::vector<uint8_t>& bytes, const std::string& nameForErrors,
                              const ImageLoadOptions& options = {});

// Writes a PNG. The file is written beside `path` and renamed over it at the
// end, so a failed save leaves an existing file untouched.
Result<void> saveImagePng(const std::string& path, const ImageRgb8& image);

// Checks an image file by its first bytes only, cheaply enough for every file a
// person adds: refuses empty files, formats loadImage would refuse and headers
// over the pixel budget. Returns the size from the header, or {0, 0} when the
// header does not say (decoding may still fail later).
Result<std::pair<int, int>> probeImage(const std::string& path, const ImageLoadOptions& options = {});

// Width and height from a PNG (IHDR), JPEG (SOFn), BMP, GIF, WebP (VP8, VP8L,
// VP8X) or TIFF header, without decoding; nullopt when the format is not one of
// these or the header is cut short.
std::optional<std::pair<int, int>> peekImageSize(const uint8_t* data, size_t size);

} // namespace fscope::io
