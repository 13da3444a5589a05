#pragma once
// Strict reader and atomic writer of safetensors files (Hugging Face weights, the
// built-in models, golden fixtures). Usage:
//
//   auto file = fscope::safetensors::File::open(path);
//   if (!file) return file.error();   // "model.safetensors: tensor 'w': data_offsets end 90 past ..."
//   torch::Tensor w = file->tensor("text_projection.weight"); // zero-copy view of the mapping
//
//   fscope::safetensors::write(path, {{"w", w}}, {{"format", "pt"}});
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON header (name ->
// {"dtype", "shape", "data_offsets"} plus an optional "__metadata__" object of
// strings), then the data buffer. open() rejects every header that lies about the
// data (overlaps, holes, wrong sizes, trailing bytes) with a one-line message that
// names the file and the tensor. The file is mapped copy-on-write: in-place ops on
// returned tensors change private pages only, never the file. Replacing the file
// on disk while it is mapped is safe (write() renames over it); truncating it in
// place is not.
// Thread-safety: a File is immutable and cheap to copy (copies share the mapping);
// any thread may call any member concurrently. write() may run on any thread.
// Assumes a little-endian host, like every platform FusionScope ships on.

#include "util/result.h"

#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fscope::safetensors {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::string_view dtypeName(DType dtype); // "F32"
size_t dtypeSize(DType dtype);           // bytes per element

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0; // byte offsets relative to the start of the data buffer
};

class File {
public:
    static Result<File> open(const std::string& path);

    const std::string& path() const;
    const std::vector<TensorInfo>& tensors() const; // in the order of their data offsets
    const TensorInfo* find(std::string_view name) const;
    const std::map<std::string, std::string>& metadata() const;

    // A CPU tensor over the mapped bytes: zero copy when the data is aligned for its
    // dtype (always, for files this project or Hugging Face writes), otherwise a copy.
    // The tensor keeps the mapping alive after every File copy is gone. Tensors of
    // one File share its private pages: clone() before modifying one in place if
    // later tensor() calls on the same File must see the bytes on disk. Throws
    // EngineError naming the file and the tensor when there is no such tensor.
    torch::Tensor tensor(std::string_view name) const;

private:
    struct Impl;
    explicit File(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<const Impl> m_impl;
};

// Writes `tensors` (names sorted, data back to back, header padded to 8 bytes so
// every tensor is aligned) atomically: a temporary file in the same folder, fsync,
// rename over `path`, fsync of the folder. Tensors may live on any device and
// need not be contiguous. Unsupported dtypes and duplicate names are errors that
// name the tensor.
Result<void> write(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                   const std::map<std::string, std::string>& metadata = {});

} // namespace fscope::safetensors
