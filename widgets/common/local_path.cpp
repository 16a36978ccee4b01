#include "common/local_path.h"

#include <QDir>
#include <QFile>

std::string localPath(const QString& path) {
    return QFile::encodeName(QDir::cleanPath(path)).toStdString();
}
