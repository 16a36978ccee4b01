#pragma once
// Smoothing of noisy training curves, as TensorBoard does it: an exponential moving average with bias
// correction. With a = weight, m[0] = 0, m[i] = a * m[i-1] + (1 - a) * x[i] and s[i] = m[i] / (1 - a^(i+1)),
// so every s[i] is a weighted mean of x[0..i] whose weights sum to 1: the start of a curve is neither
// pulled towards 0 nor stuck at its first value. weight 0 returns the input unchanged.
//
// Only per-step signals are smoothed (loss, gradient norm, throughput). A schedule (the learning rate) or
// a metric measured now and then (validation loss) is a value, not noise: smoothing would move its peak
// and its minimum, so those curves are drawn as logged.
#include <QString>
#include <QVector>

QVector<double> exponentialMovingAverage(const QVector<double>& values, double weight);

// Whether the curves of `metric` are smoothed: not lr, not val_* / eval_* metrics.
bool isSmoothedMetric(const QString& metric);
