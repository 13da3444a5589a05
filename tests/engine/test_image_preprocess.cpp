// CLIP image preprocessing: the PIL-equivalent resampler on images whose answer
// is known without PIL (constants, stripes, identity), torchvision's size and
// crop rules, the normalisation, and the clip-tiny golden pixel_values.
#include "check.h"

#include "io/image.h"
#include "io/image_preprocess.h"
#include "io/safetensors.h"
#include "util/json.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <utility>

using namespace fscope::io;

namespace {

ImageRgb8 makeImage(int width, int height, const std::function<uint8_t(int x, int y, int c)>& value)
{
    ImageRgb8 image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height) * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                image.pixels[(size_t(y) * size_t(width) + size_t(x)) * 3 + size_t(c)] = value(x, y, c);
    return image;
}

int pixel(const ImageRgb8& image, int x, int y, int c)
{
    return image.pixels[(size_t(y) * size_t(image.width) + size_t(x)) * 3 + size_t(c)];
}

} // namespace

FS_TEST(image_preprocess, constant_image_stays_constant)
{
    // The normalised weights sum to one in 22-bit fixed point, so a flat
    // colour survives any shrink or enlargement, in one pass or two.
    const auto flat = makeImage(37, 23, [](int, int, int c) { return uint8_t(c == 0 ? 200 : c == 1 ? 7 : 255); });
    for (const auto& [w, h] : {std::pair{5, 3}, {37, 9}, {90, 23}, {101, 64}, {1, 1}}) {
        const auto out = resizeBicubicPil(flat, w, h);
        FS_REQUIRE(out.width == w && out.height == h);
        FS_REQUIRE(out.pixels.size() == size_t(w) * size_t(h) * 3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                FS_CHECK_EQ(pixel(out, x, y, 0), 200);
                FS_CHECK_EQ(pixel(out, x, y, 1), 7);
                FS_CHECK_EQ(pixel(out, x, y, 2), 255);
            }
    }
}

FS_TEST(image_preprocess, identity_size_and_single_axis_passes)
{
    const auto noise = makeImage(19, 11, [](int x, int y, int c) { return uint8_t((x * 37 + y * 91 + c * 53) % 256); });
    auto tagged = noise;
    tagged.hadAlpha = true;
    const auto same = resizeBicubicPil(tagged, 19, 11);
    FS_CHECK(same.pixels == noise.pixels);
    FS_CHECK(same.hadAlpha);

    // Rows constant along x: a width-only resize must leave each row's value,
    // and a height-only resize of columns constant along y likewise.
    const auto rows = makeImage(19, 11, [](int, int y, int) { return uint8_t(y * 20); });
    const auto wider = resizeBicubicPil(rows, 7, 11);
    for (int y = 0; y < 11; ++y)
        for (int x = 0; x < 7; ++x)
            FS_CHECK_EQ(pixel(wider, x, y, 1), y * 20);
    const auto columns = makeImage(19, 11, [](int x, int, int) { return uint8_t(x * 13); });
    const auto taller = resizeBicubicPil(columns, 19, 30);
    FS_CHECK(taller.hadAlpha == false);
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 19; ++x)
            FS_CHECK_EQ(pixel(taller, x, y, 2), x * 13);
}

FS_TEST(image_preprocess, shrinking_stripes_averages_them)
{
    // Stripes two pixels wide: 255 0 0 255 | 255 0 0 255 ... Each output pixel
    // of a 4x shrink is centred on a pair of zeros, so a plain 4-tap bicubic
    // gives 0 there; PIL's filter, widened to 16 taps, averages to ~127.5.
    const auto stripes = makeImage(64, 4, [](int x, int, int) { return uint8_t(((x + 1) / 2) % 2 == 0 ? 255 : 0); });
    const auto out = resizeBicubicPil(stripes, 16, 4);
    for (int y = 0; y < 4; ++y)
        for (int x = 2; x < 14; ++x) // away from the edges, where PIL renormalises a clipped window
            for (int c = 0; c < 3; ++c)
                FS_CHECK_NEAR(pixel(out, x, y, c), 127.5, 1.0);

    // Enlarging does not widen the filter: a step stays sharp, with bicubic's
    // overshoot clipped to 0 and 255.
    const auto step = makeImage(8, 1, [](int x, int, int) { return uint8_t(x < 4 ? 0 : 255); });
    const auto big = resizeBicubicPil(step, 32, 1);
    FS_CHECK_EQ(pixel(big, 0, 0, 0), 0);
    FS_CHECK_EQ(pixel(big, 12, 0, 0), 0);
    FS_CHECK_EQ(pixel(big, 19, 0, 0), 255);
    FS_CHECK_EQ(pixel(big, 31, 0, 0), 255);
    FS_CHECK(pixel(big, 15, 0, 0) < 128 && pixel(big, 16, 0, 0) > 128);
}

FS_TEST(image_preprocess, shortest_side_sizes)
{
    using R = LongSideRule;
    // torchvision: int(32 * 2162 / 762) = int(90.79) = 90; rounded: 91.
    FS_CHECK(shortestSideSize(2162, 762, 32) == std::pair(90, 32));
    FS_CHECK(shortestSideSize(2162, 762, 32, R::Round) == std::pair(91, 32));
    // Portrait: 32 * 367 / 98 = 119.84.
    FS_CHECK(shortestSideSize(98, 367, 32) == std::pair(32, 119));
    FS_CHECK(shortestSideSize(98, 367, 32, R::Round) == std::pair(32, 120));
    FS_CHECK(shortestSideSize(367, 98, 32) == std::pair(119, 32));
    FS_CHECK(shortestSideSize(500, 500, 32) == std::pair(32, 32));
    FS_CHECK(shortestSideSize(640, 480, 224) == std::pair(298, 224)); // 298.67
    FS_CHECK(shortestSideSize(640, 480, 224, R::Round) == std::pair(299, 224));
    // Halves go to even, as Python's round: 3 * 5 / 2 = 7.5 -> 8, 5 * 5 / 2 = 12.5 -> 12.
    FS_CHECK(shortestSideSize(5, 2, 3, R::Round) == std::pair(8, 3));
    FS_CHECK(shortestSideSize(5, 2, 5, R::Round) == std::pair(12, 5));
    // Upscaling uses the same rule.
    FS_CHECK(shortestSideSize(3, 10, 32) == std::pair(32, 106)); // 106.67

    const auto image = makeImage(2162 / 20, 762 / 20, [](int, int, int) { return uint8_t(9); });
    const auto resized = resizeShortestSide(image, 32); // 108x38 -> int(90.95) = 90
    FS_CHECK_EQ(resized.width, 90);
    FS_CHECK_EQ(resized.height, 32);
    FS_CHECK_THROWS(shortestSideSize(0, 10, 32));
    FS_CHECK_THROWS(shortestSideSize(10, 10, 0));
    FS_CHECK_THROWS(resizeBicubicPil(image, 0, 5));
}

FS_TEST(image_preprocess, center_crop_offsets_and_padding)
{
    // Pixel values encode their source coordinates, so the first output pixel names the offset.
    const auto coords = [](int w, int h) {
        return makeImage(w, h, [](int x, int y, int c) { return uint8_t(c == 0 ? x : c == 1 ? y : 1); });
    };
    const auto offsetOf = [&](int w, int h, int size) {
        const auto out = centerCrop(coords(w, h), size);
        return std::pair(pixel(out, 0, 0, 0), pixel(out, 0, 0, 1));
    };
    FS_CHECK(offsetOf(90, 32, 32) == std::pair(29, 0));  // (90 - 32) / 2 = 29
    FS_CHECK(offsetOf(91, 32, 32) == std::pair(30, 0));  // 29.5 -> 30 (even)
    FS_CHECK(offsetOf(93, 32, 32) == std::pair(30, 0));  // 30.5 -> 30 (even)
    FS_CHECK(offsetOf(119, 32, 32) == std::pair(44, 0)); // 43.5 -> 44 (even)
    FS_CHECK(offsetOf(32, 35, 32) == std::pair(0, 2));   // 1.5 -> 2
    FS_CHECK(offsetOf(33, 37, 32) == std::pair(0, 2));   // 0.5 -> 0, 2.5 -> 2

    // Smaller than the crop: zeros, (size - side) / 2 before and the rest after.
    const auto padded = centerCrop(coords(30, 40), 33);
    FS_REQUIRE(padded.width == 33 && padded.height == 33);
    FS_CHECK_EQ(pixel(padded, 0, 0, 2), 0);  // left pad column
    FS_CHECK_EQ(pixel(padded, 1, 0, 2), 1);  // first source column
    FS_CHECK_EQ(pixel(padded, 1, 0, 0), 0);
    FS_CHECK_EQ(pixel(padded, 1, 0, 1), 4);  // rows cropped at round(3.5) = 4
    FS_CHECK_EQ(pixel(padded, 30, 5, 0), 29); // last source column
    FS_CHECK_EQ(pixel(padded, 31, 5, 2), 0);  // right pad, two columns
    FS_CHECK_EQ(pixel(padded, 32, 5, 2), 0);
    const auto tiny = centerCrop(coords(1, 1), 4); // pad 1 before, 2 after on both axes
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            FS_CHECK_EQ(pixel(tiny, x, y, 2), x == 1 && y == 1 ? 1 : 0);
}

FS_TEST(image_preprocess, normalisation_of_known_pixels)
{
    const auto norm = clipNormalization();
    FS_CHECK_EQ(norm.mean[0], 0.48145466f);
    FS_CHECK_EQ(norm.std[2], 0.27577711f);
    // 2x1 image: pixel 0 = (0, 128, 255), pixel 1 = (255, 0, 128); output is planar [3, 1, 2].
    auto image = makeImage(2, 1, [](int x, int, int c) {
        const uint8_t values[2][3] = {{0, 128, 255}, {255, 0, 128}};
        return values[x][c];
    });
    const auto chw = toChwNormalized(image, norm);
    FS_REQUIRE(chw.size() == 6);
    const auto expected = [&](int v, int c) { return (v / 255.0 - norm.mean[c]) / norm.std[c]; };
    FS_CHECK_NEAR(chw[0], expected(0, 0), 1e-6);   // R of pixel 0: -1.79226...
    FS_CHECK_NEAR(chw[1], expected(255, 0), 1e-6); // R of pixel 1: 1.93033...
    FS_CHECK_NEAR(chw[2], expected(128, 1), 1e-6); // G plane
    FS_CHECK_NEAR(chw[3], expected(0, 1), 1e-6);
    FS_CHECK_NEAR(chw[4], expected(255, 2), 1e-6); // B plane
    FS_CHECK_NEAR(chw[5], expected(128, 2), 1e-6);
    FS_CHECK_NEAR(chw[0], -1.7922625, 1e-6);
    FS_CHECK_NEAR(chw[1], 1.9303361, 1e-6);

    // Identity normalisation is ToTensor alone.
    const auto plain = toChwNormalized(image, Normalization{});
    FS_CHECK_EQ(plain[2], 128.0f / 255.0f);

    const auto full = clipPreprocess(makeImage(50, 40, [](int, int, int) { return uint8_t(128); }), 8);
    FS_REQUIRE(full.size() == 3 * 8 * 8);
    FS_CHECK_EQ(full[0], (128.0f / 255.0f - norm.mean[0]) / norm.std[0]);
}

FS_TEST(image_preprocess, golden_clip_tiny_pixel_values)
{
    const std::string fixtures = fscope::check::requiredFixturesDir();
    const std::string dir = fixtures + "/clip-tiny/";
    const auto golden = fscope::safetensors::File::open(dir + "golden.safetensors");
    if (!golden.ok())
        FS_CHECK_EQ(golden.error().message, std::string());
    FS_REQUIRE(golden.ok());
    const auto expected = golden->tensor("pixel_values").contiguous();
    FS_REQUIRE(expected.dim() == 4 && expected.size(1) == 3 && expected.size(2) == 32 && expected.size(3) == 32);

    std::ifstream in(dir + "golden.json", std::ios::binary);
    const auto doc = fscope::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    FS_REQUIRE(doc.ok() && doc->find("images"));
    const auto& names = doc->find("images")->asArray();
    FS_REQUIRE(int64_t(names.size()) == expected.size(0));

    for (size_t i = 0; i < names.size(); ++i) {
        const std::string name = names[i].asString();
        const auto image = loadImage(dir + "inputs/" + name);
        if (!image.ok())
            FS_CHECK_EQ(image.error().message, std::string());
        FS_REQUIRE(image.ok());
        // The fixture rounds the long side (CLIP.png -> 91x32, photo.jpg ->
        // 120x32); with torchvision's truncation the crops land half a source
        // column apart and differ by up to ~1.8 after normalisation.
        const auto actual = clipPreprocess(*image, 32, clipNormalization(), LongSideRule::Round);
        FS_REQUIRE(actual.size() == 3 * 32 * 32);
        const float* want = expected[int64_t(i)].data_ptr<float>();
        double maxDiff = 0.0;
        for (size_t k = 0; k < actual.size(); ++k)
            maxDiff = std::max(maxDiff, double(std::fabs(actual[k] - want[k])));
        // Bit-exact with PIL's resampler, libjpeg-turbo's decoder and torch's float32 arithmetic.
        if (maxDiff != 0.0)
            FS_CHECK_EQ(name + " max abs diff " + std::to_string(maxDiff), name + " max abs diff 0");
    }
}
