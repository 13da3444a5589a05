// The training loop every trainer shares: checkpoints when due and when
// cancelled, resuming where the last run stopped with the trainer's own state,
// the time limit, curve points and the schedule that follows the time.

#include "check.h"

#include "io/safetensors.h"
#include "temp_dir.h"
#include "train/training_loop.h"

#include <torch/torch.h>

#include <thread>

namespace ft = fscope::train;
using fscope::check::TempDir;

namespace {

// One weight learning to be 3, saved and read as a safetensors file.
struct Tiny {
    torch::Tensor weight = torch::zeros({1}, torch::requires_grad());
    torch::optim::SGD optimizer{{weight}, torch::optim::SGDOptions(0.1)};

    ft::TrainingLoop loop(const ft::TrainingLoopOptions& options)
    {
        return ft::TrainingLoop(
            options, optimizer,
            [this](const std::string& path) {
                return fscope::safetensors::write(path, {{"weight", weight.detach()}});
            },
            [this](const std::string& path) -> fscope::Result<void> {
                auto file = fscope::safetensors::File::open(path);
                if (!file)
                    return file.error();
                torch::NoGradGuard noGrad;
                weight.copy_(file->tensor("weight"));
                return {};
            });
    }

    void step()
    {
        optimizer.zero_grad();
        (weight - 3).pow(2).sum().backward();
        optimizer.step();
    }
};

fscope::json::Value stateWith(int64_t mark)
{
    fscope::json::Value state = fscope::json::Value::object();
    state["mark"] = mark;
    return state;
}

} // namespace

FS_TEST(training_loop, cancels_with_a_checkpoint_and_resumes_there)
{
    TempDir dir;
    ft::TrainingLoopOptions options;
    options.checkpointDir = dir.path() / "checkpoint";
    options.steps = 10;
    options.checkpointEvery = 4;
    options.curveEvery = 3;
    std::vector<int64_t> points;
    {
        Tiny tiny;
        auto loop = tiny.loop(options);
        auto resumed = loop.resume();
        FS_REQUIRE(resumed);
        FS_CHECK(!*resumed); // nothing to resume yet
        while (loop.running()) {
            tiny.step();
            loop.stepTaken();
            if (loop.pointDue())
                points.push_back(loop.step() + 1);
            const bool keepGoing = loop.step() + 1 < 6; // cancelled during the sixth step
            FS_REQUIRE(loop.endStep(keepGoing, [&] { return stateWith(loop.step() + 1); }));
        }
        FS_CHECK(loop.cancelled());
        FS_CHECK_EQ(loop.step(), int64_t(6));
        FS_CHECK(points == (std::vector<int64_t>{3, 6}));
    }
    Tiny again;
    auto loop = again.loop(options);
    auto resumed = loop.resume();
    FS_REQUIRE(resumed && *resumed);
    FS_CHECK_EQ(loop.step(), int64_t(6));
    FS_CHECK_EQ(loop.resumedFrom(), int64_t(6));
    FS_CHECK_EQ((*resumed)->find("mark")->asInt(), int64_t(6)); // the trainer's own state as saved
    FS_CHECK((*resumed)->find("seconds")); // the loop's
    // Six SGD steps towards 3 from 0: 3 * (1 - 0.8^6).
    FS_CHECK_NEAR(again.weight.item<double>(), 3 * (1 - std::pow(0.8, 6)), 1e-5);
    int64_t taken = 0;
    while (loop.running()) {
        again.step();
        loop.stepTaken();
        if (loop.step() + 1 == 10)
            FS_CHECK(loop.lastStep() && loop.pointDue());
        FS_REQUIRE(loop.endStep(true));
        ++taken;
    }
    FS_CHECK_EQ(taken, int64_t(4));
    FS_CHECK(!loop.cancelled());

    // Without resuming, the run starts afresh.
    options.resume = false;
    Tiny fresh;
    auto afresh = fresh.loop(options);
    auto none = afresh.resume();
    FS_REQUIRE(none);
    FS_CHECK(!*none && afresh.step() == 0);
}

FS_TEST(training_loop, the_time_limit_ends_the_run_and_drives_the_schedule)
{
    ft::TrainingLoopOptions options; // no checkpoint folder: nothing written
    options.steps = 1000;
    options.maxSeconds = 0.05;
    Tiny tiny;
    auto loop = tiny.loop(options);
    FS_REQUIRE(loop.resume());
    int64_t taken = 0;
    while (loop.running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        tiny.step();
        loop.stepTaken();
        if (loop.step() > 0)
            FS_CHECK(loop.scheduleStep() > loop.step()); // 20 ms of 50 is far beyond step 1 of 1000
        FS_REQUIRE(loop.endStep(true));
        ++taken;
    }
    FS_CHECK(taken >= 1 && taken <= 3);
    FS_CHECK(!loop.cancelled());
    FS_CHECK(loop.secondsPerStep() >= 0.015);
}
