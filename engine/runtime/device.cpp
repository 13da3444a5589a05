#include "runtime/device.h"

#include "runtime/cpu_tuning.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <thread>

#include <dlfcn.h>

namespace fscope::runtime {

Result<DevicePreference> parseDevicePreference(const std::string& text)
{
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "auto")
        return DevicePreference::Auto;
    if (lower == "cpu")
        return DevicePreference::Cpu;
    if (lower == "cuda" || lower == "gpu")
        return DevicePreference::Cuda;
    return Error{"unknown device '" + text + "': expected auto, cpu or cuda"};
}

std::string devicePreferenceName(DevicePreference preference)
{
    switch (preference) {
    case DevicePreference::Auto: return "auto";
    case DevicePreference::Cpu: return "cpu";
    case DevicePreference::Cuda: return "cuda";
    }
    return "auto";
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

int cudaDeviceCount()
{
    return static_cast<int>(torch::cuda::device_count());
}

Result<DeviceInfo> resolveDevice(DevicePreference preference)
{
    DeviceInfo info;
    info.cpuThreads = currentThreadCount();
    info.blasThreads = currentBlasThreadCount();
    const bool haveCuda = cudaAvailable();
    if (preference == DevicePreference::Cuda && !haveCuda)
        return Error{"CUDA was requested but no CUDA device is available to this LibTorch build"};
    if (preference != DevicePreference::Cpu && haveCuda) {
        info.cuda = true;
        info.cudaIndex = 0;
        info.name = "CUDA:0";
        return info;
    }
    info.name = "CPU";
    return info;
}

// OpenBLAS's pthread build exposes openblas_set_num_threads; look it up at run
// time so the engine links against any BLAS (or none, with a CUDA LibTorch).
void setBlasThreadCount(int threads)
{
    using SetThreads = void (*)(int);
    if (auto* fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        fn(threads);
}

int applyThreadSettings(const ThreadSettings& settings)
{
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const bool automatic = settings.intraOpThreads <= 0;
    const int intraOp = automatic ? 1 : settings.intraOpThreads;
    const int blas = settings.blasThreads > 0 ? settings.blasThreads : (automatic ? cores : intraOp);
    at::set_num_threads(intraOp);
    setBlasThreadCount(blas);
    keepFreedMemoryMapped();
    return at::get_num_threads();
}

int currentThreadCount()
{
    return at::get_num_threads();
}

int currentBlasThreadCount()
{
    using GetThreads = int (*)();
    if (auto* fn = reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")))
        return fn();
    return 0;
}

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

} // namespace fscope::runtime
