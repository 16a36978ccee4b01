#pragma once
// A "recent" submenu backed by QSettings: the last few paths of one kind (workspaces, model folders,
// run configs, expansions, pairs files), newest first, each opening itself again, with Clear List at
// the end. Every panel and the main window keep their recent paths in one of these.
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QMenu;
class QSettings;

class RecentList : public QObject {
    Q_OBJECT

  public:
    // `key` names the QSettings value; `open` is called with a path chosen from the menu.
    RecentList(QMenu* menu, QString key, std::function<void(const QString&)> open, QObject* parent = nullptr);

    void add(const QString& path);
    QStringList paths() const { return paths_; }
    QMenu* menu() const { return menu_; }
    void save(QSettings& settings) const;
    void restore(QSettings& settings);

  private:
    void rebuild();

    QMenu* menu_;
    QString key_;
    std::function<void(const QString&)> open_;
    QStringList paths_;
};
