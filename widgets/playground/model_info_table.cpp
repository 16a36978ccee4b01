#include "playground/model_info_table.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>

#include "ipt/model/hf_folder.h"

namespace {

constexpr int kKeyRole = Qt::UserRole;

QString humanCount(qint64 n) {
    if (n >= 1000000000) return QStringLiteral("%1B").arg(n / 1e9, 0, 'f', 2);
    if (n >= 1000000) return QStringLiteral("%1M").arg(n / 1e6, 0, 'f', 1);
    if (n >= 1000) return QStringLiteral("%1K").arg(n / 1e3, 0, 'f', 1);
    return QString::number(n);
}

qint64 folderBytes(const QString& folder) {
    qint64 total = 0;
    for (const QFileInfo& file : QDir(folder).entryInfoList(QDir::Files)) total += file.size();
    return total;
}

QString yesNo(bool value) {
    return value ? ModelInfoTable::tr("yes") : ModelInfoTable::tr("no");
}

}  // namespace

ModelInfoTable::ModelInfoTable(QWidget* parent) : QTableWidget(0, 2, parent) {
    setHorizontalHeaderLabels({tr("Property"), tr("Value")});
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setWordWrap(false);
    clearModel();
}

void ModelInfoTable::showModel(const QString& folder, const ipt::ModelSummary& summary, int tokenizerPieces,
                               int unusedTensors) {
    const ipt::ModelConfig& c = summary.config;
    const QLocale locale;
    setRowCount(0);

    addRow("folder", tr("Folder"), QDir::toNativeSeparators(folder), folder);
    QString type = QString::fromStdString(c.model_type);
    if (c.sliding_window) type += tr(" (sliding window %1)").arg(*c.sliding_window);
    addRow("model_type", tr("Model type"), type);
    addRow("parameters", tr("Parameters"),
           QStringLiteral("%1 (%2)").arg(humanCount(summary.parameters),
                                         locale.toString(qlonglong(summary.parameters))));

    QStringList stored;
    for (const auto& d : summary.dtypes) stored << QString::fromStdString(d);
    addRow("torch_dtype", tr("Data type"),
           tr("%1 (stored as %2)").arg(QString::fromStdString(c.torch_dtype), stored.join(", ")));
    addRow("size_on_disk", tr("Size on disk"),
           tr("%1 (weights: %2)")
               .arg(locale.formattedDataSize(folderBytes(folder)),
                    locale.formattedDataSize(qint64(summary.weight_bytes))));
    QStringList files;
    for (const auto& f : summary.files) files << QString::fromStdString(f);
    addRow("files", tr("Weight files"), files.join(", "));

    addRow("vocab_size", tr("Vocabulary"), QString::number(c.vocab_size));
    addRow("hidden_size", tr("Hidden size"), QString::number(c.hidden_size));
    addRow("intermediate_size", tr("MLP size"), QString::number(c.intermediate_size));
    addRow("num_hidden_layers", tr("Layers"), QString::number(c.num_hidden_layers));
    addRow("num_attention_heads", tr("Attention heads"), QString::number(c.num_attention_heads));
    addRow("num_key_value_heads", tr("Key/value heads"), QString::number(c.num_key_value_heads),
           tr("Fewer key/value heads than attention heads means grouped-query attention"));
    addRow("head_dim", tr("Head dimension"), QString::number(c.resolved_head_dim()));
    addRow("max_position_embeddings", tr("Context"), tr("%1 tokens").arg(c.max_position_embeddings));
    addRow("rope_theta", tr("RoPE θ"), QString::number(c.rope_theta, 'g', 10));
    addRow("tie_word_embeddings", tr("Tied LM head"), yesNo(c.tie_word_embeddings),
           tr("Whether the output layer shares the token embedding matrix"));
    addRow(
        "tokenizer", tr("Tokenizer"),
        tokenizerPieces < 0
            ? tr("none: prompts are token ids")
            : tr("%1 (%2 pieces)").arg(QString::fromStdString(summary.tokenizer_file)).arg(tokenizerPieces));
    if (unusedTensors > 0)
        addRow("unused_tensors", tr("Unused tensors"), QString::number(unusedTensors),
               tr("Tensors in the files that the decoder does not use"));
    if (summary.parameters != c.parameter_count())
        addRow("config_parameters", tr("Config implies"),
               tr("%1 parameters").arg(locale.toString(qlonglong(c.parameter_count()))),
               tr("The files hold a different number of weights than config.json describes"));
    resizeRowsToContents();
}

void ModelInfoTable::clearModel() {
    setRowCount(0);
    addRow("folder", tr("Folder"), tr("no model loaded"));
}

QString ModelInfoTable::value(const QString& key) const {
    for (int row = 0; row < rowCount(); ++row)
        if (item(row, 0)->data(kKeyRole).toString() == key) return item(row, 1)->text();
    return {};
}

void ModelInfoTable::addRow(const QString& key, const QString& label, const QString& value,
                            const QString& toolTip) {
    const int row = rowCount();
    insertRow(row);
    auto* name = new QTableWidgetItem(label);
    name->setData(kKeyRole, key);
    auto* shown = new QTableWidgetItem(value);
    if (!toolTip.isEmpty()) {
        name->setToolTip(toolTip);
        shown->setToolTip(toolTip);
    }
    setItem(row, 0, name);
    setItem(row, 1, shown);
}
