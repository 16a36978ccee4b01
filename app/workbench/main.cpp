// `ipt-workbench`: the Qt front-end. Sets up the application (settings, translation, LibTorch threads),
// then hands over to the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QImageReader>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "ipt/model/runtime.h"
#include "main_window.h"

namespace {

// Without a display Qt's default platform aborts; offscreen keeps headless runs (CI, smoke tests) alive.
bool fallBackToOffscreen() {
    const bool hasDisplay =
        qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
    if (hasDisplay || qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) return false;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}

QIcon applicationIcon() {
    QIcon icon;
    // The SVG is the source; the PNG renderings serve installs without Qt's SVG image plugin.
    if (QImageReader::supportedImageFormats().contains("svg")) icon.addFile(":/icons/ipt-workbench.svg");
    for (int size : {32, 64, 256}) icon.addFile(QStringLiteral(":/icons/ipt-workbench-%1.png").arg(size));
    return icon;
}

void installTranslators(QApplication& app) {
    // Parented to the application so they live as long as it does.
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), "ipt_workbench", "_", ":/i18n")) app.installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

}  // namespace

int main(int argc, char** argv) {
    const bool fellBack = fallBackToOffscreen();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("IPT Workbench");
    QApplication::setApplicationName("workbench");
    QApplication::setApplicationDisplayName("IPT Workbench");
    QApplication::setApplicationVersion(IPT_VERSION);
    QApplication::setWindowIcon(applicationIcon());
    installTranslators(app);

    if (QGuiApplication::platformName() == "offscreen")
        std::fprintf(stderr, "ipt-workbench: running offscreen (%s); no window is shown\n",
                     fellBack ? "no DISPLAY or WAYLAND_DISPLAY" : "QT_QPA_PLATFORM=offscreen");

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Workbench for Instruction Pre-Training and vocabulary expansion"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption model("model",
                             QCoreApplication::translate("main", "Open the model folder <dir> at start."),
                             QCoreApplication::translate("main", "dir"));
    QCommandLineOption quitAfter(
        "quit-after", QCoreApplication::translate("main", "Close the window after <ms> milliseconds."),
        QCoreApplication::translate("main", "ms"));
    parser.addOption(model);
    QCommandLineOption pairsFile("pairs",
                                 QCoreApplication::translate("main", "Open the pairs file <file> at start."),
                                 QCoreApplication::translate("main", "file"));
    parser.addOption(pairsFile);
    parser.addOption(quitAfter);
    parser.process(app);

    int quitAfterMs = -1;
    if (parser.isSet(quitAfter)) {
        bool ok = false;
        quitAfterMs = parser.value(quitAfter).toInt(&ok);
        if (!ok || quitAfterMs < 0) {
            std::fprintf(stderr,
                         "ipt-workbench: --quit-after expects milliseconds (a whole number >= 0), got '%s'\n",
                         qPrintable(parser.value(quitAfter)));
            return 2;
        }
    }

    ipt::init_torch_threads();

    MainWindow window;
    window.show();
    if (parser.isSet(model)) window.openModelFolder(parser.value(model));
    if (parser.isSet(pairsFile)) window.openPairsFile(parser.value(pairsFile));
    if (quitAfterMs >= 0)
        // Closing (rather than quitting) runs the same path as a user's close: settings are saved.
        QTimer::singleShot(quitAfterMs, &window, [&window, &app] {
            window.close();
            app.quit();
        });
    return app.exec();
}
