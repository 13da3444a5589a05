#pragma once
// A small test harness for the engine tests. It needs nothing but the standard
// library, so the engine core and its tests also build against a bare LibTorch
// (FUSIONSCOPE_ENGINE_CORE_ONLY). Usage:
//
//   FS_TEST(fusion, late_weights_sum_to_one) {
//       FS_CHECK(x > 0);
//       FS_CHECK_NEAR(a, b, 1e-6);
//   }
//
// Each FS_TEST becomes its own CTest test "suite.name" (see tests/CMakeLists.txt);
// the executable runs one case with `--case suite.name`, or all cases without it.

#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace fscope::check {

struct Case {
    std::string name;
    std::function<void()> body;
};

std::vector<Case>& registry();
void recordFailure(const char* file, int line, const std::string& what);
// Directory of the shared golden fixtures (FUSIONSCOPE_FIXTURES), empty when unset.
std::string fixturesDir();
// The fixtures directory; when unset, records a failure that says how to set it
// and leaves the current case.
std::string requiredFixturesDir();

struct Registrar {
    Registrar(const char* name, std::function<void()> body)
    {
        registry().push_back({name, std::move(body)});
    }
};

// Thrown by FS_REQUIRE to leave the current case.
struct AbortCase {};

} // namespace fscope::check

#define FS_CHECK_CAT2(a, b) a##b
#define FS_CHECK_CAT(a, b) FS_CHECK_CAT2(a, b)

#define FS_TEST(suite, name)                                                              \
    static void fs_test_##suite##_##name();                                               \
    static ::fscope::check::Registrar FS_CHECK_CAT(fs_registrar_, __LINE__)(#suite "." #name, \
                                                                      fs_test_##suite##_##name); \
    static void fs_test_##suite##_##name()

#define FS_CHECK(cond)                                                         \
    do {                                                                       \
        if (!(cond))                                                           \
            ::fscope::check::recordFailure(__FILE__, __LINE__, "FS_CHECK(" #cond ")"); \
    } while (0)

#define FS_REQUIRE(cond)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            ::fscope::check::recordFailure(__FILE__, __LINE__, "FS_REQUIRE(" #cond ")"); \
            throw ::fscope::check::AbortCase{};                                \
        }                                                                      \
    } while (0)

#define FS_CHECK_EQ(a, b)                                                      \
    do {                                                                       \
        const auto fs_a = (a);                                                 \
        const auto fs_b = (b);                                                 \
        if (!(fs_a == fs_b)) {                                                 \
            std::ostringstream fs_os;                                          \
            fs_os << "FS_CHECK_EQ(" #a ", " #b "): " << fs_a << " != " << fs_b; \
            ::fscope::check::recordFailure(__FILE__, __LINE__, fs_os.str());   \
        }                                                                      \
    } while (0)

#define FS_CHECK_NEAR(a, b, tol)                                               \
    do {                                                                       \
        const double fs_a = static_cast<double>(a);                            \
        const double fs_b = static_cast<double>(b);                            \
        if (!(std::fabs(fs_a - fs_b) <= (tol))) {                              \
            std::ostringstream fs_os;                                          \
            fs_os.precision(10);                                               \
            fs_os << "FS_CHECK_NEAR(" #a ", " #b ", " #tol "): " << fs_a << " vs " << fs_b; \
            ::fscope::check::recordFailure(__FILE__, __LINE__, fs_os.str());   \
        }                                                                      \
    } while (0)

// Passes when `expr` throws anything.
#define FS_CHECK_THROWS(expr)                                                  \
    do {                                                                       \
        bool fs_threw = false;                                                 \
        try {                                                                  \
            (void)(expr);                                                      \
        } catch (...) {                                                        \
            fs_threw = true;                                                   \
        }                                                                      \
        if (!fs_threw)                                                         \
            ::fscope::check::recordFailure(__FILE__, __LINE__, "FS_CHECK_THROWS(" #expr ") did not throw"); \
    } while (0)

// Passes when `haystack` (a std::string) contains `needle`.
#define FS_CHECK_CONTAINS(haystack, needle)                                    \
    do {                                                                       \
        const std::string fs_h = (haystack);                                   \
        const std::string fs_n = (needle);                                     \
        if (fs_h.find(fs_n) == std::string::npos)                              \
            ::fscope::check::recordFailure(__FILE__, __LINE__,                 \
                "FS_CHECK_CONTAINS: \"" + fs_h + "\" lacks \"" + fs_n + "\""); \
    } while (0)
