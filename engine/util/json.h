#pragma once
// Strict JSON (RFC 8259) for configs, manifests, safetensors headers and the
// command line's --json output. Usage:
//
//   auto doc = fscope::json::parse(text);
//   if (!doc) return doc.error();                 // "line 3, column 14: unterminated string"
//   if (const auto* size = doc->find("image_size")) imageSize = size->asInt();
//
//   fscope::json::Value out = fscope::json::Value::object();
//   out["scores"].push(0.25);
//   std::string text = fscope::json::serialize(out, /*indent=*/2);
//
// The parser accepts exactly one value and nothing the RFC forbids (no comments,
// trailing commas, NaN, duplicate keys or invalid UTF-8). Integer literals that fit
// int64 keep their exact value; other numbers are doubles. Objects keep their
// insertion order so that files written back keep the order people wrote.
// Thread-safety: plain values and free functions without shared state; any thread.

#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace fscope::json {

class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<Value>;
    using Object = std::vector<std::pair<std::string, Value>>; // keeps insertion order

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(static_cast<int64_t>(i)) {}
    Value(int64_t i) : m_data(i) {}
    Value(uint64_t u); // stored as a double when it does not fit int64
    Value(double d) : m_data(d) {}
    Value(const char* s) : m_data(std::string(s)) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(std::string_view s) : m_data(std::string(s)) {}
    Value(Array a) : m_data(std::move(a)) {}
    Value(Object o) : m_data(std::move(o)) {}
    // The remaining integer types (unsigned, long long, size_t where it differs
    // from uint64_t...) would otherwise be ambiguous between the overloads above.
    template <class T,
              std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>
                                   && !std::is_same_v<T, int> && !std::is_same_v<T, int64_t>
                                   && !std::is_same_v<T, uint64_t>,
                               int> = 0>
    Value(T i)
        : Value(std::is_signed_v<T> ? Value(static_cast<int64_t>(i)) : Value(static_cast<uint64_t>(i)))
    {
    }

    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Type type() const;
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    bool isInteger() const; // a number with an exact int64 value (3 and 3.0, not 3.5)
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    // Accessors of the wrong type throw EngineError ("expected a string, found a number").
    bool asBool() const;
    double asDouble() const;
    int64_t asInt() const; // throws EngineError unless isInteger()
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& asObject() const;
    Object& asObject();

    // The member named `key`; nullptr when absent or when this is not an object.
    const Value* find(std::string_view key) const;
    // Object member access that inserts a null member when absent; a null value
    // becomes an empty object first. Throws EngineError for other types.
    Value& operator[](const std::string& key);
    // Appends to an array; a null value becomes an empty array first.
    void push(Value v);
    // Elements of an array or members of an object; 0 for null; throws otherwise.
    size_t size() const;

    // Deep equality; numbers compare by value (3 == 3.0), objects by member order.
    friend bool operator==(const Value& a, const Value& b);
    friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

private:
    template <class T>
    const T& expect(const char* expected) const;
    template <class T>
    T& expect(const char* expected);

    std::variant<std::nullptr_t, bool, int64_t, double, std::string, Array, Object> m_data = nullptr;
};

// Parses exactly one JSON value surrounded by optional whitespace. Errors name the
// position: "line 3, column 14: unterminated string" (columns count characters).
Result<Value> parse(std::string_view text, int maxDepth = 256);

// Compact when indent < 0, else pretty-printed with `indent` spaces per level.
// Integers are written exactly, doubles in their shortest round-trip form, NaN and
// infinities as null (JSON has no spelling for them), strings as raw UTF-8 with
// invalid bytes replaced by U+FFFD so the output is always valid JSON.
std::string serialize(const Value& v, int indent = -1);

// Name of a type for messages: "null", "a boolean", "a number", "a string"...
std::string_view typeName(Value::Type type);

} // namespace fscope::json
