#include "common/workspace_index.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <set>

#include "common/local_path.h"
#include "common/plot_helpers.h"
#include "ipt/runs/run_store.h"

namespace {

QString fileStamp(const QFileInfo& info) {
    return info.exists() ? QStringLiteral("%1:%2:%3;")
                               .arg(info.fileName())
                               .arg(info.size())
                               .arg(info.lastModified().toMSecsSinceEpoch())
                         : QString();
}

// Expansion reports up to the depth the embeddings panel searches; deeper folders (checkpoints, data
// shards) are not walked.
void appendReportStamps(const QDir& dir, int depth, QString& signature) {
    for (const char* name : {"expansion.json", "report.json"})
        if (dir.exists(name)) signature += dir.path() + '/' + fileStamp(QFileInfo(dir.filePath(name)));
    if (depth <= 0) return;
    for (const QString& child :
         dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name))
        appendReportStamps(QDir(dir.filePath(child)), depth - 1, signature);
}

}  // namespace

QStringList indexNewRunDirectories(const QString& workspace, QStringList* problems) {
    QStringList added;
    const QDir runs(QDir(workspace).filePath("runs"));
    if (!runs.exists()) return added;
    ipt::RunStore store(localPath(workspace));
    std::set<QString> known;
    for (const ipt::RunInfo& run : store.list_runs())
        if (!run.directory.empty()) known.insert(QDir::cleanPath(QString::fromStdString(run.directory)));
    for (const QString& name : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString dir = QDir::cleanPath(runs.absoluteFilePath(name));
        if (known.count(dir) || !QFileInfo::exists(dir + "/config.toml")) continue;
        // A name taken by another run gets the folder's parent-qualified name instead of replacing it.
        std::string runName = name.toStdString();
        if (store.find_run(runName)) runName = "runs/" + runName;
        // One broken folder (a half-copied config) must not keep the others out of the index.
        try {
            added << QString::fromStdString(store.import_run(localPath(dir), runName).name);
        } catch (const std::exception& e) {
            if (problems) *problems << QString::fromUtf8(e.what());
        }
    }
    return added;
}

QString runsSignature(const QString& workspace) {
    const QDir dir(workspace);
    QString signature;
    for (const char* name : {"workspace.db", "workspace.db-wal"})
        signature += fileStamp(QFileInfo(dir.filePath(name)));
    const QDir runs(dir.filePath("runs"));
    if (runs.exists()) signature += runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name).join('|');
    return signature;
}

QString expansionsSignature(const QString& workspace) {
    QString signature;
    appendReportStamps(QDir(workspace), 3, signature);
    return signature;
}
