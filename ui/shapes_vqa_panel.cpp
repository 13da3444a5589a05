#include "ui/shapes_vqa_panel.h"

#include "ui/qt_convert.h"
#include "ui/speech.h"

#include "widgets/bar_chart.h"
#include "widgets/overlay_image_view.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fscope::ui {

namespace {


double probabilityOf(const api::Answer& answer)
{
    for (const auto& [name, p] : answer.scores)
        if (name == answer.answer)
            return p;
    return 0;
}

// What the strategy shows besides its answer: where it looked, or what it weighs.
QString mechanismText(const StrategyAnswer& a)
{
    const auto list = [](const std::vector<double>& values) {
        QStringList parts;
        for (double v : values)
            parts << QString::number(v, 'f', 2);
        return parts.join(QStringLiteral(", "));
    };
    if (a.answer.modalityWeights.size() == 2)
        return ShapesVqaPanel::tr("weights: image %1, question %2")
            .arg(a.answer.modalityWeights[0], 0, 'f', 2)
            .arg(a.answer.modalityWeights[1], 0, 'f', 2);
    if (!a.answer.attentionGates.empty())
        return ShapesVqaPanel::tr("where the question looked; gates %1").arg(list(a.answer.attentionGates));
    if (!a.answer.attention.empty())
        return ShapesVqaPanel::tr("where the question looked");
    return ShapesVqaPanel::tr("no attention: the image is pooled before fusion");
}

// Lower-case words only, so "Is the red object on the left?" matches what a reader heard.
QString plainWords(const QString& text)
{
    QString out;
    for (const QChar c : text.toLower())
        out += c.isLetter() ? c : QLatin1Char(' ');
    return out.simplified();
}

const QString kAudioFile = QStringLiteral("file");

} // namespace

ShapesVqaPanel::ShapesVqaPanel(QWidget* parent)
    : QWidget(parent), m_scene(new QComboBox(this)), m_question(new QComboBox(this)), m_detail(new QComboBox(this)),
      m_askAs(new QComboBox(this)), m_chooseAudio(new QPushButton(tr("Choose…"), this)),
      m_ask(new QPushButton(tr("Answer"), this)), m_summary(new QLabel(this)), m_chart(new widgets::BarChart(this)),
      m_overlay(new widgets::OverlayImageView(this)), m_cards(new QWidget(this))
{
    m_scene->setObjectName(QStringLiteral("shapesScene"));
    m_question->setObjectName(QStringLiteral("shapesQuestion"));
    m_question->setEditable(true);
    m_question->setInsertPolicy(QComboBox::NoInsert);
    m_question->lineEdit()->setPlaceholderText(tr("A question about the scene, e.g. Is the red object on the left?"));
    m_detail->setObjectName(QStringLiteral("shapesDetail"));
    m_ask->setObjectName(QStringLiteral("shapesAsk"));
    m_summary->setObjectName(QStringLiteral("shapesSummary"));
    m_summary->setWordWrap(true);

    auto* form = new QFormLayout;
    auto* sceneRow = new QHBoxLayout;
    sceneRow->addWidget(m_scene, 1);
    sceneRow->addWidget(m_ask);
    form->addRow(tr("Scene:"), sceneRow);
    form->addRow(tr("Question:"), m_question);
    // Spoken questions go through the speech reader (the audio tower of mini)
    // into the same question encoder as typed words.
    m_askAs->setObjectName(QStringLiteral("shapesAskAs"));
    m_askAs->addItem(tr("Typed text"), QString());
    for (const auto& voice : speechVoices())
        if (voice.startsWith(QLatin1String("en")))
            m_askAs->addItem(tr("Spoken by espeak-ng (%1)").arg(voice), voice);
    m_askAs->addItem(tr("Spoken, from an audio file"), kAudioFile);
    m_askAs->setToolTip(tr("Spoken questions are heard by the speech reader, which turns the audio into the "
                           "question's words for the models"));
    m_chooseAudio->setObjectName(QStringLiteral("shapesChooseAudio"));
    m_chooseAudio->setVisible(false);
    auto* askAsRow = new QHBoxLayout;
    askAsRow->addWidget(m_askAs, 1);
    askAsRow->addWidget(m_chooseAudio);
    form->addRow(tr("Ask as:"), askAsRow);

    new QHBoxLayout(m_cards);
    m_cards->layout()->setContentsMargins(0, 0, 0, 0);

    m_chart->setObjectName(QStringLiteral("shapesChart"));
    m_chart->setValueTitle(tr("probability"));
    m_chart->setValueRange(0, 1.15);
    m_overlay->setObjectName(QStringLiteral("shapesOverlay"));
    m_overlay->setMaximumWidth(300);
    m_overlay->setOpacity(0.55);
    auto* detailRow = new QHBoxLayout;
    detailRow->addWidget(new QLabel(tr("Details of:"), this));
    detailRow->addWidget(m_detail);
    detailRow->addStretch(1);
    auto* detail = new QHBoxLayout;
    detail->addWidget(m_chart, 3);
    detail->addWidget(m_overlay, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_cards);
    layout->addLayout(detailRow);
    layout->addLayout(detail, 1);

    connect(m_ask, &QPushButton::clicked, this, &ShapesVqaPanel::askRequested);
    connect(m_question->lineEdit(), &QLineEdit::returnPressed, this, &ShapesVqaPanel::askRequested);
    connect(m_question, &QComboBox::activated, this, &ShapesVqaPanel::askRequested);
    connect(m_scene, &QComboBox::activated, this, [this] {
        fillQuestions();
        Q_EMIT askRequested();
    });
    connect(m_detail, &QComboBox::currentIndexChanged, this, &ShapesVqaPanel::showDetail);
    connect(m_askAs, &QComboBox::activated, this, [this] {
        const bool file = m_askAs->currentData().toString() == kAudioFile;
        m_chooseAudio->setVisible(file);
        if (file && m_audioPath.isEmpty())
            chooseAudio();
        else
            Q_EMIT askRequested();
    });
    connect(m_chooseAudio, &QPushButton::clicked, this, &ShapesVqaPanel::chooseAudio);
}

void ShapesVqaPanel::chooseAudio()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("A spoken question"), QFileInfo(m_audioPath).path(),
                                                      tr("Audio (*.wav *.flac *.ogg *.mp3);;All files (*)"));
    if (!path.isEmpty()) {
        setQuestionAudio(path);
        Q_EMIT askRequested();
    }
}

void ShapesVqaPanel::askInVoice(const QString& voice)
{
    m_askAs->setCurrentIndex(std::max(0, m_askAs->findData(voice)));
    m_chooseAudio->setVisible(false);
}

void ShapesVqaPanel::setQuestionAudio(const QString& path)
{
    m_audioPath = path;
    m_askAs->setCurrentIndex(m_askAs->findData(kAudioFile));
    m_chooseAudio->setVisible(true);
    m_chooseAudio->setText(QFileInfo(path).fileName());
    m_chooseAudio->setToolTip(path);
}

QString ShapesVqaPanel::speechVoice() const
{
    const QString data = m_askAs->currentData().toString();
    return data == kAudioFile ? QString() : data;
}

QString ShapesVqaPanel::questionAudio() const
{
    return m_askAs->currentData().toString() == kAudioFile ? m_audioPath : QString();
}

QString ShapesVqaPanel::askedText() const
{
    if (!m_answers.empty() && !m_answers.front().answer.heard.empty())
        return QString::fromStdString(m_answers.front().answer.heard);
    return question();
}

void ShapesVqaPanel::setScenes(const QStringList& labels, const QStringList& paths,
                               const std::vector<std::vector<SceneQuestion>>& questions)
{
    const QString current = scenePath();
    const QSignalBlocker block(m_scene);
    m_scene->clear();
    for (int i = 0; i < labels.size() && i < paths.size(); ++i)
        m_scene->addItem(labels[i], paths[i]);
    m_sceneQuestions = questions;
    m_sceneQuestions.resize(size_t(m_scene->count()));
    m_scene->setCurrentIndex(std::max(0, m_scene->findData(current)));
    fillQuestions();
}

void ShapesVqaPanel::fillQuestions()
{
    const QString typed = m_question->currentText();
    const QSignalBlocker block(m_question);
    m_question->clear();
    const int scene = m_scene->currentIndex();
    if (scene >= 0 && size_t(scene) < m_sceneQuestions.size())
        for (const auto& q : m_sceneQuestions[size_t(scene)])
            m_question->addItem(q.question);
    m_question->setCurrentText(typed.isEmpty() && m_question->count() > 0 ? m_question->itemText(0) : typed);
}

void ShapesVqaPanel::setStrategies(const QStringList& strategies)
{
    m_strategies = strategies;
    const QString current = detailStrategy();
    {
        const QSignalBlocker block(m_detail);
        m_detail->clear();
        for (const auto& id : strategies)
            m_detail->addItem(QStringLiteral("%1 (%2)").arg(id, fusionStrategyTitle(id)), id);
        const int xattn = m_detail->findData(QStringLiteral("xattn"));
        m_detail->setCurrentIndex(std::max(0, m_detail->findData(current.isEmpty() ? QStringLiteral("xattn") : current)));
        if (current.isEmpty() && xattn >= 0)
            m_detail->setCurrentIndex(xattn);
    }
    // One card per strategy.
    for (auto* label : m_cardTexts)
        label->parentWidget()->deleteLater();
    m_cardTexts.clear();
    m_cardOverlays.clear();
    for (const auto& id : strategies) {
        auto* card = new QFrame(m_cards);
        card->setObjectName(QStringLiteral("shapesCard_%1").arg(id));
        card->setFrameShape(QFrame::StyledPanel);
        auto* text = new QLabel(card);
        text->setWordWrap(true);
        text->setText(QStringLiteral("<b>%1</b>").arg(id));
        text->setToolTip(fusionStrategyTitle(id));
        auto* overlay = new widgets::OverlayImageView(card);
        overlay->setMinimumSize(110, 120);
        overlay->setOpacity(0.55);
        auto* cardLayout = new QVBoxLayout(card);
        cardLayout->setContentsMargins(4, 4, 4, 4);
        cardLayout->addWidget(text);
        cardLayout->addWidget(overlay, 1);
        m_cards->layout()->addWidget(card);
        m_cardTexts.push_back(text);
        m_cardOverlays.push_back(overlay);
    }
    m_cards->setFixedHeight(strategies.isEmpty() ? 0 : 255); // text, picture and its colour bar labels
}

void ShapesVqaPanel::selectScene(const QString& path)
{
    if (const int index = m_scene->findData(path); index >= 0) {
        m_scene->setCurrentIndex(index);
        fillQuestions();
    }
}

void ShapesVqaPanel::setQuestion(const QString& question)
{
    m_question->setCurrentText(question);
}

void ShapesVqaPanel::setDetailStrategy(const QString& strategy)
{
    if (const int index = m_detail->findData(strategy); index >= 0)
        m_detail->setCurrentIndex(index);
}

QString ShapesVqaPanel::scenePath() const
{
    return m_scene->currentData().toString();
}

QString ShapesVqaPanel::question() const
{
    return m_question->currentText().trimmed();
}

QString ShapesVqaPanel::expectedAnswer() const
{
    const int scene = m_scene->currentIndex();
    if (scene < 0 || size_t(scene) >= m_sceneQuestions.size())
        return {};
    const QString asked = plainWords(askedText());
    for (const auto& q : m_sceneQuestions[size_t(scene)])
        if (plainWords(q.question) == asked)
            return q.expected;
    return {};
}

QString ShapesVqaPanel::detailStrategy() const
{
    return m_detail->currentData().toString();
}

QLabel* ShapesVqaPanel::cardText(int index) const
{
    return index >= 0 && size_t(index) < m_cardTexts.size() ? m_cardTexts[size_t(index)] : nullptr;
}

widgets::OverlayImageView* ShapesVqaPanel::cardOverlay(int index) const
{
    return index >= 0 && size_t(index) < m_cardOverlays.size() ? m_cardOverlays[size_t(index)] : nullptr;
}

void ShapesVqaPanel::clearAnswers()
{
    m_answers.clear();
    m_summary->clear();
    m_chart->setBars({}, {});
    m_overlay->clearMap();
}

void ShapesVqaPanel::showAnswers(const QImage& scene, const std::vector<StrategyAnswer>& answers)
{
    m_image = scene;
    m_answers = answers;
    const QString expected = expectedAnswer();
    int right = 0;
    for (size_t i = 0; i < m_cardTexts.size(); ++i) {
        auto* overlay = m_cardOverlays[i];
        overlay->setImage(scene);
        overlay->clearMap();
        const auto found = std::find_if(answers.begin(), answers.end(),
                                        [&](const StrategyAnswer& a) { return a.strategy == m_strategies[int(i)]; });
        if (found == answers.end()) {
            m_cardTexts[i]->setText(QStringLiteral("<b>%1</b>").arg(m_strategies[int(i)]));
            continue;
        }
        const QString answer = QString::fromStdString(found->answer.answer);
        const bool correct = !expected.isEmpty() && answer == expected;
        right += correct ? 1 : 0;
        const QString mark = expected.isEmpty() ? QString() : correct ? QStringLiteral(" ✓") : QStringLiteral(" ✗");
        m_cardTexts[i]->setText(QStringLiteral("<b>%1</b>: %2 · %3 %%4<br><small>%5</small>")
                                    .arg(found->strategy, answer.toHtmlEscaped())
                                    .arg(100 * probabilityOf(found->answer), 0, 'f', 0)
                                    .arg(mark, mechanismText(*found).toHtmlEscaped()));
        if (!found->answer.attention.empty())
            overlay->setMap(found->answer.grid, found->answer.grid, found->answer.attention);
    }
    const bool spoken = !answers.empty() && !answers.front().answer.heard.empty();
    const QString asked = spoken ? tr("Heard “%1”").arg(askedText().toHtmlEscaped())
                                 : QStringLiteral("“%1”").arg(question().toHtmlEscaped());
    if (expected.isEmpty())
        m_summary->setText(tr("%1: the strategies' answers").arg(asked));
    else
        m_summary->setText(tr("%1 — right answer: <b>%2</b>; %3 of %4 strategies answer it.")
                               .arg(asked, expected.toHtmlEscaped())
                               .arg(right)
                               .arg(answers.size()));
    showDetail();
}

void ShapesVqaPanel::showDetail()
{
    const QString id = detailStrategy();
    const auto found = std::find_if(m_answers.begin(), m_answers.end(), [&](const StrategyAnswer& a) { return a.strategy == id; });
    if (found == m_answers.end())
        return;
    QStringList labels;
    std::vector<double> values;
    for (const auto& [name, p] : found->answer.scores) {
        labels << QString::fromStdString(name);
        values.push_back(p);
    }
    m_chart->setBars(labels, values);
    m_overlay->setImage(m_image);
    if (found->answer.attention.empty())
        m_overlay->clearMap();
    else
        m_overlay->setMap(found->answer.grid, found->answer.grid, found->answer.attention);
    m_overlay->setCaption(tr("%1: %2").arg(id, mechanismText(*found)));
}

} // namespace fscope::ui
