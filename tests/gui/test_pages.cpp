// The analysis pages driven through their widgets, with the shipped model mini
// and the shipped sample of the emoji pack: retrieval (text, Chinese, speech,
// image queries, export), the similarity matrix (scales, sorting, a click on a
// cell, exports) and attention (maps, opacity, token chips, speech, exports).

#include "ui/analysis_page.h"
#include "ui/attention_page.h"
#include "ui/embedding_map_page.h"
#include "ui/engine_bridge.h"
#include "ui/evaluation_page.h"
#include "ui/library_dock.h"
#include "ui/library_model.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/retrieval_page.h"
#include "ui/similarity_page.h"
#include "ui/vqa_page.h"
#include "widgets/bar_chart.h"
#include "widgets/heatmap_view.h"
#include "widgets/overlay_image_view.h"
#include "widgets/scatter_map.h"
#include "widgets/token_strip.h"
#include "widgets/waveform_view.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>
#include <numeric>
#include <memory>

using namespace fscope;

namespace {

int libraryRow(ui::LibraryModel* library, api::ItemKind kind, const QString& label, const QString& language = {})
{
    for (size_t i = 0; i < library->items().size(); ++i) {
        const auto& item = library->items()[i];
        if (item.kind == kind && item.label == label && item.language == language)
            return int(i);
    }
    return -1;
}

QStringList topLabels(const ui::RetrievalPage* page, ui::LibraryModel* library, int n)
{
    QStringList labels;
    for (int i = 0; i < n && i < int(page->results().size()); ++i)
        labels << library->find(page->results()[size_t(i)].itemId)->label;
    return labels;
}

} // namespace

class TestPages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void retrievalRanksByTextChineseSpeechAndImage();
    void retrievalResultOpensItsExplanation();
    void similarityMatrixScalesSortsAndExports();
    void similarityCellOpensItsExplanation();
    void attentionMapsTokensSpeechAndExports();
    void embeddingMapProjectsLassoesAndCompares();
    void evaluationMeasuresEveryDirectionAndDrillsDown();
    void vqaAnswersZeroShotWithMiniAndAnImportedClip();
    void cleanupTestCase();

private:
    template <class Page>
    Page* openPage(const QString& id)
    {
        m_window->showPage(id);
        auto* page = qobject_cast<Page*>(m_window->analysisPage(id));
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && page->hasResults(), 60000); }();
        return page;
    }
    void waitIdle(ui::AnalysisPage* page)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && m_bridge->pendingJobs() == 0, 60000);
    }

    std::unique_ptr<ui::EngineBridge> m_bridge;
    std::unique_ptr<ui::MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestPages::initTestCase()
{
    m_bridge = std::make_unique<ui::EngineBridge>(ui::EngineSettings{runtime::DevicePreference::Cpu, 0});
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.cacheDir = m_dir.filePath(QStringLiteral("cache"));
    options.model = QStringLiteral("builtin:mini");
    m_window = std::make_unique<ui::MainWindow>(m_bridge.get(), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->models()->ready(), 60000);
    // The sample: 96 emoji, each an image, an English and a Chinese name and a clip of speech.
    QCOMPARE(m_window->library()->itemsOfKind(api::ItemKind::Image).size(), 96u);
    QCOMPARE(m_window->library()->itemsOfKind(api::ItemKind::Text).size(), 192u);
    QCOMPARE(m_window->library()->itemsOfKind(api::ItemKind::Audio).size(), 96u);
}

void TestPages::retrievalRanksByTextChineseSpeechAndImage()
{
    auto* page = openPage<ui::RetrievalPage>(QStringLiteral("retrieval"));
    auto* library = m_window->library();
    // The first launch's query is the library's first caption; it finds its own picture.
    QCOMPARE(page->results().size(), 12u);
    QCOMPARE(page->resultList()->count(), 12);
    QCOMPARE(topLabels(page, library, 1), QStringList{QStringLiteral("grinning face")});
    for (size_t i = 1; i < page->results().size(); ++i)
        QVERIFY(page->results()[i - 1].score >= page->results()[i].score);

    // Typed through the widgets, in Chinese.
    auto* query = page->findChild<QLineEdit*>(QStringLiteral("retrievalQuery"));
    query->setText(QStringLiteral("机器人")); // QTest types ASCII only
    QTest::keyClick(query, Qt::Key_Return);
    waitIdle(page);
    QVERIFY2(topLabels(page, library, 3).contains(QStringLiteral("robot")), qPrintable(topLabels(page, library, 3).join(QLatin1Char(','))));

    // Speech never heard in training, selected in the library and used as the query.
    auto* view = m_window->libraryDock()->view();
    const int speech = libraryRow(library, api::ItemKind::Audio, QStringLiteral("yellow heart"));
    QVERIFY(speech >= 0);
    view->selectionModel()->select(view->model()->index(speech, 0), QItemSelectionModel::ClearAndSelect);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("queryBySelection")), Qt::LeftButton);
    waitIdle(page);
    QVERIFY2(topLabels(page, library, 5).contains(QStringLiteral("yellow heart")), qPrintable(topLabels(page, library, 5).join(QLatin1Char(','))));

    // Spoken by espeak-ng from the query box ("Speak"), then searched with the speech.
    query->setText(QStringLiteral("robot"));
    const std::string before = page->query().content; // the yellow heart's clip
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("speakQuery")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->query().content != before, 30000);
    QCOMPARE(page->query().kind, api::ItemKind::Audio);
    waitIdle(page);
    QVERIFY2(topLabels(page, library, 5).contains(QStringLiteral("robot")), qPrintable(topLabels(page, library, 5).join(QLatin1Char(','))));

    // Texts as the target: the ranking holds texts only.
    page->setTarget(api::ItemKind::Text);
    waitIdle(page);
    for (const auto& result : page->results())
        QCOMPARE(library->find(result.itemId)->kind, api::ItemKind::Text);
    page->setTarget(api::ItemKind::Image);
    waitIdle(page);

    const QString csv = m_dir.filePath(QStringLiteral("ranking.csv"));
    QVERIFY(page->exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 13);
    QVERIFY(lines[0].startsWith(QStringLiteral("rank,score")));
}

void TestPages::retrievalResultOpensItsExplanation()
{
    auto* page = openPage<ui::RetrievalPage>(QStringLiteral("retrieval"));
    page->searchText(QStringLiteral("robot"));
    waitIdle(page);
    auto* list = page->resultList();
    const QRect first = list->visualItemRect(list->item(0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, first.center());
    auto* attention = qobject_cast<ui::AttentionPage*>(m_window->analysisPage(QStringLiteral("attention")));
    QVERIFY(attention->isVisible());
    waitIdle(attention);
    QVERIFY(attention->explanation().has_value());
    QCOMPARE(attention->findChild<QLineEdit*>(QStringLiteral("attentionQuery"))->text(), QStringLiteral("robot"));
    QCOMPARE(attention->findChild<QComboBox*>(QStringLiteral("attentionImage"))->currentText(),
             m_window->library()->find(page->results().front().itemId)->label);
}

void TestPages::similarityMatrixScalesSortsAndExports()
{
    auto* page = openPage<ui::SimilarityPage>(QStringLiteral("similarity"));
    const auto& matrix = page->heatmap()->matrix();
    QCOMPARE(matrix.rows, 12);
    QCOMPARE(matrix.columns, 12);
    QCOMPARE(matrix.rowLabels.front(), QStringLiteral("grinning face"));
    // Pairs lie on the diagonal, and the model gets most of them.
    int diagonal = 0;
    for (int r = 0; r < matrix.rows; ++r) {
        int best = 0;
        for (int c = 1; c < matrix.columns; ++c)
            if (matrix.values[size_t(r * matrix.columns + c)] > matrix.values[size_t(r * matrix.columns + best)])
                best = c;
        diagonal += best == r;
    }
    QVERIFY2(diagonal >= 9, qPrintable(QString::number(diagonal)));
    QVERIFY(page->statusText().contains(QStringLiteral("%1 of 12").arg(diagonal)));
    // The image axis shows the pictures when they fit.
    QVERIFY(page->heatmap()->columnImagesShown());

    page->setScale(ui::SimilarityPage::Scale::SoftmaxPerRow);
    for (int r = 0; r < 12; ++r) {
        double sum = 0;
        for (int c = 0; c < 12; ++c)
            sum += page->heatmap()->matrix().values[size_t(r * 12 + c)];
        QVERIFY(std::abs(sum - 1) < 1e-6);
    }
    page->setScale(ui::SimilarityPage::Scale::Cosine);
    page->setSortByBestMatch(true);
    const auto sorted = page->heatmap()->matrix();
    auto rowMax = [&](int r) {
        return *std::max_element(sorted.values.begin() + r * 12, sorted.values.begin() + (r + 1) * 12);
    };
    for (int r = 1; r < 12; ++r)
        QVERIFY(rowMax(r - 1) >= rowMax(r));
    page->setSortByBestMatch(false);

    // Speech against images through the combo boxes.
    auto* rows = page->findChild<QComboBox*>(QStringLiteral("similarityRows"));
    rows->setCurrentIndex(rows->findData(static_cast<int>(api::ItemKind::Audio)));
    waitIdle(page);
    QCOMPARE(page->heatmap()->matrix().rowTitle, ui::itemKindText(api::ItemKind::Audio));
    QCOMPARE(page->heatmap()->matrix().rows, 12);

    const QString png = m_dir.filePath(QStringLiteral("similarity.png"));
    const QString pdf = m_dir.filePath(QStringLiteral("similarity.pdf"));
    const QString csv = m_dir.filePath(QStringLiteral("similarity.csv"));
    QVERIFY(page->heatmap()->exportPng(png) && page->heatmap()->exportPdf(pdf) && page->exportCsv(csv));
    QVERIFY(QImage(png).width() > 0 && QFileInfo(pdf).size() > 1000);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 13);
    page->setKinds(api::ItemKind::Text, api::ItemKind::Image);
    waitIdle(page);
}

void TestPages::similarityCellOpensItsExplanation()
{
    auto* page = openPage<ui::SimilarityPage>(QStringLiteral("similarity"));
    auto* heatmap = page->heatmap();
    // Row 2 ("face with tongue"... whatever lies there) against column 2: a click on the plot.
    const QPoint cell = heatmap->cellCenter(2, 2);
    QTest::mouseClick(heatmap->plot(), Qt::LeftButton, {}, heatmap->plot()->mapFrom(heatmap, cell));
    auto* attention = qobject_cast<ui::AttentionPage*>(m_window->analysisPage(QStringLiteral("attention")));
    QVERIFY(attention->isVisible());
    waitIdle(attention);
    const QString rowLabel = heatmap->matrix().rowLabels[2];
    QCOMPARE(attention->findChild<QLineEdit*>(QStringLiteral("attentionQuery"))->text(), rowLabel);
    QCOMPARE(attention->findChild<QComboBox*>(QStringLiteral("attentionImage"))->currentText(),
             heatmap->matrix().columnLabels[2]);
}

void TestPages::attentionMapsTokensSpeechAndExports()
{
    auto* page = openPage<ui::AttentionPage>(QStringLiteral("attention"));
    auto* library = m_window->library();
    const auto& robot = library->items()[size_t(libraryRow(library, api::ItemKind::Image, QStringLiteral("robot")))];
    page->explain({api::ItemKind::Text, "robot"}, robot.content, QStringLiteral("robot"));
    waitIdle(page);
    const auto& why = *page->explanation();
    QCOMPARE(why.grid, 6);
    // Relevancy, rollout, and per layer the mean and each head.
    QCOMPARE(page->mapNames().size(), 2 + why.layers * (why.heads + 1));
    QCOMPARE(page->tokens()->tokens().front(), QStringLiteral("[BOS]"));
    QCOMPARE(page->tokens()->tokens().back(), QStringLiteral("[EOS]"));

    // The overlay follows the chosen map: the relevancy's peak patch is drawn in the colour of 1.0.
    auto* overlay = page->overlay();
    int peak = 0;
    for (int i = 1; i < why.grid * why.grid; ++i)
        if (why.imageRelevancy.values[size_t(i)] > why.imageRelevancy.values[size_t(peak)])
            peak = i;
    const double px = (peak % why.grid + 0.5) / why.grid, py = (peak / why.grid + 0.5) / why.grid;
    const QColor atPeak = overlay->overlayColorAt(px, py);
    page->setMapIndex(2 + 3 * (why.heads + 1)); // layer 4, mean of heads
    QVERIFY(overlay->hasMap());
    page->setOpacity(0.0);
    QCOMPARE(overlay->opacity(), 0.0);
    page->setMapIndex(0);
    QCOMPARE(overlay->overlayColorAt(px, py), atPeak);

    // A token chip: the whole query's relevancy, said in the status line.
    auto* strip = page->tokens();
    QTest::mouseClick(strip, Qt::LeftButton, {}, strip->chipRect(1).center());
    QCOMPARE(strip->selected(), 1);
    QVERIFY(page->statusText().contains(QStringLiteral("whole query")));

    // Speech: one chip per 80 ms after the class token.
    const auto& speech = library->items()[size_t(libraryRow(library, api::ItemKind::Audio, QStringLiteral("robot")))];
    page->explain(speech.explorerItem(), robot.content, QStringLiteral("robot (speech)"));
    waitIdle(page);
    QCOMPARE(page->explanation()->secondsPerToken, 0.08);
    QCOMPARE(page->tokens()->tokens().front(), QStringLiteral("[CLS]"));
    QCOMPARE(page->tokens()->tokens()[1], QStringLiteral("0.00 s"));
    // Its spectrogram, with the relevancy of each 80 ms beneath.
    QVERIFY(page->speech()->isVisible() && page->speech()->hasSpectrogram());
    QCOMPARE(page->speech()->timeWeightCount(), int(page->tokens()->tokens().size()) - 1);
    QVERIFY(page->speech()->durationSeconds() > 0.3);

    const QString png = m_dir.filePath(QStringLiteral("attention.png"));
    const QString json = m_dir.filePath(QStringLiteral("attention.json"));
    QVERIFY(overlay->exportPng(png));
    QVERIFY(QImage(png).width() == 640);
    QVERIFY(page->exportJson(json));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("\"relevancy\"") && text.contains("\"query_kind\": \"audio\""));
}

void TestPages::embeddingMapProjectsLassoesAndCompares()
{
    auto* page = openPage<ui::EmbeddingMapPage>(QStringLiteral("embedding-map"));
    auto* map = page->map();
    QCOMPARE(map->points().size(), 384u);
    QCOMPARE(page->modalityGaps().size(), 3u); // image-text, image-audio, text-audio
    for (const auto& [pair, gap] : page->modalityGaps())
        QVERIFY2(gap > 0 && gap < 2, qPrintable(pair));

    // A lasso dragged with the mouse around the neighbourhood of one point.
    const QPoint centre = map->pointPosition(0);
    auto* plot = map->plot();
    const QPoint c = plot->mapFrom(map, centre);
    QTest::mousePress(plot, Qt::LeftButton, {}, c + QPoint(-25, -25));
    for (const QPoint corner : {QPoint(25, -25), QPoint(25, 25), QPoint(-25, 25), QPoint(-25, -24)})
        QTest::mouseMove(plot, c + corner);
    QTest::mouseRelease(plot, Qt::LeftButton, {}, c + QPoint(-25, -24));
    const auto selected = map->selected();
    QVERIFY(std::find(selected.begin(), selected.end(), 0) != selected.end());
    for (const int index : selected) {
        const QPoint p = map->pointPosition(index) - centre;
        QVERIFY(std::abs(p.x()) <= 26 && std::abs(p.y()) <= 26);
    }

    // The selection goes to the similarity matrix.
    auto* similarity = qobject_cast<ui::SimilarityPage*>(m_window->analysisPage(QStringLiteral("similarity")));
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("mapCompare")), Qt::LeftButton);
    QVERIFY(similarity->isVisible());
    waitIdle(similarity);
    const auto& matrix = similarity->heatmap()->matrix();
    QVERIFY(matrix.rows >= 1 && matrix.columns >= 1);
    QVERIFY(size_t(matrix.rows) <= selected.size());

    // t-SNE: the same points, placed differently.
    m_window->showPage(QStringLiteral("embedding-map"));
    const auto pca = map->points();
    page->setMethod(ui::EmbeddingMapPage::Method::Tsne);
    waitIdle(page);
    QCOMPARE(map->points().size(), 384u);
    QVERIFY(map->points()[5].x != pca[5].x);
    const QString csv = m_dir.filePath(QStringLiteral("map.csv"));
    QVERIFY(page->exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 385);
    QVERIFY(map->exportPng(m_dir.filePath(QStringLiteral("map.png"))));
    page->setMethod(ui::EmbeddingMapPage::Method::Pca);
    waitIdle(page);
}

void TestPages::evaluationMeasuresEveryDirectionAndDrillsDown()
{
    auto* page = openPage<ui::EvaluationPage>(QStringLiteral("evaluation"));
    // Queries: images, texts, Chinese texts, speech; targets: images, texts, speech;
    // never within one modality: 8 directions.
    const auto& results = page->results();
    QStringList names;
    for (const auto& result : results)
        names << result.name;
    QVERIFY2(results.size() == 8, qPrintable(names.join(QLatin1Char('|'))));
    for (const auto& result : results) {
        QVERIFY(result.recallAtK.at(1) <= result.recallAtK.at(5) && result.recallAtK.at(5) <= result.recallAtK.at(10));
        QCOMPARE(result.queryIds.size(), 96u);
        // The built-in model learned these emoji: far above chance (10 in 96 at R@10).
        QVERIFY2(result.recallAtK.at(10) > 0.5, qPrintable(result.name));
    }
    // Recall@1 agrees with the ranks the table lists.
    const auto& first = results.front();
    const auto hits = std::count(first.ranks.begin(), first.ranks.end(), size_t(1));
    QCOMPARE(first.recallAtK.at(1), double(hits) / double(first.ranks.size()));
    QCOMPARE(page->directions()->rowCount(), 8);
    QCOMPARE(page->queries()->rowCount(), 96);
    // Misses first.
    QVERIFY(page->queries()->item(0, 1)->text().toInt() >= page->queries()->item(95, 1)->text().toInt());

    // A missed query opens its ranking on the retrieval page.
    page->queries()->selectRow(0);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("evaluationRanking")), Qt::LeftButton);
    auto* retrieval = qobject_cast<ui::RetrievalPage*>(m_window->analysisPage(QStringLiteral("retrieval")));
    QVERIFY(retrieval->isVisible());
    waitIdle(retrieval);
    const int queryId = first.queryIds[size_t(page->queries()->item(0, 0)->data(Qt::UserRole).toInt())];
    QCOMPARE(QString::fromStdString(retrieval->query().content), m_window->library()->find(queryId)->content);

    // ... its similarity row, and its attention map.
    m_window->showPage(QStringLiteral("evaluation"));
    page->queries()->selectRow(0);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("evaluationSimilarity")), Qt::LeftButton);
    auto* similarity = qobject_cast<ui::SimilarityPage*>(m_window->analysisPage(QStringLiteral("similarity")));
    QVERIFY(similarity->isVisible());
    waitIdle(similarity);
    QVERIFY(similarity->heatmap()->matrix().rows >= 1 && similarity->heatmap()->matrix().columns >= 1);
    m_window->showPage(QStringLiteral("evaluation"));
    page->selectDirection(0);
    page->queries()->selectRow(0);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("evaluationAttention")), Qt::LeftButton);
    auto* attention = qobject_cast<ui::AttentionPage*>(m_window->analysisPage(QStringLiteral("attention")));
    QVERIFY(attention->isVisible());
    waitIdle(attention);
    QVERIFY(attention->hasResults());

    const QString csv = m_dir.filePath(QStringLiteral("evaluation.csv"));
    const QString json = m_dir.filePath(QStringLiteral("evaluation.json"));
    QVERIFY(page->exportCsv(csv) && page->exportJson(json));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 9);
}

void TestPages::vqaAnswersZeroShotWithMiniAndAnImportedClip()
{
    // Zero-shot (the page opens on the shapes models; tests/gui/test_vqa_lab covers those).
    m_window->showPage(QStringLiteral("vqa"));
    qobject_cast<ui::VqaPage*>(m_window->analysisPage(QStringLiteral("vqa")))->setMode(ui::VqaPage::Mode::ZeroShot);
    auto* page = openPage<ui::VqaPage>(QStringLiteral("vqa"));
    // First launch: "What is in the picture?" about the first image, its own name among four.
    auto sum = [](const std::vector<double>& p) { return std::accumulate(p.begin(), p.end(), 0.0); };
    QCOMPARE(page->probabilities().size(), 4u);
    QVERIFY(std::abs(sum(page->probabilities()) - 1) < 1e-6);
    QCOMPARE(page->bestAnswer(), QStringLiteral("grinning face"));
    QVERIFY(page->overlay()->hasMap());

    // Typed through the widgets: another picture, edited answers.
    auto* library = m_window->library();
    const auto& robot = library->items()[size_t(libraryRow(library, api::ItemKind::Image, QStringLiteral("robot")))];
    auto* image = page->findChild<QComboBox*>(QStringLiteral("vqaImage"));
    image->setCurrentIndex(image->findData(robot.content));
    auto* answers = page->findChild<QLineEdit*>(QStringLiteral("vqaAnswers"));
    answers->setText(QStringLiteral("yellow heart, robot, ticket"));
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("vqaAsk")), Qt::LeftButton);
    waitIdle(page);
    QCOMPARE(page->chart()->labels(), (QStringList{QStringLiteral("yellow heart"), QStringLiteral("robot"), QStringLiteral("ticket")}));
    QCOMPARE(page->bestAnswer(), QStringLiteral("robot"));
    QCOMPARE(page->chart()->highlighted(), 1);
    const QString json = m_dir.filePath(QStringLiteral("answers.json"));
    QVERIFY(page->exportJson(json) && page->chart()->exportPng(m_dir.filePath(QStringLiteral("answers.png"))));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("\"answer\": \"robot\""));

    // An imported CLIP (the clip-tiny fixture): the caption template switches to
    // question + answer, and the answers still come as probabilities.
    const QString fixtures = qEnvironmentVariable("FUSIONSCOPE_FIXTURES");
    QVERIFY2(!fixtures.isEmpty(), "FUSIONSCOPE_FIXTURES must name the golden fixtures (CTest sets it)");
    const QString clip = QDir(fixtures).filePath(QStringLiteral("clip-tiny/hf"));
    m_window->openModel(clip);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->models()->modelName() == clip && !m_window->models()->opening(), 60000);
    waitIdle(page);
    QCOMPARE(page->findChild<QLineEdit*>(QStringLiteral("vqaTemplate"))->text(),
             QStringLiteral("question: {question} answer: {answer}"));
    QVERIFY(std::abs(sum(page->probabilities()) - 1) < 1e-6);
    QCOMPARE(m_window->strategyText(), m_window->tr("Contrastive alignment (CLIP)"));
}

void TestPages::cleanupTestCase()
{
    m_window.reset();
    m_bridge.reset();
}

QTEST_MAIN(TestPages)
#include "test_pages.moc"
