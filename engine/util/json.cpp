#include "util/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_set>

namespace fscope::json {

namespace {

// 2^63 as a double: the first value past the int64 range (int64 max is not a double).
constexpr double kTwoPow63 = 9223372036854775808.0;

bool doubleIsInt64(double d)
{
    return d >= -kTwoPow63 && d < kTwoPow63 && std::trunc(d) == d;
}

} // namespace

std::string_view typeName(Value::Type type)
{
    static constexpr std::string_view kNames[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
    return kNames[static_cast<int>(type)];
}

Value::Value(uint64_t u)
{
    if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        m_data = static_cast<int64_t>(u);
    else
        m_data = static_cast<double>(u);
}

template <class T>
const T& Value::expect(const char* expected) const
{
    if (const auto* v = std::get_if<T>(&m_data))
        return *v;
    throw EngineError(std::string("expected ") + expected + ", found " + std::string(typeName(type())));
}

template <class T>
T& Value::expect(const char* expected)
{
    return const_cast<T&>(std::as_const(*this).expect<T>(expected));
}

Value::Type Value::type() const
{
    static constexpr Type kTypes[] = {Type::Null, Type::Bool, Type::Number, Type::Number,
                                      Type::String, Type::Array, Type::Object};
    return kTypes[m_data.index()];
}

bool Value::isInteger() const
{
    const auto* d = std::get_if<double>(&m_data);
    return std::holds_alternative<int64_t>(m_data) || (d && doubleIsInt64(*d));
}

bool Value::asBool() const { return expect<bool>("a boolean"); }
const std::string& Value::asString() const { return expect<std::string>("a string"); }
const Value::Array& Value::asArray() const { return expect<Array>("an array"); }
Value::Array& Value::asArray() { return expect<Array>("an array"); }
const Value::Object& Value::asObject() const { return expect<Object>("an object"); }
Value::Object& Value::asObject() { return expect<Object>("an object"); }

double Value::asDouble() const
{
    if (const auto* i = std::get_if<int64_t>(&m_data))
        return static_cast<double>(*i);
    return expect<double>("a number");
}

int64_t Value::asInt() const
{
    if (const auto* i = std::get_if<int64_t>(&m_data))
        return *i;
    const double d = expect<double>("an integer");
    if (!doubleIsInt64(d))
        throw EngineError("expected an integer, found " + serialize(*this));
    return static_cast<int64_t>(d);
}

const Value* Value::find(std::string_view key) const
{
    if (const auto* members = std::get_if<Object>(&m_data))
        for (const auto& [name, value] : *members)
            if (name == key)
                return &value;
    return nullptr;
}

Value& Value::operator[](const std::string& key)
{
    if (isNull())
        m_data = Object{};
    auto& members = asObject();
    for (auto& [name, value] : members)
        if (name == key)
            return value;
    members.emplace_back(key, Value());
    return members.back().second;
}

void Value::push(Value v)
{
    if (isNull())
        m_data = Array{};
    asArray().push_back(std::move(v));
}

size_t Value::size() const
{
    if (const auto* o = std::get_if<Object>(&m_data))
        return o->size();
    return isNull() ? 0 : expect<Array>("an array or an object").size();
}

bool operator==(const Value& a, const Value& b)
{
    if (a.isNumber() && b.isNumber()) {
        const auto* ai = std::get_if<int64_t>(&a.m_data);
        const auto* bi = std::get_if<int64_t>(&b.m_data);
        if (ai && bi)
            return *ai == *bi;
        if (!ai && !bi)
            return std::get<double>(a.m_data) == std::get<double>(b.m_data);
        // An int64 equals a double only when the double is that exact integer
        // (comparing as doubles would call 2^53 and 2^53 + 1 equal).
        const double d = ai ? std::get<double>(b.m_data) : std::get<double>(a.m_data);
        return doubleIsInt64(d) && static_cast<int64_t>(d) == (ai ? *ai : *bi);
    }
    return a.m_data == b.m_data;
}

// ---------------------------------------------------------------- UTF-8

namespace {

// Length of the well-formed UTF-8 sequence at text[pos], 0 when it is not one:
// overlong forms, UTF-16 surrogates and code points past U+10FFFF are all invalid
// (the table of well-formed byte sequences in Unicode 15, section 3.9).
size_t utf8SequenceLength(std::string_view text, size_t pos)
{
    const auto byte = [&](size_t i) { return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0u; };
    const unsigned b0 = byte(0);
    if (b0 < 0x80)
        return 1;
    size_t length = 0;
    unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
    else if (b0 == 0xE0) length = 3, lo = 0xA0;
    else if (b0 >= 0xE1 && b0 <= 0xEC) length = 3;
    else if (b0 == 0xED) length = 3, hi = 0x9F;
    else if (b0 >= 0xEE && b0 <= 0xEF) length = 3;
    else if (b0 == 0xF0) length = 4, lo = 0x90;
    else if (b0 >= 0xF1 && b0 <= 0xF3) length = 4;
    else if (b0 == 0xF4) length = 4, hi = 0x8F;
    else return 0;
    if (byte(1) < lo || byte(1) > hi)
        return 0;
    for (size_t i = 2; i < length; ++i)
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
    return length;
}

void appendUtf8(std::string& out, unsigned code)
{
    const int extra = code < 0x80 ? 0 : code < 0x800 ? 1 : code < 0x10000 ? 2 : 3;
    static constexpr unsigned kLead[] = {0x00, 0xC0, 0xE0, 0xF0};
    out += static_cast<char>(kLead[extra] | (code >> (6 * extra)));
    for (int k = extra - 1; k >= 0; --k)
        out += static_cast<char>(0x80 | ((code >> (6 * k)) & 0x3F));
}

// ---------------------------------------------------------------- parser

constexpr size_t kLinearKeySearch = 16;

struct ParseError {
    size_t pos;
    std::string message;
};

class Parser {
public:
    Parser(std::string_view text, int maxDepth) : m_text(text), m_maxDepth(maxDepth) {}

    Value parseDocument()
    {
        skipWhitespace();
        if (atEnd())
            fail(m_pos, "empty document");
        Value v = parseValue(0);
        skipWhitespace();
        if (!atEnd())
            fail(m_pos, "unexpected " + describeHere() + " after the value");
        return v;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool atDigit() const { return peek() >= '0' && peek() <= '9'; }
    [[noreturn]] void fail(size_t pos, std::string message) const { throw ParseError{pos, std::move(message)}; }

    std::string describeHere() const
    {
        if (atEnd())
            return "end of input";
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c >= 0x20 && c < 0x7f)
            return std::string("character '") + static_cast<char>(c) + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        return buf;
    }

    void skipWhitespace()
    {
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')
            ++m_pos;
    }

    Value literal(std::string_view word, Value value)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            fail(m_pos, "unexpected " + describeHere());
        m_pos += word.size();
        return value;
    }

    Value parseValue(int depth)
    {
        switch (peek()) {
        case '{': return parseContainer(depth + 1, '}');
        case '[': return parseContainer(depth + 1, ']');
        case '"': return Value(parseString());
        case 't': return literal("true", true);
        case 'f': return literal("false", false);
        case 'n': return literal("null", nullptr);
        default:
            if (peek() == '-' || atDigit())
                return parseNumber();
            fail(m_pos, "unexpected " + describeHere());
        }
    }

    // Arrays and objects share their comma and bracket rules.
    Value parseContainer(int depth, char close)
    {
        if (depth > m_maxDepth)
            fail(m_pos, "nesting deeper than " + std::to_string(m_maxDepth) + " levels");
        const bool isObject = close == '}';
        const char* what = isObject ? "object" : "array";
        Value result = isObject ? Value::object() : Value::array();
        std::unordered_set<std::string> keys;
        ++m_pos;
        skipWhitespace();
        if (peek() == close) {
            ++m_pos;
            return result;
        }
        for (;;) {
            skipWhitespace();
            if (peek() == close)
                fail(m_pos, std::string("trailing comma in ") + what);
            if (isObject) {
                if (peek() != '"')
                    fail(m_pos, atEnd() ? "unterminated object" : "expected a string key but found " + describeHere());
                const size_t keyPos = m_pos;
                std::string key = parseString();
                // Small objects (nearly all) are searched directly; large ones get a set.
                auto& members = result.asObject();
                if (members.size() == kLinearKeySearch)
                    for (const auto& member : members)
                        keys.insert(member.first);
                const bool duplicate = members.size() < kLinearKeySearch
                    ? std::any_of(members.begin(), members.end(), [&](const auto& m) { return m.first == key; })
                    : !keys.insert(key).second;
                if (duplicate)
                    fail(keyPos, "duplicate key " + serialize(Value(key)));
                skipWhitespace();
                if (peek() != ':')
                    fail(m_pos, "expected ':' but found " + describeHere());
                ++m_pos;
                skipWhitespace();
                Value v = parseValue(depth);
                result.asObject().emplace_back(std::move(key), std::move(v));
            } else {
                result.asArray().push_back(parseValue(depth));
            }
            skipWhitespace();
            if (peek() == close) {
                ++m_pos;
                return result;
            }
            if (peek() != ',')
                fail(m_pos, atEnd() ? std::string("unterminated ") + what
                                    : std::string("expected ',' or '") + close + "' but found " + describeHere());
            ++m_pos;
        }
    }

    std::string parseString()
    {
        const size_t start = m_pos++;
        std::string out;
        for (;;) {
            if (atEnd())
                fail(start, "unterminated string");
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20)
                fail(m_pos, "unescaped control character in string");
            if (c == '\\') {
                parseEscape(out);
                continue;
            }
            size_t length = utf8SequenceLength(m_text, m_pos);
            if (length == 0)
                fail(m_pos, "invalid UTF-8 in string");
            const auto plain = [](unsigned char b) { return b >= 0x20 && b < 0x80 && b != '"' && b != '\\'; };
            if (length == 1) // copy runs of plain ASCII at once
                while (m_pos + length < m_text.size() && plain(static_cast<unsigned char>(m_text[m_pos + length])))
                    ++length;
            out.append(m_text.substr(m_pos, length));
            m_pos += length;
        }
    }

    unsigned parseHex4()
    {
        unsigned code = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            const char c = peek();
            const int digit = atDigit() ? c - '0'
                            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                            : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (digit < 0)
                fail(m_pos, atEnd() ? "unterminated string" : "invalid \\u escape: expected a hex digit");
            code = code * 16 + static_cast<unsigned>(digit);
        }
        return code;
    }

    void parseEscape(std::string& out)
    {
        const size_t escapePos = m_pos++;
        if (atEnd())
            fail(escapePos, "unterminated string");
        const char e = m_text[m_pos++];
        static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
        if (const auto k = kFrom.find(e); k != std::string_view::npos) {
            out += kTo[k];
            return;
        }
        if (e != 'u')
            fail(escapePos, std::string("invalid escape '\\") + e + "'");
        unsigned code = parseHex4();
        if (code >= 0xDC00 && code <= 0xDFFF)
            fail(escapePos, "lone low surrogate in \\u escape");
        if (code >= 0xD800 && code <= 0xDBFF) {
            const bool escapeFollows = m_text.substr(m_pos, 2) == "\\u";
            m_pos += escapeFollows ? 2 : 0;
            const unsigned low = escapeFollows ? parseHex4() : 0;
            if (low < 0xDC00 || low > 0xDFFF)
                fail(escapePos, "high surrogate not followed by a low surrogate");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, code);
    }

    Value parseNumber()
    {
        const size_t start = m_pos;
        const auto skipDigits = [this] { while (atDigit()) ++m_pos; };
        if (peek() == '-')
            ++m_pos;
        if (!atDigit())
            fail(m_pos, "expected a digit but found " + describeHere());
        if (peek() == '0') {
            ++m_pos;
            if (atDigit())
                fail(start, "leading zeros are not allowed in numbers");
        }
        skipDigits();
        const size_t integerEnd = m_pos;
        if (peek() == '.') {
            ++m_pos;
            if (!atDigit())
                fail(m_pos, "expected a digit after the decimal point");
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!atDigit())
                fail(m_pos, "expected a digit in the exponent");
            skipDigits();
        }
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        if (m_pos == integerEnd) { // an integer literal keeps its exact value when it fits
            int64_t i = 0;
            if (const auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last)
                return Value(i);
        }
        double d = 0;
        const auto r = std::from_chars(first, last, d);
        if (r.ec == std::errc() && r.ptr == last)
            return Value(d);
        if (r.ec == std::errc::result_out_of_range && underflows(std::string_view(first, last - first)))
            return Value(*first == '-' ? -0.0 : 0.0);
        fail(start, "number out of range");
    }

    // from_chars reports overflow and underflow alike as out of range; a value below
    // the smallest denormal rounds to zero, as in every JSON reader. The decimal
    // exponent of the first significant digit tells the two apart.
    static bool underflows(std::string_view number)
    {
        const size_t e = std::min(number.find_first_of("eE"), number.size());
        const std::string_view mantissa = number.substr(0, e);
        const size_t point = std::min(mantissa.find('.'), mantissa.size());
        const size_t first = mantissa.find_first_of("123456789"); // exists: zero is in range
        const long leading = first < point ? static_cast<long>(point - first) - 1 : -static_cast<long>(first - point);
        std::string_view digits = number.substr(std::min(e + 1, number.size()));
        const bool negative = !digits.empty() && digits[0] == '-';
        if (!digits.empty() && (digits[0] == '-' || digits[0] == '+'))
            digits.remove_prefix(1);
        // Saturate: only the sign of the sum matters, and an exponent near LONG_MAX
        // ("1e9223372036854775807") would overflow it. |leading| is below the text's length.
        constexpr long kSaturated = 1L << 40;
        long exponent = 0;
        if (!digits.empty()
            && (std::from_chars(digits.data(), digits.data() + digits.size(), exponent).ec != std::errc()
                || exponent > kSaturated))
            exponent = kSaturated;
        return leading + (negative ? -exponent : exponent) < 0;
    }

    std::string_view m_text;
    int m_maxDepth;
    size_t m_pos = 0;
};

std::string positionPrefix(std::string_view text, size_t pos)
{
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
}

// ---------------------------------------------------------------- writer

void writeString(std::string& out, std::string_view s)
{
    out += '"';
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t length = utf8SequenceLength(s, i);
            out.append(length ? s.substr(i, length) : std::string_view("\xEF\xBF\xBD")); // U+FFFD
            i += length ? length : 1;
            continue;
        }
        static constexpr std::string_view kRaw = "\"\\\b\f\n\r\t", kEscaped = "\"\\bfnrt";
        if (const auto k = kRaw.find(static_cast<char>(c)); k != std::string_view::npos) {
            out += '\\';
            out += kEscaped[k];
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    out += '"';
}

void writeValue(std::string& out, const Value& v, int indent, int level)
{
    const auto newline = [&](int depth) {
        if (indent >= 0) {
            out += '\n';
            out.append(static_cast<size_t>(indent) * static_cast<size_t>(depth), ' ');
        }
    };
    switch (v.type()) {
    case Value::Type::Null: out += "null"; return;
    case Value::Type::Bool: out += v.asBool() ? "true" : "false"; return;
    case Value::Type::String: writeString(out, v.asString()); return;
    case Value::Type::Number: {
        const double d = v.asDouble();
        if (v.isInteger()) {
            out += std::to_string(v.asInt());
        } else if (std::isfinite(d)) {
            char buf[32]; // to_chars without a precision gives the shortest form that reads back exactly
            out.append(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
        } else {
            out += "null";
        }
        return;
    }
    case Value::Type::Array:
    case Value::Type::Object: break;
    }
    const bool isObject = v.isObject();
    out += isObject ? '{' : '[';
    const size_t count = v.size();
    for (size_t i = 0; i < count; ++i) {
        if (i > 0)
            out += ',';
        newline(level + 1);
        if (isObject) {
            const auto& [key, value] = v.asObject()[i];
            writeString(out, key);
            out += indent >= 0 ? ": " : ":";
            writeValue(out, value, indent, level + 1);
        } else {
            writeValue(out, v.asArray()[i], indent, level + 1);
        }
    }
    if (count > 0)
        newline(level);
    out += isObject ? '}' : ']';
}

} // namespace

Result<Value> parse(std::string_view text, int maxDepth)
{
    try {
        return Parser(text, maxDepth).parseDocument();
    } catch (const ParseError& e) {
        return Error{positionPrefix(text, e.pos) + e.message};
    } catch (...) {
        return Error{describeCurrentException()};
    }
}

std::string serialize(const Value& v, int indent)
{
    std::string out;
    writeValue(out, v, indent, 0);
    return out;
}

} // namespace fscope::json
