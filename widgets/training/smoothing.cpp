#include "training/smoothing.h"

#include <algorithm>

QVector<double> exponentialMovingAverage(const QVector<double>& values, double weight) {
    weight = std::clamp(weight, 0.0, 1.0);
    QVector<double> smoothed;
    smoothed.reserve(values.size());
    for (double value : values)
        smoothed.push_back(smoothed.isEmpty() ? value : weight * smoothed.back() + (1.0 - weight) * value);
    return smoothed;
}
