#include "core/DisplayText.h"

#include <QTest>

using namespace Handoff;

// What a manager sees of text that came from outside: never a control character that
// a terminal would obey or a window would lay out.
class TestDisplayText : public QObject
{
    Q_OBJECT

private slots:
    void visible_data();
    void visible();
    void keptControls();
    void paragraphs();
};

void TestDisplayText::visible_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << QString("Ana Ruiz") << QString("Ana Ruiz");
    QTest::newRow("accents and emoji") << QString("José Núñez 👋") << QString("José Núñez 👋");
    QTest::newRow("title sequence") << QString("\x1b]0;pwned\x07hi") << QString("␛]0;pwned␇hi");
    QTest::newRow("clear screen") << QString("\x1b[2J") << QString("␛[2J");
    QTest::newRow("NUL") << QStringLiteral(u"Ana\u0000Ruiz") << QString("Ana␀Ruiz");
    QTest::newRow("tab, line feed, carriage return") << QString("a\tb\nc\rd") << QString("a␉b␊c␍d");
    QTest::newRow("DEL") << QString("a\x7f") << QString("a␡");
    QTest::newRow("C1 CSI") << QStringLiteral(u"a\u009b2Jb") << QString("a\uFFFD2Jb");
    QTest::newRow("right-to-left override")
        << QStringLiteral(u"Hi \u202Eexe.txt\u202C") << QString("Hi \uFFFDexe.txt\uFFFD");
    QTest::newRow("isolates") << QStringLiteral(u"\u2066a\u2067b\u2068c\u2069")
                              << QString("\uFFFDa\uFFFDb\uFFFDc\uFFFD");
    QTest::newRow("line and paragraph separators")
        << QStringLiteral(u"a\u2028b\u2029c") << QString("a\uFFFDb\uFFFDc");
    // Marks reorder nothing beyond their neighbours; right-to-left names need them.
    QTest::newRow("bidi marks stay") << QStringLiteral(u"\u05D0\u200F-\u200E1")
                                     << QStringLiteral(u"\u05D0\u200F-\u200E1");
}

void TestDisplayText::visible()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    const QString result = DisplayText::visible(text);
    QCOMPARE(result, shown);
    // One for one, so a table measured before printing keeps its columns.
    QCOMPARE(result.size(), text.size());
}

void TestDisplayText::keptControls()
{
    const QString text("a\tb\nc\rd\x1b");
    QCOMPARE(DisplayText::visible(text, DisplayText::Keep::Tabs | DisplayText::Keep::LineFeeds),
        QString("a\tb\nc␍d␛"));
    QCOMPARE(DisplayText::visible(text, DisplayText::Keep::CarriageReturns), QString("a␉b␊c\rd␛"));
}

void TestDisplayText::paragraphs()
{
    QCOMPARE(DisplayText::paragraphs(u"one\r\ntwo\rthree\nfour\u2028five\u2029six\tend"),
        QString("one\ntwo\nthree\nfour\nfive\nsix\tend"));
    QCOMPARE(DisplayText::paragraphs(u"\x1b[2Jbye\u202E"), QString("␛[2Jbye\uFFFD"));
}

QTEST_APPLESS_MAIN(TestDisplayText)
#include "TestDisplayText.moc"
