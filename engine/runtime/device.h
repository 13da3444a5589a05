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
    int blasThreads = 0;     // OpenBLAS threads (0: not OpenBLAS)
};

// "auto", "cpu" or "cuda" (case-insensitive); anything else is an error.
Result<DevicePreference> parseDevicePreference(const std::string& text);
std::string devicePreferenceName(DevicePreference preference);

// Cuda when asked for and unavailable is an error; Auto falls back to the CPU.
Result<DeviceInfo> resolveDevice(DevicePreference preference);

bool cudaAvailable();
int cudaDeviceCount();

struct ThreadSettings {
    int intraOpThreads = 0;  // LibTorch's OpenMP pool; 0 = automatic (see below)
    int blasThreads = -1;    // OpenBLAS's own pool; -1 = automatic
};
// Sets LibTorch's intra-op (OpenMP) and OpenBLAS thread counts; returns the
// intra-op count. Automatic: one OpenMP thread and one BLAS thread per core.
// Why: libgomp's threads spin while they wait, and as soon as anything else
// wants a core (the GUI, a second process) a 2-thread OpenMP pool stalls:
// measured with bench_fusion on 2 cores with one core busy, cross-attention
// forward 476 ms with 2 OpenMP threads against 47 ms with 1 OpenMP thread and
// 2 BLAS threads, which keeps the matrix products (most of the work) parallel.
// An explicit intraOpThreads N sets both pools to N unless blasThreads is given.
// Also keeps freed memory mapped for reuse (cpu_tuning.h), as every engine thread
// starts here.
int applyThreadSettings(const ThreadSettings& settings);
int currentThreadCount();
// OpenBLAS's thread count, or 0 when the BLAS in use is not OpenBLAS.
int currentBlasThreadCount();
// Sets OpenBLAS's thread count; does nothing under another BLAS.
void setBlasThreadCount(int threads);

// The versions this build runs with.
std::string libtorchVersion();

} // namespace fscope::runtime
