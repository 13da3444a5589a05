#pragma once
// Helpers shared by the libFuzzer targets (one translation unit each, so
// everything here is inline). Loaders that take a path read the input from a
// scratch folder of the process's own: on /dev/shm when it exists, so writing a
// file per input costs no disk I/O. The folder goes when the process exits
// normally; a run stopped by a finding may leave it behind (fscope-fuzz-*).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace fscope::fuzz {

// Stops the run with a message: libFuzzer reports the abort as a finding and
// saves the input that caused it.
[[noreturn]] inline void failCheck(const char* condition, const char* file, int line, const std::string& detail)
{
    std::fprintf(stderr, "%s:%d: check failed: %s %s\n", file, line, condition, detail.c_str());
    std::abort();
}

#define FSCOPE_FUZZ_CHECK(condition, detail)                                          \
    do {                                                                              \
        if (!(condition))                                                             \
            ::fscope::fuzz::failCheck(#condition, __FILE__, __LINE__, (detail));      \
    } while (false)

inline const std::string& scratchDir()
{
    // Never destroyed: the exit handler below runs after static destructors.
    static const std::string& dir = *[] {
        namespace fs = std::filesystem;
        std::error_code ec;
        std::string base = fs::is_directory("/dev/shm", ec) ? "/dev/shm" : fs::temp_directory_path(ec).string();
        auto* pattern = new std::string(base + "/fscope-fuzz-XXXXXX");
        if (!::mkdtemp(pattern->data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        return pattern;
    }();
    static const bool cleanup = std::atexit([] {
        std::error_code ignored;
        std::filesystem::remove_all(scratchDir(), ignored);
    }) == 0;
    (void)cleanup;
    return dir;
}

// Writes `bytes` to scratchDir()/name (folders created as needed) and returns the path.
inline std::string writeScratch(const std::string& name, std::string_view bytes)
{
    const std::string path = scratchDir() + "/" + name;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

inline std::string_view asText(const uint8_t* data, size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// The project's source tree, for the shipped data files the targets start from.
inline std::string sourcePath(const std::string& relative)
{
    return std::string(FSCOPE_SOURCE_DIR) + "/" + relative;
}

} // namespace fscope::fuzz
