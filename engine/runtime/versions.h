#pragma once
// Versions of the libraries the engine was built with, for `info` and About.
// Thread-safety: any thread.

#include <string>

namespace fscope::runtime {

struct LibraryVersions {
    std::string fusionscope;
    std::string libtorch;
    std::string opencv;
    std::string sndfile;
};

LibraryVersions libraryVersions();

} // namespace fscope::runtime
