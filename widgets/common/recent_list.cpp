#include "common/recent_list.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
constexpr int kMaxRecent = 8;
}

RecentList::RecentList(QMenu* menu, QString key, std::function<void(const QString&)> open, QObject* parent)
    : QObject(parent), menu_(menu), key_(std::move(key)), open_(std::move(open)) {
    rebuild();
}

void RecentList::add(const QString& path) {
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    paths_.removeAll(clean);
    paths_.prepend(clean);
    while (paths_.size() > kMaxRecent) paths_.removeLast();
    rebuild();
}

void RecentList::save(QSettings& settings) const {
    settings.setValue(key_, paths_);
}

void RecentList::restore(QSettings& settings) {
    paths_ = settings.value(key_).toStringList();
    rebuild();
}

void RecentList::rebuild() {
    menu_->clear();
    for (const QString& path : paths_) {
        QAction* action = menu_->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { open_(path); });
    }
    if (!paths_.isEmpty()) {
        menu_->addSeparator();
        menu_->addAction(tr("Clear List"), this, [this] {
            paths_.clear();
            rebuild();
        });
    }
    menu_->setEnabled(!paths_.isEmpty());
}
