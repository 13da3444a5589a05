#include "check.h"

#include "util/json.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using fscope::json::parse;
using fscope::json::serialize;
using fscope::json::Value;

namespace {

// The parse error of `text`, or a marker that makes FS_CHECK_CONTAINS fail.
std::string errorOf(const std::string& text)
{
    const auto result = parse(text);
    return result.ok() ? "<parsed without error: " + text + ">" : result.error().message;
}

std::string thrownBy(const std::function<void()>& f)
{
    try {
        f();
    } catch (const fscope::EngineError& e) {
        return e.what();
    }
    return "<nothing thrown>";
}

} // namespace

FS_TEST(json, round_trip_compact_and_pretty)
{
    Value doc = Value::object();
    doc["name"] = "clip-tiny";
    doc["layers"] = 2;
    doc["scale"] = 2.5;
    doc["ok"] = true;
    doc["missing"] = nullptr;
    doc["sizes"].push(224);
    doc["sizes"].push(Value::array());
    doc["nested"]["empty"] = Value::object();

    const std::string compact = serialize(doc);
    FS_CHECK_EQ(compact, std::string(R"({"name":"clip-tiny","layers":2,"scale":2.5,"ok":true,"missing":null,)"
                                      R"("sizes":[224,[]],"nested":{"empty":{}}})"));
    const std::string pretty = serialize(doc, 2);
    FS_CHECK_CONTAINS(pretty, "{\n  \"name\": \"clip-tiny\",\n");
    FS_CHECK_CONTAINS(pretty, "\"sizes\": [\n    224,\n    []\n  ],");

    for (const auto& text : {compact, pretty, serialize(doc, 0), serialize(doc, 4)}) {
        const auto back = parse(text);
        FS_REQUIRE(back.ok());
        FS_CHECK(*back == doc);
        FS_CHECK_EQ(serialize(*back), compact); // insertion order survives
    }
}

FS_TEST(json, unicode_escapes_and_surrogate_pairs)
{
    const auto v = parse(R"(["\u00e9\u4E2D\ud83d\ude00", "\"\\\/\b\f\n\r\t", "\u0000x", "é中😀"])");
    FS_REQUIRE(v.ok());
    const auto& items = v->asArray();
    FS_CHECK_EQ(items[0].asString(), std::string("\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"));
    FS_CHECK_EQ(items[1].asString(), std::string("\"\\/\b\f\n\r\t"));
    FS_CHECK_EQ(items[2].asString().size(), 2u);
    FS_CHECK_EQ(items[2].asString()[0], '\0');
    FS_CHECK_EQ(items[3].asString(), items[0].asString());

    // Non-ASCII is written raw; control characters and quotes are escaped.
    FS_CHECK_EQ(serialize(items[0]), "\"" + items[0].asString() + "\"");
    FS_CHECK_EQ(serialize(Value(std::string("a\"b\\c\n\x01\x1f", 8))), std::string(R"("a\"b\\c\n\u0001\u001f")"));
    FS_CHECK_EQ(serialize(items[2]), std::string(R"("\u0000x")"));
    // Invalid UTF-8 handed to the writer still yields valid JSON (U+FFFD).
    const std::string written = serialize(Value(std::string("a\xff" "b")));
    FS_CHECK_EQ(written, std::string("\"a\xEF\xBF\xBD" "b\""));
    FS_CHECK(parse(written).ok());
}

FS_TEST(json, rejects_invalid_utf8_and_lone_surrogates)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[\"ab\xC0\x80\"]", "line 1, column 5: invalid UTF-8"},          // overlong NUL
        {"[\"\xE0\x80\xAF\"]", "line 1, column 3: invalid UTF-8"},        // overlong '/'
        {"[\"\xED\xA0\x80\"]", "line 1, column 3: invalid UTF-8"},        // surrogate D800 in UTF-8
        {"[\"\xF4\x90\x80\x80\"]", "line 1, column 3: invalid UTF-8"},    // U+110000
        {"[\"\xF5\x80\x80\x80\"]", "line 1, column 3: invalid UTF-8"},
        {"[\"\x80\"]", "line 1, column 3: invalid UTF-8"},                 // stray continuation byte
        {"[\"\xE4\xB8\"]", "line 1, column 3: invalid UTF-8"},             // truncated sequence
        {R"(["x\ud800"])", "line 1, column 4: high surrogate not followed by a low surrogate"},
        {R"(["\ud800\u0041"])", "line 1, column 3: high surrogate"},
        {R"(["\udc00"])", "line 1, column 3: lone low surrogate"},
        {R"(["\u12g4"])", "line 1, column 7: invalid \\u escape"},
        {R"(["\x"])", "line 1, column 3: invalid escape"},
        {"[\"tab\there\"]", "line 1, column 6: unescaped control character"},
        {"\xEF\xBB\xBF{}", "line 1, column 1: unexpected byte 0xef"},
    };
    for (const auto& [text, expected] : cases)
        FS_CHECK_CONTAINS(errorOf(text), expected);
    // Columns count characters, not bytes.
    FS_CHECK_CONTAINS(errorOf("[\"é\", \"\xFF\"]"), "line 1, column 8: invalid UTF-8");
}

FS_TEST(json, rejects_syntax_violations_with_position)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[1, 2,]", "line 1, column 7: trailing comma in array"},
        {"{\"a\": 1,\n }", "line 2, column 2: trailing comma in object"},
        {"// note\n{}", "line 1, column 1: unexpected character '/'"},
        {"{\"a\": 1 /* c */}", "line 1, column 9: expected ',' or '}'"},
        {"[NaN]", "line 1, column 2: unexpected character 'N'"},
        {"[-Infinity]", "line 1, column 3: expected a digit"},
        {"[01]", "line 1, column 2: leading zeros"},
        {"[-00.5]", "line 1, column 2: leading zeros"},
        {"[1.]", "line 1, column 4: expected a digit after the decimal point"},
        {"[.5]", "line 1, column 2: unexpected character '.'"},
        {"[1e+]", "line 1, column 5: expected a digit in the exponent"},
        {"[+1]", "line 1, column 2: unexpected character '+'"},
        {"['single']", "line 1, column 2: unexpected character '''"},
        {"{a: 1}", "line 1, column 2: expected a string key"},
        {"{\"a\" 1}", "line 1, column 6: expected ':'"},
        {"[1] [2]", "line 1, column 5: unexpected character '[' after the value"},
        {"", "line 1, column 1: empty document"},
        {"  \n ", "line 2, column 2: empty document"},
        {"[1, 2", "line 1, column 6: unterminated array"},
        {"{\"a\": [tru]}", "line 1, column 8: unexpected character 't'"},
        {"{\n  \"a\": 1,\n  \"b\": \"open", "line 3, column 8: unterminated string"},
        {"{\"k\": 1, \"k\": 2}", "line 1, column 10: duplicate key \"k\""},
        {"[1e400]", "line 1, column 2: number out of range"},
        {"[-1.5e99999999999999999999]", "line 1, column 2: number out of range"},
    };
    for (const auto& [text, expected] : cases)
        FS_CHECK_CONTAINS(errorOf(text), expected);
    // Large objects check duplicates through a set: both before and after it is built.
    std::string large = "{";
    for (int i = 0; i < 40; ++i)
        large += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    FS_CHECK(parse(large + "\"last\": 0}").ok());
    FS_CHECK_EQ(parse(large + "\"last\": 0}")->size(), 41u);
    FS_CHECK_CONTAINS(errorOf(large + "\"k3\": 0}"), "duplicate key \"k3\"");
    FS_CHECK_CONTAINS(errorOf(large + "\"k39\": 0}"), "duplicate key \"k39\"");
    FS_CHECK_CONTAINS(errorOf("{\"k0\":0,\"k1\":1,\"k0\":2}"), "line 1, column 16: duplicate key \"k0\"");
    // Equal keys in different objects are fine; whitespace around one value is fine.
    FS_CHECK(parse(" \t\r\n{\"k\": {\"k\": [{\"k\": 1}]}} \n").ok());
}

FS_TEST(json, nesting_depth_is_limited)
{
    const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    FS_CHECK(parse(nested(256)).ok());
    FS_CHECK_CONTAINS(errorOf(nested(257)), "line 1, column 257: nesting deeper than 256 levels");
    // A hostile document far deeper than the stack could take fails cleanly.
    FS_CHECK_CONTAINS(errorOf(std::string(1000000, '[')), "nesting deeper than 256");
    FS_CHECK_CONTAINS(errorOf(std::string(100000, '{')), "line 1, column 2: expected a string key");
    std::string objects;
    for (int i = 0; i < 10; ++i)
        objects += "{\"a\":";
    objects += "1" + std::string(10, '}');
    FS_CHECK(parse(objects, 10).ok());
    FS_CHECK_CONTAINS(parse(objects, 9).error().message, "nesting deeper than 9 levels");
}

FS_TEST(json, int64_values_stay_exact)
{
    const auto v = parse("[9007199254740993, -9223372036854775808, 9223372036854775807, "
                         "9223372036854775808, 3.0, 3.5, -0, 1e2]");
    FS_REQUIRE(v.ok());
    const auto& a = v->asArray();
    FS_CHECK(a[0].isInteger());
    FS_CHECK_EQ(a[0].asInt(), int64_t(9007199254740993LL)); // 2^53 + 1: not a double
    FS_CHECK_EQ(a[1].asInt(), std::numeric_limits<int64_t>::min());
    FS_CHECK_EQ(a[2].asInt(), std::numeric_limits<int64_t>::max());
    FS_CHECK(a[3].isNumber() && !a[3].isInteger()); // past int64: a double
    FS_CHECK_NEAR(a[3].asDouble(), 9223372036854775808.0, 0.0);
    FS_CHECK_CONTAINS(thrownBy([&] { (void)a[3].asInt(); }), "expected an integer");
    FS_CHECK(a[4].isInteger());
    FS_CHECK_EQ(a[4].asInt(), int64_t(3));
    FS_CHECK(!a[5].isInteger());
    FS_CHECK_CONTAINS(thrownBy([&] { (void)a[5].asInt(); }), "expected an integer, found 3.5");
    FS_CHECK_EQ(a[6].asInt(), int64_t(0));
    FS_CHECK_EQ(a[7].asInt(), int64_t(100));

    FS_CHECK_EQ(serialize(a[0]), std::string("9007199254740993"));
    FS_CHECK_EQ(serialize(a[1]), std::string("-9223372036854775808"));
    FS_CHECK(a[0] != Value(9007199254740992.0)); // an int64 equals only the exact double
    FS_CHECK(a[4] == Value(3));
    FS_CHECK(Value(uint64_t(1) << 63).isNumber() && !Value(uint64_t(1) << 63).isInteger());
    FS_CHECK_EQ(Value(uint64_t(42)).asInt(), int64_t(42));
    FS_CHECK_EQ(Value(42u).asInt(), int64_t(42));
    FS_CHECK_EQ(Value(size_t(7)).asInt(), int64_t(7));
    FS_CHECK_EQ(Value(-5LL).asInt(), int64_t(-5));
}

FS_TEST(json, doubles_use_shortest_round_trip_form)
{
    FS_CHECK_EQ(serialize(Value(0.1)), std::string("0.1"));
    FS_CHECK_EQ(serialize(Value(0.1 + 0.2)), std::string("0.30000000000000004"));
    FS_CHECK_EQ(serialize(Value(-2.5)), std::string("-2.5"));
    FS_CHECK_EQ(serialize(Value(1e300)), std::string("1e+300"));
    FS_CHECK_EQ(serialize(Value(std::nan(""))), std::string("null"));
    FS_CHECK_EQ(serialize(Value(std::numeric_limits<double>::infinity())), std::string("null"));
    FS_CHECK_EQ(serialize(Value(-std::numeric_limits<double>::infinity())), std::string("null"));

    const std::vector<double> samples = {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 5e-324, 2.2250738585072014e-308,
                                         1.7976931348623157e308, -123456.789, 6.02214076e23, 1e15 + 0.5,
                                         0.07999999999999999, 100.0, 1e21};
    for (const double d : samples) {
        const std::string text = serialize(Value(d));
        const auto back = parse(text);
        FS_REQUIRE(back.ok());
        const double r = back->asDouble();
        FS_CHECK(std::memcmp(&r, &d, sizeof d) == 0);
        FS_CHECK(text.size() <= 24);
    }
    // Underflow rounds to zero like every JSON reader; overflow is an error.
    const auto tiny = parse("[1e-400, -0.0000001e-330, 4.9e-324]");
    FS_REQUIRE(tiny.ok());
    FS_CHECK_EQ(tiny->asArray()[0].asDouble(), 0.0);
    FS_CHECK_EQ(tiny->asArray()[1].asDouble(), 0.0);
    FS_CHECK(tiny->asArray()[2].asDouble() > 0.0);
    FS_CHECK(!parse("1.8e308").ok());
    const std::string zeros(400, '0');
    const auto small = parse("[0." + zeros + "1, -0." + zeros + "1e-5]");
    FS_REQUIRE(small.ok());
    FS_CHECK_EQ(small->asArray()[0].asDouble(), 0.0);
    FS_CHECK_CONTAINS(errorOf("[1" + zeros + "]"), "line 1, column 2: number out of range");
    FS_CHECK_CONTAINS(errorOf("[0.1e9" + zeros + "]"), "line 1, column 2: number out of range");
    // Exponents at the limits of long (found by fuzzing) neither overflow nor flip the verdict.
    FS_CHECK_CONTAINS(errorOf("[22e9223372036854775807]"), "line 1, column 2: number out of range");
    const auto limits = parse("[1e-9223372036854775808, 0.0001e-9223372036854775807]");
    FS_REQUIRE(limits.ok());
    FS_CHECK_EQ(limits->asArray()[0].asDouble(), 0.0);
    FS_CHECK_EQ(limits->asArray()[1].asDouble(), 0.0);
}

FS_TEST(json, accessors_name_the_types)
{
    const auto v = parse(R"({"name": "x", "n": 1, "list": [1, 2, 3], "flag": false})");
    FS_REQUIRE(v.ok());
    FS_CHECK_EQ(v->size(), 4u);
    FS_REQUIRE(v->find("list") != nullptr);
    FS_CHECK_EQ(v->find("list")->size(), 3u);
    FS_CHECK(v->find("absent") == nullptr);
    FS_CHECK(v->find("n")->find("anything") == nullptr); // not an object: nullptr, no throw
    FS_CHECK_EQ(v->find("flag")->asBool(), false);
    FS_CHECK_EQ(thrownBy([&] { (void)v->find("n")->asString(); }), std::string("expected a string, found a number"));
    FS_CHECK_EQ(thrownBy([&] { (void)v->find("name")->asDouble(); }), std::string("expected a number, found a string"));
    FS_CHECK_EQ(thrownBy([&] { (void)v->find("list")->asObject(); }), std::string("expected an object, found an array"));
    FS_CHECK_EQ(thrownBy([&] { (void)v->asArray(); }), std::string("expected an array, found an object"));
    FS_CHECK_CONTAINS(thrownBy([&] { (void)v->find("flag")->size(); }), "found a boolean");

    Value x;
    FS_CHECK(x.isNull());
    FS_CHECK_EQ(x.size(), 0u);
    x.push(1);
    FS_CHECK(x.isArray());
    FS_CHECK_CONTAINS(thrownBy([&] { x["key"] = 1; }), "expected an object, found an array");
    Value y;
    y["a"]["b"] = "c";
    FS_CHECK_EQ(serialize(y), std::string(R"({"a":{"b":"c"}})"));
    y["a"]["b"] = 2; // replaces, does not duplicate
    FS_CHECK_EQ(serialize(y), std::string(R"({"a":{"b":2}})"));
    FS_CHECK_CONTAINS(thrownBy([&] { Value("s").push(1); }), "expected an array, found a string");
}
