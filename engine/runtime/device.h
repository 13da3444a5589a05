#pragma once
// Where models run. CUDA when LibTorch sees a GPU, else the CPU; the user may
// force either. This header has no LibTorch types, so the UI can include it.
//
//   auto device = fscope::runtime::resolveDevice(fscope::runtime::DevicePreference::Auto);
//   if (!device) show(device.error().message);
//   fscope::runtime::applyThreadSettings(settings);   // on the engine thread
//
// Thread-safety: resolveDevice and the queries may be called from any thread;
// applyThreadSettings changes process-wide LibTorch state: call it from the
// engine thread before running jobs.

#include "util/result.h"

#include <string>

namespace fscope::runtime {

enum class DevicePreference { Auto, Cpu, Cuda };

struct DeviceInfo {
    bool cuda = false;
    int cudaIndex = 0;
    std::string name;        // "CPU" or "CUDA:0 (<gpu name>)"
    int cpuThreads = 1;      // LibTorch intra-op threads
};

// "auto", "cpu" or "cuda" (case-insensitive); anything else is an error.
Result<DevicePreference> parseDevicePreference(const std::string& text);
std::string devicePreferenceName(DevicePreference preference);

// Cuda when asked for and unavailable is an error; Auto falls back to the CPU.
Result<DeviceInfo> resolveDevice(DevicePreference preference);

bool cudaAvailable();
int cudaDeviceCount();

struct ThreadSettings {
    int intraOpThreads = 0;  // 0 = one per available core
};
// Sets LibTorch's intra-op thread count. Debian's LibTorch starts with one
// thread; OpenBLAS runs its own pool, so both are set to the same count to
// avoid the two oversubscribing the cores.
int applyThreadSettings(const ThreadSettings& settings);
int currentThreadCount();

// The versions this build runs with.
std::string libtorchVersion();

} // namespace fscope::runtime
