#pragma once
// The logged metrics of one run, kept per metric as points that carry all three x coordinates (step,
// tokens seen, wall time), so switching the x-axis needs no re-read. Validation lines carry only step
// and tokens; they take the wall time of the last training line before them.
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace ipt {
struct MetricRecord;
}

enum class XAxis { Step, Tokens, WallTime };

struct MetricPoint {
    double step = 0, tokens = 0, elapsed = 0, value = 0;
    double x(XAxis axis) const;
};

class RunSeries {
  public:
    // Adds the metric values of `records` (in file order). Null values (a non-finite loss) are left out,
    // so the curve skips them.
    void append(const std::vector<ipt::MetricRecord>& records);
    void clear();

    const QVector<MetricPoint>& points(const QString& metric) const;
    // Metric names in the order they first appeared, without the coordinates (tokens, elapsed).
    QStringList metrics() const { return order_; }
    int lineCount() const { return lines_; }

  private:
    QHash<QString, QVector<MetricPoint>> metrics_;
    QStringList order_;
    double lastTokens_ = 0, lastElapsed_ = 0;
    int lines_ = 0;
};
