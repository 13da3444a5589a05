#include "ui/workspace.h"

#include "util/json.h"
#include "util/text_file.h"

#include <QDir>
#include <QFileInfo>

namespace fscope::ui {

namespace {

constexpr const char* kFormat = "fusionscope-workspace";
constexpr int kVersion = 1;

std::optional<api::ItemKind> kindFromName(const std::string& name)
{
    for (auto kind : {api::ItemKind::Image, api::ItemKind::Text, api::ItemKind::Audio})
        if (api::itemKindName(kind) == name)
            return kind;
    return std::nullopt;
}

QString stringField(const json::Value& object, const char* key)
{
    const auto* value = object.find(key);
    return value && value->isString() ? QString::fromStdString(value->asString()) : QString();
}

} // namespace

QString workspaceCacheDir(const QString& path)
{
    return QFileInfo(path).absoluteFilePath() + QStringLiteral("-cache");
}

bool saveWorkspace(const QString& path, const WorkspaceState& state, QString* error)
{
    const QDir folder = QFileInfo(path).absoluteDir();
    json::Value root = json::Value::object();
    root["format"] = kFormat;
    root["version"] = kVersion;
    root["model"] = state.model.toStdString();
    root["page"] = state.page.toStdString();
    json::Value items = json::Value::array();
    for (const auto& item : state.items) {
        json::Value entry = json::Value::object();
        entry["kind"] = api::itemKindName(item.kind);
        QString content = item.content;
        // Files under the workspace's folder are stored relative, so the pair can move together.
        if (item.kind != api::ItemKind::Text) {
            const QString relative = folder.relativeFilePath(item.content);
            if (!relative.startsWith(QLatin1String("..")))
                content = relative;
        }
        entry["content"] = content.toStdString();
        entry["label"] = item.label.toStdString();
        if (!item.group.isEmpty())
            entry["group"] = item.group.toStdString();
        if (!item.collection.isEmpty())
            entry["collection"] = item.collection.toStdString();
        if (!item.language.isEmpty())
            entry["language"] = item.language.toStdString();
        items.push(std::move(entry));
    }
    root["items"] = std::move(items);
    auto written = writeTextFileAtomically(path.toStdString(), json::serialize(root, 1) + "\n");
    if (!written) {
        if (error)
            *error = QString::fromStdString(written.error().message);
        return false;
    }
    QDir().mkpath(workspaceCacheDir(path));
    return true;
}

std::optional<WorkspaceState> loadWorkspace(const QString& path, QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return std::nullopt;
    };
    auto text = readTextFile(path.toStdString());
    if (!text) {
        if (error)
            *error = QString::fromStdString(text.error().message);
        return std::nullopt;
    }
    auto root = json::parse(*text);
    if (!root)
        return fail(QString::fromStdString(root.error().message));
    if (!root->isObject() || stringField(*root, "format") != QLatin1String(kFormat))
        return fail(QObject::tr("not a FusionScope workspace (no \"format\": \"%1\")").arg(QLatin1String(kFormat)));
    const auto* version = root->find("version");
    if (!version || !version->isInteger() || version->asInt() > kVersion)
        return fail(QObject::tr("workspace version %1 is newer than this FusionScope reads (%2)")
                        .arg(version && version->isNumber() ? QString::number(version->asDouble()) : QStringLiteral("?"))
                        .arg(kVersion));
    const auto* items = root->find("items");
    if (!items || !items->isArray())
        return fail(QObject::tr("\"items\" must be a list"));

    WorkspaceState state;
    state.model = stringField(*root, "model");
    state.page = stringField(*root, "page");
    const QDir folder = QFileInfo(path).absoluteDir();
    int index = 0;
    for (const auto& entry : items->asArray()) {
        ++index;
        const auto kind = entry.isObject() ? kindFromName(stringField(entry, "kind").toStdString()) : std::nullopt;
        if (!kind)
            return fail(QObject::tr("item %1: \"kind\" must be image, text or audio").arg(index));
        LibraryItem item;
        item.kind = *kind;
        item.content = stringField(entry, "content");
        if (item.content.isEmpty())
            return fail(QObject::tr("item %1: \"content\" is missing").arg(index));
        if (item.kind != api::ItemKind::Text)
            item.content = QDir::cleanPath(folder.absoluteFilePath(item.content));
        item.label = stringField(entry, "label");
        if (item.label.isEmpty())
            item.label = item.kind == api::ItemKind::Text ? item.content.simplified() : QFileInfo(item.content).fileName();
        item.group = stringField(entry, "group");
        item.collection = stringField(entry, "collection");
        item.language = stringField(entry, "language");
        state.items.push_back(std::move(item));
    }
    return state;
}

} // namespace fscope::ui
