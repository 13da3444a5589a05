#include "ui/attention_page.h"

#include "ui/qt_convert.h"
#include "util/json.h"
#include "util/text_file.h"
#include "widgets/overlay_image_view.h"
#include "widgets/token_strip.h"
#include "widgets/waveform_view.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSlider>

namespace fscope::ui {

namespace {

json::Value gridJson(const api::FloatGrid& grid)
{
    json::Value rows = json::Value::array();
    for (int r = 0; r < grid.rows; ++r) {
        json::Value row = json::Value::array();
        for (int c = 0; c < grid.columns; ++c)
            row.push(double(grid.at(r, c)));
        rows.push(std::move(row));
    }
    return rows;
}

} // namespace

AttentionPage::AttentionPage(PageContext context, QWidget* parent)
    : AnalysisPage(context, parent), m_queryEdit(new QLineEdit(this)), m_imageCombo(new QComboBox(this)),
      m_mapCombo(new QComboBox(this)), m_colorCombo(new QComboBox(this)), m_opacity(new QSlider(Qt::Horizontal, this)),
      m_summary(new QLabel(this)), m_overlay(new widgets::OverlayImageView(this)), m_tokens(new widgets::TokenStrip(this)),
      m_speech(new widgets::WaveformView(this))
{
    m_queryEdit->setObjectName(QStringLiteral("attentionQuery"));
    m_queryEdit->setPlaceholderText(tr("A caption or question about the image…"));
    m_imageCombo->setObjectName(QStringLiteral("attentionImage"));
    m_imageCombo->setMinimumContentsLength(14);
    m_imageCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_mapCombo->setObjectName(QStringLiteral("attentionMap"));
    m_mapCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_colorCombo->setObjectName(QStringLiteral("attentionColors"));
    for (const auto& name : widgets::colorMapNames())
        m_colorCombo->addItem(name, name);
    m_colorCombo->setCurrentIndex(m_colorCombo->findData(QStringLiteral("inferno")));
    m_opacity->setObjectName(QStringLiteral("attentionOpacity"));
    m_opacity->setRange(0, 100);
    m_opacity->setValue(70);
    m_opacity->setToolTip(tr("Opacity of the map"));
    auto* explainButton = new QPushButton(tr("Explain"), this);
    auto* exportButton = new QPushButton(tr("Export"), this);
    auto* exportMenu = new QMenu(exportButton);
    exportButton->setMenu(exportMenu);

    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(new QLabel(tr("Query:"), this));
    queryRow->addWidget(m_queryEdit, 1);
    queryRow->addWidget(new QLabel(tr("Image:"), this));
    queryRow->addWidget(m_imageCombo);
    queryRow->addWidget(explainButton);
    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(new QLabel(tr("Map:"), this));
    viewRow->addWidget(m_mapCombo);
    viewRow->addWidget(new QLabel(tr("Colours:"), this));
    viewRow->addWidget(m_colorCombo);
    viewRow->addWidget(new QLabel(tr("Opacity:"), this));
    viewRow->addWidget(m_opacity);
    viewRow->addStretch(1);
    viewRow->addWidget(exportButton);

    m_overlay->setObjectName(QStringLiteral("attentionOverlay"));
    m_tokens->setObjectName(QStringLiteral("attentionTokens"));
    m_summary->setWordWrap(true);
    auto* sidePanel = new QWidget(this);
    sidePanel->setMaximumWidth(230);
    auto* side = new QVBoxLayout(sidePanel);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(m_summary);
    auto* tokensTitle = new QLabel(tr("<b>Query tokens</b> (colour: relevancy to the match)"), this);
    tokensTitle->setWordWrap(true);
    side->addWidget(tokensTitle);
    side->addWidget(m_tokens);
    m_speech->setObjectName(QStringLiteral("attentionSpeech"));
    m_speech->setMinimumHeight(140);
    m_speech->setToolTip(tr("What the model heard (silence trimmed) and, below it, the relevancy of each 80 ms"));
    m_speech->hide();
    side->addWidget(m_speech);
    side->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addWidget(m_overlay, 3);
    body->addWidget(sidePanel);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(queryRow);
    layout->addLayout(viewRow);
    layout->addLayout(body, 1);
    layout->addWidget(statusLabel());

    auto explainTyped = [this] {
        if (m_queryEdit->text().trimmed().isEmpty() || m_imageCombo->currentIndex() < 0) {
            setStatus(tr("Type a query and pick an image first."), true);
            return;
        }
        explain({api::ItemKind::Text, m_queryEdit->text().trimmed().toStdString()},
                m_imageCombo->currentData().toString(), tr("“%1”").arg(m_queryEdit->text().trimmed()));
    };
    connect(explainButton, &QPushButton::clicked, this, explainTyped);
    connect(m_queryEdit, &QLineEdit::returnPressed, this, explainTyped);
    connect(m_imageCombo, &QComboBox::activated, this, [this] {
        if (m_hasRequest)
            explain(m_query, m_imageCombo->currentData().toString(), m_queryLabel);
    });
    connect(m_mapCombo, &QComboBox::currentIndexChanged, this, [this] { showMap(); });
    connect(m_colorCombo, &QComboBox::currentIndexChanged, this, [this] {
        const auto map = widgets::colorMapFromName(m_colorCombo->currentData().toString());
        m_overlay->setColorMap(map);
        m_tokens->setColorMap(map);
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) { m_overlay->setOpacity(value / 100.0); });
    connect(m_tokens, &widgets::TokenStrip::tokenClicked, this, [this] {
        // A contrastive model has no per-token map: the token shows the whole query's relevancy.
        m_mapCombo->setCurrentIndex(0);
        setStatus(tr("This model compares whole embeddings: the map is the relevancy of the whole query; "
                     "the chips say how much each token contributes."));
    });
    m_overlay->setColorMap(widgets::ColorMap::Inferno);
    m_tokens->setColorMap(widgets::ColorMap::Inferno);
    addExportAction(exportMenu, tr("PNG image…"), QStringLiteral("attention.png"), tr("PNG (*.png)"),
                    [this](const QString& path) { return m_overlay->exportPng(path); });
    addExportAction(exportMenu, tr("JSON data…"), QStringLiteral("attention.json"), tr("JSON (*.json)"),
                    [this](const QString& path) { return exportJson(path); });
    connect(m_context.library, &LibraryModel::libraryChanged, this, &AttentionPage::fillImageChoices);
    fillImageChoices();
}

void AttentionPage::fillImageChoices()
{
    fillImageCombo(m_imageCombo);
}

void AttentionPage::explain(const api::ExplorerItem& query, const QString& imagePath, const QString& label)
{
    m_query = query;
    m_queryLabel = label;
    m_imagePath = imagePath;
    m_hasRequest = true;
    if (query.kind == api::ItemKind::Text)
        m_queryEdit->setText(QString::fromStdString(query.content));
    if (const int index = m_imageCombo->findData(imagePath); index >= 0)
        m_imageCombo->setCurrentIndex(index);
    run();
}

void AttentionPage::recompute()
{
    if (!m_hasRequest) {
        // First launch: the library's first image with its own caption.
        const auto images = m_context.library->itemsOfKind(api::ItemKind::Image);
        if (images.empty()) {
            setStatus(tr("Add an image to the library, then type a query."));
            return;
        }
        api::ExplorerItem query{api::ItemKind::Text, images.front().label.toStdString()};
        for (const auto& paired : m_context.library->pairedWith(images.front().id))
            if (paired.kind == api::ItemKind::Text && paired.language.isEmpty()) {
                query = paired.explorerItem();
                break;
            }
        explain(query, images.front().content, tr("“%1”").arg(QString::fromStdString(query.content)));
        return;
    }
    run();
}

void AttentionPage::run()
{
    if (!modelReady()) {
        setStatus(tr("Waiting for the model…"));
        return;
    }
    runJob(
        tr("Explain the match"),
        [explorer = m_context.models->explorer(), query = m_query, path = m_imagePath.toStdString()](runtime::JobContext& context) {
            context.reportProgress(-1);
            return std::any(explorer->explain(query, path));
        },
        [this](const std::any& value) {
            m_explanation = std::any_cast<api::PairExplanationData>(value);
            showExplanation();
        });
}

QStringList AttentionPage::mapNames() const
{
    QStringList names;
    if (!m_explanation)
        return names;
    names << QStringLiteral("relevancy") << QStringLiteral("rollout");
    for (int layer = 1; layer <= m_explanation->layers; ++layer) {
        names << QStringLiteral("layer %1 mean").arg(layer);
        for (int head = 1; head <= m_explanation->heads; ++head)
            names << QStringLiteral("layer %1 head %2").arg(layer).arg(head);
    }
    return names;
}

void AttentionPage::showExplanation()
{
    const auto& why = *m_explanation;
    {
        const int keep = m_mapCombo->currentIndex();
        const QSignalBlocker block(m_mapCombo);
        m_mapCombo->clear();
        m_mapCombo->addItem(tr("Relevancy"));
        m_mapCombo->setItemData(0, tr("Gradient × attention, accumulated over the layers (Chefer et al. 2021)"), Qt::ToolTipRole);
        m_mapCombo->addItem(tr("Rollout"));
        m_mapCombo->setItemData(1, tr("Attention rollout: the layers' head-mean attention multiplied through (Abnar and Zuidema 2020)"),
                                Qt::ToolTipRole);
        for (int layer = 1; layer <= why.layers; ++layer) {
            m_mapCombo->addItem(tr("Layer %1 · mean of heads").arg(layer));
            for (int head = 1; head <= why.heads; ++head)
                m_mapCombo->addItem(tr("Layer %1 · head %2").arg(layer).arg(head));
        }
        m_mapCombo->setCurrentIndex(keep >= 0 && keep < m_mapCombo->count() ? keep : 0);
    }
    m_overlay->setImage(toQImage(why.modelInput));
    QStringList tokens;
    for (const auto& token : why.queryTokens)
        tokens << QString::fromStdString(token);
    m_tokens->setTokens(tokens, why.queryRelevancy);
    m_speech->setVisible(why.queryMelFrames > 0);
    if (why.queryMelFrames > 0) {
        m_speech->clear();
        m_speech->setSpectrogram(why.queryMelFrames, why.queryMelBins, why.queryMel, 0.01);
        // Token 0 is the class token; the others follow the clip in time.
        m_speech->setTimeWeights({why.queryRelevancy.begin() + 1, why.queryRelevancy.end()}, why.secondsPerToken, 0.0);
    }
    const QString kind = m_query.kind == api::ItemKind::Audio ? tr("Speech") : m_query.kind == api::ItemKind::Image ? tr("Image") : tr("Text");
    m_summary->setText(tr("<b>%1</b> %2<br>against <b>%3</b><br>cosine %4 · logit %5<br>%6")
                           .arg(kind, m_queryLabel.toHtmlEscaped(), m_imageCombo->currentText().toHtmlEscaped())
                           .arg(why.cosine, 0, 'f', 3)
                           .arg(why.logit, 0, 'f', 2)
                           .arg(why.secondsPerToken > 0 ? tr("Each speech chip is %1 ms of the clip (after leading silence).")
                                                              .arg(int(why.secondsPerToken * 1000 + 0.5))
                                                        : QString()));
    showMap();
}

void AttentionPage::showMap()
{
    if (!m_explanation)
        return;
    const auto& why = *m_explanation;
    const int index = m_mapCombo->currentIndex();
    const api::FloatGrid* grid = &why.imageRelevancy;
    QString caption = m_mapCombo->currentText();
    if (index == 1) {
        grid = &why.imageRollout;
    } else if (index >= 2) {
        const int perLayer = why.heads + 1;
        const int layer = (index - 2) / perLayer;
        const int slot = (index - 2) % perLayer; // 0: mean, then heads
        if (layer < why.layers)
            grid = &why.imageAttention[size_t(layer)][size_t(slot == 0 ? why.heads : slot - 1)];
    }
    m_overlay->setMap(grid->rows, grid->columns, grid->values);
    m_overlay->setCaption(caption);
}

void AttentionPage::setMapIndex(int index)
{
    m_mapCombo->setCurrentIndex(index);
}

void AttentionPage::setOpacity(double opacity)
{
    m_opacity->setValue(int(opacity * 100 + 0.5));
}

bool AttentionPage::exportJson(const QString& path) const
{
    if (!m_explanation)
        return false;
    const auto& why = *m_explanation;
    json::Value out = json::Value::object();
    out["query"] = m_query.content;
    out["query_kind"] = api::itemKindName(m_query.kind);
    out["image"] = m_imagePath.toStdString();
    out["model"] = m_context.models->modelName().toStdString();
    out["cosine"] = why.cosine;
    out["logit"] = why.logit;
    out["relevancy"] = gridJson(why.imageRelevancy);
    out["rollout"] = gridJson(why.imageRollout);
    json::Value layers = json::Value::array();
    for (const auto& layer : why.imageAttention)
        layers.push(gridJson(layer.back()));
    out["attention_mean_per_layer"] = std::move(layers);
    json::Value tokens = json::Value::array();
    for (size_t i = 0; i < why.queryTokens.size(); ++i) {
        json::Value token = json::Value::object();
        token["token"] = why.queryTokens[i];
        token["relevancy"] = double(why.queryRelevancy[i]);
        tokens.push(std::move(token));
    }
    out["tokens"] = std::move(tokens);
    return writeTextFileAtomically(path.toStdString(), json::serialize(out, 2) + "\n").ok();
}

} // namespace fscope::ui
