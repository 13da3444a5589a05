// Responsiveness: while the engine runs long jobs (opening the model, embedding
// the whole sample library, a 64 x 64 similarity matrix of speech against
// images, explanations), a GUI-thread heartbeat timer measures how long the
// event loop goes without running it. No stall may exceed 50 ms: the GUI
// thread never waits on a model.

#include "ui/attention_page.h"
#include "ui/engine_bridge.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/retrieval_page.h"
#include "ui/similarity_page.h"
#include "widgets/heatmap_view.h"

#include <QElapsedTimer>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace fscope;

class TestHeartbeat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noStallOver50msDuringLongJobs();
};

void TestHeartbeat::noStallOver50msDuringLongJobs()
{
    ui::EngineBridge bridge({runtime::DevicePreference::Cpu, 0});
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    ui::MainWindow window(&bridge, options); // samples loaded, no model yet
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(200); // first paint and thumbnails, before measuring

    QElapsedTimer clock;
    qint64 last = 0, worst = 0, beats = 0, engineBusyMs = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    clock.start();
    connect(&heartbeat, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        const qint64 gap = now - last;
        worst = std::max(worst, gap);
        if (bridge.pendingJobs() > 0)
            engineBusyMs += gap;
        last = now;
        ++beats;
    });
    heartbeat.start();

    window.openModel(QStringLiteral("builtin:mini"));
    window.showPage(QStringLiteral("similarity"));
    QTRY_VERIFY_WITH_TIMEOUT(window.models()->ready(), 60000);
    auto* similarity = qobject_cast<ui::SimilarityPage*>(window.analysisPage(QStringLiteral("similarity")));
    similarity->findChild<QSpinBox*>()->setValue(64);
    similarity->setKinds(api::ItemKind::Audio, api::ItemKind::Image);
    QTRY_VERIFY_WITH_TIMEOUT(similarity->hasResults() && !similarity->busy(), 120000);
    QCOMPARE(similarity->heatmap()->matrix().rows, 64);

    window.showPage(QStringLiteral("retrieval"));
    auto* retrieval = qobject_cast<ui::RetrievalPage*>(window.analysisPage(QStringLiteral("retrieval")));
    retrieval->setTarget(api::ItemKind::Text); // embeds all 192 texts
    QTRY_VERIFY_WITH_TIMEOUT(retrieval->hasResults() && !retrieval->busy(), 60000);
    window.showPage(QStringLiteral("attention"));
    auto* attention = qobject_cast<ui::AttentionPage*>(window.analysisPage(QStringLiteral("attention")));
    QTRY_VERIFY_WITH_TIMEOUT(attention->hasResults() && !attention->busy(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(bridge.pendingJobs() == 0, 60000);
    heartbeat.stop();

    qInfo("heartbeat: %lld beats over %lld ms (engine busy %lld ms); longest stall %lld ms", beats, clock.elapsed(),
          engineBusyMs, worst);
    QVERIFY2(engineBusyMs > 300, "the engine jobs were too short to measure anything");
    QVERIFY2(worst <= 50, qPrintable(QStringLiteral("the GUI thread stalled for %1 ms").arg(worst)));
}

QTEST_MAIN(TestHeartbeat)
#include "test_heartbeat.moc"
