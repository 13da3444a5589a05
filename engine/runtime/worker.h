#pragma once
// The engine's single worker thread. Every model job runs here, one at a time,
// in submission order; LibTorch's intra-op threads do the parallel work inside a
// job. Usage:
//
//   fscope::runtime::Worker worker;
//   fscope::runtime::JobSpec spec;
//   spec.name = "embed images";
//   spec.run = [](fscope::runtime::JobContext& ctx) -> std::any {
//       for (int i = 0; i < n; ++i) { ctx.throwIfCancelled(); ...; ctx.reportProgress((i + 1.0) / n, "image 3"); }
//       return result;
//   };
//   spec.onFinished = [](fscope::runtime::JobOutcome outcome) { ... };   // on the worker thread
//   auto id = worker.submit(std::move(spec));
//   worker.cancel(id);
//
// Thread-safety: submit, cancel, cancelAll, pendingCount and waitIdle may be
// called from any thread. Callbacks (onProgress, onFinished) run on the worker
// thread: forward them to your own thread (the UI's EngineBridge does). A job's
// exceptions never escape: they become a JobOutcome with status Failed and a
// one-line message. Cancelled jobs finish with status Cancelled.

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace fscope::runtime {

using JobId = std::uint64_t;

enum class JobStatus { Succeeded, Failed, Cancelled };

// Thrown by JobContext::throwIfCancelled; the worker reports it as Cancelled.
struct JobCancelled {};

class JobContext {
public:
    JobContext(JobId id, std::shared_ptr<std::atomic<bool>> cancelFlag,
               std::function<void(double, const std::string&)> progress);

    JobId id() const { return m_id; }
    bool cancelled() const { return m_cancelFlag->load(std::memory_order_relaxed); }
    // Call at least every few hundred milliseconds in long loops: cancellation
    // must be honoured within a second.
    void throwIfCancelled() const;
    // fraction in [0, 1], or a negative value for "busy, unknown progress".
    void reportProgress(double fraction, const std::string& message = {}) const;

private:
    JobId m_id;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    std::function<void(double, const std::string&)> m_progress;
};

struct JobOutcome {
    JobId id = 0;
    std::string name;
    JobStatus status = JobStatus::Succeeded;
    std::any value;            // the job's return value when Succeeded
    std::string error;         // one line when Failed
    double seconds = 0;        // time spent running (0 when cancelled before it started)
};

struct JobSpec {
    std::string name;
    std::function<std::any(JobContext&)> run;
    std::function<void(JobId, double fraction, const std::string& message)> onProgress;
    std::function<void(JobOutcome)> onFinished;
};

struct WorkerOptions {
    // Runs once on the worker thread before the first job (thread-local setup
    // such as LibTorch thread counts). Its failure is reported by every job.
    std::function<void()> threadInit;
    std::string threadName = "fs-engine";
    // Added to the worker thread's nice value (Linux schedules threads, not
    // processes), and so to the compute threads it starts: a desktop app gives
    // its engine a few points so that on a busy machine the GUI thread wins the
    // cores first and stays responsive. 0 leaves it alone.
    int niceIncrement = 0;
};

class Worker {
public:
    explicit Worker(WorkerOptions options = {});
    // Cancels every queued and running job, waits for the running one to stop.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    JobId submit(JobSpec spec);
    // Returns false when the job already finished or never existed.
    bool cancel(JobId id);
    void cancelAll();
    // Queued plus running jobs.
    std::size_t pendingCount() const;
    // Blocks until the queue is empty and no job runs (for tests and shutdown).
    void waitIdle() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fscope::runtime
