#include "ui/similarity_page.h"

#include "ui/qt_convert.h"
#include "widgets/heatmap_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace fscope::ui {

namespace {

void fillKinds(QComboBox* combo)
{
    combo->addItem(LibraryModel::tr("Texts"), static_cast<int>(api::ItemKind::Text));
    combo->addItem(LibraryModel::tr("Images"), static_cast<int>(api::ItemKind::Image));
    combo->addItem(LibraryModel::tr("Audio"), static_cast<int>(api::ItemKind::Audio));
}

} // namespace

SimilarityPage::SimilarityPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_rowCombo(new QComboBox(this)), m_columnCombo(new QComboBox(this)),
      m_scaleCombo(new QComboBox(this)), m_count(new QSpinBox(this)), m_sort(new QCheckBox(tr("Sort by best match"), this)),
      m_heatmap(new widgets::HeatmapView(this))
{
    m_rowCombo->setObjectName(QStringLiteral("similarityRows"));
    m_columnCombo->setObjectName(QStringLiteral("similarityColumns"));
    m_scaleCombo->setObjectName(QStringLiteral("similarityScale"));
    fillKinds(m_rowCombo);
    fillKinds(m_columnCombo);
    m_columnCombo->setCurrentIndex(1);
    m_scaleCombo->addItem(tr("Cosine similarity"), static_cast<int>(Scale::Cosine));
    m_scaleCombo->addItem(tr("Logits (temperature-scaled)"), static_cast<int>(Scale::Logits));
    m_scaleCombo->addItem(tr("Softmax per row"), static_cast<int>(Scale::SoftmaxPerRow));
    m_count->setRange(2, 64);
    m_count->setValue(12);
    m_count->setPrefix(tr("pairs: "));
    m_count->setToolTip(tr("How many pairs of the library to compare (rows and columns from the same manifest lines)"));
    auto* useSelection = new QPushButton(tr("Use library selection"), this);
    useSelection->setToolTip(tr("Rows and columns from the items selected in the library"));
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Rows:"), this));
    controls->addWidget(m_rowCombo);
    controls->addWidget(new QLabel(tr("Columns:"), this));
    controls->addWidget(m_columnCombo);
    controls->addWidget(m_count);
    controls->addStretch(1);
    controls->addWidget(useSelection);
    auto* view = new QHBoxLayout;
    view->addWidget(m_scaleCombo);
    view->addWidget(m_sort);
    view->addStretch(1);
    view->addWidget(exportButton);

    m_heatmap->setObjectName(QStringLiteral("similarityHeatmap"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(view);
    layout->addWidget(m_heatmap, 1);
    layout->addWidget(statusLabel());

    for (auto* combo : {m_rowCombo, m_columnCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { chooseItems(); });
    connect(m_count, &QSpinBox::valueChanged, this, [this] { chooseItems(); });
    connect(m_scaleCombo, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_sort, &QCheckBox::toggled, this, [this] { redraw(); });
    connect(useSelection, &QPushButton::clicked, this, &SimilarityPage::useSelection);
    connect(m_heatmap, &widgets::HeatmapView::cellClicked, this,
            [this](int row, int column, double) { onCellClicked(row, column); });
    addExportAction(exportMenu, tr("PNG image…"), QStringLiteral("similarity.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_heatmap->exportPng(path); });
    addExportAction(exportMenu, tr("PDF document…"), QStringLiteral("similarity.pdf"), tr("PDF (*.pdf)"),
                    [this](const QString& path) { return m_heatmap->exportPdf(path); });
    addExportAction(exportMenu, tr("CSV data…"), QStringLiteral("similarity.csv"), tr("CSV (*.csv)"),
                    [this](const QString& path) { return exportCsv(path); });
}

api::ItemKind SimilarityPage::rowKind() const
{
    return static_cast<api::ItemKind>(m_rowCombo->currentData().toInt());
}

api::ItemKind SimilarityPage::columnKind() const
{
    return static_cast<api::ItemKind>(m_columnCombo->currentData().toInt());
}

void SimilarityPage::setKinds(api::ItemKind rows, api::ItemKind columns)
{
    const QSignalBlocker blockRows(m_rowCombo), blockColumns(m_columnCombo);
    m_rowCombo->setCurrentIndex(m_rowCombo->findData(static_cast<int>(rows)));
    m_columnCombo->setCurrentIndex(m_columnCombo->findData(static_cast<int>(columns)));
    chooseItems();
}

void SimilarityPage::setScale(Scale scale)
{
    m_scaleCombo->setCurrentIndex(m_scaleCombo->findData(static_cast<int>(scale)));
}

void SimilarityPage::setSortByBestMatch(bool sort)
{
    m_sort->setChecked(sort);
}

void SimilarityPage::recompute()
{
    chooseItems();
}

void SimilarityPage::chooseItems()
{
    // Pairs first: groups (manifest lines) that hold both kinds give one row and
    // one column each, so true pairs lie on the diagonal. Untranslated captions
    // come before the other languages of the same line.
    const auto& items = m_context.library->items();
    std::vector<int> rows, columns;
    std::set<QString> seenGroups;
    auto firstOf = [&](const QString& group, api::ItemKind kind) -> int {
        int fallback = 0;
        for (const auto& item : items)
            if (item.group == group && item.kind == kind) {
                if (item.language.isEmpty())
                    return item.id;
                if (fallback == 0)
                    fallback = item.id;
            }
        return fallback;
    };
    const size_t want = size_t(m_count->value());
    for (const auto& item : items) {
        if (rows.size() >= want)
            break;
        if (item.group.isEmpty() || !seenGroups.insert(item.group).second)
            continue;
        const int row = firstOf(item.group, rowKind());
        const int column = firstOf(item.group, columnKind());
        if (row > 0 && column > 0 && (row != column)) {
            rows.push_back(row);
            columns.push_back(column);
        }
    }
    // Without pairs: the first items of each kind.
    if (rows.empty())
        for (const auto& item : items) {
            if (item.kind == rowKind() && rows.size() < want)
                rows.push_back(item.id);
            if (item.kind == columnKind() && columns.size() < want)
                columns.push_back(item.id);
        }
    computeFor(std::move(rows), std::move(columns));
}

void SimilarityPage::useSelection()
{
    const auto selected = m_context.selection ? m_context.selection() : std::vector<int>{};
    std::vector<int> rows, columns;
    for (const int id : selected)
        if (const auto* item = m_context.library->find(id)) {
            if (item->kind == rowKind())
                rows.push_back(id);
            if (item->kind == columnKind() && rowKind() != columnKind())
                columns.push_back(id);
        }
    if (rowKind() == columnKind())
        columns = rows;
    if (rows.empty() || columns.empty()) {
        setStatus(tr("Select %1 and %2 items in the library first.")
                      .arg(itemKindText(rowKind()).toLower(), itemKindText(columnKind()).toLower()),
                  true);
        return;
    }
    computeFor(std::move(rows), std::move(columns));
}

void SimilarityPage::compareItems(const std::vector<int>& ids)
{
    std::vector<int> images, others;
    api::ItemKind otherKind = api::ItemKind::Text;
    for (const int id : ids)
        if (const auto* item = m_context.library->find(id)) {
            if (item->kind == api::ItemKind::Image)
                images.push_back(id);
            else if (others.empty() || item->kind == otherKind) {
                otherKind = item->kind; // rows of one modality: the first one met
                others.push_back(id);
            }
        }
    if (images.empty() || others.empty()) {
        const auto& all = images.empty() ? others : images;
        const auto kind = images.empty() ? otherKind : api::ItemKind::Image;
        setKindsQuietly(kind, kind);
        computeFor(all, all);
        return;
    }
    setKindsQuietly(otherKind, api::ItemKind::Image);
    computeFor(others, images);
}

void SimilarityPage::setKindsQuietly(api::ItemKind rows, api::ItemKind columns)
{
    const QSignalBlocker blockRows(m_rowCombo), blockColumns(m_columnCombo);
    m_rowCombo->setCurrentIndex(m_rowCombo->findData(static_cast<int>(rows)));
    m_columnCombo->setCurrentIndex(m_columnCombo->findData(static_cast<int>(columns)));
}

void SimilarityPage::computeFor(std::vector<int> rowIds, std::vector<int> columnIds)
{
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    if (rowIds.empty() || columnIds.empty()) {
        m_cosine = {};
        m_heatmap->setMatrix({});
        setStatus(tr("The library has no %1 or no %2 items.")
                      .arg(itemKindText(rowKind()).toLower(), itemKindText(columnKind()).toLower()));
        return;
    }
    if ((rowKind() == api::ItemKind::Audio || columnKind() == api::ItemKind::Audio) && !m_context.models->hasAudio()) {
        setStatus(tr("%1 has no audio encoder; pick the built-in model for speech.").arg(m_context.models->modelName()),
                  true);
        return;
    }
    std::vector<api::ExplorerItem> rows, columns;
    for (const int id : rowIds)
        rows.push_back(m_context.library->find(id)->explorerItem());
    for (const int id : columnIds)
        columns.push_back(m_context.library->find(id)->explorerItem());
    runJob(
        tr("Similarity of %1 × %2 items").arg(rows.size()).arg(columns.size()),
        [explorer = m_context.models->explorer(), rows, columns](runtime::JobContext& context) {
            auto progress = [&](int done, int total) {
                context.reportProgress(total > 0 ? double(done) / total : -1);
                return !context.cancelled();
            };
            const auto a = explorer->embed(rows, progress);
            const auto b = explorer->embed(columns, progress);
            return std::any(std::make_pair(api::cosineMatrix(a, b), explorer->logitScale()));
        },
        [this, rowIds, columnIds](const std::any& value) {
            const auto& [cosine, scale] = std::any_cast<const std::pair<api::FloatGrid, double>&>(value);
            m_rowIds = rowIds;
            m_columnIds = columnIds;
            m_cosine = cosine;
            m_logitScale = scale;
            redraw();
        });
}

void SimilarityPage::redraw()
{
    if (m_cosine.rows == 0)
        return;
    const auto scale = static_cast<Scale>(m_scaleCombo->currentData().toInt());
    const int rows = m_cosine.rows, columns = m_cosine.columns;
    std::vector<double> values(m_cosine.values.begin(), m_cosine.values.end());
    if (scale != Scale::Cosine)
        for (auto& v : values)
            v *= m_logitScale;
    if (scale == Scale::SoftmaxPerRow)
        for (int r = 0; r < rows; ++r) {
            auto* row = values.data() + size_t(r) * size_t(columns);
            const double top = *std::max_element(row, row + columns);
            double sum = 0;
            for (int c = 0; c < columns; ++c)
                sum += row[c] = std::exp(row[c] - top);
            for (int c = 0; c < columns; ++c)
                row[c] /= sum;
        }
    m_rowOrder.resize(size_t(rows));
    std::iota(m_rowOrder.begin(), m_rowOrder.end(), 0);
    if (m_sort->isChecked())
        std::stable_sort(m_rowOrder.begin(), m_rowOrder.end(), [&](int a, int b) {
            auto best = [&](int r) { return *std::max_element(values.begin() + long(r) * columns, values.begin() + long(r + 1) * columns); };
            return best(a) > best(b);
        });

    widgets::HeatmapMatrix matrix;
    matrix.rows = rows;
    matrix.columns = columns;
    for (const int r : m_rowOrder) {
        matrix.values.insert(matrix.values.end(), values.begin() + long(r) * columns, values.begin() + long(r + 1) * columns);
        matrix.rowLabels << m_context.library->find(m_rowIds[size_t(r)])->label;
    }
    for (const int id : m_columnIds)
        matrix.columnLabels << m_context.library->find(id)->label;
    matrix.rowTitle = itemKindText(rowKind());
    matrix.columnTitle = itemKindText(columnKind());
    m_heatmap->setMatrix(matrix);
    QList<QImage> pictures;
    if (columnKind() == api::ItemKind::Image)
        for (const int id : m_columnIds)
            pictures << m_context.library->thumbnail(id);
    m_heatmap->setColumnImages(pictures);
    if (scale == Scale::Cosine)
        m_heatmap->setValueRange(std::nullopt);
    else if (scale == Scale::SoftmaxPerRow)
        m_heatmap->setValueRange(std::make_pair(0.0, 1.0));
    else
        m_heatmap->setValueRange(std::nullopt);
    int hits = 0;
    const bool paired = rows == columns;
    for (int r = 0; r < rows && paired; ++r) {
        const auto* row = m_cosine.values.data() + size_t(r) * size_t(columns);
        hits += std::max_element(row, row + columns) - row == r;
    }
    setStatus(paired ? tr("%1 of %2 rows match their own pair best (the diagonal). Click a cell to see why.")
                           .arg(hits)
                           .arg(rows)
                     : tr("Click a cell to see why."));
}

void SimilarityPage::onCellClicked(int row, int column)
{
    if (row < 0 || size_t(row) >= m_rowOrder.size() || column < 0 || size_t(column) >= m_columnIds.size())
        return;
    const auto* a = m_context.library->find(m_rowIds[size_t(m_rowOrder[size_t(row)])]);
    const auto* b = m_context.library->find(m_columnIds[size_t(column)]);
    if (!a || !b)
        return;
    if (b->kind == api::ItemKind::Image)
        Q_EMIT explainRequested(a->explorerItem(), b->content, a->label);
    else if (a->kind == api::ItemKind::Image)
        Q_EMIT explainRequested(b->explorerItem(), a->content, b->label);
    else
        setStatus(tr("Explanations show where a query looks in an image; this cell pairs no image."));
}

bool SimilarityPage::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    const auto& matrix = m_heatmap->matrix();
    out << csvQuoted(matrix.rowTitle + QStringLiteral(" \\ ") + matrix.columnTitle);
    for (const auto& label : matrix.columnLabels)
        out << ',' << csvQuoted(label);
    out << '\n';
    for (int r = 0; r < matrix.rows; ++r) {
        out << csvQuoted(matrix.rowLabels.value(r));
        for (int c = 0; c < matrix.columns; ++c)
            out << ',' << QString::number(matrix.values[size_t(r) * size_t(matrix.columns) + size_t(c)], 'g', 7);
        out << '\n';
    }
    return file.error() == QFile::NoError;
}

} // namespace fscope::ui
