// The built-in model's subword tokenizer: loading tokenizer.json from hostile
// files, and encoding any text, valid UTF-8 or not, with the shipped
// tokenizer (resources/models/mini/tokenizer.json). The first byte picks:
//   0-5  text to encode with the shipped tokenizer (the second byte, a length cut)
//   6-7  a tokenizer.json, then used on a fixed text and written back
// A tokenizer that loads must read back what it writes.

#include "fuzz_support.h"

#include "text/subword_tokenizer.h"
#include "util/text_file.h"

namespace {

using fscope::text::SubwordTokenizer;

const SubwordTokenizer& shipped()
{
    static const SubwordTokenizer tokenizer = [] {
        const std::string path = fscope::fuzz::sourcePath("resources/models/mini/tokenizer.json");
        auto text = fscope::readTextFile(path);
        auto loaded = text ? SubwordTokenizer::fromJson(*text) : fscope::Result<SubwordTokenizer>(text.error());
        if (!loaded) {
            std::fprintf(stderr, "%s: %s\n", path.c_str(), loaded.error().message.c_str());
            std::abort();
        }
        return std::move(*loaded);
    }();
    return tokenizer;
}

void exercise(const SubwordTokenizer& tok, const std::string& text, size_t maxLength)
{
    const std::vector<int64_t> ids = tok.encode(text, maxLength);
    FSCOPE_FUZZ_CHECK(ids.size() >= 2 && ids.front() == SubwordTokenizer::kBegin && ids.back() == SubwordTokenizer::kEnd,
                      "ids must run from [BOS] to [EOS]");
    FSCOPE_FUZZ_CHECK(maxLength < 2 || ids.size() <= maxLength, "longer than the cut: " + std::to_string(ids.size()));
    for (const int64_t id : ids)
        FSCOPE_FUZZ_CHECK(id >= 0 && id < tok.vocabularySize(), "id out of the vocabulary: " + std::to_string(id));
    FSCOPE_FUZZ_CHECK(tok.tokenStrings(ids).size() == ids.size(), "one string per id");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    shipped();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const std::string rest(fscope::fuzz::asText(data + 2, size - 2));
    if (data[0] % 8 <= 5) {
        exercise(shipped(), rest, data[1] % 64);
        return 0;
    }
    auto loaded = SubwordTokenizer::fromJson(rest);
    if (!loaded)
        return 0;
    exercise(*loaded, "Red apple \xE7\xBA\xA2\xE8\x8B\xB9\xE6\x9E\x9C, grinning face \xF0\x9F\x98\x80 \xFF", data[1] % 64);
    const std::string written = loaded->toJson();
    auto again = SubwordTokenizer::fromJson(written);
    FSCOPE_FUZZ_CHECK(again.ok(), "cannot read back its own file: " + (again ? "" : again.error().message));
    FSCOPE_FUZZ_CHECK(again->toJson() == written, "writing again changed the file");
    return 0;
}
