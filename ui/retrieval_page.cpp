#include "ui/retrieval_page.h"

#include "ui/qt_convert.h"
#include "ui/speech.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTextStream>

#include <algorithm>
#include <numeric>

namespace fscope::ui {

RetrievalPage::RetrievalPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_queryEdit(new QLineEdit(this)), m_searchButton(new QPushButton(tr("Search"), this)),
      m_useSelection(new QPushButton(tr("Query by selected item"), this)), m_speakButton(new QPushButton(tr("Speak"), this)),
      m_voiceCombo(new QComboBox(this)), m_targetCombo(new QComboBox(this)),
      m_topK(new QSpinBox(this)), m_queryLabel(new QLabel(this)), m_list(new QListWidget(this))
{
    m_queryEdit->setObjectName(QStringLiteral("retrievalQuery"));
    m_queryEdit->setPlaceholderText(tr("Describe what to find, in English or Chinese…"));
    m_queryEdit->setClearButtonEnabled(true);
    m_targetCombo->setObjectName(QStringLiteral("retrievalTarget"));
    m_targetCombo->addItem(tr("Images"), static_cast<int>(api::ItemKind::Image));
    m_targetCombo->addItem(tr("Texts"), static_cast<int>(api::ItemKind::Text));
    m_targetCombo->addItem(tr("Audio"), static_cast<int>(api::ItemKind::Audio));
    m_topK->setRange(1, 200);
    m_topK->setValue(12);
    m_topK->setPrefix(tr("top "));
    m_useSelection->setObjectName(QStringLiteral("queryBySelection"));
    m_useSelection->setToolTip(tr("Use the item selected in the library (an image, a text or a clip of speech) as the query"));
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    m_speakButton->setObjectName(QStringLiteral("speakQuery"));
    m_speakButton->setToolTip(tr("Say the query with espeak-ng and search with the speech"));
    m_voiceCombo->setObjectName(QStringLiteral("speakVoice"));
    m_voiceCombo->addItems(speechVoices());

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_queryEdit, 1);
    controls->addWidget(m_searchButton);
    controls->addWidget(m_speakButton);
    controls->addWidget(m_voiceCombo);
    auto* options = new QHBoxLayout;
    options->addWidget(m_useSelection);
    options->addWidget(new QLabel(tr("Find:"), this));
    options->addWidget(m_targetCombo);
    options->addWidget(m_topK);
    options->addStretch(1);
    options->addWidget(exportButton);

    m_list->setObjectName(QStringLiteral("retrievalResults"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize(QSize(96, 96));
    m_list->setGridSize(QSize(176, 150));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(options);
    layout->addWidget(m_queryLabel);
    layout->addWidget(m_list, 1);
    layout->addWidget(statusLabel());

    connect(m_searchButton, &QPushButton::clicked, this, [this] { searchText(m_queryEdit->text()); });
    connect(m_queryEdit, &QLineEdit::returnPressed, this, [this] { searchText(m_queryEdit->text()); });
    connect(m_speakButton, &QPushButton::clicked, this,
            [this] { searchSpoken(m_queryEdit->text(), m_voiceCombo->currentText()); });
    connect(m_useSelection, &QPushButton::clicked, this, [this] {
        const auto selected = m_context.selection ? m_context.selection() : std::vector<int>{};
        if (!selected.empty())
            searchItem(selected.front());
        else
            setStatus(tr("Select an item in the library first."), true);
    });
    connect(m_targetCombo, &QComboBox::currentIndexChanged, this, [this] { run(); });
    connect(m_topK, &QSpinBox::valueChanged, this, [this] { run(); });
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { openResult(m_list->row(item)); });
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) { openResult(m_list->row(item)); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the ranking"), QStringLiteral("ranking.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !exportCsv(path))
            setStatus(tr("Cannot write %1").arg(path), true);
    });
}

api::ItemKind RetrievalPage::target() const
{
    return static_cast<api::ItemKind>(m_targetCombo->currentData().toInt());
}

void RetrievalPage::setTarget(api::ItemKind kind)
{
    m_targetCombo->setCurrentIndex(m_targetCombo->findData(static_cast<int>(kind)));
}

void RetrievalPage::searchText(const QString& text)
{
    if (text.trimmed().isEmpty()) {
        setStatus(tr("Type a query first."), true);
        return;
    }
    m_query = {api::ItemKind::Text, text.trimmed().toStdString()};
    m_queryText = tr("“%1”").arg(text.trimmed());
    m_hasQuery = true;
    run();
}

void RetrievalPage::searchSpoken(const QString& text, const QString& voice)
{
    if (text.trimmed().isEmpty()) {
        setStatus(tr("Type what to say first."), true);
        return;
    }
    setStatus(tr("Speaking “%1”…").arg(text.trimmed()));
    speakToFile(m_context.bridge, this, text.trimmed(), voice, m_context.speechDir,
                [this, text = text.trimmed(), voice](const QString& wav, const QString& error) {
                    if (wav.isEmpty()) {
                        setStatus(tr("Cannot speak “%1”: %2").arg(text, error), true);
                        return;
                    }
                    m_query = {api::ItemKind::Audio, wav.toStdString()};
                    m_queryText = tr("speech “%1” [%2]").arg(text, voice);
                    m_hasQuery = true;
                    run();
                });
}

void RetrievalPage::searchItem(int itemId)
{
    const auto* item = m_context.library->find(itemId);
    if (!item)
        return;
    m_query = item->explorerItem();
    m_queryText = tr("%1: %2").arg(itemKindText(item->kind), item->label);
    m_hasQuery = true;
    if (item->kind == api::ItemKind::Text)
        m_queryEdit->setText(item->content);
    run();
}

void RetrievalPage::recompute()
{
    if (!m_hasQuery) {
        // Something to look at on first launch: the first caption of the library.
        const auto texts = m_context.library->itemsOfKind(api::ItemKind::Text);
        if (texts.empty()) {
            setStatus(tr("Add items to the library, then type a query."));
            return;
        }
        m_queryEdit->setText(texts.front().content);
        m_query = texts.front().explorerItem();
        m_queryText = tr("“%1”").arg(texts.front().content);
        m_hasQuery = true;
    }
    run();
}

void RetrievalPage::run()
{
    if (!m_hasQuery)
        return;
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    const auto candidates = m_context.library->itemsOfKind(target());
    if (candidates.empty()) {
        m_results.clear();
        m_list->clear();
        setStatus(tr("The library has no %1 items to search.").arg(itemKindText(target()).toLower()));
        return;
    }
    if ((target() == api::ItemKind::Audio || m_query.kind == api::ItemKind::Audio) && !m_context.models->hasAudio()) {
        setStatus(tr("%1 has no audio encoder; pick the built-in model for speech.").arg(m_context.models->modelName()),
                  true);
        return;
    }
    std::vector<api::ExplorerItem> items{m_query};
    std::vector<int> ids;
    for (const auto& candidate : candidates) {
        items.push_back(candidate.explorerItem());
        ids.push_back(candidate.id);
    }
    const int k = m_topK->value();
    m_queryLabel->setText(tr("Query %1 · %2").arg(m_queryText, m_context.models->modelName()));
    runJob(
        tr("Rank %n item(s)", nullptr, static_cast<int>(candidates.size())),
        [explorer = m_context.models->explorer(), items, ids, k](runtime::JobContext& context) {
            const auto space = explorer->embed(items, [&](int done, int total) {
                context.reportProgress(total > 0 ? double(done) / total : -1);
                return !context.cancelled();
            });
            std::vector<RankedItem> ranked;
            for (int row = 1; row < space.rows; ++row) {
                double dot = 0;
                for (int c = 0; c < space.columns; ++c)
                    dot += double(space.at(0, c)) * space.at(row, c);
                ranked.push_back({ids[size_t(row - 1)], dot});
            }
            std::stable_sort(ranked.begin(), ranked.end(),
                             [](const RankedItem& a, const RankedItem& b) { return a.score > b.score; });
            ranked.resize(std::min(ranked.size(), size_t(k)));
            return std::any(ranked);
        },
        [this](const std::any& value) { showResults(std::any_cast<std::vector<RankedItem>>(value)); });
}

void RetrievalPage::showResults(const std::vector<RankedItem>& results)
{
    m_results = results;
    m_list->clear();
    int rank = 1;
    for (const auto& result : results) {
        const auto* item = m_context.library->find(result.itemId);
        if (!item)
            continue;
        auto* entry = new QListWidgetItem(m_list);
        const QModelIndex index = m_context.library->index(int(item - m_context.library->items().data()));
        entry->setIcon(m_context.library->data(index, Qt::DecorationRole).value<QIcon>());
        entry->setText(tr("%1. %2\n%3").arg(rank++).arg(item->label).arg(result.score, 0, 'f', 3));
        entry->setToolTip(tr("cosine %1\n%2").arg(result.score, 0, 'f', 4).arg(item->content));
        entry->setData(Qt::UserRole, result.itemId);
    }
    setStatus(tr("%n result(s); click an image to see why it matches.", nullptr, static_cast<int>(results.size())));
}

void RetrievalPage::openResult(int row)
{
    if (row < 0 || size_t(row) >= m_results.size())
        return;
    const auto* item = m_context.library->find(m_results[size_t(row)].itemId);
    if (item && item->kind == api::ItemKind::Image)
        Q_EMIT explainRequested(m_query, item->content, m_queryText);
}

bool RetrievalPage::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "rank,score,kind,label,content\n";
    int rank = 1;
    for (const auto& result : m_results)
        if (const auto* item = m_context.library->find(result.itemId))
            out << rank++ << ',' << QString::number(result.score, 'f', 6) << ','
                << QString::fromStdString(api::itemKindName(item->kind)) << ',' << csvQuoted(item->label) << ','
                << csvQuoted(item->content) << '\n';
    return file.error() == QFile::NoError;
}

} // namespace fscope::ui
