// GUI smoke test of the shell: the window comes up offscreen, the status bar
// shows the device and the thread count from the engine's probe job, jobs run
// through the bridge with progress and Cancel, and replies to a receiver that
// is gone are dropped.

#include "ui/app_settings.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/tour.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTest>
#include <QThread>
#include <QToolButton>

#include <atomic>
#include <chrono>
#include <thread>

using namespace fscope;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsDeviceAndThreads();
    void deliversResultsOnTheGuiThread();
    void cancelButtonStopsTheRunningJob();
    void dropsRepliesToDeadReceivers();
    void failingJobShowsItsErrorAndTheAppGoesOn();
    void deviceMenuStoresTheSettingAndReprobes();
    void tourSavesEveryPageAfterItsJobs();
    void tourFailsWhenPagesShowNothing();
};

void TestMainWindow::showsDeviceAndThreads()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 2});
    ui::MainWindow window(&bridge);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(window.deviceText().contains(QStringLiteral("CPU")), 20000);
    QCOMPARE(window.threadText(), QStringLiteral("Threads: 2"));
    auto* table = window.findChild<QTableWidget*>(QStringLiteral("strategyTable"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 6);
    QVERIFY(window.width() >= 1280 && window.height() >= 800);
}

void TestMainWindow::deliversResultsOnTheGuiThread()
{
    ui::EngineBridge bridge;
    QObject receiver;
    QThread* replyThread = nullptr;
    int value = 0;
    std::atomic<bool> ranOffGuiThread{false};
    auto* guiThread = QThread::currentThread();
    bridge.submit(QStringLiteral("square"), [&ranOffGuiThread, guiThread](runtime::JobContext&) {
        ranOffGuiThread = QThread::currentThread() != guiThread;
        return std::any(12 * 12);
    }, &receiver, [&](const runtime::JobOutcome& outcome) {
        replyThread = QThread::currentThread();
        value = std::any_cast<int>(outcome.value);
    });
    QTRY_COMPARE(value, 144);
    QVERIFY(ranOffGuiThread);
    QCOMPARE(replyThread, guiThread);
}

void TestMainWindow::cancelButtonStopsTheRunningJob()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(window.deviceText().contains(QStringLiteral("CPU")), 20000);
    QSignalSpy finished(&bridge, &ui::EngineBridge::jobFinished);
    bridge.submit(QStringLiteral("long job"), [](runtime::JobContext& ctx) {
        for (int i = 0; i < 100000; ++i) {
            ctx.throwIfCancelled();
            ctx.reportProgress(i / 100000.0, "working");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return std::any();
    });
    QTRY_VERIFY(window.jobRunning());
    auto* progress = window.statusBar()->findChild<QProgressBar*>();
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible() && progress->maximum() == 1000 && progress->value() >= 0);
    QToolButton* cancel = nullptr;
    for (auto* button : window.statusBar()->findChildren<QToolButton*>())
        if (button->text() == QStringLiteral("Cancel"))
            cancel = button;
    QVERIFY(cancel && cancel->isVisible());
    const auto start = std::chrono::steady_clock::now();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    QCOMPARE(finished.at(0).at(2).toInt(), static_cast<int>(runtime::JobStatus::Cancelled));
    QTRY_VERIFY(!window.jobRunning());
    QVERIFY(!progress->isVisible());
}

void TestMainWindow::dropsRepliesToDeadReceivers()
{
    ui::EngineBridge bridge;
    QSignalSpy finished(&bridge, &ui::EngineBridge::jobFinished);
    bool called = false;
    auto* receiver = new QObject;
    bridge.submit(QStringLiteral("slow"), [](runtime::JobContext&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return std::any(1);
    }, receiver, [&called](const runtime::JobOutcome&) { called = true; });
    delete receiver;  // the page closed while its job ran
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!called);
}

void TestMainWindow::failingJobShowsItsErrorAndTheAppGoesOn()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge);
    QSignalSpy finished(&bridge, &ui::EngineBridge::jobFinished);
    bridge.submit(QStringLiteral("Load photo"), [](runtime::JobContext&) -> std::any {
        throw std::runtime_error("photo.jpg: not a supported image or corrupt data");
    });
    int after = 0;
    QObject receiver;
    bridge.submit(QStringLiteral("next"), [](runtime::JobContext&) { return std::any(5); }, &receiver,
                  [&after](const runtime::JobOutcome& outcome) { after = std::any_cast<int>(outcome.value); });
    QTRY_COMPARE(after, 5);
    bool sawError = false;
    for (const auto& call : finished)
        if (call.at(2).toInt() == static_cast<int>(runtime::JobStatus::Failed))
            sawError = call.at(3).toString().contains(QStringLiteral("photo.jpg"));
    QVERIFY(sawError);
}

void TestMainWindow::deviceMenuStoresTheSettingAndReprobes()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QTemporaryDir dir;
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    ui::EngineBridge bridge({runtime::DevicePreference::Auto, 1});
    ui::MainWindow window(&bridge);
    QTRY_VERIFY_WITH_TIMEOUT(!window.deviceText().contains(QStringLiteral("checking")), 20000);
    auto* cpu = window.findChild<QAction*>(QStringLiteral("device-cpu"));
    auto* cuda = window.findChild<QAction*>(QStringLiteral("device-cuda"));
    QVERIFY(cpu && cuda);
    cpu->trigger();
    QCOMPARE(bridge.settings().device, runtime::DevicePreference::Cpu);
    QCOMPARE(ui::loadAppSettings().device, runtime::DevicePreference::Cpu);
    QTRY_COMPARE_WITH_TIMEOUT(window.deviceText(), QStringLiteral("Device: CPU"), 20000);
    if (!runtime::cudaAvailable()) {
        // Asking for a GPU that is not there is reported, and the app goes on.
        QSignalSpy failed(&bridge, &ui::EngineBridge::deviceFailed);
        cuda->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("CUDA")));
        auto* box = window.findChild<QMessageBox*>();
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("CPU instead")));
        // The session falls back to the CPU; the stored wish stays CUDA.
        QTRY_COMPARE_WITH_TIMEOUT(window.deviceText(), QStringLiteral("Device: CPU"), 20000);
        QCOMPARE(ui::loadAppSettings().device, runtime::DevicePreference::Cuda);
        box->accept();
    }
}

void TestMainWindow::tourSavesEveryPageAfterItsJobs()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.model = QStringLiteral("builtin:mini");
    ui::MainWindow window(&bridge, options);
    QTemporaryDir dir;
    ui::Tour tour(&window, dir.filePath(QStringLiteral("pages")));
    QSignalSpy finished(&tour, &ui::Tour::finished);
    tour.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(tour.savedFiles().size(), window.pageNames().size());
    const QImage page(tour.savedFiles().front());
    QVERIFY(page.width() >= 1280 && page.height() >= 800);
    // Captured after the device probe finished: the status bar names the device.
    QVERIFY(window.deviceText().contains(QStringLiteral("CPU")));
}

void TestMainWindow::tourFailsWhenPagesShowNothing()
{
    // No model and no samples: the analysis pages have nothing to show, and the
    // tour says which instead of saving empty pictures as a success.
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 1});
    ui::MainWindow window(&bridge);
    QTemporaryDir dir;
    ui::Tour tour(&window, dir.filePath(QStringLiteral("pages")), nullptr, 300);
    QSignalSpy finished(&tour, &ui::Tour::finished);
    tour.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("retrieval")));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
