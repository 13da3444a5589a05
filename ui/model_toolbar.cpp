#include "ui/model_toolbar.h"

#include "ui/app_settings.h"
#include "ui/model_host.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QPainter>
#include <QStandardItemModel>

namespace fscope::ui {

namespace {

const QString kOpenCheckpoint = QStringLiteral("open-checkpoint");

// How the strategy picker names each fusion strategy.
const char* strategyDisplayName(api::FusionStrategy strategy)
{
    switch (strategy) {
    case api::FusionStrategy::Early: return QT_TRANSLATE_NOOP("ModelToolBar", "Early fusion");
    case api::FusionStrategy::Late: return QT_TRANSLATE_NOOP("ModelToolBar", "Late fusion");
    case api::FusionStrategy::CrossAttention: return QT_TRANSLATE_NOOP("ModelToolBar", "Cross-modal attention");
    case api::FusionStrategy::GatedCrossAttention: return QT_TRANSLATE_NOOP("ModelToolBar", "Gated cross-attention");
    case api::FusionStrategy::Contrastive: return QT_TRANSLATE_NOOP("ModelToolBar", "Contrastive alignment (CLIP)");
    case api::FusionStrategy::Unified: return QT_TRANSLATE_NOOP("ModelToolBar", "Unified space (text, image, audio)");
    }
    return "";
}

// A one-line label that shrinks with the window, eliding its end, so a long
// limits sentence never makes the window wider; the whole sentence is its tooltip.
class ElidedLabel : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return {0, QLabel::minimumSizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        const QRect area = contentsRect();
        painter.setPen(palette().color(foregroundRole()));
        painter.drawText(area, Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

} // namespace

ModelToolBar::ModelToolBar(ModelHost* models, bool withBuiltins, QWidget* parent)
    : QToolBar(tr("Model"), parent), m_models(models), m_withBuiltins(withBuiltins), m_modelPicker(new QComboBox(this)),
      m_strategyPicker(new QComboBox(this)), m_limits(new ElidedLabel(this))
{
    setObjectName(QStringLiteral("modelToolBar"));
    setMovable(false);
    m_modelPicker->setObjectName(QStringLiteral("modelPicker"));
    m_modelPicker->setMinimumContentsLength(28);
    m_modelPicker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_strategyPicker->setObjectName(QStringLiteral("strategyPicker"));
    m_strategyPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // What the open model cannot do, in a sentence, beside it.
    m_limits->setObjectName(QStringLiteral("modelLimits"));
    m_limits->setContentsMargins(12, 0, 6, 0);
    m_limits->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QFont small = m_limits->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_limits->setFont(small);
    m_limits->setForegroundRole(QPalette::PlaceholderText);
    addWidget(new QLabel(tr(" Model: "), this));
    addWidget(m_modelPicker);
    addWidget(new QLabel(tr("  Fusion strategy: "), this));
    addWidget(m_strategyPicker);
    addWidget(m_limits);
    refresh();

    connect(m_strategyPicker, &QComboBox::activated, this, [this](int index) {
        const QString id = m_strategyPicker->itemData(index, Qt::UserRole + 1).toString();
        if (id.isEmpty())
            return;
        auto model = m_models->catalog().describe(id.toStdString());
        if (model && !model->embedsSpace()) {
            // A question answering model answers on the Questions page; the open model stays.
            fillStrategyPicker();
            Q_EMIT answeringRequested(QString::fromStdString(api::fusionStrategyId(model->strategy)));
        } else if (id != m_models->modelName()) {
            Q_EMIT openRequested(id);
        }
    });
    connect(m_modelPicker, &QComboBox::activated, this, [this](int index) {
        const QString choice = m_modelPicker->itemData(index).toString();
        if (choice == kOpenCheckpoint) {
            fillModelPicker(); // the model in use stays shown until another opens
            Q_EMIT checkpointRequested();
        } else if (!choice.isEmpty() && choice != m_models->modelName()) {
            Q_EMIT openRequested(choice);
        }
    });
}

void ModelToolBar::refresh()
{
    fillModelPicker();
    fillStrategyPicker();
}

QString ModelToolBar::strategyText() const
{
    return m_strategyPicker->currentText();
}

void ModelToolBar::fillModelPicker()
{
    const QSignalBlocker block(m_modelPicker);
    m_modelPicker->clear();
    if (m_withBuiltins)
        for (const auto& builtin : m_models->catalog().builtins())
            if (builtin.embedsSpace()) { // the question answering models have their own page
                const QString name = QString::fromStdString(builtin.displayName);
                m_modelPicker->addItem(builtin.installed ? tr("%1 (built in)").arg(name) : tr("%1 (not installed)").arg(name),
                                       QString::fromStdString(builtin.id));
                m_modelPicker->setItemData(m_modelPicker->count() - 1, QString::fromStdString(builtin.limits),
                                           Qt::ToolTipRole);
            }
    for (const auto& recent : recentModels())
        if (m_modelPicker->findData(recent) < 0)
            m_modelPicker->addItem(QFileInfo(recent).fileName(), recent);
    if (!m_models->modelName().isEmpty() && m_modelPicker->findData(m_models->modelName()) < 0)
        m_modelPicker->addItem(QFileInfo(m_models->modelName()).fileName(), m_models->modelName());
    m_modelPicker->addItem(tr("Open CLIP checkpoint…"), kOpenCheckpoint);
    m_modelPicker->setCurrentIndex(std::max(0, m_modelPicker->findData(m_models->modelName())));
    const auto& open = m_models->model();
    m_limits->setText(QString::fromStdString(open.limits));
    m_limits->setToolTip(open.limits.empty() ? QString()
                                             : QStringLiteral("%1\n%2").arg(QString::fromStdString(open.description),
                                                                             QString::fromStdString(open.limits)));
}

void ModelToolBar::fillStrategyPicker()
{
    // Every strategy is listed; those whose model is not here say why they cannot be chosen.
    const QSignalBlocker block(m_strategyPicker);
    m_strategyPicker->clear();
    const auto& catalog = m_models->catalog();
    const bool modelOpen = !m_models->modelName().isEmpty();
    const QString current =
        modelOpen ? QString::fromStdString(api::fusionStrategyId(m_models->model().strategy)) : QString();
    auto* items = qobject_cast<QStandardItemModel*>(m_strategyPicker->model());
    for (const auto strategy : api::allFusionStrategies()) {
        const QString id = QString::fromStdString(api::fusionStrategyId(strategy));
        const api::ModelRecord* builtin = m_withBuiltins ? catalog.builtinFor(strategy) : nullptr;
        const bool installed = builtin && builtin->installed;
        const QString name = builtin ? QString::fromStdString(builtin->id) : QString();
        // The question answering models answer about shapes scenes on the Questions
        // page; the other pages keep the model that embeds the library.
        const bool answers = installed && !builtin->embedsSpace();
        m_strategyPicker->addItem(tr(strategyDisplayName(strategy)), id);
        const int row = m_strategyPicker->count() - 1;
        m_strategyPicker->setItemData(row, installed ? name : QString(), Qt::UserRole + 1);
        QString tip;
        if (id == current)
            tip = tr("The strategy of %1").arg(m_models->modelName());
        else if (answers)
            tip = tr("%1 answers questions about shapes scenes on the Questions page").arg(name);
        else if (installed)
            tip = tr("Opens %1").arg(name);
        else if (!builtin)
            tip = tr("Open a CLIP checkpoint (Model menu)");
        else
            tip = tr("Needs %1, which is not installed").arg(name);
        m_strategyPicker->setItemData(row, tip, Qt::ToolTipRole);
        if (id != current && !installed)
            items->item(row)->setEnabled(false);
    }
    m_strategyPicker->setCurrentIndex(std::max(0, m_strategyPicker->findData(current)));
    if (current.isEmpty())
        m_strategyPicker->setCurrentIndex(-1);
}

} // namespace fscope::ui
