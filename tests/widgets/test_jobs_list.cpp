// The jobs dock: a job started on a bridge appears with its progress; Cancel Job stops it (the work
// sees its cancel token and returns) and the row says so; finished and failed jobs keep their rows
// until cleared.
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/job_bridge.h"
#include "common/jobs_list.h"

class TestJobsList : public QObject {
    Q_OBJECT

  private slots:
    void cancelStopsAJob();
    void keepsFinishedAndFailedRows();
};

void TestJobsList::cancelStopsAJob() {
    JobsList list;
    list.show();
    JobBridge bridge;
    list.track(&bridge);
    std::atomic<bool> returned{false};
    std::atomic<int64_t> steps{0};
    QVERIFY(bridge.start("endless", [&](const ipt::ProgressSink& progress, const ipt::CancelToken& cancel) {
        for (int64_t step = 0; step < 10'000'000; ++step) {
            cancel.throw_if_cancelled();
            steps = step;
            ipt::report(progress, "spinning", step, 10'000'000);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        returned = true;
    }));
    QCOMPARE(list.rowCount(), 1);
    QCOMPARE(list.rowTexts(0).value(0), QString("endless"));
    QTRY_COMPARE(list.rowTexts(0).value(1), QString("spinning"));
    QTRY_VERIFY(list.rowTexts(0).value(2).contains("of 10000000"));

    QSignalSpy cancelled(&bridge, &JobBridge::cancelled);
    list.selectRow(0);
    auto* cancel = list.findChild<QPushButton*>("cancelJob");
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(cancelled.wait(10000));
    QVERIFY(!bridge.isRunning());
    QVERIFY(!returned);  // it stopped by its token, not by running out of steps
    QVERIFY(steps < 10'000'000 - 1);
    QCOMPARE(list.rowTexts(0).value(1), QString("cancelled"));
    QVERIFY(!cancel->isEnabled());
}

void TestJobsList::keepsFinishedAndFailedRows() {
    JobsList list;
    JobBridge bridge;
    list.track(&bridge);
    QSignalSpy idle(&bridge, &JobBridge::idle);
    QVERIFY(bridge.start("quick", [](const ipt::ProgressSink&, const ipt::CancelToken&) {}));
    QVERIFY(idle.wait(10000));
    QVERIFY(bridge.start("broken", [](const ipt::ProgressSink&, const ipt::CancelToken&) {
        throw ipt::FileError("data/shard-0.bin", "truncated");
    }));
    QVERIFY(idle.wait(10000));
    QCOMPARE(list.rowCount(), 2);
    QCOMPARE(list.rowTexts(0).value(0), QString("broken"));  // newest first
    QCOMPARE(list.rowTexts(0).value(1), QString("failed: data/shard-0.bin: truncated"));
    QCOMPARE(list.rowTexts(1).value(1), QString("finished"));
    list.clearFinished();
    QCOMPARE(list.rowCount(), 0);
}

QTEST_MAIN(TestJobsList)
#include "test_jobs_list.moc"
