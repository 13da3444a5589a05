// The heatmap widget: data in, labels, colours, the hover readout, clicks and export.

#include "widgets/heatmap_view.h"

#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using fscope::widgets::HeatmapMatrix;
using fscope::widgets::HeatmapView;

class TestHeatmapView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectsMismatchedSizes();
    void showsValueUnderTheMouseAndReportsClicks();
    void exportsAColouredPng();
    void colourMapsAreDistinctAndOrdered();
};

namespace {
HeatmapMatrix sample()
{
    HeatmapMatrix m;
    m.rows = 2;
    m.columns = 3;
    m.values = {0.1, 0.5, 0.9, -0.2, 0.0, 0.3};
    m.rowLabels = {QStringLiteral("a cat"), QStringLiteral("a dog")};
    m.columnLabels = {QStringLiteral("cat.png"), QStringLiteral("dog.png"), QStringLiteral("car.png")};
    return m;
}
} // namespace

void TestHeatmapView::rejectsMismatchedSizes()
{
    HeatmapView view;
    auto m = sample();
    m.values.pop_back();
    QVERIFY(!view.setMatrix(m));
    auto labels = sample();
    labels.rowLabels.removeLast();
    QVERIFY(!view.setMatrix(labels));
    QVERIFY(view.setMatrix(sample()));
    QCOMPARE(view.matrix().rows, 2);
    const auto [lo, hi] = view.valueRange();
    QCOMPARE(lo, -0.2);
    QCOMPARE(hi, 0.9);
}

void TestHeatmapView::showsValueUnderTheMouseAndReportsClicks()
{
    HeatmapView view;
    view.resize(640, 480);
    QVERIFY(view.setMatrix(sample()));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.plot()->replot();
    QSignalSpy hovered(&view, &HeatmapView::cellHovered);
    QSignalSpy clicked(&view, &HeatmapView::cellClicked);
    const QPoint cell = view.plot()->mapFrom(&view, view.cellCenter(1, 2));
    QTest::mouseMove(view.plot(), cell);
    QTRY_COMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toInt(), 1);
    QCOMPARE(hovered.at(0).at(1).toInt(), 2);
    QVERIFY2(view.hoverText().contains(QStringLiteral("a dog")), qPrintable(view.hoverText()));
    QVERIFY(view.hoverText().contains(QStringLiteral("car.png")));
    QVERIFY(view.hoverText().contains(QStringLiteral("0.3")));
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, cell);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(2).toDouble(), 0.3);
}

void TestHeatmapView::exportsAColouredPng()
{
    HeatmapView view;
    view.resize(640, 480);
    QVERIFY(view.setMatrix(sample()));
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("heatmap.png"));
    QVERIFY(view.exportPng(path, 640, 480));
    QImage image(path);
    QCOMPARE(image.size(), QSize(640, 480));
    // Viridis ends: dark purple for the minimum, yellow for the maximum.
    bool sawPurple = false;
    bool sawYellow = false;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4) {
            const QColor c = image.pixelColor(x, y);
            sawPurple |= c.red() < 90 && c.green() < 20 && c.blue() > 60;
            sawYellow |= c.red() > 200 && c.green() > 200 && c.blue() < 80;
        }
    QVERIFY(sawPurple);
    QVERIFY(sawYellow);
    QVERIFY(view.exportPdf(dir.filePath(QStringLiteral("heatmap.pdf"))));
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("heatmap.pdf"))).size() > 1000);
}

void TestHeatmapView::colourMapsAreDistinctAndOrdered()
{
    using namespace fscope::widgets;
    for (const auto& name : colorMapNames()) {
        const auto map = colorMapFromName(name);
        QCOMPARE(colorMapName(map), name);
        // Perceptual maps brighten monotonically from 0 to 1.
        QVERIFY(colorAt(map, 0.0).lightness() < colorAt(map, 0.5).lightness());
        QVERIFY(colorAt(map, 0.5).lightness() < colorAt(map, 1.0).lightness());
    }
    QCOMPARE(colorAt(ColorMap::Viridis, 0.0), QColor(0x44, 0x01, 0x54));
    QCOMPARE(colorAt(ColorMap::Viridis, 1.0), QColor(0xfd, 0xe7, 0x25));
}

QTEST_MAIN(TestHeatmapView)
#include "test_heatmap_view.moc"
