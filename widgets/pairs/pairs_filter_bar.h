#pragma once
// The pairs browser's filter controls: method, status (malformed lines included), flag, and ranges of
// pairs per text and text length. Edits are reported as one filtersChanged() per change.
#include <QWidget>

#include "ipt/data/pairs_query.h"

class QComboBox;
class QSpinBox;

class PairsFilterBar : public QWidget {
    Q_OBJECT

  public:
    explicit PairsFilterBar(QWidget* parent = nullptr);

    // Method, status, flag and the two ranges; no pair-length range, hits or token counts.
    ipt::PairsFilter filter() const;
    void setPairsRange(uint32_t low, uint32_t high);
    void reset();

    QComboBox* methodBox() const { return method_; }
    QComboBox* statusBox() const { return status_; }
    QComboBox* flagBox() const { return flag_; }

  signals:
    void filtersChanged();

  private:
    QComboBox* method_;
    QComboBox* status_;
    QComboBox* flag_;
    QSpinBox* minPairs_;
    QSpinBox* maxPairs_;
    QSpinBox* minChars_;
    QSpinBox* maxChars_;
    bool quiet_ = false;  // while several controls change as one edit
};
