#include "common/plot_helpers.h"

#include "common/local_path.h"

#include <qcustomplot.h>
#include <QBuffer>
#include <QDir>
#include <QFile>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"

QColor seriesColor(int index) {
    static const QRgb palette[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                   0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    const int count = int(sizeof(palette) / sizeof(palette[0]));
    return QColor(palette[((index % count) + count) % count]);
}

void setUpInteractivePlot(QCustomPlot* plot) {
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setNoAntialiasingOnDrag(true);
    plot->legend->setVisible(false);
}

void placeLegendAbove(QCustomPlot* plot) {
    if (plot->axisRect()->insetLayout()->take(plot->legend)) plot->axisRect()->insetLayout()->simplify();
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(6);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    // The legend row takes only the height it needs.
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
    plot->legend->setMargins(QMargins(4, 2, 4, 0));
}

void saveImagePng(const QImage& image, const QString& file) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG"))
        throw ipt::FileError(localPath(file), "could not encode the image as PNG");
    ipt::AtomicFile out(localPath(file));
    out.write(bytes.constData(), size_t(bytes.size()));
    out.commit();
}

void savePlotPng(QCustomPlot* plot, const QString& file) {
    const int width = qMax(plot->width(), 640);
    const int height = qMax(plot->height(), 400);
    saveImagePng(plot->toPixmap(width, height, 2.0).toImage(), file);
}
