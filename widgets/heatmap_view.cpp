#include "widgets/heatmap_view.h"

#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fscope::widgets {

HeatmapView::HeatmapView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_readout(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_readout);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(true);
    // Rows read top to bottom, like a table.
    m_plot->yAxis->setRangeReversed(true);
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    setColorMap(ColorMap::Viridis);
    m_plot->setMouseTracking(true);

    connect(m_plot, &QCustomPlot::afterLayout, this, &HeatmapView::placeColumnImages);
    connect(m_plot, &QCustomPlot::mouseMove, this, &HeatmapView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &HeatmapView::onMousePress);
}

bool HeatmapView::setMatrix(const HeatmapMatrix& matrix)
{
    if (matrix.rows < 0 || matrix.columns < 0 ||
        matrix.values.size() != static_cast<size_t>(matrix.rows) * static_cast<size_t>(matrix.columns) ||
        (!matrix.rowLabels.isEmpty() && matrix.rowLabels.size() != matrix.rows) ||
        (!matrix.columnLabels.isEmpty() && matrix.columnLabels.size() != matrix.columns))
        return false;
    m_matrix = matrix;
    if (!m_columnImages.isEmpty() && m_columnImages.size() != matrix.columns)
        setColumnImages({}); // the pictures belonged to other columns
    auto* data = m_map->data();
    data->setSize(std::max(1, matrix.columns), std::max(1, matrix.rows));
    data->setRange(QCPRange(0, std::max(0, matrix.columns - 1)), QCPRange(0, std::max(0, matrix.rows - 1)));
    data->fill(std::nan(""));
    for (int r = 0; r < matrix.rows; ++r)
        for (int c = 0; c < matrix.columns; ++c)
            data->setCell(c, r, matrix.values[static_cast<size_t>(r) * matrix.columns + c]);
    m_plot->xAxis->setRange(-0.5, std::max(0, matrix.columns - 1) + 0.5);
    m_plot->yAxis->setRange(-0.5, std::max(0, matrix.rows - 1) + 0.5);
    m_plot->xAxis->setLabel(matrix.columnTitle);
    m_plot->yAxis->setLabel(matrix.rowTitle);
    updateTicks();
    setValueRange(m_fixedRange);
    m_readout->clear();
    return true;
}

void HeatmapView::setColorMap(ColorMap map)
{
    m_map->setGradient(colorGradient(map));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setValueRange(std::optional<std::pair<double, double>> range)
{
    m_fixedRange = range;
    if (range) {
        m_map->setDataRange(QCPRange(range->first, range->second));
    } else if (!m_matrix.values.empty()) {
        const auto [lo, hi] = std::minmax_element(m_matrix.values.begin(), m_matrix.values.end());
        // A constant matrix still needs a non-empty range to map colours.
        const double pad = (*hi - *lo) > 0 ? 0.0 : 0.5;
        m_map->setDataRange(QCPRange(*lo - pad, *hi + pad));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<double, double> HeatmapView::valueRange() const
{
    const auto range = m_map->dataRange();
    return {range.lower, range.upper};
}

void HeatmapView::updateTicks()
{
    auto makeTicker = [](const QStringList& labels, int count) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (int i = 0; i < count; ++i)
            ticker->addTick(i, labels.isEmpty() ? QString::number(i) : labels[i]);
        return ticker;
    };
    m_plot->xAxis->setTicker(makeTicker(m_matrix.columnLabels, m_matrix.columns));
    m_plot->yAxis->setTicker(makeTicker(m_matrix.rowLabels, m_matrix.rows));
    // Long column labels fit better rotated.
    int longest = 0;
    for (const auto& label : m_matrix.columnLabels)
        longest = std::max(longest, static_cast<int>(label.size()));
    m_plot->xAxis->setTickLabelRotation(longest > 6 ? 45 : 0);
    m_plot->xAxis->setSubTicks(false);
    m_plot->yAxis->setSubTicks(false);
}

bool HeatmapView::setColumnImages(const QList<QImage>& images)
{
    if (!images.isEmpty() && images.size() != m_matrix.columns)
        return false;
    m_columnImages = images;
    for (auto* item : m_columnPixmaps)
        m_plot->removeItem(item);
    m_columnPixmaps.clear();
    for (const auto& image : images) {
        auto* item = new QCPItemPixmap(m_plot);
        item->setPixmap(QPixmap::fromImage(image));
        item->setScaled(true, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        item->setClipToAxisRect(false);
        item->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        item->topLeft->setTypeY(QCPItemPosition::ptAbsolute);
        item->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        item->bottomRight->setTypeY(QCPItemPosition::ptAbsolute);
        m_columnPixmaps << item;
    }
    m_plot->replot();
    return true;
}

void HeatmapView::placeColumnImages()
{
    // Pictures fit when a column is wide enough; otherwise the labels stay.
    const double columnPixels = m_matrix.columns > 0
                                    ? std::abs(m_plot->xAxis->coordToPixel(1) - m_plot->xAxis->coordToPixel(0))
                                    : 0;
    const bool show = !m_columnPixmaps.isEmpty() && columnPixels >= 16;
    const int side = int(std::min(columnPixels - 2, 40.0));
    if (show != m_columnImagesShown) {
        m_columnImagesShown = show;
        m_plot->xAxis->setTickLabels(!show);
        m_plot->xAxis->setLabelPadding(show ? side + 8 : 5);
        // The margins change with the labels: lay out once more.
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    const int top = m_plot->axisRect()->bottom() + 4;
    for (int c = 0; c < m_columnPixmaps.size(); ++c) {
        auto* item = m_columnPixmaps[c];
        item->setVisible(show);
        item->topLeft->setCoords(c - 0.45, top);
        item->bottomRight->setCoords(c + 0.45, top + side);
    }
}

std::optional<std::pair<int, int>> HeatmapView::cellAt(const QPoint& plotPosition) const
{
    if (m_matrix.rows == 0 || m_matrix.columns == 0)
        return std::nullopt;
    const double x = m_plot->xAxis->pixelToCoord(plotPosition.x());
    const double y = m_plot->yAxis->pixelToCoord(plotPosition.y());
    const int column = static_cast<int>(std::lround(x));
    const int row = static_cast<int>(std::lround(y));
    if (column < 0 || column >= m_matrix.columns || row < 0 || row >= m_matrix.rows)
        return std::nullopt;
    return std::make_pair(row, column);
}

QPoint HeatmapView::cellCenter(int row, int column) const
{
    const QPoint inPlot(static_cast<int>(m_plot->xAxis->coordToPixel(column)),
                        static_cast<int>(m_plot->yAxis->coordToPixel(row)));
    return m_plot->mapTo(this, inPlot);
}

QString HeatmapView::hoverText() const
{
    return m_readout->text();
}

void HeatmapView::onMouseMove(QMouseEvent* event)
{
    const auto cell = cellAt(event->pos());
    if (!cell) {
        m_readout->clear();
        return;
    }
    const auto [row, column] = *cell;
    const double value = m_matrix.values[static_cast<size_t>(row) * m_matrix.columns + column];
    const auto rowName = m_matrix.rowLabels.isEmpty() ? QString::number(row) : m_matrix.rowLabels[row];
    const auto columnName = m_matrix.columnLabels.isEmpty() ? QString::number(column) : m_matrix.columnLabels[column];
    m_readout->setText(tr("%1 × %2: %3").arg(rowName, columnName, QString::number(value, 'g', 4)));
    Q_EMIT cellHovered(row, column, value);
}

void HeatmapView::onMousePress(QMouseEvent* event)
{
    if (const auto cell = cellAt(event->pos()))
        Q_EMIT cellClicked(cell->first, cell->second,
                           m_matrix.values[static_cast<size_t>(cell->first) * m_matrix.columns + cell->second]);
}

bool HeatmapView::exportPng(const QString& path, int width, int height)
{
    return m_plot->savePng(path, width, height);
}

bool HeatmapView::exportPdf(const QString& path)
{
    return m_plot->savePdf(path);
}

} // namespace fscope::widgets
