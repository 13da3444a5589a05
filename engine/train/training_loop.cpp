#include "train/training_loop.h"

#include "train/training_checkpoint.h"

namespace fscope::train {

TrainingLoop::TrainingLoop(TrainingLoopOptions options, torch::optim::Optimizer& optimizer, WeightsFile saveWeights,
                           WeightsFile loadWeights, Clock::time_point started)
    : m_options(std::move(options)), m_optimizer(optimizer), m_save(std::move(saveWeights)),
      m_load(std::move(loadWeights)), m_started(started), m_stepStarted(started)
{
}

Result<std::optional<json::Value>> TrainingLoop::resume()
{
    m_stepStarted = Clock::now(); // loading is not a step
    if (!m_options.resume || m_options.checkpointDir.empty())
        return std::optional<json::Value>{};
    auto saved = readTrainingCheckpoint(m_options.checkpointDir);
    if (!saved)
        return saved.error();
    if (!*saved)
        return std::optional<json::Value>{};
    if (auto loaded = m_load((*saved)->weightsPath); !loaded)
        return loaded.error();
    if (auto restored = loadOptimizerState(m_optimizer, (*saved)->optimizerPath); !restored)
        return restored.error();
    m_step = m_resumedFrom = (*saved)->step;
    const auto* seconds = (*saved)->state.find("seconds");
    m_earlierSeconds = seconds && seconds->isNumber() ? seconds->asDouble() : 0;
    m_stepStarted = Clock::now();
    return std::optional<json::Value>((*saved)->state);
}

bool TrainingLoop::running() const
{
    return m_step < m_options.steps && !m_outOfTime && !m_cancelled;
}

double TrainingLoop::secondsThisRun() const
{
    return std::chrono::duration<double>(Clock::now() - m_started).count();
}

double TrainingLoop::etaSeconds() const
{
    return m_smoothed * double(m_options.steps - m_step - 1);
}

int64_t TrainingLoop::scheduleStep() const
{
    if (m_options.maxSeconds <= 0)
        return m_step;
    return std::max(m_step, int64_t(seconds() / m_options.maxSeconds * double(m_options.steps)));
}

void TrainingLoop::stepTaken()
{
    const auto now = Clock::now();
    const double taken = std::chrono::duration<double>(now - m_stepStarted).count();
    m_smoothed = m_smoothed == 0 ? taken : m_options.smoothing * m_smoothed + (1 - m_options.smoothing) * taken;
    // Stop when another step would run past the limit.
    m_outOfTime = m_options.maxSeconds > 0 && seconds() + m_smoothed > m_options.maxSeconds;
    m_last = m_step + 1 == m_options.steps || m_outOfTime;
}

bool TrainingLoop::pointDue() const
{
    return m_options.curveEvery > 0 && ((m_step + 1) % m_options.curveEvery == 0 || m_last);
}

Result<void> TrainingLoop::endStep(bool keepGoing, const std::function<json::Value()>& state)
{
    m_cancelled = !keepGoing;
    const bool due = (m_step + 1) % m_options.checkpointEvery == 0 || m_cancelled || m_last;
    if (due && !m_options.checkpointDir.empty()) {
        json::Value saved = state ? state() : json::Value::object();
        saved["seconds"] = seconds();
        if (auto written = writeTrainingCheckpoint(m_options.checkpointDir, m_step + 1, m_save, m_optimizer, saved);
            !written)
            return written.error();
    }
    ++m_step;
    m_stepStarted = Clock::now();
    return {};
}

} // namespace fscope::train
