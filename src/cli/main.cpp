#include "cli/CliApplication.h"
#include "Translations.h"
#include "cli/VisibleOutput.h"

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

    using Keep = Handoff::DisplayText::Keep;
    Handoff::VisibleOutput visibleOut(stdout, Keep::Tabs | Keep::LineFeeds);
    Handoff::VisibleOutput visibleErr(stderr, Keep::Tabs | Keep::LineFeeds | Keep::CarriageReturns);
    QTextStream out(&visibleOut);
    QTextStream err(&visibleErr);
    const int code = Handoff::CliApplication(out, err).run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return code;
}
