#pragma once
// The library: every image, text and audio item the person has loaded, with the
// pairings between them (an image, its captions and its speech share a group).
// A list model for views, with thumbnails for images and icons for the rest.
//
//   LibraryModel library;
//   QStringList errors;
//   library.importPath("pairs.jsonl", &errors);     // a manifest, a folder or single files
//   library.addText(tr("a red apple"));
//   auto images = library.itemsOfKind(api::ItemKind::Image);
//
// GUI thread only.

#include "api/explorer.h"

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QImage>

#include <vector>

namespace fscope::ui {

struct LibraryItem {
    int id = 0;
    api::ItemKind kind = api::ItemKind::Text;
    QString content;    // the file path (image, audio) or the text
    QString label;      // what lists show: a caption, or the file name
    QString group;      // items of one group are paired; empty for none
    QString collection; // where it came from (a manifest, a folder, "typed")
    QString language;   // for texts from manifests with text_<lang> fields: "zh"; otherwise empty

    api::ExplorerItem explorerItem() const { return {kind, content.toStdString()}; }
};

class LibraryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, KindRole, ContentRole, GroupRole };

    explicit LibraryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    const std::vector<LibraryItem>& items() const { return m_items; }
    std::vector<LibraryItem> itemsOfKind(api::ItemKind kind) const;
    const LibraryItem* find(int id) const;
    // The item's small picture (cached; decoded at thumbnail size), null for non-images.
    QImage thumbnail(int id) const;
    // The items of the same group as `id` (not itself).
    std::vector<LibraryItem> pairedWith(int id) const;

    int addText(const QString& text, const QString& group = {});
    // A text and its speech (a WAV file), paired; returns the audio item's id.
    int addSpeech(const QString& text, const QString& audioPath, const QString& voice);
    // A manifest (.jsonl, .csv, .json), a folder, or single image, audio or .txt
    // files. Returns the number of items added; each problem goes to `errors`
    // with the file named, and what could be read is kept.
    int importPath(const QString& path, QStringList* errors);
    void clear();
    // Replaces everything (a workspace being opened); ids are given anew.
    void setItems(const std::vector<LibraryItem>& items);

Q_SIGNALS:
    void libraryChanged();

private:
    int append(LibraryItem item);
    int importCollection(const QString& path, QStringList* errors);
    int importTextFile(const QString& path, QStringList* errors);

    std::vector<LibraryItem> m_items;
    double durationOf(const LibraryItem& item) const;

    mutable QHash<int, QIcon> m_thumbnails;
    mutable QHash<int, double> m_durations;
    int m_nextId = 1;
    int m_nextGroup = 1;
};

QString itemKindText(api::ItemKind kind); // translated "Image", "Text", "Audio"

} // namespace fscope::ui
