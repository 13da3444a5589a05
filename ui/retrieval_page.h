#pragma once
// Retrieval: a query (typed text, or any library item: an image, a caption, a
// clip of speech) ranks the library's items of the target modality by cosine
// similarity in the model's shared space. A click on an image result opens its
// explanation; the ranking exports to CSV. GUI thread only.

#include "ui/analysis_page.h"

class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace fscope::ui {

struct RankedItem {
    int itemId = 0;
    double score = 0;
};

class RetrievalPage : public AnalysisPage {
    Q_OBJECT
public:
    explicit RetrievalPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("retrieval"); }
    QString title() const override { return tr("Retrieval"); }
    bool hasResults() const override { return !m_results.empty(); }

    void searchText(const QString& text);
    void searchItem(int itemId);
    // Speaks the text (espeak-ng) and searches with the speech.
    void searchSpoken(const QString& text, const QString& voice);
    void setTarget(api::ItemKind kind);
    const std::vector<RankedItem>& results() const { return m_results; }
    const api::ExplorerItem& query() const { return m_query; }
    QListWidget* resultList() const { return m_list; }
    bool exportCsv(const QString& path) const;

protected:
    void recompute() override;

private:
    void run();
    void showResults(const std::vector<RankedItem>& results);
    void openResult(int row);
    api::ItemKind target() const;

    QLineEdit* m_queryEdit;
    QPushButton* m_searchButton;
    QPushButton* m_useSelection;
    QPushButton* m_speakButton;
    QComboBox* m_voiceCombo;
    QComboBox* m_targetCombo;
    QSpinBox* m_topK;
    QLabel* m_queryLabel;
    QListWidget* m_list;
    api::ExplorerItem m_query;
    QString m_queryText; // how the query reads in the page
    bool m_hasQuery = false;
    std::vector<RankedItem> m_results;
};

} // namespace fscope::ui
