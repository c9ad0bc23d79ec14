#include "storage/Database.h"
#include "gui/MainWindow.h"
#include "core/Reassignment.h"
#include "StoreFixture.h"
#include "Translations.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace Handoff;

// The real window, in Spanish and back in English.
class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void windowReadsInSpanish();
    void coreMessagesReadInSpanish();
    void unknownLanguageFallsBackToEnglish();
    void cleanup();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestTranslations::cleanup()
{
    installTranslations(QStringLiteral("en"));
}

void TestTranslations::windowReadsInSpanish()
{
    QCOMPARE(installTranslations(QStringLiteral("es")), QString("es"));
    StoreFixture fx;
    QVERIFY(fx.ok());
    fx.campaign("Primavera");
    auto db = Database::open(fx.url());
    QVERIFY(db);
    MainWindow window(std::move(*db));
    window.show();
    auto* tabs = window.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(0).remove('&'), QString("Conversaciones"));
    QStringList menus;
    for (QAction* a : window.menuBar()->actions())
        menus << a->text().remove('&');
    QVERIFY2(menus.contains("Archivo"), qPrintable(menus.join(", ")));
}

void TestTranslations::coreMessagesReadInSpanish()
{
    installTranslations(QStringLiteral("es"));
    ReassignResult result;
    result.moved = 3;
    result.movedPerTarget = {{1, "Ana", 3}};
    result.skippedStatusChanged = 1;
    QCOMPARE(result.summary(), QString("Se movieron 3 conversaciones: 3 → Ana; omitidas: 1 cuyo estado cambió."));
    QCOMPARE(statusLabel(ConversationStatus::NeedsReply), QString("Necesita respuesta"));
    installTranslations(QStringLiteral("en"));
    QCOMPARE(statusLabel(ConversationStatus::NeedsReply), QString("Needs Reply"));
}

void TestTranslations::unknownLanguageFallsBackToEnglish()
{
    QCOMPARE(installTranslations(QStringLiteral("ja")), QString("en"));
    QCOMPARE(statusLabel(ConversationStatus::NotStarted), QString("Not Started"));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
