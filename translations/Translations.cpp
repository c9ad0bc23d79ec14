#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace Handoff {

namespace {
QPointer<QTranslator> s_handoff;
QPointer<QTranslator> s_qt;

void replace(QPointer<QTranslator>& slot, QTranslator* next)
{
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
    }
    slot = next;
    if (next)
        QCoreApplication::installTranslator(next);
}
} // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("es")};
}

QString languageSettingKey()
{
    return QStringLiteral("ui/language");
}

QString installTranslations(const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QString chosen = QStringLiteral("en");
    for (const QString& name : locale.uiLanguages()) {
        const QString base = name.section(QLatin1Char('-'), 0, 0).toLower();
        if (availableLanguages().contains(base)) {
            chosen = base;
            break;
        }
    }
    // Children of the application, so they live as long as it does.
    auto* own = new QTranslator(QCoreApplication::instance());
    if (!own->load(QStringLiteral(":/i18n/handoff_%1.qm").arg(chosen))) {
        delete own;
        own = nullptr;
    }
    replace(s_handoff, own);
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (!qt->load(QLocale(chosen), QStringLiteral("qtbase"), QStringLiteral("_"),
                  QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        delete qt;
        qt = nullptr;
    }
    replace(s_qt, qt);
    return chosen;
}

} // namespace Handoff
