#pragma once
// Reproducible randomness for training loops: each step has its own random
// stream, a function of (seed, step) alone, so a run resumed from a checkpoint
// draws exactly what the uninterrupted run would have.
// Thread-safety: pure functions over the caller's generator.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace fscope::train {

inline std::mt19937_64 stepRandom(uint64_t seed, int64_t step)
{
    std::seed_seq sequence{uint32_t(seed), uint32_t(seed >> 32), uint32_t(step), uint32_t(uint64_t(step) >> 32)};
    return std::mt19937_64(sequence);
}

inline double uniform(std::mt19937_64& rng, double low, double high)
{
    return std::uniform_real_distribution<double>(low, high)(rng);
}

inline int64_t uniformInt(std::mt19937_64& rng, int64_t low, int64_t high)
{
    return std::uniform_int_distribution<int64_t>(low, high)(rng);
}

// `batch` distinct indices of [0, records) (a partial shuffle).
inline std::vector<size_t> drawBatch(std::mt19937_64& rng, size_t records, size_t batch)
{
    std::vector<size_t> order(records);
    for (size_t i = 0; i < records; ++i)
        order[i] = i;
    batch = std::min(batch, records);
    for (size_t i = 0; i < batch; ++i)
        std::swap(order[i], order[size_t(uniformInt(rng, int64_t(i), int64_t(records) - 1))]);
    order.resize(batch);
    return order;
}

// Linear warm-up, then a cosine decay to 0 at `steps`.
inline double warmupCosineRate(double peak, int64_t step, int64_t warmupSteps, int64_t steps)
{
    if (step < warmupSteps)
        return peak * double(step + 1) / double(warmupSteps);
    const double progress = double(step - warmupSteps) / double(std::max<int64_t>(1, steps - warmupSteps));
    return peak * 0.5 * (1.0 + std::cos(3.14159265358979323846 * std::min(1.0, progress)));
}

} // namespace fscope::train
