#include "ui/embedding_map_page.h"

#include "ui/qt_convert.h"
#include "api/projection.h"
#include "widgets/scatter_map.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTextStream>

#include <cmath>
#include <map>

namespace fscope::ui {

namespace {

struct MapResult {
    api::FloatGrid xy;
    std::vector<double> explained;                   // PCA: variance share of each axis
    std::vector<std::pair<QString, double>> gaps;    // between modality centroids
};

const api::ItemKind kKinds[3] = {api::ItemKind::Image, api::ItemKind::Text, api::ItemKind::Audio};

// 1 - cosine of the centroids of two modalities' normalised embeddings.
std::vector<std::pair<QString, double>> centroidGaps(const api::FloatGrid& space, const std::vector<api::ItemKind>& kinds)
{
    std::map<api::ItemKind, std::vector<double>> centroids;
    std::map<api::ItemKind, int> counts;
    for (int r = 0; r < space.rows; ++r) {
        auto& c = centroids[kinds[size_t(r)]];
        c.resize(size_t(space.columns), 0.0);
        for (int k = 0; k < space.columns; ++k)
            c[size_t(k)] += space.at(r, k);
        ++counts[kinds[size_t(r)]];
    }
    std::vector<std::pair<QString, double>> out;
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b) {
            if (!counts.count(kKinds[a]) || !counts.count(kKinds[b]))
                continue;
            const auto& x = centroids[kKinds[a]];
            const auto& y = centroids[kKinds[b]];
            double dot = 0, nx = 0, ny = 0;
            for (size_t k = 0; k < x.size(); ++k) {
                dot += x[k] * y[k];
                nx += x[k] * x[k];
                ny += y[k] * y[k];
            }
            out.emplace_back(QStringLiteral("%1-%2").arg(QString::fromStdString(api::itemKindName(kKinds[a])),
                                                        QString::fromStdString(api::itemKindName(kKinds[b]))),
                             1.0 - dot / std::max(1e-12, std::sqrt(nx * ny)));
        }
    return out;
}

} // namespace

EmbeddingMapPage::EmbeddingMapPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_method(new QComboBox(this)), m_map(new widgets::ScatterMap(this)),
      m_summary(new QLabel(this))
{
    m_method->setObjectName(QStringLiteral("mapMethod"));
    m_method->addItem(tr("PCA"), static_cast<int>(Method::Pca));
    m_method->addItem(tr("t-SNE"), static_cast<int>(Method::Tsne));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Projection:"), this));
    controls->addWidget(m_method);
    for (int k = 0; k < 3; ++k) {
        m_kinds[k] = new QCheckBox(itemKindText(kKinds[k]), this);
        m_kinds[k]->setChecked(true);
        controls->addWidget(m_kinds[k]);
        connect(m_kinds[k], &QCheckBox::toggled, this, [this] { recompute(); });
    }
    controls->addStretch(1);
    auto* compare = new QPushButton(tr("Compare selection"), this);
    compare->setObjectName(QStringLiteral("mapCompare"));
    compare->setToolTip(tr("Open the lasso's items in the similarity matrix"));
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);
    controls->addWidget(compare);
    controls->addWidget(exportButton);

    m_map->setObjectName(QStringLiteral("embeddingMap"));
    m_map->setCategories({itemKindText(kKinds[0]), itemKindText(kKinds[1]), itemKindText(kKinds[2])},
                         {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44)});
    m_summary->setWordWrap(true);
    // The page's layout does not grow a wrapped label by itself: room for the
    // two lines the gap summary takes at the app's usual widths.
    m_summary->setMinimumHeight(2 * m_summary->fontMetrics().lineSpacing() + 4);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_map, 1);
    layout->addWidget(m_summary);
    layout->addWidget(statusLabel());

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    connect(m_map, &widgets::ScatterMap::selectionChanged, this, [this](const std::vector<int>& selected) {
        if (!selected.empty())
            setStatus(tr("%n item(s) selected: “Compare selection” opens them in the similarity matrix.", nullptr,
                         int(selected.size())));
    });
    connect(compare, &QPushButton::clicked, this, [this] {
        std::vector<int> ids;
        for (const int index : m_map->selected())
            ids.push_back(m_ids[size_t(index)]);
        if (ids.empty())
            setStatus(tr("Draw a lasso around some points first (drag with the left button)."), true);
        else
            Q_EMIT compareRequested(ids);
    });
    addExportAction(exportMenu, tr("PNG image…"), QStringLiteral("embedding-map.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_map->exportPng(path); });
    addExportAction(exportMenu, tr("PDF document…"), QStringLiteral("embedding-map.pdf"), tr("PDF (*.pdf)"),
                    [this](const QString& path) { return m_map->exportPdf(path); });
    addExportAction(exportMenu, tr("CSV data…"), QStringLiteral("embedding-map.csv"), tr("CSV (*.csv)"),
                    [this](const QString& path) { return exportCsv(path); });
}

EmbeddingMapPage::Method EmbeddingMapPage::method() const
{
    return static_cast<Method>(m_method->currentData().toInt());
}

void EmbeddingMapPage::setMethod(Method method)
{
    m_method->setCurrentIndex(m_method->findData(static_cast<int>(method)));
}

void EmbeddingMapPage::recompute()
{
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    std::vector<int> ids;
    std::vector<api::ExplorerItem> items;
    std::vector<api::ItemKind> kinds;
    for (const auto& item : m_context.library->items()) {
        const int k = item.kind == api::ItemKind::Image ? 0 : item.kind == api::ItemKind::Text ? 1 : 2;
        if (!m_kinds[k]->isChecked() || (item.kind == api::ItemKind::Audio && !m_context.models->hasAudio()))
            continue;
        ids.push_back(item.id);
        items.push_back(item.explorerItem());
        kinds.push_back(item.kind);
    }
    if (items.size() < 4) {
        m_ids.clear();
        m_map->setPoints({}, {});
        setStatus(tr("The map needs at least four items of the chosen kinds."));
        return;
    }
    const Method chosen = method();
    runJob(
        chosen == Method::Tsne ? tr("t-SNE map of %n item(s)", nullptr, int(items.size()))
                               : tr("PCA map of %n item(s)", nullptr, int(items.size())),
        [explorer = m_context.models->explorer(), items, kinds, chosen](runtime::JobContext& context) {
            const auto space = explorer->embed(items, [&](int done, int total) {
                context.reportProgress(total > 0 ? 0.5 * done / total : -1);
                return !context.cancelled();
            });
            MapResult result;
            result.gaps = centroidGaps(space, kinds);
            if (chosen == Method::Tsne)
                result.xy = api::projectTsne(space, {}, [&](int it, int total) {
                    context.reportProgress(0.5 + 0.5 * it / total);
                    return !context.cancelled();
                });
            else
                result.xy = api::projectPca(space, &result.explained);
            return std::any(std::move(result));
        },
        [this, ids, chosen](const std::any& value) {
            const auto& result = std::any_cast<const MapResult&>(value);
            std::vector<widgets::ScatterPoint> points;
            std::map<QString, int> firstOfGroup; // the image of a group, or its first item
            std::vector<std::pair<int, int>> links;
            for (size_t i = 0; i < ids.size(); ++i) {
                const auto* item = m_context.library->find(ids[i]);
                const int category = item->kind == api::ItemKind::Image ? 0 : item->kind == api::ItemKind::Text ? 1 : 2;
                points.push_back({result.xy.at(int(i), 0), result.xy.at(int(i), 1), category, item->label,
                                  item->kind == api::ItemKind::Image ? item->content : QString()});
                if (!item->group.isEmpty() && item->kind == api::ItemKind::Image)
                    firstOfGroup[item->group] = int(i);
            }
            for (size_t i = 0; i < ids.size(); ++i) {
                const auto* item = m_context.library->find(ids[i]);
                const auto anchor = firstOfGroup.find(item->group);
                if (!item->group.isEmpty() && anchor != firstOfGroup.end() && anchor->second != int(i))
                    links.emplace_back(anchor->second, int(i));
            }
            m_ids = ids;
            m_gaps = result.gaps;
            m_map->setPoints(points, links);
            if (chosen == Method::Pca && result.explained.size() == 2)
                m_map->setAxisTitles(tr("PC 1 (%1 % of the variance)").arg(100 * result.explained[0], 0, 'f', 1),
                                     tr("PC 2 (%1 %)").arg(100 * result.explained[1], 0, 'f', 1));
            else
                m_map->setAxisTitles(tr("t-SNE 1"), tr("t-SNE 2"));
            QStringList gaps;
            for (const auto& [pair, gap] : m_gaps)
                gaps << tr("%1 %2").arg(pair).arg(gap, 0, 'f', 3);
            m_summary->setText(tr("<b>Modality gap</b> (1 − cosine of the modality centroids): %1. Lines join paired "
                                  "items; drag a lasso to select.")
                                   .arg(gaps.isEmpty() ? tr("one modality only") : gaps.join(QStringLiteral(" · "))));
        });
}

bool EmbeddingMapPage::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "x,y,kind,label,group,content\n";
    for (size_t i = 0; i < m_ids.size(); ++i) {
        const auto* item = m_context.library->find(m_ids[i]);
        const auto& point = m_map->points()[i];
        out << point.x << ',' << point.y << ',' << QString::fromStdString(api::itemKindName(item->kind)) << ','
            << csvQuoted(item->label) << ',' << csvQuoted(item->group) << ',' << csvQuoted(item->content) << '\n';
    }
    return file.error() == QFile::NoError;
}

} // namespace fscope::ui
