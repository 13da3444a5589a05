// The CLIP BPE tokenizer: loading vocab.json + merges.txt (and OpenAI's
// bpe_simple_vocab text) from hostile files, and encoding any text, valid UTF-8
// or not, with a valid tokenizer. The first byte picks what the rest feeds:
//   0-4  text to encode with the small tokenizer in data/clip (also as ids to decode)
//   5    vocab.json, with the one merge "a b</w>" (a vocabulary that holds every
//        merge of data/clip/merges.txt would not fit in one input)
//   6    merges.txt, with data/clip/vocab.json
//   7    OpenAI's bpe text
// A tokenizer that loads is then used on a fixed text.

#include "fuzz_support.h"

#include "text/clip_tokenizer.h"
#include "text/unicode_text.h"
#include "util/text_file.h"

#include <cstring>
#include <vector>

namespace {

using fscope::text::ClipTokenizer;

const std::string kOneMerge = "#version: 0.2\na b</w>\n";

struct Fixed {
    std::string vocabPath, mergesPath, vocabText, mergesText;
    ClipTokenizer tokenizer;
};

const Fixed& fixed()
{
    static const Fixed f = [] {
        const std::string vocabPath = fscope::fuzz::sourcePath("tests/fuzz/data/clip/vocab.json");
        const std::string mergesPath = fscope::fuzz::sourcePath("tests/fuzz/data/clip/merges.txt");
        auto vocab = fscope::readTextFile(vocabPath);
        auto merges = fscope::readTextFile(mergesPath);
        auto tokenizer = ClipTokenizer::fromFiles(vocabPath, mergesPath);
        if (!vocab || !merges || !tokenizer) {
            std::fprintf(stderr, "cannot load the tokenizer in tests/fuzz/data/clip: %s\n",
                         tokenizer ? "unreadable file" : tokenizer.error().message.c_str());
            std::abort();
        }
        return Fixed{vocabPath, mergesPath, *vocab, *merges, std::move(*tokenizer)};
    }();
    return f;
}

void checkIds(const ClipTokenizer& tok, const std::vector<int64_t>& ids)
{
    for (const int64_t id : ids)
        FSCOPE_FUZZ_CHECK(id >= 0 && id < int64_t(tok.vocabSize()), "id out of the vocabulary: " + std::to_string(id));
}

void exercise(const ClipTokenizer& tok, std::string_view text)
{
    const std::vector<int64_t> ids = tok.encode(text);
    checkIds(tok, ids);
    const std::vector<int64_t> row = tok.encodeWithSpecial(text, 16);
    FSCOPE_FUZZ_CHECK(row.size() >= 2 && row.size() <= 16 && row.front() == tok.startToken()
                          && row.back() == tok.endToken(),
                      "bad row of " + std::to_string(row.size()) + " ids");
    const std::string decoded = tok.decode(ids);
    FSCOPE_FUZZ_CHECK(fscope::text::isValidUtf8(decoded), "decode gave invalid UTF-8");
    const auto pieces = tok.tokenStrings(ids);
    FSCOPE_FUZZ_CHECK(pieces.size() == ids.size(), "one piece per id");
    for (const int64_t id : ids)
        (void)tok.endsWord(id);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fixed();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const Fixed& f = fixed();
    const std::string rest(fscope::fuzz::asText(data + 1, size - 1));
    const int mode = data[0] % 8;
    if (mode <= 4) {
        exercise(f.tokenizer, rest);
        (void)ClipTokenizer::cleanText(rest);
        // The same bytes as ids, in or out of the vocabulary.
        std::vector<int64_t> ids(rest.size() / 4);
        for (size_t i = 0; i < ids.size(); ++i) {
            int32_t id = 0;
            std::memcpy(&id, rest.data() + 4 * i, 4);
            ids[i] = id;
        }
        FSCOPE_FUZZ_CHECK(fscope::text::isValidUtf8(f.tokenizer.decode(ids)), "decode gave invalid UTF-8");
        (void)f.tokenizer.tokenStrings(ids);
        return 0;
    }
    auto loaded = mode == 5 ? ClipTokenizer::fromText(rest, "vocab.json", kOneMerge, "merges.txt")
                : mode == 6 ? ClipTokenizer::fromText(f.vocabText, f.vocabPath, rest, "merges.txt")
                            : ClipTokenizer::fromOpenAiBpe(rest, "bpe.txt");
    if (!loaded) {
        const std::string& message = loaded.error().message;
        const bool named = message.rfind("vocab.json", 0) == 0 || message.rfind("merges.txt", 0) == 0
            || message.rfind("bpe.txt", 0) == 0 || message.rfind(f.vocabPath, 0) == 0
            || message.rfind(f.mergesPath, 0) == 0;
        FSCOPE_FUZZ_CHECK(named, "error does not name the file: " + message);
        return 0;
    }
    exercise(*loaded, "A photo of a CAT, it's 3.5 \xF0\x9F\x90\xB1 caf\xC3\xA9 <|endoftext|> \xFF\xFE end");
    return 0;
}
