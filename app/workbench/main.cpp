// `ipt-workbench`: the Qt front-end. Sets up the application (settings, translation, LibTorch threads),
// then hands over to the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QImageReader>
#include <QTimer>

#include <cstdio>

#include "ipt/common/error.h"
#include "ipt/model/runtime.h"
#include "main_window.h"
#include "settings_dialog.h"
#include "translations.h"

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

// --language is read before the parser runs, because the parser's help texts must already be translated.
QString languageArgument(const QStringList& arguments) {
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i].startsWith("--language=")) return arguments[i].section('=', 1);
        if (arguments[i] == "--language" && i + 1 < arguments.size()) return arguments[i + 1];
    }
    return SettingsDialog::savedLanguage();
}

bool parseMilliseconds(const QCommandLineParser& parser, const QCommandLineOption& option, int* ms) {
    if (!parser.isSet(option)) return true;
    bool ok = false;
    *ms = parser.value(option).toInt(&ok);
    if (ok && *ms >= 0) return true;
    std::fprintf(stderr, "ipt-workbench: --%s expects milliseconds (a whole number >= 0), got '%s'\n",
                 qPrintable(option.names().first()), qPrintable(parser.value(option)));
    return false;
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
    const QString language = languageArgument(QCoreApplication::arguments());
    if (!language.isEmpty() && !SettingsDialog::languages().contains(language)) {
        std::fprintf(stderr, "ipt-workbench: unknown --language '%s' (known: en, de, ko)\n",
                     qPrintable(language));
        return 2;
    }
    installTranslators(app, language);

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
    QCommandLineOption workspace(
        "workspace",
        QCoreApplication::translate("main",
                                    "Open the workspace folder <dir> (default: the last one, or the "
                                    "demo workspace on first start)."),
        QCoreApplication::translate("main", "dir"));
    QCommandLineOption screenshots(
        "screenshots",
        QCoreApplication::translate("main",
                                    "Write a PNG of each panel to <dir>, then quit (after --quit-after "
                                    "milliseconds, default 3000)."),
        QCoreApplication::translate("main", "dir"));
    QCommandLineOption languageOption(
        "language", QCoreApplication::translate("main", "Interface language for this start: en, de or ko."),
        QCoreApplication::translate("main", "code"));
    parser.addOption(model);
    parser.addOption(quitAfter);
    parser.addOption(workspace);
    parser.addOption(screenshots);
    parser.addOption(languageOption);
    QCommandLineOption pairsFile("pairs",
                                 QCoreApplication::translate("main", "Open the pairs file <file> at start."),
                                 QCoreApplication::translate("main", "file"));
    parser.addOption(pairsFile);
    parser.process(app);

    int quitAfterMs = -1;
    if (!parseMilliseconds(parser, quitAfter, &quitAfterMs)) return 2;
    const QString screenshotFolder = parser.value(screenshots);
    if (parser.isSet(screenshots) && quitAfterMs < 0) quitAfterMs = 3000;

    ipt::init_torch_threads();

    MainWindow window;
    window.show();
    const QString workspaceFolder =
        parser.isSet(workspace) ? parser.value(workspace) : MainWindow::startupWorkspace();
    if (!workspaceFolder.isEmpty() && !window.openWorkspace(workspaceFolder) && parser.isSet(workspace)) {
        std::fprintf(stderr, "ipt-workbench: could not open the workspace %s\n", qPrintable(workspaceFolder));
        if (parser.isSet(screenshots)) return 1;
    }
    if (parser.isSet(model)) window.openModelFolder(parser.value(model));
    if (parser.isSet(pairsFile)) window.openPairsFile(parser.value(pairsFile));
    int exitCode = 0;
    if (quitAfterMs >= 0)
        // Closing (rather than quitting) runs the same path as a user's close: settings are saved.
        QTimer::singleShot(quitAfterMs, &window, [&] {
            if (!screenshotFolder.isEmpty()) {
                try {
                    for (const QString& file : window.saveScreenshots(screenshotFolder))
                        std::printf("screenshot %s\n", qPrintable(QDir::toNativeSeparators(file)));
                    std::fflush(stdout);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "ipt-workbench: %s\n", e.what());
                    exitCode = 1;
                }
            }
            window.close();
            app.quit();
        });
    const int status = app.exec();
    return exitCode != 0 ? exitCode : status;
}
