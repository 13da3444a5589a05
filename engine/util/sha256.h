#pragma once
// SHA-256 (FIPS 180-4), for content hashes of cached data. Usage:
//
//   fscope::Sha256 hash;
//   hash.update(bytes.data(), bytes.size());
//   std::string hex = hash.hexDigest();          // 64 lowercase hex digits
//   auto fileHash = fscope::sha256File(path);     // Result<std::string>, hex
//
// Thread-safety: a Sha256 object is not shared; the free functions are reentrant.

#include "util/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fscope {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    // Finishes the hash; the object must not be updated afterwards.
    std::string hexDigest();

private:
    void compress(const uint8_t* block);

    std::array<uint32_t, 8> m_state;
    std::array<uint8_t, 64> m_buffer{};
    size_t m_buffered = 0;
    uint64_t m_length = 0; // bytes
};

std::string sha256Hex(std::string_view data);
Result<std::string> sha256File(const std::string& path);

} // namespace fscope
