#pragma once
// What every QCustomPlot in the workbench shares: one colour per series (stable by index, so a run
// keeps its colour across plots), the interactions people expect (drag to pan, wheel to zoom) and
// image export that appears complete or not at all.
#include <QColor>
#include <QImage>
#include <QString>

class QCustomPlot;

// A qualitative palette (Tableau 10); wraps around after ten series.
QColor seriesColor(int index);

// Wheel zoom and drag pan on both axes, legend off, antialiasing on.
void setUpInteractivePlot(QCustomPlot* plot);

// Moves the legend out of the axis rect into a row of its own above it, its entries side by side, so
// that it never covers what is drawn.
void placeLegendAbove(QCustomPlot* plot);

// Encodes `image` as PNG and writes it atomically; throws ipt::FileError naming the file.
void saveImagePng(const QImage& image, const QString& file);

// The plot as shown, at least 640x400 pixels, at twice the pixel density.
void savePlotPng(QCustomPlot* plot, const QString& file);
