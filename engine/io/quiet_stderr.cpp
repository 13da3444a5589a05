#include "io/quiet_stderr.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

namespace fscope::io {

namespace {

std::mutex g_mutex;
int g_depth = 0;
int g_savedFd = -1;

bool wanted()
{
    const char* keep = std::getenv("FUSIONSCOPE_LIBRARY_MESSAGES");
    return !(keep && *keep && std::strcmp(keep, "0") != 0);
}

} // namespace

QuietStderr::QuietStderr()
{
    static const bool enabled = wanted();
    if (!enabled)
        return;
    std::lock_guard lock(g_mutex);
    if (g_depth == 0) {
        std::fflush(stderr);
        const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null < 0)
            return;
        g_savedFd = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
        if (g_savedFd < 0 || ::dup2(null, 2) < 0) {
            if (g_savedFd >= 0)
                ::close(g_savedFd);
            g_savedFd = -1;
            ::close(null);
            return;
        }
        ::close(null);
    }
    ++g_depth;
    m_active = true;
}

QuietStderr::~QuietStderr()
{
    if (!m_active)
        return;
    std::lock_guard lock(g_mutex);
    if (--g_depth == 0 && g_savedFd >= 0) {
        std::fflush(stderr);
        ::dup2(g_savedFd, 2);
        ::close(g_savedFd);
        g_savedFd = -1;
    }
}

} // namespace fscope::io
