#include "models/module_weights.h"

namespace fscope::models {

std::vector<std::pair<std::string, torch::Tensor>> moduleTensors(const torch::nn::Module& module, torch::ScalarType dtype,
                                                                 bool withBuffers)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : module.named_parameters())
        tensors.emplace_back(item.key(), item.value().detach().to(torch::kCPU, dtype));
    if (withBuffers)
        for (const auto& item : module.named_buffers())
            if (item.value().is_floating_point())
                tensors.emplace_back(item.key(), item.value().detach().to(torch::kCPU, dtype));
    return tensors;
}

Result<void> fillModule(const safetensors::File& file, torch::nn::Module& module, bool withBuffers)
{
    torch::NoGradGuard noGrad;
    const std::string& path = file.path();
    const auto fill = [&](const std::string& name, torch::Tensor& target) -> Result<void> {
        const auto* info = file.find(name);
        if (!info)
            return Error{path + ": missing tensor '" + name + "'"};
        if (info->shape != target.sizes().vec())
            return Error{path + ": tensor '" + name + "' has shape " + c10::str(c10::IntArrayRef(info->shape))
                         + ", expected " + c10::str(target.sizes())};
        target.copy_(file.tensor(name).to(target.scalar_type()));
        return {};
    };
    try {
        for (auto& item : module.named_parameters())
            if (auto filled = fill(item.key(), item.value()); !filled)
                return filled.error();
        if (withBuffers)
            for (auto& item : module.named_buffers())
                if (item.value().is_floating_point())
                    if (auto filled = fill(item.key(), item.value()); !filled)
                        return filled.error();
    } catch (const std::exception& e) {
        return Error{path + ": " + e.what()};
    }
    return {};
}

} // namespace fscope::models
