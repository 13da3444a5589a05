#pragma once
// A quick look at the compute device, run as the first engine job: which
// device, how many threads, and a measured matrix-multiply rate (which shows
// at once when LibTorch fell back to the slow reference BLAS).
// Call on the engine thread (it runs LibTorch work).

#include "runtime/device.h"

#include <string>

namespace fscope::runtime {

struct DeviceProbe {
    DeviceInfo device;
    double matmulGflops = 0;  // float32 512x512 matrix products on that device
    std::string error;        // set when the preferred device cannot be used
};

DeviceProbe probeDevice(DevicePreference preference);

} // namespace fscope::runtime
