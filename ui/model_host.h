#pragma once
// The model the pages use: opens it as an engine job and hands the pages a
// shared pointer to capture in their own jobs (which run on the same engine
// thread, so the model is only ever touched there). It also holds the model
// catalogue, which says what every model is and can do.
//
//   host->open(QString::fromStdString(host->catalog().defaultModel().id));
//   connect(host, &ModelHost::modelReady, page, &Page::refresh);
//   bridge->submit(tr("Embed"), [explorer = host->explorer()](auto&) { return std::any(explorer->embed(items)); }, ...);
//
// GUI thread only.

#include "api/explorer.h"

#include <QObject>
#include <QString>

#include <memory>

namespace fscope::ui {

class EngineBridge;

class ModelHost : public QObject {
    Q_OBJECT
public:
    ModelHost(EngineBridge* bridge, QString resourceDir, QString cacheDir, QObject* parent = nullptr);

    // Opens `model` (a catalogue id: a built-in name or a checkpoint path) in the
    // background; the current model stays in use until the new one is ready.
    void open(const QString& model);
    std::shared_ptr<api::Explorer> explorer() const { return m_explorer; }
    bool ready() const { return m_explorer != nullptr; }
    bool opening() const { return m_opening; }
    QString modelName() const { return m_name; }
    bool hasAudio() const { return m_explorer && m_explorer->hasAudio(); }
    // What the catalogue says of the open model (empty id while none is open).
    const api::ModelRecord& model() const { return m_record; }
    const api::ModelCatalog& catalog() const { return m_catalog; }
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
    api::ModelCatalog m_catalog;
    QString m_cacheDir;
    std::shared_ptr<api::Explorer> m_explorer;
    QString m_name;
    api::ModelRecord m_record;
    bool m_opening = false;
};

} // namespace fscope::ui
