#include "runtime/device_probe.h"

#include <torch/torch.h>

#include <chrono>

namespace fscope::runtime {

DeviceProbe probeDevice(DevicePreference preference)
{
    DeviceProbe probe;
    auto resolved = resolveDevice(preference);
    if (!resolved) {
        probe.error = resolved.error().message;
        return probe;
    }
    probe.device = *resolved;
    c10::InferenceMode inference;
    const auto device = probe.device.cuda ? torch::Device(torch::kCUDA, probe.device.cudaIndex) : torch::Device(torch::kCPU);
    constexpr int64_t n = 512;
    const auto a = torch::randn({n, n}, torch::TensorOptions().device(device));
    auto c = a.mm(a);  // warm-up (BLAS thread start, CUDA context)
    constexpr int repeats = 8;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i)
        c = a.mm(a);
    if (probe.device.cuda)
        c.cpu();  // waits for the queued kernels
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    probe.matmulGflops = seconds > 0 ? repeats * 2.0 * n * n * n / seconds / 1e9 : 0;
    return probe;
}

} // namespace fscope::runtime
