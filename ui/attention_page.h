#pragma once
// Attention: why a query (a text, a clip of speech, an image) matches an image.
// The image with a map over its patches (gradient relevancy, attention rollout,
// or one layer's attention of the class token, per head or their mean), an
// opacity slider and a colour map; the query's tokens as chips coloured by
// their relevancy (for speech, one chip per 80 ms, so the map runs over time).
// Contrastive models compare whole embeddings, so a token's chip selects the
// relevancy of the whole query. Exports: PNG of the picture, JSON of the maps.
// GUI thread only.

#include "ui/analysis_page.h"

#include <optional>

class QComboBox;
class QLineEdit;
class QSlider;

namespace fscope::widgets {
class OverlayImageView;
class WaveformView;
class TokenStrip;
}

namespace fscope::ui {

class AttentionPage : public AnalysisPage {
    Q_OBJECT
public:
    explicit AttentionPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("attention"); }
    QString title() const override { return tr("Attention"); }
    bool hasResults() const override { return m_explanation.has_value(); }

    void explain(const api::ExplorerItem& query, const QString& imagePath, const QString& label);
    // The maps the chooser offers: "relevancy", "rollout", "layer L mean", "layer L head H" (L, H from 1).
    QStringList mapNames() const;
    void setMapIndex(int index);
    void setOpacity(double opacity);
    const std::optional<api::PairExplanationData>& explanation() const { return m_explanation; }
    widgets::OverlayImageView* overlay() const { return m_overlay; }
    widgets::TokenStrip* tokens() const { return m_tokens; }
    widgets::WaveformView* speech() const { return m_speech; }
    bool exportJson(const QString& path) const;

protected:
    void recompute() override;

private:
    void run();
    void showExplanation();
    void showMap();
    void fillImageChoices();

    QLineEdit* m_queryEdit;
    QComboBox* m_imageCombo;
    QComboBox* m_mapCombo;
    QComboBox* m_colorCombo;
    QSlider* m_opacity;
    QLabel* m_summary;
    widgets::OverlayImageView* m_overlay;
    widgets::TokenStrip* m_tokens;
    widgets::WaveformView* m_speech; // a speech query's spectrogram with its relevancy over time
    api::ExplorerItem m_query;
    QString m_queryLabel;
    QString m_imagePath;
    bool m_hasRequest = false;
    std::optional<api::PairExplanationData> m_explanation;
};

} // namespace fscope::ui
