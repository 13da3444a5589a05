#pragma once
// Similarity matrix: rows and columns from the library (texts, images or
// audio, either way round), as a heatmap of cosine similarity, logits, or the
// softmax of each row (what a contrastive model's loss sees). Pairs from the
// same manifest line lie on the diagonal. A click on a cell with an image opens
// its explanation. Exports: PNG, PDF, CSV. GUI thread only.

#include "ui/analysis_page.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace fscope::widgets {
class HeatmapView;
}

namespace fscope::ui {

class SimilarityPage : public AnalysisPage {
    Q_OBJECT
public:
    enum class Scale { Cosine, Logits, SoftmaxPerRow };

    explicit SimilarityPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("similarity"); }
    QString title() const override { return tr("Similarity matrix"); }
    bool hasResults() const override { return m_cosine.rows > 0; }

    void setKinds(api::ItemKind rows, api::ItemKind columns);
    void setScale(Scale scale);
    void setSortByBestMatch(bool sort);
    // Rows and columns from the library's selection (its items of each kind).
    void useSelection();
    // Texts and speech among `ids` against the images among them (or, without
    // images, all of them against all).
    void compareItems(const std::vector<int>& ids);
    widgets::HeatmapView* heatmap() const { return m_heatmap; }
    const std::vector<int>& rowIds() const { return m_rowIds; }
    const std::vector<int>& columnIds() const { return m_columnIds; }
    bool exportCsv(const QString& path) const;

protected:
    void recompute() override;

private:
    void chooseItems();
    void setKindsQuietly(api::ItemKind rows, api::ItemKind columns);
    void computeFor(std::vector<int> rowIds, std::vector<int> columnIds);
    void redraw();
    void onCellClicked(int row, int column);
    api::ItemKind rowKind() const;
    api::ItemKind columnKind() const;

    QComboBox* m_rowCombo;
    QComboBox* m_columnCombo;
    QComboBox* m_scaleCombo;
    QSpinBox* m_count;
    QCheckBox* m_sort;
    widgets::HeatmapView* m_heatmap;
    std::vector<int> m_rowIds;    // what the matrix holds, in the model's order
    std::vector<int> m_columnIds;
    std::vector<int> m_rowOrder;  // display order of the rows
    api::FloatGrid m_cosine;
    double m_logitScale = 1;
};

} // namespace fscope::ui
