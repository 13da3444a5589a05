#pragma once
// Process and thread settings that decide how fast dense models run on the CPU.
// Engine code only: LibTorch types appear in the implementation, not here.
//
//   fscope::runtime::keepFreedMemoryMapped();           // once, at engine start
//   { fscope::runtime::DenseComputeScope scope(true);   // around a large forward pass
//     model->encodeImage(pixels); }
//
// Why keepFreedMemoryMapped: glibc returns every freed block above its mmap
// threshold to the kernel, so each new activation tensor of a transformer (an
// [800, 3072] float block is 9.8 MB) is page-faulted in again on first touch.
// Measured on ViT-B/32 at batch 16 here: 101 -> 56 ms per image once freed
// blocks stay in the heap (mallopt raising the mmap and trim thresholds).
//
// Why DenseComputeScope: LibTorch's oneDNN matrix kernels (AVX-512 where the CPU
// has it) run on the OpenMP pool, OpenBLAS on its own; measured here on 2 cores,
// a [50, 768] x [768, 3072] product takes 1.1 ms with oneDNN on 2 OpenMP threads
// and 1.7 ms with OpenBLAS, [800, 768] x [768, 3072] 11 ms against 19.5 ms. The
// automatic settings (device.h) keep one OpenMP thread so that many small
// operations do not spin; the scope widens the OpenMP pool to the configured
// CPU thread count and narrows OpenBLAS to one thread (two pools competing for
// the same cores halve both) for the duration of a forward pass, then restores
// both. Thread-safety: changes process-wide thread settings; use on the engine
// thread only.

namespace fscope::runtime {

// Keeps freed heap blocks of up to 64 MB for reuse instead of unmapping them.
void keepFreedMemoryMapped();

// True when LibTorch was built with oneDNN (MKL-DNN) CPU kernels.
bool oneDnnAvailable();

class DenseComputeScope {
public:
    // `active` false (e.g. the model runs on CUDA) makes the scope do nothing.
    explicit DenseComputeScope(bool active);
    ~DenseComputeScope();
    DenseComputeScope(const DenseComputeScope&) = delete;
    DenseComputeScope& operator=(const DenseComputeScope&) = delete;

private:
    bool m_active = false;
    bool m_changedIntraOp = false;
    int m_savedIntraOp = 0;
    int m_savedBlas = 0;
};

} // namespace fscope::runtime
