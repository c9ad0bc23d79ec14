#include "CliApplication.h"
#include "Translations.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The window's names, so that both find the same default store in the user's data folder.
    QCoreApplication::setOrganizationName(QStringLiteral("Handoff"));
    QCoreApplication::setApplicationName(QStringLiteral("handoff"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HANDOFF_VERSION));

    // The command line follows the system's language (LANGUAGE, LC_ALL, LANG).
    Handoff::installTranslations();

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = Handoff::CliApplication(out, err).run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return code;
}
