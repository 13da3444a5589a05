#pragma once
// Just enough Unicode for tokenisers, with no ICU dependency: UTF-8 decoding that
// never fails, general-category tests for letters and numbers, Python-compatible
// lowercasing, whitespace and HTML unescaping. Usage:
//
//   std::u32string cps = fscope::text::decodeUtf8(bytes);   // bad bytes -> U+FFFD
//   cps = fscope::text::toLower(fscope::text::unescapeHtml(cps));
//   if (fscope::text::isLetter(cps[0])) ...
//   std::string out = fscope::text::encodeUtf8(cps);
//
// Tables: general categories L* and N* and the lowercase mapping come from the
// Unicode 14 character database (the one of Python 3.11), with ranges of letters
// or numbers merged across unassigned code points, which never occur in real text.
// Thread-safety: pure functions over constant tables; callable from any thread.

#include <string>
#include <string_view>

namespace fscope::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes UTF-8; each maximal invalid subsequence (a stray continuation byte, a
// truncated or overlong sequence, a surrogate, a value past U+10FFFF) becomes one
// U+FFFD, the policy of Python's errors="replace" and of the WHATWG decoder.
std::u32string decodeUtf8(std::string_view bytes);
void appendUtf8(std::string& out, char32_t cp);
std::string encodeUtf8(std::u32string_view cps);
// True when `bytes` is well-formed UTF-8.
bool isValidUtf8(std::string_view bytes);

// General category L (Lu, Ll, Lt, Lm, Lo): Latin, Greek, Cyrillic, Arabic, Hebrew,
// Indic consonants and vowels, kana, Hangul and CJK ideographs all count; the
// combining vowel signs of Indic scripts (Mn, Mc) do not, as in the `regex` module.
bool isLetter(char32_t c);
// General category N (Nd, Nl, No): digits of every script, Roman numerals,
// superscripts, fractions, circled numbers.
bool isNumber(char32_t c);
// Python's str.isspace(): ASCII whitespace, U+001C..U+001F, U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool isWhitespace(char32_t c);

// Python's str.lower(): the Unicode lowercase mapping, U+0130 to "i\u0307", and a
// capital sigma that ends a word becoming the final form U+03C2. The "cased" and
// "case-ignorable" properties that decide a word's end are approximated for the
// Latin, Greek, Cyrillic and Armenian scripts, where sigma occurs.
std::u32string toLower(std::u32string_view text);

// Python's html.unescape: named references of HTML 4 (and &apos;), the Latin-1
// ones also without the ';' and as a prefix ("&copy2024" -> "©2024"), numeric
// ones in decimal or hex with Python's replacements (0 and surrogates -> U+FFFD,
// 0x80..0x9F read as Windows-1252, noncharacters dropped). HTML5-only names
// stay as written ("&check;") unless a Latin-1 name prefixes them ("&notinva;").
// With `ftfyStrict`, ftfy's narrower pass: only "&name;" with an alphanumeric
// name and numeric references closed by ';'.
std::u32string unescapeHtml(std::u32string_view text, bool ftfyStrict = false);

// U+0080..U+009F read as the Windows-1252 bytes they usually are (0x93 -> U+201C);
// its five unassigned bytes, and every other code point, stay as they are.
char32_t fromWindows1252(char32_t c);

} // namespace fscope::text
