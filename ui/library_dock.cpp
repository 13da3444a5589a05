#include "ui/library_dock.h"

#include "ui/library_model.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace fscope::ui {

namespace {

// Keeps the rows of one modality (or all) whose name or content contains the search.
class LibraryFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setKind(std::optional<api::ItemKind> kind)
    {
        m_kind = kind;
        invalidateFilter();
    }
    void setSearch(const QString& text)
    {
        m_search = text.trimmed();
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (m_kind && index.data(LibraryModel::KindRole).toInt() != static_cast<int>(*m_kind))
            return false;
        if (m_search.isEmpty())
            return true;
        return index.data(Qt::DisplayRole).toString().contains(m_search, Qt::CaseInsensitive)
            || index.data(LibraryModel::ContentRole).toString().contains(m_search, Qt::CaseInsensitive);
    }

private:
    std::optional<api::ItemKind> m_kind;
    QString m_search;
};

} // namespace

LibraryDock::LibraryDock(LibraryModel* library, QWidget* parent)
    : QDockWidget(tr("Library"), parent), m_library(library), m_filter(new LibraryFilter(this)),
      m_kindCombo(new QComboBox), m_search(new QLineEdit), m_view(new QListView), m_counts(new QLabel),
      m_tools(new QToolBar)
{
    setObjectName(QStringLiteral("libraryDock"));
    m_filter->setSourceModel(library);
    m_kindCombo->setObjectName(QStringLiteral("libraryKind"));
    m_kindCombo->addItem(tr("All items"), -1);
    m_kindCombo->addItem(tr("Images"), static_cast<int>(api::ItemKind::Image));
    m_kindCombo->addItem(tr("Texts"), static_cast<int>(api::ItemKind::Text));
    m_kindCombo->addItem(tr("Audio"), static_cast<int>(api::ItemKind::Audio));
    m_search->setObjectName(QStringLiteral("librarySearch"));
    m_search->setPlaceholderText(tr("Search names and texts"));
    m_search->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("libraryView"));
    m_view->setModel(m_filter);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setIconSize(QSize(32, 32));
    m_view->setUniformItemSizes(true);
    m_tools->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tools);
    layout->addWidget(m_kindCombo);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_counts);
    setWidget(body);
    setMinimumWidth(220);

    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_kindCombo->currentData().toInt();
        static_cast<LibraryFilter*>(m_filter)->setKind(kind < 0 ? std::nullopt
                                                                : std::optional(static_cast<api::ItemKind>(kind)));
        updateCounts();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        static_cast<LibraryFilter*>(m_filter)->setSearch(text);
        updateCounts();
    });
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex& index) { Q_EMIT itemActivated(index.data(LibraryModel::IdRole).toInt()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        Q_EMIT currentItemChanged(current.isValid() ? current.data(LibraryModel::IdRole).toInt() : 0);
    });
    connect(library, &LibraryModel::libraryChanged, this, &LibraryDock::updateCounts);
    connect(library, &QAbstractItemModel::modelReset, this, &LibraryDock::updateCounts);
    updateCounts();
}

void LibraryDock::addImportActions(const QList<QAction*>& actions)
{
    m_tools->addActions(actions);
}

std::vector<int> LibraryDock::selectedIds() const
{
    auto rows = m_view->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<int> ids;
    for (const auto& index : rows)
        ids.push_back(index.data(LibraryModel::IdRole).toInt());
    return ids;
}

void LibraryDock::setKindFilter(std::optional<api::ItemKind> kind)
{
    m_kindCombo->setCurrentIndex(kind ? m_kindCombo->findData(static_cast<int>(*kind)) : 0);
}

void LibraryDock::setSearchText(const QString& text)
{
    m_search->setText(text);
}

void LibraryDock::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

int LibraryDock::visibleCount() const
{
    return m_filter->rowCount();
}

void LibraryDock::updateCounts()
{
    int counts[3] = {0, 0, 0};
    for (const auto& item : m_library->items())
        ++counts[static_cast<int>(item.kind)];
    m_counts->setText(tr("%1 shown · %2 images · %3 texts · %4 audio")
                          .arg(m_filter->rowCount())
                          .arg(counts[static_cast<int>(api::ItemKind::Image)])
                          .arg(counts[static_cast<int>(api::ItemKind::Text)])
                          .arg(counts[static_cast<int>(api::ItemKind::Audio)]));
}

} // namespace fscope::ui
