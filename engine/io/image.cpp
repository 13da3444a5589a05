#include "io/image.h"

#include "io/file_checks.h"
#include "io/quiet_stderr.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <new>
#include <system_error>
#include <thread>

namespace fscope::io {

namespace {

namespace fs = std::filesystem;

Error fail(const std::string& name, const std::string& what)
{
    return fileError(name, what);
}

std::string errnoText(int code)
{
    return std::generic_category().message(code);
}

// ---- header parsing: every read is bounds-checked by its caller ----

uint32_t be16(const uint8_t* p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t le16(const uint8_t* p) { return uint32_t(p[1]) << 8 | p[0]; }
uint32_t be32(const uint8_t* p) { return be16(p) << 16 | be16(p + 2); }
uint32_t le32(const uint8_t* p) { return le16(p + 2) << 16 | le16(p); }
uint32_t le24(const uint8_t* p) { return uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }

// Headers store unsigned sizes; anything past INT_MAX is clamped so that the
// pixel limit still refuses it instead of the value wrapping to a small one.
std::optional<std::pair<int, int>> sized(uint64_t width, uint64_t height)
{
    if (width == 0 || height == 0)
        return std::nullopt; // e.g. a JPEG whose height comes later (DNL marker)
    const auto clamp = [](uint64_t v) { return int(v > uint64_t(INT_MAX) ? INT_MAX : v); };
    return std::make_pair(clamp(width), clamp(height));
}

std::optional<std::pair<int, int>> peekJpeg(const uint8_t* d, size_t size)
{
    size_t i = 2; // after SOI
    while (i < size) {
        if (d[i] != 0xFF)
            return std::nullopt;
        while (i < size && d[i] == 0xFF) // fill bytes may precede a marker
            ++i;
        if (i >= size)
            return std::nullopt;
        const uint8_t marker = d[i++];
        if (marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // markers without a length field
        if (marker == 0xD9 || marker == 0xDA)
            return std::nullopt; // end of image or scan data before any frame header
        if (i + 2 > size)
            return std::nullopt;
        const size_t length = be16(d + i);
        if (length < 2)
            return std::nullopt;
        const bool frameHeader = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
            && marker != 0xCC; // DHT, JPG and DAC share the range but are not SOFn
        if (frameHeader) {
            if (i + 7 > size)
                return std::nullopt;
            return sized(be16(d + i + 5), be16(d + i + 3)); // precision, height, width
        }
        i += length;
    }
    return std::nullopt;
}

std::optional<std::pair<int, int>> peekBmp(const uint8_t* d, size_t size)
{
    if (size < 26)
        return std::nullopt;
    if (le32(d + 14) == 12) // OS/2 BITMAPCOREHEADER: 16-bit unsigned sizes
        return sized(le16(d + 18), le16(d + 20));
    const int64_t width = int32_t(le32(d + 18));
    const int64_t height = int32_t(le32(d + 22)); // negative: rows stored top-down
    if (width <= 0)
        return std::nullopt;
    return sized(uint64_t(width), uint64_t(height < 0 ? -height : height));
}

std::optional<std::pair<int, int>> peekWebp(const uint8_t* d, size_t size)
{
    if (size < 20)
        return std::nullopt;
    if (std::memcmp(d + 12, "VP8L", 4) == 0) {
        if (size < 25 || d[20] != 0x2F)
            return std::nullopt;
        const uint32_t bits = le32(d + 21);
        return sized((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
    }
    if (size < 30)
        return std::nullopt;
    if (std::memcmp(d + 12, "VP8X", 4) == 0)
        return sized(uint64_t(le24(d + 24)) + 1, uint64_t(le24(d + 27)) + 1);
    if (std::memcmp(d + 12, "VP8 ", 4) == 0) {
        if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A) // key frame start code
            return std::nullopt;
        return sized(le16(d + 26) & 0x3FFF, le16(d + 28) & 0x3FFF);
    }
    return std::nullopt;
}

std::optional<std::pair<int, int>> peekTiff(const uint8_t* d, size_t size)
{
    const bool little = d[0] == 'I';
    const auto rd16 = [&](size_t at) { return little ? le16(d + at) : be16(d + at); };
    const auto rd32 = [&](size_t at) { return little ? le32(d + at) : be32(d + at); };
    if (size < 8 || rd16(2) != 42)
        return std::nullopt; // BigTIFF (43) is left to the decoder
    const size_t ifd = rd32(4);
    if (ifd > size || size - ifd < 2)
        return std::nullopt;
    const size_t count = rd16(ifd);
    uint64_t width = 0;
    uint64_t height = 0;
    for (size_t k = 0; k < count; ++k) {
        const size_t entry = ifd + 2 + 12 * k;
        if (entry + 12 > size)
            break;
        const uint32_t tag = rd16(entry);
        const uint32_t type = rd16(entry + 2);
        if (tag != 256 && tag != 257)
            continue;
        const uint64_t value = type == 3 ? rd16(entry + 8) : type == 4 ? rd32(entry + 8) : 0;
        (tag == 256 ? width : height) = value;
    }
    return sized(width, height);
}

// Debian's OpenCV also carries decoders that must never see untrusted bytes:
// GDCM's DICOM reader aborts the process on a malformed file, and GDAL,
// OpenJPEG, OpenEXR and the rest add attack surface for formats FusionScope
// does not read. imdecode hands the bytes to the first decoder whose signature
// matches, and two of them probe deep into the file ("DICM" at offset 128 for
// GDCM, "DTED" at 140 for GDAL). So only PNG, JPEG, BMP, TIFF and WebP get
// through, each by the signature that makes OpenCV try its decoder before any
// other (checked against OpenCV 4.6's decoder order).
bool supportedSignature(const uint8_t* d, size_t size)
{
    static const uint8_t pngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (size >= 8 && std::memcmp(d, pngSignature, 8) == 0)
        return true;
    if (size >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) // OpenCV's JPEG signature is three bytes
        return true;
    if (size >= 2 && d[0] == 'B' && d[1] == 'M')
        return true;
    if (size >= 4
        && (std::memcmp(d, "II\x2A\0", 4) == 0 || std::memcmp(d, "MM\0\x2A", 4) == 0 // TIFF
            || std::memcmp(d, "II\x2B\0", 4) == 0 || std::memcmp(d, "MM\0\x2B", 4) == 0)) // BigTIFF
        return true;
    if (size >= 12 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0) {
        // OpenCV's WebP decoder claims only files whose first 32 bytes libwebp
        // accepts; any other goes on down the list, where the deep probes wait.
        const bool dicom = size >= 132 && std::memcmp(d + 128, "DICM", 4) == 0;
        const bool dted = size >= 144 && std::memcmp(d + 140, "DTED", 4) == 0;
        return !dicom && !dted;
    }
    return false;
}

// ---- decoding ----

// Reads the whole file; errors say why in the user's terms.
Result<std::vector<uint8_t>> readFileBytes(const std::string& path)
{
    // Emptiness is judged after reading: pipes report size 0.
    if (auto problem = inputFileProblem(path, /*allowEmpty=*/true))
        return *problem;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return fail(path, "cannot open file (" + errnoText(errno) + ")");
    std::vector<uint8_t> bytes;
    try {
        // Chunked reads: the size on disk may change, or not be known (a pipe).
        constexpr size_t chunk = size_t(1) << 20;
        for (;;) {
            const size_t used = bytes.size();
            bytes.resize(used + chunk);
            const size_t got = std::fread(bytes.data() + used, 1, chunk, file);
            bytes.resize(used + got);
            if (got < chunk)
                break;
        }
    } catch (const std::bad_alloc&) {
        std::fclose(file);
        return fail(path, "out of memory reading the file");
    }
    const bool readError = std::ferror(file) != 0;
    const int readErrno = errno;
    std::fclose(file);
    if (readError)
        return fail(path, "cannot read file (" + errnoText(readErrno) + ")");
    if (bytes.empty())
        return fail(path, "empty file");
    return bytes;
}

std::string tooLarge(int64_t width, int64_t height, int64_t limit)
{
    return std::to_string(width) + "x" + std::to_string(height) + " pixels exceeds the limit of "
        + std::to_string(limit);
}

// Any depth to 8 bits. 16-bit keeps the high byte (exact, PIL's choice for
// 16-bit RGB PNGs); rounding by convertTo would turn 0x80FF into 129, not 128.
bool toEightBit(const cv::Mat& raw, cv::Mat& eight)
{
    switch (raw.depth()) {
    case CV_8U:
        eight = raw;
        return true;
    case CV_16U: {
        eight.create(raw.rows, raw.cols, CV_MAKETYPE(CV_8U, raw.channels()));
        const size_t rowValues = size_t(raw.cols) * size_t(raw.channels());
        for (int y = 0; y < raw.rows; ++y) {
            const uint16_t* in = raw.ptr<uint16_t>(y);
            uint8_t* out = eight.ptr<uint8_t>(y);
            for (size_t x = 0; x < rowValues; ++x)
                out[x] = uint8_t(in[x] >> 8);
        }
        return true;
    }
    case CV_32F:
    case CV_64F:
        raw.convertTo(eight, CV_8U, 255.0); // saturating: HDR values clip to 0..255
        return true;
    default:
        return false;
    }
}

} // namespace

std::optional<std::pair<int, int>> peekImageSize(const uint8_t* data, size_t size)
{
    if (!data || size < 8)
        return std::nullopt;
    const uint8_t* d = data;
    static const uint8_t pngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (std::memcmp(d, pngSignature, 8) == 0) {
        if (size < 24 || std::memcmp(d + 12, "IHDR", 4) != 0)
            return std::nullopt;
        return sized(be32(d + 16), be32(d + 20));
    }
    if (d[0] == 0xFF && d[1] == 0xD8)
        return peekJpeg(d, size);
    if (d[0] == 'B' && d[1] == 'M')
        return peekBmp(d, size);
    if (size >= 10 && (std::memcmp(d, "GIF87a", 6) == 0 || std::memcmp(d, "GIF89a", 6) == 0))
        return sized(le16(d + 6), le16(d + 8));
    if (size >= 12 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0)
        return peekWebp(d, size);
    if ((d[0] == 'I' && d[1] == 'I') || (d[0] == 'M' && d[1] == 'M'))
        return peekTiff(d, size);
    return std::nullopt;
}

Result<ImageRgb8> decodeImage(const std::vector<uint8_t>& bytes, const std::string& nameForErrors,
                              const ImageLoadOptions& options)
{
    const std::string& name = nameForErrors;
    if (bytes.empty())
        return fail(name, "empty file");
    if (bytes.size() > size_t(INT_MAX))
        return fail(name, "file too large to decode (" + std::to_string(bytes.size()) + " bytes)");
    const std::string corrupt = "not a supported image or corrupt data";
    if (!supportedSignature(bytes.data(), bytes.size()))
        return fail(name, corrupt);
    if (const auto size = peekImageSize(bytes.data(), bytes.size())) {
        if (int64_t(size->first) * size->second > options.maxPixels)
            return fail(name, tooLarge(size->first, size->second, options.maxPixels));
    }
    try {
        const cv::Mat encoded(1, int(bytes.size()), CV_8U, const_cast<uint8_t*>(bytes.data()));
        // UNCHANGED keeps alpha and 16-bit samples, and ignores EXIF rotation like PIL.
        const cv::Mat raw = [&] {
            QuietStderr quiet; // libpng and libjpeg print their own complaints
            return cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
        }();
        if (raw.empty() || raw.dims != 2)
            return fail(name, corrupt);
        // Formats peekImageSize cannot read are checked after the fact.
        if (int64_t(raw.cols) * raw.rows > options.maxPixels)
            return fail(name, tooLarge(raw.cols, raw.rows, options.maxPixels));
        cv::Mat eight;
        if (!toEightBit(raw, eight))
            return fail(name, "unsupported pixel format (OpenCV type " + std::to_string(raw.type()) + ")");

        ImageRgb8 image;
        image.width = eight.cols;
        image.height = eight.rows;
        image.pixels.resize(size_t(eight.cols) * size_t(eight.rows) * 3);
        // cvtColor writes straight into the vector: create() keeps a buffer whose
        // size and type already match.
        cv::Mat rgb(eight.rows, eight.cols, CV_8UC3, image.pixels.data());
        switch (eight.channels()) {
        case 1:
            cv::cvtColor(eight, rgb, cv::COLOR_GRAY2RGB);
            break;
        case 2: { // grey + alpha
            cv::Mat grey;
            cv::extractChannel(eight, grey, 0);
            cv::cvtColor(grey, rgb, cv::COLOR_GRAY2RGB);
            image.hadAlpha = true;
            break;
        }
        case 3:
            cv::cvtColor(eight, rgb, cv::COLOR_BGR2RGB);
            break;
        case 4:
            cv::cvtColor(eight, rgb, cv::COLOR_BGRA2RGB); // alpha dropped, not composited
            image.hadAlpha = true;
            break;
        default:
            return fail(name, "unsupported number of channels (" + std::to_string(eight.channels()) + ")");
        }
        if (rgb.data != image.pixels.data()) // never expected; keeps the result correct regardless
            std::memcpy(image.pixels.data(), rgb.data, image.pixels.size());
        return image;
    } catch (const cv::Exception& e) {
        if (e.code == cv::Error::StsNoMem)
            return fail(name, "out of memory decoding the image");
        return fail(name, corrupt);
    } catch (const std::bad_alloc&) {
        return fail(name, "out of memory decoding the image");
    } catch (const std::exception&) {
        return fail(name, corrupt);
    }
}

Result<ImageRgb8> loadImage(const std::string& path, const ImageLoadOptions& options)
{
    auto bytes = readFileBytes(path);
    if (!bytes)
        return bytes.error();
    return decodeImage(bytes.value(), path, options);
}

Result<void> saveImagePng(const std::string& path, const ImageRgb8& image)
{
    const int64_t expected = int64_t(image.width) * image.height * 3;
    if (image.width <= 0 || image.height <= 0 || int64_t(image.pixels.size()) != expected)
        return fail(path, "cannot save a " + std::to_string(image.width) + "x" + std::to_string(image.height)
                              + " image from " + std::to_string(image.pixels.size()) + " bytes of RGB");
    std::vector<uint8_t> encoded;
    try {
        const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
        cv::Mat bgr;
        cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
        if (!cv::imencode(".png", bgr, encoded))
            return fail(path, "PNG encoding failed");
    } catch (const cv::Exception&) {
        return fail(path, "PNG encoding failed");
    } catch (const std::bad_alloc&) {
        return fail(path, "out of memory encoding the image");
    }

    // A unique sibling name: two threads saving the same path must not share it.
    static std::atomic<unsigned> counter{0};
    const std::string partial = path + ".part"
        + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000) + "-"
        + std::to_string(counter.fetch_add(1));
    std::FILE* file = std::fopen(partial.c_str(), "wb");
    if (!file)
        return fail(path, "cannot write file (" + errnoText(errno) + ")");
    bool written = std::fwrite(encoded.data(), 1, encoded.size(), file) == encoded.size();
    int writeErrno = errno;
    if (std::fclose(file) != 0 && written) {
        written = false;
        writeErrno = errno;
    }
    std::error_code ec;
    if (written)
        fs::rename(partial, path, ec);
    if (!written || ec) {
        const std::string why = written ? ec.message() : errnoText(writeErrno);
        fs::remove(partial, ec);
        return fail(path, "cannot write file (" + why + ")");
    }
    return {};
}

Result<std::pair<int, int>> probeImage(const std::string& path, const ImageLoadOptions& options)
{
    if (auto problem = inputFileProblem(path, /*allowEmpty=*/true))
        return *problem;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return fail(path, "cannot open file (" + errnoText(errno) + ")");
    // JPEG sizes come after the EXIF block, which may hold a 64 KB thumbnail.
    std::vector<uint8_t> head(256 * 1024);
    head.resize(std::fread(head.data(), 1, head.size(), file));
    std::fclose(file);
    if (head.empty())
        return fail(path, "empty file");
    if (!supportedSignature(head.data(), head.size()))
        return fail(path, "not a supported image or corrupt data");
    const auto size = peekImageSize(head.data(), head.size());
    if (!size)
        return std::pair<int, int>{0, 0};
    if (int64_t(size->first) * size->second > options.maxPixels)
        return fail(path, tooLarge(size->first, size->second, options.maxPixels));
    return *size;
}

} // namespace fscope::io
