// The main window with its panels, as a user meets it: workspaces are never created without asking and
// a failed open leaves the remembered one alone; switching clears the old messages; a job failing at once
// does not hide another's progress; the pairs file and the tokenizer come back after a restart; Qt's
// own buttons and the narrow columns read right in German and Korean; a synthesis launched from the
// Run menu is listed among the jobs, opens in the pairs browser and is filed in the workspace.
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <thread>

#include "common/job_bridge.h"
#include "common/job_status_area.h"
#include "common/jobs_list.h"
#include "ipt/runs/workspace.h"
#include "launch/job_launcher.h"
#include "main_window.h"
#include "pairs/pairs_panel.h"
#include "pairs/pairs_table_model.h"
#include "results/results_panel.h"
#include "training/training_panel.h"
#include "translations.h"

namespace {

constexpr int kTimeoutMs = 30000;

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

// A job that runs until cancelled.
void endless(const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
    for (int64_t step = 0; !cancel.cancelled(); ++step) {
        ipt::report(progress, "spinning", step, 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void init();
    void failedOpenKeepsTheRememberedWorkspace();
    void plainFolderBecomesAWorkspaceOnlyWhenAsked();
    void switchingClearsTheOldMessages();
    void aFailingJobDoesNotHideAnothersProgress();
    void pairsFileAndTokenizerComeBack();
    void qtButtonsAndNarrowColumnsAreTranslated();
    void launchedSynthesisOpensAndIsListed();

  private:
    QTemporaryDir dir_;
    QString workspaceA_, workspaceB_;
};

void TestMainWindow::initTestCase() {
    QVERIFY(dir_.isValid());
    // Settings of this test only, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath("config"));
    QCoreApplication::setOrganizationName("IPT Workbench Tests");
    QCoreApplication::setApplicationName("test_main_window");
    workspaceA_ = dir_.filePath("a");
    workspaceB_ = dir_.filePath("b");
    ipt::Workspace::create(workspaceA_.toStdString());
    ipt::Workspace::create(workspaceB_.toStdString());
}

void TestMainWindow::init() {
    QSettings().clear();
}

void TestMainWindow::failedOpenKeepsTheRememberedWorkspace() {
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(workspaceA_));
        window.close();
    }
    QCOMPARE(QSettings().value("workspace").toString(), workspaceA_);
    QCOMPARE(MainWindow::startupWorkspace(), workspaceA_);
    {
        // A mistyped --workspace: an error, no workspace, and the remembered one stays.
        MainWindow window;
        window.setCreateWorkspaceQuestion([](const QString&) { return true; });
        QVERIFY(!window.openWorkspace(dir_.filePath("a-typo")));
        QVERIFY(window.currentWorkspace() == nullptr);
        QVERIFY(!QFileInfo::exists(dir_.filePath("a-typo")));
        auto* box = window.findChild<QMessageBox*>("errorBox");
        QVERIFY(box && box->text().contains("a-typo"));
        window.close();
    }
    QCOMPARE(QSettings().value("workspace").toString(), workspaceA_);
    QCOMPARE(MainWindow::startupWorkspace(), workspaceA_);
    // A remembered workspace that is gone is still named at the next start (its open says why).
    QSettings().setValue("workspace", dir_.filePath("deleted"));
    QCOMPARE(MainWindow::startupWorkspace(), dir_.filePath("deleted"));
    // After the first start the demo is not opened again, even with nothing remembered.
    QSettings().remove("workspace");
    QSettings().setValue("firstStartDone", true);
    QCOMPARE(MainWindow::startupWorkspace(), QString());
}

void TestMainWindow::plainFolderBecomesAWorkspaceOnlyWhenAsked() {
    const QString plain = dir_.filePath("photos");
    writeFile(plain + "/holiday.txt", "not a run\n");
    MainWindow window;
    QVERIFY(window.openWorkspace(workspaceA_));
    QStringList asked;
    window.setCreateWorkspaceQuestion([&](const QString& folder) {
        asked << folder;
        return false;
    });
    QVERIFY(!window.openWorkspace(plain));
    QCOMPARE(asked, QStringList({plain}));
    QVERIFY(!QFileInfo::exists(plain + "/workspace.db"));
    QCOMPARE(window.workspace(), workspaceA_);  // the open workspace stays
    window.setCreateWorkspaceQuestion([](const QString&) { return true; });
    QVERIFY(window.openWorkspace(plain));
    QVERIFY(QFileInfo::exists(plain + "/workspace.db"));
    QCOMPARE(window.workspace(), plain);
    // An existing workspace opens without a question.
    window.setCreateWorkspaceQuestion([&](const QString& folder) {
        asked << folder;
        return false;
    });
    QVERIFY(window.openWorkspace(workspaceB_));
    QCOMPARE(asked.size(), 1);
}

void TestMainWindow::switchingClearsTheOldMessages() {
    MainWindow window;
    QVERIFY(window.openWorkspace(workspaceA_));
    writeFile(dir_.filePath("bad.json"), "{\"config\": {}}");
    QVERIFY(!window.results()->importResults(dir_.filePath("bad.json"), "bad"));
    QVERIFY(!window.results()->errorMessage().isEmpty());
    window.training()->addRunDirectory(dir_.filePath("nowhere"));
    QVERIFY(!window.training()->errorMessage().isEmpty());
    window.pairs()->openFile(dir_.filePath("missing.jsonl"));
    QVERIFY(!window.pairs()->errorMessage().isEmpty());
    QVERIFY(window.openWorkspace(workspaceB_));
    QVERIFY2(window.results()->errorMessage().isEmpty(), qPrintable(window.results()->errorMessage()));
    QVERIFY(window.training()->errorMessage().isEmpty());
    QVERIFY(window.pairs()->errorMessage().isEmpty());
    auto* box = window.findChild<QMessageBox*>("errorBox");
    QVERIFY(!box || !box->isVisible());
}

void TestMainWindow::aFailingJobDoesNotHideAnothersProgress() {
    JobStatusArea area;
    JobBridge training, resume;
    area.track(&training);
    area.track(&resume);
    QVERIFY(training.start("Training tiny-run", endless));
    QTRY_VERIFY(area.text().startsWith("Training tiny-run"));
    QSignalSpy failed(&resume, &JobBridge::failed);
    QVERIFY(resume.start("Resuming other", [](const ipt::ProgressSink&, const ipt::CancelToken&) {
        throw ipt::FileError("runs/other/checkpoints/latest", "missing");
    }));
    QCOMPARE(area.shownJob(), &resume);
    QVERIFY(failed.wait(kTimeoutMs));
    QTRY_COMPARE(area.shownJob(), &training);
    QTRY_VERIFY(area.text().startsWith("Training tiny-run"));
    QSignalSpy idle(&training, &JobBridge::idle);
    training.cancel();
    QVERIFY(idle.wait(kTimeoutMs));
    QVERIFY(area.shownJob() == nullptr);
    QVERIFY(area.text().isEmpty());
}

void TestMainWindow::pairsFileAndTokenizerComeBack() {
    const QString tokenizer = QStringLiteral(IPT_FIXTURES_DIR "/llama2-tokenizer.model");
    if (!QFileInfo::exists(tokenizer)) QSKIP("missing fixture llama2-tokenizer.model");
    const QString pairs = dir_.filePath("p/pairs.jsonl");
    writeFile(pairs,
              "{\"id\": \"a\", \"text\": \"Rivers.\", \"pairs\": [{\"question\": \"What?\", \"answer\": "
              "\"Rivers.\"}]}\n");
    {
        MainWindow window;
        window.pairs()->openFile(pairs);
        QVERIFY(window.pairs()->loadTokenizer(tokenizer));
        QTRY_VERIFY_WITH_TIMEOUT(window.pairs()->hasTokenCounts(), kTimeoutMs);
        window.close();
    }
    MainWindow again;
    QCOMPARE(again.pairs()->filePath(), QDir::cleanPath(pairs));
    QCOMPARE(again.pairs()->tokenizerPath(), QDir::cleanPath(tokenizer));
    QTRY_VERIFY_WITH_TIMEOUT(again.pairs()->hasTokenCounts(),
                             kTimeoutMs);  // it was counting: it counts again
}

void TestMainWindow::qtButtonsAndNarrowColumnsAreTranslated() {
    struct Expected {
        const char* language;
        const char* ok;
        const char* cancel;
    };
    for (const Expected& e : {Expected{"de", "OK", "Abbrechen"}, Expected{"ko", "확인", "취소"}}) {
        const QList<QTranslator*> installed = installTranslators(*qApp, e.language);
        QVERIFY2(!installed.isEmpty(), e.language);
        {
            QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
            QCOMPARE(buttons.button(QDialogButtonBox::Ok)->text().remove('&'), QString::fromUtf8(e.ok));
            QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text().remove('&'),
                     QString::fromUtf8(e.cancel));
            // Every column of the pairs table is at least as wide as its translated header.
            MainWindow window;
            QHeaderView* header = window.pairs()->tableView()->horizontalHeader();
            for (int column : {int(PairsTableModel::LineColumn), int(PairsTableModel::PairsColumn),
                               int(PairsTableModel::CharsColumn), int(PairsTableModel::FlagColumn),
                               int(PairsTableModel::StatusColumn)}) {
                const QString text = window.pairs()->model()->headerData(column, Qt::Horizontal).toString();
                QVERIFY2(header->sectionSize(column) >= header->sectionSizeHint(column),
                         qPrintable(QStringLiteral("%1: %2").arg(e.language, text)));
            }
            if (QString(e.language) == "de")
                QCOMPARE(window.pairs()
                             ->model()
                             ->headerData(PairsTableModel::FlagColumn, Qt::Horizontal)
                             .toString(),
                         QString("Markierung"));
        }
        for (QTranslator* t : installed) QCoreApplication::removeTranslator(t);
        qDeleteAll(installed);
    }
}

void TestMainWindow::launchedSynthesisOpensAndIsListed() {
    MainWindow window;
    QVERIFY(window.openWorkspace(workspaceA_));
    QVERIFY(window.findChild<QAction*>("synthesizeAction"));
    QVERIFY(window.findChild<QAction*>("expandVocabularyAction"));
    const QString input = dir_.filePath("launch/raw.jsonl");
    writeFile(input, "{\"id\": 1, \"text\": \"It rained. Therefore the river rose.\"}\n");
    SynthesisLaunch launch;
    launch.input = input;
    launch.output = workspaceA_ + "/pairs/launched.jsonl";
    const int rows = window.jobsList()->rowCount();
    QVERIFY(window.launcher()->startSynthesis(launch, window.workspace()));
    QCOMPARE(window.jobsList()->rowCount(), rows + 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.pairs()->filePath(), QDir::cleanPath(launch.output), kTimeoutMs);
    QVERIFY(window.currentWorkspace()->store().find_run("launched").has_value());
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
