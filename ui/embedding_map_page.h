#pragma once
// Embedding map: every library item in the model's shared space, projected to
// 2-D (PCA, or t-SNE as an option), coloured by modality, with lines between
// paired items, so the modality gap shows (and is measured: the distance
// between the centroids of each modality). Hover shows the item; a lasso
// selects items and sends them to the similarity page. Exports: PNG, PDF, CSV.
// GUI thread only.

#include "ui/analysis_page.h"

class QCheckBox;
class QComboBox;

namespace fscope::widgets {
class ScatterMap;
}

namespace fscope::ui {

class EmbeddingMapPage : public AnalysisPage {
    Q_OBJECT
public:
    enum class Method { Pca, Tsne };

    explicit EmbeddingMapPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("embedding-map"); }
    QString title() const override { return tr("Embedding map"); }
    bool hasResults() const override { return !m_ids.empty(); }

    void setMethod(Method method);
    widgets::ScatterMap* map() const { return m_map; }
    const std::vector<int>& itemIds() const { return m_ids; } // one per point
    // Cosine distance between modality centroids, "image-text" -> value.
    const std::vector<std::pair<QString, double>>& modalityGaps() const { return m_gaps; }
    bool exportCsv(const QString& path) const;

Q_SIGNALS:
    void compareRequested(const std::vector<int>& itemIds);

protected:
    void recompute() override;

private:
    Method method() const;

    QComboBox* m_method;
    QCheckBox* m_kinds[3];
    widgets::ScatterMap* m_map;
    QLabel* m_summary;
    std::vector<int> m_ids;
    std::vector<std::pair<QString, double>> m_gaps;
};

} // namespace fscope::ui
