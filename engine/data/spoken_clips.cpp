#include "data/spoken_clips.h"

#include "io/audio.h"
#include "io/audio_preprocess.h"

#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

extern char** environ;

namespace fscope::data {

namespace {

namespace fs = std::filesystem;

// Runs the espeak-ng program into `wavPath`; the text goes after "--" so that
// a text starting with '-' is not read as an option.
Result<void> speakToFile(const std::string& program, const SpokenClip& clip, const std::string& wavPath)
{
    const std::string speed = std::to_string(clip.wordsPerMinute);
    std::vector<std::string> args = {program, "-v", clip.voice, "-s", speed, "-w", wavPath, "--", clip.text};
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, program.c_str(), nullptr, nullptr, argv.data(), environ);
    if (spawned != 0)
        return Error{"cannot run " + program + ": " + std::strerror(spawned)};
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return Error{"cannot wait for " + program + ": " + std::strerror(errno)};
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error{program + " failed (voice " + clip.voice + ") on \"" + clip.text + "\""};
    return {};
}

Result<void> speakOne(const std::string& program, const SpokenClip& clip, const std::string& wav)
{
    if (auto spoken = speakToFile(program, clip, wav); !spoken)
        return spoken;
    auto decoded = io::loadAudio(wav);
    if (!decoded)
        return decoded.error();
    io::AudioClip mono;
    mono.sampleRate = kPackSampleRate;
    mono.channels = 1;
    mono.samples = io::resample(decoded->mono(), decoded->sampleRate, kPackSampleRate);
    std::error_code ec;
    fs::create_directories(fs::path(clip.outPath).parent_path(), ec);
    return io::saveAudio(clip.outPath, mono, io::AudioFileFormat::OggVorbis);
}

} // namespace

Result<int> speakClips(const std::vector<SpokenClip>& clips, const std::string& program, int jobs,
                       const std::function<bool(int, int)>& progress)
{
    const int total = int(clips.size());
    if (total == 0)
        return 0;
    std::atomic<int> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex errorMutex;
    std::optional<Error> firstError;
    const fs::path scratch = fs::path(clips.front().outPath).parent_path().parent_path();

    const auto work = [&](int worker) {
        const std::string wav = (scratch / (".speaking-" + std::to_string(worker) + ".wav")).string();
        for (int job = next++; job < total && !stop; job = next++) {
            const SpokenClip& clip = clips[size_t(job)];
            std::error_code ec;
            if (!fs::exists(clip.outPath, ec)) {
                if (auto saved = speakOne(program, clip, wav); !saved) {
                    std::lock_guard lock(errorMutex);
                    if (!firstError)
                        firstError = saved.error();
                    stop = true;
                }
            }
            ++done;
        }
        std::error_code ec;
        fs::remove(wav, ec);
    };

    std::error_code ec;
    fs::create_directories(scratch, ec);
    const int threads = jobs > 0 ? jobs : int(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
        workers.emplace_back(work, i);
    // Progress is reported from this thread: callers may touch their UI in it.
    while (done < total && !stop) {
        if (progress && !progress(done, total))
            stop = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (auto& t : workers)
        t.join();
    if (firstError)
        return *firstError;
    if (done < total)
        return Error{"cancelled"};
    if (progress)
        progress(total, total);
    return total;
}

} // namespace fscope::data
