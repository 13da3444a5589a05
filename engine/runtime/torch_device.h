#pragma once
// The LibTorch device for a resolved DeviceInfo (device.h keeps LibTorch out of
// its interface so the UI can include it; engine code and the CLI use this).
// Thread-safety: pure; any thread.

#include "runtime/device.h"

#include <torch/torch.h>

namespace fscope::runtime {

inline torch::Device torchDevice(const DeviceInfo& info)
{
    return info.cuda ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(info.cudaIndex))
                     : torch::Device(torch::kCPU);
}

} // namespace fscope::runtime
