// Scale: a folder of generated images (2,000 by default; FUSIONSCOPE_SCALE_ITEMS=20000
// for the full measurement) is imported, embedded with progress, cancelled and
// resumed, scrolled while the engine works, saved as a workspace and reopened
// from its cache. Prints the figures; checks that the GUI thread never stalls
// over 50 ms, that the reopened workspace ranks everything from the cache in at
// most 3 s, and that the peak memory stays under 2 GB.

#include "ui/engine_bridge.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/retrieval_page.h"
#include "ui/workspace_controller.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace fscope;

namespace {

int itemCount()
{
    const int wanted = qEnvironmentVariableIntValue("FUSIONSCOPE_SCALE_ITEMS");
    return wanted > 0 ? wanted : 2000;
}

// Peak resident memory of this process, in MB (VmHWM).
double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return -1;
}

// 128 x 128 pictures, each different: a coloured background and a disc.
void generateImages(const QString& dir, int count)
{
    for (int i = 0; i < count; ++i) {
        QImage image(128, 128, QImage::Format_RGB32);
        image.fill(QColor::fromHsv((i * 37) % 360, 80 + (i * 13) % 170, 90 + (i * 7) % 160));
        QPainter painter(&image);
        painter.setBrush(QColor::fromHsv((i * 101) % 360, 255, 255));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPoint(20 + (i * 17) % 88, 20 + (i * 29) % 88), 12 + i % 20, 12 + i % 20);
        painter.end();
        image.save(QDir(dir).filePath(QStringLiteral("img%1.png").arg(i, 6, 10, QLatin1Char('0'))));
    }
}

// Longest gap between beats of a 5 ms GUI-thread timer.
class Heartbeat {
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_worst = 0;
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        return m_worst;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0, m_worst = 0;
};

} // namespace

class TestScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void largeCollection();
};

void TestScale::largeCollection()
{
    const int count = itemCount();
    QTemporaryDir dir;
    const QString images = dir.filePath(QStringLiteral("images"));
    QDir().mkpath(images);
    QElapsedTimer clock;
    clock.start();
    generateImages(images, count);
    qInfo("generated %d images in %lld ms", count, clock.elapsed());

    const QString workspacePath = dir.filePath(QStringLiteral("big.fsw"));
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.openSamples = false;
    options.cacheDir = dir.filePath(QStringLiteral("cache"));
    {
        ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 0});
        options.openPaths = {images};
        clock.restart();
        ui::MainWindow window(&bridge, options);
        QCOMPARE(window.library()->rowCount(), count);
        qInfo("imported %d items in %lld ms (window included)", count, clock.elapsed());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openModel(QStringLiteral("builtin:mini"));
        QTRY_VERIFY_WITH_TIMEOUT(window.models()->ready(), 60000);

        // Embedding every image: progress moves, and cancel stops it promptly.
        window.showPage(QStringLiteral("retrieval"));
        auto* retrieval = qobject_cast<ui::RetrievalPage*>(window.analysisPage(QStringLiteral("retrieval")));
        QList<double> fractions;
        quint64 lastJob = 0;
        // Each job's own reports: one from the cancelled job may still be queued
        // when the next starts: keep the reports of the latest job only.
        connect(&bridge, &ui::EngineBridge::jobProgress, this, [&](quint64 job, double fraction, const QString&) {
            if (job != lastJob)
                fractions.clear();
            lastJob = job;
            fractions << fraction;
        });
        clock.restart();
        retrieval->searchText(QStringLiteral("a red disc"));
        QTRY_VERIFY_WITH_TIMEOUT(!fractions.isEmpty() && fractions.back() > 0.1, 120000);
        QElapsedTimer cancelClock;
        cancelClock.start();
        bridge.cancelAll();
        QTRY_VERIFY_WITH_TIMEOUT(bridge.pendingJobs() == 0, 10000);
        qInfo("cancelled at %.0f %% after %lld ms; the job ended %lld ms later", 100 * fractions.back(),
              clock.elapsed() - cancelClock.elapsed(), cancelClock.elapsed());
        QVERIFY(cancelClock.elapsed() < 3000);
        QVERIFY(!retrieval->hasResults());

        // Again to the end, scrolling the library all the while.
        auto* view = window.findChild<QListView*>(QStringLiteral("libraryView"));
        QVERIFY(view);
        Heartbeat heartbeat;
        heartbeat.start();
        fractions.clear();
        clock.restart();
        retrieval->searchText(QStringLiteral("a red disc"));
        int scrolls = 0;
        while (!(retrieval->hasResults() && !retrieval->busy()) && clock.elapsed() < 1200000) {
            QScrollBar* bar = view->verticalScrollBar();
            bar->setValue((bar->value() + bar->pageStep()) % (bar->maximum() + 1));
            ++scrolls;
            QTest::qWait(20);
        }
        const qint64 embedMs = clock.elapsed();
        const qint64 worst = heartbeat.stop();
        QVERIFY(retrieval->hasResults());
        QVERIFY(fractions.size() >= 5 && std::is_sorted(fractions.begin(), fractions.end()));
        qInfo("embedded and ranked %d images in %lld ms (%.1f ms per image), %d progress reports, %d scroll "
              "steps; longest GUI stall %lld ms",
              count, embedMs, double(embedMs) / count, int(fractions.size()), scrolls, worst);
        QVERIFY2(worst <= 50, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(worst)));
        QVERIFY(window.workspace()->saveAs(workspacePath));
        QTRY_VERIFY_WITH_TIMEOUT(bridge.pendingJobs() == 0, 60000);
    }

    // Reopen: everything comes from the workspace's cache.
    {
        ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 0});
        options.openPaths = {workspacePath};
        options.cacheDir.clear();
        clock.restart();
        ui::MainWindow window(&bridge, options);
        QCOMPARE(window.library()->rowCount(), count);
        window.openModel(QStringLiteral("builtin:mini"));
        QTRY_VERIFY_WITH_TIMEOUT(window.models()->ready(), 60000);
        const qint64 openMs = clock.elapsed();
        window.showPage(QStringLiteral("retrieval"));
        auto* retrieval = qobject_cast<ui::RetrievalPage*>(window.analysisPage(QStringLiteral("retrieval")));
        QElapsedTimer rankClock;
        rankClock.start();
        retrieval->searchText(QStringLiteral("a red disc"));
        QTRY_VERIFY_WITH_TIMEOUT(retrieval->hasResults() && !retrieval->busy(), 120000);
        const qint64 rankMs = rankClock.elapsed();
        qInfo("reopened: workspace and model in %lld ms, all %d embeddings from the cache and ranked in %lld ms",
              openMs, count, rankMs);
        QVERIFY2(rankMs <= 3000, qPrintable(QStringLiteral("ranking from the cache took %1 ms").arg(rankMs)));
    }
    const double peak = peakRssMb();
    qInfo("peak resident memory %.0f MB", peak);
    QVERIFY(peak > 0 && peak < 2048);
}

QTEST_MAIN(TestScale)
#include "test_scale.moc"
