// The model playground end to end: a tiny model folder made through core, opened in the panel,
// generated from with tokens streaming in, compared with ipt::Generator run directly, cancelled; and the
// same through a completions endpoint (`ipt serve`'s server, in process), its streamed text compared
// with ipt::Generator on the served folder, its errors shown, its stream cancelled.
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/endpoint_settings_form.h"
#include "common/error_banner.h"
#include "common/job_bridge.h"
#include "in_process_server.h"
#include "ipt/model/decoder.h"
#include "ipt/model/generator.h"
#include "ipt/model/hf_folder.h"
#include "ipt/model/model_config.h"
#include "ipt/model/runtime.h"
#include "ipt/text/tokenizer.h"
#include "playground/generation_settings_form.h"
#include "playground/model_info_table.h"
#include "playground/playground_panel.h"

namespace {

constexpr int kTimeoutMs = 120000;
const char* const kPrompt = "The quick brown fox";

bool test_file_contains(const QString& path, const char* needle) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.readAll().contains(needle);
}

template <typename T>
T* child(const QWidget& parent, const char* name) {
    T* found = parent.findChild<T*>(name);
    if (!found) qFatal("no child widget named %s", name);
    return found;
}

// Clicks Cancel as the user would, as soon as the first token shows; `clicked` says that it did.
void cancelAtFirstToken(PlaygroundPanel& panel, bool* clicked) {
    auto* cancel = child<QPushButton>(panel, "cancel");
    QObject::connect(&panel, &PlaygroundPanel::tokenStreamed, &panel, [cancel, clicked] {
        if (*clicked) return;
        *clicked = true;
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
    });
}

}  // namespace

class TestPlayground : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void parsesStopStrings();
    void opensModelAndShowsConfig();
    void streamsTheGreedyTextOfTheGenerator();
    void cancelStopsALongGeneration();
    void generatesTokenIdsWithoutTokenizer();
    void reportsAFolderWithoutConfig();
    void failedOpenKeepsTheLoadedModelShown();
    void reloadsTheModelOfTheLastSession();
    void aNewerOpenWinsOverALoadUnderWay();
    void bridgeDestroyedWhileJobRuns();
    void endpointStreamsTheServedModelsGreedyText();
    void endpointSendsStopStringsAndSampling();
    void endpointCancelStopsTheStream();
    void endpointErrorsAreShown();
    void endpointRefusalShowsTheServersReason();
    void endpointSettingsRoundTripWithoutAKey();
    void storedValuesThatAreNotNumbersKeepTheDefaults();

  private:
    // The panel set to generate through `server`, its model name taken from the server's list.
    bool useEndpoint(PlaygroundPanel& panel, const InProcessServer& server);
    // ipt::Generator on the model folder directly, the prompt encoded as the server encodes text.
    ipt::Generation generateDirectly(const ipt::GenerationOptions& options);
    // Opens `folder` in `panel` and waits until it is loaded.
    bool load(PlaygroundPanel& panel, const QString& folder);
    // Clicks Generate and waits for the run to end; returns the stop reason.
    QString generateAndWait(PlaygroundPanel& panel);

    QTemporaryDir dir_;
    QString tokenizerFile_;
    QString modelFolder_;    // with tokenizer.model
    QString idsOnlyFolder_;  // without
};

void TestPlayground::initTestCase() {
    QVERIFY(dir_.isValid());
    ipt::init_torch_threads();
    tokenizerFile_ = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFileInfo::exists(tokenizerFile_))
        QSKIP(qPrintable("missing fixture " + tokenizerFile_ +
                         " (the Llama 2 tokenizer, see shared/fixtures)"));

    ipt::ModelConfig config = ipt::model_preset("tiny");
    ipt::Decoder decoder(config, at::TensorOptions().dtype(at::kFloat));
    decoder.init_weights(1234);
    modelFolder_ = dir_.filePath("tiny");
    ipt::SaveOptions save;
    save.tokenizer_file = tokenizerFile_.toStdString();
    ipt::save_hf_model(decoder, modelFolder_.toStdString(), save);
    idsOnlyFolder_ = dir_.filePath("tiny-ids");
    ipt::save_hf_model(decoder, idsOnlyFolder_.toStdString());
}

bool TestPlayground::load(PlaygroundPanel& panel, const QString& folder) {
    QSignalSpy loaded(&panel, &PlaygroundPanel::modelLoaded);
    QSignalSpy failed(&panel, &PlaygroundPanel::modelLoadFailed);
    panel.openModel(folder);
    if (!QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, kTimeoutMs)) return false;
    if (!failed.isEmpty()) qWarning("load failed: %s", qPrintable(failed.first().first().toString()));
    return loaded.count() == 1 && panel.modelFolder() == folder;
}

QString TestPlayground::generateAndWait(PlaygroundPanel& panel) {
    QSignalSpy finished(&panel, &PlaygroundPanel::generationFinished);
    auto* generate = child<QPushButton>(panel, "generate");
    if (!generate->isEnabled()) return "generate disabled";
    QTest::mouseClick(generate, Qt::LeftButton);
    if (!finished.wait(kTimeoutMs)) return "timed out";
    return finished.first().first().toString();
}

void TestPlayground::parsesStopStrings() {
    const QStringList parsed = GenerationSettingsForm::parseStopStrings(" </END> , a\\, b,\\n\\n,, x\\\\y ");
    QCOMPARE(parsed, QStringList({"</END>", "a, b", "\n\n", "x\\y"}));
}

void TestPlayground::opensModelAndShowsConfig() {
    PlaygroundPanel panel;
    panel.show();
    auto* generate = child<QPushButton>(panel, "generate");
    QVERIFY(!generate->isEnabled());

    QVERIFY(load(panel, modelFolder_));
    QVERIFY(panel.hasTokenizer());
    QVERIFY(panel.errorMessage().isEmpty());
    const ModelInfoTable* info = panel.modelInfo();
    QCOMPARE(info->value("vocab_size"), QString("32000"));
    QCOMPARE(info->value("num_hidden_layers"), QString("2"));
    QCOMPARE(info->value("hidden_size"), QString("64"));
    QCOMPARE(info->value("num_attention_heads"), QString("4"));
    QCOMPARE(info->value("num_key_value_heads"), QString("2"));
    QVERIFY(info->value("tokenizer").contains("32"));
    QTRY_VERIFY(generate->isEnabled());
    QVERIFY(!child<QPushButton>(panel, "cancel")->isEnabled());
}

void TestPlayground::streamsTheGreedyTextOfTheGenerator() {
    constexpr int kMaxNewTokens = 8;
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(load(panel, modelFolder_));
    panel.setPrompt(kPrompt);
    panel.generationSettings()->setMaxNewTokens(kMaxNewTokens);
    panel.generationSettings()->setGreedy(true);
    panel.generationSettings()->setStopAtEos(false);

    // What the output showed each time a token arrived: it must grow while the job runs.
    QList<int> lengths;
    QString lastStreamed;
    connect(&panel, &PlaygroundPanel::tokenStreamed, this, [&] {
        lastStreamed = panel.outputText();
        lengths << lastStreamed.size();
    });
    QCOMPARE(generateAndWait(panel), QString("max_tokens"));
    QCOMPARE(panel.tokensGenerated(), qint64(kMaxNewTokens));
    QCOMPARE(lengths.size(), kMaxNewTokens);
    for (int i = 1; i < lengths.size(); ++i) QVERIFY(lengths[i] >= lengths[i - 1]);
    QVERIFY(lengths.last() > lengths.first());
    QVERIFY(child<QLabel>(panel, "generationStats")->text().contains(QString::number(kMaxNewTokens)));

    // The independent path: the same folder through core alone.
    ipt::LoadedModel loaded = ipt::load_hf_model(modelFolder_.toStdString());
    auto tokenizer = ipt::load_tokenizer(modelFolder_.toStdString() + "/tokenizer.model");
    ipt::EncodeOptions encode;
    encode.add_bos = true;
    encode.parse_special = true;
    ipt::GenerationOptions options;
    options.max_new_tokens = kMaxNewTokens;
    options.sampling.greedy = true;
    options.stop_at_eos = false;
    ipt::Generator generator(*loaded.model, tokenizer.get());
    const ipt::Generation direct = generator.generate({tokenizer->encode(kPrompt, encode)}, options).front();
    QCOMPARE(int(direct.tokens.size()), kMaxNewTokens);
    const QString expected = QString::fromStdString(direct.text);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(lastStreamed, expected);
    QCOMPARE(panel.outputText(), expected);
    QVERIFY(child<QPushButton>(panel, "generate")->isEnabled());
}

void TestPlayground::cancelStopsALongGeneration() {
    constexpr int kMaxNewTokens = 400;
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(load(panel, modelFolder_));
    panel.setPrompt(kPrompt);
    panel.generationSettings()->setMaxNewTokens(kMaxNewTokens);
    panel.generationSettings()->setGreedy(true);
    panel.generationSettings()->setStopAtEos(false);

    bool clicked = false;
    cancelAtFirstToken(panel, &clicked);
    QCOMPARE(generateAndWait(panel), QString("cancelled"));
    QVERIFY(clicked);
    QVERIFY2(panel.tokensGenerated() < kMaxNewTokens / 2,
             qPrintable(QString("%1 tokens after cancel").arg(panel.tokensGenerated())));
    QVERIFY(child<QLabel>(panel, "generationStats")->text().contains("cancelled"));

    // Usable again: Generate is back and a short run completes.
    QTRY_VERIFY(child<QPushButton>(panel, "generate")->isEnabled());
    QVERIFY(!child<QPushButton>(panel, "cancel")->isEnabled());
    QVERIFY(!panel.isBusy());
    disconnect(&panel, &PlaygroundPanel::tokenStreamed, &panel, nullptr);
    panel.generationSettings()->setMaxNewTokens(4);
    QCOMPARE(generateAndWait(panel), QString("max_tokens"));
    QCOMPARE(panel.tokensGenerated(), qint64(4));
}

void TestPlayground::generatesTokenIdsWithoutTokenizer() {
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(load(panel, idsOnlyFolder_));
    QVERIFY(!panel.hasTokenizer());
    QVERIFY(panel.modelInfo()->value("tokenizer").startsWith("none"));
    panel.generationSettings()->setMaxNewTokens(5);
    panel.generationSettings()->setGreedy(true);
    panel.generationSettings()->setStopAtEos(false);

    panel.setPrompt("1, 450, x");
    QSignalSpy finished(&panel, &PlaygroundPanel::generationFinished);
    QTest::mouseClick(child<QPushButton>(panel, "generate"), Qt::LeftButton);
    QVERIFY(panel.errorMessage().contains("'x'"));
    QVERIFY(!panel.isBusy());

    panel.setPrompt("1, 450, 4996");
    QCOMPARE(generateAndWait(panel), QString("max_tokens"));
    QVERIFY(panel.errorMessage().isEmpty());

    ipt::LoadedModel loaded = ipt::load_hf_model(idsOnlyFolder_.toStdString());
    ipt::GenerationOptions options;
    options.max_new_tokens = 5;
    options.stop_at_eos = false;
    const ipt::Generation direct = ipt::Generator(*loaded.model).generate({{1, 450, 4996}}, options).front();
    QStringList ids;
    for (int32_t id : direct.tokens) ids << QString::number(id);
    QCOMPARE(panel.outputText(), ids.join(", "));
}

void TestPlayground::reportsAFolderWithoutConfig() {
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    PlaygroundPanel panel;
    panel.show();
    QSignalSpy failed(&panel, &PlaygroundPanel::modelLoadFailed);
    panel.openModel(empty.path());
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY2(panel.errorMessage().contains("config.json"), qPrintable(panel.errorMessage()));
    QVERIFY(child<QLabel>(panel, "errorMessage")->isVisible());
    QVERIFY(!panel.hasModel());
    QTRY_VERIFY(!panel.isBusy());
    QVERIFY(!child<QPushButton>(panel, "generate")->isEnabled());
    QVERIFY(child<QPushButton>(panel, "openModel")->isEnabled());
}

void TestPlayground::failedOpenKeepsTheLoadedModelShown() {
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(load(panel, modelFolder_));
    QTemporaryDir empty;
    QSignalSpy failed(&panel, &PlaygroundPanel::modelLoadFailed);
    panel.openModel(empty.path());
    QVERIFY(failed.wait(kTimeoutMs));
    QTRY_VERIFY(!panel.isBusy());
    // The model that answers is the one the field names, and the error says so.
    QCOMPARE(panel.modelFolder(), modelFolder_);
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(panel, "modelFolder")->text()), modelFolder_);
    QVERIFY2(panel.errorMessage().contains(empty.path()) && panel.errorMessage().contains(modelFolder_) &&
                 panel.errorMessage().contains("stays loaded"),
             qPrintable(panel.errorMessage()));
    QVERIFY(panel.hasModel());
    QVERIFY(child<QPushButton>(panel, "generate")->isEnabled());
}

void TestPlayground::reloadsTheModelOfTheLastSession() {
    const QString file = dir_.filePath("session.ini");
    {
        PlaygroundPanel panel;
        QVERIFY(load(panel, modelFolder_));
        QSettings settings(file, QSettings::IniFormat);
        panel.saveSettings(settings);
    }
    PlaygroundPanel restored;
    QSignalSpy loaded(&restored, &PlaygroundPanel::modelLoaded);
    QSettings settings(file, QSettings::IniFormat);
    restored.restoreSettings(settings);
    QVERIFY(loaded.count() == 1 || loaded.wait(kTimeoutMs));
    QCOMPARE(restored.modelFolder(), modelFolder_);
    QVERIFY(restored.hasTokenizer());

    // A session that ended on an endpoint loads no local model at start; choosing the local source
    // later opens the remembered one.
    QSettings onEndpoint(dir_.filePath("endpoint-session.ini"), QSettings::IniFormat);
    onEndpoint.setValue("source", "endpoint");
    onEndpoint.setValue("loadedModel", modelFolder_);
    PlaygroundPanel served;
    QSignalSpy servedLoaded(&served, &PlaygroundPanel::modelLoaded);
    served.restoreSettings(onEndpoint);
    QVERIFY(!servedLoaded.wait(300));
    QVERIFY(!served.hasModel());
    served.setSource(PlaygroundPanel::Source::LocalModel);
    QVERIFY(servedLoaded.count() == 1 || servedLoaded.wait(kTimeoutMs));
    QCOMPARE(served.modelFolder(), modelFolder_);

    // A model folder that is gone is named, not silently forgotten.
    QSettings gone(dir_.filePath("gone.ini"), QSettings::IniFormat);
    gone.setValue("loadedModel", dir_.filePath("deleted-model"));
    PlaygroundPanel other;
    other.restoreSettings(gone);
    QVERIFY2(other.errorMessage().contains("deleted-model"), qPrintable(other.errorMessage()));
    QVERIFY(!other.hasModel());
}

void TestPlayground::aNewerOpenWinsOverALoadUnderWay() {
    // What a start does with a remembered model and a --model: the second open replaces the first.
    PlaygroundPanel panel;
    QSignalSpy loaded(&panel, &PlaygroundPanel::modelLoaded);
    QSignalSpy failed(&panel, &PlaygroundPanel::modelLoadFailed);
    panel.openModel(modelFolder_);
    panel.openModel(idsOnlyFolder_);
    QTRY_VERIFY_WITH_TIMEOUT(panel.modelFolder() == idsOnlyFolder_ && !panel.isBusy(), kTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!panel.hasTokenizer());
    QVERIFY(panel.errorMessage().isEmpty());
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(panel, "modelFolder")->text()), idsOnlyFolder_);
}

void TestPlayground::bridgeDestroyedWhileJobRuns() {
    std::atomic<bool> stopped{false};
    auto* bridge = new JobBridge;
    QVERIFY(bridge->start("endless", [&](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
        for (int64_t step = 0; !cancel.cancelled(); ++step) {
            ipt::report(progress, "spinning", step, 0);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        stopped = true;
    }));
    QVERIFY(bridge->isRunning());
    QVERIFY(!bridge->start("second", [](const ipt::ProgressSink&, const ipt::CancelToken&) {}));
    QTest::qWait(50);  // let progress calls queue up for the bridge
    delete bridge;     // cancels and joins: the queued calls die with it
    QVERIFY(stopped);
    QTest::qWait(20);
}

bool TestPlayground::useEndpoint(PlaygroundPanel& panel, const InProcessServer& server) {
    panel.setSource(PlaygroundPanel::Source::Endpoint);
    ipt::EndpointSettings settings = server.endpoint("");
    panel.endpointSettings()->setSettings(settings);
    QSignalSpy listed(panel.endpointSettings(), &EndpointSettingsForm::modelsListed);
    QTest::mouseClick(child<QPushButton>(panel, "listModels"), Qt::LeftButton);
    if (!listed.wait(kTimeoutMs)) return false;
    return listed.first().first().toStringList() == QStringList{"tiny"} &&
           panel.endpointSettings()->settings().model == "tiny";
}

ipt::Generation TestPlayground::generateDirectly(const ipt::GenerationOptions& options) {
    ipt::LoadedModel loaded = ipt::load_hf_model(modelFolder_.toStdString());
    auto tokenizer = ipt::load_tokenizer(modelFolder_.toStdString() + "/tokenizer.model");
    ipt::EncodeOptions encode;  // what a server does with a text prompt: BOS, special tokens read
    encode.add_bos = true;
    encode.parse_special = true;
    ipt::Generator generator(*loaded.model, tokenizer.get());
    return generator.generate({tokenizer->encode(kPrompt, encode)}, options).front();
}

void TestPlayground::endpointStreamsTheServedModelsGreedyText() {
    constexpr int kMaxNewTokens = 8;
    InProcessServer server;
    QVERIFY2(server.start(modelFolder_.toStdString()), server.error().c_str());
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(useEndpoint(panel, server));
    QVERIFY(child<QPushButton>(panel, "generate")->isEnabled());  // no local model needed
    QVERIFY(!panel.hasModel());
    panel.setPrompt(kPrompt);
    panel.generationSettings()->setMaxNewTokens(kMaxNewTokens);
    panel.generationSettings()->setGreedy(true);

    QList<int> lengths;
    QString lastStreamed;
    connect(&panel, &PlaygroundPanel::tokenStreamed, this, [&] {
        lastStreamed = panel.outputText();
        lengths << lastStreamed.size();
    });
    const QString reason = generateAndWait(panel);
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));

    // The independent path: the served folder through core alone, with the server's own defaults
    // (it stops at EOS; the API has no switch for that).
    ipt::GenerationOptions options;
    options.max_new_tokens = kMaxNewTokens;
    options.sampling.greedy = true;
    const ipt::Generation direct = generateDirectly(options);
    const QString expected = QString::fromStdString(direct.text);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(panel.outputText(), expected);
    QCOMPARE(lastStreamed, expected);  // the stream alone already showed all of it
    QVERIFY(lengths.size() > 1);
    for (int i = 1; i < lengths.size(); ++i) QVERIFY(lengths[i] >= lengths[i - 1]);
    QCOMPARE(panel.tokensGenerated(), qint64(direct.tokens.size()));
    // finish_reason "length" is max_tokens, "stop" without stop strings is eos.
    QCOMPARE(reason, direct.reason == ipt::StopReason::Eos ? QString("eos") : QString("max_tokens"));
    QVERIFY(child<QLabel>(panel, "generationStats")->text().contains(QString::number(direct.tokens.size())));
    QVERIFY(child<QPushButton>(panel, "generate")->isEnabled());
}

void TestPlayground::endpointSendsStopStringsAndSampling() {
    InProcessServer server;
    QVERIFY2(server.start(modelFolder_.toStdString()), server.error().c_str());
    PlaygroundPanel panel;
    QVERIFY(useEndpoint(panel, server));
    panel.setPrompt(kPrompt);

    // Sampled, seeded: the server draws what the local engine draws for the same settings.
    ipt::GenerationOptions sampled;
    sampled.max_new_tokens = 12;
    sampled.sampling.greedy = false;
    sampled.sampling.temperature = 0.9f;
    sampled.sampling.top_k = 50;
    sampled.sampling.top_p = 0.9f;
    sampled.sampling.seed = 11;
    QSettings form(dir_.filePath("sampled.ini"), QSettings::IniFormat);
    form.setValue("maxNewTokens", 12);
    form.setValue("greedy", false);
    form.setValue("temperature", 0.9);
    form.setValue("topK", 50);
    form.setValue("topP", 0.9);
    form.setValue("seed", 11);
    panel.generationSettings()->restoreSettings(form);
    QCOMPARE(panel.generationSettings()->options().sampling, sampled.sampling);
    generateAndWait(panel);
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));
    const QString sampledText = QString::fromStdString(generateDirectly(sampled).text);
    QCOMPARE(panel.outputText(), sampledText);
    ipt::GenerationOptions greedyTwelve;
    greedyTwelve.max_new_tokens = 12;
    QVERIFY(sampledText != QString::fromStdString(generateDirectly(greedyTwelve).text));  // sampling was sent

    // A stop string from the middle of the greedy text: the server cuts there, as the local engine does.
    ipt::GenerationOptions greedy;
    greedy.max_new_tokens = 16;
    const QString full = QString::fromStdString(generateDirectly(greedy).text);
    // Two letters from the second half, so that the form's list syntax (commas, escapes, trimmed
    // spaces) leaves them as they are.
    QString stop;
    for (int i = full.size() / 2; i + 1 < full.size() && stop.isEmpty(); ++i)
        if (full[i].isLetter() && full[i + 1].isLetter()) stop = full.mid(i, 2);
    if (stop.isEmpty()) QSKIP(qPrintable("no two letters in a row in the greedy text: " + full));
    greedy.stop_strings = {stop.toStdString()};
    const ipt::Generation cut = generateDirectly(greedy);
    QVERIFY(cut.reason == ipt::StopReason::StopString);
    QVERIFY(cut.text.size() < size_t(full.toStdString().size()));
    panel.generationSettings()->setGreedy(true);
    panel.generationSettings()->setMaxNewTokens(16);
    child<QLineEdit>(panel, "stopStrings")->setText(stop);
    QCOMPARE(panel.generationSettings()->stopStrings(), QStringList{stop});
    // "stop" with stop strings sent: the API does not tell a stop string from the end of sequence.
    QCOMPARE(generateAndWait(panel), QString("stop"));
    QCOMPARE(panel.outputText(), QString::fromStdString(cut.text));
}

void TestPlayground::endpointCancelStopsTheStream() {
    constexpr int kMaxNewTokens = 400;
    InProcessServer server;
    QVERIFY2(server.start(modelFolder_.toStdString()), server.error().c_str());
    PlaygroundPanel panel;
    panel.show();
    QVERIFY(useEndpoint(panel, server));
    panel.setPrompt(kPrompt);
    panel.generationSettings()->setMaxNewTokens(kMaxNewTokens);
    panel.generationSettings()->setGreedy(true);

    bool clicked = false;
    cancelAtFirstToken(panel, &clicked);
    QCOMPARE(generateAndWait(panel), QString("cancelled"));
    QVERIFY(clicked);
    QVERIFY(panel.errorMessage().isEmpty());
    QVERIFY2(panel.tokensGenerated() < kMaxNewTokens / 2,
             qPrintable(QString("%1 pieces after cancel").arg(panel.tokensGenerated())));
    QVERIFY(child<QLabel>(panel, "generationStats")->text().contains("cancelled"));

    // The server and the panel go on: a short run completes.
    QTRY_VERIFY(child<QPushButton>(panel, "generate")->isEnabled());
    disconnect(&panel, &PlaygroundPanel::tokenStreamed, &panel, nullptr);
    panel.generationSettings()->setMaxNewTokens(4);
    const QString reason = generateAndWait(panel);
    QVERIFY2(reason == "max_tokens" || reason == "eos", qPrintable(reason));
    QVERIFY(panel.tokensGenerated() <= 4 && panel.tokensGenerated() > 0);
}

void TestPlayground::endpointErrorsAreShown() {
    PlaygroundPanel panel;
    panel.show();
    panel.setSource(PlaygroundPanel::Source::Endpoint);
    panel.setPrompt(kPrompt);
    auto* generate = child<QPushButton>(panel, "generate");
    ipt::EndpointSettings settings;
    settings.base_url = "localhost:8000/v1";  // no scheme
    settings.model = "tiny";
    settings.retries = 0;
    panel.endpointSettings()->setSettings(settings);
    QTest::mouseClick(generate, Qt::LeftButton);
    QVERIFY(!panel.isBusy());
    QVERIFY2(panel.errorMessage().contains("base URL") && panel.errorMessage().contains("localhost:8000"),
             qPrintable(panel.errorMessage()));
    QVERIFY(child<QLabel>(panel, "errorMessage")->isVisible());

    settings.base_url = "http://127.0.0.1:1/v1";
    settings.model.clear();
    panel.endpointSettings()->setSettings(settings);
    QTest::mouseClick(generate, Qt::LeftButton);
    QVERIFY(!panel.isBusy());
    QVERIFY2(panel.errorMessage().contains("model name"), qPrintable(panel.errorMessage()));

    // A server that went away: one attempt (retries 0), then the banner says so; the panel goes on.
    ipt::EndpointSettings gone;
    {
        InProcessServer server;
        QVERIFY2(server.start(modelFolder_.toStdString()), server.error().c_str());
        gone = server.endpoint();
        server.stop();
    }
    panel.endpointSettings()->setSettings(gone);
    QCOMPARE(generateAndWait(panel), QString("failed"));
    QVERIFY2(panel.errorMessage().contains("unavailable") &&
                 panel.errorMessage().contains(QString::fromStdString(gone.base_url).section('/', 0, 2)),
             qPrintable(panel.errorMessage()));
    QTRY_VERIFY(generate->isEnabled());

    // Listing the models of the absent server: the banner again, no job left behind.
    QSignalSpy listed(panel.endpointSettings(), &EndpointSettingsForm::modelsListed);
    QTest::mouseClick(child<QPushButton>(panel, "listModels"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.endpointSettings()->jobBridge()->isRunning(), kTimeoutMs);
    QCOMPARE(listed.count(), 0);
    QVERIFY2(panel.errorMessage().contains("list the endpoint's models"), qPrintable(panel.errorMessage()));
}

void TestPlayground::endpointRefusalShowsTheServersReason() {
    InProcessServer server;
    QVERIFY2(server.start(modelFolder_.toStdString()), server.error().c_str());
    PlaygroundPanel panel;
    QVERIFY(useEndpoint(panel, server));
    // Longer than the tiny model's 512 positions: the server refuses it (400) and says why; a refusal
    // is final, so it comes back after one attempt whatever the retries.
    ipt::EndpointSettings settings = panel.endpointSettings()->settings();
    settings.retries = 3;
    panel.endpointSettings()->setSettings(settings);
    panel.setPrompt(QString("word ").repeated(600));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(generateAndWait(panel), QString("failed"));
    QVERIFY(timer.elapsed() < 5000);  // retried, it would pause 1 + 2 + 4 s first
    QVERIFY2(panel.errorMessage().contains("refused") && panel.errorMessage().contains("HTTP 400") &&
                 panel.errorMessage().contains("context is 512"),
             qPrintable(panel.errorMessage()));
    QVERIFY(panel.outputText().isEmpty());
}

void TestPlayground::endpointSettingsRoundTripWithoutAKey() {
    const QString file = dir_.filePath("endpoint.ini");
    qputenv("IPT_TEST_PLAYGROUND_KEY", "sk-do-not-store-me");
    ipt::EndpointSettings settings;
    settings.base_url = "http://gpu-node:8000/v1";
    settings.model = "synthesizer-7b";
    settings.api_key_env = "IPT_TEST_PLAYGROUND_KEY";
    settings.retries = 2;
    settings.timeout_seconds = 90;
    {
        PlaygroundPanel panel;
        panel.setSource(PlaygroundPanel::Source::Endpoint);
        panel.endpointSettings()->setSettings(settings);
        QVERIFY(child<QLabel>(panel, "endpointKeyStatus")->text() == "set");
        QSettings out(file, QSettings::IniFormat);
        panel.saveSettings(out);
    }
    QVERIFY(!test_file_contains(file, "sk-do-not-store-me"));
    PlaygroundPanel restored;
    QSettings in(file, QSettings::IniFormat);
    restored.restoreSettings(in);
    QCOMPARE(restored.source(), PlaygroundPanel::Source::Endpoint);
    const ipt::EndpointSettings back = restored.endpointSettings()->settings();
    QCOMPARE(back.base_url, settings.base_url);
    QCOMPARE(back.model, settings.model);
    QCOMPARE(back.api_key_env, settings.api_key_env);
    QCOMPARE(back.retries, settings.retries);
    QCOMPARE(back.timeout_seconds, settings.timeout_seconds);
    qunsetenv("IPT_TEST_PLAYGROUND_KEY");
}

// A settings file edited by hand: a value that is not a number leaves the form's default in place
// (read as 0 it would have turned max new tokens and the timeout into their minimum); a number is used.
void TestPlayground::storedValuesThatAreNotNumbersKeepTheDefaults() {
    QSettings file(dir_.filePath("hand-edited.ini"), QSettings::IniFormat);
    file.setValue("maxNewTokens", "many");
    file.setValue("temperature", "warm");
    file.setValue("seed", 42);
    file.setValue("retries", "a few");
    file.setValue("timeoutSeconds", "");
    const GenerationSettingsForm fresh;
    GenerationSettingsForm form;
    form.restoreSettings(file);
    QCOMPARE(form.maxNewTokens(), fresh.maxNewTokens());
    QCOMPARE(form.options().sampling.temperature, fresh.options().sampling.temperature);
    QCOMPARE(form.options().sampling.seed, uint64_t(42));
    const EndpointSettingsForm freshEndpoint;
    EndpointSettingsForm endpoint;
    endpoint.restoreSettings(file);
    QCOMPARE(endpoint.settings().retries, freshEndpoint.settings().retries);
    QCOMPARE(endpoint.settings().timeout_seconds, freshEndpoint.settings().timeout_seconds);

    // Numbers a box cannot hold: beyond int's range clamps to the box's maximum; nan and inf keep
    // the default.
    QSettings odd(dir_.filePath("odd-numbers.ini"), QSettings::IniFormat);
    odd.setValue("maxNewTokens", "99999999999");
    odd.setValue("temperature", "nan");
    odd.setValue("timeoutSeconds", "inf");
    GenerationSettingsForm clamped;
    clamped.restoreSettings(odd);
    QCOMPARE(clamped.maxNewTokens(), child<QSpinBox>(clamped, "maxNewTokens")->maximum());
    QCOMPARE(clamped.options().sampling.temperature, fresh.options().sampling.temperature);
    EndpointSettingsForm unbounded;
    unbounded.restoreSettings(odd);
    QCOMPARE(unbounded.settings().timeout_seconds, freshEndpoint.settings().timeout_seconds);
}

QTEST_MAIN(TestPlayground)
#include "test_playground.moc"
