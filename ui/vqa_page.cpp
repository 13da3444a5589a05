#include "ui/vqa_page.h"

#include "ui/qt_convert.h"
#include "ui/shapes_vqa_panel.h"
#include "ui/speech.h"

#include "api/media.h"
#include "api/answering.h"
#include "api/question_sets.h"
#include "util/json.h"
#include "util/text_file.h"
#include "widgets/bar_chart.h"
#include "widgets/overlay_image_view.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QDir>
#include <QPushButton>
#include <QStackedWidget>

#include <map>
#include <optional>
#include <stdexcept>

namespace fscope::ui {

namespace {

struct VqaResult {
    std::vector<double> probabilities;
    api::PairExplanationData why; // of the winning caption
};

struct ShapesResult {
    QImage scene;
    std::vector<StrategyAnswer> answers;
};

} // namespace

// The opened shapes models, kept between questions (engine thread only).
struct ShapesModels {
    std::map<std::string, std::unique_ptr<api::Answerer>> answerers; // by catalogue id
};

VqaPage::VqaPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_mode(new QComboBox(this)), m_modes(new QStackedWidget(this)),
      m_shapes(new ShapesVqaPanel(this)), m_shapesModels(std::make_shared<ShapesModels>()), m_imageCombo(new QComboBox(this)), m_question(new QLineEdit(this)),
      m_answers(new QLineEdit(this)), m_template(new QLineEdit(this)), m_chart(new widgets::BarChart(this)),
      m_overlay(new widgets::OverlayImageView(this)), m_summary(new QLabel(this))
{
    m_imageCombo->setObjectName(QStringLiteral("vqaImage"));
    m_imageCombo->setMinimumContentsLength(16);
    m_imageCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_question->setObjectName(QStringLiteral("vqaQuestion"));
    m_question->setPlaceholderText(tr("A question about the image"));
    m_answers->setObjectName(QStringLiteral("vqaAnswers"));
    m_answers->setPlaceholderText(tr("Candidate answers, separated by commas"));
    m_template->setObjectName(QStringLiteral("vqaTemplate"));
    m_template->setToolTip(tr("How a question and an answer become the caption the model compares with the image"));
    auto* askButton = new QPushButton(tr("Answer"), this);
    askButton->setObjectName(QStringLiteral("vqaAsk"));
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);

    auto* form = new QFormLayout;
    auto* imageRow = new QHBoxLayout;
    imageRow->addWidget(m_imageCombo, 1);
    imageRow->addWidget(askButton);
    imageRow->addWidget(exportButton);
    form->addRow(tr("Image:"), imageRow);
    form->addRow(tr("Question:"), m_question);
    form->addRow(tr("Answers:"), m_answers);
    form->addRow(tr("Caption template:"), m_template);

    m_chart->setObjectName(QStringLiteral("vqaChart"));
    m_chart->setValueTitle(tr("probability"));
    m_overlay->setObjectName(QStringLiteral("vqaOverlay"));
    m_overlay->setMaximumWidth(360);
    m_summary->setWordWrap(true);
    auto* body = new QHBoxLayout;
    body->addWidget(m_chart, 3);
    body->addWidget(m_overlay, 2);

    auto* note = new QLabel(tr("Zero-shot: the model was not trained to answer questions; it ranks the captions "
                               "that each answer makes."),
                            this);
    note->setWordWrap(true);
    auto* zeroShot = new QWidget(this);
    auto* zeroShotLayout = new QVBoxLayout(zeroShot);
    zeroShotLayout->setContentsMargins(0, 0, 0, 0);
    zeroShotLayout->addLayout(form);
    zeroShotLayout->addWidget(m_summary);
    zeroShotLayout->addLayout(body, 1);
    zeroShotLayout->addWidget(note);

    // The shapes models of the installed strategies.
    if (m_context.models)
        m_shapesAnswerers = m_context.models->catalog().installedAnswerers();
    for (const auto& record : m_shapesAnswerers)
        m_shapesStrategies << QString::fromStdString(api::fusionStrategyId(record.strategy));
    m_shapes->setStrategies(m_shapesStrategies);
    m_modes->addWidget(m_shapes);
    m_modes->addWidget(zeroShot);
    m_mode->setObjectName(QStringLiteral("vqaMode"));
    m_mode->addItem(tr("Shapes VQA models, every fusion strategy"), int(Mode::Shapes));
    m_mode->addItem(tr("Zero-shot with the open model"), int(Mode::ZeroShot));
    if (m_shapesStrategies.isEmpty()) {
        m_mode->setItemData(0, tr("The shapes VQA models are not installed"), Qt::ToolTipRole);
        setMode(Mode::ZeroShot);
    }
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(new QLabel(tr("Answer with:"), this));
    modeRow->addWidget(m_mode, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(modeRow);
    layout->addWidget(m_modes, 1);
    layout->addWidget(statusLabel());
    connect(m_mode, &QComboBox::activated, this, [this](int index) { setMode(Mode(m_mode->itemData(index).toInt())); });
    connect(m_shapes, &ShapesVqaPanel::askRequested, this, &VqaPage::runShapes);

    auto askTyped = [this] {
        QStringList answers;
        for (const auto& answer : m_answers->text().split(QLatin1Char(',')))
            if (!answer.trimmed().isEmpty())
                answers << answer.trimmed();
        ask(m_imageCombo->currentData().toString(), m_question->text().trimmed(), answers);
    };
    connect(askButton, &QPushButton::clicked, this, askTyped);
    connect(m_question, &QLineEdit::returnPressed, this, askTyped);
    connect(m_answers, &QLineEdit::returnPressed, this, askTyped);
    connect(m_context.library, &LibraryModel::libraryChanged, this, &VqaPage::fillImageChoices);
    addExportAction(exportMenu, tr("PNG image…"), QStringLiteral("answers.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_chart->exportPng(path); });
    addExportAction(exportMenu, tr("PDF document…"), QStringLiteral("answers.pdf"), tr("PDF (*.pdf)"),
                    [this](const QString& path) { return m_chart->exportPdf(path); });
    addExportAction(exportMenu, tr("JSON data…"), QStringLiteral("answers.json"), tr("JSON (*.json)"),
                    [this](const QString& path) { return exportJson(path); });
    fillImageChoices();
}

void VqaPage::fillImageChoices()
{
    fillImageCombo(m_imageCombo);
    fillShapesScenes();
}

void VqaPage::fillShapesScenes()
{
    // The sample's scenes with their questions, then the library's pictures.
    QStringList labels, paths;
    std::vector<std::vector<ShapesVqaPanel::SceneQuestion>> questions;
    const QString sample = QDir(m_context.models ? m_context.models->resourceDir() : QString())
                               .filePath(QStringLiteral("samples/shapes/test.jsonl"));
    if (auto set = api::readVqaQuestions(sample.toStdString(), {}, false, false)) {
        for (const auto& q : *set) {
            const QString path = QString::fromStdString(q.image);
            if (paths.isEmpty() || paths.back() != path) {
                paths << path;
                labels << tr("Shapes scene %1").arg(paths.size());
                questions.emplace_back();
            }
            questions.back().push_back({QString::fromStdString(q.question),
                                        q.references.empty() ? QString() : QString::fromStdString(q.references.front())});
        }
    }
    for (const auto& item : m_context.library->itemsOfKind(api::ItemKind::Image)) {
        labels << item.label;
        paths << item.content;
    }
    m_shapes->setScenes(labels, paths, questions);
}

bool VqaPage::hasResults() const
{
    return mode() == Mode::Shapes ? !m_shapes->answers().empty() : !m_probabilities.empty();
}

VqaPage::Mode VqaPage::mode() const
{
    return m_modes->currentWidget() == m_shapes ? Mode::Shapes : Mode::ZeroShot;
}

void VqaPage::setMode(Mode mode)
{
    if (mode == Mode::Shapes && m_shapesStrategies.isEmpty())
        mode = Mode::ZeroShot;
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
    m_modes->setCurrentWidget(mode == Mode::Shapes ? static_cast<QWidget*>(m_shapes) : m_modes->widget(1));
    setStatus({});
    if (mode == Mode::Shapes ? m_shapes->answers().empty() : m_probabilities.empty())
        markStale();
}

void VqaPage::askShapes(const QString& scenePath, const QString& question)
{
    setMode(Mode::Shapes);
    m_shapes->selectScene(scenePath);
    m_shapes->setQuestion(question);
    runShapes();
}

void VqaPage::runShapes()
{
    const QString scene = m_shapes->scenePath();
    const QString question = m_shapes->question();
    const QString voice = m_shapes->speechVoice();
    const QString audio = m_shapes->questionAudio();
    if (scene.isEmpty() || (question.isEmpty() && audio.isEmpty())) {
        setStatus(tr("Pick a scene and type a question about it."), true);
        return;
    }
    if (!voice.isEmpty()) {
        // Spoken from the typed words first, then heard like any recording.
        speakToFile(m_context.bridge, this, question, voice, m_context.speechDir,
                    [this, scene, question](const QString& wav, const QString& error) {
                        if (!error.isEmpty())
                            setStatus(tr("Could not speak the question: %1").arg(error), true);
                        else
                            runShapesJob(scene, question, wav);
                    });
        return;
    }
    if (!audio.isEmpty())
        runShapesJob(scene, {}, audio);
    else
        runShapesJob(scene, question, {});
}

void VqaPage::runShapesJob(const QString& scene, const QString& question, const QString& audio)
{
    const QString title = audio.isEmpty()      ? question
                          : question.isEmpty() ? QFileInfo(audio).fileName()
                                               : tr("%1 (spoken)").arg(question);
    runJob(
        tr("Answer “%1”").arg(title),
        [models = m_shapesModels, catalog = m_context.models->catalog(), answerers = m_shapesAnswerers,
         path = scene.toStdString(), text = question.toStdString(), audio = audio.toStdString()](runtime::JobContext& context) {
            context.reportProgress(-1);
            auto image = io::loadImage(path);
            if (!image)
                throw std::runtime_error(image.error().message);
            api::VqaQuestion asked;
            asked.image = path;
            asked.question = text;
            asked.audio = audio;
            ShapesResult result;
            result.scene = toQImage(*image);
            for (const auto& record : answerers) {
                auto& answerer = models->answerers[record.id];
                if (!answerer) {
                    // The shapes models answer on the CPU whatever the device setting.
                    auto opened = api::Answerer::open(record, catalog, runtime::DeviceInfo{});
                    if (!opened)
                        throw std::runtime_error(opened.error().message);
                    answerer = std::move(*opened);
                }
                auto answer = answerer->answer({asked});
                if (!answer)
                    throw std::runtime_error(answer.error().message);
                result.answers.push_back({QString::fromStdString(api::fusionStrategyId(record.strategy)),
                                          std::move(answer->front())});
            }
            return std::any(std::move(result));
        },
        [this](const std::any& value) {
            const auto& result = std::any_cast<const ShapesResult&>(value);
            m_shapes->showAnswers(result.scene, result.answers);
        });
}

QString VqaPage::defaultTemplate() const
{
    // mini learned names, not sentences: the answer alone is its best caption.
    // CLIP read captions of photos: the question and the answer together.
    return QString::fromStdString(api::Answerer::defaultTemplate(m_context.models->model()));
}

void VqaPage::recompute()
{
    if (mode() == Mode::Shapes) {
        if (m_shapes->scenePath().isEmpty())
            fillShapesScenes();
        runShapes();
        return;
    }
    if (m_template->text().isEmpty() || m_modelUsed != m_context.models->modelName())
        m_template->setText(defaultTemplate());
    if (m_imagePath.isEmpty()) {
        // First launch: the first picture, with its own name among those of the next
        // three (in the sample, faces much like it) as the answers.
        const auto images = m_context.library->itemsOfKind(api::ItemKind::Image);
        if (images.size() < 2) {
            setStatus(tr("Add images to the library, then ask a question about one."));
            return;
        }
        QStringList answers;
        for (size_t i = 0; i < images.size() && answers.size() < 4; ++i)
            answers << images[i].label;
        m_question->setText(tr("What is in the picture?"));
        m_answers->setText(answers.join(QStringLiteral(", ")));
        m_imagePath = images.front().content;
        m_answerList = answers;
        fillImageChoices();
        m_imageCombo->setCurrentIndex(std::max(0, m_imageCombo->findData(m_imagePath)));
    }
    run();
}

void VqaPage::ask(const QString& imagePath, const QString& question, const QStringList& answers)
{
    if (imagePath.isEmpty() || answers.size() < 2) {
        setStatus(tr("Pick an image and give at least two candidate answers."), true);
        return;
    }
    m_imagePath = imagePath;
    m_answerList = answers;
    m_question->setText(question);
    m_answers->setText(answers.join(QStringLiteral(", ")));
    if (const int index = m_imageCombo->findData(imagePath); index >= 0)
        m_imageCombo->setCurrentIndex(index);
    run();
}

void VqaPage::run()
{
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    if (m_template->text().trimmed().isEmpty())
        m_template->setText(defaultTemplate());
    m_templateUsed = m_template->text();
    m_modelUsed = m_context.models->modelName();
    std::vector<std::string> answers;
    for (const auto& answer : m_answerList)
        answers.push_back(answer.toStdString());
    runJob(
        tr("Answer “%1”").arg(m_question->text()),
        [explorer = m_context.models->explorer(), model = m_context.models->model(), image = m_imagePath.toStdString(),
         question = m_question->text().toStdString(), answers, templ = m_templateUsed.toStdString()](runtime::JobContext& context) {
            context.reportProgress(-1);
            api::VqaQuestion asked;
            asked.image = image;
            asked.question = question;
            asked.candidates = answers;
            api::AnsweringOptions options;
            options.zeroShotTemplate = templ;
            auto answered = api::Answerer::zeroShot(explorer, model)->answer({asked}, options);
            if (!answered)
                throw std::runtime_error(answered.error().message);
            VqaResult result;
            for (const auto& [answer, probability] : answered->front().scores)
                result.probabilities.push_back(probability);
            const size_t best = size_t(std::max_element(result.probabilities.begin(), result.probabilities.end())
                                       - result.probabilities.begin());
            result.why = explorer->explain({api::ItemKind::Text, api::fillQuestionTemplate(templ, question, answers[best])},
                                           image);
            return std::any(std::move(result));
        },
        [this](const std::any& value) {
            const auto& result = std::any_cast<const VqaResult&>(value);
            m_probabilities = result.probabilities;
            m_chart->setBars(m_answerList, m_probabilities);
            m_chart->setValueRange(0, 1.15);
            m_overlay->setImage(toQImage(result.why.modelInput));
            m_overlay->setMap(result.why.imageRelevancy.rows, result.why.imageRelevancy.columns,
                              result.why.imageRelevancy.values);
            m_overlay->setCaption(tr("Where “%1” looks").arg(bestAnswer()));
            m_summary->setText(tr("<b>%1</b> → <b>%2</b> (%3 %) · %4")
                                   .arg(m_question->text().toHtmlEscaped(), bestAnswer().toHtmlEscaped())
                                   .arg(100 * m_probabilities[size_t(m_chart->highlighted())], 0, 'f', 1)
                                   .arg(m_modelUsed));
        });
}

QString VqaPage::bestAnswer() const
{
    const int best = m_chart->highlighted();
    return best >= 0 && best < m_answerList.size() ? m_answerList[best] : QString();
}

bool VqaPage::exportJson(const QString& path) const
{
    if (m_probabilities.empty())
        return false;
    json::Value out = json::Value::object();
    out["image"] = m_imagePath.toStdString();
    out["question"] = m_question->text().toStdString();
    out["template"] = m_templateUsed.toStdString();
    out["model"] = m_modelUsed.toStdString();
    out["answer"] = bestAnswer().toStdString();
    json::Value scores = json::Value::object();
    for (int i = 0; i < m_answerList.size(); ++i)
        scores[m_answerList[i].toStdString()] = m_probabilities[size_t(i)];
    out["scores"] = std::move(scores);
    return writeTextFileAtomically(path.toStdString(), json::serialize(out, 2) + "\n").ok();
}

} // namespace fscope::ui
