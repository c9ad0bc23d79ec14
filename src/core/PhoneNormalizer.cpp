#include "core/PhoneNormalizer.h"

#include "core/Limits.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>

#include <set>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace Handoff {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// E.164 allows at most 15 digits after the '+'.
constexpr std::size_t MaxE164Digits = 15;

// How many times an answer is read back before it counts as not settling (one rewrite,
// then the check, is the most fuzzing every region has found needed).
constexpr int MaxRereadings = 4;

QString tooShort()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "too short");
}

QString tooLong()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "too long");
}

QString unknownCountryCode()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "unknown country code");
}

QString parseFailure(PhoneNumberUtil::ErrorType error)
{
    switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return unknownCountryCode();
    case PhoneNumberUtil::NOT_A_NUMBER:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a phone number");
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
        return tooShort();
    case PhoneNumberUtil::TOO_LONG_NSN:
        return tooLong();
    }
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a phone number");
}

// Why a number that parsed is still not valid: the length tells most cases apart;
// a number of the right length that the numbering plan does not use gets the region.
QString invalidReason(const PhoneNumberUtil& util, const PhoneNumber& number)
{
    switch (util.IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "missing area code");
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return unknownCountryCode();
    case PhoneNumberUtil::TOO_SHORT:
        return tooShort();
    case PhoneNumberUtil::TOO_LONG:
        return tooLong();
    case PhoneNumberUtil::INVALID_LENGTH:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "wrong number of digits");
    case PhoneNumberUtil::IS_POSSIBLE:
        break;
    }
    std::string region;
    util.GetRegionCodeForCountryCode(number.country_code(), &region);
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a valid number for region %1")
        .arg(QString::fromStdString(region));
}

// libphonenumber reads a number with a general parser (regular expressions for every
// way of writing one) and then finds its region among the twenty-odd that dial +1: some
// fifteen microseconds, most of a million-row import. The North American numbers people
// export are written plainly; those are read here directly, and their validity, which
// the numbering plan decides per thousands-block (the first seven national digits;
// checked against this library's metadata for every block), is asked once per block.
// Anything else, and every invalid number, goes the library's whole way, which also
// says why.
class BlockValidity
{
public:
    std::optional<bool> find(int block)
    {
        const QMutexLocker lock(&m_mutex);
        const auto found = m_valid.constFind(block);
        return found == m_valid.cend() ? std::nullopt : std::optional<bool>(*found);
    }
    void insert(int block, bool valid)
    {
        const QMutexLocker lock(&m_mutex);
        if (m_valid.size() < MaxBlocks)
            m_valid.insert(block, valid);
    }

private:
    // A few megabytes at most, however many lists go through.
    static constexpr int MaxBlocks = 200000;
    QMutex m_mutex;
    QHash<int, bool> m_valid;
};

BlockValidity& blockValidity()
{
    static BlockValidity blocks;
    return blocks;
}

// The ten national digits of a North American number written with nothing but digits,
// spaces, dashes, dots and parentheses, after "+1" or, in a +1 region, after nothing or
// a trunk "1". The area code and the exchange start with 2-9, as they must.
std::optional<qint64> plainNorthAmerican(const QString& text, bool northAmericanRegion)
{
    qint64 digits = 0;
    int count = 0;
    bool plus = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isDigit() && c.unicode() < 128) {
            if (++count > 11)
                return std::nullopt;
            digits = digits * 10 + (c.unicode() - '0');
        } else if (c == QLatin1Char('+') && i == 0) {
            plus = true;
        } else if (c != QLatin1Char(' ') && c != QLatin1Char('-') && c != QLatin1Char('.') && c != QLatin1Char('(')
                   && c != QLatin1Char(')')) {
            return std::nullopt;
        }
    }
    constexpr qint64 TenDigits = 10'000'000'000;
    if (count == 11 && digits / TenDigits == 1)
        digits %= TenDigits;
    else if (count != 10 || plus)
        return std::nullopt;
    if (!plus && !northAmericanRegion)
        return std::nullopt;
    const qint64 areaLead = digits / 1'000'000'000;
    const qint64 exchangeLead = digits / 1'000'000 % 10;
    if (areaLead < 2 || exchangeLead < 2)
        return std::nullopt;
    return digits;
}

// Whether two readings are one number, as far as E.164 and validity go: what they are
// written from. (An extension or the raw input, which both ignore, may differ.)
bool sameNumber(const PhoneNumber& a, const PhoneNumber& b)
{
    return a.country_code() == b.country_code() && a.national_number() == b.national_number()
        && a.italian_leading_zero() == b.italian_leading_zero()
        && a.number_of_leading_zeros() == b.number_of_leading_zeros();
}

} // namespace

PhoneNormalizer::PhoneNormalizer(const QString& defaultRegion)
{
    setDefaultRegion(defaultRegion);
}

QStringList PhoneNormalizer::supportedRegions()
{
    std::set<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
    QStringList codes;
    codes.reserve(int(regions.size()));
    for (const std::string& r : regions)
        codes << QString::fromStdString(r);
    return codes;
}

int PhoneNormalizer::callingCode(const QString& region)
{
    return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region.trimmed().toUpper().toStdString());
}

void PhoneNormalizer::setDefaultRegion(const QString& region)
{
    m_defaultRegion = region.trimmed().toUpper();
    m_regionCode = m_defaultRegion.toStdString();
    m_northAmerican = PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(m_regionCode) == 1;
}

std::optional<QString> PhoneNormalizer::toE164(const QString& raw, QString* error) const
{
    const auto fail = [error](const QString& reason) -> std::optional<QString> {
        if (error)
            *error = reason;
        return std::nullopt;
    };

    const QString trimmed = raw.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("Handoff::PhoneNormalizer", "no phone number"));
    // libphonenumber's parser takes seconds on a cell of thousands of digits.
    if (trimmed.size() > Limits::MaxPhoneLength)
        return fail(tooLong());

    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    if (const std::optional<qint64> national = plainNorthAmerican(trimmed, m_northAmerican)) {
        const int block = int(*national / 1000);
        std::optional<bool> valid = blockValidity().find(block);
        if (!valid) {
            PhoneNumber number;
            number.set_country_code(1);
            number.set_national_number(quint64(*national));
            valid = util.IsValidNumber(number);
            blockValidity().insert(block, *valid);
        }
        if (*valid) {
            if (error)
                error->clear();
            return QLatin1String("+1") + QString::number(*national);
        }
    }
    const std::string text = trimmed.toStdString();
    PhoneNumber number;
    const PhoneNumberUtil::ErrorType parsed = util.Parse(text, m_regionCode, &number);
    if (parsed != PhoneNumberUtil::NO_PARSING_ERROR)
        return fail(parseFailure(parsed));
    if (!util.IsValidNumber(number))
        return fail(invalidReason(util, number));

    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    // The library does not always read its own answer back as itself: in Mexico "01 1 55
    // 1234 5678" (a trunk prefix and the mobile "1" that the plan dropped in 2019) gives
    // +5215512345678, which it then reads as +525512345678, what "55 1234 5678" gives.
    // The phone is a contact's key, so the stored form must be its own normal form: the
    // answer is read again until it stays put, and refused if a reading is not valid.
    // Written in that form already, it was just read; otherwise one more parse (some
    // 8 µs, against 24 for the first reading) says whether it names the same number.
    if (e164 != text) {
        for (int reading = 0;; ++reading) {
            PhoneNumber again;
            if (reading == MaxRereadings
                || util.Parse(e164, m_regionCode, &again) != PhoneNumberUtil::NO_PARSING_ERROR)
                return fail(invalidReason(util, number));
            if (sameNumber(again, number))
                break;
            if (!util.IsValidNumber(again))
                return fail(invalidReason(util, again));
            number = again;
            util.Format(number, PhoneNumberUtil::E164, &e164);
        }
    }
    // The library's plans allow some German numbers 16 or 17 digits long; E.164, which
    // gateways and the store's phone keys follow, allows 15.
    if (e164.size() > MaxE164Digits + 1)
        return fail(tooLong());
    if (error)
        error->clear();
    return QString::fromStdString(e164);
}

QString PhoneNormalizer::searchForm(const QString& typed) const
{
    const QString trimmed = typed.trimmed();
    QString digits;
    for (int i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c.isDigit() && c.unicode() < 128)
            digits.append(c);
        else if (c == QLatin1Char('+') && i == 0)
            digits.append(c);
        else if (c != QLatin1Char(' ') && c != QLatin1Char('-') && c != QLatin1Char('.')
            && c != QLatin1Char('(') && c != QLatin1Char(')'))
            return {};
    }
    if (digits.isEmpty() || digits == QLatin1String("+"))
        return {};
    return toE164(trimmed).value_or(digits);
}

} // namespace Handoff
