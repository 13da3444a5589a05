#pragma once
// The Questions page's view of the shapes VQA models: one scene, one question,
// and the answers of every installed fusion strategy side by side (each with
// its answer, its confidence and, for the attention strategies, where the
// question looked), plus the full answer distribution and attention map of the
// strategy picked for detail. It shows what it is given; the page runs the
// models. GUI thread only.

#include "api/answering.h"

#include <QImage>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;

namespace fscope::widgets {
class BarChart;
class OverlayImageView;
}

namespace fscope::ui {

struct StrategyAnswer {
    QString strategy; // "early", "late", "xattn", "gated"
    api::Answer answer;
};

class ShapesVqaPanel : public QWidget {
    Q_OBJECT
public:
    explicit ShapesVqaPanel(QWidget* parent = nullptr);

    // The scenes to ask about (label, image path) and, per scene, questions with
    // their right answers (from the sample's question set).
    struct SceneQuestion {
        QString question;
        QString expected;
    };
    void setScenes(const QStringList& labels, const QStringList& paths, const std::vector<std::vector<SceneQuestion>>& questions);
    void setStrategies(const QStringList& strategies); // the installed ones
    void selectScene(const QString& path);
    void setQuestion(const QString& question);
    // How the question reaches the models: typed (voice ""), spoken from the
    // typed text by espeak-ng in `voice`, or a recorded file (setQuestionAudio).
    void askInVoice(const QString& voice);
    void setQuestionAudio(const QString& path);
    QString speechVoice() const;   // "" unless the question is spoken from its text
    QString questionAudio() const; // "" unless a recorded question is chosen
    void setDetailStrategy(const QString& strategy);

    QString scenePath() const;
    QString question() const;
    // "" when the question (or, spoken, what was heard) is not one of the scene's own.
    QString expectedAnswer() const;
    QString detailStrategy() const;

    void showAnswers(const QImage& scene, const std::vector<StrategyAnswer>& answers);
    void clearAnswers();
    const std::vector<StrategyAnswer>& answers() const { return m_answers; }

    widgets::BarChart* chart() const { return m_chart; }
    widgets::OverlayImageView* overlay() const { return m_overlay; }
    QLabel* cardText(int index) const; // nullptr past the strategies
    widgets::OverlayImageView* cardOverlay(int index) const;

Q_SIGNALS:
    void askRequested();

private:
    void showDetail();
    void fillQuestions();
    void chooseAudio();
    QString askedText() const; // the typed question, or what the models heard

    QComboBox* m_scene;
    QComboBox* m_question;
    QComboBox* m_detail;
    QComboBox* m_askAs;
    QPushButton* m_chooseAudio;
    QString m_audioPath;
    QPushButton* m_ask;
    QLabel* m_summary;
    widgets::BarChart* m_chart;
    widgets::OverlayImageView* m_overlay;
    std::vector<QLabel*> m_cardTexts;
    std::vector<widgets::OverlayImageView*> m_cardOverlays;
    QWidget* m_cards;
    QStringList m_strategies;
    std::vector<std::vector<SceneQuestion>> m_sceneQuestions;
    std::vector<StrategyAnswer> m_answers;
    QImage m_image;
};

} // namespace fscope::ui
