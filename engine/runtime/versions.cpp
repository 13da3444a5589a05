#include "runtime/versions.h"

#include "runtime/device.h"

#include <opencv2/core/version.hpp>
#include <sndfile.h>

namespace fscope::runtime {

LibraryVersions libraryVersions()
{
    LibraryVersions versions;
    versions.fusionscope = FUSIONSCOPE_VERSION;
    versions.libtorch = libtorchVersion();
    versions.opencv = CV_VERSION;
    // sf_version_string() gives "libsndfile-1.2.0"; keep the number.
    std::string sndfile = sf_version_string();
    const auto dash = sndfile.rfind('-');
    versions.sndfile = dash == std::string::npos ? sndfile : sndfile.substr(dash + 1);
    return versions;
}

} // namespace fscope::runtime
