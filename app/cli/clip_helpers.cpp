#include "cli/clip_helpers.h"

#include "runtime/torch_device.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fscope::cli {

tasks::ClipSession openClipModel(const ParsedArgs& args, const GlobalOptions& options, const char* command)
{
    const auto model = describeModel(args, options, command);
    if (model.family != api::ModelFamily::Clip)
        throw CommandError{std::string(command) + " needs a CLIP checkpoint (an OpenAI .pt file or a Hugging Face CLIP "
                           "folder); " + model.id + " is " + model.description};
    const auto device = requireDevice(options);
    auto session = tasks::ClipSession::open(model.id, runtime::torchDevice(device));
    if (!session)
        throw CommandError{session.error().message};
    return std::move(*session);
}

json::Value rowsToJson(const torch::Tensor& rows)
{
    const torch::Tensor cpu = rows.to(torch::kCPU, torch::kDouble).contiguous();
    json::Value out = json::Value::array();
    for (int64_t r = 0; r < cpu.size(0); ++r) {
        json::Value row = json::Value::array();
        const double* data = cpu[r].data_ptr<double>();
        for (int64_t c = 0; c < cpu.size(1); ++c)
            row.push(data[c]);
        out.push(std::move(row));
    }
    return out;
}

torch::Tensor normalizedRows(const torch::Tensor& rows)
{
    return rows / rows.norm(2, -1, true).clamp_min(1e-12);
}

void writeFileAtomically(const std::string& path, const std::string& text)
{
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw CommandError{path + ": cannot write (is the folder there and writable?)"};
        out << text;
        out.flush();
        if (!out) {
            std::remove(temp.c_str());
            throw CommandError{path + ": write failed (disk full?)"};
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::remove(temp.c_str());
        throw CommandError{path + ": cannot replace: " + ec.message()};
    }
}

} // namespace fscope::cli
