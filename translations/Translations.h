#pragma once

#include <QString>
#include <QStringList>

namespace Handoff {

// The languages Handoff speaks, as locale names ("en", "es").
QStringList availableLanguages();

// Where the language chosen in the window's settings is kept (empty: the system's).
QString languageSettingKey();

// Loads Handoff's and Qt's own translations for language (a locale name such as
// "es"), or for the system locale when language is empty, replacing any loaded
// before. Returns the language in use. Call once the application object exists.
QString installTranslations(const QString& language = {});

} // namespace Handoff
