#pragma once
// An image with a heatmap over it: a coarse map (a grid of patches, values in
// [0, 1]) drawn with a colour map at a chosen opacity, smoothly upsampled to
// the picture, with a colour bar beneath. Fed plain data.
//
//   auto* view = new OverlayImageView;
//   view->setImage(QImage("cat.png"));
//   view->setMap(6, 6, values);           // row-major, 36 values in [0, 1]
//   view->setOpacity(0.6);
//   view->exportPng("why.png");
//
// GUI thread only.

#include "widgets/color_maps.h"

#include <QImage>
#include <QWidget>

#include <vector>

namespace fscope::widgets {

class OverlayImageView : public QWidget {
    Q_OBJECT
public:
    explicit OverlayImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    // Returns false (and keeps the old map) when values.size() != rows * columns.
    bool setMap(int rows, int columns, std::vector<float> values);
    void clearMap();
    void setOpacity(double opacity); // 0 (image only) .. 1 (map only)
    void setColorMap(ColorMap map);
    void setCaption(const QString& caption);

    double opacity() const { return m_opacity; }
    bool hasMap() const { return !m_values.empty(); }
    const QImage& image() const { return m_image; }
    // The colour drawn at a point of the image (x, y in [0, 1] of its width and height).
    QColor overlayColorAt(double x, double y) const;
    // The picture as shown (image, overlay, colour bar, caption), `side` pixels wide.
    QImage render(int side) const;
    bool exportPng(const QString& path, int side = 640) const;

    QSize sizeHint() const override { return {420, 460}; }
    QSize minimumSizeHint() const override { return {160, 180}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintInto(QPainter& painter, const QRect& area) const;
    QImage overlayImage(const QSize& size) const;

    QImage m_image;
    int m_rows = 0;
    int m_columns = 0;
    std::vector<float> m_values;
    double m_opacity = 0.7;
    ColorMap m_colorMap = ColorMap::Inferno;
    QString m_caption;
};

} // namespace fscope::widgets
