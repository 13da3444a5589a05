#include "io/safetensors.h"

#include "util/json.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <tuple>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// The format is little-endian; so is every platform FusionScope targets.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes a little-endian host");

namespace fscope::safetensors {

namespace {

// The reference implementation's limit: a larger header is a hostile file, not a model.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

struct DTypeEntry {
    DType dtype;
    std::string_view name;
    size_t size;
    c10::ScalarType scalar;
};

// In the order of the DType enumerators: entryOf() indexes it.
constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8, c10::ScalarType::Double},  {DType::F32, "F32", 4, c10::ScalarType::Float},
    {DType::F16, "F16", 2, c10::ScalarType::Half},    {DType::BF16, "BF16", 2, c10::ScalarType::BFloat16},
    {DType::I64, "I64", 8, c10::ScalarType::Long},    {DType::I32, "I32", 4, c10::ScalarType::Int},
    {DType::I16, "I16", 2, c10::ScalarType::Short},   {DType::I8, "I8", 1, c10::ScalarType::Char},
    {DType::U8, "U8", 1, c10::ScalarType::Byte},      {DType::BOOL, "BOOL", 1, c10::ScalarType::Bool},
};

const DTypeEntry& entryOf(DType dtype)
{
    return kDTypes[static_cast<size_t>(dtype)];
}

const DTypeEntry* entryFor(c10::ScalarType scalar)
{
    for (const auto& entry : kDTypes)
        if (entry.scalar == scalar)
            return &entry;
    return nullptr;
}

[[noreturn]] void fail(const std::string& message)
{
    throw EngineError(message);
}

std::string inQuotes(std::string_view name)
{
    return "'" + std::string(name) + "'";
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

std::string systemError(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

// Unmaps when the last File copy and the last tensor viewing it are gone.
struct Mapping {
    void* base = MAP_FAILED;
    size_t length = 0;
    ~Mapping()
    {
        if (base != MAP_FAILED)
            ::munmap(base, length);
    }
};

class Descriptor {
public:
    explicit Descriptor(int fd) : m_fd(fd) {}
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

void readExactly(int fd, char* out, size_t length, uint64_t offset)
{
    while (length > 0) {
        const ssize_t n = ::pread(fd, out, length, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail(n == 0 ? std::string("file shrank while being read") : systemError("read failed"));
        out += n;
        length -= static_cast<size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
}

void writeExactly(int fd, const void* data, size_t length)
{
    const char* p = static_cast<const char*>(data);
    while (length > 0) {
        const ssize_t n = ::write(fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(systemError("write failed"));
        p += n;
        length -= static_cast<size_t>(n);
    }
}

std::optional<uint64_t> nonNegative(const json::Value& v)
{
    if (!v.isInteger() || v.asInt() < 0)
        return std::nullopt;
    return static_cast<uint64_t>(v.asInt());
}

// One header entry; throws EngineError with the message that follows "tensor 'name': ".
TensorInfo parseEntry(const std::string& name, const json::Value& entry)
{
    if (!entry.isObject())
        fail("entry must be an object, found " + std::string(json::typeName(entry.type())));
    for (const auto& [key, value] : entry.asObject())
        if (key != "dtype" && key != "shape" && key != "data_offsets")
            fail("unexpected key " + inQuotes(key) + " (only dtype, shape and data_offsets are allowed)");
    for (const char* key : {"dtype", "shape", "data_offsets"})
        if (!entry.find(key))
            fail("missing key " + inQuotes(key));

    TensorInfo info;
    info.name = name;
    const auto& dtype = *entry.find("dtype");
    const auto known = std::find_if(std::begin(kDTypes), std::end(kDTypes), [&](const DTypeEntry& e) {
        return dtype.isString() && e.name == dtype.asString();
    });
    if (known == std::end(kDTypes))
        fail("unknown dtype " + json::serialize(dtype));
    info.dtype = known->dtype;

    const auto& shape = *entry.find("shape");
    if (!shape.isArray())
        fail("shape must be an array of non-negative integers, found " + json::serialize(shape));
    uint64_t elements = 1; // guarded: a lying shape must not wrap around to a small size
    for (const auto& dim : shape.asArray()) {
        const auto n = nonNegative(dim);
        if (!n)
            fail("shape must be an array of non-negative integers, found " + json::serialize(shape));
        info.shape.push_back(static_cast<int64_t>(*n));
        if (__builtin_mul_overflow(elements, *n, &elements) || elements > uint64_t(INT64_MAX))
            fail("shape " + json::serialize(shape) + " has more elements than int64 can count");
    }

    const auto& offsets = *entry.find("data_offsets");
    const bool twoOffsets = offsets.isArray() && offsets.size() == 2;
    const auto begin = twoOffsets ? nonNegative(offsets.asArray()[0]) : std::nullopt;
    const auto end = twoOffsets ? nonNegative(offsets.asArray()[1]) : std::nullopt;
    if (!begin || !end)
        fail("data_offsets must be two non-negative integers, found " + json::serialize(offsets));
    if (*begin > *end)
        fail("data_offsets " + json::serialize(offsets) + " end before they begin");
    info.begin = *begin;
    info.end = *end;

    uint64_t bytes = 0;
    if (__builtin_mul_overflow(elements, uint64_t(dtypeSize(info.dtype)), &bytes))
        fail("shape " + shapeText(info.shape) + " x " + std::string(dtypeName(info.dtype)) + " overflows 64 bits");
    if (bytes != info.end - info.begin)
        fail("shape " + shapeText(info.shape) + " x " + std::string(dtypeName(info.dtype)) + " needs "
             + std::to_string(bytes) + " bytes but data_offsets span " + std::to_string(info.end - info.begin));
    return info;
}

struct Header {
    uint64_t length = 0;
    std::vector<TensorInfo> tensors; // sorted by data offsets
    std::map<std::string, std::string> metadata;
};

// Checks the header against the data buffer; throws EngineError with the message
// that follows "path: ".
Header readHeader(int fd, uint64_t fileSize)
{
    if (fileSize < 8)
        fail("file is " + std::to_string(fileSize) + " bytes, too short for the 8-byte header length");
    unsigned char prefix[8];
    readExactly(fd, reinterpret_cast<char*>(prefix), 8, 0);
    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | prefix[i];
    if (headerLength == 0)
        fail("header length is 0");
    if (headerLength > kMaxHeaderBytes)
        fail("header length " + std::to_string(headerLength) + " exceeds the limit of 100000000 bytes");
    if (headerLength > fileSize - 8)
        fail("header length " + std::to_string(headerLength) + " runs past the end of the file ("
             + std::to_string(fileSize) + " bytes)");
    std::string text(headerLength, '\0');
    readExactly(fd, text.data(), text.size(), 8);

    Header result;
    result.length = headerLength;
    auto header = json::parse(text);
    if (!header)
        fail("header is not valid JSON: " + header.error().message);
    if (!header->isObject())
        fail("header must be a JSON object, found " + std::string(json::typeName(header->type())));

    const uint64_t bufferLength = fileSize - 8 - headerLength;
    for (const auto& [name, entry] : header->asObject()) {
        if (name == "__metadata__") {
            if (!entry.isObject())
                fail("__metadata__ must be an object of strings, found " + std::string(json::typeName(entry.type())));
            for (const auto& [key, value] : entry.asObject()) {
                if (!value.isString())
                    fail("__metadata__ " + inQuotes(key) + " must be a string, found " + json::serialize(value));
                result.metadata[key] = value.asString();
            }
            continue;
        }
        try {
            result.tensors.push_back(parseEntry(name, entry));
        } catch (const EngineError& e) {
            fail("tensor " + inQuotes(name) + ": " + e.what());
        }
        if (result.tensors.back().end > bufferLength)
            fail("tensor " + inQuotes(name) + ": data_offsets end " + std::to_string(result.tensors.back().end)
                 + " is past the end of the data buffer (" + std::to_string(bufferLength) + " bytes)");
    }

    // The buffer must be tiled exactly: no overlaps (one write would change two
    // tensors), no holes and no trailing bytes (the reference reader rejects both;
    // they hide data no tool shows).
    std::sort(result.tensors.begin(), result.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
    });
    uint64_t covered = 0;
    const TensorInfo* previous = nullptr;
    for (const auto& t : result.tensors) {
        if (t.begin < covered)
            fail("tensor " + inQuotes(t.name) + ": data_offsets [" + std::to_string(t.begin) + ", "
                 + std::to_string(t.end) + "] overlap tensor " + inQuotes(previous->name) + " ["
                 + std::to_string(previous->begin) + ", " + std::to_string(previous->end) + "]");
        if (t.begin > covered)
            fail("tensor " + inQuotes(t.name) + ": data_offsets begin " + std::to_string(t.begin)
                 + " leaves a hole: the bytes before it end at " + std::to_string(covered));
        covered = t.end;
        if (t.end > t.begin || !previous)
            previous = &t;
    }
    if (covered != bufferLength)
        fail(std::to_string(bufferLength - covered) + " unused bytes at the end of the data buffer (tensors end at "
             + std::to_string(covered) + " of " + std::to_string(bufferLength) + ")");
    return result;
}

} // namespace

struct File::Impl {
    std::string path;
    std::vector<TensorInfo> tensors;
    std::map<std::string, size_t, std::less<>> index;
    std::map<std::string, std::string> metadata;
    std::shared_ptr<Mapping> mapping; // null when the data buffer is empty
    const char* data = nullptr;       // start of the data buffer inside the mapping
};

std::string_view dtypeName(DType dtype)
{
    return entryOf(dtype).name;
}

size_t dtypeSize(DType dtype)
{
    return entryOf(dtype).size;
}

Result<File> File::open(const std::string& path)
{
    try {
        auto impl = std::make_shared<Impl>();
        impl->path = path;
        Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0)
            return Error{path + ": " + systemError("cannot open")};
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0)
            return Error{path + ": " + systemError("cannot stat")};
        if (!S_ISREG(st.st_mode))
            return Error{path + ": not a regular file"};
        const auto fileSize = static_cast<uint64_t>(st.st_size);
        Header header;
        try {
            header = readHeader(fd.get(), fileSize);
        } catch (const EngineError& e) {
            return Error{path + ": " + e.what()};
        }
        const uint64_t headerLength = header.length;
        impl->tensors = std::move(header.tensors);
        impl->metadata = std::move(header.metadata);
        for (size_t i = 0; i < impl->tensors.size(); ++i)
            impl->index.emplace(impl->tensors[i].name, i);
        // Map only when there is data: mmap rejects length 0. The mapping is private
        // and writable so in-place ops on tensors copy pages instead of faulting.
        if (fileSize > 8 + headerLength) {
            auto mapping = std::make_shared<Mapping>();
            mapping->base = ::mmap(nullptr, fileSize, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.get(), 0);
            if (mapping->base == MAP_FAILED)
                return Error{path + ": " + systemError("cannot map the file")};
            mapping->length = fileSize;
            impl->data = static_cast<const char*>(mapping->base) + 8 + headerLength;
            impl->mapping = std::move(mapping);
        }
        return File(std::move(impl));
    } catch (...) {
        return Error{path + ": " + describeCurrentException()};
    }
}

const std::string& File::path() const
{
    return m_impl->path;
}

const std::vector<TensorInfo>& File::tensors() const
{
    return m_impl->tensors;
}

const TensorInfo* File::find(std::string_view name) const
{
    const auto it = m_impl->index.find(name);
    return it == m_impl->index.end() ? nullptr : &m_impl->tensors[it->second];
}

const std::map<std::string, std::string>& File::metadata() const
{
    return m_impl->metadata;
}

torch::Tensor File::tensor(std::string_view name) const
{
    const TensorInfo* info = find(name);
    if (!info)
        throw EngineError(m_impl->path + ": no tensor named " + inQuotes(name));
    const auto& dtype = entryOf(info->dtype);
    const auto options = torch::TensorOptions().dtype(dtype.scalar).device(torch::kCPU);
    if (info->begin == info->end)
        return torch::empty(info->shape, options);
    // The mapping is writable (MAP_PRIVATE), so handing torch a mutable pointer is sound.
    char* bytes = const_cast<char*>(m_impl->data) + info->begin;
    if (reinterpret_cast<uintptr_t>(bytes) % dtype.size != 0) {
        auto copy = torch::empty(info->shape, options);
        std::memcpy(copy.data_ptr(), bytes, info->end - info->begin);
        return copy;
    }
    std::shared_ptr<Mapping> keepAlive = m_impl->mapping;
    return torch::from_blob(bytes, info->shape, [keepAlive](void*) {}, options);
}

// ---------------------------------------------------------------- writer

namespace {

// Creates "<path>.tmp-XXXXXXXX" beside `path` (rename is atomic only within one
// file system) with the usual 0666 & ~umask permissions, which mkstemp would not give.
int createTemporary(const std::string& path, std::string& tempPath)
{
    static std::atomic<uint64_t> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        const uint64_t mix = static_cast<uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ull
                             ^ static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())
                             ^ (counter.fetch_add(1) << 24);
        char suffix[20];
        std::snprintf(suffix, sizeof suffix, "%08llx", static_cast<unsigned long long>(mix & 0xFFFFFFFFull));
        const std::string candidate = path + ".tmp-" + suffix;
        const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            tempPath = candidate;
            return fd;
        }
        if (errno != EEXIST)
            fail(systemError("cannot create " + candidate));
    }
    fail("cannot create a temporary file beside it");
}

void fsyncDirectory(const std::string& path)
{
    auto folder = std::filesystem::path(path).parent_path();
    Descriptor dir(::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0)
        fail(systemError("cannot sync the folder"));
}

} // namespace

Result<void> write(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                   const std::map<std::string, std::string>& metadata)
{
    std::string tempPath;
    try {
        std::vector<std::pair<std::string, torch::Tensor>> sorted;
        for (const auto& [name, tensor] : tensors) {
            if (name == "__metadata__")
                return Error{path + ": tensor name '__metadata__' is reserved"};
            if (!tensor.defined())
                return Error{path + ": tensor " + inQuotes(name) + " is undefined"};
            if (!entryFor(tensor.scalar_type()))
                return Error{path + ": tensor " + inQuotes(name) + ": dtype " + c10::toString(tensor.scalar_type())
                             + " has no safetensors equivalent"};
            try {
                sorted.emplace_back(name, tensor.detach().to(torch::kCPU).contiguous());
            } catch (...) {
                return Error{path + ": tensor " + inQuotes(name) + ": " + describeCurrentException()};
            }
        }
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t i = 1; i < sorted.size(); ++i)
            if (sorted[i].first == sorted[i - 1].first)
                return Error{path + ": duplicate tensor name " + inQuotes(sorted[i].first)};

        json::Value::Object header;
        if (!metadata.empty())
            header.emplace_back("__metadata__", json::Value::Object(metadata.begin(), metadata.end()));
        uint64_t offset = 0;
        for (const auto& [name, tensor] : sorted) {
            const DTypeEntry& dtype = *entryFor(tensor.scalar_type());
            const uint64_t bytes = static_cast<uint64_t>(tensor.numel()) * dtype.size;
            header.emplace_back(name, json::Value::Object{
                {"dtype", dtype.name},
                {"shape", json::Value::Array(tensor.sizes().begin(), tensor.sizes().end())},
                {"data_offsets", json::Value::Array{offset, offset + bytes}}});
            offset += bytes;
        }
        // Padding to 8 bytes keeps every tensor aligned for zero-copy reads.
        std::string text = json::serialize(json::Value(std::move(header)));
        text.append((8 - text.size() % 8) % 8, ' ');
        char prefix[8];
        for (int i = 0; i < 8; ++i)
            prefix[i] = static_cast<char>(static_cast<uint64_t>(text.size()) >> (8 * i));

        Descriptor fd(createTemporary(path, tempPath));
        writeExactly(fd.get(), prefix, sizeof prefix);
        writeExactly(fd.get(), text.data(), text.size());
        for (const auto& [name, tensor] : sorted)
            writeExactly(fd.get(), tensor.data_ptr(), tensor.numel() * tensor.element_size());
        if (::fsync(fd.get()) != 0)
            fail(systemError("fsync failed"));
        if (::close(fd.release()) != 0)
            fail(systemError("close failed"));
        if (::rename(tempPath.c_str(), path.c_str()) != 0)
            fail(systemError("cannot rename " + tempPath));
        tempPath.clear();
        fsyncDirectory(path);
        return {};
    } catch (...) {
        const std::string message = path + ": " + describeCurrentException();
        if (!tempPath.empty())
            ::unlink(tempPath.c_str());
        return Error{message};
    }
}

} // namespace fscope::safetensors
