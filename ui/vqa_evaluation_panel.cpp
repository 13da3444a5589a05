#include "ui/vqa_evaluation_panel.h"

#include "ui/qt_convert.h"
#include "util/json.h"
#include "util/text_file.h"
#include "widgets/grouped_bar_chart.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fscope::ui {

namespace {

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

bool answeredRight(const std::string& answer, const api::VqaQuestion& question)
{
    return std::find(question.references.begin(), question.references.end(), answer) != question.references.end();
}

} // namespace

VqaEvaluationPanel::VqaEvaluationPanel(QWidget* parent)
    : QWidget(parent), m_setLabel(new QLabel(this)), m_evaluate(new QPushButton(tr("Evaluate"), this)),
      m_metrics(new QTableWidget(this)), m_chart(new widgets::GroupedBarChart(this)), m_strategy(new QComboBox(this)),
      m_answers(new QTableWidget(this))
{
    m_setLabel->setObjectName(QStringLiteral("vqaEvalSet"));
    m_setLabel->setWordWrap(true);
    m_evaluate->setObjectName(QStringLiteral("vqaEvalRun"));
    auto* open = new QPushButton(tr("Open question set…"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(m_setLabel, 1);
    top->addWidget(open);
    top->addWidget(m_evaluate);

    m_metrics->setObjectName(QStringLiteral("vqaEvalMetrics"));
    m_metrics->setMinimumWidth(340); // the four strategies' columns without scrolling
    m_metrics->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_chart->setObjectName(QStringLiteral("vqaEvalChart"));
    m_chart->setValueTitle(tr("accuracy"));
    m_chart->setValueRange(0, 1.05);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_metrics);
    split->addWidget(m_chart);
    split->setStretchFactor(1, 1);

    m_strategy->setObjectName(QStringLiteral("vqaEvalStrategy"));
    m_answers->setObjectName(QStringLiteral("vqaEvalAnswers"));
    m_answers->setColumnCount(4);
    m_answers->setHorizontalHeaderLabels({tr("Question"), tr("Right answer"), tr("Answer"), tr("Type")});
    m_answers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_answers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_answers->verticalHeader()->hide();
    m_answers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto* answersRow = new QHBoxLayout;
    answersRow->addWidget(new QLabel(tr("<b>Answers of</b>"), this));
    answersRow->addWidget(m_strategy);
    answersRow->addWidget(new QLabel(tr("misses first; double-click opens the question on the Questions page"), this), 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 3);
    layout->addLayout(answersRow);
    layout->addWidget(m_answers, 2);

    connect(m_evaluate, &QPushButton::clicked, this, &VqaEvaluationPanel::evaluateRequested);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a question set"), {},
                                                          tr("Question sets (*.jsonl);;All files (*)"));
        if (path.isEmpty())
            return;
        setQuestionSet(path);
        Q_EMIT evaluateRequested();
    });
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &VqaEvaluationPanel::fillAnswers);
    connect(m_answers, &QTableWidget::itemDoubleClicked, this, [this](QTableWidgetItem* item) {
        const size_t q = m_rowQuestion[size_t(item->row())];
        const auto& question = m_evaluation.questions[q];
        Q_EMIT questionRequested(QString::fromStdString(question.image), QString::fromStdString(question.question));
    });
    setQuestionSet({});
}

void VqaEvaluationPanel::setQuestionSet(const QString& path)
{
    m_questionSet = path;
    m_setLabel->setText(path.isEmpty() ? tr("No question set")
                                       : tr("Question set: %1").arg(QFileInfo(path).fileName()));
    m_setLabel->setToolTip(path);
    m_evaluate->setEnabled(!path.isEmpty());
}

double VqaEvaluationPanel::relationalAccuracy(int strategy, bool relational) const
{
    size_t count = 0, right = 0;
    const auto& answers = m_evaluation.answers[size_t(strategy)];
    for (size_t q = 0; q < m_evaluation.questions.size(); ++q)
        if (m_evaluation.questions[q].relational == relational) {
            ++count;
            right += answeredRight(answers[q], m_evaluation.questions[q]) ? 1 : 0;
        }
    return count == 0 ? -1 : double(right) / double(count);
}

void VqaEvaluationPanel::showEvaluation(const VqaEvaluation& evaluation)
{
    m_evaluation = evaluation;
    setQuestionSet(evaluation.questionSet);
    m_setLabel->setText(tr("Question set: %1 (%n question(s))", nullptr, int(evaluation.questions.size()))
                            .arg(QFileInfo(evaluation.questionSet).fileName()));
    // Rows: the accuracies, then the text overlap; one column per strategy.
    QStringList types;
    for (const auto& [type, value] : evaluation.scores.empty() ? std::map<std::string, double>{}
                                                               : evaluation.scores.front().accuracyByType)
        types << QString::fromStdString(type);
    QStringList rows = {tr("Accuracy"), tr("Relational"), tr("Non-relational")};
    for (const auto& type : types)
        rows << tr("· %1").arg(type);
    rows << tr("BLEU-4") << tr("BLEU-1") << tr("ROUGE-L");
    m_metrics->clear();
    m_metrics->setRowCount(int(rows.size()));
    m_metrics->setColumnCount(int(evaluation.strategies.size()));
    m_metrics->setVerticalHeaderLabels(rows);
    m_metrics->setHorizontalHeaderLabels(evaluation.strategies);
    std::vector<std::vector<double>> perType;
    for (int s = 0; s < evaluation.strategies.size(); ++s) {
        const auto& score = evaluation.scores[size_t(s)];
        std::vector<double> values = {score.accuracy, relationalAccuracy(s, true), relationalAccuracy(s, false)};
        std::vector<double> typeValues;
        for (const auto& type : types) {
            const auto found = score.accuracyByType.find(type.toStdString());
            typeValues.push_back(found == score.accuracyByType.end() ? 0 : found->second);
        }
        values.insert(values.end(), typeValues.begin(), typeValues.end());
        values.insert(values.end(), {score.bleu4, score.bleu1, score.rougeL});
        for (size_t r = 0; r < values.size(); ++r)
            m_metrics->setItem(int(r), s, cell(values[r] < 0 ? QStringLiteral("–") : QString::number(values[r], 'f', 3)));
        perType.push_back(typeValues);
    }
    m_metrics->resizeColumnsToContents();
    m_chart->setData(types, evaluation.strategies, perType);
    const QString shown = m_strategy->currentText();
    {
        const QSignalBlocker block(m_strategy);
        m_strategy->clear();
        m_strategy->addItems(evaluation.strategies);
        const int xattn = m_strategy->findText(QStringLiteral("xattn"));
        m_strategy->setCurrentIndex(std::max(0, m_strategy->findText(shown.isEmpty() ? QStringLiteral("xattn") : shown)));
        if (shown.isEmpty() && xattn >= 0)
            m_strategy->setCurrentIndex(xattn);
    }
    fillAnswers();
}

void VqaEvaluationPanel::showAnswersOf(const QString& strategy)
{
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findText(strategy)));
}

void VqaEvaluationPanel::fillAnswers()
{
    const int s = m_strategy->currentIndex();
    m_answers->setRowCount(0);
    m_rowQuestion.clear();
    if (s < 0 || size_t(s) >= m_evaluation.answers.size())
        return;
    const auto& answers = m_evaluation.answers[size_t(s)];
    std::vector<size_t> order(m_evaluation.questions.size());
    for (size_t q = 0; q < order.size(); ++q)
        order[q] = q;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return !answeredRight(answers[a], m_evaluation.questions[a]) && answeredRight(answers[b], m_evaluation.questions[b]);
    });
    m_answers->setRowCount(int(order.size()));
    for (size_t row = 0; row < order.size(); ++row) {
        const auto& q = m_evaluation.questions[order[row]];
        const bool right = answeredRight(answers[order[row]], q);
        m_answers->setItem(int(row), 0, cell(QString::fromStdString(q.question)));
        m_answers->setItem(int(row), 1, cell(q.references.empty() ? QString() : QString::fromStdString(q.references.front())));
        auto* answer = cell(QString::fromStdString(answers[order[row]]) + (right ? QStringLiteral(" ✓") : QStringLiteral(" ✗")));
        answer->setForeground(right ? QColor(46, 125, 50) : QColor(198, 40, 40));
        m_answers->setItem(int(row), 2, answer);
        m_answers->setItem(int(row), 3, cell(QString::fromStdString(q.type)));
        m_rowQuestion.push_back(order[row]);
    }
}

bool VqaEvaluationPanel::exportCsv(const QString& path) const
{
    QString text = QStringLiteral("strategy,question,image,right_answer,answer,type,relational\n");
    for (int s = 0; s < m_evaluation.strategies.size(); ++s)
        for (size_t q = 0; q < m_evaluation.questions.size(); ++q) {
            const auto& question = m_evaluation.questions[q];
            text += QStringList{m_evaluation.strategies[s], csvQuoted(QString::fromStdString(question.question)),
                                csvQuoted(QString::fromStdString(question.image)),
                                csvQuoted(question.references.empty() ? QString() : QString::fromStdString(question.references.front())),
                                csvQuoted(QString::fromStdString(m_evaluation.answers[size_t(s)][q])),
                                QString::fromStdString(question.type),
                                question.relational ? QStringLiteral("true") : QStringLiteral("false")}
                        .join(QLatin1Char(','))
                  + QLatin1Char('\n');
        }
    return writeTextFileAtomically(path.toStdString(), text.toStdString()).ok();
}

bool VqaEvaluationPanel::exportJson(const QString& path) const
{
    json::Value root = json::Value::object();
    root["question_set"] = m_evaluation.questionSet.toStdString();
    json::Value strategies = json::Value::array();
    for (int s = 0; s < m_evaluation.strategies.size(); ++s) {
        json::Value entry = m_evaluation.scores[size_t(s)].toJson();
        entry["strategy"] = m_evaluation.strategies[s].toStdString();
        entry["relational"] = relationalAccuracy(s, true);
        entry["non_relational"] = relationalAccuracy(s, false);
        strategies.push(std::move(entry));
    }
    root["strategies"] = std::move(strategies);
    return writeTextFileAtomically(path.toStdString(), json::serialize(root, 2) + "\n").ok();
}

} // namespace fscope::ui
