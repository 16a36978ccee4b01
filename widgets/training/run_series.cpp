#include "training/run_series.h"

#include "ipt/runs/metrics_tailer.h"

double MetricPoint::x(XAxis axis) const {
    switch (axis) {
        case XAxis::Tokens:
            return tokens;
        case XAxis::WallTime:
            return elapsed;
        case XAxis::Step:
            break;
    }
    return step;
}

void RunSeries::append(const std::vector<ipt::MetricRecord>& records) {
    for (const ipt::MetricRecord& record : records) {
        ++lines_;
        MetricPoint coordinates;
        coordinates.step = double(record.step);
        coordinates.tokens = lastTokens_;
        coordinates.elapsed = lastElapsed_;
        for (const auto& [name, value] : record.values) {
            if (name == "tokens" && value) coordinates.tokens = lastTokens_ = *value;
            if (name == "elapsed" && value) coordinates.elapsed = lastElapsed_ = *value;
        }
        for (const auto& [name, value] : record.values) {
            if (name == "tokens" || name == "elapsed" || !value) continue;
            const QString metric = QString::fromStdString(name);
            if (!metrics_.contains(metric)) order_ << metric;
            MetricPoint point = coordinates;
            point.value = *value;
            metrics_[metric].push_back(point);
        }
    }
}

void RunSeries::clear() {
    *this = RunSeries();
}

const QVector<MetricPoint>& RunSeries::points(const QString& metric) const {
    static const QVector<MetricPoint> none;
    auto it = metrics_.constFind(metric);
    return it == metrics_.constEnd() ? none : *it;
}
