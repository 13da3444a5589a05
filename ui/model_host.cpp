#include "ui/model_host.h"

#include "ui/engine_bridge.h"

namespace fscope::ui {

ModelHost::ModelHost(EngineBridge* bridge, QString resourceDir, QString cacheDir, QObject* parent)
    : QObject(parent), m_bridge(bridge), m_resourceDir(std::move(resourceDir)),
      m_catalog(m_resourceDir.toStdString()), m_cacheDir(std::move(cacheDir))
{
}

void ModelHost::open(const QString& model)
{
    m_opening = true;
    const auto preference = m_bridge->settings().device;
    const std::string name = model.toStdString();
    const std::string resources = m_resourceDir.toStdString();
    const std::string cache = m_cacheDir.toStdString();
    m_bridge->submit(
        tr("Open %1").arg(model),
        [=](runtime::JobContext& context) {
            context.reportProgress(-1, tr("Loading %1…").arg(model).toStdString());
            auto device = runtime::resolveDevice(preference);
            if (!device) // the device probe already told the person; the CPU stands in
                device = runtime::resolveDevice(runtime::DevicePreference::Cpu);
            auto explorer = api::Explorer::open(name, resources, *device, cache);
            if (!explorer)
                throw EngineError(explorer.error().message);
            return std::any(std::shared_ptr<api::Explorer>(std::move(*explorer)));
        },
        this,
        [this, model](const runtime::JobOutcome& outcome) {
            m_opening = false;
            if (outcome.status != runtime::JobStatus::Succeeded) {
                Q_EMIT modelFailed(model, outcome.status == runtime::JobStatus::Cancelled
                                              ? tr("cancelled")
                                              : QString::fromStdString(outcome.error));
                return;
            }
            m_explorer = std::any_cast<std::shared_ptr<api::Explorer>>(outcome.value);
            m_name = model;
            m_record = m_explorer->model();
            Q_EMIT modelReady(model);
        });
}

void ModelHost::setCacheDir(const QString& cacheDir)
{
    if (cacheDir == m_cacheDir)
        return;
    m_cacheDir = cacheDir;
    if (!m_explorer)
        return;
    // The explorer belongs to the engine thread: change it there, between jobs.
    m_bridge->submit(tr("Use the embedding cache %1").arg(cacheDir),
                     [explorer = m_explorer, dir = cacheDir.toStdString()](runtime::JobContext&) {
                         explorer->setCacheDir(dir);
                         return std::any();
                     });
}

} // namespace fscope::ui
