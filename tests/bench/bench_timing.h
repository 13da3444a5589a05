#pragma once
// Shared by the benchmarks: the median of repeated runs (after one warm-up)
// and the common command-line options.
//
//   BenchOptions options = parseBenchOptions(argc, argv, {10, 16});
//   double ms = medianMs([&] { model->forward(x); }, options.iterations);

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace fscope::bench {

inline double medianMs(const std::function<void()>& run, int iterations)
{
    run(); // warm-up
    std::vector<double> times;
    for (int i = 0; i < iterations; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

struct BenchOptions {
    int iterations = 10;
    int64_t batch = 16;
    int threads = 0;       // 0: automatic
    int blasThreads = -1;  // -1: automatic
};

// [--iterations N] [--batch B] [--threads T] [--blas-threads T]; `defaults` fills the rest.
inline BenchOptions parseBenchOptions(int argc, char** argv, BenchOptions defaults)
{
    BenchOptions o = defaults;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--iterations"))
            o.iterations = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--batch"))
            o.batch = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--threads"))
            o.threads = std::max(0, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--blas-threads"))
            o.blasThreads = std::atoi(argv[i + 1]);
    }
    return o;
}

} // namespace fscope::bench
