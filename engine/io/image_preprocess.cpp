#include "io/image_preprocess.h"

#include "util/result.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace fscope::io {

namespace {

// Pillow's fixed point for 8-bit images: 32 bits minus 8 for the sample and 2
// of headroom for the negative lobes of the filter.
constexpr int kPrecisionBits = 32 - 8 - 2;

// Pillow's bicubic_filter (Keys kernel, a = -0.5) and its support radius.
constexpr double kBicubicSupport = 2.0;

double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

// The taps of one pass: output sample i reads `count[i]` inputs from
// `first[i]` on, with fixed-point weights weights[i * stride + k].
struct Taps {
    int stride = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<int32_t> weights;
};

// Pillow's precompute_coeffs + normalize_coeffs_8bpc for the box [0, inSize).
// Each step mirrors the C code, including its float-to-int truncations, so
// that the weights (and so the rounding of every output sample) are the same.
Taps computeTaps(int inSize, int outSize)
{
    const double scale = double(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = kBicubicSupport * filterScale;

    Taps taps;
    taps.stride = int(std::ceil(support)) * 2 + 1;
    taps.first.resize(size_t(outSize));
    taps.count.resize(size_t(outSize));
    taps.weights.assign(size_t(outSize) * size_t(taps.stride), 0);

    std::vector<double> w(size_t(taps.stride));
    for (int i = 0; i < outSize; ++i) {
        const double center = (i + 0.5) * scale;
        const double ss = 1.0 / filterScale;
        // Truncation (not floor) of +0.5, as in Pillow.
        const int xmin = std::max(int(center - support + 0.5), 0);
        const int xmax = std::min(int(center + support + 0.5), inSize) - xmin;

        double sum = 0.0;
        for (int k = 0; k < xmax; ++k) {
            w[size_t(k)] = bicubicFilter((k + xmin - center + 0.5) * ss);
            sum += w[size_t(k)];
        }
        int32_t* out = &taps.weights[size_t(i) * size_t(taps.stride)];
        for (int k = 0; k < xmax; ++k) {
            const double normalised = sum != 0.0 ? w[size_t(k)] / sum : w[size_t(k)];
            const double fixed = normalised * double(1 << kPrecisionBits);
            out[k] = int32_t(normalised < 0 ? -0.5 + fixed : 0.5 + fixed);
        }
        taps.first[size_t(i)] = xmin;
        taps.count[size_t(i)] = std::max(xmax, 0);
    }
    return taps;
}

uint8_t clip8(int64_t acc)
{
    if (acc >= (int64_t(256) << kPrecisionBits))
        return 255;
    if (acc <= 0)
        return 0;
    return uint8_t(acc >> kPrecisionBits);
}

// Accumulators start at one half so that the final shift rounds to nearest.
constexpr int64_t kHalf = int64_t(1) << (kPrecisionBits - 1);

// Horizontal pass over source rows [rowBegin, rowEnd).
ImageRgb8 resampleHorizontal(const ImageRgb8& in, int width, int rowBegin, int rowEnd, const Taps& taps)
{
    ImageRgb8 out;
    out.width = width;
    out.height = rowEnd - rowBegin;
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = 0; y < out.height; ++y) {
        const uint8_t* src = &in.pixels[size_t(y + rowBegin) * size_t(in.width) * 3];
        uint8_t* dst = &out.pixels[size_t(y) * size_t(width) * 3];
        for (int x = 0; x < width; ++x) {
            const int32_t* k = &taps.weights[size_t(x) * size_t(taps.stride)];
            const uint8_t* s = src + size_t(taps.first[size_t(x)]) * 3;
            int64_t r = kHalf, g = kHalf, b = kHalf;
            for (int t = 0; t < taps.count[size_t(x)]; ++t, s += 3) {
                r += int64_t(s[0]) * k[t];
                g += int64_t(s[1]) * k[t];
                b += int64_t(s[2]) * k[t];
            }
            dst[x * 3 + 0] = clip8(r);
            dst[x * 3 + 1] = clip8(g);
            dst[x * 3 + 2] = clip8(b);
        }
    }
    return out;
}

// Vertical pass; taps.first is relative to the first row of `in`.
ImageRgb8 resampleVertical(const ImageRgb8& in, int height, const Taps& taps, int rowShift)
{
    ImageRgb8 out;
    out.width = in.width;
    out.height = height;
    out.pixels.resize(size_t(out.width) * size_t(height) * 3);
    const size_t rowBytes = size_t(in.width) * 3;
    for (int y = 0; y < height; ++y) {
        const int32_t* k = &taps.weights[size_t(y) * size_t(taps.stride)];
        const uint8_t* src = &in.pixels[size_t(taps.first[size_t(y)] - rowShift) * rowBytes];
        uint8_t* dst = &out.pixels[size_t(y) * rowBytes];
        for (size_t x = 0; x < rowBytes; ++x) {
            int64_t acc = kHalf;
            for (int t = 0; t < taps.count[size_t(y)]; ++t)
                acc += int64_t(src[size_t(t) * rowBytes + x]) * k[t];
            dst[x] = clip8(acc);
        }
    }
    return out;
}

void requireValid(const ImageRgb8& image, const char* what)
{
    if (image.width <= 0 || image.height <= 0
        || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw EngineError(std::string(what) + ": image is " + std::to_string(image.width) + "x"
                          + std::to_string(image.height) + " with " + std::to_string(image.pixels.size())
                          + " bytes, expected width * height * 3 > 0");
}

void requirePositive(int value, const char* what)
{
    if (value <= 0)
        throw EngineError(std::string(what) + ": size " + std::to_string(value) + " is not positive");
}

// Python's round() for x >= 0: halves go to the even neighbour.
int roundHalfToEven(double x)
{
    const double down = std::floor(x);
    const double frac = x - down;
    const int n = int(down);
    if (frac > 0.5 || (frac == 0.5 && n % 2 != 0))
        return n + 1;
    return n;
}

} // namespace

ImageRgb8 resizeBicubicPil(const ImageRgb8& image, int width, int height)
{
    requireValid(image, "resizeBicubicPil");
    requirePositive(width, "resizeBicubicPil");
    requirePositive(height, "resizeBicubicPil");
    if (width == image.width && height == image.height)
        return image;

    // Pillow computes both tap sets first, then runs the horizontal pass only
    // over the source rows the vertical pass will read.
    const Taps horizontal = computeTaps(image.width, width);
    const Taps vertical = computeTaps(image.height, height);

    ImageRgb8 out;
    if (width == image.width) {
        out = resampleVertical(image, height, vertical, 0);
    } else {
        const int rowBegin = vertical.first.front();
        const int rowEnd = vertical.first.back() + vertical.count.back();
        out = resampleHorizontal(image, width, rowBegin, rowEnd, horizontal);
        if (height != image.height)
            out = resampleVertical(out, height, vertical, rowBegin);
    }
    out.hadAlpha = image.hadAlpha;
    return out;
}

std::pair<int, int> shortestSideSize(int width, int height, int size, LongSideRule rule)
{
    requirePositive(width, "shortestSideSize");
    requirePositive(height, "shortestSideSize");
    requirePositive(size, "shortestSideSize");
    const bool portrait = width <= height;
    const int shortSide = portrait ? width : height;
    const int longSide = portrait ? height : width;
    // Python's size * long / short: one float division, then int() or round().
    const double exact = double(size) * double(longSide) / double(shortSide);
    if (exact > double(1 << 30))
        throw EngineError("shortestSideSize: " + std::to_string(width) + "x" + std::to_string(height)
                          + " to short side " + std::to_string(size) + " is too large");
    const int newLong = rule == LongSideRule::Truncate ? int(exact) : roundHalfToEven(exact);
    return portrait ? std::pair{size, newLong} : std::pair{newLong, size};
}

ImageRgb8 resizeShortestSide(const ImageRgb8& image, int size, LongSideRule rule)
{
    requireValid(image, "resizeShortestSide");
    const auto [width, height] = shortestSideSize(image.width, image.height, size, rule);
    return resizeBicubicPil(image, width, height);
}

ImageRgb8 centerCrop(const ImageRgb8& image, int size)
{
    requireValid(image, "centerCrop");
    requirePositive(size, "centerCrop");
    // Padding puts (size - side) / 2 zeros before; with the padded side equal
    // to `size` the crop offset is then 0, so both cases reduce to one offset
    // into the source, negative when padding.
    const auto offset = [size](int side) {
        return side < size ? -((size - side) / 2) : roundHalfToEven((side - size) / 2.0);
    };
    const int left = offset(image.width);
    const int top = offset(image.height);

    ImageRgb8 out;
    out.width = size;
    out.height = size;
    out.hadAlpha = image.hadAlpha;
    out.pixels.assign(size_t(size) * size_t(size) * 3, 0);
    for (int y = 0; y < size; ++y) {
        const int sy = y + top;
        if (sy < 0 || sy >= image.height)
            continue;
        const int x0 = std::max(0, -left);
        const int x1 = std::min(size, image.width - left);
        if (x1 <= x0)
            continue;
        const uint8_t* src = &image.pixels[(size_t(sy) * size_t(image.width) + size_t(x0 + left)) * 3];
        std::copy(src, src + size_t(x1 - x0) * 3, &out.pixels[(size_t(y) * size_t(size) + size_t(x0)) * 3]);
    }
    return out;
}

Normalization clipNormalization()
{
    return {{0.48145466f, 0.4578275f, 0.40821073f}, {0.26862954f, 0.26130258f, 0.27577711f}};
}

std::vector<float> toChwNormalized(const ImageRgb8& image, const Normalization& norm)
{
    requireValid(image, "toChwNormalized");
    const size_t plane = size_t(image.width) * size_t(image.height);
    std::vector<float> out(plane * 3);
    for (size_t c = 0; c < 3; ++c) {
        // float32 throughout, one rounding per step, as ToTensor's div(255)
        // and Normalize's sub_(mean).div_(std) do.
        const float mean = norm.mean[c];
        const float deviation = norm.std[c];
        float* dst = &out[c * plane];
        for (size_t i = 0; i < plane; ++i) {
            const float unit = float(image.pixels[i * 3 + c]) / 255.0f;
            dst[i] = (unit - mean) / deviation;
        }
    }
    return out;
}

std::vector<float> clipPreprocess(const ImageRgb8& image, int resolution, const Normalization& norm,
                                  LongSideRule rule)
{
    return toChwNormalized(centerCrop(resizeShortestSide(image, resolution, rule), resolution), norm);
}

} // namespace fscope::io
