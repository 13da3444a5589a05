#include "ui/fusion_lab_page.h"

#include "ui/qt_convert.h"

#include "util/json.h"
#include "util/text_file.h"
#include "widgets/curve_chart.h"
#include "widgets/grouped_bar_chart.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <stdexcept>

namespace fscope::ui {

namespace {



QString percent(double fraction)
{
    return QStringLiteral("%1 %").arg(100.0 * fraction, 0, 'f', 1);
}

QString joined(const std::vector<double>& values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'f', 3);
    return parts.join(QStringLiteral(", "));
}

} // namespace

FusionLabPage::FusionLabPage(PageContext context, QString resourceDir, QString workDir, QWidget* parent)
    : AnalysisPage(context, parent), m_resourceDir(std::move(resourceDir)), m_workDir(std::move(workDir)),
      m_scenes(new QSpinBox(this)), m_epochs(new QDoubleSpinBox(this)), m_run(new QPushButton(tr("Train and compare"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_summary(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_loss(new widgets::CurveChart(this)), m_accuracy(new widgets::CurveChart(this)), m_table(new QTableWidget(this)),
      m_perType(new widgets::GroupedBarChart(this)), m_dropped(new widgets::GroupedBarChart(this)), m_feedTimer(new QTimer(this))
{
    auto* strategies = new QHBoxLayout;
    strategies->addWidget(new QLabel(tr("Strategies:"), this));
    for (const auto& strategy : api::fusionLabStrategies()) {
        const QString id = QString::fromStdString(strategy);
        auto* box = new QCheckBox(id, this);
        box->setObjectName(QStringLiteral("labStrategy_%1").arg(id));
        box->setToolTip(fusionStrategyTitle(id));
        box->setChecked(true);
        m_strategyBoxes.push_back(box);
        strategies->addWidget(box);
    }
    strategies->addStretch(1);
    auto* settings = new QHBoxLayout;
    m_scenes->setObjectName(QStringLiteral("labScenes"));
    m_scenes->setRange(20, 9800);
    m_scenes->setSingleStep(500);
    m_scenes->setValue(2000);
    m_scenes->setToolTip(tr("Training scenes (20 questions each); the same for every strategy"));
    m_epochs->setObjectName(QStringLiteral("labEpochs"));
    m_epochs->setRange(0.1, 50);
    m_epochs->setSingleStep(0.5);
    m_epochs->setValue(1);
    m_epochs->setToolTip(tr("Passes over the training questions"));
    m_run->setObjectName(QStringLiteral("labRun"));
    m_cancel->setObjectName(QStringLiteral("labCancel"));
    m_cancel->setEnabled(false);
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);
    auto* open = new QPushButton(tr("Open results…"), this);
    settings->addWidget(new QLabel(tr("Scenes:"), this));
    settings->addWidget(m_scenes);
    settings->addWidget(new QLabel(tr("Epochs:"), this));
    settings->addWidget(m_epochs);
    settings->addWidget(m_run);
    settings->addWidget(m_cancel);
    settings->addStretch(1);
    settings->addWidget(open);
    settings->addWidget(exportButton);

    m_summary->setObjectName(QStringLiteral("labSummary"));
    m_summary->setWordWrap(true);
    m_loss->setObjectName(QStringLiteral("labLoss"));
    m_loss->setAxisTitles(tr("step"), tr("training loss"));
    m_accuracy->setObjectName(QStringLiteral("labAccuracy"));
    m_accuracy->setAxisTitles(tr("step"), tr("test accuracy"));
    m_accuracy->setValueRange(0, 1);
    m_table->setObjectName(QStringLiteral("labTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_perType->setObjectName(QStringLiteral("labPerType"));
    m_perType->setValueTitle(tr("test accuracy"));
    m_perType->setValueRange(0, 1.05);
    m_dropped->setObjectName(QStringLiteral("labDropped"));
    m_dropped->setValueTitle(tr("test accuracy"));
    m_dropped->setValueRange(0, 1.05);

    auto* comparison = new QSplitter(Qt::Vertical, this);
    comparison->addWidget(m_table);
    comparison->addWidget(m_perType);
    comparison->setStretchFactor(1, 1);
    auto* curves = new QSplitter(Qt::Vertical, this);
    curves->addWidget(m_loss);
    curves->addWidget(m_accuracy);
    auto* modalities = new QWidget(this);
    auto* modalitiesLayout = new QVBoxLayout(modalities);
    auto* modalitiesNote = new QLabel(tr("Accuracy with a modality masked out (marked missing, not zeroed): a "
                                         "strategy that ignores the question scores near chance without the image "
                                         "and the same without the question. The late-fusion weights and the gate "
                                         "values per layer are in the comparison table."),
                                      modalities);
    modalitiesNote->setWordWrap(true);
    modalitiesLayout->addWidget(m_dropped, 1);
    modalitiesLayout->addWidget(modalitiesNote);
    m_tabs->setObjectName(QStringLiteral("labTabs"));
    m_tabs->addTab(comparison, tr("Comparison"));
    m_tabs->addTab(curves, tr("Training curves"));
    m_tabs->addTab(modalities, tr("Modalities"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(strategies);
    layout->addLayout(settings);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(statusLabel());

    m_feedTimer->setInterval(200);
    connect(m_feedTimer, &QTimer::timeout, this, &FusionLabPage::drainFeed);
    connect(m_run, &QPushButton::clicked, this, [this] {
        QStringList chosen;
        for (auto* box : m_strategyBoxes)
            if (box->isChecked())
                chosen << box->text();
        run(chosen, m_scenes->value(), m_epochs->value());
    });
    connect(m_cancel, &QPushButton::clicked, this, &FusionLabPage::cancel);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Fusion Lab results"), {}, tr("JSON (*.json)"));
        if (!path.isEmpty())
            loadResults(path);
    });
    addExportAction(exportMenu, tr("Comparison chart (PNG)…"), QStringLiteral("lab-per-type.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_perType->exportPng(path); });
    addExportAction(exportMenu, tr("Comparison chart (PDF)…"), QStringLiteral("lab-per-type.pdf"), tr("PDF (*.pdf)"),
                    [this](const QString& path) { return m_perType->exportPdf(path); });
    addExportAction(exportMenu, tr("Training curves (PNG)…"), QStringLiteral("lab-accuracy.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_accuracy->exportPng(path); });
    addExportAction(exportMenu, tr("Training curves (PDF)…"), QStringLiteral("lab-accuracy.pdf"), tr("PDF (*.pdf)"),
                    [this](const QString& path) { return m_accuracy->exportPdf(path); });
    addExportAction(exportMenu, tr("Results (JSON)…"), QStringLiteral("lab.json"), tr("JSON (*.json)"),
                    [this](const QString& path) { return exportJson(path); });
}

FusionLabPage::~FusionLabPage()
{
    // A run still going stops at its next step; its reply is dropped with the page.
    if (m_feed)
        m_feed->cancel = true;
}

void FusionLabPage::recompute()
{
    // Runs train their own models: the open model and the library do not matter.
    if (m_results.empty() && !m_running) {
        const QString shipped = QDir(m_resourceDir).filePath(QStringLiteral("samples/lab/shapes-lab.json"));
        if (!m_resourceDir.isEmpty() && QFileInfo::exists(shipped) && loadResults(shipped)) {
            m_shipped = true;
            showResults();
        } else
            setStatus(tr("Choose strategies and press Train and compare."));
    }
}

void FusionLabPage::run(const QStringList& strategies, int scenes, double epochs)
{
    if (m_running)
        return;
    if (strategies.isEmpty()) {
        setStatus(tr("Choose at least one strategy."), true);
        return;
    }
    for (auto* box : m_strategyBoxes)
        box->setChecked(strategies.contains(box->text()));
    m_scenes->setValue(scenes);
    m_epochs->setValue(epochs);
    api::FusionLabOptions options;
    for (const auto& id : strategies)
        options.strategies.push_back(id.toStdString());
    options.limitImages = scenes;
    options.epochs = epochs;
    // The scenes a run draws are kept per size, so the next run starts at once.
    options.workDir = QDir(m_workDir).filePath(QStringLiteral("scenes-%1").arg(scenes)).toStdString();
    m_feed = std::make_shared<Feed>();
    m_loss->clear();
    m_accuracy->clear();
    m_tabs->setCurrentIndex(1);
    m_summary->setText(tr("Training %1 on %2 scenes for %3 epoch(s)…")
                           .arg(strategies.join(QStringLiteral(", ")))
                           .arg(scenes)
                           .arg(epochs));
    setRunning(true);
    runJob(
        tr("Fusion Lab"),
        [options, feed = m_feed](runtime::JobContext& context) {
            auto results = api::runFusionLab(options, [&](const api::FusionLabProgress& p) {
                {
                    std::lock_guard lock(feed->mutex);
                    if (p.point)
                        feed->points.emplace_back(QString::fromStdString(p.strategy), *p.point);
                    feed->stage = QStringLiteral("%1: %2 %3/%4")
                                      .arg(QString::fromStdString(p.strategy), QString::fromStdString(p.stage))
                                      .arg(p.step)
                                      .arg(p.steps);
                    feed->fraction = p.fraction;
                }
                context.reportProgress(p.fraction, p.strategy + ": " + p.stage);
                return !feed->cancel && !context.cancelled();
            });
            if (feed->cancel || context.cancelled())
                throw runtime::JobCancelled{};
            if (!results)
                throw std::runtime_error(results.error().message);
            return std::any(std::move(*results));
        },
        [this, scenes, epochs](const std::any& value) {
            drainFeed();
            m_results = std::any_cast<const std::vector<api::FusionLabResult>&>(value);
            m_resultScenes = scenes;
            m_resultEpochs = epochs;
            m_shipped = false;
            setRunning(false);
            showResults();
            m_tabs->setCurrentIndex(0);
        });
}

void FusionLabPage::cancel()
{
    if (m_feed)
        m_feed->cancel = true;
}

void FusionLabPage::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running)
        m_feedTimer->start();
    else
        m_feedTimer->stop();
}

void FusionLabPage::drainFeed()
{
    if (!m_feed)
        return;
    std::vector<std::pair<QString, api::FusionLabCurvePoint>> points;
    QString stage;
    double fraction = 0;
    {
        std::lock_guard lock(m_feed->mutex);
        points.swap(m_feed->points);
        stage = m_feed->stage;
        fraction = m_feed->fraction;
    }
    for (const auto& [strategy, p] : points) {
        m_loss->addPoint(strategy, double(p.step), p.loss);
        if (p.testAccuracy >= 0)
            m_accuracy->addPoint(strategy, double(p.step), p.testAccuracy);
    }
    if (m_running && !stage.isEmpty())
        setStatus(tr("Fusion Lab: %1 (%2 % of the run)").arg(stage).arg(int(100 * fraction)));
    // A run that failed or was cancelled replies to nobody: notice it here.
    if (m_running && !busy()) {
        setRunning(false);
        m_summary->setText(m_results.empty() ? tr("The run stopped before it finished.")
                                             : tr("The run stopped; the results shown are the previous ones."));
    }
}

void FusionLabPage::showResults()
{
    if (m_shipped)
        m_summary->setText(tr("Results shipped with FusionScope (made by fusionscope-cli lab on %1 scenes, %2 "
                              "epoch(s)); press Train and compare to run the lab here.")
                               .arg(m_resultScenes)
                               .arg(m_resultEpochs));
    else
        m_summary->setText(tr("Trained on %1 scenes for %2 epoch(s) each, tested on 200 new scenes "
                              "(4,000 questions).")
                               .arg(m_resultScenes)
                               .arg(m_resultEpochs));
    const QStringList headers = {tr("Strategy"),       tr("Accuracy"),          tr("Relational"),
                                 tr("Non-relational"), tr("No image"),          tr("No question"),
                                 tr("Parameters"),     tr("Training"),          tr("ms / question"),
                                 tr("Attention on the object"), tr("Late weights (image, question)"),
                                 tr("Gates per layer")};
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(m_results.size()));
    QStringList series, types;
    std::vector<std::vector<double>> perType, dropped;
    for (size_t i = 0; i < m_results.size(); ++i) {
        const auto& r = m_results[i];
        const QString id = QString::fromStdString(r.strategy);
        const QStringList cells = {
            id,
            percent(r.overall),
            percent(r.relational),
            percent(r.nonRelational),
            percent(r.imageDroppedAccuracy),
            percent(r.questionDroppedAccuracy),
            QString::number(r.parameters),
            tr("%1 steps, %2 s").arg(r.steps).arg(r.trainingSeconds, 0, 'f', 0),
            QString::number(r.millisecondsPerQuestion, 'f', 3),
            r.attentionShare >= 0 ? QString::number(r.attentionShare, 'f', 3) : QStringLiteral("–"),
            r.lateWeights.size() == 2 ? joined(r.lateWeights) : QStringLiteral("–"),
            r.attentionGates.empty() ? QStringLiteral("–") : joined(r.attentionGates),
        };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 0)
                item->setToolTip(fusionStrategyTitle(id));
            m_table->setItem(int(i), c, item);
        }
        series << id;
        std::vector<double> row;
        for (const auto& [type, accuracy] : r.perType) {
            if (i == 0)
                types << QString::fromStdString(type);
            row.push_back(accuracy);
        }
        perType.push_back(row);
        dropped.push_back({r.overall, r.imageDroppedAccuracy, r.questionDroppedAccuracy});
        if (!m_running && m_loss->pointCount(id) == 0)
            for (const auto& p : r.curve) {
                m_loss->addPoint(id, double(p.step), p.loss);
                if (p.testAccuracy >= 0)
                    m_accuracy->addPoint(id, double(p.step), p.testAccuracy);
            }
    }
    m_table->resizeColumnsToContents();
    if (!m_perType->setData(types, series, perType))
        m_perType->clear(); // results from different packs disagree on the types
    m_dropped->setData({tr("both"), tr("image masked"), tr("question masked")}, series, dropped);
}

bool FusionLabPage::loadResults(const QString& path)
{
    const auto text = readTextFile(path.toStdString());
    auto document = text ? json::parse(*text) : Result<json::Value>(text.error());
    auto results = document ? api::fusionLabResultsFromJson(*document) : Result<std::vector<api::FusionLabResult>>(document.error());
    if (!results) {
        setStatus(tr("Cannot open %1: %2").arg(path, QString::fromStdString(results.error().message)), true);
        return false;
    }
    m_results = std::move(*results);
    m_resultEpochs = document->find("epochs") && document->find("epochs")->isNumber() ? document->find("epochs")->asDouble() : 0;
    m_resultScenes = document->find("train_images") && document->find("train_images")->isNumber()
                         ? int(document->find("train_images")->asInt())
                         : 0;
    m_shipped = false;
    m_loss->clear();
    m_accuracy->clear();
    showResults();
    setStatus({});
    return true;
}

bool FusionLabPage::exportJson(const QString& path) const
{
    if (m_results.empty())
        return false;
    const auto document = api::fusionLabDocument(m_results, m_resultEpochs, m_resultScenes);
    return writeTextFileAtomically(path.toStdString(), json::serialize(document, 2) + "\n").ok();
}

} // namespace fscope::ui
