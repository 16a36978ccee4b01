#pragma once
// A histogram drawn as bars (QCustomPlot) that filters when a bar is clicked: clicking a bar selects its
// bin (drawn highlighted) and reports its value range; clicking the selected bar again clears it.
#include <QPointF>
#include <QString>
#include <QWidget>

#include <cstdint>

#include "ipt/data/pairs_query.h"

class QCPBars;
class QCustomPlot;
class QMouseEvent;
class QCPAbstractPlottable;

class HistogramView : public QWidget {
    Q_OBJECT

  public:
    explicit HistogramView(const QString& title, QWidget* parent = nullptr);

    void setHistogram(const ipt::PairsHistogram& histogram, const QString& xLabel);
    const ipt::PairsHistogram& histogram() const { return histogram_; }
    QString xLabel() const { return xLabel_; }
    // -1: none.
    int selectedBin() const { return selected_; }
    void setSelectedBin(int bin);
    void clearSelection() { setSelectedBin(-1); }

    QCustomPlot* plot() const { return plot_; }
    // Where bin `bin`'s bar is, in the plot widget's coordinates (for clicking it).
    QPointF barCenter(int bin) const;

  signals:
    // The values [low, high] of the bin clicked.
    void binSelected(int bin, quint32 low, quint32 high);
    void selectionCleared();

  private:
    void onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex, QMouseEvent* event);
    void redraw();

    QCustomPlot* plot_;
    QCPBars* bars_;
    QCPBars* selectedBars_;
    ipt::PairsHistogram histogram_;
    QString xLabel_;
    int selected_ = -1;
};
