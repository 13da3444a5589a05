// The shapes VQA models in the app: the Questions page answering with every
// fusion strategy side by side, typed and spoken, the Evaluation page scoring them on a question
// set and opening a missed question, and the Fusion Lab page (shipped results,
// a real run with live curves, cancel, export and reopen).

#include "ui/engine_bridge.h"
#include "ui/evaluation_page.h"
#include "ui/fusion_lab_page.h"
#include "ui/main_window.h"
#include "ui/model_host.h"
#include "ui/shapes_vqa_panel.h"
#include "ui/vqa_evaluation_panel.h"
#include "ui/vqa_page.h"
#include "widgets/bar_chart.h"
#include "widgets/curve_chart.h"
#include "widgets/grouped_bar_chart.h"
#include "widgets/overlay_image_view.h"

#include "io/audio.h"
#include "io/speech.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <numeric>

using namespace fscope;

class TestVqaLab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void questionsPageAnswersWithEveryStrategy();
    void questionsPageHearsSpokenQuestions();
    void evaluationScoresQuestionSetsAndOpensMisses();
    void fusionLabShowsShippedResultsThenRuns();
    void cleanupTestCase();

private:
    std::unique_ptr<ui::EngineBridge> m_bridge;
    std::unique_ptr<ui::MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestVqaLab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_bridge = std::make_unique<ui::EngineBridge>(ui::EngineSettings{runtime::DevicePreference::Cpu, 0});
    ui::MainWindowOptions options;
    options.resourceDir = QStringLiteral(FUSIONSCOPE_SOURCE_RESOURCES);
    options.cacheDir = m_dir.filePath(QStringLiteral("cache"));
    options.model = QStringLiteral("builtin:mini");
    m_window = std::make_unique<ui::MainWindow>(m_bridge.get(), options);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->pageNames().size(), 8);
    QCOMPARE(m_window->pageNames().back(), QStringLiteral("lab"));
}

void TestVqaLab::questionsPageAnswersWithEveryStrategy()
{
    m_window->showPage(QStringLiteral("vqa"));
    auto* page = qobject_cast<ui::VqaPage*>(m_window->analysisPage(QStringLiteral("vqa")));
    QVERIFY(page->shapesAvailable());
    QCOMPARE(page->mode(), ui::VqaPage::Mode::Shapes); // where the page opens when the models are here
    QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && page->hasResults(), 60000);
    auto* panel = page->shapesPanel();
    QCOMPARE(panel->answers().size(), 4u); // early, late, xattn, gated, side by side

    // Typed through the widgets: the sample's first scene and one of its questions.
    auto* scene = panel->findChild<QComboBox*>(QStringLiteral("shapesScene"));
    QVERIFY(scene->count() >= 12 + 96); // the sample's scenes, then the library's pictures
    scene->setCurrentIndex(0);
    auto* question = panel->findChild<QComboBox*>(QStringLiteral("shapesQuestion"));
    question->setCurrentText(QStringLiteral("What is the shape of the red object?"));
    QCOMPARE(panel->expectedAnswer(), QStringLiteral("circle"));
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("shapesAsk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && m_bridge->pendingJobs() == 0, 60000);
    QCOMPARE(panel->answers().size(), 4u);
    for (const auto& a : panel->answers()) {
        const double total = std::accumulate(a.answer.scores.begin(), a.answer.scores.end(), 0.0,
                                             [](double sum, const auto& s) { return sum + s.second; });
        QVERIFY(std::abs(total - 1) < 1e-4);
        QCOMPARE(a.answer.scores.size(), 10u);
        // Only the attention strategies say where they looked.
        const bool attends = a.strategy == QLatin1String("xattn") || a.strategy == QLatin1String("gated");
        QCOMPARE(!a.answer.attention.empty(), attends);
        QCOMPARE(int(a.answer.attention.size()), attends ? a.answer.grid * a.answer.grid : 0);
        if (a.strategy == QLatin1String("xattn"))
            QCOMPARE(QString::fromStdString(a.answer.answer), QStringLiteral("circle"));
        if (a.strategy == QLatin1String("late"))
            QCOMPARE(a.answer.modalityWeights.size(), 2u);
    }
    QVERIFY(panel->cardText(2)->text().contains(QStringLiteral("circle")));
    QVERIFY(panel->cardText(2)->text().contains(QStringLiteral("✓")));
    QVERIFY(panel->cardOverlay(2)->hasMap());
    QVERIFY(!panel->cardOverlay(0)->hasMap()); // early fusion pools the image
    // The detail: all ten answers of the chosen strategy, and its attention.
    panel->setDetailStrategy(QStringLiteral("xattn"));
    QCOMPARE(panel->chart()->labels().size(), 10);
    QCOMPARE(panel->chart()->labels()[panel->chart()->highlighted()], QStringLiteral("circle"));
    QVERIFY(panel->overlay()->hasMap());
    panel->setDetailStrategy(QStringLiteral("late"));
    QVERIFY(!panel->overlay()->hasMap());
    QVERIFY(panel->chart()->exportPng(m_dir.filePath(QStringLiteral("shapes.png"))));
}

void TestVqaLab::questionsPageHearsSpokenQuestions()
{
    m_window->showPage(QStringLiteral("vqa"));
    auto* page = qobject_cast<ui::VqaPage*>(m_window->analysisPage(QStringLiteral("vqa")));
    auto* panel = page->shapesPanel();
    auto* scene = panel->findChild<QComboBox*>(QStringLiteral("shapesScene"));
    scene->setCurrentIndex(0);
    panel->setQuestion(QStringLiteral("What is the shape of the red object?"));
    // Spoken by espeak-ng in an accent the speech reader never heard, chosen in the combo.
    auto* askAs = panel->findChild<QComboBox*>(QStringLiteral("shapesAskAs"));
    const int rp = askAs->findData(QStringLiteral("en-gb-x-rp"));
    QVERIFY(rp > 0);
    askAs->setCurrentIndex(rp);
    Q_EMIT askAs->activated(rp);
    QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && m_bridge->pendingJobs() == 0 && !panel->answers().empty()
                                 && !panel->answers().front().answer.heard.empty(),
                             60000);
    QCOMPARE(panel->answers().size(), 4u);
    for (const auto& a : panel->answers())
        QCOMPARE(QString::fromStdString(a.answer.heard), QStringLiteral("what is the shape of the red object"));
    auto* summary = panel->findChild<QLabel*>(QStringLiteral("shapesSummary"));
    QVERIFY(summary->text().contains(QStringLiteral("what is the shape of the red object")));
    QCOMPARE(panel->expectedAnswer(), QStringLiteral("circle")); // found from what was heard
    QVERIFY(panel->cardText(2)->text().contains(QStringLiteral("circle")));

    // A recorded question from a file: the models hear it, not the typed text.
    const QString wav = m_dir.filePath(QStringLiteral("top-blue.wav"));
    {
        auto clip = io::synthesizeSpeech("Is the blue object at the top?", {"en-us", 165});
        QVERIFY(clip);
        QVERIFY(io::saveAudio(wav.toStdString(), *clip, io::AudioFileFormat::Wav16));
    }
    panel->setQuestionAudio(wav);
    QVERIFY(panel->speechVoice().isEmpty());
    QCOMPARE(panel->questionAudio(), wav);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("shapesAsk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->busy() && m_bridge->pendingJobs() == 0 && !panel->answers().empty()
                                 && panel->answers().front().answer.heard == "is the blue object at the top",
                             60000);
    // A file that is not audio is refused by name.
    const QString bad = m_dir.filePath(QStringLiteral("not-audio.wav"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a sound");
    }
    panel->setQuestionAudio(bad);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("shapesAsk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QStringLiteral("not-audio.wav")), 30000);
    panel->askInVoice({});
    QVERIFY(panel->speechVoice().isEmpty() && panel->questionAudio().isEmpty());
}

void TestVqaLab::evaluationScoresQuestionSetsAndOpensMisses()
{
    m_window->showPage(QStringLiteral("evaluation"));
    auto* page = qobject_cast<ui::EvaluationPage*>(m_window->analysisPage(QStringLiteral("evaluation")));
    auto* panel = page->vqaPanel();
    QVERIFY(panel->questionSet().endsWith(QStringLiteral("samples/shapes/test.jsonl")));
    page->tabs()->setCurrentWidget(panel); // scored when first looked at
    QTRY_VERIFY_WITH_TIMEOUT(panel->hasResults(), 60000);
    const auto& evaluation = panel->evaluation();
    QCOMPARE(evaluation.questions.size(), 240u);
    QCOMPARE(evaluation.strategies.size(), 4);
    QCOMPARE(panel->metrics()->columnCount(), 4);
    const int xattn = int(evaluation.strategies.indexOf(QStringLiteral("xattn")));
    QVERIFY(evaluation.scores[size_t(xattn)].accuracy > 0.8);
    QVERIFY(panel->relationalAccuracy(xattn, false) > 0.95);
    // One-word answers: ROUGE-L is the accuracy, BLEU-4 has no 4-grams.
    QVERIFY(std::abs(evaluation.scores[size_t(xattn)].rougeL - evaluation.scores[size_t(xattn)].accuracy) < 1e-9);
    QCOMPARE(evaluation.scores[size_t(xattn)].bleu4, 0.0);
    QCOMPARE(panel->chart()->series().size(), 4);
    QCOMPARE(panel->chart()->categories().size(), 6); // the question types
    // The answers of a strategy, misses first; a double-click opens the question.
    panel->showAnswersOf(QStringLiteral("early"));
    auto* answers = panel->answers();
    QCOMPARE(answers->rowCount(), 240);
    QVERIFY(answers->item(0, 2)->text().endsWith(QStringLiteral("✗"))); // early fusion misses some
    const QString missed = answers->item(0, 0)->text();
    Q_EMIT answers->itemDoubleClicked(answers->item(0, 0));
    QCOMPARE(m_window->currentPageName(), QStringLiteral("vqa"));
    auto* vqa = qobject_cast<ui::VqaPage*>(m_window->analysisPage(QStringLiteral("vqa")));
    QCOMPARE(vqa->shapesPanel()->question(), missed);
    QTRY_VERIFY_WITH_TIMEOUT(!vqa->busy() && m_bridge->pendingJobs() == 0, 60000);
    QVERIFY(!vqa->shapesPanel()->expectedAnswer().isEmpty());
    // Exports.
    const QString csv = m_dir.filePath(QStringLiteral("vqa.csv"));
    const QString json = m_dir.filePath(QStringLiteral("vqa.json"));
    QVERIFY(panel->exportCsv(csv) && panel->exportJson(json));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()).count(QLatin1Char('\n')), 1 + 4 * 240);
    // A question set that cannot be read is named.
    const QString bad = m_dir.filePath(QStringLiteral("bad.jsonl"));
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write("{\"image\": \"a.png\"}\n");
    badFile.close();
    panel->setQuestionSet(bad);
    page->evaluateQuestions();
    QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QStringLiteral("bad.jsonl")), 30000);
    QCOMPARE(panel->evaluation().questions.size(), 240u); // the previous results stay
}

void TestVqaLab::fusionLabShowsShippedResultsThenRuns()
{
    m_window->showPage(QStringLiteral("lab"));
    auto* page = qobject_cast<ui::FusionLabPage*>(m_window->analysisPage(QStringLiteral("lab")));
    // Before any run: the results made by `fusionscope-cli lab`, shipped in resources/samples/lab.
    QVERIFY(page->hasResults());
    QVERIFY(page->resultsAreShipped());
    QCOMPARE(page->results().size(), 4u);
    QCOMPARE(page->table()->rowCount(), 4);
    QCOMPARE(page->perTypeChart()->categories().size(), 6);
    QCOMPARE(page->droppedChart()->series().size(), 4);
    QVERIFY(page->accuracyChart()->pointCount(QStringLiteral("xattn")) > 3);
    QVERIFY(page->findChild<QLabel*>(QStringLiteral("labSummary"))->text().contains(QStringLiteral("fusionscope-cli lab")));

    // A small real run through the widgets: two strategies, 40 scenes, one epoch.
    page->findChild<QCheckBox*>(QStringLiteral("labStrategy_late"))->setChecked(false);
    page->findChild<QCheckBox*>(QStringLiteral("labStrategy_xattn"))->setChecked(false);
    page->findChild<QSpinBox*>(QStringLiteral("labScenes"))->setValue(40);
    page->findChild<QDoubleSpinBox*>(QStringLiteral("labEpochs"))->setValue(1);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("labRun")), Qt::LeftButton);
    QVERIFY(page->running());
    QVERIFY(page->findChild<QPushButton*>(QStringLiteral("labCancel"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!page->running(), 240000);
    QVERIFY2(!page->resultsAreShipped(), qPrintable(page->statusText()));
    QCOMPARE(page->results().size(), 2u);
    QCOMPARE(page->results()[0].strategy, std::string("early"));
    QCOMPARE(page->results()[1].strategy, std::string("gated"));
    for (const auto& r : page->results()) {
        QVERIFY(r.steps > 0 && r.parameters > 0);
        QVERIFY(r.overall > 0 && r.overall <= 1);
        QCOMPARE(r.perType.size(), 6u);
    }
    QVERIFY(!page->results()[1].attentionGates.empty()); // gated reports its gates per layer
    QCOMPARE(page->table()->rowCount(), 2);
    // The curves grew while it ran.
    auto* loss = page->lossChart();
    QCOMPARE(loss->seriesNames(), (QStringList{QStringLiteral("early"), QStringLiteral("gated")}));
    QVERIFY(loss->pointCount(QStringLiteral("gated")) >= 2);
    // However fast points come, the plot is redrawn a few times a second, not per point.
    QTest::qWait(300);
    const int replots = loss->replotCount();
    for (int i = 0; i < 500; ++i)
        loss->addPoint(QStringLiteral("burst"), i, 1.0 / (1 + i));
    QTest::qWait(400);
    QCOMPARE(loss->pointCount(QStringLiteral("burst")), 500);
    QVERIFY(loss->replotCount() - replots <= 2);
    QCOMPARE(page->tabs()->currentIndex(), 0); // the comparison, once finished

    // Export, and read back.
    const QString json = m_dir.filePath(QStringLiteral("lab.json"));
    QVERIFY(page->exportJson(json));
    QVERIFY(page->perTypeChart()->exportPng(m_dir.filePath(QStringLiteral("lab.png"))));
    QVERIFY(page->accuracyChart()->exportPdf(m_dir.filePath(QStringLiteral("lab.pdf"))));
    QVERIFY(page->loadResults(json));
    QCOMPARE(page->results().size(), 2u);
    QVERIFY(!page->loadResults(m_dir.filePath(QStringLiteral("vqa.csv"))));
    QVERIFY(page->statusText().contains(QStringLiteral("vqa.csv")));
    QCOMPARE(page->results().size(), 2u);

    // Cancel stops a run within seconds and keeps the results shown.
    page->run({QStringLiteral("xattn")}, 40, 20);
    QVERIFY(page->running());
    QTest::qWait(500);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("labCancel")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->running(), 30000);
    QCOMPARE(page->results().size(), 2u);
}

void TestVqaLab::cleanupTestCase()
{
    m_window.reset();
    m_bridge.reset();
}

QTEST_MAIN(TestVqaLab)
#include "test_vqa_lab.moc"
