#pragma once
// The toolbar's model picker, the fusion strategy picker and the open model's
// limits sentence, all read from the model catalogue (api/model_catalog.h).
// Choosing a model that embeds asks for it to be opened; choosing a strategy
// whose built-in model answers questions instead asks for the Questions page.
//
//   auto* bar = new ModelToolBar(models, hasResources, window);
//   connect(bar, &ModelToolBar::openRequested, window, &MainWindow::openModel);
//   bar->refresh(); // after the open model changed
//
// GUI thread only.

#include <QString>
#include <QToolBar>

class QComboBox;
class QLabel;

namespace fscope::ui {

class ModelHost;

class ModelToolBar : public QToolBar {
    Q_OBJECT
public:
    // withBuiltins: the resource folder is there, so built-in models are offered.
    ModelToolBar(ModelHost* models, bool withBuiltins, QWidget* parent = nullptr);

    // Fills both pickers and the limits sentence for the model in use.
    void refresh();
    // The fusion strategy of the model in use, as shown.
    QString strategyText() const;

Q_SIGNALS:
    void openRequested(const QString& model);        // a catalogue id
    void checkpointRequested();                       // "Open CLIP checkpoint…"
    void answeringRequested(const QString& strategy); // "early", "late", "xattn", "gated"

private:
    void fillModelPicker();
    void fillStrategyPicker();

    ModelHost* m_models;
    bool m_withBuiltins;
    QComboBox* m_modelPicker;
    QComboBox* m_strategyPicker;
    QLabel* m_limits;
};

} // namespace fscope::ui
