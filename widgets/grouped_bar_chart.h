#pragma once
// Bars in groups: one group per category (a question type, an answer), one
// coloured bar per series (a fusion strategy) in each, with a legend and the
// value on hover. Exports to PNG and PDF. Fed plain data.
//
//   auto* chart = new GroupedBarChart;
//   chart->setData({"shape", "left", "count"}, {"early", "xattn"}, {{0.6, 0.5, 0.4}, {0.99, 0.98, 1.0}});
//   chart->setValueRange(0, 1);
//
// GUI thread only.

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPBarsGroup;

namespace fscope::widgets {

class GroupedBarChart : public QWidget {
    Q_OBJECT
public:
    explicit GroupedBarChart(QWidget* parent = nullptr);

    // values[series][category]. Returns false (and keeps the old data) when the sizes differ.
    bool setData(const QStringList& categories, const QStringList& series, const std::vector<std::vector<double>>& values);
    void clear();
    void setValueRange(double low, double high);
    void setValueTitle(const QString& title);
    const QStringList& categories() const { return m_categories; }
    const QStringList& series() const { return m_series; }
    const std::vector<std::vector<double>>& values() const { return m_values; }
    // The text shown when hovering over a point of the plot (widget coordinates); "" off the bars.
    QString toolTipAt(const QPoint& position) const;

    bool exportPng(const QString& path, int width = 900, int height = 500);
    bool exportPdf(const QString& path);
    QCustomPlot* plot() const { return m_plot; }

private:
    void redraw();

    QCustomPlot* m_plot;
    QCPBarsGroup* m_group;
    QStringList m_categories;
    QStringList m_series;
    std::vector<std::vector<double>> m_values;
    double m_low = 0;
    double m_high = 1;
};

// The colour of series i in the project's charts (strategies keep their colour across pages).
QColor seriesColor(int index);

} // namespace fscope::widgets
