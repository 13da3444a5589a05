#include "ui/engine_status.h"

#include "ui/engine_bridge.h"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace fscope::ui {

EngineStatus::EngineStatus(EngineBridge* bridge, QStatusBar* bar, QWidget* dialogParent)
    : QObject(bar), m_bridge(bridge), m_deviceLabel(new QLabel(bar)), m_threadLabel(new QLabel(bar)),
      m_jobLabel(new QLabel(bar)), m_progress(new QProgressBar(bar)), m_cancel(new QToolButton(bar))
{
    m_deviceLabel->setText(tr("Device: checking…"));
    m_threadLabel->setText(tr("Threads: –"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running job"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_currentJob != 0)
            m_bridge->cancel(m_currentJob);
    });
    bar->addWidget(m_jobLabel, 1);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    bar->addPermanentWidget(m_deviceLabel);
    bar->addPermanentWidget(m_threadLabel);

    connect(m_bridge, &EngineBridge::jobStarted, this, &EngineStatus::onJobStarted);
    connect(m_bridge, &EngineBridge::jobProgress, this, &EngineStatus::onJobProgress);
    connect(m_bridge, &EngineBridge::jobFinished, this, &EngineStatus::onJobFinished);
    connect(m_bridge, &EngineBridge::deviceReady, this,
            [this](const QString& device, int threads, int blasThreads, double gflops) {
                m_deviceLabel->setText(tr("Device: %1").arg(device));
                m_deviceLabel->setToolTip(tr("Measured matrix multiply: %1 GFLOP/s").arg(gflops, 0, 'f', 1));
                // Matrix products run on OpenBLAS's own pool; say so when it differs.
                m_threadLabel->setText(blasThreads > 0 && blasThreads != threads
                                           ? tr("Threads: %1 (BLAS %2)").arg(threads).arg(blasThreads)
                                           : tr("Threads: %1").arg(threads));
            });
    connect(m_bridge, &EngineBridge::deviceFailed, this, [this, dialogParent](const QString& error) {
        m_deviceLabel->setText(tr("Device: unavailable"));
        // Not modal-blocking: the engine falls back to the CPU meanwhile.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Compute device"),
                                    tr("%1\nFusionScope uses the CPU instead.").arg(error), QMessageBox::Ok, dialogParent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void EngineStatus::showMessage(const QString& message)
{
    m_jobLabel->setText(message);
}

void EngineStatus::deviceChecking()
{
    m_deviceLabel->setText(tr("Device: checking…"));
}

QString EngineStatus::deviceText() const
{
    return m_deviceLabel->text();
}

QString EngineStatus::threadText() const
{
    return m_threadLabel->text();
}

void EngineStatus::onJobStarted(quint64 id, const QString& name)
{
    m_currentJob = id;
    m_jobLabel->setText(name);
    m_progress->setRange(0, 0); // busy until the job reports a fraction
    m_progress->show();
    m_cancel->show();
}

void EngineStatus::onJobProgress(quint64 id, double fraction, const QString& message)
{
    if (id != m_currentJob)
        return;
    if (fraction >= 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(fraction * 1000));
    }
    if (!message.isEmpty())
        m_jobLabel->setText(message);
}

void EngineStatus::onJobFinished(quint64 id, const QString& name, int status, const QString& error)
{
    if (id == m_currentJob) {
        m_currentJob = 0;
        m_progress->hide();
        m_cancel->hide();
    }
    const auto outcome = static_cast<runtime::JobStatus>(status);
    if (outcome == runtime::JobStatus::Failed)
        m_jobLabel->setText(tr("%1 failed: %2").arg(name, error));
    else
        m_jobLabel->setText(tr("%1: %2").arg(name, jobStatusText(outcome)));
}

} // namespace fscope::ui
