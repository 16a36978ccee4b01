#include "pairs/histogram_view.h"

#include <qcustomplot.h>
#include <QVBoxLayout>

#include <algorithm>

HistogramView::HistogramView(const QString& title, QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setObjectName("histogramPlot");
    plot_->setMinimumHeight(180);
    plot_->plotLayout()->insertRow(0);
    auto* heading = new QCPTextElement(plot_, title);
    heading->setFont(QFont(font().family(), font().pointSize(), QFont::Bold));
    plot_->plotLayout()->addElement(0, 0, heading);
    bars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    bars_->setPen(QPen(QColor(0x3b, 0x6e, 0xa8)));
    bars_->setBrush(QColor(0x6a, 0x9f, 0xd8));
    selectedBars_ = new QCPBars(plot_->xAxis, plot_->yAxis);
    selectedBars_->setPen(QPen(QColor(0xb3, 0x5c, 0x00)));
    selectedBars_->setBrush(QColor(0xf2, 0x9b, 0x38));
    plot_->yAxis->setLabel(tr("Count"));
    // Counts and bins are whole numbers: ticks at whole multiples only.
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        axis->setTicker(ticker);
    }
    connect(plot_, &QCustomPlot::plottableClick, this, &HistogramView::onPlottableClick);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
}

void HistogramView::setHistogram(const ipt::PairsHistogram& histogram, const QString& xLabel) {
    const bool sameBins =
        histogram.width == histogram_.width && histogram.counts.size() == histogram_.counts.size();
    histogram_ = histogram;
    xLabel_ = xLabel;
    if (!sameBins) selected_ = -1;
    redraw();
}

void HistogramView::setSelectedBin(int bin) {
    selected_ = (bin >= 0 && size_t(bin) < histogram_.counts.size()) ? bin : -1;
    redraw();
}

QPointF HistogramView::barCenter(int bin) const {
    const double width = histogram_.width;
    const double key = bin * width + (width - 1) / 2.0;
    const double value = histogram_.counts.empty() ? 0 : double(histogram_.counts[size_t(bin)]) / 2.0;
    return QPointF(plot_->xAxis->coordToPixel(key), plot_->yAxis->coordToPixel(value));
}

void HistogramView::onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex, QMouseEvent*) {
    auto* bars = qobject_cast<QCPBars*>(plottable);
    if (!bars || dataIndex < 0 || dataIndex >= bars->dataCount()) return;
    const double key = bars->data()->at(dataIndex)->key;
    const int bin = int(key / histogram_.width);
    if (bin < 0 || size_t(bin) >= histogram_.counts.size()) return;
    if (bin == selected_) {
        setSelectedBin(-1);
        emit selectionCleared();
        return;
    }
    setSelectedBin(bin);
    const quint32 low = quint32(bin) * histogram_.width;
    emit binSelected(bin, low, low + histogram_.width - 1);
}

void HistogramView::redraw() {
    const double width = histogram_.width;
    QVector<double> keys, values, selectedKeys, selectedValues;
    double top = 1;
    for (size_t bin = 0; bin < histogram_.counts.size(); ++bin) {
        // Bars stand over the middle of the values they count, so ticks read as values.
        const double key = double(bin) * width + (width - 1) / 2.0;
        const double value = double(histogram_.counts[bin]);
        top = std::max(top, value);
        if (int(bin) == selected_) {
            selectedKeys << key;
            selectedValues << value;
        } else {
            keys << key;
            values << value;
        }
    }
    bars_->setWidth(width * 0.85);
    selectedBars_->setWidth(width * 0.85);
    bars_->setData(keys, values, true);
    selectedBars_->setData(selectedKeys, selectedValues, true);
    plot_->xAxis->setLabel(xLabel_);
    const double right = std::max<double>(1, double(histogram_.counts.size()) * width);
    plot_->xAxis->setRange(-0.5 - width * 0.1, right - 0.5 + width * 0.1);
    plot_->yAxis->setRange(0, top * 1.08);
    plot_->replot();
}
