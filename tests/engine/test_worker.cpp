// The engine worker: order, progress, cancellation within a second, failures
// as values, and many jobs without leaking.

#include "check.h"

#include "runtime/worker.h"
#include "util/result.h"

#include <torch/torch.h>

#include <chrono>
#include <mutex>
#include <thread>

using namespace fscope::runtime;
using namespace std::chrono_literals;

namespace {

struct Collector {
    std::mutex mutex;
    std::vector<JobOutcome> outcomes;
    std::vector<std::thread::id> threads;

    std::function<void(JobOutcome)> sink()
    {
        return [this](JobOutcome outcome) {
            std::lock_guard lock(mutex);
            threads.push_back(std::this_thread::get_id());
            outcomes.push_back(std::move(outcome));
        };
    }
};

JobSpec job(std::string name, std::function<std::any(JobContext&)> run, Collector& collector)
{
    JobSpec spec;
    spec.name = std::move(name);
    spec.run = std::move(run);
    spec.onFinished = collector.sink();
    return spec;
}

} // namespace

FS_TEST(worker, runs_jobs_in_order_on_one_thread)
{
    Collector collector;
    {
        Worker worker;
        for (int i = 0; i < 20; ++i)
            worker.submit(job("n" + std::to_string(i), [i](JobContext&) { return std::any(i * i); }, collector));
        worker.waitIdle();
    }
    FS_REQUIRE(collector.outcomes.size() == 20);
    for (int i = 0; i < 20; ++i) {
        FS_CHECK(collector.outcomes[i].status == JobStatus::Succeeded);
        FS_CHECK_EQ(std::any_cast<int>(collector.outcomes[i].value), i * i);
        FS_CHECK(collector.threads[i] == collector.threads[0]);
    }
    FS_CHECK(collector.threads[0] != std::this_thread::get_id());
}

FS_TEST(worker, reports_progress)
{
    Collector collector;
    std::vector<double> seen;
    Worker worker;
    auto spec = job("progress", [](JobContext& ctx) {
        for (int i = 1; i <= 4; ++i)
            ctx.reportProgress(i / 4.0, "step " + std::to_string(i));
        return std::any();
    }, collector);
    spec.onProgress = [&seen](JobId, double fraction, const std::string&) { seen.push_back(fraction); };
    worker.submit(std::move(spec));
    worker.waitIdle();
    FS_REQUIRE(seen.size() == 4);
    FS_CHECK_EQ(seen.back(), 1.0);
}

FS_TEST(worker, cancels_a_running_job_within_a_second)
{
    Collector collector;
    Worker worker;
    std::atomic<bool> started{false};
    const auto id = worker.submit(job("long", [&started](JobContext& ctx) {
        started = true;
        // A LibTorch loop that checks for cancellation between steps.
        auto a = torch::randn({256, 256});
        for (int i = 0; i < 100000; ++i) {
            ctx.throwIfCancelled();
            a = torch::tanh(a.mm(a) * 0.01);
        }
        return std::any(a);
    }, collector));
    while (!started)
        std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(50ms);
    const auto cancelledAt = std::chrono::steady_clock::now();
    FS_CHECK(worker.cancel(id));
    worker.waitIdle();
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelledAt).count();
    FS_CHECK(waited < 1.0);
    FS_REQUIRE(collector.outcomes.size() == 1);
    FS_CHECK(collector.outcomes[0].status == JobStatus::Cancelled);
    FS_CHECK(!collector.outcomes[0].value.has_value());
}

FS_TEST(worker, cancelled_queued_jobs_never_run)
{
    Collector collector;
    Worker worker;
    std::atomic<int> ran{0};
    std::atomic<bool> release{false};
    worker.submit(job("blocker", [&](JobContext&) {
        while (!release)
            std::this_thread::sleep_for(1ms);
        return std::any();
    }, collector));
    const auto queued = worker.submit(job("queued", [&](JobContext&) { ++ran; return std::any(); }, collector));
    FS_CHECK_EQ(worker.pendingCount(), 2u);
    FS_CHECK(worker.cancel(queued));
    release = true;
    worker.waitIdle();
    FS_CHECK_EQ(ran.load(), 0);
    FS_REQUIRE(collector.outcomes.size() == 2);
    FS_CHECK(collector.outcomes[1].status == JobStatus::Cancelled);
    FS_CHECK(!worker.cancel(queued));  // finished: nothing left to cancel
}

FS_TEST(worker, failures_are_values_and_the_worker_goes_on)
{
    Collector collector;
    Worker worker;
    worker.submit(job("engine error", [](JobContext&) -> std::any { throw fscope::EngineError("photo.jpg: corrupt data"); }, collector));
    worker.submit(job("torch error", [](JobContext&) {
        return std::any(torch::randn({2, 3}).mm(torch::randn({4, 5})));  // shape mismatch inside LibTorch
    }, collector));
    worker.submit(job("bad alloc", [](JobContext&) -> std::any { throw std::bad_alloc(); }, collector));
    worker.submit(job("after", [](JobContext&) { return std::any(std::string("fine")); }, collector));
    worker.waitIdle();
    FS_REQUIRE(collector.outcomes.size() == 4);
    FS_CHECK(collector.outcomes[0].status == JobStatus::Failed);
    FS_CHECK_EQ(collector.outcomes[0].error, std::string("photo.jpg: corrupt data"));
    FS_CHECK(collector.outcomes[1].status == JobStatus::Failed);
    FS_CHECK_CONTAINS(collector.outcomes[1].error, "mat1 and mat2 shapes cannot be multiplied");
    FS_CHECK(collector.outcomes[1].error.find('\n') == std::string::npos);
    FS_CHECK_EQ(collector.outcomes[2].error, std::string("out of memory"));
    FS_CHECK(collector.outcomes[3].status == JobStatus::Succeeded);
    FS_CHECK_EQ(std::any_cast<std::string>(collector.outcomes[3].value), std::string("fine"));
}

FS_TEST(worker, thousand_jobs_release_everything)
{
    Collector collector;
    auto payload = std::make_shared<int>(7);
    {
        Worker worker;
        for (int i = 0; i < 1000; ++i) {
            // Each job captures the payload and returns a copy of it: when all
            // are done, nothing may still hold a reference.
            worker.submit(job("n", [payload](JobContext&) { return std::any(payload); }, collector));
        }
        worker.waitIdle();
        FS_CHECK_EQ(worker.pendingCount(), 0u);
    }
    FS_CHECK_EQ(collector.outcomes.size(), 1000u);
    collector.outcomes.clear();
    FS_CHECK_EQ(payload.use_count(), 1L);
}

FS_TEST(worker, destructor_cancels_pending_work)
{
    Collector collector;
    const auto start = std::chrono::steady_clock::now();
    {
        Worker worker;
        for (int i = 0; i < 3; ++i)
            worker.submit(job("sleepy", [](JobContext& ctx) {
                for (int k = 0; k < 1000; ++k) {
                    ctx.throwIfCancelled();
                    std::this_thread::sleep_for(10ms);
                }
                return std::any();
            }, collector));
        std::this_thread::sleep_for(30ms);
    }
    FS_CHECK(std::chrono::steady_clock::now() - start < 2s);
    FS_REQUIRE(collector.outcomes.size() == 3);
    for (const auto& outcome : collector.outcomes)
        FS_CHECK(outcome.status == JobStatus::Cancelled);
}

FS_TEST(worker, thread_init_runs_on_the_worker_thread)
{
    Collector collector;
    std::thread::id initThread;
    WorkerOptions options;
    options.threadInit = [&initThread] { initThread = std::this_thread::get_id(); };
    Worker worker(options);
    worker.submit(job("n", [](JobContext&) { return std::any(); }, collector));
    worker.waitIdle();
    FS_REQUIRE(collector.threads.size() == 1);
    FS_CHECK(initThread == collector.threads[0]);
}
