#include "io/gzip_file.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace fscope::io {

Result<std::string> readGzipFile(const std::string& path, size_t maxBytes)
{
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            return Error{path + ": cannot open: " + std::strerror(errno)};
        unsigned char magic[2] = {0, 0};
        probe.read(reinterpret_cast<char*>(magic), 2);
        if (probe.gcount() != 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            return Error{path + ": not a gzip file"};
    }
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        return Error{path + ": cannot open"};
    std::string out;
    char buffer[1 << 16];
    for (;;) {
        const int n = gzread(file, buffer, sizeof buffer);
        if (n < 0) {
            int code = 0;
            const std::string message = gzerror(file, &code);
            gzclose(file);
            return Error{path + ": corrupt gzip data: " + message};
        }
        if (n == 0)
            break;
        out.append(buffer, static_cast<size_t>(n));
        if (out.size() > maxBytes) {
            gzclose(file);
            return Error{path + ": decompresses to more than " + std::to_string(maxBytes >> 20) + " MB"};
        }
    }
    // gzread stops quietly at a truncated end; gzclose_r reports it.
    int code = 0;
    const std::string lastError = gzerror(file, &code);
    gzclose(file);
    if (code != Z_OK && code != Z_STREAM_END)
        return Error{path + ": corrupt gzip data: " + lastError};
    return out;
}

} // namespace fscope::io
