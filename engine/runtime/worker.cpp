#include "runtime/worker.h"

#include "util/result.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace fscope::runtime {

JobContext::JobContext(JobId id, std::shared_ptr<std::atomic<bool>> cancelFlag,
                       std::function<void(double, const std::string&)> progress)
    : m_id(id), m_cancelFlag(std::move(cancelFlag)), m_progress(std::move(progress))
{
}

void JobContext::throwIfCancelled() const
{
    if (cancelled())
        throw JobCancelled{};
}

void JobContext::reportProgress(double fraction, const std::string& message) const
{
    if (m_progress)
        m_progress(fraction, message);
}

namespace {

struct QueuedJob {
    JobId id = 0;
    JobSpec spec;
    std::shared_ptr<std::atomic<bool>> cancelFlag;
};

void deliver(const JobSpec& spec, JobOutcome outcome)
{
    if (!spec.onFinished)
        return;
    // A throwing callback must not take the worker down with it.
    try {
        spec.onFinished(std::move(outcome));
    } catch (...) {
    }
}

} // namespace

struct Worker::Impl {
    WorkerOptions options;
    mutable std::mutex mutex;
    std::condition_variable wake;
    mutable std::condition_variable idle;
    std::deque<QueuedJob> queue;
    JobId nextId = 1;
    JobId runningId = 0;
    std::shared_ptr<std::atomic<bool>> runningCancel;
    bool stopping = false;
    std::string initError;
    std::thread thread;

    void loop();
    void runOne(QueuedJob& job);
};

Worker::Worker(WorkerOptions options) : m_impl(std::make_unique<Impl>())
{
    m_impl->options = std::move(options);
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->loop(); });
}

Worker::~Worker()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        for (auto& job : m_impl->queue)
            job.cancelFlag->store(true);
        if (m_impl->runningCancel)
            m_impl->runningCancel->store(true);
    }
    m_impl->wake.notify_all();
    m_impl->thread.join();
}

JobId Worker::submit(JobSpec spec)
{
    JobId id = 0;
    {
        std::lock_guard lock(m_impl->mutex);
        id = m_impl->nextId++;
        m_impl->queue.push_back({id, std::move(spec), std::make_shared<std::atomic<bool>>(false)});
    }
    m_impl->wake.notify_one();
    return id;
}

bool Worker::cancel(JobId id)
{
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->runningId == id && m_impl->runningCancel) {
        m_impl->runningCancel->store(true);
        return true;
    }
    for (auto& job : m_impl->queue) {
        if (job.id == id) {
            job.cancelFlag->store(true);
            return true;
        }
    }
    return false;
}

void Worker::cancelAll()
{
    std::lock_guard lock(m_impl->mutex);
    for (auto& job : m_impl->queue)
        job.cancelFlag->store(true);
    if (m_impl->runningCancel)
        m_impl->runningCancel->store(true);
}

std::size_t Worker::pendingCount() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->queue.size() + (m_impl->runningId != 0 ? 1 : 0);
}

void Worker::waitIdle() const
{
    std::unique_lock lock(m_impl->mutex);
    m_impl->idle.wait(lock, [this] { return m_impl->queue.empty() && m_impl->runningId == 0; });
}

void Worker::Impl::loop()
{
    pthread_setname_np(pthread_self(), options.threadName.substr(0, 15).c_str());
    if (options.niceIncrement > 0) {
        // Best effort: a failure (a sandbox without the right) costs only responsiveness.
        const auto self = static_cast<id_t>(::syscall(SYS_gettid));
        errno = 0;
        const int current = ::getpriority(PRIO_PROCESS, self);
        if (errno == 0)
            (void)::setpriority(PRIO_PROCESS, self, std::min(19, current + options.niceIncrement));
    }
    if (options.threadInit) {
        try {
            options.threadInit();
        } catch (...) {
            initError = "engine thread set-up failed: " + describeCurrentException();
        }
    }
    for (;;) {
        QueuedJob job;
        {
            std::unique_lock lock(mutex);
            wake.wait(lock, [this] { return stopping || !queue.empty(); });
            if (queue.empty()) {
                // stopping with nothing left
                idle.notify_all();
                return;
            }
            job = std::move(queue.front());
            queue.pop_front();
            runningId = job.id;
            runningCancel = job.cancelFlag;
        }
        runOne(job);
        {
            std::lock_guard lock(mutex);
            runningId = 0;
            runningCancel.reset();
        }
        idle.notify_all();
    }
}

void Worker::Impl::runOne(QueuedJob& job)
{
    JobOutcome outcome;
    outcome.id = job.id;
    outcome.name = job.spec.name;

    if (job.cancelFlag->load()) {
        outcome.status = JobStatus::Cancelled;
        deliver(job.spec, std::move(outcome));
        return;
    }
    if (!initError.empty()) {
        outcome.status = JobStatus::Failed;
        outcome.error = initError;
        deliver(job.spec, std::move(outcome));
        return;
    }

    const JobId id = job.id;
    auto progress = [&spec = job.spec, id](double fraction, const std::string& message) {
        if (spec.onProgress) {
            try {
                spec.onProgress(id, fraction, message);
            } catch (...) {
            }
        }
    };
    JobContext context(job.id, job.cancelFlag, progress);
    const auto start = std::chrono::steady_clock::now();
    try {
        if (!job.spec.run)
            throw EngineError("job '" + job.spec.name + "' has nothing to run");
        outcome.value = job.spec.run(context);
        outcome.status = job.cancelFlag->load() ? JobStatus::Cancelled : JobStatus::Succeeded;
    } catch (const JobCancelled&) {
        outcome.status = JobStatus::Cancelled;
    } catch (...) {
        outcome.status = JobStatus::Failed;
        outcome.error = describeCurrentException();
    }
    if (outcome.status == JobStatus::Cancelled)
        outcome.value.reset();
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    deliver(job.spec, std::move(outcome));
}

} // namespace fscope::runtime
