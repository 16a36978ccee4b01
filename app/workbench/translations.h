#pragma once
// The workbench's languages: its own strings (translations/*.ts, embedded under :/i18n) and Qt's.
#include <QList>
#include <QString>

class QCoreApplication;
class QTranslator;

// `language`: "" follows the system locale; "en" is the source language and needs no translator.
// Installs the workbench's translator and Qt's (from Qt's translations folder, when installed), both
// parented to `app`. Qt's standard button texts (OK, Cancel, ...) are in the workbench's own files as
// well, so they are translated even where Qt's translations are not installed.
// Returns the translators installed (to remove them again, as tests switching languages do).
QList<QTranslator*> installTranslators(QCoreApplication& app, const QString& language);
