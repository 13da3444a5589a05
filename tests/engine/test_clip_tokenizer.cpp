#include "check.h"

#include "text/clip_tokenizer.h"
#include "text/unicode_text.h"
#include "util/json.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using fscope::text::ClipTokenizer;
using Ids = std::vector<int64_t>;

namespace {

constexpr int64_t kStart = 49406;
constexpr int64_t kEnd = 49407;

std::string clipDir()
{
    return fscope::check::fixturesDir() + "/clip-tiny";
}

// The real CLIP BPE from the shared fixture; loaded once per process.
const ClipTokenizer& tokenizer()
{
    static const std::unique_ptr<ClipTokenizer> tok = []() -> std::unique_ptr<ClipTokenizer> {
        if (fscope::check::fixturesDir().empty()) {
            fscope::check::recordFailure(__FILE__, __LINE__,
                                         "FUSIONSCOPE_FIXTURES is not set (e.g. /work/shared/fixtures)");
            return nullptr;
        }
        auto loaded = ClipTokenizer::fromFiles(clipDir() + "/hf/vocab.json", clipDir() + "/hf/merges.txt");
        if (!loaded) {
            fscope::check::recordFailure(__FILE__, __LINE__, loaded.error().message);
            return nullptr;
        }
        return std::make_unique<ClipTokenizer>(std::move(loaded).value());
    }();
    FS_REQUIRE(tok != nullptr);
    return *tok;
}

std::string join(const Ids& ids)
{
    std::ostringstream os;
    for (size_t i = 0; i < ids.size(); ++i)
        os << (i ? " " : "") << ids[i];
    return os.str();
}

std::string joinStrings(const std::vector<std::string>& parts)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? "|" : "") + parts[i];
    return out;
}

// A scratch folder for malformed tokenizer files, removed at scope exit.
struct ScratchDir {
    std::filesystem::path path;
    ScratchDir()
    {
        path = std::filesystem::temp_directory_path() / ("fscope_clip_tok_" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const
    {
        const auto file = path / name;
        std::ofstream(file, std::ios::binary) << text;
        return file.string();
    }
};

// The load error for the given files, or a marker that makes FS_CHECK_CONTAINS fail.
std::string loadError(const std::string& vocab, const std::string& merges)
{
    const auto result = ClipTokenizer::fromFiles(vocab, merges);
    return result.ok() ? "<loaded without error>" : result.error().message;
}

} // namespace

FS_TEST(clip_tokenizer, golden_texts_give_reference_ids)
{
    const ClipTokenizer& tok = tokenizer();
    std::ifstream in(clipDir() + "/golden.json", std::ios::binary);
    FS_REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = fscope::json::parse(text.str());
    FS_REQUIRE(doc.ok());
    FS_REQUIRE(doc->find("texts") && doc->find("input_ids"));
    const auto& texts = doc->find("texts")->asArray();
    const auto& expected = doc->find("input_ids")->asArray();
    FS_REQUIRE(texts.size() == 7 && expected.size() == texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        Ids want;
        for (const auto& id : expected[i].asArray())
            want.push_back(id.asInt());
        FS_CHECK_EQ(join(tok.encodeWithSpecial(texts[i].asString())), join(want));
    }
    FS_CHECK_EQ(tok.vocabSize(), size_t(49408));
    FS_CHECK_EQ(tok.startToken(), kStart);
    FS_CHECK_EQ(tok.endToken(), kEnd);
}

FS_TEST(clip_tokenizer, long_text_is_truncated_with_end_token_last)
{
    const ClipTokenizer& tok = tokenizer();
    std::string text;
    for (int i = 0; i < 60; ++i)
        text += "a photo of a cat ";
    const Ids body = tok.encode(text);
    FS_CHECK_EQ(body.size(), size_t(300)); // 5 tokens per repeat, no truncation in encode()
    const Ids ids = tok.encodeWithSpecial(text);
    FS_REQUIRE(ids.size() == 77);
    FS_CHECK_EQ(ids.front(), kStart);
    FS_CHECK_EQ(ids.back(), kEnd);
    FS_CHECK_EQ(join(Ids(ids.begin() + 1, ids.end() - 1)), join(Ids(body.begin(), body.begin() + 75)));
    // A short context keeps the same shape: start, first tokens, end.
    FS_CHECK_EQ(join(tok.encodeWithSpecial("a photo of a cat", 4)), join({kStart, 320, 1125, kEnd}));
    FS_CHECK_EQ(join(tok.encodeWithSpecial("a photo of a cat", 2)), join({kStart, kEnd}));
    FS_CHECK_THROWS(tok.encodeWithSpecial("a photo", 1));
}

FS_TEST(clip_tokenizer, batch_rows_are_zero_padded_to_the_context)
{
    const ClipTokenizer& tok = tokenizer();
    const auto rows = tok.encodeBatchPadded({"a photo of a cat", "", "Hello World!"});
    FS_REQUIRE(rows.size() == 3);
    for (const auto& row : rows)
        FS_CHECK_EQ(row.size(), size_t(77));
    FS_CHECK_EQ(join(Ids(rows[0].begin(), rows[0].begin() + 8)), join({kStart, 320, 1125, 539, 320, 2368, kEnd, 0}));
    FS_CHECK_EQ(join(Ids(rows[1].begin(), rows[1].begin() + 3)), join({kStart, kEnd, 0}));
    FS_CHECK_EQ(join(Ids(rows[2].begin(), rows[2].begin() + 5)), join({kStart, 3306, 1002, 256, kEnd}));
    for (size_t i = 7; i < 77; ++i)
        FS_CHECK_EQ(rows[0][i], int64_t(0));
    const auto shortRows = tok.encodeBatchPadded({"a cat"}, 16);
    FS_REQUIRE(shortRows.size() == 1);
    FS_CHECK_EQ(join(shortRows[0]), join({kStart, 320, 2368, kEnd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

FS_TEST(clip_tokenizer, decode_inverts_encode_on_lowercase_ascii)
{
    const ClipTokenizer& tok = tokenizer();
    for (const std::string text : {"a photo of a cat", "hello world", "the quick brown fox jumps over the lazy dog",
                                   "supercalifragilisticexpialidocious", "zzzzzzzzzzzzqx"}) {
        FS_CHECK_EQ(tok.decode(tok.encode(text)), text);
        FS_CHECK_EQ(tok.decode(tok.encodeWithSpecial(text)), text); // start and end tokens dropped
    }
    FS_CHECK_EQ(join(tok.encode("hello world")), "3306 1002");
    // Decoding is lossy the way the reference is: cleaned, lowercased, pieces spaced.
    FS_CHECK_EQ(tok.decode(tok.encode("  Hello,   World!")), "hello , world !");
    FS_CHECK_EQ(tok.decode({}), "");
}

FS_TEST(clip_tokenizer, contractions_and_punctuation)
{
    const ClipTokenizer& tok = tokenizer();
    FS_CHECK_EQ(join(tok.encode("don't")), "847 713");
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tok.encode("don't"))), "don|'t");
    FS_CHECK_EQ(join(tok.encode("it's")), "585 568");
    FS_CHECK_EQ(join(tok.encode("don't it's we'll they're")), "847 713 585 568 649 1342 889 982");
    // Curly apostrophes are straightened first (ftfy), so they give the same ids.
    FS_CHECK_EQ(join(tok.encode("don\xE2\x80\x99t")), "847 713");
    FS_CHECK_EQ(join(tok.encode("Hello World!")), "3306 1002 256");
    // Punctuation runs stay together and swallow apostrophes that start no contraction.
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tok.encode("ok?'s"))), "ok|?'|s");
    FS_CHECK_EQ(join(tok.encode("wow!!'s")), "2781 1443 262 338"); // "!!'" is one piece: "!!", "'</w>"
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tok.encode("isn't it?"))), "isn|'t|it|?");
    // U+0345 matches no branch of the reference pattern (IGNORECASE): it splits like a space.
    FS_CHECK_EQ(join(tok.encode("\xCE\xB1\xCD\x85\xCE\xB2")), join(tok.encode("\xCE\xB1 \xCE\xB2")));
    FS_CHECK_EQ(join(tok.encode("\xCE\xB1\xCD\x85\xCE\xB2")), "138 365 138 366");
    // Special tokens written in the text are recognised as such.
    FS_CHECK_EQ(join(tok.encode("a<|endoftext|>b")), join({320, kEnd, 321}));
}

FS_TEST(clip_tokenizer, numbers_split_into_single_digits)
{
    const ClipTokenizer& tok = tokenizer();
    FS_CHECK_EQ(join(tok.encode("2024")), "273 271 273 275");
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tok.encode("2024"))), "2|0|2|4");
    FS_CHECK_EQ(join(tok.encode("3.14")), "274 269 272 275");
    // Digits of other scripts and other numbers (No) are one piece each too.
    FS_CHECK_EQ(join(tok.encode("\xD9\xA3\xD9\xA4")), "149 352 149 353"); // Arabic-Indic 3 4
    FS_CHECK_EQ(join(tok.encode("x\xC2\xB2")), "343 41175");               // x², superscript apart
    FS_CHECK_EQ(tok.encode("mixed123abc").size(), size_t(5));
}

FS_TEST(clip_tokenizer, cjk_and_emoji_fall_back_to_byte_pieces)
{
    const ClipTokenizer& tok = tokenizer();
    const std::string tokyo = "\xE6\x9D\xB1\xE4\xBA\xAC"; // 東京
    const Ids tokyoIds = tok.encode(tokyo);
    FS_CHECK_EQ(join(tokyoIds), "48338 21078 361");
    FS_CHECK_EQ(tok.decode(tokyoIds), tokyo);
    // 京 is split across two pieces, so its bytes show as escapes on the chips.
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tokyoIds)), "\xE6\x9D\xB1|\\xE4\\xBA|\\xAC");
    const std::string emoji = "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D"; // 😀👍
    const Ids emojiIds = tok.encode(emoji);
    FS_CHECK_EQ(join(emojiIds), "12832 4201");
    FS_CHECK_EQ(tok.decode(emojiIds), emoji);
    FS_CHECK(tok.endsWord(emojiIds.back()) && !tok.endsWord(emojiIds.front()));
    // Part of a character decodes to U+FFFD, never to invalid UTF-8.
    FS_CHECK_EQ(tok.decode({21078}), "\xEF\xBF\xBD");
    FS_CHECK_EQ(tok.encodeWithSpecial("caf\xC3\xA9 na\xC3\xAFve " + tokyo).size(), size_t(9));
}

FS_TEST(clip_tokenizer, html_entities_and_text_cleanup)
{
    const ClipTokenizer& tok = tokenizer();
    FS_CHECK_EQ(join(tok.encode("fish &amp; chips")), join(tok.encode("fish & chips")));
    FS_CHECK_EQ(join(tok.encode("fish &amp; chips")), "2759 261 8855");
    FS_CHECK_EQ(ClipTokenizer::cleanText("Tom &amp; Jerry&#39;s &quot;show&quot; &#x2014; &copy2024"),
                "tom & jerry's \"show\" \xE2\x80\x94 \xC2\xA9" "2024");
    // ftfy unescapes until stable, then html.unescape runs twice more...
    FS_CHECK_EQ(ClipTokenizer::cleanText("&amp;amp;amp;amp;"), "&");
    // ...but ftfy leaves HTML-looking text (a '<') alone, so only two rounds apply.
    FS_CHECK_EQ(ClipTokenizer::cleanText("<b>&amp;amp;amp;</b>"), "<b>&amp;</b>");
    FS_CHECK_EQ(ClipTokenizer::cleanText("&amp;amp;amp;\n<br>\n&amp;amp;amp;"), "& <br> &amp;"); // and after it
    FS_CHECK_EQ(ClipTokenizer::cleanText("&notit; &notin; &bogus;"), "\xC2\xAC" "it; \xE2\x88\x89 &bogus;");
    // Whitespace collapse, strip, lowercase across scripts (final sigma included).
    FS_CHECK_EQ(ClipTokenizer::cleanText(" \t Hello\n\xC2\xA0 WORLD  "), "hello world");
    // ΟΔΟΣ ПРИ -> οδος при
    FS_CHECK_EQ(ClipTokenizer::cleanText("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xD0\x9F\xD0\xA0\xD0\x98"),
                "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82 \xD0\xBF\xD1\x80\xD0\xB8");
    // ftfy's fixes: ligatures, fullwidth ASCII, curly quotes, C1 controls, terminal escapes.
    FS_CHECK_EQ(ClipTokenizer::cleanText("\xEF\xAC\x81ne \xEF\xBC\xA8\xEF\xBD\x89 \xE2\x80\x9Cq\xE2\x80\x9D"),
                "fine hi \"q\"");
    FS_CHECK_EQ(ClipTokenizer::cleanText("\xC2\x93quoted\xC2\x94 \x1b[1;31mred\x1b[0m"), "\"quoted\" red");
}

FS_TEST(clip_tokenizer, invalid_utf8_is_replaced_not_fatal)
{
    const ClipTokenizer& tok = tokenizer();
    const std::string bad = "\xFF\xFE abc \xC3";
    const Ids ids = tok.encode(bad);
    FS_CHECK_EQ(join(ids), "47356 39802 5334 39802"); // as "\uFFFD\uFFFD abc \uFFFD" in the reference
    FS_CHECK_EQ(join(ids), join(tok.encode("\xEF\xBF\xBD\xEF\xBF\xBD abc \xEF\xBF\xBD")));
    // Truncated, overlong, surrogate and out-of-range sequences: one U+FFFD per maximal bad part.
    using fscope::text::decodeUtf8;
    FS_CHECK_EQ(decodeUtf8("\xE2\x82").size(), size_t(1));
    FS_CHECK_EQ(decodeUtf8("\xC0\xAF").size(), size_t(2));
    FS_CHECK_EQ(decodeUtf8("\xED\xA0\x80").size(), size_t(3));
    FS_CHECK_EQ(decodeUtf8("\xF4\x90\x80\x80").size(), size_t(4));
    FS_CHECK(decodeUtf8("a\xE2\x82\xAC") == U"a\u20AC");
    FS_CHECK_EQ(tok.encodeWithSpecial(std::string("\x80\xBF\xF0\x9F\x98", 5)).size(), size_t(5));
    FS_CHECK_EQ(tok.encode(std::string("\0\0", 2)).size(), size_t(0)); // control characters are dropped
}

FS_TEST(clip_tokenizer, token_strings_for_chips)
{
    const ClipTokenizer& tok = tokenizer();
    FS_CHECK_EQ(joinStrings(tok.tokenStrings(tok.encodeWithSpecial("A cat, sleeping."))),
                "<|startoftext|>|a|cat|,|sleeping|.|<|endoftext|>");
    FS_CHECK_EQ(joinStrings(tok.tokenStrings({-1, 49408, 0})), "<unk:-1>|<unk:49408>|!");
    FS_CHECK(tok.endsWord(320) && !tok.endsWord(kStart) && !tok.endsWord(-5));
    FS_CHECK_EQ(tok.decode({320, 99999, 2368}), "a \xEF\xBF\xBD" "cat");
}

FS_TEST(clip_tokenizer, bad_files_give_errors_naming_the_file)
{
    const std::string realVocab = clipDir() + "/hf/vocab.json";
    const std::string realMerges = clipDir() + "/hf/merges.txt";
    ScratchDir dir;
    const std::string missing = (dir.path / "nope.json").string();
    FS_CHECK_CONTAINS(loadError(missing, realMerges), "nope.json: cannot open");
    FS_CHECK_CONTAINS(loadError(realVocab, (dir.path / "gone.txt").string()), "gone.txt: cannot open");
    FS_CHECK_CONTAINS(loadError(dir.path.string(), realMerges), "is a directory");
    FS_CHECK_CONTAINS(loadError(dir.write("array.json", "[1, 2]"), realMerges),
                      "array.json: expected an object mapping symbols to ids, found an array");
    FS_CHECK_CONTAINS(loadError(dir.write("broken.json", "{\"a\": 0,"), realMerges), "broken.json: line 1");
    FS_CHECK_CONTAINS(loadError(dir.write("ids.json", "{\"a\": 0, \"b\": 0}"), realMerges),
                      "ids.json: id 0 belongs to both \"a\" and \"b\"");
    FS_CHECK_CONTAINS(loadError(dir.write("float.json", "{\"a\": 0.5}"), realMerges), "float.json: symbol \"a\"");
    FS_CHECK_CONTAINS(loadError(dir.write("tiny.json", "{\"a\": 0}"), realMerges),
                      "tiny.json: the byte symbol \"\xC4\x80\" is missing"); // U+0100 stands for byte 0

    // A small but complete vocabulary: the 512 byte symbols, "ab</w>" and the special tokens.
    fscope::json::Value vocab = fscope::json::Value::object();
    std::string symbols;
    int64_t id = 0;
    for (const std::string suffix : {"", "</w>"}) {
        char32_t next = 256; // GPT-2's byte alphabet: unprintable bytes move past U+00FF
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            std::string symbol;
            fscope::text::appendUtf8(symbol, printable ? char32_t(b) : next++);
            vocab[symbol + suffix] = id++;
        }
    }
    vocab["ab</w>"] = id++;
    vocab["<|startoftext|>"] = id++;
    vocab["<|endoftext|>"] = id++;
    const std::string smallVocab = dir.write("small.json", fscope::json::serialize(vocab));
    const auto small = ClipTokenizer::fromFiles(smallVocab, dir.write("ok.txt", "#version: 0.2\na b</w>\n"));
    FS_REQUIRE(small.ok());
    FS_CHECK_EQ(join(small->encode("ab ba")), join({512, 98, 256 + 97})); // "ab</w>", "b", "a</w>"
    FS_CHECK_EQ(small->decode(small->encode("ab ba")), "ab ba");

    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m1.txt", "#version: 0.2\na b</w>\nab\n")),
                      "m1.txt: line 3: expected two symbols");
    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m2.txt", "a b c\n")), "m2.txt: line 1: expected two symbols");
    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m3.txt", "a xyz\n")),
                      "m3.txt: line 1: symbol \"xyz\" is not in");
    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m4.txt", "a c\n")), "m4.txt: line 1: merged symbol \"ac\"");
    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m5.txt", "a \xFF\n")), "m5.txt: not valid UTF-8");
    FS_CHECK_CONTAINS(loadError(smallVocab, dir.write("m6.txt", "#version: 0.2\n")), "m6.txt: holds no merges");
}

FS_TEST(clip_tokenizer, concurrent_encoding_matches_serial)
{
    const ClipTokenizer& tok = tokenizer();
    const std::vector<std::string> texts = {"a photo of a cat", "A DOG's   dinner, isn't it?",
                                            "caf\xC3\xA9 na\xC3\xAFve \xE6\x9D\xB1\xE4\xBA\xAC", "the number 2024"};
    const auto expected = tok.encodeBatchPadded(texts);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 200; ++round)
                if (tok.encodeBatchPadded(texts) != expected)
                    ++mismatches;
        });
    }
    for (auto& thread : threads)
        thread.join();
    FS_CHECK_EQ(mismatches.load(), 0);
}

FS_TEST(unicode_text, categories_and_lowercase)
{
    using namespace fscope::text;
    FS_CHECK(isLetter(U'a') && isLetter(0xE9) && isLetter(0x3A9) && isLetter(0x416) && isLetter(0x6771));
    // Hiragana, Hangul, Hebrew, CJK Extension B.
    FS_CHECK(isLetter(0x3042) && isLetter(0xAC00) && isLetter(0x5D0) && isLetter(0x20000));
    FS_CHECK(!isLetter(U'1') && !isLetter(0x1F600) && !isLetter(0x301) && !isLetter(U'\''));
    FS_CHECK(isNumber(U'7') && isNumber(0x663) && isNumber(0xB2) && isNumber(0xBD) && isNumber(0x216B));
    FS_CHECK(!isNumber(U'x') && !isNumber(0x1F600));
    FS_CHECK(isWhitespace(0x3000) && isWhitespace(0x1C) && !isWhitespace(0x200B));
    FS_CHECK(toLower(U"\u00C9COLE \u0130 \u1E9E \u01C5 \u0394\u039F\u039C")
             == U"\u00E9cole i\u0307 \u00DF \u01C6 \u03B4\u03BF\u03BC");
    FS_CHECK(toLower(U"\u03A3\u039F\u03A6\u039F\u03A3. \u03A3") == U"\u03C3\u03BF\u03C6\u03BF\u03C2. \u03C3");
    FS_CHECK(unescapeHtml(U"&lt;&#60;&#x3C;&#0;&#128;&#1;x") == U"<<<\uFFFD\u20ACx");
}

FS_TEST(clip_tokenizer, openai_bpe_layout_gives_the_same_ids)
{
    // bpe_simple_vocab_16e6.txt holds the merges of merges.txt (header first); the ids
    // follow from their order. Built from it, every golden text and symbol must agree.
    const ClipTokenizer& reference = tokenizer();
    std::ifstream in(clipDir() + "/hf/merges.txt", std::ios::binary);
    FS_REQUIRE(in.good());
    std::stringstream merges;
    merges << in.rdbuf();
    auto openai = ClipTokenizer::fromOpenAiBpe(merges.str(), "bpe_simple_vocab_16e6.txt");
    if (!openai)
        std::printf("%s\n", openai.error().message.c_str());
    FS_REQUIRE(openai.ok());
    FS_CHECK_EQ(openai->vocabSize(), reference.vocabSize());
    FS_CHECK_EQ(openai->startToken(), kStart);
    FS_CHECK_EQ(openai->endToken(), kEnd);
    for (const char* text : {"a photo of a cat", "café naïve 東京 😀", "A DOG's   dinner, isn't it?",
                             "the number 2024 and 3.14", "<|startoftext|>x<|endoftext|>"})
        FS_CHECK_EQ(join(openai->encodeWithSpecial(text)), join(reference.encodeWithSpecial(text)));
    // Every id spells the same piece in both.
    std::vector<int64_t> all(reference.vocabSize());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<int64_t>(i);
    FS_CHECK(openai->tokenStrings(all) == reference.tokenStrings(all));

    FS_CHECK(!ClipTokenizer::fromOpenAiBpe("#version: 0.2\n", "empty.txt").ok());
    auto bad = ClipTokenizer::fromOpenAiBpe("#version: 0.2\nab\n", "bad.txt");
    FS_REQUIRE(!bad.ok());
    FS_CHECK_CONTAINS(bad.error().message, "bad.txt: line 2");
}
