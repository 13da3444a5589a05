#pragma once
// A 2-D map of points in categories (for embeddings: one colour per modality),
// with lines between linked points, a tooltip (label and thumbnail) for the
// point under the mouse, wheel zoom, and a lasso: drag around points to select
// them. Exports to PNG and PDF. Fed plain data.
//
//   auto* map = new ScatterMap;
//   map->setCategories({"image", "text"}, {Qt::blue, Qt::red});
//   map->setPoints({{0.1, 0.2, 0, "cat", "/pics/cat.png"}, {0.3, 0.1, 1, "a cat", {}}}, {{0, 1}});
//   connect(map, &ScatterMap::selectionChanged, this, [](const std::vector<int>& indices) { ... });
//
// GUI thread only.

#include <QColor>
#include <QPolygonF>
#include <QWidget>

#include <utility>
#include <vector>

class QCustomPlot;
class QCPCurve;
class QCPGraph;
class QMouseEvent;

namespace fscope::widgets {

struct ScatterPoint {
    double x = 0;
    double y = 0;
    int category = 0;
    QString label;
    QString imagePath; // shown in the tooltip when set
};

class ScatterMap : public QWidget {
    Q_OBJECT
public:
    explicit ScatterMap(QWidget* parent = nullptr);

    void setCategories(const QStringList& names, const QList<QColor>& colors);
    // Returns false (and keeps the old map) when a category or a link is out of range.
    bool setPoints(const std::vector<ScatterPoint>& points, const std::vector<std::pair<int, int>>& links);
    const std::vector<ScatterPoint>& points() const { return m_points; }
    void setAxisTitles(const QString& x, const QString& y);

    const std::vector<int>& selected() const { return m_selected; }
    void setSelected(std::vector<int> indices);
    // Selects the points inside a polygon given in widget pixels (what the lasso does).
    void selectInside(const QPolygonF& widgetPolygon);
    // The point nearest to a widget position, within `radius` pixels; -1 for none.
    int pointAt(const QPoint& widgetPosition, int radius = 10) const;
    QPoint pointPosition(int index) const; // in widget pixels
    QString hoverText() const { return m_hover; }

    bool exportPng(const QString& path, int width = 1200, int height = 900);
    bool exportPdf(const QString& path);
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void selectionChanged(const std::vector<int>& indices);
    void pointHovered(int index);

private:
    void rebuild();
    void drawSelection();
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QCustomPlot* m_plot;
    QCPCurve* m_links = nullptr;
    QCPCurve* m_lasso = nullptr;
    QCPGraph* m_selection = nullptr;
    std::vector<QCPGraph*> m_graphs;
    QStringList m_categoryNames;
    QList<QColor> m_colors;
    std::vector<ScatterPoint> m_points;
    std::vector<std::pair<int, int>> m_linkPairs;
    std::vector<int> m_selected;
    QPolygonF m_lassoPixels;
    bool m_dragging = false;
    QString m_hover;
};

} // namespace fscope::widgets
