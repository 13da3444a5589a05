#include "io/ogg_pages.h"

#include "io/file_checks.h"

#include <array>
#include <fstream>
#include <iterator>

namespace fscope::io {

namespace {

// RFC 3533: CRC-32 with polynomial 0x04c11db7, not reflected, initial value 0,
// computed over the page with its checksum field set to zero.
const std::array<uint32_t, 256>& crcTable()
{
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t r = i << 24;
            for (int bit = 0; bit < 8; ++bit)
                r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : (r << 1);
            t[i] = r;
        }
        return t;
    }();
    return table;
}

uint32_t pageCrc(const uint8_t* page, size_t size)
{
    const auto& table = crcTable();
    uint32_t crc = 0;
    for (size_t i = 0; i < size; ++i)
        crc = (crc << 8) ^ table[((crc >> 24) ^ page[i]) & 0xffu];
    return crc;
}

void putLe32(uint8_t* at, uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        at[i] = uint8_t(value >> (8 * i));
}

constexpr size_t kHeaderSize = 27; // up to and including the segment count
constexpr size_t kSerialAt = 14;
constexpr size_t kCrcAt = 22;

} // namespace

Result<void> setOggSerial(std::vector<uint8_t>& bytes, uint32_t serial)
{
    size_t offset = 0;
    while (offset < bytes.size()) {
        const auto bad = [&](const std::string& what) {
            return Error{"not an Ogg page at byte " + std::to_string(offset) + ": " + what};
        };
        if (bytes.size() - offset < kHeaderSize)
            return bad("truncated header");
        uint8_t* page = bytes.data() + offset;
        if (page[0] != 'O' || page[1] != 'g' || page[2] != 'g' || page[3] != 'S')
            return bad("no capture pattern");
        const size_t segments = page[26];
        if (bytes.size() - offset < kHeaderSize + segments)
            return bad("truncated segment table");
        size_t bodySize = 0;
        for (size_t i = 0; i < segments; ++i)
            bodySize += page[kHeaderSize + i];
        const size_t pageSize = kHeaderSize + segments + bodySize;
        if (bytes.size() - offset < pageSize)
            return bad("truncated body");
        putLe32(page + kSerialAt, serial);
        putLe32(page + kCrcAt, 0);
        putLe32(page + kCrcAt, pageCrc(page, pageSize));
        offset += pageSize;
    }
    if (bytes.empty())
        return Error{"empty Ogg file"};
    return {};
}

Result<void> setOggFileSerial(const std::string& path, uint32_t serial)
{
    std::vector<uint8_t> bytes;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return fileError(path, "cannot open file");
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (auto fixed = setOggSerial(bytes, serial); !fixed)
        return fileError(path, fixed.error().message);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    out.close();
    if (!out)
        return fileError(path, "cannot write file");
    return {};
}

} // namespace fscope::io
