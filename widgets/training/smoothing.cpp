#include "training/smoothing.h"

#include <algorithm>

QVector<double> exponentialMovingAverage(const QVector<double>& values, double weight) {
    weight = std::clamp(weight, 0.0, 0.999);
    QVector<double> smoothed;
    smoothed.reserve(values.size());
    double moving = 0, decay = 1;  // decay = weight^(i+1)
    for (double value : values) {
        moving = weight * moving + (1.0 - weight) * value;
        decay *= weight;
        smoothed.push_back(moving / (1.0 - decay));
    }
    return smoothed;
}

bool isSmoothedMetric(const QString& metric) {
    if (metric == QLatin1String("lr") || metric == QLatin1String("learning_rate")) return false;
    return !metric.startsWith(QLatin1String("val_")) && !metric.startsWith(QLatin1String("eval_"));
}
