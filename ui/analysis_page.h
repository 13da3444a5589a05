#pragma once
// The common ground of the analysis pages: what they work on (the engine, the
// model, the library), recomputing when either changes (at once when visible,
// otherwise when next shown), running their engine jobs so that only the latest
// reply counts, and a status line for what is happening or what went wrong.
// GUI thread only.

#include "ui/engine_bridge.h"
#include "ui/library_model.h"
#include "ui/model_host.h"

#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLabel;
class QMenu;

namespace fscope::ui {

struct PageContext {
    EngineBridge* bridge = nullptr;
    ModelHost* models = nullptr;
    LibraryModel* library = nullptr;
    // The ids of the items selected in the library, in the order shown.
    std::function<std::vector<int>()> selection;
    QString speechDir; // where "Speak" saves its WAV files
};

class AnalysisPage : public QWidget {
    Q_OBJECT
public:
    AnalysisPage(PageContext context, QWidget* parent = nullptr);

    virtual QString pageId() const = 0; // stable, untranslated: "retrieval"
    virtual QString title() const = 0;  // translated, for the navigation
    // True when the page shows results of the current model and library.
    virtual bool hasResults() const = 0;
    bool busy() const { return m_running > 0; }
    QString statusText() const;

    // The model or the library changed: recompute now if shown, else when shown.
    void markStale();

Q_SIGNALS:
    // "Why does this query match this image?": opens the attention page.
    void explainRequested(const fscope::api::ExplorerItem& query, const QString& imagePath, const QString& label);

protected:
    virtual void recompute() = 0;
    void showEvent(QShowEvent* event) override;

    // Runs `work` on the engine thread; `done` gets its value on the GUI thread
    // unless a newer job of this page has been started since. Failures show in
    // the status line.
    void runJob(const QString& name, EngineBridge::JobFunction work, std::function<void(const std::any&)> done);
    void setStatus(const QString& text, bool error = false);
    QLabel* statusLabel() const { return m_status; }
    bool modelReady() const { return m_context.models && m_context.models->ready(); }
    // A menu entry that asks for a file name and writes it with `write`; a
    // failure shows in the status line, naming the file.
    void addExportAction(QMenu* menu, const QString& label, const QString& suggestedName, const QString& filter,
                         std::function<bool(const QString&)> write);
    // The library's images as choices (label shown, path as data), keeping the current one.
    void fillImageCombo(QComboBox* combo) const;

    PageContext m_context;

private:
    QLabel* m_status;
    bool m_stale = true;
    int m_running = 0;
    quint64 m_generation = 0;
};

} // namespace fscope::ui
