#include "check.h"
#include "temp_dir.h"

#include "data/collection.h"
#include "data/embedding_cache.h"
#include "util/sha256.h"
#include "io/gzip_file.h"
#include "io/safetensors.h"
#include "tasks/clip_session.h"

#include <torch/torch.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using fscope::check::TempDir;
using fscope::tasks::ClipSession;

namespace {

std::string fixture(const std::string& rel)
{
    return (fs::path(fscope::check::requiredFixturesDir()) / "clip-tiny" / rel).string();
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

void writeGzip(const std::string& path, const std::string& text)
{
    gzFile file = gzopen(path.c_str(), "wb");
    FS_REQUIRE(file != nullptr);
    FS_REQUIRE(gzwrite(file, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
    gzclose(file);
}

double cosine(const torch::Tensor& a, const torch::Tensor& b)
{
    return (torch::dot(a, b) / (a.norm() * b.norm())).item<double>();
}

} // namespace

FS_TEST(clip_session, golden_image_embeddings_from_the_raw_files)
{
    // The fixture's README: from the raw images, cosine >= 0.999 with the reference embeddings.
    auto clip = ClipSession::open(fixture("hf"), torch::kCPU);
    FS_REQUIRE(clip.ok());
    auto golden = fscope::safetensors::File::open(fixture("golden.safetensors"));
    FS_REQUIRE(golden.ok());
    const torch::Tensor want = golden->tensor("image_embeds");
    const torch::Tensor got = clip->embedImageFiles(
        {fixture("inputs/CLIP.png"), fixture("inputs/photo.jpg"), fixture("inputs/logo.png")});
    for (int64_t i = 0; i < 3; ++i) {
        const double c = cosine(got[i], want[i]);
        std::printf("  image %lld cosine %.6f\n", static_cast<long long>(i), c);
        FS_CHECK(c >= 0.999);
    }
    // Texts through the session's tokenizer give the reference embeddings too.
    std::vector<std::vector<int64_t>> ids;
    const torch::Tensor text = clip->embedTexts({"a photo of a cat", "a diagram"}, &ids);
    FS_CHECK((text - golden->tensor("text_embeds").slice(0, 0, 2)).abs().max().item<double>() < 1e-4);
    FS_REQUIRE(ids.size() == 2);
    FS_CHECK(ids[1] == std::vector<int64_t>({49406, 320, 22697, 49407}));
}

FS_TEST(clip_session, openai_checkpoint_finds_the_gzip_tokenizer_beside_it)
{
    TempDir dir;
    fs::copy_file(fixture("openai-jit.pt"), dir.path() / "ViT-tiny.pt");
    // Without tokenizer files the error says what was looked for and where.
    auto missing = ClipSession::open(dir.str() + "/ViT-tiny.pt", torch::kCPU);
    FS_REQUIRE(!missing.ok());
    FS_CHECK_CONTAINS(missing.error().message, "no tokenizer found");
    FS_CHECK_CONTAINS(missing.error().message, "bpe_simple_vocab_16e6.txt.gz");

    writeGzip(dir.str() + "/bpe_simple_vocab_16e6.txt.gz", readText(fixture("hf/merges.txt")));
    auto clip = ClipSession::open(dir.str() + "/ViT-tiny.pt", torch::kCPU);
    if (!clip)
        std::printf("%s\n", clip.error().message.c_str());
    FS_REQUIRE(clip.ok());
    auto hf = ClipSession::open(fixture("hf"), torch::kCPU);
    FS_REQUIRE(hf.ok());
    const torch::Tensor a = clip->embedTexts({"a photo of a cat"});
    const torch::Tensor b = hf->embedTexts({"a photo of a cat"});
    // float16 matrices in the .pt file: close, not equal.
    FS_CHECK(cosine(a[0], b[0]) > 0.9999);
}

FS_TEST(clip_session, broken_tokenizer_files_are_named)
{
    TempDir dir;
    fs::copy_file(fixture("openai-jit.pt"), dir.path() / "m.pt");
    writeText(dir.str() + "/bpe_simple_vocab_16e6.txt.gz", "#version: 0.2\ni n\n"); // not compressed
    auto plain = ClipSession::open(dir.str() + "/m.pt", torch::kCPU);
    FS_REQUIRE(!plain.ok());
    FS_CHECK_CONTAINS(plain.error().message, "bpe_simple_vocab_16e6.txt.gz: not a gzip file");

    const std::string merges = readText(fixture("hf/merges.txt"));
    writeGzip(dir.str() + "/whole.gz", merges);
    const std::string whole = readText(dir.str() + "/whole.gz");
    writeText(dir.str() + "/bpe_simple_vocab_16e6.txt.gz", whole.substr(0, whole.size() / 2));
    auto truncated = fscope::io::readGzipFile(dir.str() + "/bpe_simple_vocab_16e6.txt.gz");
    FS_REQUIRE(!truncated.ok());
    FS_CHECK_CONTAINS(truncated.error().message, "bpe_simple_vocab_16e6.txt.gz");
    auto roundTrip = fscope::io::readGzipFile(dir.str() + "/whole.gz");
    FS_REQUIRE(roundTrip.ok());
    FS_CHECK(*roundTrip == merges);

    // A vocabulary that does not fit the model's token embedding is refused.
    writeGzip(dir.str() + "/bpe_simple_vocab_16e6.txt.gz", merges.substr(0, merges.find('\n', merges.size() / 2) + 1));
    auto small = ClipSession::open(dir.str() + "/m.pt", torch::kCPU);
    FS_REQUIRE(!small.ok());
    FS_CHECK_CONTAINS(small.error().message, "symbols but the model's token embedding has 49408");
}

FS_TEST(clip_session, collections_from_folders_and_manifests)
{
    TempDir dir;
    fs::copy_file(fixture("inputs/photo.jpg"), dir.path() / "b.jpg");
    fs::copy_file(fixture("inputs/logo.png"), dir.path() / "a.png");
    writeText(dir.str() + "/captions.txt", "a logo\n\n  \na photo\n");
    writeText(dir.str() + "/notes.md", "ignored");
    auto folder = fscope::data::loadCollection(dir.str());
    FS_REQUIRE(folder.ok());
    FS_REQUIRE(folder->items.size() == 4); // a.png, b.jpg, two captions
    FS_CHECK(fs::path(folder->items[0].image).filename() == "a.png");
    FS_CHECK(folder->items[2].hasText && folder->items[2].text == "a logo");
    FS_CHECK_EQ(folder->items[3].fields.find("line")->asInt(), 4);

    writeText(dir.str() + "/pairs.jsonl",
              "{\"image\": \"a.png\", \"text\": \"a logo\", \"id\": 7}\n\n{\"image\": \"b.jpg\", \"text\": \"x\"}\n");
    auto jsonl = fscope::data::loadCollection(dir.str() + "/pairs.jsonl");
    FS_REQUIRE(jsonl.ok());
    FS_REQUIRE(jsonl->items.size() == 2);
    FS_CHECK_EQ(jsonl->items[0].fields.find("id")->asInt(), 7);
    FS_CHECK(fs::path(jsonl->items[1].image).is_absolute());

    // A missing file skips its line, reported; the rest loads. Only missing files: an error.
    writeText(dir.str() + "/broken.jsonl", "{\"image\": \"a.png\"}\n{\"image\": \"gone.png\"}\n");
    auto broken = fscope::data::loadCollection(dir.str() + "/broken.jsonl");
    FS_REQUIRE(broken.ok());
    FS_CHECK_EQ(broken->items.size(), size_t(1));
    FS_CHECK_EQ(broken->skipped, size_t(1));
    FS_CHECK_CONTAINS(broken->problems.at(0), "broken.jsonl: line 2: 'gone.png' does not exist");
    writeText(dir.str() + "/gone.jsonl", "{\"image\": \"gone.png\"}\n");
    auto gone = fscope::data::loadCollection(dir.str() + "/gone.jsonl");
    FS_REQUIRE(!gone.ok());
    FS_CHECK_CONTAINS(gone.error().message, "nothing could be loaded; ");
    FS_CHECK_CONTAINS(gone.error().message, "gone.jsonl: line 1: 'gone.png' does not exist");
    writeText(dir.str() + "/syntax.jsonl", "{\"image\": \"a.png\"\n");
    auto syntax = fscope::data::loadCollection(dir.str() + "/syntax.jsonl");
    FS_REQUIRE(!syntax.ok());
    FS_CHECK_CONTAINS(syntax.error().message, "syntax.jsonl: line 1: column ");

    writeText(dir.str() + "/pairs.csv", "image,text\na.png,\"a logo, in colour\"\nb.jpg,\"say \"\"hi\"\"\"\n");
    auto csv = fscope::data::loadCollection(dir.str() + "/pairs.csv");
    FS_REQUIRE(csv.ok());
    FS_REQUIRE(csv->items.size() == 2);
    FS_CHECK(csv->items[0].text == "a logo, in colour");
    FS_CHECK(csv->items[1].text == "say \"hi\"");
    writeText(dir.str() + "/short.csv", "image,text\na.png\n");
    FS_CHECK(!fscope::data::loadCollection(dir.str() + "/short.csv").ok());

    // A byte-order mark (spreadsheet programs write one) is not part of the first field's name.
    writeText(dir.str() + "/bom.csv", "\xEF\xBB\xBFimage,text\na.png,a logo\n");
    auto bomCsv = fscope::data::loadCollection(dir.str() + "/bom.csv");
    FS_REQUIRE(bomCsv.ok() && bomCsv->items.size() == 1);
    FS_CHECK(fs::path(bomCsv->items[0].image).filename() == "a.png");
    FS_CHECK(bomCsv->items[0].text == "a logo");
    writeText(dir.str() + "/bom.jsonl", "\xEF\xBB\xBF{\"image\": \"a.png\", \"text\": \"a logo\"}\n");
    auto bomJsonl = fscope::data::loadCollection(dir.str() + "/bom.jsonl");
    FS_REQUIRE(bomJsonl.ok() && bomJsonl->items.size() == 1);
    FS_CHECK(fs::path(bomJsonl->items[0].image).filename() == "a.png");

    writeText(dir.str() + "/coco.json", R"({"images": [{"id": 1, "file_name": "a.png"}],
        "annotations": [{"image_id": 1, "caption": "one"}, {"image_id": 1, "caption": "two"}]})");
    auto coco = fscope::data::loadCollection(dir.str() + "/coco.json");
    FS_REQUIRE(coco.ok());
    FS_REQUIRE(coco->items.size() == 2);
    FS_CHECK(coco->items[1].text == "two" && coco->items[1].image == coco->items[0].image);

    FS_CHECK(!fscope::data::loadCollection(dir.str() + "/nothing-here").ok());
    FS_CHECK(!fscope::data::loadCollection(dir.str() + "/notes.md").ok());
}

FS_TEST(clip_session, prompt_templates)
{
    FS_CHECK(fscope::tasks::fillTemplate("a photo of a {}.", "cat") == "a photo of a cat.");
    FS_CHECK(fscope::tasks::fillTemplate("a drawing of", "cat") == "a drawing of cat");
    FS_CHECK(fscope::tasks::fillTemplate("", "cat") == "cat");
}

FS_TEST(clip_session, sha256_known_answers)
{
    FS_CHECK(fscope::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    FS_CHECK(fscope::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    FS_CHECK(fscope::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
             == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    fscope::Sha256 pieces; // the same bytes fed in uneven pieces
    const std::string million(1000000, 'a');
    for (size_t at = 0; at < million.size(); at += 999)
        pieces.update(million.data() + at, std::min<size_t>(999, million.size() - at));
    FS_CHECK(pieces.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

FS_TEST(clip_session, embedding_cache_reuses_and_validates)
{
    TempDir dir;
    auto clip = ClipSession::open(fixture("hf"), torch::kCPU);
    FS_REQUIRE(clip.ok());
    FS_CHECK_EQ(clip->modelId().size(), size_t(64));
    const std::vector<std::string> files = {fixture("inputs/photo.jpg"), fixture("inputs/logo.png")};
    int reused = -1;
    const torch::Tensor first = clip->embedImageFilesCached(files, dir.str(), &reused);
    FS_CHECK_EQ(reused, 0);
    const torch::Tensor second = clip->embedImageFilesCached(files, dir.str(), &reused);
    FS_CHECK_EQ(reused, 2);
    FS_CHECK((first - second).abs().max().item<double>() == 0.0);
    FS_CHECK((first - clip->embedImageFiles(files)).abs().max().item<double>() < 1e-6);
    clip->embedTextsCached({"a cat", "a dog"}, dir.str(), &reused);
    FS_CHECK_EQ(reused, 0);
    clip->embedTextsCached({"a dog", "a bird"}, dir.str(), &reused);
    FS_CHECK_EQ(reused, 1);

    // Another model id or width: the file is ignored, not trusted.
    auto other = fscope::data::EmbeddingCache::open(dir.str(), std::string(64, 'f'), "image", 32);
    FS_CHECK_EQ(other.size(), size_t(0));
    auto wrongWidth = fscope::data::EmbeddingCache::open(dir.str(), clip->modelId(), "image", 16);
    FS_CHECK_EQ(wrongWidth.size(), size_t(0));
    FS_CHECK(!wrongWidth.ignoredBecause().empty());
    // A damaged file costs a recomputation, not an error.
    auto mine = fscope::data::EmbeddingCache::open(dir.str(), clip->modelId(), "image", 32);
    FS_CHECK_EQ(mine.size(), size_t(2));
    // One flipped byte in the embeddings: the checksum notices, the file is rebuilt.
    {
        std::fstream file(mine.path(), std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(-3, std::ios::end);
        const char byte = char(file.get() ^ 0x40);
        file.seekp(-3, std::ios::end);
        file.put(byte);
    }
    auto flipped = fscope::data::EmbeddingCache::open(dir.str(), clip->modelId(), "image", 32);
    FS_CHECK_EQ(flipped.size(), size_t(0));
    FS_CHECK_CONTAINS(flipped.ignoredBecause(), "checksum mismatch");
    FS_CHECK_EQ(clip->embedImageFilesCached(files, dir.str(), &reused).size(0), 2);
    FS_CHECK_EQ(reused, 0);
    FS_CHECK_EQ(fscope::data::EmbeddingCache::open(dir.str(), clip->modelId(), "image", 32).size(), size_t(2));
    writeText(mine.path(), "garbage");
    const torch::Tensor third = clip->embedImageFilesCached(files, dir.str(), &reused);
    FS_CHECK_EQ(reused, 0);
    FS_CHECK((third - first).abs().max().item<double>() == 0.0);
    FS_CHECK_EQ(fscope::data::EmbeddingCache::open(dir.str(), clip->modelId(), "image", 32).size(), size_t(2));
}
