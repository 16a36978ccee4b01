#pragma once
// A read-only table of what a model folder holds: architecture, size, dtype, tokenizer. Each row carries
// a stable key (the config.json name where there is one) so that code and tests can look values up.
#include <QTableWidget>

namespace ipt {
struct ModelSummary;
}

class ModelInfoTable : public QTableWidget {
    Q_OBJECT

  public:
    explicit ModelInfoTable(QWidget* parent = nullptr);

    // `tokenizerPieces` is -1 when the folder has no tokenizer.
    void showModel(const QString& folder, const ipt::ModelSummary& summary, int tokenizerPieces,
                   int unusedTensors);
    void clearModel();

    // The shown value for a row key such as "vocab_size" or "num_hidden_layers"; empty when absent.
    QString value(const QString& key) const;

  private:
    void addRow(const QString& key, const QString& label, const QString& value, const QString& toolTip = {});
};
