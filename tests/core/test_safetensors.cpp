// safetensors: files written by an independent writer (Python's standard library) load; ours read back
// bit-exact (checked by Python too); every malformed input gets a message naming the file and tensor.
#include <QtCore/QTemporaryDir>

#include <fstream>

#include "ipt/common/error.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/safetensors.h"
#include "test_support.h"

using namespace ipt;

namespace {

// Writes a safetensors file with json + struct only: F32 [2,3] = 0..5, F16 [4] = 1.5, -2, 0.25, 65504,
// BF16 [2] = 1.0, -3.0 (raw bits 0x3f80, 0xc040), I64 [2] = 7, -9. The header is left unpadded so
// that tensors start misaligned, which the reader must cope with.
const char* kPythonWriter = R"PY(
import json, struct, sys
f32 = struct.pack('<6f', *[float(i) for i in range(6)])
f16 = struct.pack('<4e', 1.5, -2.0, 0.25, 65504.0)
bf16 = struct.pack('<2H', 0x3f80, 0xc040)
i64 = struct.pack('<2q', 7, -9)
blobs = [('a.f32', 'F32', [2, 3], f32), ('b.f16', 'F16', [4], f16), ('c.bf16', 'BF16', [2], bf16), ('d.i64', 'I64', [2], i64)]
header, offset, data = {'__metadata__': {'format': 'pt', 'origin': 'python'}}, 0, b''
for name, dtype, shape, blob in blobs:
    header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [offset, offset + len(blob)]}
    offset += len(blob); data += blob
h = json.dumps(header).encode()
with open(sys.argv[1], 'wb') as out:
    out.write(struct.pack('<Q', len(h))); out.write(h); out.write(data)
)PY";

// Reads a safetensors file with the standard library and prints name, dtype, shape and data as hex.
const char* kPythonReader = R"PY(
import json, struct, sys
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n]); data = raw[8 + n:]
assert header['__metadata__']['format'] == 'pt'
assert (8 + n) % 8 == 0, 'data section not aligned'
for name in sorted(k for k in header if k != '__metadata__'):
    e = header[name]; b, en = e['data_offsets']
    print(name, e['dtype'], 'x'.join(map(str, e['shape'])), data[b:en].hex())
)PY";

void write_bytes(const QString& path, const std::string& bytes) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string header_file(const std::string& json, uint64_t declared_length, const std::string& data) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((declared_length >> (8 * i)) & 0xff);
    return out + json + data;
}

std::string hex(const at::Tensor& t) {
    at::Tensor c = t.contiguous();
    const auto* p = static_cast<const uint8_t*>(c.data_ptr());
    std::string out;
    char buf[3];
    for (int64_t i = 0; i < c.numel() * c.element_size(); ++i) {
        std::snprintf(buf, sizeof buf, "%02x", p[i]);
        out += buf;
    }
    return out;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    QString path(const char* name) const { return dir.filePath(name); }

  private slots:
    void loadsAFileWrittenByPython() {
        const QString file = path("python.safetensors");
        test::run_python(kPythonWriter, {file});
        auto st = SafetensorsFile::open(file.toStdString());
        QCOMPARE(st->entries().size(), size_t(4));
        QCOMPARE(st->metadata().at("origin"), std::string("python"));
        at::Tensor a = st->tensor("a.f32");
        QCOMPARE(a.sizes().vec(), (std::vector<int64_t>{2, 3}));
        QCOMPARE(a.scalar_type(), at::kFloat);
        for (int i = 0; i < 6; ++i) QCOMPARE(a.view({-1})[i].item<float>(), float(i));
        at::Tensor b = st->tensor("b.f16").to(at::kFloat);
        QCOMPARE(b[0].item<float>(), 1.5f);
        QCOMPARE(b[1].item<float>(), -2.0f);
        QCOMPARE(b[2].item<float>(), 0.25f);
        QCOMPARE(b[3].item<float>(), 65504.0f);
        at::Tensor c = st->tensor("c.bf16").to(at::kFloat);
        QCOMPARE(c[0].item<float>(), 1.0f);
        QCOMPARE(c[1].item<float>(), -3.0f);
        at::Tensor d = st->tensor("d.i64");
        QCOMPARE(d[1].item<int64_t>(), int64_t(-9));
    }

    void ourFileReadsBackBitExact() {
        at::manual_seed(3);
        NamedTensors tensors{{"w.f32", at::randn({5, 7})},
                             {"w.bf16", at::randn({3, 4}).to(at::kBFloat16)},
                             {"w.f16", at::randn({9}).to(at::kHalf)},
                             {"empty", at::zeros({0, 4})}};
        const QString file = path("ours.safetensors");
        write_safetensors(file.toStdString(), tensors);
        auto st = SafetensorsFile::open(file.toStdString());
        for (const auto& [name, t] : tensors) {
            at::Tensor back = st->tensor(name);
            QCOMPARE(back.scalar_type(), t.scalar_type());
            QCOMPARE(back.sizes().vec(), t.sizes().vec());
            QCOMPARE(hex(back), hex(t));
        }
        // An independent reader sees the same bytes.
        const QString listing = QString::fromUtf8(test::run_python(kPythonReader, {file}));
        for (const auto& [name, t] : tensors) {
            QString shape;
            for (int64_t i = 0; i < t.dim(); ++i) shape += (i ? "x" : "") + QString::number(t.size(i));
            QString line = QString("%1 %2 %3 %4")
                               .arg(name.c_str(), safetensors_dtype_name(t.scalar_type()).c_str(), shape,
                                    hex(t).c_str());
            QVERIFY2(listing.contains(line.trimmed()), qPrintable(listing));
        }
    }

    void shardedCheckpointRoundTrips() {
        QTemporaryDir folder;
        NamedTensors tensors;
        for (int i = 0; i < 5; ++i) tensors.emplace_back("t" + std::to_string(i), at::full({64}, float(i)));
        write_safetensors_checkpoint(folder.path().toStdString(), tensors, /*max_shard_bytes=*/600);
        QVERIFY(QFile::exists(folder.filePath("model.safetensors.index.json")));
        QVERIFY(QFile::exists(folder.filePath("model-00001-of-00003.safetensors")));
        QVERIFY(QFile::exists(folder.filePath("model-00003-of-00003.safetensors")));
        QVERIFY(!QFile::exists(folder.filePath("model.safetensors")));
        auto ck = SafetensorsCheckpoint::open(folder.path().toStdString());
        QCOMPARE(ck.files().size(), size_t(3));
        for (int i = 0; i < 5; ++i) QCOMPARE(ck.tensor("t" + std::to_string(i))[10].item<float>(), float(i));
        QCOMPARE(ck.total_bytes(), uint64_t(5 * 64 * 4));
    }

    void truncatedFile() {
        write_bytes(path("short.safetensors"), std::string("\x10\x00\x00", 3));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("short.safetensors").toStdString()),
                                  "short.safetensors", "truncated", "3 bytes");
    }

    void truncatedData() {
        const QString file = path("cut.safetensors");
        write_safetensors(file.toStdString(), {{"big", at::ones({100})}});
        QFile f(file);
        QVERIFY(f.resize(f.size() - 16));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(file.toStdString()), "cut.safetensors",
                                  "tensor 'big'", "past the end of the file");
    }

    void headerLengthPastTheEnd() {
        write_bytes(path("long.safetensors"), header_file("{}", 4096, ""));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("long.safetensors").toStdString()),
                                  "long.safetensors", "header length 4096 runs past the end");
    }

    void badJsonHeader() {
        std::string json = "{\"a\": [1, 2";
        write_bytes(path("json.safetensors"), header_file(json, json.size(), ""));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("json.safetensors").toStdString()),
                                  "json.safetensors", "bad JSON header");
    }

    void unknownDtype() {
        std::string json = R"({"w":{"dtype":"F99","shape":[1],"data_offsets":[0,4]}})";
        write_bytes(path("dtype.safetensors"), header_file(json, json.size(), "abcd"));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("dtype.safetensors").toStdString()),
                                  "dtype.safetensors", "tensor 'w'", "unknown dtype 'F99'");
    }

    void shapeDisagreesWithOffsets() {
        std::string json = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}})";
        write_bytes(path("span.safetensors"), header_file(json, json.size(), std::string(12, 'x')));
        IPT_VERIFY_ERROR_CONTAINS(SafetensorsFile::open(path("span.safetensors").toStdString()), "tensor 'w'",
                                  "needs 16 bytes", "span 12");
    }

    void missingTensor() {
        write_safetensors(path("one.safetensors").toStdString(), {{"present", at::ones({1})}});
        auto st = SafetensorsFile::open(path("one.safetensors").toStdString());
        IPT_VERIFY_ERROR_CONTAINS(st->tensor("absent"), "one.safetensors", "missing tensor 'absent'");
    }

    void modelFolderWithMissingOrMisshapenTensor() {
        ModelConfig config = test::tiny_config();
        Decoder model = test::tiny_decoder(config);
        QTemporaryDir folder;
        const std::string f = folder.path().toStdString();
        save_hf_model(model, f);
        // Drop one tensor.
        NamedTensors without;
        for (const auto& kv : model.named_parameters())
            if (kv.first != "model.layers.1.mlp.up_proj.weight") without.push_back(kv);
        write_safetensors(f + "/model.safetensors", without);
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(f), "model.safetensors",
                                  "missing tensor 'model.layers.1.mlp.up_proj.weight'");
        // Give one tensor the wrong shape.
        NamedTensors wrong = model.named_parameters();
        for (auto& kv : wrong)
            if (kv.first == "model.norm.weight") kv.second = at::ones({config.hidden_size + 1});
        write_safetensors(f + "/model.safetensors", wrong);
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(f), "model.safetensors", "tensor 'model.norm.weight'",
                                  "shape [65]", "[64]");
    }

    void configWithMissingKey() {
        QTemporaryDir folder;
        save_hf_model(test::tiny_decoder(test::tiny_config()), folder.path().toStdString());
        write_bytes(folder.filePath("config.json"),
                    R"({"model_type":"llama","vocab_size":97,"hidden_size":64})");
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(folder.path().toStdString()), "config.json",
                                  "missing key 'intermediate_size'");
    }

    void pickleOnlyFolderIsRefused() {
        QTemporaryDir folder;
        save_hf_model(test::tiny_decoder(test::tiny_config()), folder.path().toStdString());
        QFile::remove(folder.filePath("model.safetensors"));
        write_bytes(folder.filePath("pytorch_model.bin"), "not loaded");
        IPT_VERIFY_ERROR_CONTAINS(load_hf_model(folder.path().toStdString()), "pickle", "never loaded");
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
