#pragma once
// The model the pages use: opens it as an engine job and hands the pages a
// shared pointer to capture in their own jobs (which run on the same engine
// thread, so the model is only ever touched there).
//
//   host->open(QStringLiteral("builtin:mini"));
//   connect(host, &ModelHost::modelReady, page, &Page::refresh);
//   bridge->submit(tr("Embed"), [explorer = host->explorer()](auto&) { return std::any(explorer->embed(items)); }, ...);
//
// GUI thread only.

#include "tasks/explorer.h"

#include <QObject>
#include <QString>

#include <memory>

namespace fscope::ui {

class EngineBridge;

class ModelHost : public QObject {
    Q_OBJECT
public:
    ModelHost(EngineBridge* bridge, QString resourceDir, QString cacheDir, QObject* parent = nullptr);

    // Opens `model` ("builtin:mini", a checkpoint path) in the background; the
    // current model stays in use until the new one is ready.
    void open(const QString& model);
    std::shared_ptr<tasks::Explorer> explorer() const { return m_explorer; }
    bool ready() const { return m_explorer != nullptr; }
    bool opening() const { return m_opening; }
    QString modelName() const { return m_name; }
    bool hasAudio() const { return m_explorer && m_explorer->hasAudio(); }
    const QString& resourceDir() const { return m_resourceDir; }
    // The embedding cache of this and later models (a workspace's cache folder).
    void setCacheDir(const QString& cacheDir);
    const QString& cacheDir() const { return m_cacheDir; }

Q_SIGNALS:
    void modelReady(const QString& model);
    void modelFailed(const QString& model, const QString& error);

private:
    EngineBridge* m_bridge;
    QString m_resourceDir;
    QString m_cacheDir;
    std::shared_ptr<tasks::Explorer> m_explorer;
    QString m_name;
    bool m_opening = false;
};

} // namespace fscope::ui
