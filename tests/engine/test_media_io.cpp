// Image and audio decoders: the shared fixtures, files made here byte by byte
// (so the decoder is checked against data it did not write itself), and the bad
// files users have: cut off, corrupt, lying about their size, missing, empty.
#include "check.h"
#include "sound_files.h"

#include "io/audio.h"
#include "io/image.h"

#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace fs = std::filesystem;
using namespace fscope::io;

using fscope::check::writeSound;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path()
        / ("fscope-media-io-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-"
           + std::to_string(std::random_device{}()));
    TempDir() { fs::create_directories(path); }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

using Bytes = std::vector<uint8_t>;

Bytes readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const Bytes& bytes)
{
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

Bytes noise(size_t size, unsigned seed)
{
    std::mt19937 random(seed);
    Bytes out(size);
    for (auto& b : out)
        b = uint8_t(random());
    return out;
}

std::string fixture(const std::string& name)
{
    FS_REQUIRE(!fscope::check::fixturesDir().empty()); // set FUSIONSCOPE_FIXTURES
    return fscope::check::fixturesDir() + "/clip-tiny/inputs/" + name;
}

void put32(Bytes& out, uint32_t v)
{
    out.insert(out.end(), {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
}

void pngChunk(Bytes& out, const char* type, const Bytes& data)
{
    put32(out, uint32_t(data.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = start; i < out.size(); ++i) {
        crc ^= out[i];
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    put32(out, ~crc);
}

Bytes pngHeader(uint32_t width, uint32_t height, int bitDepth, int colourType)
{
    Bytes out = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    Bytes ihdr;
    put32(ihdr, width);
    put32(ihdr, height);
    ihdr.insert(ihdr.end(), {uint8_t(bitDepth), uint8_t(colourType), 0, 0, 0});
    pngChunk(out, "IHDR", ihdr);
    return out;
}

// A PNG written here, not by OpenCV: one stored (uncompressed) deflate block,
// so rows * height must stay under 64 KiB; `rows` has no filter bytes.
Bytes makePng(int width, int height, int bitDepth, int colourType, const Bytes& rows, const Bytes& palette = {})
{
    Bytes out = pngHeader(uint32_t(width), uint32_t(height), bitDepth, colourType);
    if (!palette.empty())
        pngChunk(out, "PLTE", palette);
    Bytes raw;
    const size_t stride = rows.size() / size_t(height);
    for (size_t at = 0; at < rows.size(); at += stride) {
        raw.push_back(0);
        raw.insert(raw.end(), rows.begin() + long(at), rows.begin() + long(at + stride));
    }
    const auto len = uint16_t(raw.size());
    Bytes zlib = {0x78, 0x01, 1, uint8_t(len), uint8_t(len >> 8), uint8_t(~len), uint8_t(~len >> 8)};
    zlib.insert(zlib.end(), raw.begin(), raw.end());
    uint32_t a = 1, b = 0;
    for (uint8_t v : raw) {
        a = (a + v) % 65521;
        b = (b + a) % 65521;
    }
    put32(zlib, b << 16 | a);
    pngChunk(out, "IDAT", zlib);
    pngChunk(out, "IEND", {});
    return out;
}

// 24-bit BMP, bottom-up rows padded to 4 bytes; `rgb` is top-down RGB.
Bytes makeBmp(int width, int height, const Bytes& rgb)
{
    const int stride = (width * 3 + 3) / 4 * 4;
    Bytes out = {'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, uint8_t(width), 0, 0, 0,
                 uint8_t(height), 0, 0, 0, 1, 0, 24, 0};
    out.resize(54 + size_t(stride) * size_t(height), 0);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width * 3; ++x) // BGR: reverse each pixel's three bytes
            out[54 + size_t((height - 1 - y) * stride + x)] = rgb[size_t(y * width * 3 + x / 3 * 3 + 2 - x % 3)];
    return out;
}

std::optional<std::pair<int, int>> peek(const Bytes& bytes)
{
    return peekImageSize(bytes.data(), bytes.size());
}

bool sizeIs(const std::optional<std::pair<int, int>>& size, int width, int height)
{
    return size && size->first == width && size->second == height;
}

template <class T>
std::string errorOf(const fscope::Result<T>& result)
{
    return result.ok() ? "(no error)" : result.error().message;
}

// Decoded RGB, or nothing when decoding failed.
Bytes rgbOf(const Bytes& encoded, bool expectAlpha = false)
{
    const auto image = decodeImage(encoded, "memory.png");
    FS_CHECK(image.ok() && image->hadAlpha == expectAlpha);
    return image.ok() ? image->pixels : Bytes{};
}

// Channel 0 holds a 440 Hz sine of `amplitude`, the others the same at -0.5 times.
std::vector<float> sine(int rate, int channels, double seconds, float amplitude)
{
    const size_t frames = size_t(std::lround(seconds * rate));
    std::vector<float> out(frames * size_t(channels));
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = amplitude * (i % size_t(channels) == 0 ? 1.0f : -0.5f)
            * float(std::sin(2.0 * 3.14159265358979323846 * 440.0 * double(i / size_t(channels)) / rate));
    return out;
}

double rms(const std::vector<float>& v)
{
    double sum = 0;
    for (float x : v)
        sum += double(x) * x;
    return v.empty() ? 0 : std::sqrt(sum / double(v.size()));
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    double worst = a.size() == b.size() ? 0 : 1e9;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, double(std::fabs(a[i] - b[i])));
    return worst;
}

// libsndfile writes x * 32767 and reads n / 32768: up to 1.5 steps apart.
constexpr double kPcm16Tolerance = 2.0 / 32768;

} // namespace

FS_TEST(image, decodes_fixture_images)
{
    struct Expected {
        const char* name;
        int width, height;
        bool alpha;
    };
    for (const auto& e : {Expected{"CLIP.png", 2162, 762, true}, Expected{"photo.jpg", 367, 98, false},
                          Expected{"logo.png", 500, 500, true}}) {
        const auto image = loadImage(fixture(e.name));
        FS_REQUIRE(image.ok());
        FS_CHECK_EQ(image->width, e.width);
        FS_CHECK_EQ(image->height, e.height);
        FS_CHECK_EQ(image->hadAlpha, e.alpha);
        FS_CHECK_EQ(image->pixels.size(), size_t(e.width) * size_t(e.height) * 3);
        FS_CHECK(sizeIs(peek(readBytes(fixture(e.name))), e.width, e.height));
    }
}

FS_TEST(image, png_round_trip_is_pixel_exact)
{
    TempDir dir;
    ImageRgb8 image;
    image.width = 37; // odd width: rows are not 4-byte aligned
    image.height = 21;
    image.pixels = noise(size_t(37 * 21 * 3), 7);
    const std::string path = dir.file("round trip.png");
    FS_REQUIRE(saveImagePng(path, image).ok());
    const auto back = loadImage(path);
    FS_REQUIRE(back.ok());
    FS_CHECK_EQ(back->width, 37);
    FS_CHECK_EQ(back->height, 21);
    FS_CHECK(!back->hadAlpha);
    FS_CHECK(back->pixels == image.pixels);
    FS_CHECK_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1); // no .part left
}

FS_TEST(image, grey_palette_and_16_bit_pngs_become_rgb8)
{
    FS_CHECK(rgbOf(makePng(3, 1, 8, 0, {0, 128, 255})) == Bytes({0, 0, 0, 128, 128, 128, 255, 255, 255}));
    FS_CHECK(rgbOf(makePng(2, 1, 8, 3, {1, 0}, {255, 0, 0, 0, 128, 255})) == Bytes({0, 128, 255, 255, 0, 0}));
    // 16-bit keeps the high byte: rounding would make 0x80FF 129, not 128.
    const Bytes deep = {0x80, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x12, 0x34, 0x00, 0x00, 0xAB, 0xCD};
    FS_CHECK(rgbOf(makePng(2, 1, 16, 2, deep)) == Bytes({0x80, 0xFF, 0x00, 0x12, 0x00, 0xAB}));
    FS_CHECK(rgbOf(makePng(2, 1, 16, 0, {0x7F, 0xFF, 0xFF, 0x00})) == Bytes({0x7F, 0x7F, 0x7F, 0xFF, 0xFF, 0xFF}));
}

FS_TEST(image, alpha_is_dropped_not_composited)
{
    // A fully transparent pixel keeps its colour, as with PIL's convert("RGB").
    FS_CHECK(rgbOf(makePng(2, 1, 8, 6, {200, 10, 30, 0, 1, 2, 3, 255}), true) == Bytes({200, 10, 30, 1, 2, 3}));
    FS_CHECK(rgbOf(makePng(1, 1, 8, 4, {77, 0}), true) == Bytes({77, 77, 77}));
    FS_CHECK(rgbOf(makePng(1, 1, 16, 6, {1, 2, 3, 4, 5, 6, 0, 0}), true) == Bytes({1, 3, 5}));
}

FS_TEST(image, bmp_decodes_and_peeks)
{
    const Bytes rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90};
    Bytes bmp = makeBmp(3, 2, rgb);
    FS_CHECK(sizeIs(peek(bmp), 3, 2));
    FS_CHECK(rgbOf(bmp) == rgb);
    bmp[22] = 0xFE; // height -2: rows stored top-down
    std::fill(bmp.begin() + 23, bmp.begin() + 26, 0xFF);
    FS_CHECK(sizeIs(peek(bmp), 3, 2));
    const Bytes core = {'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0, 0x10, 0x01, 0x20, 0, 1, 0, 24, 0};
    FS_CHECK(sizeIs(peek(core), 272, 32));
}

FS_TEST(image, peek_reads_png_and_jpeg_headers)
{
    FS_CHECK(sizeIs(peek(makePng(300, 7, 8, 2, Bytes(300 * 7 * 3))), 300, 7));
    const Bytes png = pngHeader(4, 4, 8, 0);
    FS_CHECK(!peek(Bytes(png.begin(), png.begin() + 20))); // IHDR cut short
    // APP0 and DHT are skipped, fill bytes before a progressive SOF2 are allowed.
    const Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F', 0xFF, 0xC4, 0x00, 0x03, 0x00, 0xFF, 0xFF,
                        0xC2, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x02, 0x58, 0x03};
    FS_CHECK(sizeIs(peek(jpeg), 600, 300));
    FS_CHECK(!peek(Bytes(jpeg.begin(), jpeg.begin() + 20))); // cut inside the SOF segment
    FS_CHECK(!peek({0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 1, 0, 1})); // scan first
    FS_CHECK(!peekImageSize(nullptr, 0));
    FS_CHECK(!peek({'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'}));
}

FS_TEST(image, peek_reads_gif_webp_tiff_headers)
{
    FS_CHECK(sizeIs(peek({'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xF0, 0x00, 0, 0}), 320, 240));
    const auto webp = [](const char* fourcc, Bytes payload) {
        Bytes out = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
        out.insert(out.end(), fourcc, fourcc + 4);
        out.insert(out.end(), {uint8_t(payload.size()), 0, 0, 0});
        out.insert(out.end(), payload.begin(), payload.end());
        return out;
    };
    FS_CHECK(sizeIs(peek(webp("VP8X", {0x10, 0, 0, 0, 0xFF, 0x0F, 0x00, 0x1F, 0x00, 0x00})), 4096, 32));
    FS_CHECK(sizeIs(peek(webp("VP8 ", {0x50, 0x01, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01})), 640, 480));
    const uint32_t bits = 99u | 49u << 14; // VP8L: 14 bits each of width-1 and height-1
    FS_CHECK(sizeIs(peek(webp("VP8L", {0x2F, uint8_t(bits), uint8_t(bits >> 8), uint8_t(bits >> 16), uint8_t(bits >> 24)})),
                    100, 50));
    const Bytes tiffLittle = {'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0, 0x00, 0x01, 3, 0, 1, 0, 0, 0, 0x20, 0x03, 0, 0,
                              0x01, 0x01, 4, 0, 1, 0, 0, 0, 0x58, 0x02, 0, 0};
    FS_CHECK(sizeIs(peek(tiffLittle), 800, 600));
    const Bytes tiffBig = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2, 0x01, 0x00, 0, 3, 0, 0, 0, 1, 0x00, 0x10, 0, 0,
                           0x01, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0x00, 0x20};
    FS_CHECK(sizeIs(peek(tiffBig), 16, 32));
}

FS_TEST(image, refuses_huge_png_before_decoding)
{
    TempDir dir;
    // A header and nothing else: decoding would call it corrupt, so the size
    // message shows that the check came first.
    const std::string path = dir.file("huge.png");
    writeBytes(path, pngHeader(60000, 60000, 8, 2));
    FS_CHECK_EQ(errorOf(loadImage(path)), path + ": 60000x60000 pixels exceeds the limit of 100000000");
    ImageLoadOptions small;
    small.maxPixels = 1000;
    FS_CHECK_EQ(errorOf(loadImage(fixture("logo.png"), small)),
                fixture("logo.png") + ": 500x500 pixels exceeds the limit of 1000");
}

FS_TEST(image, truncated_and_corrupt_files_name_the_file)
{
    TempDir dir;
    const std::string corrupt = ": not a supported image or corrupt data";
    for (const char* name : {"photo.jpg", "logo.png"}) {
        const Bytes full = readBytes(fixture(name));
        const std::string path = dir.file(std::string("cut-") + name);
        writeBytes(path, Bytes(full.begin(), full.begin() + long(std::min<size_t>(100, full.size() / 2))));
        FS_CHECK_EQ(errorOf(loadImage(path)), path + corrupt);
    }
    const std::string path = dir.file("noise.png");
    writeBytes(path, noise(4096, 42));
    FS_CHECK_EQ(errorOf(loadImage(path)), path + corrupt);
    Bytes garbage = makePng(64, 64, 8, 2, Bytes(64 * 64 * 3)); // a valid header over garbage pixels
    std::fill(garbage.begin() + 41, garbage.end() - 20, 0xA5);
    FS_CHECK_EQ(errorOf(decodeImage(garbage, "garbage.png")), "garbage.png" + corrupt);
}

FS_TEST(image, formats_outside_the_five_never_reach_opencv)
{
    // Found by fuzzing: OpenCV hands these to GDCM's DICOM reader, which aborts
    // the process on them. Any start, one like JPEG's that OpenCV does not call
    // JPEG, or a WebP header libwebp refuses, then the DICOM mark at offset 128
    // and the end of the file two bytes later.
    const std::string corrupt = ": not a supported image or corrupt data";
    for (const Bytes& start : {Bytes{0xFF, 0x13}, Bytes{0xFF, 0xD8, 0x00},
                               Bytes{'R', 'I', 'F', 'F', 16, 0, 0, 0, 'W', 'E', 'B', 'P'}}) {
        Bytes bytes(128, 0x13);
        std::copy(start.begin(), start.end(), bytes.begin());
        bytes.insert(bytes.end(), {'D', 'I', 'C', 'M', '2', 0xC1});
        FS_CHECK_EQ(errorOf(decodeImage(bytes, "scan.jpg")), "scan.jpg" + corrupt);
    }
    // A format the OpenCV build decodes but FusionScope does not read.
    const Bytes pgm = {'P', '5', ' ', '1', ' ', '1', ' ', '2', '5', '5', '\n', 7};
    FS_CHECK_EQ(errorOf(decodeImage(pgm, "grey.pgm")), "grey.pgm" + corrupt);
}

FS_TEST(image, missing_empty_and_folder_paths)
{
    TempDir dir;
    FS_CHECK_EQ(errorOf(loadImage(dir.file("photo.jpg"))), dir.file("photo.jpg") + ": file not found");
    writeBytes(dir.file("empty.jpg"), {});
    FS_CHECK_EQ(errorOf(loadImage(dir.file("empty.jpg"))), dir.file("empty.jpg") + ": empty file");
    FS_CHECK_EQ(errorOf(decodeImage({}, "clipboard")), "clipboard: empty file");
    FS_CHECK_EQ(errorOf(loadImage(dir.path.string())), dir.path.string() + ": is a folder, not a file");
}

FS_TEST(image, save_rejects_bad_buffers_and_keeps_old_file)
{
    TempDir dir;
    const std::string path = dir.file("keep.png");
    writeBytes(path, {1, 2, 3});
    ImageRgb8 bad;
    bad.width = bad.height = 4;
    bad.pixels.resize(10);
    FS_CHECK_CONTAINS(errorOf(saveImagePng(path, bad)), path + ": cannot save a 4x4 image");
    FS_CHECK(readBytes(path) == Bytes({1, 2, 3}));
    ImageRgb8 good;
    good.width = good.height = 1;
    good.pixels = {1, 2, 3};
    FS_CHECK_CONTAINS(errorOf(saveImagePng(dir.file("no/folder.png"), good)), "folder.png: cannot write file");
}

FS_TEST(audio, pcm_wav_flac_round_trip_at_three_rates)
{
    TempDir dir;
    struct Case {
        const char* name;
        int format, channels;
        double tolerance;
    };
    for (int rate : {8000, 22050, 48000}) {
        for (const Case& c : {Case{"pcm16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, kPcm16Tolerance},
                              Case{"float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 0.0},
                              Case{"pcm16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, kPcm16Tolerance}}) {
            const auto signal = sine(rate, c.channels, 0.25, 0.8f);
            const std::string path = dir.file(std::to_string(rate) + c.name);
            FS_REQUIRE(writeSound(path, c.format, rate, c.channels, signal));
            const auto clip = loadAudio(path);
            FS_REQUIRE(clip.ok());
            FS_CHECK_EQ(clip->sampleRate, rate);
            FS_CHECK_EQ(clip->channels, c.channels);
            FS_CHECK_NEAR(clip->durationSeconds(), double(std::lround(0.25 * rate)) / rate, 1e-12);
            FS_CHECK(!clip->truncated);
            FS_CHECK(maxDifference(clip->samples, signal) <= c.tolerance);
        }
    }
}

FS_TEST(audio, ogg_vorbis_keeps_the_energy)
{
    TempDir dir;
    for (int rate : {22050, 48000}) {
        const auto signal = sine(rate, 2, 1.0, 0.5f);
        const std::string path = dir.file(std::to_string(rate) + ".ogg");
        FS_REQUIRE(writeSound(path, SF_FORMAT_OGG | SF_FORMAT_VORBIS, rate, 2, signal));
        const auto clip = loadAudio(path);
        FS_REQUIRE(clip.ok());
        FS_CHECK_EQ(clip->sampleRate, rate);
        FS_CHECK_EQ(clip->channels, 2);
        FS_CHECK_NEAR(clip->durationSeconds(), 1.0, 0.01);
        FS_CHECK_NEAR(rms(clip->samples) / rms(signal), 1.0, 0.05);
        FS_CHECK_NEAR(rms(clip->mono()) / rms(AudioClip{rate, 2, signal}.mono()), 1.0, 0.05);
    }
}

FS_TEST(audio, mono_is_the_mean_of_the_channels)
{
    const AudioClip clip{4, 3, {0.3f, 0.6f, 0.0f, -1.0f, 1.0f, 0.0f}};
    FS_CHECK_EQ(clip.frames(), 2);
    FS_CHECK_NEAR(clip.durationSeconds(), 0.5, 1e-12);
    const auto mono = clip.mono();
    FS_REQUIRE(mono.size() == 2);
    FS_CHECK_NEAR(mono[0], 0.3, 1e-6);
    FS_CHECK_NEAR(mono[1], 0.0, 1e-6);
    const AudioClip single{8000, 1, {0.1f, 0.2f}};
    FS_CHECK(single.mono() == single.samples);
    FS_CHECK_EQ(AudioClip{}.durationSeconds(), 0.0);
}

FS_TEST(audio, truncated_wav_returns_the_frames_present)
{
    TempDir dir;
    const auto signal = sine(8000, 1, 0.125, 0.5f); // 1000 frames
    const std::string path = dir.file("cut.wav");
    FS_REQUIRE(writeSound(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, signal));
    const Bytes full = readBytes(path);
    FS_REQUIRE(full.size() == 44 + 2000);
    writeBytes(path, Bytes(full.begin(), full.begin() + 44 + 1000)); // half the data chunk
    const auto clip = loadAudio(path);
    FS_REQUIRE(clip.ok());
    FS_CHECK_EQ(clip->frames(), 500);
    FS_CHECK(clip->truncated);
    FS_CHECK(maxDifference(clip->samples, std::vector<float>(signal.begin(), signal.begin() + 500)) <= kPcm16Tolerance);
    writeBytes(path, Bytes(full.begin(), full.begin() + 44)); // header only
    FS_CHECK_EQ(errorOf(loadAudio(path)), path + ": no audio frames");

    const std::string flac = dir.file("cut.flac");
    FS_REQUIRE(writeSound(flac, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 1, sine(8000, 1, 4.0, 0.5f)));
    const Bytes whole = readBytes(flac);
    writeBytes(flac, Bytes(whole.begin(), whole.begin() + long(whole.size() / 2)));
    const auto cut = loadAudio(flac);
    FS_REQUIRE(cut.ok());
    FS_CHECK(cut->truncated);
    FS_CHECK(cut->frames() > 0 && cut->frames() < 32000);
}

FS_TEST(audio, lying_header_and_length_limit)
{
    TempDir dir;
    const std::string path = dir.file("liar.wav");
    FS_REQUIRE(writeSound(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, sine(8000, 1, 0.0125, 0.5f))); // 100 frames
    Bytes bytes = readBytes(path);
    for (long at : {4L, 40L}) // RIFF and data sizes: ~4 GiB
        std::fill(bytes.begin() + at, bytes.begin() + at + 4, 0xFF);
    writeBytes(path, bytes);
    const auto clip = loadAudio(path);
    FS_CHECK(clip.ok() ? clip->frames() <= 100 && clip->truncated : errorOf(clip).rfind(path + ": ", 0) == 0);

    const std::string longer = dir.file("two-seconds.flac");
    FS_REQUIRE(writeSound(longer, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 1, sine(8000, 1, 2.0, 0.5f)));
    AudioLoadOptions limit;
    limit.maxSeconds = 1.5;
    FS_CHECK_EQ(errorOf(loadAudio(longer, limit)), longer + ": 2 seconds exceeds the limit of 1.5 seconds");
}

FS_TEST(audio, bad_files_name_the_file)
{
    TempDir dir;
    const std::string path = dir.file("clip.wav");
    writeBytes(path, noise(4096, 3));
    // libsndfile 1.2 words it "Format not recognised."
    FS_CHECK_EQ(errorOf(loadAudio(path)), path + ": " + sf_error_number(SF_ERR_UNRECOGNISED_FORMAT));
    FS_CHECK_EQ(errorOf(loadAudio(dir.file("none.wav"))), dir.file("none.wav") + ": file not found");
    writeBytes(path, {});
    FS_CHECK_EQ(errorOf(loadAudio(path)), path + ": empty file");
    FS_CHECK_EQ(errorOf(loadAudio(dir.path.string())), dir.path.string() + ": is a folder, not a file");
}

FS_TEST(audio, save_wav16_round_trip_clips_and_rejects)
{
    TempDir dir;
    AudioClip clip{22050, 2, sine(22050, 2, 0.1, 0.9f)};
    clip.samples[0] = 1.5f; // clips to full scale instead of wrapping around
    clip.samples[1] = std::nanf("");
    const std::string path = dir.file("export.wav");
    FS_REQUIRE(saveWav16(path, clip).ok());
    const auto back = loadAudio(path);
    FS_REQUIRE(back.ok());
    FS_CHECK_EQ(back->sampleRate, 22050);
    FS_CHECK_EQ(back->channels, 2);
    auto expected = clip.samples;
    expected[0] = 1.0f;
    expected[1] = 0.0f;
    FS_CHECK(maxDifference(back->samples, expected) <= kPcm16Tolerance);
    FS_CHECK_CONTAINS(errorOf(saveWav16(path, AudioClip{22050, 2, {0.1f, 0.2f, 0.3f}})), path + ": cannot save 3 samples");
    FS_CHECK_CONTAINS(errorOf(saveWav16(path, AudioClip{0, 1, {0.1f}})), path + ": cannot save audio at 0 Hz");
    FS_CHECK(loadAudio(path).ok()); // the earlier export is untouched
}
