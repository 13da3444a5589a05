#include "widgets/scatter_map.h"

#include "widgets/qcustomplot_include.h"

#include <QToolTip>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace fscope::widgets {

ScatterMap::ScatterMap(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeZoom);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mousePress, this, &ScatterMap::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ScatterMap::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &ScatterMap::onMouseRelease);
}

void ScatterMap::setCategories(const QStringList& names, const QList<QColor>& colors)
{
    m_categoryNames = names;
    m_colors = colors;
    while (m_colors.size() < m_categoryNames.size())
        m_colors << QColor::fromHsv(int(m_colors.size()) * 97 % 360, 200, 200);
    rebuild();
}

void ScatterMap::setAxisTitles(const QString& x, const QString& y)
{
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
    m_plot->replot();
}

bool ScatterMap::setPoints(const std::vector<ScatterPoint>& points, const std::vector<std::pair<int, int>>& links)
{
    for (const auto& point : points)
        if (point.category < 0 || point.category >= m_categoryNames.size())
            return false;
    for (const auto& [a, b] : links)
        if (a < 0 || b < 0 || size_t(a) >= points.size() || size_t(b) >= points.size())
            return false;
    m_points = points;
    m_linkPairs = links;
    m_selected.clear();
    rebuild();
    return true;
}

void ScatterMap::rebuild()
{
    m_plot->clearPlottables();
    m_graphs.clear();
    // Links first, so the points are drawn over them.
    m_links = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_links->setPen(QPen(QColor(150, 150, 150, 110), 1));
    m_links->setLineStyle(QCPCurve::lsLine);
    m_links->setName(tr("pairs"));
    QVector<double> lx, ly;
    const double gap = std::numeric_limits<double>::quiet_NaN(); // a NaN breaks the line
    for (const auto& [a, b] : m_linkPairs) {
        lx << m_points[size_t(a)].x << m_points[size_t(b)].x << gap;
        ly << m_points[size_t(a)].y << m_points[size_t(b)].y << gap;
    }
    m_links->setData(lx, ly);
    for (int c = 0; c < m_categoryNames.size(); ++c) {
        auto* graph = m_plot->addGraph();
        graph->setName(m_categoryNames[c]);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, m_colors[c], m_colors[c], 7));
        QVector<double> x, y;
        for (const auto& point : m_points)
            if (point.category == c) {
                x << point.x;
                y << point.y;
            }
        graph->setData(x, y, /*alreadySorted=*/false);
        m_graphs.push_back(graph);
    }
    m_selection = m_plot->addGraph();
    m_selection->setName(tr("selected"));
    m_selection->setLineStyle(QCPGraph::lsNone);
    m_selection->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(255, 140, 0), 2), Qt::NoBrush, 13));
    m_lasso = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_lasso->setPen(QPen(QColor(255, 140, 0), 1.5, Qt::DashLine));
    m_lasso->removeFromLegend();
    m_links->removeFromLegend();
    if (!m_points.empty()) {
        m_plot->rescaleAxes();
        for (auto* axis : {m_plot->xAxis, m_plot->yAxis}) {
            const auto range = axis->range();
            const double margin = std::max(range.size() * 0.05, 1e-6);
            axis->setRange(range.lower - margin, range.upper + margin);
        }
    }
    drawSelection();
}

void ScatterMap::drawSelection()
{
    QVector<double> x, y;
    for (const int index : m_selected) {
        x << m_points[size_t(index)].x;
        y << m_points[size_t(index)].y;
    }
    m_selection->setData(x, y, false);
    m_plot->replot();
}

void ScatterMap::setSelected(std::vector<int> indices)
{
    indices.erase(std::remove_if(indices.begin(), indices.end(),
                                 [&](int i) { return i < 0 || size_t(i) >= m_points.size(); }),
                  indices.end());
    m_selected = std::move(indices);
    drawSelection();
    Q_EMIT selectionChanged(m_selected);
}

QPoint ScatterMap::pointPosition(int index) const
{
    if (index < 0 || size_t(index) >= m_points.size())
        return {};
    const QPointF pixel(m_plot->xAxis->coordToPixel(m_points[size_t(index)].x),
                        m_plot->yAxis->coordToPixel(m_points[size_t(index)].y));
    return m_plot->mapTo(this, pixel.toPoint());
}

int ScatterMap::pointAt(const QPoint& widgetPosition, int radius) const
{
    int best = -1;
    double bestDistance = double(radius) * radius;
    for (size_t i = 0; i < m_points.size(); ++i) {
        const QPoint p = pointPosition(int(i)) - widgetPosition;
        const double distance = double(p.x()) * p.x() + double(p.y()) * p.y();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = int(i);
        }
    }
    return best;
}

void ScatterMap::selectInside(const QPolygonF& widgetPolygon)
{
    std::vector<int> inside;
    for (size_t i = 0; i < m_points.size(); ++i)
        if (widgetPolygon.containsPoint(pointPosition(int(i)), Qt::OddEvenFill))
            inside.push_back(int(i));
    setSelected(std::move(inside));
}

void ScatterMap::onMousePress(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_dragging = true;
    m_lassoPixels = QPolygonF() << event->position();
}

void ScatterMap::onMouseMove(QMouseEvent* event)
{
    if (m_dragging) {
        m_lassoPixels << event->position();
        QVector<double> x, y;
        for (const auto& p : m_lassoPixels) {
            x << m_plot->xAxis->pixelToCoord(p.x());
            y << m_plot->yAxis->pixelToCoord(p.y());
        }
        m_lasso->setData(x, y);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int index = pointAt(m_plot->mapTo(this, event->position().toPoint()));
    if (index < 0) {
        m_hover.clear();
        QToolTip::hideText();
        return;
    }
    const auto& point = m_points[size_t(index)];
    m_hover = tr("%1 (%2)").arg(point.label, m_categoryNames.value(point.category));
    QString html = QStringLiteral("<b>%1</b><br>%2").arg(point.label.toHtmlEscaped(), m_categoryNames.value(point.category));
    if (!point.imagePath.isEmpty())
        html += QStringLiteral("<br><img src=\"%1\" width=\"72\">").arg(QUrl::fromLocalFile(point.imagePath).toString());
    QToolTip::showText(event->globalPosition().toPoint(), html, m_plot);
    Q_EMIT pointHovered(index);
}

void ScatterMap::onMouseRelease(QMouseEvent* event)
{
    if (!m_dragging)
        return;
    m_dragging = false;
    m_lasso->data()->clear();
    QPolygonF polygon;
    for (const auto& p : m_lassoPixels)
        polygon << QPointF(m_plot->mapTo(this, p.toPoint()));
    if (m_lassoPixels.size() >= 3)
        selectInside(polygon);
    else if (const int index = pointAt(m_plot->mapTo(this, event->position().toPoint())); index >= 0)
        setSelected({index}); // a click selects one point
    else
        setSelected({});
}

bool ScatterMap::exportPng(const QString& path, int width, int height)
{
    return m_plot->savePng(path, width, height);
}

bool ScatterMap::exportPdf(const QString& path)
{
    return m_plot->savePdf(path);
}

} // namespace fscope::widgets
