#include "ui/library_model.h"

#include "api/media.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>
#include <QImageReader>
#include <QPixmap>
#include <QStyle>

namespace fscope::ui {

namespace {

// What is wrong with an image or audio file's header ("" when nothing is).
QString headerProblem(const QString& path, bool image)
{
    const std::string file = path.toStdString();
    if (image) {
        const auto size = io::probeImage(file);
        return size ? QString() : QString::fromStdString(size.error().message);
    }
    const auto info = io::probeAudio(file);
    return info ? QString() : QString::fromStdString(info.error().message);
}

constexpr int kThumbnailSide = 48;

QIcon thumbnailOf(const QString& path)
{
    // Scaled while decoding, so large photos do not cost their full size.
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid())
        reader.setScaledSize(size.scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio));
    const QImage image = reader.read();
    if (image.isNull())
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    return QIcon(QPixmap::fromImage(image));
}

QString fileLabel(const std::string& path)
{
    return QFileInfo(QString::fromStdString(path)).fileName();
}

} // namespace

QString itemKindText(api::ItemKind kind)
{
    switch (kind) {
    case api::ItemKind::Image: return LibraryModel::tr("Image");
    case api::ItemKind::Text: return LibraryModel::tr("Text");
    case api::ItemKind::Audio: return LibraryModel::tr("Audio");
    }
    return {};
}

LibraryModel::LibraryModel(QObject* parent) : QAbstractListModel(parent) {}

int LibraryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant LibraryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& item = m_items[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (item.kind == api::ItemKind::Audio)
            return tr("%1 (%2 s)").arg(item.label).arg(durationOf(item), 0, 'f', 1);
        return item.label;
    case Qt::ToolTipRole:
        return item.kind == api::ItemKind::Text ? item.content
                                                  : tr("%1\n%2").arg(itemKindText(item.kind), item.content);
    case Qt::DecorationRole:
        if (item.kind == api::ItemKind::Image) {
            auto it = m_thumbnails.find(item.id);
            if (it == m_thumbnails.end())
                it = m_thumbnails.insert(item.id, thumbnailOf(item.content));
            return *it;
        }
        return QApplication::style()->standardIcon(item.kind == api::ItemKind::Audio ? QStyle::SP_MediaVolume
                                                                                       : QStyle::SP_FileIcon);
    case IdRole: return item.id;
    case KindRole: return static_cast<int>(item.kind);
    case ContentRole: return item.content;
    case GroupRole: return item.group;
    default: return {};
    }
}

double LibraryModel::durationOf(const LibraryItem& item) const
{
    // From the header only, once per item: cheap enough for the GUI thread.
    auto it = m_durations.find(item.id);
    if (it == m_durations.end()) {
        const auto info = io::probeAudio(item.content.toStdString());
        it = m_durations.insert(item.id, info ? info->seconds : 0.0);
    }
    return *it;
}

std::vector<LibraryItem> LibraryModel::itemsOfKind(api::ItemKind kind) const
{
    std::vector<LibraryItem> out;
    for (const auto& item : m_items)
        if (item.kind == kind)
            out.push_back(item);
    return out;
}

const LibraryItem* LibraryModel::find(int id) const
{
    for (const auto& item : m_items)
        if (item.id == id)
            return &item;
    return nullptr;
}

QImage LibraryModel::thumbnail(int id) const
{
    const auto* item = find(id);
    if (!item || item->kind != api::ItemKind::Image)
        return {};
    const QModelIndex at = index(int(item - m_items.data()));
    return data(at, Qt::DecorationRole).value<QIcon>().pixmap(kThumbnailSide, kThumbnailSide).toImage();
}

std::vector<LibraryItem> LibraryModel::pairedWith(int id) const
{
    std::vector<LibraryItem> out;
    const auto* self = find(id);
    if (!self || self->group.isEmpty())
        return out;
    for (const auto& item : m_items)
        if (item.group == self->group && item.id != id)
            out.push_back(item);
    return out;
}

int LibraryModel::append(LibraryItem item)
{
    item.id = m_nextId++;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_items.push_back(std::move(item));
    endInsertRows();
    return m_items.back().id;
}

int LibraryModel::addText(const QString& text, const QString& group)
{
    LibraryItem item;
    item.kind = api::ItemKind::Text;
    item.content = text;
    item.label = text.simplified();
    item.group = group;
    item.collection = tr("typed");
    const int id = append(std::move(item));
    Q_EMIT libraryChanged();
    return id;
}

int LibraryModel::addSpeech(const QString& text, const QString& audioPath, const QString& voice)
{
    const QString group = QStringLiteral("g%1").arg(m_nextGroup++);
    LibraryItem caption;
    caption.kind = api::ItemKind::Text;
    caption.content = text;
    caption.label = text.simplified();
    caption.group = group;
    caption.collection = tr("spoken");
    append(caption);
    LibraryItem speech = caption;
    speech.kind = api::ItemKind::Audio;
    speech.content = audioPath;
    speech.label = tr("%1 [%2]").arg(text.simplified(), voice);
    const int id = append(std::move(speech));
    Q_EMIT libraryChanged();
    return id;
}

int LibraryModel::importCollection(const QString& path, QStringList* errors)
{
    auto collection = data::loadCollection(path.toStdString());
    if (!collection) {
        if (errors)
            *errors << QString::fromStdString(collection.error().message);
        return 0;
    }
    if (errors) {
        for (const auto& problem : collection->problems)
            *errors << QString::fromStdString(problem);
        if (collection->skipped > collection->problems.size())
            *errors << tr("%1: %n more lines skipped", nullptr, int(collection->skipped - collection->problems.size()))
                           .arg(path);
    }
    int added = 0;
    const bool manifest = QFileInfo(path).isFile();
    for (const auto& source : collection->items) {
        // Lines of a manifest pair their fields; a folder's files stand alone.
        const QString group = manifest ? QStringLiteral("g%1").arg(m_nextGroup++) : QString();
        const QString caption = source.hasText ? QString::fromStdString(source.text).simplified() : QString();
        auto add = [&](api::ItemKind kind, const std::string& content, QString label, QString language = {}) {
            LibraryItem item;
            item.kind = kind;
            item.content = QString::fromStdString(content);
            item.label = std::move(label);
            item.group = group;
            item.collection = path;
            item.language = std::move(language);
            append(std::move(item));
            ++added;
        };
        if (!source.image.empty())
            add(api::ItemKind::Image, source.image, caption.isEmpty() ? fileLabel(source.image) : caption);
        if (source.hasText)
            add(api::ItemKind::Text, QString::fromStdString(source.text).trimmed().toStdString(), caption);
        // Captions in other languages: "text_zh", "text_de", ... fields of the line.
        if (source.fields.isObject())
            for (const auto& [key, value] : source.fields.asObject())
                if (key.rfind("text_", 0) == 0 && value.isString() && !value.asString().empty())
                    add(api::ItemKind::Text, value.asString(), QString::fromStdString(value.asString()),
                        QString::fromStdString(key.substr(5)));
        if (!source.audio.empty())
            add(api::ItemKind::Audio, source.audio, caption.isEmpty() ? fileLabel(source.audio) : caption);
    }
    return added;
}

int LibraryModel::importTextFile(const QString& path, QStringList* errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (errors)
            *errors << tr("%1: cannot read it (%2)").arg(path, file.errorString());
        return 0;
    }
    const QByteArray bytes = file.readAll();
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8.decode(bytes);
    if (utf8.hasError()) {
        if (errors)
            *errors << tr("%1: not UTF-8 text").arg(path);
        return 0;
    }
    int added = 0;
    for (const auto& line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        LibraryItem item;
        item.kind = api::ItemKind::Text;
        item.content = line.trimmed();
        item.label = item.content.simplified();
        item.collection = path;
        append(std::move(item));
        ++added;
    }
    if (added == 0 && errors)
        *errors << tr("%1: holds no text").arg(path);
    return added;
}

int LibraryModel::importPath(const QString& path, QStringList* errors)
{
    const QFileInfo info(path);
    int added = 0;
    if (!info.exists()) {
        if (errors)
            *errors << tr("%1: no such file or folder").arg(path);
    } else if (info.isDir()) {
        added = importCollection(path, errors);
    } else {
        const std::string name = info.fileName().toLower().toStdString();
        const QString suffix = info.suffix().toLower();
        if (data::isImageFileName(name) || data::isAudioFileName(name)) {
            // A named file is checked by its header now, so a bad one is reported
            // at once instead of failing later in a page.
            if (const QString problem = headerProblem(info.absoluteFilePath(), data::isImageFileName(name));
                !problem.isEmpty()) {
                if (errors)
                    *errors << problem;
                return 0;
            }
            LibraryItem item;
            item.kind = data::isImageFileName(name) ? api::ItemKind::Image : api::ItemKind::Audio;
            item.content = info.absoluteFilePath();
            item.label = info.fileName();
            item.collection = info.absolutePath();
            append(std::move(item));
            added = 1;
        } else if (suffix == QLatin1String("txt")) {
            added = importTextFile(info.absoluteFilePath(), errors);
        } else if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("csv") || suffix == QLatin1String("json")) {
            added = importCollection(path, errors);
        } else if (errors) {
            *errors << tr("%1: not an image, audio, text or manifest file").arg(path);
        }
    }
    if (added > 0)
        Q_EMIT libraryChanged();
    return added;
}

void LibraryModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_thumbnails.clear();
    m_durations.clear();
    endResetModel();
    Q_EMIT libraryChanged();
}

void LibraryModel::setItems(const std::vector<LibraryItem>& items)
{
    beginResetModel();
    m_items.clear();
    m_thumbnails.clear();
    m_durations.clear();
    for (auto item : items) {
        item.id = m_nextId++;
        // New imports must not join the groups of the loaded items.
        if (item.group.startsWith(QLatin1Char('g')))
            m_nextGroup = std::max(m_nextGroup, item.group.mid(1).toInt() + 1);
        m_items.push_back(std::move(item));
    }
    endResetModel();
    Q_EMIT libraryChanged();
}

} // namespace fscope::ui
