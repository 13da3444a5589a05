#pragma once
// A labelled heatmap: a QCustomPlot colour map with a colour scale, row and
// column labels, the value under the mouse, and PNG/PDF export. Fed plain data
// (a row-major matrix); row 0 is drawn at the top, like a table.
//
//   auto* view = new HeatmapView;
//   view->setMatrix({rows, cols, values, rowLabels, columnLabels});
//   connect(view, &HeatmapView::cellClicked, this, [](int row, int col) { ... });
//
// GUI thread only.

#include "widgets/color_maps.h"

#include <QImage>
#include <QList>
#include <QWidget>

#include <optional>
#include <vector>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QLabel;

namespace fscope::widgets {

struct HeatmapMatrix {
    int rows = 0;
    int columns = 0;
    std::vector<double> values;  // rows * columns, row-major
    QStringList rowLabels;       // empty, or one per row
    QStringList columnLabels;    // empty, or one per column
    QString rowTitle;
    QString columnTitle;
};

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);

    // Returns false (and keeps the old matrix) when the sizes do not agree.
    bool setMatrix(const HeatmapMatrix& matrix);
    const HeatmapMatrix& matrix() const { return m_matrix; }
    void setColorMap(ColorMap map);
    // Fixed colour range, or the data's own range when unset.
    void setValueRange(std::optional<std::pair<double, double>> range);
    std::pair<double, double> valueRange() const;

    // The readout shown under the plot for the last hovered cell.
    QString hoverText() const;
    // Pixel position (in this widget) of the centre of a cell.
    QPoint cellCenter(int row, int column) const;

    // Pictures for the columns (an image axis): drawn under the columns in
    // place of their labels while each column is at least 16 pixels wide.
    // Returns false (and keeps the old ones) unless there is one per column; an
    // empty list goes back to labels.
    bool setColumnImages(const QList<QImage>& images);
    bool columnImagesShown() const { return m_columnImagesShown; }

    bool exportPng(const QString& path, int width = 0, int height = 0);
    bool exportPdf(const QString& path);
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void cellHovered(int row, int column, double value);
    void cellClicked(int row, int column, double value);

private:
    std::optional<std::pair<int, int>> cellAt(const QPoint& plotPosition) const;
    void updateTicks();
    void placeColumnImages();
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);

    QCustomPlot* m_plot;
    QCPColorMap* m_map;
    QCPColorScale* m_scale;
    QLabel* m_readout;
    HeatmapMatrix m_matrix;
    std::optional<std::pair<double, double>> m_fixedRange;
    QList<QImage> m_columnImages;
    QList<class QCPItemPixmap*> m_columnPixmaps;
    bool m_columnImagesShown = false;
};

} // namespace fscope::widgets
