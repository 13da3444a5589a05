#include "ui/evaluation_page.h"

#include "ui/vqa_evaluation_panel.h"

#include "api/answering.h"
#include "api/evaluation.h"
#include "util/json.h"
#include "util/text_file.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QDir>
#include <QFileInfo>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>

#include <map>
#include <numeric>
#include <stdexcept>

namespace fscope::ui {

namespace {

QTableWidgetItem* cell(const QString& text, const QVariant& sortValue = {})
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sortValue.isValid())
        item->setData(Qt::UserRole, sortValue);
    return item;
}

} // namespace

EvaluationPage::EvaluationPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_tabs(new QTabWidget(this)), m_vqa(new VqaEvaluationPanel(this)),
      m_directions(new QTableWidget(this)), m_queries(new QTableWidget(this))
{
    m_directions->setObjectName(QStringLiteral("evaluationDirections"));
    m_directions->setColumnCount(7);
    m_directions->setHorizontalHeaderLabels(
        {tr("Direction"), tr("Queries"), tr("R@1"), tr("R@5"), tr("R@10"), tr("Median rank"), tr("Mean rank")});
    m_directions->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_directions->setSelectionMode(QAbstractItemView::SingleSelection);
    m_directions->verticalHeader()->hide();
    m_directions->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_queries->setObjectName(QStringLiteral("evaluationQueries"));
    m_queries->setColumnCount(3);
    m_queries->setHorizontalHeaderLabels({tr("Query"), tr("Rank of its pair"), tr("Ranked first")});
    m_queries->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queries->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queries->verticalHeader()->hide();
    m_queries->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_queries->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto* ranking = new QPushButton(tr("Open ranking"), this);
    ranking->setObjectName(QStringLiteral("evaluationRanking"));
    auto* row = new QPushButton(tr("Similarity row"), this);
    row->setObjectName(QStringLiteral("evaluationSimilarity"));
    auto* attention = new QPushButton(tr("Attention"), this);
    attention->setObjectName(QStringLiteral("evaluationAttention"));
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Selected query:"), this));
    buttons->addWidget(ranking);
    buttons->addWidget(row);
    buttons->addWidget(attention);
    buttons->addStretch(1);
    buttons->addWidget(exportButton);

    auto* retrievalTab = new QWidget(this);
    auto* layout = new QVBoxLayout(retrievalTab);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* heading = new QLabel(tr("<b>Retrieval in every direction</b> over the library's pairs "
                                  "(each query against every library item of the target modality)"),
                               this);
    heading->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(m_directions, 2);
    layout->addWidget(new QLabel(tr("<b>Queries</b> of the selected direction, misses first"), this));
    layout->addWidget(m_queries, 3);
    layout->addLayout(buttons);
    m_tabs->setObjectName(QStringLiteral("evaluationTabs"));
    m_tabs->addTab(retrievalTab, tr("Retrieval"));
    m_tabs->addTab(m_vqa, tr("Questions (VQA)"));
    auto* pageLayout = new QVBoxLayout(this);
    pageLayout->addWidget(m_tabs, 1);
    pageLayout->addWidget(statusLabel());
    const QString sample = QDir(m_context.models ? m_context.models->resourceDir() : QString())
                               .filePath(QStringLiteral("samples/shapes/test.jsonl"));
    if (QFileInfo::exists(sample))
        m_vqa->setQuestionSet(sample);
    connect(m_vqa, &VqaEvaluationPanel::evaluateRequested, this, &EvaluationPage::evaluateQuestions);
    connect(m_vqa, &VqaEvaluationPanel::questionRequested, this, &EvaluationPage::questionRequested);
    // The question set does not depend on the library or the open model: scored when first looked at.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_vqa && !m_vqa->hasResults() && !m_vqa->questionSet().isEmpty())
            evaluateQuestions();
    });

    connect(m_directions, &QTableWidget::itemSelectionChanged, this, &EvaluationPage::showResults);
    auto openRanking = [this] {
        const int q = selectedQuery();
        if (q < 0)
            return setStatus(tr("Select a query first."), true);
        const auto& direction = m_results[size_t(m_directions->currentRow())];
        Q_EMIT rankingRequested(direction.queryIds[size_t(q)], direction.target);
    };
    connect(ranking, &QPushButton::clicked, this, openRanking);
    connect(m_queries, &QTableWidget::itemDoubleClicked, this, openRanking);
    connect(row, &QPushButton::clicked, this, [this] {
        const int q = selectedQuery();
        if (q < 0)
            return setStatus(tr("Select a query first."), true);
        const auto& direction = m_results[size_t(m_directions->currentRow())];
        std::vector<int> ids{direction.queryIds[size_t(q)]};
        ids.insert(ids.end(), direction.topIds[size_t(q)].begin(), direction.topIds[size_t(q)].end());
        Q_EMIT compareRequested(ids);
    });
    connect(attention, &QPushButton::clicked, this, [this] {
        const int q = selectedQuery();
        if (q < 0)
            return setStatus(tr("Select a query first."), true);
        const auto& direction = m_results[size_t(m_directions->currentRow())];
        // Why the top-ranked item won: the text or speech against the image.
        const auto* query = m_context.library->find(direction.queryIds[size_t(q)]);
        const auto* best = m_context.library->find(direction.bestIds[size_t(q)]);
        if (!query || !best)
            return;
        if (direction.target == api::ItemKind::Image)
            Q_EMIT explainRequested(query->explorerItem(), best->content, query->label);
        else if (query->kind == api::ItemKind::Image)
            Q_EMIT explainRequested(best->explorerItem(), query->content, best->label);
        else
            setStatus(tr("Attention maps explain a match with an image; this direction has none."), true);
    });
    addExportAction(exportMenu, tr("CSV data…"), QStringLiteral("evaluation.csv"), tr("CSV (*.csv)"),
                    [this](const QString& path) { return exportCsv(path); });
    addExportAction(exportMenu, tr("JSON data…"), QStringLiteral("evaluation.json"), tr("JSON (*.json)"),
                    [this](const QString& path) { return exportJson(path); });
    addExportAction(exportMenu, tr("Question answering, CSV…"), QStringLiteral("vqa-evaluation.csv"), tr("CSV (*.csv)"),
                    [this](const QString& path) { return m_vqa->exportCsv(path); });
    addExportAction(exportMenu, tr("Question answering, JSON…"), QStringLiteral("vqa-evaluation.json"),
                    tr("JSON (*.json)"), [this](const QString& path) { return m_vqa->exportJson(path); });
}

void EvaluationPage::evaluateQuestions()
{
    const auto answerers = m_context.models ? m_context.models->catalog().installedAnswerers()
                                            : std::vector<api::ModelRecord>{};
    if (answerers.empty())
        return setStatus(tr("The shapes VQA models are not installed."), true);
    QStringList strategies;
    for (const auto& record : answerers)
        strategies << QString::fromStdString(api::fusionStrategyId(record.strategy));
    const QString set = m_vqa->questionSet();
    setStatus(tr("Answering the questions of %1…").arg(QFileInfo(set).fileName()));
    // Its own job, not runJob's: the retrieval figures of this page may be computing at the same time.
    m_context.bridge->submit(
        tr("Evaluate question answering"),
        [set, strategies, answerers, catalog = m_context.models->catalog()](runtime::JobContext& context) {
            auto questions = api::readVqaQuestions(set.toStdString(), {}, false, true);
            if (!questions)
                throw std::runtime_error(questions.error().message);
            VqaEvaluation evaluation;
            evaluation.questionSet = set;
            evaluation.questions = std::move(*questions);
            evaluation.strategies = strategies;
            for (size_t s = 0; s < answerers.size(); ++s) {
                context.throwIfCancelled();
                context.reportProgress(double(s) / double(answerers.size()), strategies[int(s)].toStdString());
                auto answerer = api::Answerer::open(answerers[s], catalog, runtime::DeviceInfo{});
                if (!answerer)
                    throw std::runtime_error(answerer.error().message);
                auto scored = api::evaluateQuestionSet(**answerer, evaluation.questions);
                if (!scored)
                    throw std::runtime_error(scored.error().message);
                std::vector<std::string> answers;
                for (const auto& a : scored->answers)
                    answers.push_back(a.answer);
                evaluation.scores.push_back(std::move(scored->scores));
                evaluation.answers.push_back(std::move(answers));
            }
            return std::any(std::move(evaluation));
        },
        this,
        [this](const runtime::JobOutcome& outcome) {
            if (outcome.status == runtime::JobStatus::Succeeded) {
                setStatus({});
                m_vqa->showEvaluation(std::any_cast<const VqaEvaluation&>(outcome.value));
            } else if (outcome.status == runtime::JobStatus::Failed) {
                setStatus(tr("Question answering could not be scored: %1").arg(QString::fromStdString(outcome.error)),
                          true);
            }
        });
}

void EvaluationPage::recompute()
{
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    // Every library item the model embeds, paired by group; the door plans the directions.
    std::vector<api::PairedItem> items;
    for (const auto& item : m_context.library->items()) {
        if (item.kind == api::ItemKind::Audio && !m_context.models->hasAudio())
            continue;
        items.push_back({item.id, item.explorerItem(), item.group.toStdString(),
                         item.kind == api::ItemKind::Text ? item.language.toStdString() : std::string()});
    }
    const auto plans = api::planRetrievalDirections(items);
    if (plans.empty()) {
        m_results.clear();
        showResults();
        setStatus(tr("Evaluation needs paired items (a manifest with images and their captions or speech)."));
        return;
    }
    runJob(
        tr("Evaluate retrieval in %n direction(s)", nullptr, int(plans.size())),
        [explorer = m_context.models->explorer(), items](runtime::JobContext& context) {
            auto directions = api::evaluateRetrieval(*explorer, items, [&](int done, int total) {
                context.reportProgress(total > 0 ? double(done) / total : -1);
                return !context.cancelled();
            });
            std::vector<DirectionResult> results;
            for (auto& direction : directions) {
                DirectionResult result;
                const QString from = direction.fromLanguage.empty()
                                         ? itemKindText(direction.from)
                                         : QStringLiteral("%1 (%2)").arg(itemKindText(direction.from),
                                                                         QString::fromStdString(direction.fromLanguage));
                result.name = tr("%1 → %2").arg(from, itemKindText(direction.to));
                result.target = direction.to;
                result.queryIds = std::move(direction.queryIds);
                result.galleryIds = std::move(direction.galleryIds);
                result.ranks = std::move(direction.ranks);
                result.bestIds = std::move(direction.bestIds);
                result.topIds = std::move(direction.topIds);
                result.recallAtK = std::move(direction.recallAtK);
                result.medianRank = direction.medianRank;
                result.meanRank = direction.meanRank;
                results.push_back(std::move(result));
            }
            return std::any(std::move(results));
        },
        [this](const std::any& value) {
            m_results = std::any_cast<std::vector<DirectionResult>>(value);
            m_directions->setRowCount(int(m_results.size()));
            for (int r = 0; r < int(m_results.size()); ++r) {
                const auto& result = m_results[size_t(r)];
                m_directions->setItem(r, 0, cell(result.name));
                m_directions->setItem(r, 1, cell(QString::number(result.queryIds.size())));
                int column = 2;
                for (const int k : {1, 5, 10})
                    m_directions->setItem(r, column++, cell(QString::number(result.recallAtK.at(k), 'f', 3)));
                m_directions->setItem(r, 5, cell(QString::number(result.medianRank, 'f', 1)));
                m_directions->setItem(r, 6, cell(QString::number(result.meanRank, 'f', 2)));
            }
            m_directions->resizeColumnsToContents();
            m_directions->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
            selectDirection(0);
            setStatus(tr("Select a direction, then a query: double-click opens its ranking."));
        });
}

void EvaluationPage::selectDirection(int row)
{
    m_directions->selectRow(row);
    showResults();
}

void EvaluationPage::showResults()
{
    const int row = m_directions->currentRow();
    m_queries->setRowCount(0);
    if (row < 0 || size_t(row) >= m_results.size())
        return;
    const auto& result = m_results[size_t(row)];
    // Misses first, the worst at the top.
    std::vector<size_t> order(result.queryIds.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return result.ranks[a] > result.ranks[b]; });
    m_queries->setRowCount(int(order.size()));
    for (int r = 0; r < int(order.size()); ++r) {
        const size_t q = order[size_t(r)];
        const auto* query = m_context.library->find(result.queryIds[q]);
        const auto* best = m_context.library->find(result.bestIds[q]);
        m_queries->setItem(r, 0, cell(query ? query->label : QString(), int(q)));
        auto* rank = cell(QString::number(result.ranks[q]));
        if (result.ranks[q] > 1)
            rank->setForeground(QColor(198, 40, 40));
        m_queries->setItem(r, 1, rank);
        m_queries->setItem(r, 2, cell(best ? best->label : QString()));
    }
}

int EvaluationPage::selectedQuery() const
{
    const int row = m_queries->currentRow();
    if (row < 0 || m_directions->currentRow() < 0)
        return -1;
    return m_queries->item(row, 0)->data(Qt::UserRole).toInt();
}

bool EvaluationPage::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "direction,queries,recall_at_1,recall_at_5,recall_at_10,median_rank,mean_rank\n";
    for (const auto& result : m_results)
        out << '"' << result.name << "\"," << result.queryIds.size() << ',' << result.recallAtK.at(1) << ','
            << result.recallAtK.at(5) << ',' << result.recallAtK.at(10) << ',' << result.medianRank << ','
            << result.meanRank << '\n';
    return file.error() == QFile::NoError;
}

bool EvaluationPage::exportJson(const QString& path) const
{
    json::Value root = json::Value::object();
    root["model"] = m_context.models->modelName().toStdString();
    json::Value directions = json::Value::array();
    for (const auto& result : m_results) {
        json::Value entry = json::Value::object();
        entry["direction"] = result.name.toStdString();
        for (const int k : {1, 5, 10})
            entry["recall_at_" + std::to_string(k)] = result.recallAtK.at(k);
        entry["median_rank"] = result.medianRank;
        entry["mean_rank"] = result.meanRank;
        json::Value queries = json::Value::array();
        for (size_t q = 0; q < result.queryIds.size(); ++q) {
            json::Value query = json::Value::object();
            if (const auto* item = m_context.library->find(result.queryIds[q]))
                query["query"] = item->label.toStdString();
            query["rank"] = result.ranks[q];
            queries.push(std::move(query));
        }
        entry["queries"] = std::move(queries);
        directions.push(std::move(entry));
    }
    root["directions"] = std::move(directions);
    return writeTextFileAtomically(path.toStdString(), json::serialize(root, 2) + "\n").ok();
}

} // namespace fscope::ui
