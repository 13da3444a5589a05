#pragma once
// Expected failures are values: a Result<T> holds either a T or an Error whose
// message is one line that names the file (or tensor, or job) and what is wrong.
// Inside the engine, code may throw fscope::EngineError; the runtime and the
// public loaders turn every exception into an Error at the engine boundary.
// Thread-safety: plain values, no shared state.

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace fscope {

struct Error {
    std::string message;
};

// Thrown inside the engine for bad input; callers of the public API see an Error.
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

template <class T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_state); }
    T& value() & { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

// Describes the exception currently being handled (call only inside a catch
// block): LibTorch's c10::Error without its C++ backtrace, std::bad_alloc as
// "out of memory", anything else by its what() text.
std::string describeCurrentException();

} // namespace fscope
