#pragma once
// Questions about an image. Zero-shot, with any model that puts images and
// texts in one space (an imported CLIP, or mini): each candidate answer, which
// the person can edit, becomes a caption through a template, and the image
// picks the caption it matches best. Shown: the probabilities of the answers
// as a bar chart, and where in the image the winning caption looks (its
// relevancy map). The shapes VQA models of the four fusion strategies answer
// here too once installed. Exports: PNG and PDF of the chart, JSON of the answer.
// GUI thread only.

#include "ui/analysis_page.h"

class QComboBox;
class QLineEdit;

namespace fscope::widgets {
class BarChart;
class OverlayImageView;
}

namespace fscope::ui {

class VqaPage : public AnalysisPage {
    Q_OBJECT
public:
    explicit VqaPage(PageContext context, QWidget* parent = nullptr);

    QString pageId() const override { return QStringLiteral("vqa"); }
    QString title() const override { return tr("Questions (VQA)"); }
    bool hasResults() const override { return !m_probabilities.empty(); }

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
    QString defaultTemplate() const;
    void fillImageChoices();

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
