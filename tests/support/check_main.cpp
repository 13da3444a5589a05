#include "check.h"

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>

namespace fscope::check {

namespace {
int g_failures = 0;
} // namespace

std::vector<Case>& registry()
{
    static std::vector<Case> cases;
    return cases;
}

void recordFailure(const char* file, int line, const std::string& what)
{
    ++g_failures;
    std::cerr << file << ":" << line << ": failure: " << what << "\n";
}

std::string fixturesDir()
{
    const char* dir = std::getenv("FUSIONSCOPE_FIXTURES");
    return dir ? dir : "";
}

std::string requiredFixturesDir()
{
    const auto dir = fixturesDir();
    if (dir.empty()) {
        recordFailure(__FILE__, __LINE__,
                      "FUSIONSCOPE_FIXTURES is not set: point it at the shared fixtures folder "
                      "(e.g. FUSIONSCOPE_FIXTURES=/work/shared/fixtures), or run through ctest");
        throw AbortCase{};
    }
    return dir;
}

} // namespace fscope::check

namespace {

// Writes CTest `add_test` lines, one per case, so every case is its own test.
int listForCTest(const std::string& exe, std::string labels, const std::string& environment)
{
    // CMake splits ';' on the command line, so labels arrive comma-separated.
    for (auto& ch : labels)
        if (ch == ',')
            ch = ';';
    for (const auto& c : fscope::check::registry()) {
        std::cout << "add_test([=[" << c.name << "]=] [=[" << exe << "]=] --case [=[" << c.name << "]=])\n";
        std::cout << "set_tests_properties([=[" << c.name << "]=] PROPERTIES LABELS [=[" << labels
                  << "]=] ENVIRONMENT [=[" << environment << "]=] TIMEOUT 600)\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace fscope::check;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--case" && i + 1 < argc) {
            only = argv[++i];
        } else if (arg == "--list") {
            for (const auto& c : registry())
                std::cout << c.name << "\n";
            return 0;
        } else if (arg == "--ctest" && i + 3 < argc) {
            return listForCTest(argv[i + 1], argv[i + 2], argv[i + 3]);
        } else {
            std::cerr << "usage: " << argv[0] << " [--case suite.name] [--list]\n";
            return 2;
        }
    }

    int ran = 0;
    int failedCases = 0;
    for (const auto& c : registry()) {
        if (!only.empty() && c.name != only)
            continue;
        ++ran;
        const int before = g_failures;
        const auto start = std::chrono::steady_clock::now();
        try {
            c.body();
        } catch (const AbortCase&) {
        } catch (const std::exception& e) {
            recordFailure(c.name.c_str(), 0, std::string("uncaught exception: ") + e.what());
        } catch (...) {
            recordFailure(c.name.c_str(), 0, "uncaught non-standard exception");
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        const bool failed = g_failures != before;
        failedCases += failed ? 1 : 0;
        std::cout << (failed ? "FAIL " : "ok   ") << c.name << " (" << static_cast<long>(ms) << " ms)\n";
    }
    if (ran == 0) {
        std::cerr << "no test case named '" << only << "'\n";
        return 2;
    }
    std::cout << (ran - failedCases) << " passed, " << failedCases << " failed\n";
    return failedCases == 0 ? 0 : 1;
}
