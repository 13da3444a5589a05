#include "runtime/cpu_tuning.h"

#include "runtime/device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>

namespace fscope::runtime {

void keepFreedMemoryMapped()
{
    // 64 MB: above the largest activation of a ViT-L/14 layer at batch 16, far
    // below the memory of the machines FusionScope targets.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

bool oneDnnAvailable()
{
    return at::hasMKLDNN();
}

namespace {

using SetThreads = void (*)(int);

// omp_set_num_threads itself, not at::set_num_threads: the latter also rebuilds
// LibTorch's pthreadpool (thread creation and joins) on every change, measured at
// 10-15 ms per forward pass. LibTorch's OpenMP kernels and oneDNN read
// omp_get_max_threads() when they start, which this sets for the calling thread.
void setOpenMp(int threads)
{
    static const auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (fn)
        fn(threads);
    else
        at::set_num_threads(threads);
}

} // namespace

DenseComputeScope::DenseComputeScope(bool active)
    : m_active(active)
{
    if (!m_active)
        return;
    m_savedIntraOp = at::get_num_threads();
    m_savedBlas = currentBlasThreadCount();
    const int workers = std::max(m_savedIntraOp, m_savedBlas);
    m_changedIntraOp = workers != m_savedIntraOp;
    if (m_changedIntraOp)
        setOpenMp(workers);
    if (m_savedBlas > 1)
        setBlasThreadCount(1);
}

DenseComputeScope::~DenseComputeScope()
{
    if (!m_active)
        return;
    if (m_changedIntraOp)
        setOpenMp(m_savedIntraOp);
    if (m_savedBlas > 1)
        setBlasThreadCount(m_savedBlas);
}

} // namespace fscope::runtime
