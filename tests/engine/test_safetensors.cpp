#include "check.h"
#include "temp_dir.h"

#include "io/safetensors.h"
#include "util/json.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
namespace st = fscope::safetensors;

namespace {

using fscope::check::TempDir;

std::string le64(uint64_t n)
{
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>(n >> (8 * i));
    return bytes;
}

std::string floatBytes(std::initializer_list<float> values)
{
    std::string bytes(values.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), values.begin(), bytes.size());
    return bytes;
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A file made of `header` padded with spaces to a multiple of `align` bytes, then `data`.
std::string rawFile(std::string header, const std::string& data, size_t align = 8, size_t extra = 0)
{
    header.append((align - header.size() % align) % align + extra, ' ');
    return le64(header.size()) + header + data;
}

std::string openError(const std::string& path)
{
    const auto file = st::File::open(path);
    return file.ok() ? "<opened without error: " + path + ">" : file.error().message;
}

// Whether `p` lies in a region of this process mapped from the file at `path`.
bool insideMappingOf(const void* p, const std::string& path)
{
    const std::string target = fs::canonical(path).string();
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        if (line.size() < target.size() || line.compare(line.size() - target.size(), target.size(), target) != 0)
            continue;
        uintptr_t begin = 0, end = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx", &begin, &end) == 2) {
            const auto address = reinterpret_cast<uintptr_t>(p);
            if (address >= begin && address < end)
                return true;
        }
    }
    return false;
}

const char* const kW = R"("w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]})";

} // namespace

FS_TEST(safetensors, round_trip_every_dtype_scalar_and_empty)
{
    TempDir dir;
    const std::string path = dir.file("all.safetensors");
    torch::manual_seed(7);
    const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
        {"f64", torch::randn({2, 3}, torch::kFloat64)},
        {"f32_transposed", torch::arange(12, torch::kFloat32).reshape({3, 4}).t()},
        {"f16", torch::randn({3, 2}).to(torch::kHalf)},
        {"bf16", torch::randn({5}).to(torch::kBFloat16)},
        {"i64", torch::tensor(std::vector<int64_t>{9007199254740993LL, -1, std::numeric_limits<int64_t>::max()})},
        {"i32", torch::arange(-3, 3, torch::kInt32)},
        {"i16", torch::arange(-300, 300, 100, torch::kInt16)},
        {"i8", torch::tensor(std::vector<int64_t>{-128, 0, 127}).to(torch::kInt8)},
        {"u8", torch::arange(250, 256).to(torch::kUInt8)},
        {"bool", torch::tensor(std::vector<int64_t>{1, 0, 1}).to(torch::kBool)},
        {"scalar", torch::scalar_tensor(3.5, torch::kFloat32)},
        {"empty", torch::empty({0}, torch::kFloat32)},
        {"empty_3d", torch::empty({2, 0, 3}, torch::kInt64)},
        {"grad", torch::ones({2}, torch::requires_grad())},
    };
    const std::map<std::string, std::string> metadata = {{"format", "pt"}, {"note", "caf\xC3\xA9 \"quoted\""}};
    const auto written = st::write(path, tensors, metadata);
    FS_REQUIRE(written.ok());

    const std::string bytes = readBytes(path);
    FS_REQUIRE(bytes.size() >= 8);
    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[i]);
    FS_CHECK_EQ(headerLength % 8, 0u);
    FS_CHECK_EQ(bytes[8], '{');

    const auto file = st::File::open(path);
    if (!file.ok())
        FS_CHECK_EQ(file.error().message, std::string());
    FS_REQUIRE(file.ok());
    FS_CHECK_EQ(file->path(), path);
    FS_CHECK(file->metadata() == metadata);
    FS_CHECK_EQ(file->tensors().size(), tensors.size());
    uint64_t previousEnd = 0;
    for (const auto& info : file->tensors()) { // data back to back, in offset order
        FS_CHECK_EQ(info.begin, previousEnd);
        previousEnd = info.end;
    }
    for (const auto& [name, expected] : tensors) {
        const auto* info = file->find(name);
        FS_REQUIRE(info != nullptr);
        FS_CHECK_EQ(info->end - info->begin, uint64_t(expected.numel()) * st::dtypeSize(info->dtype));
        const torch::Tensor t = file->tensor(name);
        FS_CHECK(t.scalar_type() == expected.scalar_type());
        FS_CHECK(t.sizes() == expected.sizes());
        FS_CHECK(t.device().is_cpu());
        FS_CHECK(torch::equal(t, expected.detach()));
    }
    FS_CHECK_EQ(file->tensor("scalar").dim(), 0);
    FS_CHECK_EQ(file->tensor("scalar").item<float>(), 3.5f);
    FS_CHECK_EQ(st::dtypeName(file->find("bf16")->dtype), std::string_view("BF16"));
    FS_CHECK_EQ(st::dtypeName(st::DType::BOOL), std::string_view("BOOL"));
    FS_CHECK_EQ(st::dtypeSize(st::DType::F16), 2u);
    FS_CHECK_EQ(st::dtypeSize(st::DType::I64), 8u);
}

FS_TEST(safetensors, tensors_are_zero_copy_and_outlive_the_file)
{
    TempDir dir;
    const std::string path = dir.file("zero-copy.safetensors");
    FS_REQUIRE(st::write(path, {{"a", torch::arange(16, torch::kFloat32)}, {"b", torch::arange(8, torch::kFloat64)}}).ok());
    torch::Tensor a;
    torch::Tensor b;
    {
        const auto file = st::File::open(path);
        FS_REQUIRE(file.ok());
        const st::File copy = *file; // copies share one mapping
        a = file->tensor("a");
        b = copy.tensor("b");
        FS_CHECK(insideMappingOf(a.data_ptr(), path));
        FS_CHECK(insideMappingOf(b.data_ptr(), path));
        FS_CHECK(copy.tensor("a").data_ptr() == a.data_ptr());
        FS_CHECK_EQ(static_cast<const char*>(b.data_ptr()) - static_cast<const char*>(a.data_ptr()),
                    static_cast<std::ptrdiff_t>(file->find("b")->begin - file->find("a")->begin));
    }
    // Every File copy is gone: the tensors alone keep the mapping.
    FS_CHECK(insideMappingOf(a.data_ptr(), path));
    FS_CHECK_EQ(a.sum().item<float>(), 120.0f);
    FS_CHECK_EQ(b.sum().item<double>(), 28.0);
    const void* address = a.data_ptr();
    a = torch::Tensor();
    b = torch::Tensor();
    FS_CHECK(!insideMappingOf(address, path)); // and the last one unmaps it
}

FS_TEST(safetensors, misaligned_data_is_copied)
{
    TempDir dir;
    const std::string path = dir.file("misaligned.safetensors");
    // 8 + header length is odd, so the F32 data cannot be viewed in place.
    writeBytes(path, rawFile(std::string("{") + kW + R"(, "u": {"dtype": "U8", "shape": [3], "data_offsets": [8, 11]}})",
                             floatBytes({1.5f, -2.0f}) + "xyz", 8, 1));
    const auto file = st::File::open(path);
    FS_REQUIRE(file.ok());
    const auto w = file->tensor("w");
    FS_CHECK_EQ(reinterpret_cast<uintptr_t>(w.data_ptr()) % alignof(float), 0u);
    FS_CHECK(!insideMappingOf(w.data_ptr(), path));
    FS_CHECK(torch::equal(w, torch::tensor({1.5f, -2.0f})));
    const auto u = file->tensor("u"); // bytes are always aligned
    FS_CHECK(insideMappingOf(u.data_ptr(), path));
    FS_CHECK_EQ(u[2].item<int>(), int('z'));
}

FS_TEST(safetensors, in_place_ops_never_write_the_file)
{
    TempDir dir;
    const std::string path = dir.file("private.safetensors");
    const auto original = torch::arange(1024, torch::kFloat32);
    FS_REQUIRE(st::write(path, {{"w", original}}).ok());
    const std::string before = readBytes(path);
    {
        const auto file = st::File::open(path);
        FS_REQUIRE(file.ok());
        auto w = file->tensor("w");
        w.mul_(0).add_(7); // would segfault on a read-only mapping
        FS_CHECK_EQ(w[5].item<float>(), 7.0f);
    }
    FS_CHECK(readBytes(path) == before);
    const auto again = st::File::open(path);
    FS_REQUIRE(again.ok());
    FS_CHECK(torch::equal(again->tensor("w"), original));
}

FS_TEST(safetensors, empty_buffer_and_missing_tensor)
{
    TempDir dir;
    const std::string path = dir.file("empty.safetensors");
    FS_REQUIRE(st::write(path, {{"e", torch::empty({0})}, {"z", torch::empty({2, 0, 3}, torch::kInt64)}}, {{"k", "v"}}).ok());
    const auto file = st::File::open(path);
    FS_REQUIRE(file.ok());
    FS_CHECK_EQ(fs::file_size(path) % 8, 0u); // no data bytes at all: nothing to map
    FS_CHECK_EQ(file->tensors().size(), 2u);
    FS_CHECK(file->tensor("z").sizes() == torch::IntArrayRef({2, 0, 3}));
    FS_CHECK(file->tensor("z").scalar_type() == torch::kInt64);
    FS_CHECK_EQ(file->metadata().at("k"), std::string("v"));
    FS_CHECK(file->find("absent") == nullptr);
    std::string message = "<nothing thrown>";
    try {
        (void)file->tensor("absent.weight");
    } catch (const fscope::EngineError& e) {
        message = e.what();
    }
    FS_CHECK_CONTAINS(message, path);
    FS_CHECK_CONTAINS(message, "'absent.weight'");

    const std::string bare = dir.file("bare.safetensors");
    FS_REQUIRE(st::write(bare, {}).ok());
    FS_CHECK_EQ(readBytes(bare), le64(8) + "{}      ");
    const auto none = st::File::open(bare);
    FS_REQUIRE(none.ok());
    FS_CHECK(none->tensors().empty() && none->metadata().empty());
}

FS_TEST(safetensors, rejects_bad_lengths)
{
    TempDir dir;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"abcde", "file is 5 bytes, too short for the 8-byte header length"},
        {le64(0) + "{}", "header length is 0"},
        {le64(200'000'000) + "{}", "header length 200000000 exceeds the limit of 100000000 bytes"},
        {le64(100) + "{\"w\": 1}", "header length 100 runs past the end of the file (16 bytes)"},
        {le64(uint64_t(-1)), "header length 18446744073709551615 exceeds the limit"},
    };
    int index = 0;
    for (const auto& [bytes, expected] : cases) {
        const std::string path = dir.file("length" + std::to_string(index++) + ".safetensors");
        writeBytes(path, bytes);
        const std::string message = openError(path);
        FS_CHECK_CONTAINS(message, path + ": " + expected);
    }
    FS_CHECK_CONTAINS(openError(dir.file("absent.safetensors")), "absent.safetensors: cannot open: No such file");
    FS_CHECK_CONTAINS(openError(dir.path().string()), "not a regular file");
}

FS_TEST(safetensors, rejects_lying_headers_naming_the_tensor)
{
    const std::string eight = floatBytes({1, 2});
    struct Case {
        std::string header;
        std::string data;
        std::string expected;
    };
    const auto entry = [](const std::string& body) { return "{\"w\": {" + body + "}}"; };
    const std::vector<Case> cases = {
        {"{\"w\": {\"dtype\": \"F32\",", eight, "header is not valid JSON: line 1, column 25: unterminated object"},
        {"[1, 2]", eight, "header must be a JSON object, found an array"},
        {"{\"w\": [0, 8]}", eight, "tensor 'w': entry must be an object, found an array"},
        {entry(R"("dtype": "F32", "shape": [2])"), eight, "tensor 'w': missing key 'data_offsets'"},
        {entry(R"("dtype": "F32", "shape": [2], "data_offsets": [0, 8], "offset": 0)"), eight, "tensor 'w': unexpected key 'offset'"},
        {entry(R"("dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 8])"), eight, "tensor 'w': unknown dtype \"F8_E4M3\""},
        {entry(R"("dtype": 4, "shape": [2], "data_offsets": [0, 8])"), eight, "tensor 'w': unknown dtype 4"},
        {entry(R"("dtype": "F32", "shape": 2, "data_offsets": [0, 8])"), eight, "tensor 'w': shape must be an array of non-negative integers, found 2"},
        {entry(R"("dtype": "F32", "shape": [-2], "data_offsets": [0, 8])"), eight, "tensor 'w': shape must be an array of non-negative integers, found [-2]"},
        {entry(R"("dtype": "F32", "shape": [1.5], "data_offsets": [0, 8])"), eight, "tensor 'w': shape must be"},
        {entry(R"("dtype": "F32", "shape": ["2"], "data_offsets": [0, 8])"), eight, "tensor 'w': shape must be"},
        {entry(R"("dtype": "U8", "shape": [4294967296, 4294967296], "data_offsets": [0, 8])"), eight, "tensor 'w': shape [4294967296,4294967296] has more elements than int64 can count"},
        {entry(R"("dtype": "F64", "shape": [2305843009213693952], "data_offsets": [0, 8])"), eight, "tensor 'w': shape [2305843009213693952] x F64 overflows 64 bits"},
        {entry(R"("dtype": "F32", "shape": [2], "data_offsets": [0])"), eight, "tensor 'w': data_offsets must be two non-negative integers, found [0]"},
        {entry(R"("dtype": "F32", "shape": [2], "data_offsets": ["0", "8"])"), eight, "tensor 'w': data_offsets must be two"},
        {entry(R"("dtype": "F32", "shape": [2], "data_offsets": [-8, 0])"), eight, "tensor 'w': data_offsets must be two"},
        {entry(R"("dtype": "F32", "shape": [0], "data_offsets": [8, 0])"), eight, "tensor 'w': data_offsets [8,0] end before they begin"},
        {entry(R"("dtype": "F32", "shape": [4], "data_offsets": [0, 16])"), eight, "tensor 'w': data_offsets end 16 is past the end of the data buffer (8 bytes)"},
        {entry(R"("dtype": "F16", "shape": [768, 512], "data_offsets": [0, 8])"), eight, "tensor 'w': shape [768,512] x F16 needs 786432 bytes but data_offsets span 8"},
        {R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "w": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
         eight + "    ", "tensor 'w': data_offsets [4, 12] overlap tensor 'a' [0, 8]"},
        {R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}})",
         eight + "    ", "tensor 'w': data_offsets begin 8 leaves a hole: the bytes before it end at 4"},
        {std::string("{") + kW + "}", eight + "junk", "4 unused bytes at the end of the data buffer (tensors end at 8 of 12)"},
        {std::string(R"({"__metadata__": ["pt"], )") + kW + "}", eight, "__metadata__ must be an object of strings, found an array"},
        {std::string(R"({"__metadata__": {"format": 1}, )") + kW + "}", eight, "__metadata__ 'format' must be a string, found 1"},
        {std::string("{") + kW + ", " + kW + "}", eight, "header is not valid JSON: line 1, column 63: duplicate key \"w\""},
        {std::string("{\"w\xFF\": {}}"), eight, "header is not valid JSON: line 1, column 4: invalid UTF-8"},
    };
    TempDir dir;
    for (size_t i = 0; i < cases.size(); ++i) {
        const std::string path = dir.file("case" + std::to_string(i) + ".safetensors");
        writeBytes(path, rawFile(cases[i].header, cases[i].data));
        const std::string message = openError(path);
        FS_CHECK_CONTAINS(message, path + ": " + cases[i].expected);
        FS_CHECK(message.find('\n') == std::string::npos);
    }
}

FS_TEST(safetensors, write_is_atomic_and_rejects_bad_input)
{
    TempDir dir;
    const std::string path = dir.file("model.safetensors");
    FS_REQUIRE(st::write(path, {{"w", torch::full({4}, 1.0f)}}).ok());
    const auto first = st::File::open(path);
    FS_REQUIRE(first.ok());
    const auto old = first->tensor("w");

    // Replacing a mapped file leaves the old mapping intact (a new inode, not a rewrite).
    FS_REQUIRE(st::write(path, {{"w", torch::full({64}, 2.0f)}, {"v", torch::zeros({3})}}).ok());
    FS_CHECK_EQ(old.sum().item<float>(), 4.0f);
    const auto second = st::File::open(path);
    FS_REQUIRE(second.ok());
    FS_CHECK_EQ(second->tensor("w").sum().item<float>(), 128.0f);

    const auto failsWith = [&](const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                               const std::string& expected) {
        const auto result = st::write(path, tensors);
        FS_CHECK(!result.ok());
        if (!result.ok())
            FS_CHECK_CONTAINS(result.error().message, path + ": " + expected);
    };
    failsWith({{"c", torch::zeros({2}, torch::kComplexFloat)}}, "tensor 'c': dtype ComplexFloat has no safetensors equivalent");
    failsWith({{"x", torch::zeros({1})}, {"x", torch::ones({1})}}, "duplicate tensor name 'x'");
    failsWith({{"__metadata__", torch::zeros({1})}}, "tensor name '__metadata__' is reserved");
    failsWith({{"u", torch::Tensor()}}, "tensor 'u' is undefined");
    const auto noFolder = st::write(dir.file("absent/model.safetensors"), {{"w", torch::zeros({1})}});
    FS_CHECK(!noFolder.ok());
    if (!noFolder.ok())
        FS_CHECK_CONTAINS(noFolder.error().message, "absent/model.safetensors: cannot create");

    // Failed writes left the last good file in place and no temporary files behind.
    const auto third = st::File::open(path);
    FS_REQUIRE(third.ok());
    FS_CHECK_EQ(third->tensors().size(), 2u);
    int entries = 0;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        ++entries;
        FS_CHECK_EQ(entry.path().filename().string(), std::string("model.safetensors"));
    }
    FS_CHECK_EQ(entries, 1);
}

FS_TEST(safetensors, golden_clip_tiny_fixtures)
{
    const std::string fixtures = fscope::check::requiredFixturesDir();
    const auto golden = st::File::open(fixtures + "/clip-tiny/golden.safetensors");
    if (!golden.ok())
        FS_CHECK_EQ(golden.error().message, std::string());
    FS_REQUIRE(golden.ok());
    const auto pixels = golden->tensor("pixel_values");
    FS_CHECK(pixels.sizes() == torch::IntArrayRef({3, 3, 32, 32}));
    FS_CHECK(pixels.scalar_type() == torch::kFloat32);
    FS_CHECK(golden->find("pixel_values")->dtype == st::DType::F32);
    const auto ids = golden->tensor("input_ids");
    FS_CHECK(ids.sizes() == torch::IntArrayRef({7, 77}));
    FS_CHECK(golden->find("input_ids")->dtype == st::DType::I64);

    // The token ids in golden.json (read with the JSON parser) match the tensor.
    std::ifstream in(fixtures + "/clip-tiny/golden.json", std::ios::binary);
    const auto doc = fscope::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    FS_REQUIRE(doc.ok());
    const auto& rows = doc->find("input_ids")->asArray();
    FS_REQUIRE(rows.size() == 7);
    for (size_t r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r].asArray();
        FS_REQUIRE(row.size() <= 77);
        for (size_t c = 0; c < 77; ++c)
            FS_CHECK_EQ(ids[r][c].item<int64_t>(), c < row.size() ? row[c].asInt() : int64_t(0));
    }
    const auto& logits = doc->find("logits_per_image")->asArray();
    FS_CHECK_NEAR(golden->tensor("logits_per_image")[1][2].item<float>(), logits[1].asArray()[2].asDouble(), 1e-5);

    const auto hf = st::File::open(fixtures + "/clip-tiny/hf/model.safetensors");
    FS_REQUIRE(hf.ok());
    FS_CHECK_EQ(hf->metadata().at("format"), std::string("pt"));
    for (const char* name : {"vision_model.embeddings.patch_embedding.weight", "text_model.embeddings.token_embedding.weight",
                             "visual_projection.weight", "text_projection.weight", "logit_scale"}) {
        const auto* info = hf->find(name);
        FS_CHECK(info != nullptr);
        if (info)
            FS_CHECK(info->dtype == st::DType::F32 && hf->tensor(name).scalar_type() == torch::kFloat32);
    }
    FS_CHECK(hf->tensor("text_model.embeddings.token_embedding.weight").sizes() == torch::IntArrayRef({49408, 128}));
    FS_CHECK_NEAR(hf->tensor("logit_scale").item<float>(), std::log(100.0), 1e-5); // exp(logit_scale) = 100
}
