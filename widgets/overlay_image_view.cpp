#include "widgets/overlay_image_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace fscope::widgets {

namespace {
constexpr int kBarHeight = 12;
constexpr int kGap = 6;
} // namespace

OverlayImageView::OverlayImageView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void OverlayImageView::setImage(const QImage& image)
{
    m_image = image.convertToFormat(QImage::Format_RGB32);
    update();
}

bool OverlayImageView::setMap(int rows, int columns, std::vector<float> values)
{
    if (rows <= 0 || columns <= 0 || values.size() != size_t(rows) * size_t(columns))
        return false;
    m_rows = rows;
    m_columns = columns;
    m_values = std::move(values);
    update();
    return true;
}

void OverlayImageView::clearMap()
{
    m_values.clear();
    m_rows = m_columns = 0;
    update();
}

void OverlayImageView::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

void OverlayImageView::setColorMap(ColorMap map)
{
    m_colorMap = map;
    update();
}

void OverlayImageView::setCaption(const QString& caption)
{
    m_caption = caption;
    update();
}

QImage OverlayImageView::overlayImage(const QSize& size) const
{
    // The map, one pixel per patch, smoothly (bilinearly) scaled to the picture;
    // then each pixel of the picture is tinted by the map's colour where the map
    // is high and dimmed where it is low, so both the picture and the map read.
    QImage coarse(m_columns, m_rows, QImage::Format_Grayscale8);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_columns; ++c)
            coarse.scanLine(r)[c] = static_cast<uchar>(
                std::lround(255.0 * std::clamp(double(m_values[size_t(r) * size_t(m_columns) + size_t(c)]), 0.0, 1.0)));
    const QImage map = coarse.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QImage base = m_image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    QRgb palette[256];
    for (int i = 0; i < 256; ++i)
        palette[i] = colorAt(m_colorMap, i / 255.0).rgb();
    QImage out(size, QImage::Format_RGB32);
    const double o = m_opacity;
    for (int y = 0; y < size.height(); ++y) {
        const uchar* m = map.constScanLine(y);
        const auto* in = reinterpret_cast<const QRgb*>(base.constScanLine(y));
        auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const double v = m[x] / 255.0;
            const double alpha = o * (0.25 + 0.6 * v);
            const double dim = 1.0 - 0.75 * o * (1.0 - v);
            const QRgb color = palette[m[x]];
            auto mix = [&](int image, int tint) {
                return std::clamp(int((1 - alpha) * dim * image + alpha * tint + 0.5), 0, 255);
            };
            dst[x] = qRgb(mix(qRed(in[x]), qRed(color)), mix(qGreen(in[x]), qGreen(color)), mix(qBlue(in[x]), qBlue(color)));
        }
    }
    return out;
}

QColor OverlayImageView::overlayColorAt(double x, double y) const
{
    if (!hasMap())
        return {};
    const int c = std::clamp(int(x * m_columns), 0, m_columns - 1);
    const int r = std::clamp(int(y * m_rows), 0, m_rows - 1);
    return colorAt(m_colorMap, m_values[size_t(r) * size_t(m_columns) + size_t(c)]);
}

void OverlayImageView::paintInto(QPainter& painter, const QRect& area) const
{
    painter.fillRect(area, palette().base());
    const int captionHeight = m_caption.isEmpty() ? 0 : painter.fontMetrics().height() + kGap;
    const QRect imageArea = area.adjusted(0, 0, 0, -(kBarHeight + 2 * kGap + captionHeight));
    if (m_image.isNull() || imageArea.height() <= 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter, tr("No image"));
        return;
    }
    const QSize shown = m_image.size().scaled(imageArea.size(), Qt::KeepAspectRatio);
    const QRect target(imageArea.x() + (imageArea.width() - shown.width()) / 2, imageArea.y(), shown.width(),
                       shown.height());
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, m_image);
    if (hasMap())
        painter.drawImage(target, overlayImage(target.size()));
    // The colour bar: what low and high mean.
    const QRect bar(target.x(), target.bottom() + kGap + 1, target.width(), kBarHeight);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 10; ++i)
        gradient.setColorAt(i / 10.0, colorAt(m_colorMap, i / 10.0));
    painter.fillRect(bar, gradient);
    painter.setPen(palette().color(QPalette::Text));
    const QRect labels(bar.x(), bar.bottom() + 2, bar.width(), painter.fontMetrics().height());
    painter.drawText(labels, Qt::AlignLeft, tr("low"));
    painter.drawText(labels, Qt::AlignRight, tr("high"));
    if (!m_caption.isEmpty())
        painter.drawText(QRect(area.x(), labels.bottom() + 2, area.width(), captionHeight), Qt::AlignHCenter,
                         m_caption);
}

void OverlayImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    paintInto(painter, rect());
}

QImage OverlayImageView::render(int side) const
{
    const int extra = kBarHeight + 2 * kGap + 2 * fontMetrics().height() + 2 * kGap;
    QImage out(side, side + extra, QImage::Format_RGB32);
    QPainter painter(&out);
    painter.setFont(font());
    paintInto(painter, out.rect());
    return out;
}

bool OverlayImageView::exportPng(const QString& path, int side) const
{
    return render(side).save(path, "PNG");
}

} // namespace fscope::widgets
