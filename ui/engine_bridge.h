#pragma once
// The UI's door to the engine: a QObject that owns the engine worker thread,
// posts jobs to it and delivers progress and results on the GUI thread.
//
//   auto id = bridge->submit(tr("Embed images"), [](fscope::runtime::JobContext& ctx) {
//       return std::any(computeSomething(ctx));            // engine thread
//   }, this, [this](const fscope::runtime::JobOutcome& outcome) {
//       show(outcome);                                     // GUI thread
//   });
//
// The reply callback is dropped when `receiver` has been destroyed, so a page
// that closes never sees a stale reply. Progress reaches the GUI at most every
// 50 ms per job (a job may report far more often). GUI thread only.

#include "api/runtime.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace fscope::ui {

struct EngineSettings {
    runtime::DevicePreference device = runtime::DevicePreference::Auto;
    int threads = 0;  // 0: automatic (runtime::ThreadSettings)
};

class EngineBridge : public QObject {
    Q_OBJECT
public:
    using JobFunction = std::function<std::any(runtime::JobContext&)>;
    using ReplyFunction = std::function<void(const runtime::JobOutcome&)>;

    explicit EngineBridge(EngineSettings settings = {}, QObject* parent = nullptr);
    ~EngineBridge() override;

    quint64 submit(const QString& name, JobFunction run, QObject* receiver = nullptr, ReplyFunction reply = {});
    void cancel(quint64 id);
    void cancelAll();
    int pendingJobs() const;
    const EngineSettings& settings() const { return m_settings; }
    // Later jobs use the new device; the probe runs again to confirm it.
    void setDevicePreference(runtime::DevicePreference preference);

    // Runs a probe job that resolves the device and thread count; the answer
    // arrives as deviceReady() or deviceFailed().
    void probeDevice();

Q_SIGNALS:
    void jobStarted(quint64 id, const QString& name);
    void jobProgress(quint64 id, double fraction, const QString& message);
    void jobFinished(quint64 id, const QString& name, int status, const QString& error);
    void deviceReady(const QString& deviceName, int threads, int blasThreads, double gflops);
    void deviceFailed(const QString& error);

private:
    EngineSettings m_settings;
    std::unique_ptr<runtime::Worker> m_worker;
};

QString jobStatusText(runtime::JobStatus status);

} // namespace fscope::ui
