#pragma once
// The skeleton every trainer shares: the step counter, resuming from the
// checkpoint folder (train/training_checkpoint.h), the time limit and the
// learning-rate schedule that follows it, the smoothed time per step and what
// is left, curve points every N steps and at the end, checkpoints every N steps,
// at the end and when cancelled, and cancellation. The trainer writes only what
// one step does and what its curve measures.
//
//   TrainingLoop loop(options, optimizer, saveWeights, loadWeights, started);
//   auto resumed = loop.resume();                 // its own fields as saved, or nullopt
//   if (!resumed) return resumed.error();
//   while (loop.running()) {
//       rate = warmupCosineRate(base, loop.scheduleStep(), warmup, steps);
//       ... one optimiser step ...
//       loop.stepTaken();
//       if (loop.pointDue()) curve.push_back(measure());
//       if (auto ended = loop.endStep(progress(p), [&] { return myState(); }); !ended) return ended.error();
//   }
//   if (loop.cancelled()) return Error{"cancelled"};
//
// Thread-safety: one trainer, one thread.

#include "util/json.h"
#include "util/result.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace fscope::train {

struct TrainingLoopOptions {
    std::filesystem::path checkpointDir; // empty: no checkpoints, nothing to resume
    int64_t steps = 1;
    int64_t checkpointEvery = 50;        // and at the last step, and when cancelled
    int64_t curveEvery = 0;              // a curve point every N steps and at the last; 0: none
    double maxSeconds = 0;               // stop before this much training time, earlier runs included; 0: none
    bool resume = true;
    double smoothing = 0.95;             // the weight of the running mean of seconds per step
};

class TrainingLoop {
public:
    using Clock = std::chrono::steady_clock;
    // Writes or reads the model's weights at the path given (a checkpoint's file).
    using WeightsFile = std::function<Result<void>(const std::string& path)>;

    // started: when the run began (loading counts towards the time limit and the report).
    TrainingLoop(TrainingLoopOptions options, torch::optim::Optimizer& optimizer, WeightsFile saveWeights,
                 WeightsFile loadWeights, Clock::time_point started = Clock::now());

    // Continues from the newest checkpoint when resuming is on and there is one:
    // the weights, the optimiser's state, the step and the time so far. Returns
    // the trainer's own state as it saved it (nullopt when starting afresh).
    Result<std::optional<json::Value>> resume();

    // Another step to take: steps left, time left, not cancelled.
    bool running() const;
    int64_t step() const { return m_step; } // the step being taken, from 0
    int64_t resumedFrom() const { return m_resumedFrom; }
    double secondsThisRun() const;
    double seconds() const { return m_earlierSeconds + secondsThisRun(); } // earlier runs included
    double secondsPerStep() const { return m_smoothed; }
    double etaSeconds() const;
    // The step the learning-rate schedule stands at: under a time limit the later
    // of the step and the share of the time used, so the rate still decays to its
    // end when the machine is slower than planned.
    int64_t scheduleStep() const;

    // After the optimiser step: times it and decides whether it is the last.
    void stepTaken();
    bool lastStep() const { return m_last; }
    bool pointDue() const;
    // Ends the step. keepGoing false cancels the run. A checkpoint is written when
    // due, holding state() (the trainer's own fields) plus "seconds".
    Result<void> endStep(bool keepGoing, const std::function<json::Value()>& state = {});
    bool cancelled() const { return m_cancelled; }

private:
    TrainingLoopOptions m_options;
    torch::optim::Optimizer& m_optimizer;
    WeightsFile m_save, m_load;
    Clock::time_point m_started;
    Clock::time_point m_stepStarted;
    int64_t m_step = 0;
    int64_t m_resumedFrom = 0;
    double m_earlierSeconds = 0;
    double m_smoothed = 0;
    bool m_last = false;
    bool m_outOfTime = false;
    bool m_cancelled = false;
};

} // namespace fscope::train
