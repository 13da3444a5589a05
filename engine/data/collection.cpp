#include "data/collection.h"

#include "text/unicode_text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fscope::data {

namespace fs = std::filesystem;

namespace {

// A manifest whose every line names a missing file would otherwise keep a
// message per line.
constexpr size_t kMaxProblemsKept = 20;

std::string lowerExtension(const std::string& name)
{
    std::string ext = fs::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

// Manifests and caption files are read whole; a bigger one is refused rather
// than filling the memory (a million manifest lines take about 100 MB).
constexpr uintmax_t kMaxTextBytes = uintmax_t(1) << 30;

Result<std::string> readAll(const std::string& path)
{
    std::error_code ec;
    const uintmax_t bytes = fs::file_size(path, ec);
    if (!ec && bytes > kMaxTextBytes)
        return Error{path + ": " + std::to_string(bytes) + " bytes, more than the 1 GiB a manifest or text file may have"};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open"};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// A JSONL line is parsed alone, so its parser's "line 1, column 9: ..." becomes "column 9: ...".
std::string withoutFirstLine(const std::string& message)
{
    const std::string prefix = "line 1, ";
    return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

bool blank(const std::string& line)
{
    return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
}

// Fills image/audio/text from a fields object; paths resolved against `base` and
// checked. `*missing` is set when the only fault is a file that does not exist:
// such lines are skipped and reported, the rest of the manifest still loads.
Result<CollectionItem> itemFromFields(json::Value fields, const fs::path& base, const std::string& where,
                                      bool* missing)
{
    *missing = false;
    CollectionItem item;
    for (const char* key : {"image", "audio"}) {
        const json::Value* value = fields.find(key);
        if (!value || value->isNull())
            continue;
        // Audio may list several recordings of the same item (the emoji pack has
        // one per voice): all must exist, the first one stands for the item.
        std::vector<const json::Value*> paths;
        if (value->isArray() && std::string(key) == "audio")
            for (const auto& entry : value->asArray())
                paths.push_back(&entry);
        else
            paths.push_back(value);
        for (const json::Value* entry : paths) {
            if (!entry->isString() || entry->asString().empty())
                return Error{where + "'" + key + "' must be a file path" + (std::string(key) == "audio" ? " or a list of them" : "")};
            const fs::path resolved = (base / entry->asString()).lexically_normal();
            std::error_code ec;
            if (!fs::is_regular_file(resolved, ec)) {
                *missing = true;
                return Error{where + "'" + entry->asString() + "' does not exist (line skipped)"};
            }
            std::string& slot = std::string(key) == "image" ? item.image : item.audio;
            if (slot.empty())
                slot = resolved.string();
        }
    }
    if (const json::Value* text = fields.find("text"); text && !text->isNull()) {
        if (!text->isString())
            return Error{where + "'text' must be a string"};
        item.text = text->asString();
        item.hasText = true;
    }
    if (item.image.empty() && item.audio.empty() && !item.hasText)
        return Error{where + "no 'image', 'text' or 'audio' field"};
    item.fields = std::move(fields);
    return item;
}

// Adds a manifest line's item, or records why it was skipped; false when the
// line's fault stops the whole manifest (bad syntax or fields).
bool addItem(Collection& collection, Result<CollectionItem> item, bool missing, Error* fatal)
{
    if (item) {
        collection.items.push_back(std::move(*item));
        return true;
    }
    if (!missing) {
        *fatal = item.error();
        return false;
    }
    if (collection.problems.size() < kMaxProblemsKept)
        collection.problems.push_back(item.error().message);
    ++collection.skipped;
    return true;
}

Result<Collection> loadFolder(const std::string& path)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.is_regular_file(ec))
            files.push_back(entry.path());
    if (ec)
        return Error{path + ": cannot list the folder: " + ec.message()};
    std::sort(files.begin(), files.end());
    Collection collection;
    collection.source = path;
    for (const auto& file : files) {
        const std::string name = file.filename().string();
        const fs::path absolute = fs::absolute(file).lexically_normal();
        if (isImageFileName(name) || isAudioFileName(name)) {
            CollectionItem item;
            const bool image = isImageFileName(name);
            (image ? item.image : item.audio) = absolute.string();
            item.fields = json::Value::object();
            item.fields[image ? "image" : "audio"] = name;
            collection.items.push_back(std::move(item));
        } else if (lowerExtension(name) == ".txt") {
            auto text = readAll(file.string());
            if (!text)
                return text.error();
            if (!text::isValidUtf8(*text)) {
                collection.problems.push_back(file.string() + ": not UTF-8 text (file skipped)");
                ++collection.skipped;
                continue;
            }
            const auto lines = splitLines(*text);
            for (size_t i = 0; i < lines.size(); ++i) {
                if (blank(lines[i]))
                    continue;
                CollectionItem item;
                item.text = lines[i];
                item.hasText = true;
                item.fields = json::Value::object();
                item.fields["text"] = lines[i];
                item.fields["file"] = name;
                item.fields["line"] = static_cast<int64_t>(i + 1);
                collection.items.push_back(std::move(item));
            }
        }
    }
    if (collection.items.empty())
        return Error{collection.problems.empty() ? path + ": holds no images, audio or .txt captions"
                                                 : path + ": nothing could be loaded; " + collection.problems.front()};
    return collection;
}

Result<Collection> loadJsonl(const std::string& path, const std::string& text)
{
    Collection collection;
    collection.source = path;
    const fs::path base = fs::absolute(path).parent_path();
    const auto lines = splitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
        if (blank(lines[i]))
            continue;
        const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
        auto value = json::parse(lines[i]);
        if (!value)
            return Error{where + withoutFirstLine(value.error().message)};
        if (!value->isObject())
            return Error{where + "expected a JSON object"};
        bool missing = false;
        auto item = itemFromFields(std::move(*value), base, where, &missing);
        Error fatal;
        if (!addItem(collection, std::move(item), missing, &fatal))
            return fatal;
    }
    return collection;
}

// One CSV record; quotes may wrap fields, "" inside them is a quote. No newlines in fields.
Result<std::vector<std::string>> splitCsv(const std::string& line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    if (quoted)
        return Error{"unterminated quoted field"};
    return fields;
}

Result<Collection> loadCsv(const std::string& path, const std::string& text)
{
    Collection collection;
    collection.source = path;
    const fs::path base = fs::absolute(path).parent_path();
    const auto lines = splitLines(text);
    if (lines.empty())
        return Error{path + ": empty file (expected a header line)"};
    auto header = splitCsv(lines.front());
    if (!header)
        return Error{path + ": line 1: " + header.error().message};
    for (size_t i = 1; i < lines.size(); ++i) {
        if (blank(lines[i]))
            continue;
        const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
        auto cells = splitCsv(lines[i]);
        if (!cells)
            return Error{where + cells.error().message};
        if (cells->size() != header->size())
            return Error{where + std::to_string(cells->size()) + " fields, the header has "
                         + std::to_string(header->size())};
        json::Value fields = json::Value::object();
        for (size_t c = 0; c < cells->size(); ++c)
            if (!(*cells)[c].empty())
                fields[(*header)[c]] = (*cells)[c];
        bool missing = false;
        auto item = itemFromFields(std::move(fields), base, where, &missing);
        Error fatal;
        if (!addItem(collection, std::move(item), missing, &fatal))
            return fatal;
    }
    return collection;
}

Result<Collection> loadCoco(const std::string& path, const json::Value& doc)
{
    const json::Value* images = doc.find("images");
    const json::Value* annotations = doc.find("annotations");
    if (!images || !images->isArray() || !annotations || !annotations->isArray())
        return Error{path + ": expected COCO captions JSON with 'images' and 'annotations' arrays"};
    const fs::path base = fs::absolute(path).parent_path();
    std::map<int64_t, std::string> fileOf;
    for (const auto& image : images->asArray()) {
        const json::Value* id = image.find("id");
        const json::Value* file = image.find("file_name");
        if (!id || !id->isInteger() || !file || !file->isString())
            return Error{path + ": every image needs an integer 'id' and a 'file_name'"};
        fileOf[id->asInt()] = file->asString();
    }
    Collection collection;
    collection.source = path;
    for (size_t i = 0; i < annotations->asArray().size(); ++i) {
        const json::Value& annotation = annotations->asArray()[i];
        const std::string where = path + ": annotation " + std::to_string(i) + ": ";
        const json::Value* imageId = annotation.find("image_id");
        const json::Value* caption = annotation.find("caption");
        if (!imageId || !imageId->isInteger() || !caption || !caption->isString())
            return Error{where + "needs an integer 'image_id' and a 'caption'"};
        const auto file = fileOf.find(imageId->asInt());
        if (file == fileOf.end())
            return Error{where + "image_id " + std::to_string(imageId->asInt()) + " is not among the images"};
        json::Value fields = json::Value::object();
        fields["image"] = file->second;
        fields["text"] = caption->asString();
        fields["image_id"] = imageId->asInt();
        bool missing = false;
        auto item = itemFromFields(std::move(fields), base, where, &missing);
        Error fatal;
        if (!addItem(collection, std::move(item), missing, &fatal))
            return fatal;
    }
    return collection;
}

} // namespace

bool isImageFileName(const std::string& name)
{
    static const char* kExt[] = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"};
    const std::string ext = lowerExtension(name);
    return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

bool isAudioFileName(const std::string& name)
{
    static const char* kExt[] = {".wav", ".flac", ".ogg", ".mp3"};
    const std::string ext = lowerExtension(name);
    return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* e) { return ext == e; });
}

Result<Collection> loadCollection(const std::string& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return loadFolder(path);
    if (!fs::is_regular_file(path, ec))
        return Error{path + ": no such file or folder"};
    auto text = readAll(path);
    if (!text)
        return text.error();
    // Spreadsheet programs save UTF-8 with a byte-order mark; it is not part of
    // the first field's name (a CSV header "\uFEFFimage" would drop every image).
    if (text->rfind("\xEF\xBB\xBF", 0) == 0)
        text->erase(0, 3);
    Result<Collection> result = Error{""};
    const std::string ext = lowerExtension(path);
    if (ext == ".jsonl") {
        result = loadJsonl(path, *text);
    } else if (ext == ".csv") {
        result = loadCsv(path, *text);
    } else if (ext == ".json") {
        auto doc = json::parse(*text);
        if (!doc)
            return Error{path + ": " + doc.error().message};
        result = loadCoco(path, *doc);
    } else {
        return Error{path + ": not a collection: give a folder, a .jsonl or .csv manifest, or COCO captions .json"};
    }
    if (result && result->items.empty())
        return Error{result->problems.empty() ? path + ": the manifest lists no items"
                                              : "nothing could be loaded; " + result->problems.front()};
    return result;
}

} // namespace fscope::data
