#include "ui/welcome_page.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fscope::ui {

namespace {

struct StrategyRow {
    const char* name;
    const char* how;
    const char* shows;
};

const StrategyRow kStrategies[] = {
    {QT_TRANSLATE_NOOP("WelcomePage", "Early fusion"),
     QT_TRANSLATE_NOOP("WelcomePage", "Project each modality to one width, concatenate, mix with an MLP"),
     QT_TRANSLATE_NOOP("WelcomePage", "How much each modality contributes (gradient × input)")},
    {QT_TRANSLATE_NOOP("WelcomePage", "Late fusion"),
     QT_TRANSLATE_NOOP("WelcomePage", "Encode each modality alone, then a weighted sum with learned softmax weights"),
     QT_TRANSLATE_NOOP("WelcomePage", "The learned modality weights")},
    {QT_TRANSLATE_NOOP("WelcomePage", "Cross-modal attention"),
     QT_TRANSLATE_NOOP("WelcomePage", "Tokens of one modality attend to tokens of another"),
     QT_TRANSLATE_NOOP("WelcomePage", "Attention of every query token over image patches and audio frames")},
    {QT_TRANSLATE_NOOP("WelcomePage", "Gated cross-attention"),
     QT_TRANSLATE_NOOP("WelcomePage", "Flamingo-style cross-attention between frozen layers, behind tanh gates that start closed"),
     QT_TRANSLATE_NOOP("WelcomePage", "Gate values per layer and attention maps")},
    {QT_TRANSLATE_NOOP("WelcomePage", "Contrastive alignment"),
     QT_TRANSLATE_NOOP("WelcomePage", "CLIP-style: both modalities in one normalised space, symmetric InfoNCE"),
     QT_TRANSLATE_NOOP("WelcomePage", "Similarity matrices and relevancy maps")},
    {QT_TRANSLATE_NOOP("WelcomePage", "Unified space"),
     QT_TRANSLATE_NOOP("WelcomePage", "Text, image and audio projected into the same space"),
     QT_TRANSLATE_NOOP("WelcomePage", "Tri-modal similarity and the modality gap on an embedding map")},
};

} // namespace

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    auto* title = new QLabel(tr("<h1>FusionScope</h1><p>Load images, text and audio, pick a model and a fusion "
                                "strategy, and see why the model decides what it decides.</p>"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);

    auto* table = new QTableWidget(static_cast<int>(std::size(kStrategies)), 3, this);
    table->setObjectName(QStringLiteral("strategyTable"));
    table->setHorizontalHeaderLabels({tr("Strategy"), tr("How it fuses"), tr("What you can inspect")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setWordWrap(true);
    for (int row = 0; row < table->rowCount(); ++row) {
        const auto& entry = kStrategies[row];
        table->setItem(row, 0, new QTableWidgetItem(tr(entry.name)));
        table->setItem(row, 1, new QTableWidgetItem(tr(entry.how)));
        table->setItem(row, 2, new QTableWidgetItem(tr(entry.shows)));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    table->setFocusPolicy(Qt::NoFocus);
    // Wrapped rows must follow the column widths, which settle only once shown.
    connect(table->horizontalHeader(), &QHeaderView::sectionResized, table, &QTableWidget::resizeRowsToContents);
    table->resizeRowsToContents();
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    layout->addWidget(table);
    layout->addStretch(1);
}

} // namespace fscope::ui
