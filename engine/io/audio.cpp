#include "io/audio.h"

#include "io/file_checks.h"
#include "io/ogg_pages.h"

#include <sndfile.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace fscope::io {

namespace {

namespace fs = std::filesystem;

constexpr uint32_t kOggSerial = 0x46534f47; // "FSOG"

// Beyond these a header is lying or the file is not something to look at here;
// checking them first keeps frames * channels far from overflow.
constexpr int kMaxChannels = 256;
constexpr int kMaxSampleRate = 1'000'000;
constexpr sf_count_t kBlockFrames = 16384;
// Up-front reservation from the header's length is capped; past this the
// buffer grows with what is really decoded.
constexpr size_t kMaxReservedSamples = size_t(64) << 20; // 256 MiB of floats

Error fail(const std::string& name, const std::string& what)
{
    return fileError(name, what);
}

// libsndfile keeps the reason for a failed sf_open in a process-wide variable
// (read back by sf_strerror(nullptr)); opening under one lock keeps each
// thread's message its own.
std::mutex& openMutex()
{
    static std::mutex mutex;
    return mutex;
}

struct SndFileCloser {
    void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndFilePtr = std::unique_ptr<SNDFILE, SndFileCloser>;

std::string oneLine(const char* text)
{
    std::string line = text ? text : "unknown libsndfile error";
    std::replace(line.begin(), line.end(), '\n', ' ');
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

bool hasMpegSupport()
{
    int count = 0;
    sf_command(nullptr, SFC_GET_FORMAT_MAJOR_COUNT, &count, sizeof count);
    for (int i = 0; i < count; ++i) {
        SF_FORMAT_INFO info{};
        info.format = i;
        if (sf_command(nullptr, SFC_GET_FORMAT_MAJOR, &info, sizeof info) == 0
            && (info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG)
            return true;
    }
    return false;
}

bool hasExtension(const std::string& path, const char* extension)
{
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == extension;
}

SndFilePtr openFile(const std::string& path, int mode, SF_INFO& info, std::string& error)
{
    std::lock_guard<std::mutex> lock(openMutex());
    SNDFILE* file = sf_open(path.c_str(), mode, &info);
    if (!file) {
        error = oneLine(sf_strerror(nullptr));
        if (mode == SFM_READ && sf_error(nullptr) == SF_ERR_UNRECOGNISED_FORMAT && hasExtension(path, ".mp3")
            && !hasMpegSupport())
            error += " (this libsndfile was built without MP3 support)";
    }
    return SndFilePtr(file);
}

// NaN, infinities and float files that overshoot would break the -1..1 contract
// the spectrogram and the audio encoders rely on.
float cleanSample(float v)
{
    if (!std::isfinite(v))
        return 0.0f;
    return std::clamp(v, -1.0f, 1.0f);
}

std::string secondsText(double seconds)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.6g", seconds);
    return text;
}

// libsndfile quietly shortens a WAV-family data chunk that runs past the end of
// the file; its parse log is the only place that says so ("data : 2000 (should
// be 1000)"). If the wording ever changes, the flag merely stays false.
bool headerOverstatesData(SNDFILE* file)
{
    std::vector<char> log(16384, '\0');
    sf_command(file, SFC_GET_LOG_INFO, log.data(), int(log.size() - 1));
    const std::string text(log.data());
    for (size_t at = text.find("data :"); at != std::string::npos; at = text.find("data :", at + 1)) {
        const size_t end = text.find('\n', at);
        if (text.substr(at, end == std::string::npos ? end : end - at).find("(should be") != std::string::npos)
            return true;
    }
    return false;
}

Result<AudioClip> decode(const std::string& path, SNDFILE* file, const SF_INFO& info, const AudioLoadOptions& options)
{
    const int channels = info.channels;
    const double limitFrames = std::floor(options.maxSeconds * info.samplerate);
    const int64_t maxFrames = !(limitFrames >= 0) ? 0
        : limitFrames >= 9.0e18                   ? std::numeric_limits<int64_t>::max()
                                                  : int64_t(limitFrames);
    const std::string overLimit = "exceeds the limit of " + secondsText(options.maxSeconds) + " seconds";
    // Some streams do not state their length (SF_COUNT_MAX, 0): then only the
    // frames actually decoded count.
    const bool lengthKnown = info.frames > 0 && info.frames != SF_COUNT_MAX;
    if (lengthKnown && info.frames > maxFrames)
        return fail(path, secondsText(double(info.frames) / info.samplerate) + " seconds " + overLimit);

    AudioClip clip;
    clip.sampleRate = info.samplerate;
    clip.channels = channels;
    std::vector<float>& samples = clip.samples;
    if (lengthKnown)
        samples.reserve(std::min(size_t(info.frames) * size_t(channels), kMaxReservedSamples));

    int64_t frames = 0;
    for (;;) {
        const size_t used = samples.size();
        samples.resize(used + size_t(kBlockFrames) * size_t(channels));
        const sf_count_t got = std::max<sf_count_t>(0, sf_readf_float(file, samples.data() + used, kBlockFrames));
        samples.resize(used + size_t(got) * size_t(channels));
        frames += got;
        if (frames > maxFrames)
            return fail(path, "audio " + overLimit);
        if (got < kBlockFrames)
            break;
    }

    const int status = sf_error(file);
    if (frames == 0) {
        if (status != SF_ERR_NO_ERROR)
            return fail(path, "cannot decode audio (" + oneLine(sf_strerror(file)) + ")");
        return fail(path, "no audio frames");
    }
    clip.truncated = status != SF_ERR_NO_ERROR || (lengthKnown && frames < info.frames) || headerOverstatesData(file);
    for (float& v : samples)
        v = cleanSample(v);
    if (samples.capacity() - samples.size() > samples.size() / 4)
        samples.shrink_to_fit();
    return clip;
}

// A sibling of `path` that no other thread writes at the same moment.
std::string partialPath(const std::string& path)
{
    static std::atomic<unsigned> counter{0};
    return path + ".part" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000) + "-"
        + std::to_string(counter.fetch_add(1));
}

} // namespace

int64_t AudioClip::frames() const
{
    return channels > 0 ? int64_t(samples.size() / size_t(channels)) : 0;
}

double AudioClip::durationSeconds() const
{
    return sampleRate > 0 ? double(frames()) / sampleRate : 0.0;
}

std::vector<float> AudioClip::mono() const
{
    if (channels <= 1)
        return samples;
    const size_t count = size_t(frames());
    std::vector<float> out(count);
    for (size_t i = 0; i < count; ++i) {
        const float* frame = samples.data() + i * size_t(channels);
        double sum = 0.0;
        for (int c = 0; c < channels; ++c)
            sum += frame[c];
        out[i] = float(sum / channels);
    }
    return out;
}

Result<AudioClip> loadAudio(const std::string& path, const AudioLoadOptions& options)
{
    // libsndfile would say "System error : No such file or directory."; these
    // checks give the common cases plainer words.
    if (auto problem = inputFileProblem(path, /*allowEmpty=*/false))
        return *problem;

    try {
        SF_INFO info{};
        std::string error;
        const SndFilePtr file = openFile(path, SFM_READ, info, error);
        if (!file)
            return fail(path, error);
        if (info.channels < 1 || info.channels > kMaxChannels)
            return fail(path, "unsupported channel count " + std::to_string(info.channels));
        if (info.samplerate < 1 || info.samplerate > kMaxSampleRate)
            return fail(path, "unsupported sample rate " + std::to_string(info.samplerate) + " Hz");
        return decode(path, file.get(), info, options);
    } catch (const std::bad_alloc&) {
        return fail(path, "out of memory decoding the audio");
    } catch (const std::length_error&) {
        return fail(path, "out of memory decoding the audio");
    }
}

Result<AudioInfo> probeAudio(const std::string& path)
{
    if (auto problem = inputFileProblem(path, /*allowEmpty=*/false))
        return *problem;
    SF_INFO info{};
    std::string error;
    const SndFilePtr file = openFile(path, SFM_READ, info, error);
    if (!file)
        return fail(path, error);
    if (info.channels < 1 || info.samplerate < 1)
        return fail(path, "no audio in the header");
    // The same limits as loadAudio, so a file that probes well also loads.
    if (info.channels > kMaxChannels)
        return fail(path, "unsupported channel count " + std::to_string(info.channels));
    if (info.samplerate > kMaxSampleRate)
        return fail(path, "unsupported sample rate " + std::to_string(info.samplerate) + " Hz");
    AudioInfo out;
    out.sampleRate = info.samplerate;
    out.channels = info.channels;
    out.seconds = double(info.frames) / info.samplerate;
    return out;
}

Result<void> saveWav16(const std::string& path, const AudioClip& clip)
{
    return saveAudio(path, clip, AudioFileFormat::Wav16);
}

Result<void> saveAudio(const std::string& path, const AudioClip& clip, AudioFileFormat format)
{
    if (clip.channels < 1 || clip.channels > kMaxChannels)
        return fail(path, "cannot save audio with " + std::to_string(clip.channels) + " channels");
    if (clip.sampleRate < 1 || clip.sampleRate > kMaxSampleRate)
        return fail(path, "cannot save audio at " + std::to_string(clip.sampleRate) + " Hz");
    if (clip.samples.empty() || clip.samples.size() % size_t(clip.channels) != 0)
        return fail(path, "cannot save " + std::to_string(clip.samples.size()) + " samples as "
                              + std::to_string(clip.channels) + "-channel frames");

    const std::string partial = partialPath(path);
    SF_INFO info{};
    info.samplerate = clip.sampleRate;
    info.channels = clip.channels;
    info.format = format == AudioFileFormat::Wav16    ? SF_FORMAT_WAV | SF_FORMAT_PCM_16
                  : format == AudioFileFormat::Flac16 ? SF_FORMAT_FLAC | SF_FORMAT_PCM_16
                                                      : SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    std::string error;
    SndFilePtr file = openFile(partial, SFM_WRITE, info, error);
    if (!file)
        return fail(path, "cannot write file (" + error + ")");
    // Without clipping libsndfile wraps 1.5 around to a large negative sample.
    sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);

    bool written = true;
    try {
        const size_t channels = size_t(clip.channels);
        const size_t totalFrames = clip.samples.size() / channels;
        std::vector<float> block;
        for (size_t start = 0; start < totalFrames && written; start += size_t(kBlockFrames)) {
            const size_t count = std::min(size_t(kBlockFrames), totalFrames - start);
            const float* from = clip.samples.data() + start * channels;
            block.assign(from, from + count * channels);
            for (float& v : block)
                v = cleanSample(v);
            written = sf_writef_float(file.get(), block.data(), sf_count_t(count)) == sf_count_t(count);
        }
    } catch (const std::bad_alloc&) {
        written = false;
        error = "out of memory";
    }
    if (!written && error.empty())
        error = oneLine(sf_strerror(file.get()));
    const int closed = sf_close(file.release());
    if (written && closed != 0) {
        written = false;
        error = oneLine(sf_error_number(closed));
    }
    if (written && format == AudioFileFormat::OggVorbis) {
        // A fixed stream serial number: the same audio always makes the same bytes.
        if (auto fixed = setOggFileSerial(partial, kOggSerial); !fixed) {
            written = false;
            error = fixed.error().message;
        }
    }
    std::error_code ec;
    if (written)
        fs::rename(partial, path, ec);
    if (!written || ec) {
        const std::string why = written ? ec.message() : error;
        fs::remove(partial, ec);
        return fail(path, "cannot write file (" + why + ")");
    }
    return {};
}

} // namespace fscope::io
