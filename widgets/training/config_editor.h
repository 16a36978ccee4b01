#pragma once
// The run.toml editor: the text, checked by core's own parser as the user types (so the GUI accepts
// exactly what `ipt train` accepts), with each problem listed by line and the line marked in the text.
// Core names a TOML syntax error by line and a bad key by its dotted name; the editor finds the line
// of a named key itself.
#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTimer;

namespace ipt {
struct TrainConfig;
}

struct ConfigProblem {
    int line = 0;  // 1-based; 0 when the message names no place in the text
    QString message;
};

// Where in `text` the problem of core's `message` lies: "line N: ..." from the TOML parser, else the
// line of the key it quotes or names ('optimizer.lrr', data.sequence_length, [model]).
ConfigProblem locateConfigProblem(const QString& text, const QString& message);

class ConfigEditor : public QWidget {
    Q_OBJECT

  public:
    explicit ConfigEditor(QWidget* parent = nullptr);
    ~ConfigEditor() override;

    QString text() const;
    void setText(const QString& text);
    // Parses and validates now; the problem, if any, is shown. Null when the text is not a valid run.
    std::shared_ptr<ipt::TrainConfig> validate();
    bool isValid() const { return problem_.message.isEmpty(); }
    ConfigProblem problem() const { return problem_; }
    QPlainTextEdit* editor() const { return edit_; }

  signals:
    void validityChanged(bool valid);

  private:
    void showProblem();

    QPlainTextEdit* edit_;
    QListWidget* problems_;
    QLabel* state_;
    QTimer* debounce_;
    ConfigProblem problem_;
};
