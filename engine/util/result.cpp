#include "util/result.h"

#include <c10/util/Exception.h>

#include <exception>
#include <new>

namespace fscope {

namespace {

// c10 messages may span several lines (context, hints); the UI and the CLI want one.
std::string firstLine(const std::string& text)
{
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

} // namespace

std::string describeCurrentException()
{
    try {
        throw;
    } catch (const c10::Error& e) {
        return firstLine(e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const std::exception& e) {
        return firstLine(e.what());
    } catch (...) {
        return "unknown error";
    }
}

} // namespace fscope
