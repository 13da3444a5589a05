#include "text/unicode_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fscope::text {

namespace {

// Ranges of general category L, as hexadecimal "first-last" or single code points.
constexpr const char* kLetters =
    "41-5A 61-7A AA B5 BA C0-D6 D8-F6 F8-2C1 2C6-2D1 2E0-2E4 2EC 2EE 370-374 376-37D 37F 386 388-3F5 3F7-481 "
    "48A-559 560-588 5D0-5F2 620-64A 66E-66F 671-6D3 6D5 6E5-6E6 6EE-6EF 6FA-6FC 6FF 710 712-72F 74D-7A5 7B1 "
    "7CA-7EA 7F4-7F5 7FA 800-815 81A 824 828 840-858 860-887 889-88E 8A0-8C9 904-939 93D 950 958-961 971-980 "
    "985-9B9 9BD 9CE 9DC-9E1 9F0-9F1 9FC A05-A39 A59-A5E A72-A74 A85-AB9 ABD AD0-AE1 AF9 B05-B39 B3D B5C-B61 B71 "
    "B83-BB9 BD0 C05-C39 C3D C58-C61 C80 C85-CB9 CBD CDD-CE1 CF1-CF2 D04-D3A D3D D4E D54-D56 D5F-D61 D7A-D7F "
    "D85-DC6 E01-E30 E32-E33 E40-E46 E81-EB0 EB2-EB3 EBD-EC6 EDC-F00 F40-F6C F88-F8C 1000-102A 103F 1050-1055 "
    "105A-105D 1061 1065-1066 106E-1070 1075-1081 108E 10A0-10FA 10FC-135A 1380-138F 13A0-13FD 1401-166C 166F-167F "
    "1681-169A 16A0-16EA 16F1-1711 171F-1731 1740-1751 1760-1770 1780-17B3 17D7 17DC 1820-1884 1887-18A8 18AA-191E "
    "1950-19C9 1A00-1A16 1A20-1A54 1AA7 1B05-1B33 1B45-1B4C 1B83-1BA0 1BAE-1BAF 1BBA-1BE5 1C00-1C23 1C4D-1C4F "
    "1C5A-1C7D 1C80-1CBF 1CE9-1CEC 1CEE-1CF3 1CF5-1CF6 1CFA-1DBF 1E00-1FBC 1FBE 1FC2-1FCC 1FD0-1FDB 1FE0-1FEC "
    "1FF2-1FFC 2071 207F 2090-209C 2102 2107 210A-2113 2115 2119-211D 2124 2126 2128 212A-212D 212F-2139 213C-213F "
    "2145-2149 214E 2183-2184 2C00-2CE4 2CEB-2CEE 2CF2-2CF3 2D00-2D6F 2D80-2DDE 2E2F 3005-3006 3031-3035 303B-303C "
    "3041-3096 309D-309F 30A1-30FA 30FC-318E 31A0-31BF 31F0-31FF 3400-4DBF 4E00-A48C A4D0-A4FD A500-A60C A610-A61F "
    "A62A-A66E A67F-A69D A6A0-A6E5 A717-A71F A722-A788 A78B-A801 A803-A805 A807-A80A A80C-A822 A840-A873 A882-A8B3 "
    "A8F2-A8F7 A8FB A8FD-A8FE A90A-A925 A930-A946 A960-A97C A984-A9B2 A9CF A9E0-A9E4 A9E6-A9EF A9FA-AA28 AA40-AA42 "
    "AA44-AA4B AA60-AA76 AA7A AA7E-AAAF AAB1 AAB5-AAB6 AAB9-AABD AAC0 AAC2-AADD AAE0-AAEA AAF2-AAF4 AB01-AB5A "
    "AB5C-AB69 AB70-ABE2 AC00-D7FB F900-FB1D FB1F-FB28 FB2A-FBB1 FBD3-FD3D FD50-FDC7 FDF0-FDFB FE70-FEFC FF21-FF3A "
    "FF41-FF5A FF66-FFDC 10000-100FA 10280-102D0 10300-1031F 1032D-10340 10342-10349 10350-10375 10380-1039D "
    "103A0-103CF 10400-1049D 104B0-10563 10570-10855 10860-10876 10880-1089E 108E0-108F5 10900-10915 10920-10939 "
    "10980-109B7 109BE-109BF 10A00 10A10-10A35 10A60-10A7C 10A80-10A9C 10AC0-10AC7 10AC9-10AE4 10B00-10B35 "
    "10B40-10B55 10B60-10B72 10B80-10B91 10C00-10CF2 10D00-10D23 10E80-10EA9 10EB0-10F1C 10F27-10F45 10F70-10F81 "
    "10FB0-10FC4 10FE0-10FF6 11003-11037 11071-11072 11075 11083-110AF 110D0-110E8 11103-11126 11144 11147-11172 "
    "11176 11183-111B2 111C1-111C4 111DA 111DC 11200-1122B 11280-112A8 112B0-112DE 11305-11339 1133D 11350 "
    "1135D-11361 11400-11434 11447-1144A 1145F-114AF 114C4-114C5 114C7 11580-115AE 115D8-115DB 11600-1162F 11644 "
    "11680-116AA 116B8 11700-1171A 11740-1182B 118A0-118DF 118FF-1192F 1193F 11941 119A0-119D0 119E1 119E3 11A00 "
    "11A0B-11A32 11A3A 11A50 11A5C-11A89 11A9D 11AB0-11C2E 11C40 11C72-11C8F 11D00-11D30 11D46 11D60-11D89 11D98 "
    "11EE0-11EF2 11FB0 12000-12399 12480-12FF0 13000-1342E 14400-16A5E 16A70-16ABE 16AD0-16AED 16B00-16B2F "
    "16B40-16B43 16B63-16E7F 16F00-16F4A 16F50 16F93-16FE1 16FE3 17000-1BC99 1D400-1D6C0 1D6C2-1D6DA 1D6DC-1D6FA "
    "1D6FC-1D714 1D716-1D734 1D736-1D74E 1D750-1D76E 1D770-1D788 1D78A-1D7A8 1D7AA-1D7C2 1D7C4-1D7CB 1DF00-1DF1E "
    "1E100-1E12C 1E137-1E13D 1E14E 1E290-1E2AD 1E2C0-1E2EB 1E7E0-1E8C4 1E900-1E943 1E94B 1EE00-1EEBB 20000-3134A ";

// Ranges of general category N.
constexpr const char* kNumbers =
    "30-39 B2-B3 B9 BC-BE 660-669 6F0-6F9 7C0-7C9 966-96F 9E6-9EF 9F4-9F9 A66-A6F AE6-AEF B66-B6F B72-B77 BE6-BF2 "
    "C66-C6F C78-C7E CE6-CEF D58-D5E D66-D78 DE6-DEF E50-E59 ED0-ED9 F20-F33 1040-1049 1090-1099 1369-137C "
    "16EE-16F0 17E0-17F9 1810-1819 1946-194F 19D0-19DA 1A80-1A99 1B50-1B59 1BB0-1BB9 1C40-1C49 1C50-1C59 2070 "
    "2074-2079 2080-2089 2150-2182 2185-2189 2460-249B 24EA-24FF 2776-2793 2CFD 3007 3021-3029 3038-303A 3192-3195 "
    "3220-3229 3248-324F 3251-325F 3280-3289 32B1-32BF A620-A629 A6E6-A6EF A830-A835 A8D0-A8D9 A900-A909 A9D0-A9D9 "
    "A9F0-A9F9 AA50-AA59 ABF0-ABF9 FF10-FF19 10107-10133 10140-10178 1018A-1018B 102E1-102FB 10320-10323 10341 "
    "1034A 103D1-103D5 104A0-104A9 10858-1085F 10879-1087F 108A7-108AF 108FB-108FF 10916-1091B 109BC-109BD "
    "109C0-109FF 10A40-10A48 10A7D-10A7E 10A9D-10A9F 10AEB-10AEF 10B58-10B5F 10B78-10B7F 10BA9-10BAF 10CFA-10CFF "
    "10D30-10E7E 10F1D-10F26 10F51-10F54 10FC5-10FCB 11052-1106F 110F0-110F9 11136-1113F 111D0-111D9 111E1-111F4 "
    "112F0-112F9 11450-11459 114D0-114D9 11650-11659 116C0-116C9 11730-1173B 118E0-118F2 11950-11959 11C50-11C6C "
    "11D50-11D59 11DA0-11DA9 11FC0-11FD4 12400-1246E 16A60-16A69 16AC0-16AC9 16B50-16B61 16E80-16E96 1D2E0-1D2F3 "
    "1D360-1D378 1D7CE-1D7FF 1E140-1E149 1E2F0-1E2F9 1E8C7-1E8CF 1E950-1E959 1EC71-1ECAB 1ECAD-1ECAF 1ECB1-1ED2D "
    "1ED2F-1ED3D 1F100-1F10C 1FBF0-1FBF9 ";

// Simple lowercase mapping, "first-last/stride:delta": the code points first,
// first + stride, ... up to last map to cp + delta. Latin Extended-A and parts of
// Cyrillic alternate upper and lower case, hence the stride of 2.
constexpr const char* kLowercase =
    "41-5A:32 C0-D6:32 D8-DE:32 100-12E/2:1 132-136/2:1 139-147/2:1 14A-176/2:1 178:-121 179-17D/2:1 181:210 "
    "182-184/2:1 186:206 187:1 189-18A:205 18B:1 18E:79 18F:202 190:203 191:1 193:205 194:207 196:211 197:209 198:1 "
    "19C:211 19D:213 19F:214 1A0-1A4/2:1 1A6:218 1A7:1 1A9:218 1AC:1 1AE:218 1AF:1 1B1-1B2:217 1B3-1B5/2:1 1B7:219 "
    "1B8:1 1BC:1 1C4:2 1C5:1 1C7:2 1C8:1 1CA:2 1CB-1DB/2:1 1DE-1EE/2:1 1F1:2 1F2-1F4/2:1 1F6:-97 1F7:-56 "
    "1F8-21E/2:1 220:-130 222-232/2:1 23A:10795 23B:1 23D:-163 23E:10792 241:1 243:-195 244:69 245:71 246-24E/2:1 "
    "370-372/2:1 376:1 37F:116 386:38 388-38A:37 38C:64 38E-38F:63 391-3A1:32 3A3-3AB:32 3CF:8 3D8-3EE/2:1 3F4:-60 "
    "3F7:1 3F9:-7 3FA:1 3FD-3FF:-130 400-40F:80 410-42F:32 460-480/2:1 48A-4BE/2:1 4C0:15 4C1-4CD/2:1 4D0-52E/2:1 "
    "531-556:48 10A0-10C5:7264 10C7:7264 10CD:7264 13A0-13EF:38864 13F0-13F5:8 1C90-1CBA:-3008 1CBD-1CBF:-3008 "
    "1E00-1E94/2:1 1E9E:-7615 1EA0-1EFE/2:1 1F08-1F0F:-8 1F18-1F1D:-8 1F28-1F2F:-8 1F38-1F3F:-8 1F48-1F4D:-8 "
    "1F59-1F5F/2:-8 1F68-1F6F:-8 1F88-1F8F:-8 1F98-1F9F:-8 1FA8-1FAF:-8 1FB8-1FB9:-8 1FBA-1FBB:-74 1FBC:-9 "
    "1FC8-1FCB:-86 1FCC:-9 1FD8-1FD9:-8 1FDA-1FDB:-100 1FE8-1FE9:-8 1FEA-1FEB:-112 1FEC:-7 1FF8-1FF9:-128 "
    "1FFA-1FFB:-126 1FFC:-9 2126:-7517 212A:-8383 212B:-8262 2132:28 2160-216F:16 2183:1 24B6-24CF:26 2C00-2C2F:48 "
    "2C60:1 2C62:-10743 2C63:-3814 2C64:-10727 2C67-2C6B/2:1 2C6D:-10780 2C6E:-10749 2C6F:-10783 2C70:-10782 2C72:1 "
    "2C75:1 2C7E-2C7F:-10815 2C80-2CE2/2:1 2CEB-2CED/2:1 2CF2:1 A640-A66C/2:1 A680-A69A/2:1 A722-A72E/2:1 "
    "A732-A76E/2:1 A779-A77B/2:1 A77D:-35332 A77E-A786/2:1 A78B:1 A78D:-42280 A790-A792/2:1 A796-A7A8/2:1 "
    "A7AA:-42308 A7AB:-42319 A7AC:-42315 A7AD:-42305 A7AE:-42308 A7B0:-42258 A7B1:-42282 A7B2:-42261 A7B3:928 "
    "A7B4-A7C2/2:1 A7C4:-48 A7C5:-42307 A7C6:-35384 A7C7-A7C9/2:1 A7D0:1 A7D6-A7D8/2:1 A7F5:1 FF21-FF3A:32 "
    "10400-10427:40 104B0-104D3:40 10570-1057A:39 1057C-1058A:39 1058C-10592:39 10594-10595:39 10C80-10CB2:64 "
    "118A0-118BF:32 16E40-16E5F:32 1E900-1E921:34 ";

struct Run {
    char32_t first;
    char32_t last;
    char32_t stride = 1;
    int32_t delta = 0;
};

// Parses one of the tables above; they are sorted, so lookups can bisect.
std::vector<Run> parseRuns(const char* text)
{
    std::vector<Run> runs;
    for (const char* p = text; *p;) {
        char* end = nullptr;
        Run run;
        run.first = run.last = static_cast<char32_t>(std::strtoul(p, &end, 16));
        if (*end == '-')
            run.last = static_cast<char32_t>(std::strtoul(end + 1, &end, 16));
        if (*end == '/')
            run.stride = static_cast<char32_t>(std::strtoul(end + 1, &end, 10));
        if (*end == ':')
            run.delta = static_cast<int32_t>(std::strtol(end + 1, &end, 10));
        runs.push_back(run);
        for (p = end; *p == ' ';)
            ++p;
    }
    return runs;
}

// The run that may hold c: the last one starting at or before it.
const Run* findRun(const std::vector<Run>& runs, char32_t c)
{
    const auto it = std::upper_bound(runs.begin(), runs.end(), c,
                                     [](char32_t v, const Run& r) { return v < r.first; });
    if (it == runs.begin())
        return nullptr;
    const Run& run = *(it - 1);
    return c <= run.last && (c - run.first) % run.stride == 0 ? &run : nullptr;
}

char32_t lowerSimple(char32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    static const std::vector<Run> runs = parseRuns(kLowercase);
    const Run* run = findRun(runs, c);
    return run ? static_cast<char32_t>(static_cast<int64_t>(c) + run->delta) : c;
}

// Approximation of the Unicode "Cased" property for the scripts that have case.
bool isCased(char32_t c)
{
    if (!isLetter(c))
        return false;
    return c < 0x2B0 || (c >= 0x370 && c < 0x590) || (c >= 0x10A0 && c < 0x1100)
        || (c >= 0x1D00 && c < 0x2000) || (c >= 0x2C00 && c < 0x2D30) || (c >= 0xA640 && c < 0xA800)
        || (c >= 0xFF21 && c <= 0xFF5A) || (c >= 0x10400 && c < 0x10450);
}

// Approximation of "Case_Ignorable": apostrophes, periods, colons, modifier
// letters and symbols, combining marks and format characters.
bool isCaseIgnorable(char32_t c)
{
    if (std::u32string_view(U"'.:^`\u00A8\u00AD\u00AF\u00B4\u00B7\u00B8\u0387\u2018\u2019\u2024\u2027").find(c)
        != std::u32string_view::npos)
        return true;
    return (c >= 0x2B0 && c < 0x370) || (c >= 0x483 && c <= 0x489) || (c >= 0x200B && c <= 0x200F)
        || (c >= 0x1AB0 && c < 0x1B00) || (c >= 0x1DC0 && c < 0x1E00) || (c >= 0x20D0 && c < 0x2100)
        || (c >= 0xFE00 && c < 0xFE10) || (c >= 0xFE20 && c < 0xFE30);
}

// Python's rule for U+03A3: final when a cased letter precedes it and none
// follows, skipping case-ignorable characters on both sides.
bool sigmaIsFinal(std::u32string_view text, size_t i)
{
    size_t j = i;
    while (j > 0 && isCaseIgnorable(text[j - 1]))
        --j;
    if (j == 0 || !isCased(text[j - 1]))
        return false;
    for (j = i + 1; j < text.size() && isCaseIgnorable(text[j]);)
        ++j;
    return j == text.size() || !isCased(text[j]);
}

struct Entity {
    char32_t cp;
    bool legacy; // HTML 4 Latin-1 names that also count without the ';'
};

// The HTML 4 entities (plus &apos;). Other HTML5 names stay as written.
const std::unordered_map<std::string, Entity>& entities()
{
    static const std::unordered_map<std::string, Entity> table = [] {
        std::unordered_map<std::string, Entity> t;
        std::istringstream latin1( // U+00A0..U+00FF in order
            "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 "
            "sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc "
            "Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve "
            "Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute "
            "acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde "
            "ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml");
        char32_t cp = 0xA0;
        for (std::string name; latin1 >> name;)
            t[name] = {cp++, true};
        const std::pair<const char*, char32_t> kLegacy[] = {{"amp", '&'}, {"AMP", '&'}, {"lt", '<'}, {"LT", '<'},
            {"gt", '>'}, {"GT", '>'}, {"quot", '"'}, {"QUOT", '"'}, {"COPY", 0xA9}, {"REG", 0xAE}};
        for (const auto& [name, c] : kLegacy)
            t[name] = {c, true};
        std::istringstream greek( // U+0391..U+03A9; lowercase names give U+03B1..U+03C9
            "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigmaf "
            "Sigma Tau Upsilon Phi Chi Psi Omega");
        cp = 0x391;
        for (std::string name; greek >> name; ++cp) {
            if (name != "Sigmaf") // no capital final sigma
                t[name] = {cp, false};
            name[0] = static_cast<char>(name[0] + 32);
            t[name] = {cp + 0x20, false};
        }
        std::istringstream others(
            "apos:27 OElig:152 oelig:153 Scaron:160 scaron:161 Yuml:178 fnof:192 circ:2C6 tilde:2DC "
            "thetasym:3D1 upsih:3D2 piv:3D6 ensp:2002 emsp:2003 thinsp:2009 zwnj:200C zwj:200D lrm:200E "
            "rlm:200F ndash:2013 mdash:2014 lsquo:2018 rsquo:2019 sbquo:201A ldquo:201C rdquo:201D bdquo:201E "
            "dagger:2020 Dagger:2021 bull:2022 hellip:2026 permil:2030 prime:2032 Prime:2033 lsaquo:2039 "
            "rsaquo:203A oline:203E frasl:2044 euro:20AC image:2111 weierp:2118 real:211C trade:2122 "
            "alefsym:2135 larr:2190 uarr:2191 rarr:2192 darr:2193 harr:2194 crarr:21B5 lArr:21D0 uArr:21D1 "
            "rArr:21D2 dArr:21D3 hArr:21D4 forall:2200 part:2202 exist:2203 empty:2205 nabla:2207 isin:2208 "
            "notin:2209 ni:220B prod:220F sum:2211 minus:2212 lowast:2217 radic:221A prop:221D infin:221E "
            "ang:2220 and:2227 or:2228 cap:2229 cup:222A int:222B there4:2234 sim:223C cong:2245 asymp:2248 "
            "ne:2260 equiv:2261 le:2264 ge:2265 sub:2282 sup:2283 nsub:2284 sube:2286 supe:2287 oplus:2295 "
            "otimes:2297 perp:22A5 sdot:22C5 lceil:2308 rceil:2309 lfloor:230A rfloor:230B loz:25CA "
            "spades:2660 clubs:2663 hearts:2665 diams:2666 lang:27E8 rang:27E9");
        for (std::string item; others >> item;) {
            const size_t colon = item.find(':');
            t[item.substr(0, colon)] = {static_cast<char32_t>(std::stoul(item.substr(colon + 1), nullptr, 16)), false};
        }
        return t;
    }();
    return table;
}

// Python's html._replace_charref for a numeric reference; -1 for "nothing".
int64_t charrefValue(uint64_t num)
{
    if (num == 0)
        return kReplacementChar;
    if (num == 0x0D || (num >= 0x80 && num <= 0x9F))
        return fromWindows1252(static_cast<char32_t>(num));
    if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF)
        return kReplacementChar;
    if ((num >= 0x1 && num <= 0x8) || num == 0xB || (num >= 0xE && num <= 0x1F) || num == 0x7F
        || (num >= 0xFDD0 && num <= 0xFDEF) || (num & 0xFFFE) == 0xFFFE)
        return -1;
    return static_cast<int64_t>(num);
}

} // namespace

char32_t fromWindows1252(char32_t c)
{
    static constexpr char16_t kHigh[32] = {
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D,
        0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A,
        0x153, 0x9D, 0x17E, 0x178};
    return (c >= 0x80 && c <= 0x9F) ? kHigh[c - 0x80] : c;
}

std::u32string unescapeHtml(std::u32string_view s, bool strict)
{
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '&' || i + 1 == s.size()) {
            out.push_back(s[i++]);
            continue;
        }
        size_t j = i + 1;
        if (s[j] == '#') { // &#123; or &#x7B;, ';' optional unless strict
            const bool hex = j + 1 < s.size() && (s[j + 1] == 'x' || s[j + 1] == 'X');
            size_t k = j + (hex ? 2 : 1);
            uint64_t num = 0;
            const size_t digitsStart = k;
            for (; k < s.size(); ++k) {
                const char32_t c = s[k];
                const int d = (c >= '0' && c <= '9') ? int(c - '0')
                    : (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? int((c | 0x20) - 'a' + 10) : -1;
                if (d < 0)
                    break;
                num = std::min<uint64_t>(num * (hex ? 16 : 10) + d, 0x110000); // saturate: >U+10FFFF is U+FFFD
            }
            const bool closed = k < s.size() && s[k] == ';';
            if (k == digitsStart || (strict && (!closed || k - j - 1 > 24))) {
                out.push_back(s[i++]);
                continue;
            }
            if (const int64_t v = charrefValue(num); v >= 0)
                out.push_back(static_cast<char32_t>(v));
            i = k + (closed ? 1 : 0);
            continue;
        }
        // Named: up to 32 characters other than \t \n \f space < & # ;
        std::string name;
        size_t k = j;
        for (; k < s.size() && k - j < 32; ++k) {
            const char32_t c = s[k];
            if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';')
                break;
            if (c >= 0x80 || (strict && !std::isalnum(static_cast<int>(c))))
                break; // entity names are ASCII; the rest can never match
            name.push_back(static_cast<char>(c));
        }
        const bool closed = k < s.size() && s[k] == ';';
        const auto& table = entities();
        const auto whole = table.find(name);
        if (whole != table.end() && (closed || (!strict && whole->second.legacy))) {
            out.push_back(whole->second.cp);
            i = k + (closed ? 1 : 0);
            continue;
        }
        // The longest legacy name that prefixes it: "&notit;" -> "¬it;".
        size_t length = strict ? 0 : std::min(name.size(), closed ? name.size() : name.size() - 1);
        for (; length >= 2; --length) {
            const auto prefix = table.find(name.substr(0, length));
            if (prefix != table.end() && prefix->second.legacy) {
                out.push_back(prefix->second.cp);
                i = j + length;
                break;
            }
        }
        if (length < 2)
            out.push_back(s[i++]);
    }
    return out;
}

std::u32string decodeUtf8(std::string_view bytes)
{
    std::u32string out;
    out.reserve(bytes.size());
    const size_t n = bytes.size();
    for (size_t i = 0; i < n;) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        // Lead byte: sequence length, its payload bits, and the range allowed for
        // the second byte, which rules out overlong forms, surrogates and > U+10FFFF.
        size_t length = 0;
        char32_t cp = 0;
        unsigned lo = 0x80;
        unsigned hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            cp = b0 & 0x0F;
            lo = b0 == 0xE0 ? 0xA0 : lo;
            hi = b0 == 0xED ? 0x9F : hi;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            cp = b0 & 0x07;
            lo = b0 == 0xF0 ? 0x90 : lo;
            hi = b0 == 0xF4 ? 0x8F : hi;
        } else {
            out.push_back(kReplacementChar);
            ++i;
            continue;
        }
        size_t j = 1;
        for (; j < length && i + j < n; ++j) {
            const auto b = static_cast<unsigned char>(bytes[i + j]);
            if (b < lo || b > hi)
                break;
            cp = (cp << 6) | (b & 0x3F);
            lo = 0x80;
            hi = 0xBF;
        }
        out.push_back(j == length ? cp : kReplacementChar);
        i += j;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = kReplacementChar;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encodeUtf8(std::u32string_view cps)
{
    std::string out;
    out.reserve(cps.size());
    for (const char32_t c : cps)
        appendUtf8(out, c);
    return out;
}

bool isValidUtf8(std::string_view bytes)
{
    // Re-encoding gives the input back exactly when decoding replaced nothing.
    return encodeUtf8(decodeUtf8(bytes)) == bytes;
}

bool isLetter(char32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    static const std::vector<Run> runs = parseRuns(kLetters);
    return findRun(runs, c) != nullptr;
}

bool isNumber(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    static const std::vector<Run> runs = parseRuns(kNumbers);
    return findRun(runs, c) != nullptr;
}

bool isWhitespace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
        || c == 0x3000;
}

std::u32string toLower(std::u32string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c == 0x130) // capital I with dot above: the one lowercase of two characters
            out += U"i\u0307";
        else if (c == 0x3A3)
            out.push_back(sigmaIsFinal(text, i) ? 0x3C2 : 0x3C3);
        else
            out.push_back(lowerSimple(c));
    }
    return out;
}

} // namespace fscope::text
