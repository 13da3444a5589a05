#pragma once
// Questions about an image, two ways. The shapes VQA models (one per fusion
// strategy: early, late, cross-modal attention, gated cross-attention) answer
// questions about shapes scenes, typed or spoken, side by side, each with its confidence and,
// for the attention strategies, where the question looked; one strategy in
// detail shows all ten answers' probabilities. Zero-shot, any model that puts
// images and texts in one space (an imported CLIP, or mini) answers about any
// picture: each candidate answer, which the person can edit, becomes a caption
// through a template, and the image picks the caption it matches best (bar
// chart, and the winning caption's relevancy map). Exports: PNG and PDF of the
// chart, JSON of the answer. GUI thread only.

#include "ui/analysis_page.h"

#include <memory>

class QComboBox;
class QLineEdit;
class QStackedWidget;

namespace fscope::widgets {
class BarChart;
class OverlayImageView;
}

namespace fscope::ui {

class ShapesVqaPanel;
struct ShapesModels;

class VqaPage : public AnalysisPage {
    Q_OBJECT
public:
    explicit VqaPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("vqa"); }
    QString title() const override { return tr("Questions (VQA)"); }
    bool hasResults() const override;

    enum class Mode { Shapes, ZeroShot };
    // Shapes needs the shapes models installed; without them the page stays zero-shot.
    void setMode(Mode mode);
    Mode mode() const;
    bool shapesAvailable() const { return !m_shapesStrategies.isEmpty(); }
    ShapesVqaPanel* shapesPanel() const { return m_shapes; }
    // Asks every installed shapes strategy `question` about the scene at `scenePath`.
    void askShapes(const QString& scenePath, const QString& question);

    // Answers `question` about the image with the comma-separated candidates.
    void ask(const QString& imagePath, const QString& question, const QStringList& answers);
    const std::vector<double>& probabilities() const { return m_probabilities; }
    QString bestAnswer() const;
    widgets::BarChart* chart() const { return m_chart; }
    widgets::OverlayImageView* overlay() const { return m_overlay; }
    bool exportJson(const QString& path) const;

protected:
    void recompute() override;

private:
    void run();
    void runShapes();
    // audio: a spoken question's file (the models hear it; question only names the job).
    void runShapesJob(const QString& scene, const QString& question, const QString& audio);
    void fillShapesScenes();
    QString defaultTemplate() const;
    void fillImageChoices();

    QComboBox* m_mode;
    QStackedWidget* m_modes;
    ShapesVqaPanel* m_shapes;
    std::vector<api::ModelRecord> m_shapesAnswerers; // the installed ones, one per strategy
    QStringList m_shapesStrategies;                  // their strategy ids
    std::shared_ptr<ShapesModels> m_shapesModels; // used on the engine thread only
    QComboBox* m_imageCombo;
    QLineEdit* m_question;
    QLineEdit* m_answers;
    QLineEdit* m_template;
    widgets::BarChart* m_chart;
    widgets::OverlayImageView* m_overlay;
    QLabel* m_summary;
    QString m_imagePath;
    QStringList m_answerList;
    QString m_templateUsed;
    QString m_modelUsed;
    std::vector<double> m_probabilities;
};

} // namespace fscope::ui
