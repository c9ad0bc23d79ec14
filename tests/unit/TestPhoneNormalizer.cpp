#include "core/PhoneNormalizer.h"

#include <QRandomGenerator>
#include <QElapsedTimer>
#include <QTest>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using namespace Handoff;

class TestPhoneNormalizer : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void longInputIsRefusedAtOnce();
    void searchForm_data();
    void searchForm();
    void defaultRegion();
    void plainNorthAmericanNumbersAgreeWithTheLibrary();
};

void TestPhoneNormalizer::valid_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("e164");

    QTest::newRow("international") << "US"
                                   << "+1 415 230 1001"
                                   << "+14152301001";
    QTest::newRow("dashes") << "US"
                            << "415-230-1002"
                            << "+14152301002";
    QTest::newRow("parentheses") << "US"
                                 << "(415) 230-1003"
                                 << "+14152301003";
    QTest::newRow("trunk prefix") << "US"
                                  << "1-415-230-1004"
                                  << "+14152301004";
    QTest::newRow("dots") << "US"
                          << "415.230.1005"
                          << "+14152301005";
    QTest::newRow("digits with spaces around") << "US"
                                               << "  4152301006 "
                                               << "+14152301006";
    QTest::newRow("extension dropped") << "US"
                                       << "415 230 1007 ext 5"
                                       << "+14152301007";
    QTest::newRow("letters") << "US"
                             << "1-800-FLOWERS"
                             << "+18003569377";
    QTest::newRow("UK from US") << "US"
                                << "+44 20 7946 0958"
                                << "+442079460958";
    QTest::newRow("UK by US exit code") << "US"
                                        << "011 44 20 7946 0958"
                                        << "+442079460958";
    QTest::newRow("UK national") << "GB"
                                 << "020 7946 0958"
                                 << "+442079460958";
    // libphonenumber reads the first as +5215512345678, and that as +525512345678: one
    // phone, one key, however it was written.
    QTest::newRow("Mexican mobile with the old prefixes") << "MX"
                                                          << "01 1 55 1234 5678"
                                                          << "+525512345678";
    QTest::newRow("Mexican mobile by its old international form") << "US"
                                                                  << "+52 1 55 1234 5678"
                                                                  << "+525512345678";
    QTest::newRow("Mexican mobile as dialled today") << "MX"
                                                     << "55 1234 5678"
                                                     << "+525512345678";
    QTest::newRow("region in lower case") << "gb"
                                          << "020 7946 0958"
                                          << "+442079460958";
}

void TestPhoneNormalizer::valid()
{
    QFETCH(QString, region);
    QFETCH(QString, raw);
    QFETCH(QString, e164);

    const PhoneNormalizer normalizer(region);
    QString error = "stale";
    QCOMPARE(normalizer.toE164(raw, &error).value_or("(rejected)"), e164);
    QCOMPARE(error, QString());
    QCOMPARE(normalizer.toE164(raw).value_or("(rejected)"), e164);
}

void TestPhoneNormalizer::invalid_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty") << "US"
                           << ""
                           << "no phone number";
    QTest::newRow("spaces") << "US"
                            << "   "
                            << "no phone number";
    QTest::newRow("words") << "US"
                           << "call me"
                           << "not a phone number";
    QTest::newRow("plus only") << "US"
                               << "+"
                               << "not a phone number";
    QTest::newRow("unknown country code") << "US"
                                          << "+999 123 4567"
                                          << "unknown country code";
    QTest::newRow("three digits") << "US"
                                  << "123"
                                  << "too short";
    QTest::newRow("nine digits") << "US"
                                 << "415 230 100"
                                 << "too short";
    QTest::newRow("eleven digits") << "US"
                                   << "+1 415 230 10011"
                                   << "too long";
    QTest::newRow("twenty digits") << "US"
                                   << "12345678901234567890"
                                   << "too long";
    // libphonenumber's plan for Germany allows these; E.164 does not, nor do gateways.
    QTest::newRow("German 16 digits") << "US"
                                      << "+49 30 12345678901 2"
                                      << "too long";
    QTest::newRow("German 17 digits") << "DE"
                                      << "030 123456789012"
                                      << "too long";
    QTest::newRow("no area code") << "US"
                                  << "230-1001"
                                  << "missing area code";
    QTest::newRow("no such area code") << "US"
                                       << "+1 200 230 1001"
                                       << "not a valid number for region US";
    QTest::newRow("no such exchange") << "US"
                                      << "(415) 123-4567"
                                      << "not a valid number for region US";
    QTest::newRow("UK number one digit short") << "US"
                                               << "+44 20 7946 095"
                                               << "not a valid number for region GB";
    QTest::newRow("UK national read as US") << "US"
                                            << "020 7946 0958"
                                            << "too long";
}

void TestPhoneNormalizer::invalid()
{
    QFETCH(QString, region);
    QFETCH(QString, raw);
    QFETCH(QString, reason);

    const PhoneNormalizer normalizer(region);
    QString error;
    QCOMPARE(normalizer.toE164(raw, &error).value_or("(rejected)"), QString("(rejected)"));
    QCOMPARE(error, reason);
    QCOMPARE(normalizer.toE164(raw).value_or("(rejected)"), QString("(rejected)"));
}

void TestPhoneNormalizer::longInputIsRefusedAtOnce()
{
    // libphonenumber needs seconds for a cell of 64,000 digits; a whole file of them
    // would stall an import for hours.
    const PhoneNormalizer normalizer;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 100; ++i) {
        QString error;
        QVERIFY(!normalizer.toE164(QString(64000, QLatin1Char('5')), &error));
        QCOMPARE(error, QString("too long"));
    }
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    // Formatting and an extension still fit.
    QCOMPARE(normalizer.toE164("+1 (415) 230-1001 extension 12345").value_or("(rejected)"), QString("+14152301001"));
}

void TestPhoneNormalizer::searchForm_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("form");
    QTest::newRow("whole US number") << "(415) 230-1001" << "+14152301001";
    QTest::newRow("whole number with +") << "+44 20 7946 0958" << "+442079460958";
    QTest::newRow("part of a number") << "230-10" << "23010";
    QTest::newRow("leading +") << "+1 415" << "+1415";
    QTest::newRow("a name") << "Ana" << "";
    QTest::newRow("a name with digits") << "Ana 2" << "";
    QTest::newRow("punctuation only") << " - " << "";
}

void TestPhoneNormalizer::searchForm()
{
    QFETCH(QString, typed);
    QFETCH(QString, form);
    QCOMPARE(PhoneNormalizer().searchForm(typed), form);
}

void TestPhoneNormalizer::defaultRegion()
{
    PhoneNormalizer normalizer;
    QCOMPARE(normalizer.defaultRegion(), QString("US"));
    QCOMPARE(normalizer.toE164("020 7946 0958").value_or("(rejected)"), QString("(rejected)"));

    normalizer.setDefaultRegion(" gb ");
    QCOMPARE(normalizer.defaultRegion(), QString("GB"));
    QCOMPARE(normalizer.toE164("020 7946 0958").value_or("(rejected)"), QString("+442079460958"));
    QCOMPARE(normalizer.toE164("+1 415 230 1001").value_or("(rejected)"), QString("+14152301001"));
}

void TestPhoneNormalizer::plainNorthAmericanNumbersAgreeWithTheLibrary()
{
    // Plainly written +1 numbers skip the library's general parser: whatever the
    // shortcut decides must be what the library's own parse, check and format say.
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNormalizer us;
    PhoneNormalizer gb("GB");
    QRandomGenerator rng(20261127);
    for (int i = 0; i < 1000; ++i) {
        const QString area = QString::number(rng.bounded(100, 1000));
        const QString exchange = QString::number(rng.bounded(100, 1000));
        const QString line = QString::number(rng.bounded(10000)).rightJustified(4, '0');
        const QStringList written = {"+1" + area + exchange + line, "(" + area + ") " + exchange + "-" + line,
                                     area + "." + exchange + "." + line, "1-" + area + "-" + exchange + "-" + line,
                                     "+1 " + area + " " + exchange + " " + line};
        for (const QString& raw : written) {
            for (const PhoneNormalizer* normalizer : {&us, &gb}) {
                PhoneNumber number;
                std::optional<QString> expected;
                if (util.Parse(raw.toStdString(), normalizer->defaultRegion().toStdString(), &number)
                        == PhoneNumberUtil::NO_PARSING_ERROR
                    && util.IsValidNumber(number)) {
                    std::string e164;
                    util.Format(number, PhoneNumberUtil::E164, &e164);
                    expected = QString::fromStdString(e164);
                }
                QString why;
                const std::optional<QString> actual = normalizer->toE164(raw, &why);
                QVERIFY2(actual == expected, qPrintable(QString("%1 in %2: %3, the library says %4")
                                                            .arg(raw, normalizer->defaultRegion(),
                                                                 actual.value_or(why), expected.value_or("invalid"))));
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestPhoneNormalizer)
#include "TestPhoneNormalizer.moc"
