#include "util/text_file.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace fscope {

Result<std::string> readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open file"};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return Error{path + ": cannot read file"};
    return text;
}

Result<void> writeTextFileAtomically(const std::string& path, const std::string& text)
{
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
            return Error{path + ": cannot write file"};
    }
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec)
        return Error{path + ": cannot write file (" + ec.message() + ")"};
    return {};
}

} // namespace fscope
