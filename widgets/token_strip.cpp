#include "widgets/token_strip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace fscope::widgets {

namespace {
constexpr int kPadX = 8;
constexpr int kPadY = 4;
constexpr int kSpacing = 6;

QColor readableTextOn(const QColor& background)
{
    return background.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}
} // namespace

TokenStrip::TokenStrip(QWidget* parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

bool TokenStrip::setTokens(const QStringList& tokens, const std::vector<float>& weights)
{
    if (size_t(tokens.size()) != weights.size())
        return false;
    m_tokens = tokens;
    m_weights = weights;
    m_selected = -1;
    m_chips = layoutChips(width());
    updateGeometry();
    update();
    return true;
}

void TokenStrip::setColorMap(ColorMap map)
{
    m_colorMap = map;
    update();
}

void TokenStrip::setSelected(int index)
{
    m_selected = index >= 0 && index < m_tokens.size() ? index : -1;
    update();
}

std::vector<QRect> TokenStrip::layoutChips(int width) const
{
    std::vector<QRect> chips;
    const QFontMetrics metrics(font());
    const int height = metrics.height() + 2 * kPadY;
    int x = 0, y = 0;
    for (const auto& token : m_tokens) {
        const int w = metrics.horizontalAdvance(token) + 2 * kPadX;
        if (x > 0 && x + w > width) {
            x = 0;
            y += height + kSpacing;
        }
        chips.emplace_back(x, y, w, height);
        x += w + kSpacing;
    }
    return chips;
}

int TokenStrip::heightForWidth(int width) const
{
    const auto chips = layoutChips(width);
    return chips.empty() ? fontMetrics().height() + 2 * kPadY : chips.back().bottom() + 1;
}

QSize TokenStrip::sizeHint() const
{
    return {400, heightForWidth(400)};
}

QRect TokenStrip::chipRect(int index) const
{
    return index >= 0 && size_t(index) < m_chips.size() ? m_chips[size_t(index)] : QRect();
}

void TokenStrip::resizeEvent(QResizeEvent*)
{
    m_chips = layoutChips(width());
}

void TokenStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_tokens.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("No tokens"));
        return;
    }
    for (size_t i = 0; i < m_chips.size(); ++i) {
        const QColor fill = colorAt(m_colorMap, m_weights[i]);
        painter.setPen(int(i) == m_selected ? QPen(palette().color(QPalette::Highlight), 3) : QPen(fill.darker(130)));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(m_chips[i]).adjusted(1, 1, -1, -1), 6, 6);
        painter.setPen(readableTextOn(fill));
        painter.drawText(m_chips[i], Qt::AlignCenter, m_tokens[int(i)]);
    }
}

void TokenStrip::mousePressEvent(QMouseEvent* event)
{
    for (size_t i = 0; i < m_chips.size(); ++i)
        if (m_chips[i].contains(event->position().toPoint())) {
            setSelected(int(i));
            Q_EMIT tokenClicked(int(i));
            return;
        }
}

bool TokenStrip::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        for (size_t i = 0; i < m_chips.size(); ++i)
            if (m_chips[i].contains(help->pos())) {
                QToolTip::showText(help->globalPos(),
                                   tr("%1: %2").arg(m_tokens[int(i)]).arg(double(m_weights[i]), 0, 'f', 3), this);
                return true;
            }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace fscope::widgets
