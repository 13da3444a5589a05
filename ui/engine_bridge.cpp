#include "ui/engine_bridge.h"

#include "api/runtime.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

#include <chrono>

namespace fscope::ui {

namespace {

// Progress throttle shared by the engine thread (writer) and nobody else.
struct ProgressGate {
    std::chrono::steady_clock::time_point last{};
    bool shouldPost(double fraction)
    {
        const auto now = std::chrono::steady_clock::now();
        if (fraction >= 1.0 || now - last >= std::chrono::milliseconds(50)) {
            last = now;
            return true;
        }
        return false;
    }
};

} // namespace

QString jobStatusText(runtime::JobStatus status)
{
    switch (status) {
    case runtime::JobStatus::Succeeded: return QCoreApplication::translate("EngineBridge", "finished");
    case runtime::JobStatus::Failed: return QCoreApplication::translate("EngineBridge", "failed");
    case runtime::JobStatus::Cancelled: return QCoreApplication::translate("EngineBridge", "cancelled");
    }
    return {};
}

EngineBridge::EngineBridge(EngineSettings settings, QObject* parent) : QObject(parent), m_settings(settings)
{
    runtime::WorkerOptions options;
    const int threads = settings.threads;
    options.threadInit = [threads] { runtime::applyThreadSettings({threads}); };
    options.niceIncrement = 5; // the GUI thread first when the cores are busy
    m_worker = std::make_unique<runtime::Worker>(std::move(options));
}

EngineBridge::~EngineBridge()
{
    // Stop the engine before the QObject goes: queued replies to `this` are dropped by Qt.
    m_worker.reset();
}

quint64 EngineBridge::submit(const QString& name, JobFunction run, QObject* receiver, ReplyFunction reply)
{
    // The bridge outlives the worker thread (its destructor stops the worker
    // first), so the engine thread may post to it; Qt discards events posted
    // to an object once it is gone. The receiver may die at any time: it is
    // only looked at on the GUI thread, through a QPointer.
    EngineBridge* bridge = this;
    QPointer<QObject> target(receiver);
    auto gate = std::make_shared<ProgressGate>();

    runtime::JobSpec spec;
    spec.name = name.toStdString();
    spec.run = [run = std::move(run), bridge, name](runtime::JobContext& ctx) {
        const auto id = static_cast<quint64>(ctx.id());
        QMetaObject::invokeMethod(bridge, [bridge, id, name] { Q_EMIT bridge->jobStarted(id, name); },
                                  Qt::QueuedConnection);
        return run(ctx);
    };
    spec.onProgress = [bridge, gate](runtime::JobId id, double fraction, const std::string& message) {
        if (!gate->shouldPost(fraction))
            return;
        const auto text = QString::fromStdString(message);
        QMetaObject::invokeMethod(bridge, [bridge, id, fraction, text] {
            Q_EMIT bridge->jobProgress(static_cast<quint64>(id), fraction, text);
        }, Qt::QueuedConnection);
    };
    spec.onFinished = [bridge, target, reply = std::move(reply), name](runtime::JobOutcome outcome) {
        auto shared = std::make_shared<runtime::JobOutcome>(std::move(outcome));
        QMetaObject::invokeMethod(bridge, [bridge, target, reply, shared, name] {
            if (reply && target)
                reply(*shared);
            Q_EMIT bridge->jobFinished(static_cast<quint64>(shared->id), name, static_cast<int>(shared->status),
                                       QString::fromStdString(shared->error));
        }, Qt::QueuedConnection);
    };
    return static_cast<quint64>(m_worker->submit(std::move(spec)));
}

void EngineBridge::cancel(quint64 id)
{
    m_worker->cancel(static_cast<runtime::JobId>(id));
}

void EngineBridge::cancelAll()
{
    m_worker->cancelAll();
}

int EngineBridge::pendingJobs() const
{
    return static_cast<int>(m_worker->pendingCount());
}

void EngineBridge::setDevicePreference(runtime::DevicePreference preference)
{
    m_settings.device = preference;
    probeDevice();
}

void EngineBridge::probeDevice()
{
    const auto preference = m_settings.device;
    submit(tr("Checking the compute device"), [preference](runtime::JobContext&) {
        return std::any(runtime::probeDevice(preference));
    }, this, [this, preference](const runtime::JobOutcome& outcome) {
        QString error;
        if (outcome.status != runtime::JobStatus::Succeeded)
            error = QString::fromStdString(outcome.error);
        else if (const auto& probe = std::any_cast<const runtime::DeviceProbe&>(outcome.value); !probe.error.empty())
            error = QString::fromStdString(probe.error);
        else
            Q_EMIT deviceReady(QString::fromStdString(probe.device.name), probe.device.cpuThreads,
                                 probe.device.blasThreads, probe.matmulGflops);
        if (error.isEmpty())
            return;
        Q_EMIT deviceFailed(error);
        // Keep working: fall back to automatic choice (the CPU without a GPU).
        if (preference != runtime::DevicePreference::Auto) {
            m_settings.device = runtime::DevicePreference::Auto;
            probeDevice();
        }
    });
}

} // namespace fscope::ui
