#include "cli/commands.h"

#include "api/model_catalog.h"
#include "runtime/versions.h"
#include "util/json.h"

#include <QtGlobal>

#include <iostream>

namespace fscope::cli {

int runInfo(const ParsedArgs& args, const GlobalOptions& options)
{
    if (!args.positional.empty())
        throw CommandError{"info takes no arguments, got '" + args.positional.front() + "'"};
    const auto versions = runtime::libraryVersions();
    const auto device = requireDevice(options);
    const auto resources = resourceDir(options);
    const api::ModelCatalog catalog(resources);
    const auto& models = catalog.builtins();

    if (options.json) {
        json::Value out = json::Value::object();
        out["fusionscope"] = versions.fusionscope;
        out["qt"] = std::string(qVersion());
        out["libtorch"] = versions.libtorch;
        out["opencv"] = versions.opencv;
        out["sndfile"] = versions.sndfile;
        json::Value deviceJson = json::Value::object();
        deviceJson["name"] = device.name;
        deviceJson["cuda"] = device.cuda;
        deviceJson["cuda_devices"] = runtime::cudaDeviceCount();
        deviceJson["threads"] = device.cpuThreads;
        out["device"] = deviceJson;
        out["resource_dir"] = resources;
        json::Value list = json::Value::array();
        for (const auto& model : models) {
            json::Value entry = json::Value::object();
            entry["name"] = model.id;
            entry["description"] = model.description;
            entry["installed"] = model.installed;
            entry["path"] = model.weightsPath;
            entry["family"] = api::modelFamilyName(model.family);
            entry["strategy"] = api::fusionStrategyId(model.strategy);
            json::Value embeds = json::Value::array();
            for (const auto& [name, has] : {std::pair<const char*, bool>{"image", model.embeds.image},
                                            {"text", model.embeds.text}, {"audio", model.embeds.audio}})
                if (has)
                    embeds.push(name);
            entry["embeds"] = embeds;
            entry["answers"] = api::answerStyleName(model.answers);
            entry["hears_spoken_questions"] = model.hearsSpokenQuestions;
            entry["limits"] = model.limits;
            list.push(entry);
        }
        out["builtin_models"] = list;
        std::cout << json::serialize(out, 2) << "\n";
        return 0;
    }
    std::cout << "FusionScope " << versions.fusionscope << "\n"
              << "Qt " << qVersion() << ", LibTorch " << versions.libtorch << ", OpenCV " << versions.opencv
              << ", libsndfile " << versions.sndfile << "\n"
              << "Device: " << device.name << " (" << device.cpuThreads << " threads)\n"
              << "Resources: " << (resources.empty() ? std::string("(not found)") : resources) << "\n"
              << "Built-in models:\n";
    for (const auto& model : models)
        std::cout << "  " << model.id << "  " << (model.installed ? "installed" : "not installed") << "  ("
                  << model.description << ")\n    " << model.limits << "\n";
    return 0;
}

} // namespace fscope::cli
