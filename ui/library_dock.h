#pragma once
// The library dock: every loaded item with its thumbnail or icon, a filter by
// modality, a search over names and texts, and the buttons that bring data in.
// Selection is shared with the pages (similarity "use selection", retrieval
// "query by selected item"). GUI thread only.

#include "api/explorer.h"

#include <QDockWidget>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QToolBar;

namespace fscope::ui {

class LibraryModel;

class LibraryDock : public QDockWidget {
    Q_OBJECT
public:
    LibraryDock(LibraryModel* library, QWidget* parent = nullptr);

    // The ids of the selected items, in the order shown.
    std::vector<int> selectedIds() const;
    void setKindFilter(std::optional<api::ItemKind> kind);
    void setSearchText(const QString& text);
    int visibleCount() const;
    void focusSearch();
    QListView* view() const { return m_view; }
    // Buttons for the window's import actions, placed above the list.
    void addImportActions(const QList<QAction*>& actions);

Q_SIGNALS:
    void itemActivated(int id);
    void currentItemChanged(int id); // 0: none

private:
    void updateCounts();

    LibraryModel* m_library;
    QSortFilterProxyModel* m_filter;
    QComboBox* m_kindCombo;
    QLineEdit* m_search;
    QListView* m_view;
    QLabel* m_counts;
    QToolBar* m_tools;
};

} // namespace fscope::ui
