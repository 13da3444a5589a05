#include "util/text_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <unistd.h>

namespace fscope {

Result<std::string> readTextFile(const std::string& path)
{
    // Configs, workspaces and tokenizer files are small; a huge one is refused
    // before it fills the memory.
    constexpr uintmax_t kMaxBytes = uintmax_t(1) << 30;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return Error{path + ": is a folder, not a file"};
    if (const uintmax_t bytes = std::filesystem::file_size(path, ec); !ec && bytes > kMaxBytes)
        return Error{path + ": " + std::to_string(bytes) + " bytes, more than the 1 GiB a text file may have"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open file"};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return Error{path + ": cannot read file"};
    return text;
}

Result<void> writeTextFileAtomically(const std::string& path, const std::string& text)
{
    // Write, flush to the disk, then rename over the old file: after a crash
    // the path holds either the old or the new text, never a mix.
    const std::string partial = path + ".partial";
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (!out)
        return Error{path + ": cannot write file (" + std::strerror(errno) + ")"};
    const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0
                      && ::fsync(::fileno(out)) == 0;
    const int writeErrno = errno;
    if (std::fclose(out) != 0 || !written) {
        std::remove(partial.c_str());
        return Error{path + ": cannot write file (" + std::strerror(written ? errno : writeErrno) + ")"};
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) {
        std::remove(partial.c_str());
        return Error{path + ": cannot write file (" + ec.message() + ")"};
    }
    // The rename itself reaches the disk only when the folder is flushed too.
    std::string folder = std::filesystem::path(path).parent_path().string();
    if (folder.empty())
        folder = ".";
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

} // namespace fscope
