#pragma once

#include <QStringList>

namespace Handoff::Schema {

// The statements that take a store from version - 1 to version. Released
// migrations are never edited: a change to the schema is a new version.
QStringList migration(int version);

} // namespace Handoff::Schema
