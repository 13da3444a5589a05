#pragma once
// Evaluation: Recall@1/5/10, median and mean rank in every direction the
// library's pairs allow (text -> image, image -> text, speech -> image, ...;
// texts per language), each query ranked against all library items of the
// target modality. Selecting a direction lists its queries, misses first;
// a query opens its ranking (retrieval), its similarity row, or its attention
// map. A second tab scores the shapes VQA models of every installed fusion
// strategy on a question set (ui/vqa_evaluation_panel.h); a missed question
// opens on the Questions page. Exports: CSV and JSON. GUI thread only.

#include "ui/analysis_page.h"

class QTabWidget;
class QTableWidget;

namespace fscope::ui {

class VqaEvaluationPanel;

struct DirectionResult {
    QString name;                 // "Text → Image"
    api::ItemKind target = api::ItemKind::Image;
    std::vector<int> queryIds;    // library ids
    std::vector<int> galleryIds;
    std::vector<size_t> ranks;    // per query, 1-based rank of its best pair
    std::vector<int> bestIds;     // per query, the top-ranked item
    std::vector<std::vector<int>> topIds; // per query, the 10 best
    std::map<int, double> recallAtK;
    double medianRank = 0;
    double meanRank = 0;
};

class EvaluationPage : public AnalysisPage {
    Q_OBJECT
public:
    explicit EvaluationPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("evaluation"); }
    QString title() const override { return tr("Evaluation"); }
    bool hasResults() const override { return !m_results.empty(); }

    const std::vector<DirectionResult>& results() const { return m_results; }
    QTableWidget* directions() const { return m_directions; }
    QTableWidget* queries() const { return m_queries; }
    void selectDirection(int row);
    VqaEvaluationPanel* vqaPanel() const { return m_vqa; }
    QTabWidget* tabs() const { return m_tabs; }
    // Scores the installed shapes VQA models on the panel's question set.
    void evaluateQuestions();
    bool exportCsv(const QString& path) const;
    bool exportJson(const QString& path) const;

Q_SIGNALS:
    void rankingRequested(int itemId, fscope::api::ItemKind target);
    void compareRequested(const std::vector<int>& itemIds);
    void questionRequested(const QString& imagePath, const QString& question);

protected:
    void recompute() override;

private:
    void showResults();
    int selectedQuery() const; // index into the selected direction's queries; -1 for none

    QTabWidget* m_tabs;
    VqaEvaluationPanel* m_vqa;
    QTableWidget* m_directions;
    QTableWidget* m_queries;
    std::vector<DirectionResult> m_results;
};

} // namespace fscope::ui
