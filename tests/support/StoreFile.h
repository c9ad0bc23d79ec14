#pragma once

#include <QByteArray>
#include <QString>

namespace Handoff {

// A hash of a file's bytes: a test compares two to show a store was left untouched.
QByteArray fileDigest(const QString& path);

// Writes garbage over a SQLite store's pages as a failing disk or a copy cut short
// leaves them: the middle third of its pages, or with everyFollowingPage every page
// after the first, its schema included ("database disk image is malformed" at open).
// False when the file cannot be written or is too small to damage that way.
bool damageStoreFile(const QString& path, bool everyFollowingPage = false);

} // namespace Handoff
