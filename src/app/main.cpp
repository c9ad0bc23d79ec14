#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "gui/MainWindow.h"
#include "gui/store/StoreOpening.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDialog>
#include <QIcon>
#include <QSettings>

using namespace Handoff;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Handoff"));
    QApplication::setApplicationName(QStringLiteral("handoff"));
    QApplication::setApplicationDisplayName(QStringLiteral("Handoff"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("app.handoff.Handoff"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.handoff.Handoff.svg")));

    installTranslations(QSettings().value(languageSettingKey()).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Move texting conversations between senders."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QApplication::translate("main", "The store to open: sqlite:///path/file.db or postgresql://user@host/db."),
        QStringLiteral("url"));
    parser.addOption(dbOption);
    parser.process(app);

    // A store named on the command line or in HANDOFF_DB wins; else the team server
    // opened last (File ▸ Connect to Server…); else the local file.
    std::unique_ptr<Database> store;
    const bool named = parser.isSet(dbOption) || !qEnvironmentVariableIsEmpty("HANDOFF_DB");
    if (!named)
        store = StoreOpening::openRememberedServer();
    if (!store) {
        store = StoreOpening::openNamed(parser.isSet(dbOption) ? parser.value(dbOption)
                                                                   : ConnectionString::defaultUrl());
        if (!store)
            return 1;
    }

    MainWindow window(std::move(store));
    window.show();
    return QApplication::exec();
}
