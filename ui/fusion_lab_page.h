#pragma once
// Fusion Lab: trains the chosen fusion strategies (early, late, cross-modal
// attention, gated cross-attention) on the same shapes scenes with the same
// budget, in the background, and compares them. While it runs: live loss and
// test-accuracy curves (points gathered from the engine thread and drawn a
// few times a second). Then: a table per strategy (size, time, accuracy,
// speed, what it learned about the modalities: the late-fusion weights and the
// gate values per layer), accuracy per question type as grouped bars, and the
// accuracy when one modality is masked out. Until the first run it shows the
// results shipped with the app (made by `fusionscope-cli lab`), saying so.
// Exports: PNG and PDF of the charts, JSON of the results (the CLI's format,
// which "Open results…" reads back). GUI thread only.

#include "ui/analysis_page.h"

#include "api/fusion_lab.h"

#include <atomic>
#include <memory>
#include <mutex>

class QCheckBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace fscope::widgets {
class CurveChart;
class GroupedBarChart;
}

namespace fscope::ui {

class FusionLabPage : public AnalysisPage {
    Q_OBJECT
public:
    // resourceDir: where samples/lab/shapes-lab.json (the shipped results) lives;
    // workDir: where runs keep their scenes and checkpoints.
    FusionLabPage(PageContext context, QString resourceDir, QString workDir, QWidget* parent = nullptr);
    ~FusionLabPage() override;

    QString pageId() const override { return QStringLiteral("lab"); }
    QString title() const override { return tr("Fusion Lab"); }
    bool hasResults() const override { return !m_results.empty(); }

    // Starts a run with these settings (the controls show them).
    void run(const QStringList& strategies, int scenes, double epochs);
    void cancel();
    bool running() const { return m_running; }
    const std::vector<api::FusionLabResult>& results() const { return m_results; }
    bool resultsAreShipped() const { return m_shipped; }
    bool loadResults(const QString& path); // a `lab --json` document; false (status names the file) when unreadable
    bool exportJson(const QString& path) const;

    QTableWidget* table() const { return m_table; }
    widgets::CurveChart* lossChart() const { return m_loss; }
    widgets::CurveChart* accuracyChart() const { return m_accuracy; }
    widgets::GroupedBarChart* perTypeChart() const { return m_perType; }
    widgets::GroupedBarChart* droppedChart() const { return m_dropped; }
    QTabWidget* tabs() const { return m_tabs; }

protected:
    void recompute() override;

private:
    // What the engine thread hands over while a run goes on.
    struct Feed {
        std::mutex mutex;
        std::vector<std::pair<QString, api::FusionLabCurvePoint>> points;
        QString stage;
        double fraction = 0;
        std::atomic<bool> cancel{false};
    };

    void drainFeed();
    void showResults();
    void setRunning(bool running);

    QString m_resourceDir;
    QString m_workDir;
    std::vector<QCheckBox*> m_strategyBoxes;
    QSpinBox* m_scenes;
    QDoubleSpinBox* m_epochs;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    widgets::CurveChart* m_loss;
    widgets::CurveChart* m_accuracy;
    QTableWidget* m_table;
    widgets::GroupedBarChart* m_perType;
    widgets::GroupedBarChart* m_dropped;
    QTimer* m_feedTimer;
    std::shared_ptr<Feed> m_feed;
    std::vector<api::FusionLabResult> m_results;
    double m_resultEpochs = 0;
    int m_resultScenes = 0;
    bool m_shipped = false;
    bool m_running = false;
};

} // namespace fscope::ui
