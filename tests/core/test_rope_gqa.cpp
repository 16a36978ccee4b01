// RMSNorm, RoPE and grouped-query attention against loops written here in plain doubles, following the
// formulas of the Llama papers and HF's rotate-half layout, not the code under test.
#include <cmath>
#include <vector>

#include "ipt/model/decoder.h"
#include "test_support.h"

using namespace ipt;

class TestRopeGqa : public QObject {
    Q_OBJECT
  private slots:
    void rmsNormMatchesTheFormula() {
        at::manual_seed(1);
        at::Tensor x = at::randn({3, 8});
        at::Tensor w = at::randn({8});
        at::Tensor y = rms_norm(x, w, 1e-6);
        for (int r = 0; r < 3; ++r) {
            double ms = 0;
            for (int i = 0; i < 8; ++i) ms += std::pow(x[r][i].item<double>(), 2) / 8;
            for (int i = 0; i < 8; ++i) {
                double expected = w[i].item<double>() * x[r][i].item<double>() / std::sqrt(ms + 1e-6);
                QVERIFY(std::abs(y[r][i].item<double>() - expected) < 1e-5);
            }
        }
    }

    void ropeRotatesPairsHalfADimensionApart() {
        // HF layout: dimension i pairs with i + D/2, both rotated by angle pos * theta^(-2i/D).
        const int64_t d = 8, heads = 2, t = 5;
        const double theta = 10000.0;
        at::manual_seed(2);
        at::Tensor x = at::randn({1, heads, t, d});
        at::Tensor positions = at::tensor(std::vector<int64_t>{0, 1, 7, 100, 2047}).view({1, t});
        auto [cos, sin] = rotary_cos_sin(positions, d, theta);
        at::Tensor y = apply_rotary(x, cos, sin);
        for (int64_t h = 0; h < heads; ++h)
            for (int64_t p = 0; p < t; ++p) {
                const double pos = positions[0][p].item<double>();
                for (int64_t i = 0; i < d / 2; ++i) {
                    const double angle = pos * std::pow(theta, -2.0 * double(i) / double(d));
                    const double a = x[0][h][p][i].item<double>(), b = x[0][h][p][i + d / 2].item<double>();
                    const double first = a * std::cos(angle) - b * std::sin(angle);
                    const double second = b * std::cos(angle) + a * std::sin(angle);
                    QVERIFY2(std::abs(y[0][h][p][i].item<double>() - first) < 1e-3,
                             qPrintable(QString("pos %1 dim %2").arg(pos).arg(i)));
                    QVERIFY(std::abs(y[0][h][p][i + d / 2].item<double>() - second) < 1e-3);
                }
            }
        // Rotation keeps the norm of each pair.
        QVERIFY(at::allclose(y.norm(2, -1), x.norm(2, -1), 1e-4, 1e-4));
    }

    void groupedQueryAttentionSharesKeyValueHeads() {
        // 6 query heads over 2 key/value heads: heads 0-2 read kv head 0, heads 3-5 read kv head 1.
        const int64_t b = 2, heads = 6, kv_heads = 2, t = 3, s = 4, d = 4;
        at::manual_seed(3);
        at::Tensor q = at::randn({b, heads, t, d}), k = at::randn({b, kv_heads, s, d}),
                   v = at::randn({b, kv_heads, s, d});
        // Causal over the last t of s positions: query j sees keys 0 .. s - t + j.
        at::Tensor mask = at::zeros({1, 1, t, s});
        for (int64_t j = 0; j < t; ++j)
            for (int64_t key = s - t + j + 1; key < s; ++key) mask[0][0][j][key] = -INFINITY;
        at::Tensor out = grouped_query_attention(q, k, v, mask, 0.0, false);
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{b, heads, t, d}));
        for (int64_t bi = 0; bi < b; ++bi)
            for (int64_t h = 0; h < heads; ++h) {
                const int64_t g = h / (heads / kv_heads);
                for (int64_t j = 0; j < t; ++j) {
                    const int64_t visible = s - t + j + 1;
                    std::vector<double> w(visible);
                    double max_score = -1e300, total = 0;
                    for (int64_t key = 0; key < visible; ++key) {
                        double dot = 0;
                        for (int64_t c = 0; c < d; ++c)
                            dot += q[bi][h][j][c].item<double>() * k[bi][g][key][c].item<double>();
                        w[key] = dot / std::sqrt(double(d));
                        max_score = std::max(max_score, w[key]);
                    }
                    for (double& x : w) total += (x = std::exp(x - max_score));
                    for (int64_t c = 0; c < d; ++c) {
                        double expected = 0;
                        for (int64_t key = 0; key < visible; ++key)
                            expected += w[key] / total * v[bi][g][key][c].item<double>();
                        QVERIFY2(std::abs(out[bi][h][j][c].item<double>() - expected) < 1e-5,
                                 qPrintable(QString("batch %1 head %2 query %3").arg(bi).arg(h).arg(j)));
                    }
                }
            }
    }
};

QTEST_APPLESS_MAIN(TestRopeGqa)
#include "test_rope_gqa.moc"
