// The image loader (io/image.h, OpenCV underneath): the header peek that
// enforces the pixel budget before decoding, then the decode and conversion
// to 8-bit RGB. Every input must decode or fail with a message; an image that
// decodes has width * height * 3 bytes within the budget. The budget is lower
// than the app's (4 Mpixel, not 100) so that each input decodes in
// milliseconds; the code that enforces it is the same.

#include "fuzz_support.h"

#include "io/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace fscope;
    (void)io::peekImageSize(data, size);

    io::ImageLoadOptions options;
    options.maxPixels = 4'000'000;
    const std::vector<uint8_t> bytes(data, data + size);
    const auto image = io::decodeImage(bytes, "input", options);
    if (!image) {
        FSCOPE_FUZZ_CHECK(image.error().message.rfind("input: ", 0) == 0, "error does not name the file");
        return 0;
    }
    FSCOPE_FUZZ_CHECK(image->width > 0 && image->height > 0, "an empty image");
    FSCOPE_FUZZ_CHECK(int64_t(image->width) * image->height <= options.maxPixels, "over the pixel budget");
    FSCOPE_FUZZ_CHECK(image->pixels.size() == size_t(image->width) * size_t(image->height) * 3, "wrong pixel count");
    return 0;
}
