#include "runtime/resources.h"

#include <cstdlib>
#include <filesystem>

namespace fscope::runtime {

std::string findResourceDir(const std::string& executablePath, const std::vector<std::string>& fallbacks)
{
    namespace fsys = std::filesystem;
    std::error_code ec;
    if (const char* overridden = std::getenv("FUSIONSCOPE_RESOURCES"); overridden && *overridden)
        return fsys::is_directory(overridden, ec) ? fsys::absolute(overridden, ec).lexically_normal().string() : "";
    std::vector<fsys::path> candidates;
    if (!executablePath.empty()) {
        const auto exeDir = fsys::absolute(executablePath, ec).parent_path();
        candidates.push_back(exeDir / ".." / "share" / "fusionscope");
    }
    for (const auto& fallback : fallbacks)
        candidates.emplace_back(fallback);
    for (const auto& candidate : candidates)
        if (fsys::is_directory(candidate, ec))
            return fsys::weakly_canonical(candidate, ec).string();
    return "";
}

std::string currentExecutablePath(const std::string& argv0)
{
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec && !self.empty())
        return self.string();
    return argv0.empty() ? std::string() : std::filesystem::absolute(argv0, ec).string();
}

} // namespace fscope::runtime
