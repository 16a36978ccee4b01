#pragma once
// The one place a Qt path becomes the path core's file functions take: cleaned, in the local 8-bit
// encoding the file system uses (QFile::encodeName), so that non-ASCII names survive.
#include <QString>

#include <string>

std::string localPath(const QString& path);
