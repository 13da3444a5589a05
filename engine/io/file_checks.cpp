#include "io/file_checks.h"

#include <filesystem>

namespace fscope::io {

std::optional<Error> inputFileProblem(const std::string& path, bool allowEmpty)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        return fileError(path, "file not found");
    if (fs::is_directory(status))
        return fileError(path, "is a folder, not a file");
    if (!allowEmpty && fs::is_regular_file(status) && fs::file_size(path, ec) == 0 && !ec)
        return fileError(path, "empty file");
    return std::nullopt;
}

} // namespace fscope::io
