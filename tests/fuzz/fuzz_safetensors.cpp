// The safetensors reader (built-in models, Hugging Face checkpoints, golden
// fixtures). open() must refuse every file whose header lies about the data; a
// file it accepts must give every tensor it lists, each within the mapping.

#include "fuzz_support.h"

#include "io/safetensors.h"

#include <torch/types.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace fscope;
    static const std::string path = fuzz::writeScratch("input.safetensors", {});
    fuzz::writeScratch("input.safetensors", fuzz::asText(data, size));
    const auto file = safetensors::File::open(path);
    if (!file) {
        FSCOPE_FUZZ_CHECK(file.error().message.rfind(path, 0) == 0, "error does not name the file: " + file.error().message);
        return 0;
    }
    uint64_t previousEnd = 0;
    unsigned checksum = 0;
    for (const auto& info : file->tensors()) {
        FSCOPE_FUZZ_CHECK(info.begin == previousEnd, "tensors do not tile the data buffer: " + info.name);
        previousEnd = info.end;
        FSCOPE_FUZZ_CHECK(file->find(info.name) != nullptr, "listed tensor not found: " + info.name);
        const torch::Tensor t = file->tensor(info.name);
        FSCOPE_FUZZ_CHECK(uint64_t(t.numel()) * safetensors::dtypeSize(info.dtype) == info.end - info.begin,
                          "tensor size differs from its data_offsets: " + info.name);
        // Touch every byte: a view past the mapping would fault here.
        const auto* bytes = static_cast<const unsigned char*>(t.data_ptr());
        for (uint64_t i = 0; i < info.end - info.begin; ++i)
            checksum += bytes[i];
    }
    FSCOPE_FUZZ_CHECK(previousEnd + 8 <= size, "tensors end past the file");
    for (const auto& [key, value] : file->metadata())
        checksum += unsigned(key.size() + value.size());
    // Keeps the reads above from being optimised away.
    static volatile unsigned sink = 0;
    sink = sink + checksum;
    return 0;
}
