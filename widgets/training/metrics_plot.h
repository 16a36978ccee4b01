#pragma once
// Training curves of several runs overlaid: one metric at a time (loss, val_loss, lr, grad_norm,
// tokens_per_s, whatever the runs log), against step, tokens or wall time, optionally on a log scale.
// Each run is drawn twice: the raw values faint, and an exponential moving average over them in the
// run's colour. Wheel zooms, drag pans, Fit goes back to the whole data; CSV and PNG export what is
// shown.
#include <QMap>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <vector>

#include "training/run_series.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPGraph;
class QLabel;
class QSettings;
class QSlider;

class MetricsPlot : public QWidget {
    Q_OBJECT

  public:
    explicit MetricsPlot(QWidget* parent = nullptr);

    // Adds a run (no-op when present); it keeps its colour until removed.
    void addRun(const QString& run);
    void removeRun(const QString& run);
    bool hasRun(const QString& run) const { return runs_.contains(run); }
    QStringList runs() const { return runs_.keys(); }
    void appendRecords(const QString& run, const std::vector<ipt::MetricRecord>& records);
    void clearRun(const QString& run);
    const RunSeries* series(const QString& run) const;

    QString metric() const;
    void setMetric(const QString& metric);
    XAxis xAxis() const;
    void setXAxis(XAxis axis);
    bool logScale() const;
    void setLogScale(bool on);
    double smoothing() const;  // EMA weight in [0, 0.99]
    void setSmoothing(double weight);

    // What the graphs hold now (x, y), for the current metric and axis.
    QVector<QPointF> graphData(const QString& run, bool smoothed) const;
    QCustomPlot* plot() const { return plot_; }

    void exportCsv(const QString& file) const;
    void exportPng(const QString& file);

    void saveSettings(QSettings& settings) const;
    void restoreSettings(QSettings& settings);

  public slots:
    void fit();
    void refresh();

  signals:
    void errorOccurred(const QString& message);

  private:
    struct RunGraphs {
        RunSeries series;
        QCPGraph* raw = nullptr;
        QCPGraph* smooth = nullptr;
        int colorIndex = 0;
    };

    void buildControls();
    void updateMetricChoices();
    void fill(RunGraphs& graphs) const;
    void updateAxisLabels();
    void browseCsv();
    void browsePng();

    QCustomPlot* plot_;
    QComboBox* metricBox_;
    QComboBox* axisBox_;
    QCheckBox* logBox_;
    QSlider* smoothingSlider_;
    QLabel* smoothingLabel_;
    QMap<QString, RunGraphs> runs_;
    int nextColor_ = 0;
    bool userView_ = false;  // the user zoomed or panned: new data no longer rescales the axes
};
