#pragma once
// A row of token chips that wraps: each chip is coloured by its weight in
// [0, 1] (a relevancy, an attention), with the weight in its tooltip. A click
// selects a chip. Used for text tokens and for time steps of speech.
//
//   auto* strip = new TokenStrip;
//   strip->setTokens({"[BOS]", "red", "apple", "[EOS]"}, {0.1f, 0.9f, 1.0f, 0.2f});
//   connect(strip, &TokenStrip::tokenClicked, this, [](int index) { ... });
//
// GUI thread only.

#include "widgets/color_maps.h"

#include <QWidget>

#include <vector>

namespace fscope::widgets {

class TokenStrip : public QWidget {
    Q_OBJECT
public:
    explicit TokenStrip(QWidget* parent = nullptr);

    // Returns false (and keeps the old tokens) when the sizes differ.
    bool setTokens(const QStringList& tokens, const std::vector<float>& weights);
    void setColorMap(ColorMap map);
    void setSelected(int index); // -1: none
    int selected() const { return m_selected; }
    const QStringList& tokens() const { return m_tokens; }
    // The chip's rectangle in this widget (empty for a bad index), for tests and tooltips.
    QRect chipRect(int index) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

Q_SIGNALS:
    void tokenClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    std::vector<QRect> layoutChips(int width) const;

    QStringList m_tokens;
    std::vector<float> m_weights;
    std::vector<QRect> m_chips;
    ColorMap m_colorMap = ColorMap::Inferno;
    int m_selected = -1;
};

} // namespace fscope::widgets
