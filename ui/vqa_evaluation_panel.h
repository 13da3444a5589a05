#pragma once
// The Evaluation page's question answering view: the shapes VQA models of
// every installed fusion strategy on a question set (the sample's, or one the
// person opens): accuracy overall, relational and non-relational and per
// question type, BLEU-4, BLEU-1 and ROUGE-L of the answers, one column per
// strategy, with the per-type accuracies as grouped bars; below, one
// strategy's answers, misses first, where a double-click opens the question on
// the Questions page. It shows what it is given; the page runs the models.
// GUI thread only.

#include "api/question_sets.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace fscope::widgets {
class GroupedBarChart;
}

namespace fscope::ui {

struct VqaEvaluation {
    QString questionSet;                          // the file
    std::vector<api::VqaQuestion> questions;
    QStringList strategies;
    std::vector<std::vector<std::string>> answers; // [strategy][question]
    std::vector<api::VqaScores> scores;          // per strategy
};

class VqaEvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit VqaEvaluationPanel(QWidget* parent = nullptr);

    void setQuestionSet(const QString& path);
    QString questionSet() const { return m_questionSet; }
    void showEvaluation(const VqaEvaluation& evaluation);
    bool hasResults() const { return !m_evaluation.strategies.isEmpty(); }
    const VqaEvaluation& evaluation() const { return m_evaluation; }
    // Accuracy over the questions marked relational (or not) for strategy s; -1 when none are.
    double relationalAccuracy(int strategy, bool relational) const;
    void showAnswersOf(const QString& strategy);

    QTableWidget* metrics() const { return m_metrics; }
    QTableWidget* answers() const { return m_answers; }
    widgets::GroupedBarChart* chart() const { return m_chart; }
    bool exportCsv(const QString& path) const;
    bool exportJson(const QString& path) const;

Q_SIGNALS:
    void evaluateRequested();
    void questionRequested(const QString& imagePath, const QString& question);

private:
    void fillAnswers();

    QString m_questionSet;
    QLabel* m_setLabel;
    QPushButton* m_evaluate;
    QTableWidget* m_metrics;
    widgets::GroupedBarChart* m_chart;
    QComboBox* m_strategy;
    QTableWidget* m_answers;
    VqaEvaluation m_evaluation;
    std::vector<size_t> m_rowQuestion; // answers table row -> question index
};

} // namespace fscope::ui
