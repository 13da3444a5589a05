#include "widgets/grouped_bar_chart.h"

#include "widgets/qcustomplot_include.h"

#include <QToolTip>

#include <cmath>
#include <QVBoxLayout>

namespace fscope::widgets {

QColor seriesColor(int index)
{
    // Distinguishable for the common colour-vision deficiencies (Okabe and Ito).
    static const QColor colors[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115),
                                    QColor(204, 121, 167), QColor(86, 180, 233), QColor(213, 94, 0),
                                    QColor(240, 228, 66), QColor(90, 90, 90)};
    return colors[size_t(index) % (sizeof(colors) / sizeof(colors[0]))];
}

GroupedBarChart::GroupedBarChart(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_group(new QCPBarsGroup(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    // The legend in a row of its own above the plot, so it never covers the data.
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setVisible(true);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const QString text = toolTipAt(event->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
    });
    redraw();
}

bool GroupedBarChart::setData(const QStringList& categories, const QStringList& series,
                              const std::vector<std::vector<double>>& values)
{
    if (values.size() != size_t(series.size()))
        return false;
    for (const auto& row : values)
        if (row.size() != size_t(categories.size()))
            return false;
    m_categories = categories;
    m_series = series;
    m_values = values;
    redraw();
    return true;
}

void GroupedBarChart::clear()
{
    m_categories.clear();
    m_series.clear();
    m_values.clear();
    redraw();
}

void GroupedBarChart::setValueRange(double low, double high)
{
    m_low = low;
    m_high = high;
    redraw();
}

void GroupedBarChart::setValueTitle(const QString& title)
{
    m_plot->yAxis->setLabel(title);
    m_plot->replot();
}

QString GroupedBarChart::toolTipAt(const QPoint& position) const
{
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(m_plot->plottable(i));
        // -1 unless the point lies on one of its bars.
        if (!bars || bars->selectTest(position, false) < 0)
            continue;
        const int category = int(std::lround(bars->keyAxis()->pixelToCoord(position.x())));
        if (category < 0 || category >= m_categories.size())
            continue;
        return QStringLiteral("%1 · %2: %3").arg(bars->name(), m_categories[category])
            .arg(m_values[size_t(i)][size_t(category)], 0, 'f', 3);
    }
    return {};
}

void GroupedBarChart::redraw()
{
    m_plot->clearPlottables();
    m_group->clear();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < m_categories.size(); ++c)
        ticker->addTick(c, m_categories[c]);
    m_plot->xAxis->setTicker(ticker);
    const double width = 0.8 / std::max(1, int(m_series.size()));
    for (int s = 0; s < m_series.size(); ++s) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(m_series[s]);
        bars->setBrush(seriesColor(s));
        bars->setPen(Qt::NoPen);
        bars->setWidth(width);
        bars->setBarsGroup(m_group);
        QVector<double> keys, values;
        for (int c = 0; c < m_categories.size(); ++c) {
            keys << c;
            values << m_values[size_t(s)][size_t(c)];
        }
        bars->setData(keys, values);
    }
    m_plot->legend->setVisible(!m_series.isEmpty());
    m_plot->xAxis->setRange(-0.6, std::max(0, int(m_categories.size()) - 1) + 0.6);
    m_plot->yAxis->setRange(m_low, m_high);
    m_plot->replot();
}

bool GroupedBarChart::exportPng(const QString& path, int width, int height)
{
    return m_plot->savePng(path, width, height);
}

bool GroupedBarChart::exportPdf(const QString& path)
{
    return m_plot->savePdf(path);
}

} // namespace fscope::widgets
