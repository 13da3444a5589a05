#include "ui/main_window.h"

#include "ui/app_settings.h"
#include "ui/engine_bridge.h"
#include "ui/welcome_page.h"

#include "runtime/versions.h"

#include <QActionGroup>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>

namespace fscope::ui {

MainWindow::MainWindow(EngineBridge* bridge, QWidget* parent)
    : QMainWindow(parent), m_bridge(bridge), m_pages(new QStackedWidget(this)), m_deviceLabel(new QLabel(this)), m_threadLabel(new QLabel(this)),
      m_jobLabel(new QLabel(this)), m_progress(new QProgressBar(this)), m_cancel(new QToolButton(this))
{
    setWindowTitle(tr("FusionScope"));
    m_pages->addWidget(new WelcomePage(m_pages));
    m_pageNames << QStringLiteral("welcome");
    setCentralWidget(m_pages);
    buildMenus();
    buildStatusBar();
    resize(1280, 800);

    connect(m_bridge, &EngineBridge::jobStarted, this, &MainWindow::onJobStarted);
    connect(m_bridge, &EngineBridge::jobProgress, this, &MainWindow::onJobProgress);
    connect(m_bridge, &EngineBridge::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_bridge, &EngineBridge::deviceReady, this, [this](const QString& device, int threads, int blasThreads, double gflops) {
        m_deviceLabel->setText(tr("Device: %1").arg(device));
        m_deviceLabel->setToolTip(tr("Measured matrix multiply: %1 GFLOP/s").arg(gflops, 0, 'f', 1));
        // Matrix products run on OpenBLAS's own pool; say so when it differs.
        m_threadLabel->setText(blasThreads > 0 && blasThreads != threads
                                   ? tr("Threads: %1 (BLAS %2)").arg(threads).arg(blasThreads)
                                   : tr("Threads: %1").arg(threads));
    });
    connect(m_bridge, &EngineBridge::deviceFailed, this, [this](const QString& error) {
        m_deviceLabel->setText(tr("Device: unavailable"));
        // Not modal-blocking: the engine falls back to the CPU meanwhile.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Compute device"),
                                    tr("%1\nFusionScope uses the CPU instead.").arg(error), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    m_bridge->probeDevice();
}

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    buildDeviceMenu(menuBar()->addMenu(tr("&Engine")));
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FusionScope"), this, &MainWindow::showAbout);
}

void MainWindow::buildDeviceMenu(QMenu* parent)
{
    auto* menu = parent->addMenu(tr("Compute &device"));
    auto* group = new QActionGroup(this);
    const std::pair<runtime::DevicePreference, QString> choices[] = {
        {runtime::DevicePreference::Auto, tr("&Automatic (CUDA when available)")},
        {runtime::DevicePreference::Cpu, tr("&CPU")},
        {runtime::DevicePreference::Cuda, tr("C&UDA GPU")},
    };
    for (const auto& [preference, label] : choices) {
        auto* action = menu->addAction(label);
        action->setCheckable(true);
        action->setChecked(m_bridge->settings().device == preference);
        action->setObjectName(QStringLiteral("device-") + QString::fromStdString(runtime::devicePreferenceName(preference)));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, preference = preference] {
            auto settings = loadAppSettings();
            settings.device = preference;
            saveAppSettings(settings);
            m_deviceLabel->setText(tr("Device: checking…"));
            m_bridge->setDevicePreference(preference);
        });
    }
}

void MainWindow::buildStatusBar()
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
    statusBar()->addWidget(m_jobLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_deviceLabel);
    statusBar()->addPermanentWidget(m_threadLabel);
}

QString MainWindow::deviceText() const
{
    return m_deviceLabel->text();
}

QString MainWindow::threadText() const
{
    return m_threadLabel->text();
}

QStringList MainWindow::pageNames() const
{
    return m_pageNames;
}

void MainWindow::showPage(int index)
{
    m_pages->setCurrentIndex(index);
}

bool MainWindow::jobRunning() const
{
    return m_currentJob != 0;
}

void MainWindow::onJobStarted(quint64 id, const QString& name)
{
    m_currentJob = id;
    m_jobLabel->setText(name);
    m_progress->setRange(0, 0);  // busy until the job reports a fraction
    m_progress->show();
    m_cancel->show();
}

void MainWindow::onJobProgress(quint64 id, double fraction, const QString& message)
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

void MainWindow::onJobFinished(quint64 id, const QString& name, int status, const QString& error)
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

void MainWindow::showAbout()
{
    const auto versions = runtime::libraryVersions();
    QMessageBox::about(this, tr("About FusionScope"),
                       tr("<h3>FusionScope %1</h3><p>Explore how multimodal models fuse images, text and audio.</p>"
                          "<p>Qt %2 · LibTorch %3 · OpenCV %4 · libsndfile %5</p>")
                           .arg(QString::fromStdString(versions.fusionscope), QString::fromLatin1(qVersion()),
                                QString::fromStdString(versions.libtorch), QString::fromStdString(versions.opencv),
                                QString::fromStdString(versions.sndfile)));
}

} // namespace fscope::ui
