// Finding the resources: the override variable, <exe>/../share/fusionscope (an
// installed or moved prefix), the build tree's fallback; and the running
// program's own path whatever argv[0] says.

#include "check.h"

#include "runtime/resources.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fsys = std::filesystem;
using fscope::runtime::currentExecutablePath;
using fscope::runtime::findResourceDir;

namespace {

fsys::path scratch(const std::string& name)
{
    const auto dir = fsys::temp_directory_path() / ("fusionscope-test-resources-" + name);
    fsys::remove_all(dir);
    fsys::create_directories(dir);
    return dir;
}

} // namespace

FS_TEST(resources, prefix_then_fallback_then_nothing)
{
    unsetenv("FUSIONSCOPE_RESOURCES");
    const auto prefix = scratch("prefix");
    fsys::create_directories(prefix / "bin");
    fsys::create_directories(prefix / "share" / "fusionscope");
    const auto fallback = scratch("fallback");
    const std::string exe = (prefix / "bin" / "fusionscope-cli").string();
    FS_CHECK_EQ(findResourceDir(exe, {fallback.string()}), fsys::canonical(prefix / "share" / "fusionscope").string());
    // Moved: the same layout under another name still works.
    const auto moved = prefix.parent_path() / "fusionscope-test-resources-moved";
    fsys::remove_all(moved);
    fsys::rename(prefix, moved);
    FS_CHECK_EQ(findResourceDir((moved / "bin" / "fusionscope-cli").string(), {}),
                fsys::canonical(moved / "share" / "fusionscope").string());
    // A build tree: no share/ beside the program, the fallback wins; none at all: "".
    FS_CHECK_EQ(findResourceDir((fallback / "fusionscope-cli").string(), {fallback.string()}),
                fsys::canonical(fallback).string());
    FS_CHECK_EQ(findResourceDir((fallback / "fusionscope-cli").string(), {(fallback / "missing").string()}), "");
    fsys::remove_all(moved);
    fsys::remove_all(fallback);
}

FS_TEST(resources, variable_overrides)
{
    const auto dir = scratch("override");
    setenv("FUSIONSCOPE_RESOURCES", dir.string().c_str(), 1);
    FS_CHECK_EQ(findResourceDir("/usr/bin/fusionscope-cli", {"/"}), fsys::absolute(dir).lexically_normal().string());
    // Set but missing: no resources rather than silently others.
    setenv("FUSIONSCOPE_RESOURCES", (dir / "missing").string().c_str(), 1);
    FS_CHECK_EQ(findResourceDir("/usr/bin/fusionscope-cli", {"/"}), "");
    unsetenv("FUSIONSCOPE_RESOURCES");
    fsys::remove_all(dir);
}

FS_TEST(resources, executable_path_ignores_a_bare_argv0)
{
    // As when the shell found the program on PATH: argv[0] has no folder.
    const std::string path = currentExecutablePath("test_resources");
    FS_CHECK(fsys::path(path).is_absolute());
    FS_CHECK(fsys::equivalent(path, "/proc/self/exe"));
}
