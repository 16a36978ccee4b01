#pragma once
// Exponential moving average, the smoothing TensorBoard and W&B put over noisy training curves:
// s[0] = x[0], s[i] = weight * s[i-1] + (1 - weight) * x[i]. weight 0 returns the input unchanged;
// weight close to 1 follows the trend only. Starting from the first value rather than from 0 keeps the
// start of the curve from being pulled towards zero.
#include <QVector>

QVector<double> exponentialMovingAverage(const QVector<double>& values, double weight);
